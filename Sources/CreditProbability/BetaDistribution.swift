import Foundation

/// The Beta(α, β) distribution on [0, 1].
///
/// ```swift
/// BetaDistribution.cdf(0.02, alpha: 3.5, beta: 97.5)   // Jeffreys test p-value for 3 defaults in 100 at PD 2%
/// ```
public enum BetaDistribution {
    /// P(X ≤ x) = I_x(α, β); 0 below 0, 1 above 1.
    public static func cdf(_ x: Double, alpha: Double, beta: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return alpha > 0 && beta > 0 ? 0 : .nan }
        if x >= 1 { return alpha > 0 && beta > 0 ? 1 : .nan }
        return IncompleteBeta.regularized(x, alpha, beta)
    }

    /// P(X > x) = 1 − I_x(α, β), accurate in the upper tail.
    public static func survival(_ x: Double, alpha: Double, beta: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 { return alpha > 0 && beta > 0 ? 1 : .nan }
        if x >= 1 { return alpha > 0 && beta > 0 ? 0 : .nan }
        return IncompleteBeta.complement(x, alpha, beta)
    }
}

/// The binomial distribution Bin(n, p).
public enum BinomialDistribution {
    /// P(X ≥ k) = I_p(k, n − k + 1) for 1 ≤ k ≤ n; 1 for k ≤ 0; 0 for k > n.
    public static func upperTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double {
        precondition(n >= 0, "BinomialDistribution: negative trials")
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        return IncompleteBeta.regularized(p, Double(k), Double(n - k + 1))
    }

    /// P(X = k) by log-gammas (0 outside 0…n).
    public static func probability(of k: Int, trials n: Int, probability p: Double) -> Double {
        guard k >= 0 && k <= n, !p.isNaN, p >= 0, p <= 1 else { return p.isNaN ? .nan : 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    /// The exact two-sided binomial test of k successes in n trials against probability p: the sum of P(X = j)
    /// over every j no more likely than k (within a relative 1e-7, for rounding), as scipy.stats.binomtest
    /// (alternative "two-sided") and R binom.test define it. NaN for n = 0.
    public static func twoSidedPValue(successes k: Int, trials n: Int, probability p: Double) -> Double {
        guard n > 0, k >= 0, k <= n, !p.isNaN, p >= 0, p <= 1 else { return .nan }
        let observed = probability(of: k, trials: n, probability: p) * (1 + 1e-7)
        var total = 0.0
        for j in 0...n {
            let pj = probability(of: j, trials: n, probability: p)
            if pj <= observed { total += pj }
        }
        return min(1, total)
    }
}

/// The F distribution with (d1, d2) degrees of freedom.
public enum FDistribution {
    /// P(X > x) = I_{d2/(d2 + d1·x)}(d2/2, d1/2).
    public static func survival(_ x: Double, _ d1: Double, _ d2: Double) -> Double {
        if x.isNaN || d1 <= 0 || d2 <= 0 { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return IncompleteBeta.regularized(d2 / (d2 + d1 * x), d2 / 2, d1 / 2)
    }
}
