/// Hooks for the fuzz targets (Sources/FuzzTargets) and their replay tests: internal parts of the reader
/// reached without `@testable`, so the fuzz build can be optimised. Not API: `package` access (the fuzz targets are in this package).

/// The number parser as the reader calls it.
package enum NumberParserProbe {
    /// `NumberParser.scan` on `p[start..<end]`: the value, where the grammar stopped, and whether the prefix
    /// was a number (`status` 0 ok, 1 no digits, 2 out of Double's range).
    package static func scan(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, stop: Int, status: Int) {
        let r = NumberParser.scan(p, start, end)
        switch r.status {
        case .ok: return (r.value, r.stop, 0)
        case .invalid: return (r.value, r.stop, 1)
        case .overflow: return (r.value, r.stop, 2)
        }
    }

    /// `NumberParser.parse`: the value when the whole range is a finite number, else nil.
    package static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        NumberParser.parse(p, start, end)
    }

    /// `NumberParser.isOutOfRange` (used in the error message for a forced numeric column).
    package static func isOutOfRange(_ text: String) -> Bool { NumberParser.isOutOfRange(text) }
}

extension CSVOptions {
    /// The input size from which the reader splits the work over two threads (8 MB by default); the fuzz
    /// target lowers it so small inputs take the two-thread path too.
    package var parallelThreshold: Int {
        get { parallelMinimumBytes }
        set { parallelMinimumBytes = newValue }
    }

    /// The size of the parts the two threads take in turn (4 MB by default); the fuzz target lowers it so small
    /// inputs are read in many parts.
    package var parallelPartSize: Int {
        get { parallelPartBytes }
        set { parallelPartBytes = newValue }
    }
}

/// The missing-token rule as the reader applies it.
package enum MissingTokenProbe {
    /// Whether a field with this text is missing where a number is expected: it equals one of `tokens`
    /// ignoring ASCII case, after trimming surrounding spaces (a text column keeps such a value unless it
    /// matches exactly).
    package static func isMissingWhereNumberExpected(_ text: String, tokens: Set<String> = CSVOptions.defaultMissingTokens) -> Bool {
        MissingMatcher(tokens).matchesIgnoringCase(text)
    }
}
