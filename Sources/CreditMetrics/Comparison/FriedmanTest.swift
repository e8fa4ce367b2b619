import CreditProbability
/// Comparing k methods over N datasets or folds by their ranks (Demšar 2006, JMLR 7:1–30): the Friedman
/// test, the Iman–Davenport F, the Nemenyi critical difference and pairwise tests, and Holm-corrected
/// pairwise z tests.
///
/// Ranks are within each dataset, 1 = best (ties get midranks). χ²_F = [12/(Nk(k+1))·Σ R_j² − 3N(k+1)]/C
/// with the tie correction C = 1 − Σ(t³ − t)/(Nk(k² − 1)), as scipy's `friedmanchisquare` (C = 1 without
/// ties, Demšar's formula). F_F = (N − 1)χ²_F/(N(k − 1) − χ²_F) on (k − 1, (k − 1)(N − 1)) df.
/// CD = q_α·√(k(k + 1)/(6N)) with q_α the studentized range quantile (infinite df) over √2. Pairwise
/// z = (R_i − R_j)/√(k(k + 1)/(6N)); Nemenyi p = P(range of k normals ≥ √2·|z|); Holm adjusts the
/// two-sided normal p-values of z step-down.
public struct FriedmanTest: Sendable, Codable, Equatable {
    public struct Pair: Sendable, Codable, Equatable {
        public let first: Int
        public let second: Int
        /// R_first − R_second (negative: first ranks better).
        public let rankDifference: Double
        public let z: Double
        public let pValue: Double
        public let holmAdjustedPValue: Double
        public let nemenyiPValue: Double
    }

    public let methods: Int
    public let datasets: Int
    public let averageRanks: [Double]
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
    public let imanDavenportStatistic: Double
    public let imanDavenportPValue: Double
    public let alpha: Double
    public let criticalDifference: Double
    public let pairs: [Pair]

    /// - Parameters:
    ///   - performance: one row per dataset or fold, one column per method.
    ///   - higherIsBetter: true for AUC-like metrics, false for losses (Brier, log loss).
    public init(performance: [[Double]], higherIsBetter: Bool = true, alpha: Double = 0.05) throws {
        let n = performance.count
        guard n >= 2 else { throw MetricsError.tooFew("the Friedman test needs at least 2 datasets or folds, got \(n)") }
        let k = performance[0].count
        guard k >= 2 else { throw MetricsError.tooFew("the Friedman test needs at least 2 methods, got \(k)") }
        for (i, row) in performance.enumerated() {
            guard row.count == k else { throw MetricsError.invalidParameter("row \(i + 1) has \(row.count) methods, the first has \(k)") }
            if row.contains(where: { !$0.isFinite }) { throw MetricsError.nonFiniteScore(row: i) }
        }
        var rankSums = [Double](repeating: 0, count: k)
        var tieTerm = 0.0
        for row in performance {
            let order = (0..<k).sorted { higherIsBetter ? row[$0] > row[$1] : row[$0] < row[$1] }
            var i = 0
            while i < k {
                var j = i
                while j + 1 < k && row[order[j + 1]] == row[order[i]] { j += 1 }
                let mid = Double(i + j) / 2 + 1
                for t in i...j { rankSums[order[t]] += mid }
                let t = Double(j - i + 1)
                tieTerm += t * t * t - t
                i = j + 1
            }
        }
        let dn = Double(n), dk = Double(k)
        let ranks = rankSums.map { $0 / dn }
        let raw = 12 / (dn * dk * (dk + 1)) * rankSums.reduce(0) { $0 + $1 * $1 } - 3 * dn * (dk + 1)
        let correction = 1 - tieTerm / (dn * dk * (dk * dk - 1))
        let chi = raw / correction
        methods = k
        datasets = n
        averageRanks = ranks
        statistic = chi
        degreesOfFreedom = k - 1
        pValue = ChiSquaredDistribution.survival(chi, degreesOfFreedom: dk - 1)
        imanDavenportStatistic = (dn - 1) * chi / (dn * (dk - 1) - chi)
        imanDavenportPValue = FDistribution.survival(imanDavenportStatistic, dk - 1, (dk - 1) * (dn - 1))
        self.alpha = alpha
        let se = (dk * (dk + 1) / (6 * dn)).squareRoot()
        criticalDifference = StudentizedRange.quantile(1 - alpha, groups: k) / 2.0.squareRoot() * se
        var pairs: [Pair] = []
        for i in 0..<k { for j in (i + 1)..<k where j < k {
            let d = ranks[i] - ranks[j], z = d / se
            pairs.append(Pair(first: i, second: j, rankDifference: d, z: z, pValue: NormalDistribution.twoSidedPValue(z),
                              holmAdjustedPValue: .nan,
                              nemenyiPValue: 1 - StudentizedRange.cdf(abs(z) * 2.0.squareRoot(), groups: k)))
        } }
        let adjusted = holmAdjusted(pairs.map(\.pValue))
        self.pairs = pairs.enumerated().map { idx, p in
            Pair(first: p.first, second: p.second, rankDifference: p.rankDifference, z: p.z, pValue: p.pValue,
                 holmAdjustedPValue: adjusted[idx], nemenyiPValue: p.nemenyiPValue)
        }
    }
}
