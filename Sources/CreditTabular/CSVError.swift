/// A CSV problem located in the input, printed as one line: `file:line:column (name): message`.
///
/// `line` is the 1-based physical line (the header is line 1; newlines inside quoted fields count),
/// `column` the 1-based field number, `columnName` the header name of that field when known.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case fileNotFound
        /// The path exists but cannot be read (a directory, no permission, an I/O error); the reason.
        case unreadable(String)
        /// No header line at all.
        case empty
        case raggedRow(expected: Int, found: Int)
        /// A quoted field runs to the end of input; `line` is where the quote opened.
        case unterminatedQuote
        case invalidUTF8
        /// A value in a numeric column (forced with `columnTypes`) that is not a finite number.
        case notNumeric(value: String)
        case duplicateColumnName(String)
        case emptyColumnName
        case encodingFailed(String)
        /// A NUL byte (often a UTF-16 file); NUL is never data.
        case nulByte
        /// Text after the closing quote of a quoted field, as in `"abc"def`.
        case textAfterClosingQuote
        /// A `columnTypes` override names a column the header does not have.
        case unknownColumn(String)
        /// The input starts with the byte-order mark of this UTF-16/32 encoding, and the reader (streaming
        /// from a file) takes UTF-8 only. (`CSVReader` converts such input instead.)
        case wideEncoding(String)
    }
    public var kind: Kind
    /// The file path as given (or the source name passed to `CSVReader.read(bytes:source:)`).
    public var source: String
    public var line: Int?
    public var column: Int?
    public var columnName: String?

    public init(kind: Kind, source: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil) {
        self.kind = kind; self.source = source; self.line = line; self.column = column; self.columnName = columnName
    }

    /// `data.csv:17:3 (income): 'abc' is not a number — use --missing abc to treat it as missing, or --type income=categorical`
    public var description: String {
        var location = source
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        if let columnName { location += " (\(columnName))" }
        return "\(location): \(message)"
    }

    /// The message without the location.
    public var message: String {
        switch kind {
        case .fileNotFound:
            return "no such file"
        case .unreadable(let reason):
            return "cannot read: \(reason)"
        case .empty:
            return "the file is empty; a header line with column names is required"
        case .raggedRow(let expected, let found):
            return "expected \(expected) fields (as in the header) but found \(found)"
                + " — check for an unquoted delimiter or a missing field, or give --delimiter"
        case .unterminatedQuote:
            return "a quoted field opened on this line is never closed"
        case .invalidUTF8:
            return "the text is not valid UTF-8 — give the file's encoding, e.g. --encoding GB18030 or --encoding LATIN1"
        case .notNumeric(let value):
            let name = columnName ?? "COLUMN"
            let what = NumberParser.isOutOfRange(value) ? "is out of the range of a number" : "is not a number"
            return "'\(value)' \(what) — use --missing \(value) to treat it as missing, or --type \(name)=categorical"
        case .duplicateColumnName(let name):
            return "the column name '\(name)' appears more than once in the header"
        case .emptyColumnName:
            if column == 1 {
                // R's write.csv (row.names = TRUE, its default) and pandas' to_csv (index=True) name no column
                // for the row names they write first.
                return "the header's first column has no name — this looks like the row names R's write.csv writes"
                    + " (write with row.names = FALSE; pandas: to_csv(index=False)), or remove that column"
            }
            return "the header has an empty column name"
        case .encodingFailed(let reason):
            return "cannot convert to UTF-8: \(reason)"
        case .nulByte:
            return "NUL byte in the input — is this a UTF-16 file? Convert it, or give --encoding UTF-16"
        case .textAfterClosingQuote:
            return "text after the closing quote of a quoted field — quote the whole field and double inner quotes (\"\")"
        case .unknownColumn(let name):
            return "a type override names the column '\(name)', which the header does not have"
        case .wideEncoding(let name):
            return "the file is \(name) (it starts with a \(name) byte-order mark), and this command streams UTF-8 only"
                + " — convert it first: iconv -f \(name) -t UTF-8 \(source == "<stdin>" ? "FILE" : source) > converted.csv"
        }
    }
}
