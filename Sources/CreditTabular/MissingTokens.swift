/// Matches a field (already trimmed of surrounding ASCII spaces) against the missing-value tokens.
///
/// Two strengths of match:
/// - `matches`: the field equals a token exactly (case-sensitive). A missing value in every column.
/// - `matchesIgnoringCase`: the field equals a token when ASCII letters are compared without case (`Null`,
///   `NONE`, `NAN`, `n/A`). The reader applies it only where a number is expected (an inferred column that is
///   still numeric, or a column forced numeric): there a word is never a number, so reading it as missing
///   loses nothing, while in a text column `none` or `Null` may be a real level (the German credit data's
///   `other_debtors_or_guarantors` has the level `none`).
///
/// Only the slow path of the reader asks: fields that parse as numbers never reach the matcher (unless a token
/// is itself a number, see `hasNumericToken`), so the rule costs nothing on numeric data.
struct MissingMatcher {
    private let tokens: [[UInt8]]
    /// The tokens with ASCII letters lowercased (deduplicated).
    private let lowered: [[UInt8]]
    private var firstBytes = [Bool](repeating: false, count: 256)
    /// First bytes of `lowered`, in both cases.
    private var firstBytesIgnoringCase = [Bool](repeating: false, count: 256)
    let matchesEmpty: Bool
    /// Some token is itself a number (e.g. "-999"), so numeric fields must be checked too.
    let hasNumericToken: Bool

    init(_ set: Set<String>) {
        var trimmed = Set<[UInt8]>()
        for t in set {
            var b = Array(t.utf8)[...]
            while b.first == 32 { b.removeFirst() }
            while b.last == 32 { b.removeLast() }
            trimmed.insert(Array(b))
        }
        matchesEmpty = trimmed.contains([])
        tokens = trimmed.filter { !$0.isEmpty }.sorted { $0.lexicographicallyPrecedes($1) }
        lowered = Set(tokens.map { $0.map(MissingMatcher.lower) }).sorted { $0.lexicographicallyPrecedes($1) }
        for t in tokens { firstBytes[Int(t[0])] = true }
        for t in lowered {
            firstBytesIgnoringCase[Int(t[0])] = true
            firstBytesIgnoringCase[Int(MissingMatcher.upper(t[0]))] = true
        }
        hasNumericToken = tokens.contains { t in
            t.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, 0, $0.count) != nil }
        }
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }
    @inline(__always)
    static func upper(_ b: UInt8) -> UInt8 { b &- 97 < 26 ? b & 0xDF : b }

    /// Whether `p[s..<e]` equals a token exactly.
    @inline(__always)
    func matches(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if s == e { return matchesEmpty }
        if !firstBytes[Int(p[s])] { return false }
        return matchesSlow(p, s, e)
    }

    /// Whether `p[s..<e]` equals a token with ASCII letters compared without case (an exact match included).
    @inline(__always)
    func matchesIgnoringCase(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if s == e { return matchesEmpty }
        if !firstBytesIgnoringCase[Int(p[s])] { return false }
        let n = e - s
        outer: for t in lowered where t.count == n {
            for k in 0..<n where t[k] != MissingMatcher.lower(p[s + k]) { continue outer }
            return true
        }
        return false
    }

    /// `matchesIgnoringCase` for a string (trimmed of surrounding spaces first, as fields are).
    func matchesIgnoringCase(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { b in
            var s = 0, e = b.count
            while s < e && b[s] == 32 { s += 1 }
            while e > s && b[e - 1] == 32 { e -= 1 }
            guard let base = b.baseAddress else { return matchesEmpty }
            return matchesIgnoringCase(UnsafePointer(base), s, e)
        }
    }

    private func matchesSlow(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let n = e - s
        outer: for t in tokens where t.count == n {
            for k in 0..<n where t[k] != p[s + k] { continue outer }
            return true
        }
        return false
    }
}
