import CreditSupport
/// Writes CSV to a file atomically: bytes go to a temporary file beside the target, renamed on `commit()`.
/// Path "-" writes to standard output; a device, FIFO or descriptor path is written directly (the output
/// policy of `AtomicOutput`). If `commit()` is never called, the temporary file is removed.
///
/// Fields are quoted (RFC 4180) when they contain the delimiter, a quote, CR or LF; quotes inside are doubled.
/// Records end with LF. Output is buffered (64 KiB).
public final class CSVWriter {
    /// The output the rows go to (for committing it with others in an `OutputGroup`).
    package let output: AtomicOutput
    public let delimiter: UInt8
    private var row: [UInt8] = []

    /// - Throws: `OutputError` when the directory does not exist or the path is a directory.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        output = try AtomicOutput(path: path)
        self.delimiter = delimiter
    }

    /// Writes CSV to `output` (opened by the caller, e.g. to commit it in an `OutputGroup`).
    package init(output: AtomicOutput, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.output = output
        self.delimiter = delimiter
    }

    /// Writes one record, quoting fields per RFC 4180 when needed.
    public func writeRow(_ fields: [String]) throws {
        row.removeAll(keepingCapacity: true)
        for (k, field) in fields.enumerated() {
            if k > 0 { row.append(delimiter) }
            CSVWriter.appendField(field, delimiter: delimiter, to: &row)
        }
        row.append(UInt8(ascii: "\n"))
        try output.write(row)
    }

    /// Flushes, fsyncs and renames into place.
    public func commit() throws { try output.commit() }

    /// Removes the temporary file (called automatically on deinit without commit).
    public func abandon() { output.abandon() }

    /// Appends `field`, quoted when it contains the delimiter, `"`, CR or LF.
    public static func appendField(_ field: String, delimiter: UInt8, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 }
        if !needsQuotes { out.append(contentsOf: utf8); return }
        out.append(34)
        for b in utf8 {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }
}
