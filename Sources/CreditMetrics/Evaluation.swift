/// Settings for `Evaluation` and `Comparison`; every default is the one the reports name.
public struct EvaluationOptions: Sendable {
    /// Bootstrap replicates for the percentile intervals (0 turns the bootstrap off).
    public var bootstrapReplicates = 1000
    public var seed: UInt64 = 20240601
    public var confidenceLevel = 0.95
    /// Costs of the two errors; the cut-off defaults to their Bayes cut-off (1/6 for German credit's 5:1).
    public var costs = CostMatrix.germanCredit
    /// The cut-off of the confusion matrix: a PD (classed bad when P(bad) > cutoff), or a score in points with
    /// `points`; nil takes the Bayes cut-off of `costs` for PDs.
    public var cutoff: Double?
    /// Scorecards: the score (total points) of each evaluated row, in the order of the outcomes. With it and a
    /// `cutoff`, the confusion matrix classes a row bad when its score is below the cut-off (higher is safer;
    /// `ConfusionMatrix.init(points:isBad:cutoff:costs:)`); the other metrics still read the PDs.
    public var points: [Double]? = nil
    /// Equal-width bins for the reliability table, ECE and the Murphy decomposition.
    public var calibrationBins = 10
    /// Quantile groups for Hosmer–Lemeshow.
    public var hosmerLemeshowGroups = 10
    /// Lessmann's partial Gini region P(bad) ≤ this.
    public var partialGiniMaximumProbability = 0.4
    /// The ROC region FPR ≤ this for the standardised partial AUC.
    public var partialAUCMaximumFalsePositiveRate = 0.2
    public var gainsBands = 10
    /// Called during each bootstrap run with the replicates done and their total (about every 1%, and at the
    /// end), on the calling thread; for a progress display. It does not change any result.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    /// The bootstrap's resamples (row indices, one array per replicate) instead of seeded draws: for tests that
    /// compare the intervals with an independent bootstrap on the same resamples. nil draws them.
    package var bootstrapResamples: [[Int]]? = nil
    public init() {}
}

/// A metric's name with its bootstrap interval.
public struct NamedInterval: Sendable, Codable, Equatable {
    public var metric: String
    public var interval: BootstrapInterval
}

/// Calibration of PDs (present only when every score is in [0, 1]).
public struct CalibrationSummary: Sendable, Codable, Equatable {
    public let brier: BrierScore
    public let logLoss: Double
    public let hosmerLemeshow: HosmerLemeshow?
    public let spiegelhalter: SpiegelhalterTest
    public let regression: CalibrationRegression?
    public let expectedCalibrationError: Double
    public let bins: Int
    public let reliability: [ReliabilityRow]
}

/// Every metric of one score on one data set: discrimination, calibration (for PDs), classification at a
/// cut-off, gains, and bootstrap intervals. Metrics that cannot be computed on this data are left out with a
/// note saying why (never silently).
public struct Evaluation: Sendable, Codable, Equatable {
    public let rows: Int
    public let bads: Int
    public let goods: Int
    public let auc: AreaUnderCurve
    public let kolmogorovSmirnov: KolmogorovSmirnov
    public let partialAUC: Double
    public let partialAUCMaximumFalsePositiveRate: Double
    public let partialGini: Double?
    public let partialGiniMaximumProbability: Double
    public let hMeasure: HMeasure
    public let hMeasureBeta22: HMeasure
    public let expectedMaximumProfit: ExpectedMaximumProfit
    public let calibration: CalibrationSummary?
    public let confusion: ConfusionMatrix?
    public let gains: [GainsRow]
    public let bootstrap: [NamedInterval]
    public let notes: [String]

    public init(_ data: ScoredOutcomes, options: EvaluationOptions = EvaluationOptions()) throws {
        var notes: [String] = []
        rows = data.count; bads = data.bads; goods = data.goods
        auc = AreaUnderCurve(data, confidenceLevel: options.confidenceLevel)
        kolmogorovSmirnov = KolmogorovSmirnov(data)
        partialAUCMaximumFalsePositiveRate = options.partialAUCMaximumFalsePositiveRate
        partialAUC = try standardizedPartialAUC(data, maximumFalsePositiveRate: options.partialAUCMaximumFalsePositiveRate)
        hMeasure = HMeasure(data)
        hMeasureBeta22 = HMeasure(data, prior: .beta22)
        expectedMaximumProfit = ExpectedMaximumProfit(data)
        gains = try gainsTable(data, bands: min(options.gainsBands, data.count))
        partialGiniMaximumProbability = options.partialGiniMaximumProbability
        let isProbability = data.scores.allSatisfy { $0 >= 0 && $0 <= 1 }
        if isProbability {
            do { partialGini = try CreditMetrics.partialGini(data, maximumProbability: options.partialGiniMaximumProbability) } catch {
                partialGini = nil
                notes.append("partial Gini not computed: \(error)")
            }
            let hl: HosmerLemeshow?
            do { hl = try HosmerLemeshow(data, groups: options.hosmerLemeshowGroups) } catch {
                hl = nil; notes.append("Hosmer–Lemeshow not computed: \(error)")
            }
            let reg: CalibrationRegression?
            do { reg = try CalibrationRegression(data) } catch {
                reg = nil; notes.append("calibration intercept/slope not computed: \(error)")
            }
            calibration = CalibrationSummary(
                brier: try BrierScore(data, bins: options.calibrationBins), logLoss: try logLoss(data), hosmerLemeshow: hl,
                spiegelhalter: try SpiegelhalterTest(data), regression: reg,
                expectedCalibrationError: try expectedCalibrationError(data, bins: options.calibrationBins),
                bins: options.calibrationBins, reliability: reliabilityTable(data, bins: options.calibrationBins))
        } else {
            partialGini = nil
            calibration = nil
            notes.append("scores are not probabilities in [0, 1]: calibration, partial Gini and the cost cut-off are skipped")
        }
        if let points = options.points, let cutoff = options.cutoff {
            guard points.count == data.count else {
                throw MetricsError.lengthMismatch(scores: data.count, outcomes: points.count)
            }
            confusion = ConfusionMatrix(points: points, isBad: data.isBad, cutoff: cutoff, costs: options.costs)
        } else {
            let cutoff = options.cutoff ?? (isProbability ? options.costs.bayesCutoff : nil)
            confusion = cutoff.map { ConfusionMatrix(data, cutoff: $0, costs: options.costs) }
        }

        var intervals: [NamedInterval] = []
        if options.bootstrapReplicates > 0 {
            // Same resamples and definitions as `Bootstrap.intervals` with the public metrics, computed from
            // precomputed ranks: each replicate is a counting pass, not a sort.
            // Every other reported metric with a value comes from the same resamples (`EvaluationBootstrapExtras`).
            let ranked = RankedScores(data.scores)
            var names = ["gini", "ks", "h_measure", "emp"]
            var estimates = [auc.gini, kolmogorovSmirnov.statistic, hMeasure.value, expectedMaximumProfit.value]
            if let c = calibration { names.append("brier"); estimates.append(c.brier.value) }
            let extras = EvaluationBootstrapExtras(data, partialAUC: partialAUC, partialGini: partialGini, calibration: calibration,
                                                   confusion: confusion, options: options)
            intervals = try Bootstrap.runVector(isBad: data.isBad, replicates: options.bootstrapReplicates, seed: options.seed,
                                                confidenceLevel: options.confidenceLevel, names: names + extras.names,
                                                estimates: estimates + extras.estimates, progress: options.progress,
                                                samples: options.bootstrapResamples,
                                                replicate: ranked.replicateMetrics(data: data, brier: isProbability, extra: extras.replicate))
        }
        bootstrap = intervals
        self.notes = notes
    }
}

/// One pair of scores compared on the same rows.
public struct PairComparison: Sendable, Codable, Equatable {
    public let first: String
    public let second: String
    public let delong: PairedDeLongTest
    /// Holm-adjusted DeLong p-value over all pairs of this comparison.
    public let holmAdjustedPValue: Double
    /// Bootstrap intervals of first − second, on the same resampled rows (empty with the bootstrap off).
    public let bootstrapDifferences: [NamedInterval]
}

/// One or more scores of the same rows: each one's `Evaluation` and every pair's paired tests (none for a single score).
public struct Comparison: Sendable, Codable, Equatable {
    public let names: [String]
    public let evaluations: [Evaluation]
    public let pairs: [PairComparison]

    /// - Parameters:
    ///   - scores: one array per score, all the same rows as `isBad`, higher = riskier.
    public init(names: [String], scores: [[Double]], isBad: [Bool], options: EvaluationOptions = EvaluationOptions()) throws {
        precondition(names.count == scores.count, "Comparison: one name per score")
        guard scores.count >= 1 else { throw MetricsError.tooFew("a comparison needs at least one score, got none") }
        self.names = names
        evaluations = try scores.map { try Evaluation(try ScoredOutcomes(scores: $0, isBad: isBad), options: options) }
        var tests: [(Int, Int, PairedDeLongTest, [NamedInterval])] = []
        let ranked = options.bootstrapReplicates > 0 ? scores.map(RankedScores.init) : []
        for i in 0..<scores.count {
            for j in (i + 1)..<scores.count {
                let test = try PairedDeLongTest(scores1: scores[i], scores2: scores[j], isBad: isBad, confidenceLevel: options.confidenceLevel)
                var diffs: [NamedInterval] = []
                if options.bootstrapReplicates > 0 {
                    let probabilities = evaluations[i].calibration != nil && evaluations[j].calibration != nil
                    var names = ["auc", "ks", "h_measure", "emp"]
                    func values(_ e: Evaluation) -> [Double] {
                        [e.auc.value, e.kolmogorovSmirnov.statistic, e.hMeasure.value, e.expectedMaximumProfit.value]
                            + (probabilities ? [e.calibration!.brier.value] : [])
                    }
                    if probabilities { names.append("brier") }
                    let estimates = zip(values(evaluations[i]), values(evaluations[j])).map { $0 - $1 }
                    let first = ranked[i].replicateMetrics(data: try ScoredOutcomes(scores: scores[i], isBad: isBad), brier: probabilities, gini: false)
                    let second = ranked[j].replicateMetrics(data: try ScoredOutcomes(scores: scores[j], isBad: isBad), brier: probabilities, gini: false)
                    // Both closures must outlive the resampling: without the explicit lifetime the release build
                    // (Swift 6.3.1, -O) freed `second`'s captured buffers before its last call (segfault/SIGILL).
                    diffs = try withExtendedLifetime((first, second)) {
                        try Bootstrap.runVector(isBad: isBad, replicates: options.bootstrapReplicates, seed: options.seed,
                                                confidenceLevel: options.confidenceLevel, names: names, estimates: estimates,
                                                progress: options.progress) { sample in
                            zip(first(sample), second(sample)).map { $0 - $1 }
                        }
                    }
                }
                tests.append((i, j, test, diffs))
            }
        }
        let adjusted = holmAdjusted(tests.map { $0.2.pValue })
        pairs = tests.enumerated().map { k, t in
            PairComparison(first: names[t.0], second: names[t.1], delong: t.2, holmAdjustedPValue: adjusted[k], bootstrapDifferences: t.3)
        }
    }
}

extension RankedScores {
    /// A replicate's metrics from its drawn rows: Gini (or AUC), KS, H (default prior), EMP (defaults), and
    /// Brier when `brier`; NaN where a replicate cannot give a value.
    /// `extra`, when given, appends more values computed from the same tie groups and drawn rows.
    func replicateMetrics(data: ScoredOutcomes, brier: Bool, gini: Bool = true,
                          extra: ((ScoreGroups, [Int]) -> [Double])? = nil) -> ([Int]) -> [Double] {
        var badCounts = [Int](repeating: 0, count: distinct.count), goodCounts = badCounts
        return { sample in
            let g = self.groups(sample: sample, isBad: data.isBad, badCounts: &badCounts, goodCounts: &goodCounts)
            let auc = g.auc
            var v = [gini ? 2 * auc - 1 : auc, KolmogorovSmirnov(groups: g).statistic, HMeasure(groups: g).value,
                     ExpectedMaximumProfit(groups: g).value]
            if brier {
                var sum = 0.0
                for row in sample { let d = data.scores[row] - (data.isBad[row] ? 1 : 0); sum += d * d }
                v.append(sum / Double(sample.count))
            }
            if let extra { v += extra(g, sample) }
            return v
        }
    }
}

extension EvaluationOptions {
    /// The most bootstrap replicates a caller should ask for (`bootstrapReplicates`): 100,000. A percentile
    /// interval is stable to ±0.001 long before that; more replicates only cost time (each one recomputes every
    /// resampled metric). `credit validate`, `compare` and `report` refuse more (`--bootstrap`).
    package static let maxBootstrapReplicates = 100_000
}
