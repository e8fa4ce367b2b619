import Foundation
import CreditMetrics
import CreditProbability
/// The metrics a cross-validated comparison reports per fold.
public enum FoldMetric: String, Sendable, Codable, CaseIterable {
    case auc, gini, ks, brier
    case logLoss = "log_loss"
    case hMeasure = "h_measure"
    case emp
    case partialGini = "partial_gini"
    /// Calibration per fold: the intercept and slope of y ~ a + b·logit(PD) (`CalibrationRegression`; 0 and 1
    /// when calibrated) and the expected calibration error over 10 equal-width PD bins
    /// (`expectedCalibrationError`).
    case calibrationIntercept = "calibration_intercept"
    case calibrationSlope = "calibration_slope"
    case ece

    /// False for the losses (Brier, log loss, ECE), where lower is better.
    public var higherIsBetter: Bool { self != .brier && self != .logLoss && self != .ece }

    /// False for the calibration intercept and slope: their best values are 0 and 1, not an end of the scale,
    /// so configurations cannot be ranked or tested on them.
    public var isRankable: Bool { self != .calibrationIntercept && self != .calibrationSlope }

    /// The metrics that can rank configurations (`isRankable`).
    public static var rankable: [FoldMetric] { allCases.filter(\.isRankable) }
}

/// One fold's metrics of one configuration's out-of-fold PDs: exactly Metrics' single-sample functions on
/// that fold's test rows (AUC/Gini from `AreaUnderCurve`, `KolmogorovSmirnov`, `BrierScore`, `logLoss`,
/// `HMeasure` with the R package's default prior, `ExpectedMaximumProfit` with Verbraken et al.'s defaults,
/// `partialGini` over P(bad) ≤ 0.4; NaN when the fold has no row in that region or one class there), and
/// calibration: `CalibrationRegression`'s intercept and slope (NaN when the fit diverges, as when the PDs
/// separate the classes) and `expectedCalibrationError` over 10 equal-width bins.
///
/// `repetition` and `fold` are 0-based indices here; in JSON (its `Codable` form) they are numbered from 1, as
/// the text and CSV outputs and `--cv-predictions` number them, so one fold has one number everywhere a user
/// reads it.
public struct FoldMetrics: Sendable, Codable, Equatable {
    /// 0-based (1-based in JSON).
    public let repetition: Int
    /// 0-based (1-based in JSON).
    public let fold: Int
    public let rows: Int
    public let bads: Int
    public let auc: Double
    public let gini: Double
    public let ks: Double
    public let brier: Double
    public let logLoss: Double
    public let hMeasure: Double
    public let emp: Double
    public let partialGini: Double
    /// Calibration intercept a of y ~ a + b·logit(PD) (joint fit; 0 when calibrated).
    public let calibrationIntercept: Double
    /// Calibration slope b (1 when calibrated; < 1: PDs too extreme, > 1: too moderate).
    public let calibrationSlope: Double
    /// Expected calibration error, Σ (n_k/N)·|ȳ_k − p̄_k| over 10 equal-width PD bins.
    public let ece: Double
    /// Rows the fold's model was trained on (`rows` are the rows it was tested on); nil in files written before it.
    public var trainingRows: Int? = nil

    /// Equal-width PD bins of the per-fold ECE.
    public static let eceBins = 10

    /// - Throws: `MetricsError` (one class in the fold, non-finite PDs).
    public init(repetition: Int, fold: Int, predictions: [Double], isBad: [Bool], partialGiniMaximumProbability: Double = 0.4) throws {
        let data = try ScoredOutcomes(scores: predictions, isBad: isBad)
        self.repetition = repetition; self.fold = fold
        rows = data.count; bads = data.bads
        let a = AreaUnderCurve(data)
        auc = a.value; gini = a.gini
        ks = KolmogorovSmirnov(data).statistic
        brier = try BrierScore(data).value
        logLoss = try CreditMetrics.logLoss(data)
        hMeasure = HMeasure(data).value
        emp = ExpectedMaximumProfit(data).value
        partialGini = (try? CreditMetrics.partialGini(data, maximumProbability: partialGiniMaximumProbability)) ?? .nan
        let calibration = try? CalibrationRegression(data)
        calibrationIntercept = calibration?.intercept ?? .nan
        calibrationSlope = calibration?.slope ?? .nan
        ece = try expectedCalibrationError(data, bins: Self.eceBins)
    }

    private enum CodingKeys: String, CodingKey {
        case repetition, fold, rows, bads, auc, gini, ks, brier, logLoss, hMeasure, emp, partialGini
        case calibrationIntercept, calibrationSlope, ece, trainingRows
    }

    /// Decodes the JSON form (repetition and fold numbered from 1).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repetition = try c.decode(Int.self, forKey: .repetition) - 1
        fold = try c.decode(Int.self, forKey: .fold) - 1
        rows = try c.decode(Int.self, forKey: .rows); bads = try c.decode(Int.self, forKey: .bads)
        auc = try c.decode(Double.self, forKey: .auc); gini = try c.decode(Double.self, forKey: .gini)
        ks = try c.decode(Double.self, forKey: .ks); brier = try c.decode(Double.self, forKey: .brier)
        logLoss = try c.decode(Double.self, forKey: .logLoss); hMeasure = try c.decode(Double.self, forKey: .hMeasure)
        emp = try c.decode(Double.self, forKey: .emp); partialGini = try c.decode(Double.self, forKey: .partialGini)
        calibrationIntercept = try c.decodeIfPresent(Double.self, forKey: .calibrationIntercept) ?? .nan
        calibrationSlope = try c.decodeIfPresent(Double.self, forKey: .calibrationSlope) ?? .nan
        ece = try c.decodeIfPresent(Double.self, forKey: .ece) ?? .nan
        trainingRows = try c.decodeIfPresent(Int.self, forKey: .trainingRows)
    }

    /// The JSON form: repetition and fold numbered from 1.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repetition + 1, forKey: .repetition); try c.encode(fold + 1, forKey: .fold)
        try c.encodeIfPresent(trainingRows, forKey: .trainingRows)
        try c.encode(rows, forKey: .rows); try c.encode(bads, forKey: .bads)
        try c.encode(auc, forKey: .auc); try c.encode(gini, forKey: .gini); try c.encode(ks, forKey: .ks)
        try c.encode(brier, forKey: .brier); try c.encode(logLoss, forKey: .logLoss); try c.encode(hMeasure, forKey: .hMeasure)
        try c.encode(emp, forKey: .emp); try c.encode(partialGini, forKey: .partialGini)
        try c.encode(calibrationIntercept, forKey: .calibrationIntercept); try c.encode(calibrationSlope, forKey: .calibrationSlope)
        try c.encode(ece, forKey: .ece)
    }

    public subscript(metric: FoldMetric) -> Double {
        switch metric {
        case .auc: return auc
        case .gini: return gini
        case .ks: return ks
        case .brier: return brier
        case .logLoss: return logLoss
        case .hMeasure: return hMeasure
        case .emp: return emp
        case .partialGini: return partialGini
        case .calibrationIntercept: return calibrationIntercept
        case .calibrationSlope: return calibrationSlope
        case .ece: return ece
        }
    }
}

/// Mean, standard deviation and t-based confidence interval of a metric over folds.
///
/// SD is the sample standard deviation (n − 1); the interval is mean ± t_{1−α/2, n−1}·SD/√n over the n folds
/// with a finite value. Folds share training rows, so this interval treats dependent values as independent
/// and is too narrow (Nadeau & Bengio 2003, Machine Learning 52:239–281, doi:10.1023/A:1024068626366); it
/// describes the spread of the fold values, not a test.
public struct MetricSummary: Sendable, Codable, Equatable {
    public let metric: FoldMetric
    public let folds: Int
    public let mean: Double
    public let standardDeviation: Double
    public let lower: Double
    public let upper: Double
    public let confidenceLevel: Double

    public init(metric: FoldMetric, values: [Double], confidenceLevel: Double) {
        let v = values.filter(\.isFinite)
        let n = Double(v.count)
        self.metric = metric; folds = v.count; self.confidenceLevel = confidenceLevel
        mean = v.isEmpty ? .nan : v.reduce(0, +) / n
        if v.count >= 2 {
            let m = mean
            standardDeviation = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
            let t = StudentTDistribution.quantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom: n - 1)
            lower = mean - t * standardDeviation / n.squareRoot()
            upper = mean + t * standardDeviation / n.squareRoot()
        } else {
            standardDeviation = .nan; lower = .nan; upper = .nan
        }
    }
}
