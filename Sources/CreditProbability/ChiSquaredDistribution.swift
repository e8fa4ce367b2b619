import Foundation

/// The χ² distribution with k degrees of freedom (a Gamma(k/2, scale 2) distribution).
///
/// ```swift
/// ChiSquaredDistribution.survival(3.841458820694124, degreesOfFreedom: 1)   // 0.05
/// ```
public enum ChiSquaredDistribution {
    /// P(X ≤ x) = P(k/2, x/2).
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double {
        if x <= 0 { return x.isNaN ? .nan : 0 }
        if k == 2 { return -expm1(-x / 2) }
        return IncompleteGamma.lowerRegularized(k / 2, x / 2)
    }

    /// The survival function (upper-tail p-value) P(X > x) = Q(k/2, x/2).
    ///
    /// Exact closed forms for k = 1 (erfc(√(x/2))) and k = 2 (e^(−x/2)); the incomplete gamma otherwise.
    /// - Returns: 1 for x ≤ 0, NaN for k ≤ 0 or NaN input.
    public static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double {
        if x.isNaN || k.isNaN || k <= 0 { return .nan }
        if x <= 0 { return 1 }
        if k == 1 { return erfc((x / 2).squareRoot()) }
        if k == 2 { return exp(-x / 2) }
        return IncompleteGamma.upperRegularized(k / 2, x / 2)
    }
}
