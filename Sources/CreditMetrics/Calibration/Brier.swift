/// The Brier score with a binned Murphy decomposition and the Brier skill score.
///
/// Brier = mean (p − y)². With the PDs grouped into `bins` equal-width bins of [0, 1] (right-closed as
/// scikit-learn's `calibration_curve`, the first bin [0, 1/bins]): reliability REL = Σ n_k(p̄_k − ȳ_k)²/N,
/// resolution RES = Σ n_k(ȳ_k − ȳ)²/N, uncertainty UNC = ȳ(1 − ȳ) (Murphy 1973, J. Applied Meteorology
/// 12:595–600). REL − RES + UNC equals the Brier score only when p is constant within each bin; the
/// difference (the within-bin variance term) is reported as `decompositionResidual` = Brier − (REL − RES + UNC).
/// Skill = 1 − Brier/UNC: the improvement on always predicting the sample bad rate.
public struct BrierScore: Sendable, Codable, Equatable {
    public let value: Double
    public let reliability: Double
    public let resolution: Double
    public let uncertainty: Double
    public let decompositionResidual: Double
    public let skillScore: Double
    public let bins: Int

    public init(_ data: ScoredOutcomes, bins: Int = 10) throws {
        try data.requireProbabilities()
        let n = Double(data.count)
        var sum = 0.0
        for (p, b) in zip(data.scores, data.isBad) { let d = p - (b ? 1 : 0); sum += d * d }
        value = sum / n
        let table = reliabilityTable(data, bins: bins)
        let base = Double(data.bads) / n
        var rel = 0.0, res = 0.0
        for row in table {
            rel += Double(row.rows) * (row.meanPredicted - row.observedRate) * (row.meanPredicted - row.observedRate)
            res += Double(row.rows) * (row.observedRate - base) * (row.observedRate - base)
        }
        reliability = rel / n
        resolution = res / n
        uncertainty = base * (1 - base)
        decompositionResidual = value - (reliability - resolution + uncertainty)
        skillScore = 1 - value / uncertainty
        self.bins = bins
    }
}

/// One bin of a reliability (calibration) table.
public struct ReliabilityRow: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    public var rows: Int
    public var bads: Int
    public var meanPredicted: Double
    public var observedRate: Double
}

/// The bin of p among `bins` equal-width right-closed bins: (k/B, (k+1)/B], the first also holding 0,
/// as scikit-learn's `calibration_curve(strategy="uniform")` (`searchsorted(edges[1:-1], p)`).
func uniformBin(_ p: Double, bins: Int) -> Int {
    var k = Int((p * Double(bins)).rounded(.up)) - 1
    k = min(max(k, 0), bins - 1)
    // Guard against rounding of k/B: p must lie in (edge_k, edge_{k+1}].
    while k > 0 && p <= Double(k) / Double(bins) { k -= 1 }
    while k < bins - 1 && p > Double(k + 1) / Double(bins) { k += 1 }
    return k
}

/// The reliability table: non-empty equal-width bins of the PD with mean prediction and observed bad rate.
public func reliabilityTable(_ data: ScoredOutcomes, bins: Int = 10) -> [ReliabilityRow] {
    precondition(bins >= 1, "reliabilityTable: bins must be positive")
    var count = [Int](repeating: 0, count: bins), bads = count
    var sums = [Double](repeating: 0, count: bins)
    for (p, b) in zip(data.scores, data.isBad) {
        let k = uniformBin(p, bins: bins)
        count[k] += 1; sums[k] += p; if b { bads[k] += 1 }
    }
    return (0..<bins).filter { count[$0] > 0 }.map { k in
        ReliabilityRow(lower: Double(k) / Double(bins), upper: Double(k + 1) / Double(bins), rows: count[k], bads: bads[k],
                       meanPredicted: sums[k] / Double(count[k]), observedRate: Double(bads[k]) / Double(count[k]))
    }
}

/// Expected calibration error over `bins` equal-width bins (as `reliabilityTable`):
/// ECE = Σ (n_k/N)·|ȳ_k − p̄_k|.
public func expectedCalibrationError(_ data: ScoredOutcomes, bins: Int = 10) throws -> Double {
    try data.requireProbabilities()
    let n = Double(data.count)
    return reliabilityTable(data, bins: bins).reduce(0) { $0 + Double($1.rows) / n * abs($1.observedRate - $1.meanPredicted) }
}
