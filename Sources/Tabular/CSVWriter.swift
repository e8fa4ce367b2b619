// CONTRACT STUB — replaced by the Tabular implementation.

/// Writes CSV to a file atomically: bytes go to a temporary file beside the target, renamed on `commit()`.
/// Path "-" writes to standard output. If `commit()` is never called, the temporary file is removed.
public final class CSVWriter {
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws { fatalError("stub") }
    /// Writes one record, quoting fields per RFC 4180 when needed.
    public func writeRow(_ fields: [String]) throws { fatalError("stub") }
    /// Flushes, fsyncs and renames into place.
    public func commit() throws { fatalError("stub") }
    /// Removes the temporary file (called automatically on deinit without commit).
    public func abandon() { fatalError("stub") }
}

/// Writes a whole file atomically (temp + rename); "-" writes to stdout.
public func writeFileAtomically(path: String, bytes: [UInt8]) throws { fatalError("stub") }
