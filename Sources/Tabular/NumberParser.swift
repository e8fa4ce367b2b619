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
/// on a NUL-terminated copy, which glibc rounds correctly.
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
        if start + 24 <= end, let r = scanSWAR(p, start, end) { return r }
        return scanBytes(p, start, end)
    }

    // MARK: - Eight digits at a time (the technique of fast_float, Lemire 2021, doi:10.1002/spe.2984)

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    /// How many of the 8 bytes in `w` (first byte lowest) are ASCII digits before the first non-digit.
    @inline(__always)
    static func leadingDigits(_ w: UInt64) -> Int {
        let t = w ^ 0x3030_3030_3030_3030
        // High bit set in a byte when that byte is not a digit (exact up to the first non-digit byte).
        let nonDigit = ((t &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080
        return nonDigit.trailingZeroBitCount >> 3
    }

    /// The value of the first `n` (0…8) digits of `w`.
    @inline(__always)
    static func valueOfDigits(_ w: UInt64, _ n: Int) -> UInt64 {
        // Move the n digits to the top bytes and fill the bytes below with '0' (a digit byte already has the
        // 0x30 bits, so OR-ing them in leaves it unchanged). Masking shifts: no overshift branch; n = 0 is
        // selected away at the end.
        var v = (w &<< UInt64(truncatingIfNeeded: 64 &- 8 &* n)) | 0x3030_3030_3030_3030
        v = v &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v &>> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        v = (((v & mask) &* 0x000F_4240_0000_0064) &+ (((v &>> 16) & mask) &* 0x0000_2710_0000_0001)) &>> 32
        return n == 0 ? 0 : v & 0xFFFF_FFFF
    }

    /// 10^n for n in 0…22 (exact), from a constant table (no global-array access on the hot path).
    @inline(__always)
    static func exactPower(_ n: Int) -> Double {
        switch n {
        case 0: return 1e0
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
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    @inline(__always)
    static func power10(_ n: Int) -> UInt64 {
        switch n {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        case 4: return 10000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        default: return 100_000_000
        }
    }

    /// Branch-light scan for the common shapes; nil hands the input to `scanBytes`. Needs 24 readable bytes.
    @inline(__always)
    static func scanSWAR(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, stop: Int, status: Status)? {
        var i = start
        let c = p[i]
        let negative = c == UInt8(ascii: "-")
        if negative || c == UInt8(ascii: "+") { i += 1 }
        let w = load(p, i)
        let intDigits = leadingDigits(w)
        if intDigits == 8 { return nil }
        var mantissa = valueOfDigits(w, intDigits)
        i += intDigits
        var fractionDigits = 0
        if p[i] == UInt8(ascii: ".") {
            i += 1
            while true {
                if i + 8 > end { return nil }
                let f = load(p, i)
                let n = leadingDigits(f)
                mantissa = mantissa &* power10(n) &+ valueOfDigits(f, n)
                i += n
                fractionDigits += n
                if n < 8 { break }
            }
        }
        let digits = intDigits + fractionDigits
        if digits == 0 || digits > 19 { return nil }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") { return nil }
        if mantissa > (1 << 53) || fractionDigits > 22 { return nil }
        var value = Double(mantissa)
        if fractionDigits > 0 { value /= exactPower(fractionDigits) }
        return (negative ? -value : value, i, .ok)
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
