/// The CSV reader's reading of one field's text, for code that holds a field as text (a rule evaluated on a
/// streamed row, a literal in a rule): what is a number and what is missing, decided exactly as `CSVReader`
/// decides them.
package enum FieldText {
    /// The field's value when it is a number by the reader's grammar (`NumberParser`: the value `strtod` gives,
    /// bit for bit; `inf`/`nan` words and out-of-range magnitudes are not numbers), after trimming surrounding
    /// ASCII spaces as the reader does; nil otherwise.
    package static func number(_ text: some StringProtocol) -> Double? {
        var bytes = Array(text.utf8)
        var s = 0, e = bytes.count
        while s < e && bytes[s] == 32 { s += 1 }
        while e > s && bytes[e - 1] == 32 { e -= 1 }
        guard s < e else { return nil }
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, s, e) }
    }
}

/// A field's missing-value test with a set of missing tokens (`CSVOptions.missingTokens`), as the reader applies
/// it: the field, trimmed of surrounding ASCII spaces, equals a token exactly; where a number is expected, also
/// when ASCII letters are compared without case (`Null`, `NONE` in a column of numbers).
package struct MissingTest: Sendable {
    private let exact: Set<String>
    private let lowered: Set<String>

    package init(tokens: Set<String>) {
        let trimmed = tokens.map { MissingTest.trim(Substring($0)) }
        exact = Set(trimmed)
        lowered = Set(trimmed.map { MissingTest.lowerASCII($0) })
    }

    /// Whether `text` is missing: exact match after trimming, or (`numeric`) a match ignoring ASCII case.
    package func isMissing(_ text: some StringProtocol, numeric: Bool) -> Bool {
        let t = MissingTest.trim(Substring(text))
        if exact.contains(t) { return true }
        return numeric && lowered.contains(MissingTest.lowerASCII(t))
    }

    private static func trim(_ s: Substring) -> String {
        var u = s.utf8[...]
        while u.first == 32 { u = u.dropFirst() }
        while u.last == 32 { u = u.dropLast() }
        return String(Substring(u))
    }

    private static func lowerASCII(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
