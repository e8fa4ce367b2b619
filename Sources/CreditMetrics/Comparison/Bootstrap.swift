import CreditProbability
/// A percentile bootstrap interval.
public struct BootstrapInterval: Sendable, Codable, Equatable {
    /// The metric on the original data.
    public let estimate: Double
    public let lower: Double
    public let upper: Double
    /// Standard deviation of the replicates (ddof = 1).
    public let standardError: Double
    public let confidenceLevel: Double
    public let replicates: Int
    /// Replicates where the metric could not be computed (e.g. a calibration fit that diverged); left out.
    public let failedReplicates: Int
    public let seed: UInt64
}

/// Stratified, seeded percentile bootstrap (Efron & Tibshirani 1993, ch. 13) for any metric of scores and
/// outcomes, and for the difference of a metric between two scores on the same resampled rows.
///
/// Each replicate draws the bads with replacement from the bads and the goods from the goods, so every
/// replicate keeps the sample's bad and good counts (no replicate loses a class). The interval is the
/// type-7 quantiles of the replicates at (1 − level)/2 and (1 + level)/2. The same seed gives the same
/// interval with this toolkit's generator (SplitMix64 and the standard library's bounded sampling).
public enum Bootstrap {
    /// A metric with the name reports give it.
    public typealias Metric = (name: String, compute: (ScoredOutcomes) throws -> Double)

    public static func interval(
        _ data: ScoredOutcomes, replicates: Int = 1000, seed: UInt64 = 20240601, confidenceLevel: Double = 0.95,
        metric: @escaping (ScoredOutcomes) throws -> Double
    ) throws -> BootstrapInterval {
        let result = try intervals(data, replicates: replicates, seed: seed, confidenceLevel: confidenceLevel, metrics: [("metric", metric)])
        guard let first = result.first else { throw MetricsError.tooFew("bootstrap: the metric failed on every replicate") }
        return first.interval
    }

    /// Intervals for several metrics from the same resamples (each replicate is drawn once and every metric is
    /// computed on it). A metric that fails on the original data or on all but one replicate is left out.
    public static func intervals(
        _ data: ScoredOutcomes, replicates: Int = 1000, seed: UInt64 = 20240601, confidenceLevel: Double = 0.95,
        metrics: [Metric]
    ) throws -> [NamedInterval] {
        try run(isBad: data.isBad, replicates: replicates, seed: seed, confidenceLevel: confidenceLevel, metrics: metrics,
                estimate: { try $0.compute(data) }) { sample, metric in
            try metric.compute(ScoredOutcomes(scores: sample.map { data.scores[$0] }, isBad: sample.map { data.isBad[$0] }))
        }
    }

    /// Interval for metric(score 1) − metric(score 2), both computed on each replicate's rows.
    public static func pairedDifference(
        scores1: [Double], scores2: [Double], isBad: [Bool], replicates: Int = 1000, seed: UInt64 = 20240601,
        confidenceLevel: Double = 0.95, metric: @escaping (ScoredOutcomes) throws -> Double
    ) throws -> BootstrapInterval {
        let result = try pairedDifferences(scores1: scores1, scores2: scores2, isBad: isBad, replicates: replicates, seed: seed,
                                           confidenceLevel: confidenceLevel, metrics: [("metric", metric)])
        guard let first = result.first else { throw MetricsError.tooFew("bootstrap: the metric failed on every replicate") }
        return first.interval
    }

    /// Paired-difference intervals for several metrics from the same resamples.
    public static func pairedDifferences(
        scores1: [Double], scores2: [Double], isBad: [Bool], replicates: Int = 1000, seed: UInt64 = 20240601,
        confidenceLevel: Double = 0.95, metrics: [Metric]
    ) throws -> [NamedInterval] {
        guard scores1.count == scores2.count else { throw MetricsError.lengthMismatch(scores: scores2.count, outcomes: scores1.count) }
        let d1 = try ScoredOutcomes(scores: scores1, isBad: isBad), d2 = try ScoredOutcomes(scores: scores2, isBad: isBad)
        return try run(isBad: isBad, replicates: replicates, seed: seed, confidenceLevel: confidenceLevel, metrics: metrics,
                       estimate: { try $0.compute(d1) - $0.compute(d2) }) { sample, metric in
            let y = sample.map { isBad[$0] }
            return try metric.compute(ScoredOutcomes(scores: sample.map { scores1[$0] }, isBad: y))
                - metric.compute(ScoredOutcomes(scores: sample.map { scores2[$0] }, isBad: y))
        }
    }

    private static func run(
        isBad: [Bool], replicates: Int, seed: UInt64, confidenceLevel: Double, metrics: [Metric],
        estimate: (Metric) throws -> Double, replicate: ([Int], Metric) throws -> Double
    ) throws -> [NamedInterval] {
        // Metrics that cannot be computed on the data itself get no interval.
        let usable = metrics.compactMap { m in (try? estimate(m)).flatMap { $0.isFinite ? (m, $0) : nil } }
        return try runVector(isBad: isBad, replicates: replicates, seed: seed, confidenceLevel: confidenceLevel,
                             names: usable.map(\.0.name), estimates: usable.map(\.1)) { sample in
            usable.map { (try? replicate(sample, $0.0)) ?? .nan }
        }
    }

    /// The resampling core: `replicate` returns every metric's value on one drawn sample (NaN = failed).
    /// `progress` (optional) gets (replicates done, total) about every 1% and at the end. `samples`, when
    /// given, are the resamples to use instead of drawing them (one per replicate; `replicates` is then their
    /// count): a test passes the row indices an independent bootstrap drew.
    static func runVector(
        isBad: [Bool], replicates: Int, seed: UInt64, confidenceLevel: Double, names: [String], estimates: [Double],
        progress: ((Int, Int) -> Void)? = nil, samples given: [[Int]]? = nil, replicate: ([Int]) -> [Double]
    ) throws -> [NamedInterval] {
        let replicates = given?.count ?? replicates
        guard replicates >= 2 else { throw MetricsError.invalidParameter("bootstrap needs at least 2 replicates, got \(replicates)") }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw MetricsError.invalidParameter("confidence level must be in (0, 1), got \(confidenceLevel)")
        }
        let badRows = isBad.indices.filter { isBad[$0] }, goodRows = isBad.indices.filter { !isBad[$0] }
        var rng = SplitMix64(seed: seed)
        var values = [[Double]](repeating: [], count: names.count)
        for k in values.indices { values[k].reserveCapacity(replicates) }
        var failed = [Int](repeating: 0, count: names.count)
        var sample = [Int](repeating: 0, count: isBad.count)
        let step = max(1, replicates / 100)
        for r in 0..<replicates {
            if let progress, r % step == 0 { progress(r, replicates) }
            if let given {
                sample = given[r]
            } else {
                var k = 0
                for _ in badRows.indices { sample[k] = badRows[Int.random(in: 0..<badRows.count, using: &rng)]; k += 1 }
                for _ in goodRows.indices { sample[k] = goodRows[Int.random(in: 0..<goodRows.count, using: &rng)]; k += 1 }
            }
            for (m, v) in replicate(sample).enumerated() {
                if v.isFinite { values[m].append(v) } else { failed[m] += 1 }
            }
        }
        progress?(replicates, replicates)
        var out: [NamedInterval] = []
        for (m, (name, est)) in zip(names, estimates).enumerated() where values[m].count >= 2 {
            var v = values[m]
            v.sort()
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
            out.append(NamedInterval(metric: name, interval: BootstrapInterval(
                estimate: est, lower: typeSevenQuantile(v, (1 - confidenceLevel) / 2), upper: typeSevenQuantile(v, (1 + confidenceLevel) / 2),
                standardError: sd, confidenceLevel: confidenceLevel, replicates: replicates, failedReplicates: failed[m], seed: seed)))
        }
        return out
    }
}

/// The type-7 (linear interpolation, R's default and numpy's "linear") quantile of sorted values.
func typeSevenQuantile(_ sorted: [Double], _ q: Double) -> Double {
    let h = Double(sorted.count - 1) * q
    let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
}
