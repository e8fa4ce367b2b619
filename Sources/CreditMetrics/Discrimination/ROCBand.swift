/// A pointwise confidence band for the empirical ROC curve: at each false-positive rate of a fixed grid, a
/// percentile interval of the true-positive rate from the stratified bootstrap ("vertical averaging",
/// Fawcett 2006, Pattern Recognition Letters 27:861–874, doi:10.1016/j.patrec.2005.10.010; the sensitivity
/// interval at given specificities of R pROC's `ci.se(boot.stratified = TRUE)`).
///
/// Each replicate draws the bads with replacement from the bads and the goods from the goods (the resamples of
/// `Bootstrap`, so the same seed gives the same replicates as the other bootstrap intervals), builds the
/// replicate's empirical ROC curve and reads its TPR at every grid FPR; the limits at a grid point are the
/// type-7 quantiles of those TPRs at (1 − level)/2 and (1 + level)/2.
///
/// Reading TPR at a FPR t off an empirical curve (vertices from (0, 0) to (1, 1), one per distinct score):
/// when t is the FPR of one or more vertices (a vertical step), the highest TPR there (the top of the step);
/// otherwise linear interpolation between the vertices either side (tied bads and goods make a diagonal
/// segment). This is pROC's `coords(input = "specificity", ret = "sensitivity")` convention. Grid point
/// k/(G − 1) is taken to equal a vertex FPR g/n exactly when g·(G − 1) = k·n (integer arithmetic).
///
/// The band is pointwise: each grid point's interval covers the true TPR at that FPR with about the stated
/// level; the whole curve is not covered simultaneously at that level.
public struct ROCBand: Sendable, Codable, Equatable {
    /// The grid, ascending from 0 to 1 in equal steps.
    public let falsePositiveRates: [Double]
    /// The empirical curve of the data at each grid FPR (same convention as the replicates).
    public let truePositiveRates: [Double]
    public let lower: [Double]
    public let upper: [Double]
    public let confidenceLevel: Double
    public let replicates: Int
    public let seed: UInt64

    /// - Parameters:
    ///   - gridPoints: G ≥ 2 grid FPRs 0, 1/(G − 1), …, 1 (101 gives steps of 0.01).
    /// - Throws: `MetricsError.invalidParameter` for G < 2, fewer than 2 replicates or a level outside (0, 1).
    /// - Complexity: one radix sort, then O(n + distinct scores + G) per replicate.
    public init(_ data: ScoredOutcomes, gridPoints: Int = 101, replicates: Int = 1000, seed: UInt64 = 20240601,
                confidenceLevel: Double = 0.95) throws {
        guard gridPoints >= 2 else { throw MetricsError.invalidParameter("the ROC band needs at least 2 grid points, got \(gridPoints)") }
        let ranked = RankedScores(data.scores)
        let isBad = data.isBad, rank = ranked.rank
        let d = ranked.distinct.count
        var badCounts = [Int](repeating: 0, count: d), goodCounts = badCounts
        for (r, b) in zip(rank, isBad) { if b { badCounts[Int(r)] += 1 } else { goodCounts[Int(r)] += 1 } }
        let estimate = Self.read(bads: badCounts, goods: goodCounts, gridPoints: gridPoints)
        var out = [Double](repeating: 0, count: gridPoints)
        let names = (0..<gridPoints).map { "tpr_\($0)" }
        let intervals = try Bootstrap.runVector(isBad: isBad, replicates: replicates, seed: seed, confidenceLevel: confidenceLevel,
                                                names: names, estimates: estimate) { sample in
            for i in badCounts.indices { badCounts[i] = 0; goodCounts[i] = 0 }
            for row in sample { if isBad[row] { badCounts[Int(rank[row])] += 1 } else { goodCounts[Int(rank[row])] += 1 } }
            Self.read(bads: badCounts, goods: goodCounts, gridPoints: gridPoints, into: &out)
            return out
        }
        // Every replicate keeps both classes, so no grid point can fail.
        precondition(intervals.count == gridPoints, "ROC band: a grid point has no interval")
        falsePositiveRates = (0..<gridPoints).map { Double($0) / Double(gridPoints - 1) }
        truePositiveRates = estimate
        lower = intervals.map(\.interval.lower)
        upper = intervals.map(\.interval.upper)
        self.confidenceLevel = confidenceLevel
        self.replicates = replicates
        self.seed = seed
    }

    /// The empirical ROC curve's TPR at the grid FPRs 0, 1/(G − 1), …, 1, read as the band reads it.
    public static func truePositiveRates(_ data: ScoredOutcomes, gridPoints: Int = 101) throws -> [Double] {
        guard gridPoints >= 2 else { throw MetricsError.invalidParameter("the ROC band needs at least 2 grid points, got \(gridPoints)") }
        let g = ScoreGroups(data)
        return read(bads: g.bads.reversed(), goods: g.goods.reversed(), gridPoints: gridPoints)
    }

    static func read(bads: [Int], goods: [Int], gridPoints: Int) -> [Double] {
        var out = [Double](repeating: 0, count: gridPoints)
        read(bads: bads, goods: goods, gridPoints: gridPoints, into: &out)
        return out
    }

    /// TPR at each grid FPR of the curve whose tie groups hold `bads[k]` and `goods[k]`, k by ascending score
    /// (empty groups allowed); the curve is walked from the highest score down.
    static func read(bads: [Int], goods: [Int], gridPoints: Int, into out: inout [Double]) {
        let m = bads.reduce(0, +), n = goods.reduce(0, +), steps = gridPoints - 1
        // Current vertex (cg, cb) and the next one (ng, nb); k walks the groups downwards.
        var cg = 0, cb = 0, k = bads.count - 1
        var ng = 0, nb = 0
        func advance() -> Bool {
            guard k >= 0 else { return false }
            ng = cg + goods[k]; nb = cb + bads[k]; k -= 1
            return true
        }
        var hasNext = advance()
        for i in 0...steps {
            let target = i * n  // grid FPR i/steps, scaled by n·steps: vertex FPR g/n ↔ g·steps
            // Move to the last vertex with FPR ≤ the grid point.
            while hasNext && ng * steps <= target { cg = ng; cb = nb; hasNext = advance() }
            if cg * steps == target || !hasNext {
                out[i] = Double(cb) / Double(m)
            } else {
                let t = Double(target) / Double(steps)  // grid FPR × n
                out[i] = (Double(cb) + Double(nb - cb) * (t - Double(cg)) / Double(ng - cg)) / Double(m)
            }
        }
    }
}
