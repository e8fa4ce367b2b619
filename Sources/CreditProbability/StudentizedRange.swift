import Foundation

/// The studentized range distribution of the range of k independent standard normals (infinite degrees of
/// freedom), used by the Nemenyi test (Demšar 2006, critical difference q_α·√(k(k+1)/(6N)) with q_α = the
/// upper-α quantile of this distribution divided by √2).
///
/// P(R ≤ q) = k ∫ φ(z)·[Φ(z) − Φ(z − q)]^(k−1) dz, by composite Simpson on [−9, 9] (4,000 panels; the
/// integrand is smooth, error well below 1e-10).
public enum StudentizedRange {
    /// P(R ≤ q) for the range of k ≥ 2 standard normals.
    public static func cdf(_ q: Double, groups k: Int) -> Double {
        precondition(k >= 2, "StudentizedRange: needs at least 2 groups")
        if q.isNaN { return .nan }
        if q <= 0 { return 0 }
        let lower = -9.0, upper = 9.0, panels = 4000
        let h = (upper - lower) / Double(panels)
        func f(_ z: Double) -> Double {
            let inner = NormalDistribution.cdf(z) - NormalDistribution.cdf(z - q)
            return NormalDistribution.density(z) * pow(max(inner, 0), Double(k - 1))
        }
        var sum = f(lower) + f(upper)
        for i in 1..<panels { sum += f(lower + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return min(1, Double(k) * sum * h / 3)
    }

    /// The quantile q with P(R ≤ q) = p, by bisection to 1e-12.
    public static func quantile(_ p: Double, groups k: Int) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? 0 : (p == 1 ? .infinity : .nan) }
        var lo = 0.0, hi = 20.0
        for _ in 0..<200 where hi - lo > 1e-12 {
            let mid = (lo + hi) / 2
            if cdf(mid, groups: k) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
