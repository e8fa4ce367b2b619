#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal number parsing that agrees with C `strtod` bit for bit.
///
/// Grammar (after the caller trims surrounding spaces):
/// `[+-]? (digits ('.' digits*)? | '.' digits) ([eE] [+-]? digits)?`.
/// Words such as `inf` and `nan`, hexadecimal floats, and trailing garbage are not numbers.
///
/// Fast path (Clinger 1990, doi:10.1145/93548.93557): when the significand has at most 19 significant
/// digits, is at most 2^53, and the decimal exponent is within ±22, one correctly rounded IEEE multiply or
/// divide by an exact power of ten gives the correctly rounded result. Everything else goes to `strtod`
/// on a NUL-terminated copy, which glibc rounds correctly. `scanShort` is the branch-light form of the fast
/// path for the common shapes (eight digits at a time, the technique of fast_float, Lemire 2021,
/// doi:10.1002/spe.2984); `scanBytes` handles every other input a byte at a time.
enum NumberParser {
    enum Status { case ok, invalid, overflow }

    /// 10^0 … 10^22, all exactly representable as Double.
    static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    static let integerPowers: [UInt64] = (0...19).map { k in (0..<k).reduce(UInt64(1)) { r, _ in r * 10 } }

    /// Parses the longest prefix of `p[start..<end]` that matches the number grammar.
    /// Returns the value, the index where the grammar stopped, and a status.
    /// `.invalid` means no digits at all. `.overflow` means the magnitude exceeds Double's range.
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, stop: Int, status: Status) {
        if start + shortReach <= end {
            let r = scanShort(p, start)
            // An exponent marker after the digits continues the number: the full scan takes it.
            if r.stop != start && (p[r.stop] | 0x20) != UInt8(ascii: "e") { return (r.value, r.stop, .ok) }
        }
        return scanBytes(p, start, end)
    }

    // MARK: - Eight digits at a time (the technique of fast_float, Lemire 2021, doi:10.1002/spe.2984)

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    /// The value of the first `n` (0…8) digits of `w`.
    @inline(__always)
    static func valueOfDigits(_ w: UInt64, _ n: Int) -> UInt64 {
        // Move the n digits to the top bytes (zero bytes below count as leading zeros). Masking shift: no
        // overshift branch; n = 0 is selected away at the end.
        let v = eightDigits(w &<< UInt64(truncatingIfNeeded: 64 &- 8 &* n))
        return n == 0 ? 0 : v
    }

    /// The value of the eight digits in `w` (first byte most significant); a zero byte counts as the digit 0.
    /// Pairs, then quadruples, then the whole, each by one multiply (fast_float's eight-digit step).
    @inline(__always)
    static func eightDigits(_ w: UInt64) -> UInt64 {
        var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) &>> 8                  // 10·a + b in every other byte
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16                 // 100·ab + cd in every other 16 bits
        return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32     // 10000·abcd + efgh
    }

    /// High bit set in each byte of `w` that is not an ASCII digit (exact up to the first such byte).
    @inline(__always)
    static func nonDigitBits(_ w: UInt64) -> UInt64 {
        let t = w ^ 0x3030_3030_3030_3030
        return ((t &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080
    }

    /// The digits of `w` before its first non-digit (given by `nonDigit`, from `nonDigitBits`), followed by
    /// zeros up to eight digits: the leading digits' value times 10^(8 − their count).
    @inline(__always)
    static func paddedDigits(_ w: UInt64, _ nonDigit: UInt64) -> UInt64 {
        // Lowest set bit is bit 8n+7 for n leading digits; none set means all eight are digits.
        let keep = ((nonDigit & (0 &- nonDigit)) &>> 7) &- 1
        return eightDigits(w & keep)
    }

    /// Whether `b` can be part of a number (`0`…`9`, `.`, `-`, `+`, `e`, `E`): such a delimiter is never
    /// read by `scan` alone.
    static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || (b | 0x20) == UInt8(ascii: "e")
    }

    /// Bytes `scanShort` may read from its start: the caller checks `start + shortReach <= end`.
    static let shortReach = 32

    /// 10^n for n in 1…16 (exact as Double); the switch compiles to a table lookup.
    @inline(__always)
    static func exactPower(_ n: Int) -> Double {
        switch n {
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        default: return 1e16
        }
    }

    /// The shapes of nearly every number in a data file, without a branch per digit: an optional `-`, at most
    /// 7 integer digits, and optionally a point and fraction digits, at most 8 digits in all (or up to 15 when
    /// the first eight, read as an integer, are at most 90071992: values below about 0.9 or with few integer
    /// digits and zeros after the point). No exponent.
    ///
    /// The point is squeezed out (the integer digits are followed directly by the fraction), and the digits,
    /// padded with zeros to 8 (or 16), become an integer M ≤ 2^53; the value is M / 10^(8 − k) (or
    /// 10^(16 − k)) for k integer digits, exactly, so one IEEE division of exact operands is correctly rounded
    /// (Clinger's fast path) and agrees with `strtod`. Returns the value and where the digits stop (at a byte
    /// that is not a digit), or `stop == start` for any other shape (then `scan` decides). It does not look
    /// past the digits: an `e` at `stop` is the caller's to reject.
    @_transparent
    static func scanShort(_ p: UnsafePointer<UInt8>, _ start: Int) -> (value: Double, stop: Int) {
        var i = start
        let negative = p[i] == UInt8(ascii: "-")
        if negative { i &+= 1 }
        let w = load(p, i)
        let wd = nonDigitBits(w)
        if wd == 0 { return (0, start) }                         // 8 or more integer digits
        let k = wd.trailingZeroBitCount &>> 3
        let value: Double
        if (w &>> UInt64(truncatingIfNeeded: k &* 8)) & 0xFF != UInt64(UInt8(ascii: ".")) {
            if k == 0 { return (0, start) }
            // One digit (flags, small codes) needs no eight-digit reduction.
            value = Double(k == 1 ? (w & 0xFF) &- 48 : valueOfDigits(w, k))
            i &+= k
        } else {
            // Bytes 0..<k of w (the integer digits), then the bytes after the point.
            let below = ((wd & (0 &- wd)) &>> 7) &- 1
            let s = (w & below) | (load(p, i &+ 1) & ~below)
            let sd = nonDigitBits(s)
            if sd != 0 {
                let t = sd.trailingZeroBitCount &>> 3              // digits in all
                if t == 0 { return (0, start) }                  // a point without digits
                value = Double(paddedDigits(s, sd)) / exactPower(8 &- k)
                i &+= t &+ 1
            } else {
                var m = eightDigits(s)
                i &+= 9
                let g = load(p, i)
                let gd = nonDigitBits(g)
                if gd & 0x80 != 0 {                              // exactly eight digits
                    value = Double(m) / exactPower(8 &- k)
                } else {
                    if gd == 0 || m > 90_071_992 { return (0, start) }  // 17+ digits, or M would pass 2^53
                    m = m &* 100_000_000 &+ paddedDigits(g, gd)
                    if m > (1 << 53) { return (0, start) }
                    i &+= gd.trailingZeroBitCount &>> 3
                    value = Double(m) / exactPower(16 &- k)
                }
            }
        }
        return (negative ? -value : value, i)
    }

    // MARK: - Byte at a time

    @inline(never)
    static func scanBytes(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, stop: Int, status: Status) {
        var i = start
        var negative = false
        if i < end {
            let c = p[i]
            if c == UInt8(ascii: "-") { negative = true; i += 1 } else if c == UInt8(ascii: "+") { i += 1 }
        }
        var mantissa: UInt64 = 0
        var significant = 0          // significant digits seen (leading zeros excluded)
        var exponent = 0             // decimal exponent adjustment for kept digits
        var dropped = false          // a non-zero digit beyond the 19th significant one
        var anyDigit = false
        while i < end {
            let d = p[i] &- 48
            if d > 9 { break }
            anyDigit = true
            if significant < 19 {
                if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ UInt64(d); significant += 1 }
            } else {
                exponent += 1
                if d != 0 { dropped = true }
            }
            i += 1
        }
        if i < end && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < end {
                let d = p[i] &- 48
                if d > 9 { break }
                anyDigit = true
                if significant < 19 {
                    if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ UInt64(d); significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    dropped = true
                }
                i += 1
            }
        }
        if !anyDigit { return (0, start, .invalid) }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
            var j = i + 1
            var expNegative = false
            if j < end {
                if p[j] == UInt8(ascii: "-") { expNegative = true; j += 1 } else if p[j] == UInt8(ascii: "+") { j += 1 }
            }
            var e = 0
            var expDigit = false
            while j < end {
                let d = p[j] &- 48
                if d > 9 { break }
                expDigit = true
                if e < 100_000 { e = e * 10 + Int(d) }
                j += 1
            }
            if expDigit {            // otherwise the 'e' is not part of the number (as in strtod)
                exponent += expNegative ? -e : e
                i = j
            }
        }
        if mantissa == 0 && !dropped { return (negative ? -0.0 : 0.0, i, .ok) }
        if !dropped && mantissa <= (1 << 53) {
            var value = Double(mantissa)
            if exponent == 0 {
                return (negative ? -value : value, i, .ok)
            } else if exponent > 0 && exponent <= 22 {
                value *= exactPowers[exponent]
                return (negative ? -value : value, i, .ok)
            } else if exponent < 0 && exponent >= -22 {
                value /= exactPowers[-exponent]
                return (negative ? -value : value, i, .ok)
            } else if exponent > 22 && exponent <= 22 + 18 {
                // Move part of the exponent into the integer significand when that stays exact.
                let k = exponent - 22
                let (m, overflow) = mantissa.multipliedReportingOverflow(by: integerPowers[k])
                if !overflow && m <= (1 << 53) {
                    value = Double(m) * 1e22
                    return (negative ? -value : value, i, .ok)
                }
            }
        }
        return slow(p, start, i)
    }

    /// Correct fallback: `strtod` on a NUL-terminated copy of `p[start..<stop]`.
    @inline(never)
    static func slow(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int) -> (value: Double, stop: Int, status: Status) {
        let count = stop - start
        let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buf in
            for k in 0..<count { buf[k] = CChar(bitPattern: p[start + k]) }
            buf[count] = 0
            return strtod(buf.baseAddress!, nil)
        }
        if value.isInfinite { return (value, stop, .overflow) }
        return (value, stop, .ok)
    }

    /// Parses all of `p[start..<end]` (already trimmed); nil unless the whole range is a finite number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let r = scan(p, start, end)
        return (r.status == .ok && r.stop == end) ? r.value : nil
    }

    /// Convenience for tests and small inputs.
    static func parse(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { parse($0.baseAddress!, 0, $0.count - 1) }
    }

    /// Parses `text` as a field followed by a delimiter and padding, as in the middle of a file, so that
    /// the eight-bytes-at-a-time path runs. nil unless the whole text is a finite number.
    static func parseInContext(_ text: String) -> Double? {
        let bytes = Array(text.utf8) + Array(",                                ".utf8)
        return bytes.withUnsafeBufferPointer { b in
            let r = scan(b.baseAddress!, 0, b.count)
            return (r.status == .ok && r.stop == text.utf8.count) ? r.value : nil
        }
    }

    /// Whether the whole range matches the number grammar but the value is out of Double's range.
    static func isOutOfRange(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { b in
            var s = 0, e = b.count - 1
            while s < e && b[s] == 32 { s += 1 }
            while e > s && b[e - 1] == 32 { e -= 1 }
            let r = scan(b.baseAddress!, s, e)
            return r.status == .overflow && r.stop == e
        }
    }
}
