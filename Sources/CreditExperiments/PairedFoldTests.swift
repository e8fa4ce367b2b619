import CreditMetrics
import CreditRegression
/// Paired tests of every pair of configurations on one metric over the folds of one dataset, with Holm's
/// adjustment over the pairs (one family per test).
///
/// Which test runs follows the fold scheme:
/// - 2-fold CV repeated N times (`--nx2 N`): Dietterich's 5×2cv paired t (`FiveByTwoPairedTTest`, N df) and
///   Alpaydın's combined 5×2cv F (`FiveByTwoCombinedFTest`, F(2N, N)); the tests of the papers are N = 5.
/// - K-fold CV, K ≥ 3, repeated R ≥ 1 times: Nadeau & Bengio's corrected resampled t
///   (`CorrectedResampledTTest`, K·R − 1 df) with n_test/n_train the mean test rows over the mean training rows
///   of the folds (1/(K − 1) up to the rounding of fold sizes).
/// - Time-ordered folds: none (all three assume random splits); `note` says so.
///
/// The difference is first − second on the metric as it is (AUC, Brier, …): a positive difference favours the
/// first configuration when higher is better, the second when lower is better (Brier, log loss). A pair whose
/// metric is undefined on some fold (partial Gini) or whose differences do not vary gets no test and a note.
public struct PairedFoldTests: Sendable, Codable, Equatable {
    public struct Pair: Sendable, Codable, Equatable {
        public let first: Int
        public let second: Int
        /// Mean over the folds of metric(first) − metric(second).
        public let meanDifference: Double
        public let fiveByTwoT: FiveByTwoPairedTTest?
        public let fiveByTwoTHolm: Double?
        public let fiveByTwoF: FiveByTwoCombinedFTest?
        public let fiveByTwoFHolm: Double?
        public let correctedT: CorrectedResampledTTest?
        public let correctedTHolm: Double?
        /// Why a test of this pair is missing.
        public let note: String?
    }

    public enum Scheme: String, Sendable, Codable {
        /// 2-fold CV repeated N times: the 5×2cv t and F.
        case fiveByTwo = "5x2cv"
        /// K ≥ 3 folds, R repetitions: the corrected resampled t.
        case repeatedKFold = "repeated_k_fold"
        /// Time-ordered folds: no test.
        case timeOrdered = "time_ordered"
    }

    public let metric: FoldMetric
    public let scheme: Scheme
    public let pairs: [Pair]
    /// Why no test was run (time-ordered folds).
    public let note: String?

    /// - Parameters:
    ///   - configurations: the results, each with its folds in the same (repetition-major) order.
    ///   - folds: the folds the results were computed on (for n_test/n_train and the repetitions).
    public init(configurations: [ConfigurationResult], folds: [Fold], metric: FoldMetric, timeOrdered: Bool,
                confidenceLevel: Double) {
        self.metric = metric
        let twoFold = !timeOrdered && folds.allSatisfy { $0.fold < 2 } && folds.count % 2 == 0
        scheme = timeOrdered ? .timeOrdered : (twoFold ? .fiveByTwo : .repeatedKFold)
        note = timeOrdered
            ? "no paired test over time-ordered folds: the 5×2cv t and F and the corrected resampled t assume random splits"
            : nil
        let ratio: Double = {
            let test = Double(folds.reduce(0) { $0 + $1.test.count }), training = Double(folds.reduce(0) { $0 + $1.training.count })
            return training > 0 ? test / training : .nan
        }()
        var raw: [(first: Int, second: Int, mean: Double, t: FiveByTwoPairedTTest?, f: FiveByTwoCombinedFTest?,
                   c: CorrectedResampledTTest?, note: String?)] = []
        for i in configurations.indices {
            for j in configurations.indices where j > i {
                let d = zip(configurations[i].folds, configurations[j].folds).map { $0[metric] - $1[metric] }
                let mean = d.reduce(0, +) / Double(d.count)
                var t: FiveByTwoPairedTTest?, f: FiveByTwoCombinedFTest?, c: CorrectedResampledTTest?
                var note: String?
                if timeOrdered {
                } else if !d.allSatisfy(\.isFinite) {
                    note = "\(metric.rawValue) is undefined on some folds: no paired test"
                } else if twoFold {
                    let byRepetition = stride(from: 0, to: d.count, by: 2).map { [d[$0], d[$0 + 1]] }
                    do {
                        t = try FiveByTwoPairedTTest(differences: byRepetition)
                        f = try FiveByTwoCombinedFTest(differences: byRepetition)
                    } catch { note = "\(error)" }
                } else {
                    do { c = try CorrectedResampledTTest(differences: d, testToTrainingRatio: ratio, confidenceLevel: confidenceLevel) } catch {
                        note = "\(error)"
                    }
                }
                raw.append((i, j, mean, t, f, c, note))
            }
        }
        func holm(_ p: [Double?]) -> [Double?] {
            let present = p.indices.filter { p[$0] != nil }
            let adjusted = holmAdjusted(present.map { p[$0]! })
            var out = [Double?](repeating: nil, count: p.count)
            for (k, index) in present.enumerated() { out[index] = adjusted[k] }
            return out
        }
        let tHolm = holm(raw.map { $0.t?.pValue }), fHolm = holm(raw.map { $0.f?.pValue }), cHolm = holm(raw.map { $0.c?.pValue })
        pairs = raw.indices.map { k in
            let r = raw[k]
            return Pair(first: r.first, second: r.second, meanDifference: r.mean, fiveByTwoT: r.t, fiveByTwoTHolm: tHolm[k],
                        fiveByTwoF: r.f, fiveByTwoFHolm: fHolm[k], correctedT: r.c, correctedTHolm: cHolm[k], note: r.note)
        }
    }
}
