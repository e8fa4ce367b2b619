/// Fuzz entry points: each takes arbitrary bytes and must return normally whatever they hold. Bad input is a
/// thrown typed error, caught here; a trap (Swift runtime check, `precondition`, AddressSanitizer report) is a
/// finding. Each target also checks properties that must hold for every input — differential checks against
/// `strtod` and between the reader's own code paths — and traps with `finding(_:)` when one fails.
///
/// Driven by libFuzzer in `credit-fuzz` (built by Tests/Fuzz/build.sh) and replayed over the committed corpus
/// by Tests/FuzzTargetsTests in `make test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case csv, number, model

    /// Runs the target on one input.
    public func run(_ data: UnsafeRawBufferPointer) {
        switch self {
        case .csv: fuzzCSV(data)
        case .number: fuzzNumber(data)
        case .model: fuzzModel(data)
        }
    }
}

/// A broken property: stops the process so that libFuzzer records the input.
func finding(_ message: @autoclosure () -> String, input: [UInt8]) -> Never {
    let shown = input.prefix(200).map { b -> String in
        (32..<127).contains(b) && b != 92 ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }.joined()
    fatalError("fuzz finding: \(message()) — input (\(input.count) bytes): \(shown)")
}
