import CreditMetrics
/// The same configurations cross-validated on several datasets, compared as Demšar (2006, JMLR 7:1–30)
/// recommends: each dataset contributes one row, the mean over its folds of `metric` per configuration;
/// the configurations are ranked within each dataset and compared by the Friedman test, the Nemenyi critical
/// difference and Holm-corrected pairwise z tests at α = 1 − the confidence level.
///
/// With fewer than `minimumDatasets` datasets the test still runs (its ranks describe the data) but `warning`
/// says that its p-values are not to be read as a result: Demšar (2006, §3.2.2) gives N > 10 datasets (and
/// k > 5 methods) as the rule of thumb for the χ² approximation of the Friedman statistic, and the Nemenyi
/// and z tests rest on the same large-N normal approximation of the average ranks.
public struct DatasetComparison: Sendable, Codable, Equatable {
    /// The fewest datasets whose Friedman p-values are reported as a result: 11 (Demšar's N > 10).
    public static let minimumDatasets = 11

    public let metric: FoldMetric
    public let datasets: [String]
    public let configurations: [String]
    /// datasets × configurations: the mean of `metric` over the folds.
    public let means: [[Double]]
    public let friedman: FriedmanTest
    /// Set when there are fewer than `minimumDatasets` datasets: the p-values are not a result.
    public let warning: String?

    /// - Throws: `ExperimentError.tooFewDatasets` for fewer than 2, `.invalidConfiguration` when the datasets
    ///   were not run with the same configurations, and the Friedman test's errors.
    public init(_ comparisons: [CrossValidatedComparison], metric: FoldMetric, confidenceLevel: Double = 0.95) throws {
        guard comparisons.count >= 2 else { throw ExperimentError.tooFewDatasets(comparisons.count) }
        let labels = comparisons[0].configurations.map(\.configuration.label)
        for c in comparisons where c.configurations.map(\.configuration.label) != labels {
            throw ExperimentError.invalidConfiguration("every dataset must be run with the same configurations")
        }
        self.metric = metric
        datasets = comparisons.map(\.source)
        configurations = labels
        means = comparisons.map { c in c.configurations.map { $0.summary(metric).mean } }
        friedman = try FriedmanTest(performance: means, higherIsBetter: metric.higherIsBetter, alpha: 1 - confidenceLevel)
        warning = comparisons.count < Self.minimumDatasets
            ? "\(comparisons.count) datasets are fewer than the \(Self.minimumDatasets) the Friedman test's χ² approximation needs (Demšar 2006: N > 10), so its p-values and the Nemenyi and Holm tests are not reported as a result; the average ranks are descriptive"
            : nil
    }
}
