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
