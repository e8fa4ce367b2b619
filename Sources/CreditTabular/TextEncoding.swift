#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import _CreditKernels
/// A character encoding for input files. Anything but UTF-8 is converted to UTF-8 with iconv before parsing.
public enum TextEncoding: Sendable, Equatable {
    case utf8
    /// An iconv encoding name, e.g. "GB18030", "GBK", "LATIN1", "CP1252".
    case iconv(String)

    /// "UTF-8"/"utf8" (any case) give `.utf8`; any other name is passed to iconv.
    public init(name: String) {
        let u = name.uppercased()
        self = (u == "UTF-8" || u == "UTF8") ? .utf8 : .iconv(name)
    }

    /// The name as given (UTF-8 for `.utf8`).
    public var name: String {
        switch self { case .utf8: return "UTF-8"; case .iconv(let n): return n }
    }

    /// The iconv name of the UTF-16 or UTF-32 encoding whose byte-order mark starts `bytes`, or nil.
    ///
    /// `FF FE 00 00` is UTF-32LE (checked before UTF-16LE's `FF FE`, its prefix: a UTF-16LE file cannot start
    /// with U+0000, as NUL is never data), `00 00 FE FF` UTF-32BE, `FF FE` UTF-16LE, `FE FF` UTF-16BE. None of
    /// these byte pairs can start UTF-8 text. (The UTF-8 mark `EF BB BF` is UTF-8: nil.)
    package static func wideEncoding(markedIn bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let n = bytes.count
        if n >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0 { return "UTF-32LE" }
        if n >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF { return "UTF-32BE" }
        if n >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE { return "UTF-16LE" }
        if n >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return "UTF-16BE" }
        return nil
    }
}

enum Transcoder {
    /// Converts `input` from `encoding` to UTF-8 with iconv. With `detected`, the encoding was found from the
    /// input's byte-order mark (`TextEncoding.wideEncoding`), and errors say so. The mark itself becomes the
    /// UTF-8 mark, which the parser skips.
    /// - Throws: `CSVError.Kind.encodingFailed` for an unknown encoding or a byte sequence invalid in it,
    ///   naming the line of the bad byte (counted in the text converted before it, so right in any encoding).
    static func toUTF8(_ input: [UInt8], from encoding: String, source: String, detected: Bool = false) throws -> [UInt8] {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) {
            throw CSVError(kind: .encodingFailed("unknown encoding '\(encoding)' (try GB18030, GBK, LATIN1, CP1252)"),
                           source: source)
        }
        defer { iconv_close(cd) }
        var output = [UInt8]()
        output.reserveCapacity(input.count + input.count / 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: (offset: Int, errno: Int32)?
        input.withUnsafeBufferPointer { inBuf in
            guard let base = inBuf.baseAddress else { return }
            var inPtr = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
            var inLeft = inBuf.count
            while true {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                    let rc = iconv(cd, &inOpt, &inLeft, &outPtr, &outLeft)
                    let saved = errno
                    inPtr = inOpt!
                    if rc == -1 && saved != E2BIG {
                        failure = (UnsafeRawPointer(inPtr) - UnsafeRawPointer(base), saved)
                    }
                    return outBuf.count - outLeft
                }
                output.append(contentsOf: chunk[0..<produced])
                if failure != nil || inLeft == 0 { break }
            }
        }
        if let failure {
            var line = 1
            for b in output where b == 10 { line += 1 }
            let name = detected ? "\(encoding) (the encoding its byte-order mark names)" : encoding
            let what = failure.errno == EINVAL ? "truncated multi-byte sequence at end of input" : "byte sequence invalid in \(name)"
            throw CSVError(kind: .encodingFailed("\(what) at byte \(failure.offset + 1)"), source: source, line: line)
        }
        return output
    }
}

enum UTF8Validator {
    /// The offset of the first byte that is not valid UTF-8 or is NUL, or nil. Plain ASCII from the start is
    /// checked 64 bytes at a time with AVX2 (C kernel), other ASCII runs 8 bytes at a time.
    static func firstProblem(_ p: UnsafePointer<UInt8>, _ n: Int) -> (offset: Int, isNul: Bool)? {
        var lineFeeds = 0, quotes: Int32 = 0     // found by the kernel, not needed here
        var i = credit_csv_ascii_prefix(p, n, &lineFeeds, &quotes)
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i < n {
            if i + 8 <= n {
                let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if (w & high) == 0 && ((w &- ones) & ~w & high) == 0 { i += 8; continue }
            }
            let b = p[i]
            if b < 0x80 {
                if b == 0 { return (i, true) }
                i += 1
                continue
            }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F           // no UTF-16 surrogates
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F           // ≤ U+10FFFF
            default: return (i, false)               // continuation byte, overlong lead C0/C1, or F5…FF
            }
            if i + need >= n { return (i, false) }   // truncated sequence
            let b1 = p[i + 1]
            if b1 < lo || b1 > hi { return (i, false) }
            var k = 2
            while k <= need {
                if p[i + k] & 0xC0 != 0x80 { return (i, false) }
                k += 1
            }
            i += need + 1
        }
        return nil
    }
}
