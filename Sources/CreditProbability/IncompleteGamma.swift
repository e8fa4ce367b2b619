import Foundation

/// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
///
/// Series for x < a + 1, Lentz's continued fraction otherwise (Press et al., *Numerical Recipes*, 3rd ed.,
/// §6.2), each computed directly in the regime where it does not cancel, so Q keeps its relative accuracy
/// far into the upper tail. Relative accuracy is about 1e-14 for moderate arguments; for x in the hundreds
/// the prefactor xᵃe⁻ˣ/Γ(a) limits it to roughly x·ε (a few 1e-13).
public enum IncompleteGamma {
    /// P(a, x) = γ(a, x)/Γ(a), the lower regularized incomplete gamma function.
    public static func lowerRegularized(_ a: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || a <= 0 || x < 0 { return .nan }
        if x == 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x)
    }

    /// Q(a, x) = Γ(a, x)/Γ(a), the upper regularized incomplete gamma function.
    public static func upperRegularized(_ a: Double, _ x: Double) -> Double {
        if x.isNaN || a.isNaN || a <= 0 || x < 0 { return .nan }
        if x == 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x)
    }

    /// log(xᵃ·e⁻ˣ/Γ(a)).
    private static func logPrefactor(_ a: Double, _ x: Double) -> Double {
        a * log(x) - x - lgamma(a)
    }

    /// P(a, x) by the series e⁻ˣxᵃ/Γ(a+1)·Σ xⁿ/((a+1)…(a+n)).
    private static func series(_ a: Double, _ x: Double) -> Double {
        var ap = a
        var term = 1 / a
        var sum = term
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum * exp(logPrefactor(a, x))
    }

    /// Q(a, x) by the continued fraction (modified Lentz).
    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefactor(a, x)) * h
    }
}
