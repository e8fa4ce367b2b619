/// Which byte sequences are well-formed UTF-8 (Unicode 15.0, §3.9, table 3-7), for the readers that check their
/// input themselves (the CSV reader's validation pass, the strict JSON reader of model files).
package enum UTF8Sequence {
    /// The length (2 to 4) of the well-formed multi-byte sequence whose lead byte is at `i` of `count` bytes, or
    /// nil: a continuation byte or an overlong lead (C0, C1) where a lead is expected, F5…FF, a second byte out
    /// of its lead's range (E0 ≥ A0: no overlong forms; ED ≤ 9F: no UTF-16 surrogates; F0 ≥ 90; F4 ≤ 8F:
    /// ≤ U+10FFFF), a later byte that is not a continuation, or a sequence cut off by the end.
    /// `byte(k)` reads byte k; the caller handles ASCII (< 0x80) itself.
    @inlinable @inline(__always)
    package static func length(at i: Int, count: Int, _ byte: (Int) -> UInt8) -> Int? {
        var need = 0
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch byte(i) {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: need = 2
        case 0xED: need = 2; hi = 0x9F
        case 0xF0: need = 3; lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; hi = 0x8F
        default: return nil
        }
        if i + need >= count { return nil }
        let b1 = byte(i + 1)
        if b1 < lo || b1 > hi { return nil }
        var k = 2
        while k <= need {
            if byte(i + k) & 0xC0 != 0x80 { return nil }
            k += 1
        }
        return need + 1
    }
}
