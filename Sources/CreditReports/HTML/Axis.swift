import Foundation

/// Axis ticks at "nice" numbers (1, 2, 2.5 or 5 × 10^k), Heckbert's loose labelling (Graphics Gems, 1990):
/// the step is the nice number nearest range/(count − 1); the ticks cover [lower, upper].
package struct NiceScale: Sendable, Equatable {
    package let lower: Double
    package let upper: Double
    package let step: Double
    package var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded())
        return (0...n).map { Self.clean(lower + Double($0) * step) }
    }

    package init(minimum: Double, maximum: Double, count: Int = 6) {
        var lo = minimum, hi = maximum
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if lo > hi { swap(&lo, &hi) }
        if hi - lo < 1e-12 { let pad = abs(lo) > 0 ? abs(lo) * 0.1 : 1; lo -= pad; hi += pad }
        let range = Self.nice(hi - lo, round: false)
        let step = Self.nice(range / Double(max(count - 1, 1)), round: true)
        self.step = step
        self.lower = Self.clean((lo / step).rounded(.down) * step)
        self.upper = Self.clean((hi / step).rounded(.up) * step)
    }

    /// Heckbert's nicenum: the nice number near x, rounded (nearest) or not (at least x).
    package static func nice(_ x: Double, round: Bool) -> Double {
        let e = (log10(x)).rounded(.down)
        let f = x / pow(10, e)
        let nf: Double
        if round { nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 }
        else { nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
        return nf * pow(10, e)
    }

    /// Removes binary noise (0.30000000000000004 → 0.3) by rounding to 12 significant digits.
    static func clean(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return 0 }
        return Double(String(format: "%.12g", x)) ?? x
    }

    /// The label of a tick: as many decimals as the step needs, times `scale` (100 for percent).
    package func label(_ x: Double, scale: Double = 1) -> String {
        let s = step * scale
        let decimals = s >= 1 ? 0 : min(6, Int((-log10(s)).rounded(.up)))
        let v = x * scale
        let text = String(format: "%.\(decimals)f", abs(v) < 1e-12 ? 0 : v)
        return text
    }
}
