/// Matches a field (already trimmed of surrounding ASCII spaces) against the missing-value tokens.
/// Matching is exact and case-sensitive: "NA" is missing by default, "na" is not.
struct MissingMatcher {
    private let tokens: [[UInt8]]
    private var firstBytes = [Bool](repeating: false, count: 256)
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
        for t in tokens { firstBytes[Int(t[0])] = true }
        hasNumericToken = tokens.contains { t in
            t.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, 0, $0.count) != nil }
        }
    }

    @inline(__always)
    func matches(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if s == e { return matchesEmpty }
        if !firstBytes[Int(p[s])] { return false }
        return matchesSlow(p, s, e)
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
