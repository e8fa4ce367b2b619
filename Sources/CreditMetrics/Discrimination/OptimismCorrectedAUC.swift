import CreditProbability
/// The bootstrap optimism-corrected AUC of a model evaluated on its own training rows.
///
/// A model's AUC on the rows it was fitted on (the apparent AUC) is optimistic. Efron's bootstrap estimate of
/// that optimism (Efron 1983, JASA 78:316–331; Harrell, Lee & Mark 1996, Statistics in Medicine 15:361–387;
/// Harrell, *Regression Modeling Strategies*, 2nd ed., §5.3.5) refits the whole modelling procedure on B
/// bootstrap samples drawn with replacement from the n rows; with AUC_b(S) the AUC of the model fitted on sample
/// b evaluated on rows S:
///
///     optimism  = (1/B) Σ_b [ AUC_b(sample b) − AUC_b(original rows) ]
///     corrected = AUC_apparent − optimism
///
/// A replicate whose refit fails (separation, a sample with one class, a rank-deficient design) or whose AUC
/// cannot be computed is left out and counted in `failedReplicates`; the mean is over the rest.
/// `optimismStandardError` is the standard deviation of the per-replicate optimism over √B' (B' the replicates
/// used): the Monte-Carlo error of the mean, not the sampling error of the AUC.
///
/// The same estimator as R rms `validate(fit, B = …)` reports for Dxy = 2·AUC − 1 (rms draws its own samples).
/// Agrees with statsmodels refits and scikit-learn AUCs on the same bootstrap samples
/// (Tests/CreditMonitoringTests/Fixtures/make_optimism_fixture.py, `InSampleBaseTests`).
///
/// ```swift
/// let o = try OptimismCorrectedAUC(apparentScores: pd, isBad: y, resamples: OptimismCorrectedAUC.resamples(n: y.count, replicates: 200, seed: 7)) { rows in
///     try refit(on: rows)          // the model fitted on these rows (with repeats), its PD on every original row
/// }
/// o.apparent, o.optimism, o.corrected
/// ```
public struct OptimismCorrectedAUC: Sendable, Codable, Equatable {
    /// AUC of the given scores on the original rows (in-sample).
    public let apparent: Double
    /// Mean of AUC_b(sample b) − AUC_b(original rows) over the replicates used.
    public let optimism: Double
    /// apparent − optimism.
    public let corrected: Double
    /// Standard deviation of the per-replicate optimism over √(replicates used).
    public let optimismStandardError: Double
    public let replicates: Int
    public let failedReplicates: Int
    /// The seed of `resamples(n:replicates:seed:)`, when the samples were drawn by it.
    public var seed: UInt64?

    /// - Parameters:
    ///   - apparentScores: the model's scores (higher = riskier) on the n original rows.
    ///   - isBad: the n outcomes.
    ///   - resamples: B bootstrap samples, each n row indices into the original rows (repeats allowed).
    ///   - refit: fits the modelling procedure on the rows of one sample (in that order, with repeats) and
    ///     returns the fitted model's scores on all n original rows; throws when the fit fails.
    /// - Throws: `MetricsError` when the original rows lack a class, a sample's indices are out of range, or no
    ///   replicate could be used.
    public init(apparentScores: [Double], isBad: [Bool], resamples: [[Int]], refit: ([Int]) throws -> [Double]) throws {
        let n = isBad.count
        guard apparentScores.count == n else { throw MetricsError.lengthMismatch(scores: apparentScores.count, outcomes: n) }
        let original = try ScoredOutcomes(scores: apparentScores, isBad: isBad)
        apparent = Placements(original, keepOrder: false).auc
        guard !resamples.isEmpty else { throw MetricsError.invalidParameter("the optimism bootstrap needs at least one replicate") }
        var values: [Double] = []
        var failed = 0
        for sample in resamples {
            guard sample.count == n, sample.allSatisfy({ $0 >= 0 && $0 < n }) else {
                throw MetricsError.invalidParameter("a bootstrap sample must hold \(n) row indices in 0..<\(n)")
            }
            guard let scores = try? refit(sample), scores.count == n, scores.allSatisfy(\.isFinite),
                  let onOriginal = try? ScoredOutcomes(scores: scores, isBad: isBad),
                  let onSample = try? ScoredOutcomes(scores: sample.map { scores[$0] }, isBad: sample.map { isBad[$0] })
            else { failed += 1; continue }
            values.append(Placements(onSample, keepOrder: false).auc - Placements(onOriginal, keepOrder: false).auc)
        }
        guard !values.isEmpty else { throw MetricsError.tooFew("the optimism bootstrap: the refit failed on every one of \(resamples.count) samples") }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = values.count < 2 ? Double.nan
            : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        optimism = mean
        corrected = apparent - mean
        optimismStandardError = sd / Double(values.count).squareRoot()
        replicates = resamples.count
        failedReplicates = failed
    }

    /// B simple bootstrap samples of n rows (each index drawn uniformly with replacement), from this toolkit's
    /// seeded generator (SplitMix64 and the standard library's bounded sampling): the same seed gives the same
    /// samples.
    public static func resamples(n: Int, replicates: Int, seed: UInt64) -> [[Int]] {
        guard n > 0 else { return [[Int]](repeating: [], count: max(replicates, 0)) }
        var rng = SplitMix64(seed: seed)
        return (0..<replicates).map { _ in (0..<n).map { _ in Int.random(in: 0..<n, using: &rng) } }
    }
}
