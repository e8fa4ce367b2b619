import Foundation

/// Number formatting shared by every report.
public enum NumberFormat {
    /// Fixed decimals, "−" never used (plain ASCII minus so output pastes into code).
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.\(decimals)f", x)
    }

    /// A coefficient-like number: fixed decimals, or exponent form (4 significant digits) when fixed decimals
    /// would keep fewer than two significant digits (|x| < 10^(1−decimals)) or the number is very long (≥ 1e6).
    public static func estimate(_ x: Double, _ decimals: Int = 4) -> String {
        guard x.isFinite else { return fixed(x, decimals) }
        let small = pow(10, Double(1 - decimals))
        if x != 0 && (abs(x) < small || abs(x) >= 1e6) { return String(format: "%.3e", x) }
        return fixed(x, decimals)
    }

    /// Significant digits, switching to exponent form for very small or large magnitudes (like %g).
    public static func significant(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.\(digits)g", x)
    }

    /// A p-value: 4 significant digits, "<1e-300" when it underflows to 0.
    public static func pValue(_ p: Double) -> String {
        if p.isNaN { return "nan" }
        if p == 0 { return "<1e-300" }
        return p < 1e-4 ? String(format: "%.2e", p) : String(format: "%.4f", p)
    }

    /// An integer with thousands separators: 1,000,000.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A share as a percentage with one decimal.
    public static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

    /// Appends the bytes of `x.description` (the shortest text that reads back as `x`: "0.1", "1e-05",
    /// "5e-324") to `out` without creating a String per number.
    ///
    /// `Double.write(to:)` runs the same digit generator as `description` and hands the text to the stream's
    /// `_writeASCII` (a standard library `TextOutputStream` requirement with a String-making default), which
    /// `ByteSink` takes as bytes; NaN goes through `description` (`write(to:)` spells a NaN's payload, as
    /// `debugDescription` does). `NumberFormatTests` checks the bytes against `description` on edge cases, grids
    /// and random bit patterns.
    @inline(__always)
    public static func appendShortest(_ x: Double, to out: inout [UInt8]) {
        if x.isNaN { out.append(contentsOf: x.description.utf8); return }
        var sink = ByteSink()
        swap(&sink.bytes, &out)         // O(1): the array moves in and back out, no copy
        x.write(to: &sink)
        swap(&sink.bytes, &out)
    }
}

extension NumberFormat {
    /// Room `writeShortest` needs (the longest `description` of a Double, "-2.2250738585072014e-308", is 24 bytes).
    public static let shortestCapacity = 32

    /// Writes the bytes of `x.description` at `p`, which has room for `shortestCapacity` bytes, and returns
    /// their count (see `appendShortest`).
    @inline(__always)
    public static func writeShortest(_ x: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var sink = PointerSink(p: p)
        if x.isNaN { sink.write(x.description) } else { x.write(to: &sink) }
        return sink.count
    }
}

/// A `TextOutputStream` into `shortestCapacity` bytes at `p`, taking ASCII text as bytes.
struct PointerSink: TextOutputStream {
    let p: UnsafeMutablePointer<UInt8>
    var count = 0
    mutating func write(_ string: String) { for b in string.utf8 { put(b) } }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        precondition(count + buffer.count <= NumberFormat.shortestCapacity, "number text longer than expected")
        (p + count).update(from: buffer.baseAddress!, count: buffer.count)
        count += buffer.count
    }
    private mutating func put(_ b: UInt8) {
        precondition(count < NumberFormat.shortestCapacity, "number text longer than expected")
        p[count] = b
        count += 1
    }
}

/// A `TextOutputStream` into a byte array, taking ASCII text (numbers) as bytes, with no String in between.
struct ByteSink: TextOutputStream {
    var bytes: [UInt8] = []
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
