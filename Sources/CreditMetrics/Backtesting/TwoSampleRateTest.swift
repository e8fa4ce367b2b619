import Foundation
import CreditProbability

/// Two-sample test that two default rates are equal: a recent sample's D₁ of N₁ against a base sample's D₀ of
/// N₀ ("recent vs base"), so that the base's own sampling error is carried, unlike a test against a model's PD.
///
/// With every expected cell count of the 2 × 2 table at least `minimumExpected` (5 by default, Cochran's rule),
/// the pooled two-proportion z test:
///
///     p̂ = (D₁ + D₀)/(N₁ + N₀),   z = (D₁/N₁ − D₀/N₀) / √(p̂(1 − p̂)(1/N₁ + 1/N₀)),   p = 2·Φ(−|z|)
///
/// (Agresti 2013, *Categorical Data Analysis*, §3.1); otherwise Fisher's exact test, two-sided: the sum of the
/// hypergeometric probabilities of the tables with the same margins that are no more likely than the observed one
/// (within a relative 1e-7, as scipy). The peers are statsmodels `proportions_ztest([D₁, D₀], [N₁, N₀])` and
/// scipy `fisher_exact([[D₁, N₁ − D₁], [D₀, N₀ − D₀]])` (Tests/CreditMetricsTests/Fixtures/make_two_sample_fixtures.py).
public struct TwoSampleRateTest: Sendable, Codable, Equatable {
    /// The test used.
    public enum Method: String, Sendable, Codable {
        case twoProportionZ = "two-proportion z"
        case fisherExact = "Fisher exact"
    }
    public let recentRows: Int
    public let recentDefaults: Int
    public let baseRows: Int
    public let baseDefaults: Int
    /// D₁/N₁ and D₀/N₀.
    public let recentRate: Double
    public let baseRate: Double
    /// (recent rate − base rate)/base rate; +∞ when the base rate is 0 and the recent one is not, 0 when both are,
    /// NaN when a sample has no rows.
    public let relativeGap: Double
    public let method: Method
    /// The z statistic (NaN for Fisher's test).
    public let z: Double
    /// Two-sided p-value; NaN when a sample has no rows.
    public let pValue: Double

    /// - Parameter minimumExpected: the smallest expected count of a cell for the z test; below it, Fisher's test.
    /// - Precondition: 0 ≤ defaults ≤ rows in each sample.
    public init(recentDefaults: Int, recentRows: Int, baseDefaults: Int, baseRows: Int, minimumExpected: Double = 5) {
        precondition(recentDefaults >= 0 && recentDefaults <= recentRows && baseDefaults >= 0 && baseDefaults <= baseRows,
                     "TwoSampleRateTest: need 0 ≤ defaults ≤ rows")
        self.recentRows = recentRows; self.recentDefaults = recentDefaults
        self.baseRows = baseRows; self.baseDefaults = baseDefaults
        let n1 = Double(recentRows), n0 = Double(baseRows)
        recentRate = recentRows > 0 ? Double(recentDefaults) / n1 : .nan
        baseRate = baseRows > 0 ? Double(baseDefaults) / n0 : .nan
        relativeGap = recentRows == 0 || baseRows == 0 ? .nan
            : baseRate > 0 ? (recentRate - baseRate) / baseRate : (recentRate > 0 ? .infinity : 0)
        guard recentRows > 0 && baseRows > 0 else {
            method = .twoProportionZ; z = .nan; pValue = .nan; return
        }
        let n = n1 + n0, d = Double(recentDefaults + baseDefaults)
        let expected = [n1 * d / n, n1 * (n - d) / n, n0 * d / n, n0 * (n - d) / n]
        if expected.allSatisfy({ $0 >= minimumExpected }) {
            method = .twoProportionZ
            let pooled = d / n
            let se = (pooled * (1 - pooled) * (1 / n1 + 1 / n0)).squareRoot()
            z = (recentRate - baseRate) / se
            pValue = NormalDistribution.twoSidedPValue(z)
        } else {
            method = .fisherExact
            z = .nan
            pValue = Self.fisherExactPValue(a: recentDefaults, rowA: recentRows, rowB: baseRows, column: recentDefaults + baseDefaults)
        }
    }

    /// Two-sided Fisher exact p-value of a 2 × 2 table with first row total `rowA`, second `rowB`, first column
    /// total `column` and top-left cell `a`.
    static func fisherExactPValue(a: Int, rowA: Int, rowB: Int, column: Int) -> Double {
        let n = rowA + rowB
        let lo = max(0, column - rowB), hi = min(rowA, column)
        if lo == hi { return 1 }
        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        }
        let logTotal = logChoose(n, column)
        func logP(_ x: Int) -> Double { logChoose(rowA, x) + logChoose(rowB, column - x) - logTotal }
        let observed = logP(a)
        var p = 0.0
        for x in lo...hi {
            let lp = logP(x)
            if lp <= observed + log1p(1e-7) { p += exp(lp) }
        }
        return min(1, p)
    }
}

/// The Clopper–Pearson ("exact") confidence interval of a binomial proportion: the α/2 quantile of
/// Beta(x, n − x + 1) and the 1 − α/2 quantile of Beta(x + 1, n − x), 0 and 1 at the ends (Clopper & Pearson
/// 1934, Biometrika 26:404–413). The peer is statsmodels `proportion_confint(x, n, alpha, method="beta")`.
///
/// - Returns: (lower, upper); (NaN, NaN) when n = 0.
public func clopperPearsonInterval(successes x: Int, trials n: Int, level: Double = 0.95) -> (lower: Double, upper: Double) {
    precondition(x >= 0 && x <= n && level > 0 && level < 1, "clopperPearsonInterval: need 0 ≤ x ≤ n, 0 < level < 1")
    guard n > 0 else { return (.nan, .nan) }
    let alpha = 1 - level
    /// The p with CDF of Beta(a, b) at p equal to `target`, by bisection (the CDF increases in p).
    func quantile(_ target: Double, _ a: Double, _ b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if BetaDistribution.cdf(mid, alpha: a, beta: b) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
    let lower = x == 0 ? 0 : quantile(alpha / 2, Double(x), Double(n - x + 1))
    let upper = x == n ? 1 : quantile(1 - alpha / 2, Double(x + 1), Double(n - x))
    return (lower, upper)
}
