import Foundation

/// Number formatting shared by every report.
package enum NumberFormat {
    /// Fixed decimals, "−" never used (plain ASCII minus so output pastes into code).
    package static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.\(decimals)f", x)
    }

    /// A coefficient-like number: fixed decimals, or exponent form (4 significant digits) when fixed decimals
    /// would keep fewer than two significant digits (|x| < 10^(1−decimals)) or the number is very long (≥ 1e6).
    package static func estimate(_ x: Double, _ decimals: Int = 4) -> String {
        guard x.isFinite else { return fixed(x, decimals) }
        let small = pow(10, Double(1 - decimals))
        if x != 0 && (abs(x) < small || abs(x) >= 1e6) { return String(format: "%.3e", x) }
        return fixed(x, decimals)
    }

    /// Significant digits, switching to exponent form for very small or large magnitudes (like %g).
    package static func significant(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.\(digits)g", x)
    }

    /// A p-value: 4 significant digits, "<1e-300" when it underflows to 0.
    package static func pValue(_ p: Double) -> String {
        if p.isNaN { return "nan" }
        if p == 0 { return "<1e-300" }
        return p < 1e-4 ? String(format: "%.2e", p) : String(format: "%.4f", p)
    }

    /// An integer with thousands separators: 1,000,000.
    package static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A share as a percentage with one decimal.
    package static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}
