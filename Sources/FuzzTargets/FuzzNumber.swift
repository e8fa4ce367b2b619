import CreditTabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number parser against C `strtod` and against the documented grammar
/// `[+-]? (digits ('.' digits*)? | '.' digits) ([eE] [+-]? digits)?` (NumberParser.swift).
///
/// Checks, for the input as one token:
/// - the parser accepts it exactly when it matches the grammar and `strtod` gives a finite value;
/// - then the value equals `strtod`'s bit for bit (sign of zero and subnormals included);
/// - a grammar token that `strtod` overflows is reported out of range;
/// - the longest grammar prefix is where `scan` stops, and its value is `strtod`'s value of that prefix;
/// - the same token followed by a delimiter and padding (the eight-bytes-at-a-time path) gives the same answer.
/// The token is held in a buffer of exactly its length, so AddressSanitizer reports any read past its end.
public func fuzzNumber(_ data: UnsafeRawBufferPointer) {
    let token = [UInt8](data)
    let n = token.count
    let exact = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
    defer { exact.deallocate() }
    token.withUnsafeBufferPointer { if let b = $0.baseAddress { exact.update(from: b, count: n) } }

    let ours = NumberParserProbe.parse(exact, 0, n)
    let grammarStop = NumberGrammar.longestPrefix(token)
    let whole = grammarStop == n && n > 0

    if whole {
        let (reference, consumed) = strtodReference(token, count: n)
        guard consumed == n else { finding("strtod does not take all of a grammar token (stopped at \(consumed))", input: token) }
        if reference.isFinite {
            guard let ours else { finding("rejected a grammar token that strtod parses to \(reference)", input: token) }
            guard ours.bitPattern == reference.bitPattern else {
                finding("value \(ours) (0x\(String(ours.bitPattern, radix: 16))) differs from strtod \(reference) (0x\(String(reference.bitPattern, radix: 16)))", input: token)
            }
        } else {
            guard ours == nil else { finding("accepted \(ours!) where strtod overflows", input: token) }
            guard NumberParserProbe.isOutOfRange(String(decoding: token, as: UTF8.self)) else {
                finding("overflowing token not reported out of range", input: token)
            }
        }
    } else if let ours {
        finding("accepted \(ours) for a token outside the grammar", input: token)
    }

    // Where the scan stops, and the value of the prefix it took.
    let scanned = NumberParserProbe.scan(exact, 0, n)
    if let stop = grammarStop {
        guard scanned.status != 1, scanned.stop == stop else {
            finding("scan stopped at \(scanned.stop) (status \(scanned.status)); the grammar prefix ends at \(stop)", input: token)
        }
        let (reference, _) = strtodReference(token, count: stop)
        if reference.isFinite {
            guard scanned.status == 0, scanned.value.bitPattern == reference.bitPattern else {
                finding("prefix value \(scanned.value) differs from strtod \(reference)", input: token)
            }
        } else if scanned.status != 2 {
            finding("prefix overflows in strtod but scan status is \(scanned.status)", input: token)
        }
    } else if scanned.status != 1 {
        finding("scan found a number (stop \(scanned.stop)) where the grammar has none", input: token)
    }

    // In context: followed by a delimiter and padding, as in the middle of a file.
    let padded = token + Array(",                                ".utf8)
    padded.withUnsafeBufferPointer { b in
        let r = NumberParserProbe.scan(b.baseAddress!, 0, b.count)
        let inContext: Double? = (r.status == 0 && r.stop == n) ? r.value : nil
        guard inContext?.bitPattern == ours?.bitPattern else {
            finding("in context \(String(describing: inContext)), alone \(String(describing: ours))", input: token)
        }
    }
}

/// `strtod` on a NUL-terminated copy of `token[0..<count]`: the value and how many bytes it took.
func strtodReference(_ token: [UInt8], count: Int) -> (Double, Int) {
    var copy = [CChar](repeating: 0, count: count + 1)
    for k in 0..<count { copy[k] = CChar(bitPattern: token[k]) }
    return copy.withUnsafeMutableBufferPointer { b in
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(b.baseAddress!, &end)
        return (v, end! - b.baseAddress!)
    }
}

/// The documented grammar, written out plainly (independent of the parser's code).
enum NumberGrammar {
    /// The end of the longest prefix of `s` that is a number; nil when no prefix is.
    static func longestPrefix(_ s: [UInt8]) -> Int? {
        func isDigit(_ i: Int) -> Bool { i < s.count && s[i] >= 48 && s[i] <= 57 }
        var i = 0
        if i < s.count && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        var digits = 0
        while isDigit(i) { i += 1; digits += 1 }
        if i < s.count && s[i] == UInt8(ascii: ".") {
            var j = i + 1, fraction = 0
            while isDigit(j) { j += 1; fraction += 1 }
            if digits > 0 || fraction > 0 { i = j; digits += fraction }
        }
        if digits == 0 { return nil }
        if i < s.count && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < s.count && (s[j] == UInt8(ascii: "+") || s[j] == UInt8(ascii: "-")) { j += 1 }
            if isDigit(j) {
                while isDigit(j) { j += 1 }
                i = j
            }
        }
        return i
    }
}
