import CreditSupport
/// Writes CSV to a file atomically: bytes go to a temporary file beside the target, renamed on `commit()`.
/// Path "-" writes to standard output; a device, FIFO or descriptor path is written directly (the output
/// policy of `AtomicOutput`). If `commit()` is never called, the temporary file is removed.
///
/// Fields are quoted (RFC 4180) when they contain the delimiter, a quote, CR or LF; quotes inside are doubled.
/// Records end with LF. Output is buffered (64 KiB). With `csvSafe` (the default) a field a spreadsheet would run
/// as a formula is neutralised (`neutralizedField(_:)`).
public final class CSVWriter {
    /// The output the rows go to (for committing it with others in an `OutputGroup`).
    package let output: AtomicOutput
    public let delimiter: UInt8
    /// Whether fields that look like spreadsheet formulas are neutralised (`neutralizedField(_:)`).
    public let csvSafe: Bool
    private var row: [UInt8] = []

    /// - Throws: `OutputError` when the directory does not exist or the path is a directory.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), csvSafe: Bool = true) throws {
        output = try AtomicOutput(path: path)
        self.delimiter = delimiter
        self.csvSafe = csvSafe
    }

    /// Writes CSV to `output` (opened by the caller, e.g. to commit it in an `OutputGroup`).
    package init(output: AtomicOutput, delimiter: UInt8 = UInt8(ascii: ","), csvSafe: Bool = true) {
        self.output = output
        self.delimiter = delimiter
        self.csvSafe = csvSafe
    }

    /// Writes one record of text fields, quoting fields per RFC 4180 when needed (and neutralising formulas
    /// with `csvSafe`). Fields are written as text: pass numbers already formatted (a number is never altered).
    public func writeRow(_ fields: [String]) throws {
        row.removeAll(keepingCapacity: true)
        for (k, field) in fields.enumerated() {
            if k > 0 { row.append(delimiter) }
            CSVWriter.appendField(field, delimiter: delimiter, csvSafe: csvSafe, to: &row)
        }
        row.append(UInt8(ascii: "\n"))
        try output.write(row)
    }

    /// Flushes, fsyncs and renames into place.
    public func commit() throws { try output.commit() }

    /// Removes the temporary file (called automatically on deinit without commit).
    public func abandon() { output.abandon() }

    /// Appends `field` as `appendField(_:delimiter:to:)` does, first neutralised (`neutralizedField(_:)`)
    /// when `csvSafe` and it could run as a spreadsheet formula.
    public static func appendField(_ field: String, delimiter: UInt8, csvSafe: Bool, to out: inout [UInt8]) {
        if csvSafe && isFormulaLike(field) {
            appendQuoted(neutralizedField(field), to: &out)
        } else {
            appendField(field, delimiter: delimiter, to: &out)
        }
    }

    /// Whether a text cell could run as a formula when a spreadsheet opens the CSV ("CSV injection", OWASP):
    /// its first character is `=`, `+`, `-`, `@`, TAB or CR, and it is not a number.
    ///
    /// A number is a plain decimal — optional sign, digits with an optional decimal point (or a point and
    /// digits), optional exponent `e`/`E` with optional sign and digits: `-12`, `-1.5`, `+3`, `-.5`, `1e-5`,
    /// `-0` — or `inf`, `nan`, `infinity` with an optional sign, in any case (how Swift and C print non-finite
    /// numbers). A spreadsheet reads a number as a number whichever sign it starts with, so numbers are never
    /// altered: `-1.5` stays `-1.5`, an id `-12` stays `-12`; `-1+2`, `=SUM(A1)`, `@x`, `+cmd|'…'!A0` do not.
    public static func isFormulaLike(_ field: String) -> Bool {
        guard let first = field.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(field)
        default: return false
        }
    }

    /// The cell with spreadsheet formulas neutralised as OWASP's CSV-injection guidance recommends: a single
    /// quote `'` put in front, so the spreadsheet shows the text instead of running it (`=1+2` becomes `'=1+2`,
    /// shown as `=1+2`). Cells that are not formula-like (`isFormulaLike(_:)`) are returned unchanged.
    /// `appendField(_:delimiter:csvSafe:to:)` also quotes the neutralised field, whatever it holds.
    public static func neutralizedField(_ field: String) -> String {
        isFormulaLike(field) ? "'" + field : field
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, or `[+-]? (inf | infinity | nan)` in any case.
    static func isPlainNumber(_ field: String) -> Bool {
        var bytes = Substring(field).utf8[...]
        if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let word = String(decoding: bytes, as: UTF8.self).lowercased()
        if word == "inf" || word == "infinity" || word == "nan" { return true }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func digits() -> Int {
            var n = 0
            while let c = bytes.first, isDigit(c) { bytes = bytes.dropFirst(); n += 1 }
            return n
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// Appends `field` in double quotes, doubling the quotes inside.
    private static func appendQuoted(_ field: String, to out: inout [UInt8]) {
        out.append(34)
        for b in field.utf8 {
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }

    /// Appends `field`, quoted when it contains the delimiter, `"`, CR or LF.
    public static func appendField(_ field: String, delimiter: UInt8, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 }
        if !needsQuotes { out.append(contentsOf: utf8); return }
        appendQuoted(field, to: &out)
    }

    /// A CSV field as text: `field` quoted when it contains `delimiter`, `"`, CR or LF, and neutralised first
    /// when `csvSafe` and it is formula-like (then always quoted). For writers that build CSV as a `String`.
    public static func escapedField(_ field: String, delimiter: UInt8 = UInt8(ascii: ","), csvSafe: Bool) -> String {
        var bytes: [UInt8] = []
        appendField(field, delimiter: delimiter, csvSafe: csvSafe, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
