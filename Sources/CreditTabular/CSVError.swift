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

    /// `data.csv:17:3 (income): 'abc' is not a number — add it to the missing tokens (CSVOptions.missingTokens) to
    /// treat it as missing, or read income as categorical (CSVOptions.columnTypes)`
    public var description: String { "\(location): \(message)" }

    /// Where: `file:line:column (name)`, as far as known.
    public var location: String {
        var location = source
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        if let columnName { location += " (\(columnName))" }
        return location
    }

    /// The message without the location: the problem, then what to do (in terms of `CSVOptions`) when the
    /// reading options can help.
    public var message: String {
        remedy.map { "\(problem) — \($0)" } ?? problem
    }

    /// What to do, when a reading option can help (a program wording its own options uses `kind` instead).
    public var remedy: String? {
        switch kind {
        case .raggedRow:
            return "check for an unquoted delimiter or a missing field, or set the delimiter (CSVOptions.delimiter)"
        case .invalidUTF8:
            return "give the file's encoding (CSVOptions.encoding), e.g. GB18030 or LATIN1"
        case .notNumeric(let value):
            let name = columnName ?? "the column"
            return "add '\(value)' to the missing tokens (CSVOptions.missingTokens) to treat it as missing, or read \(name) as categorical (CSVOptions.columnTypes)"
        case .nulByte:
            return "is this a UTF-16 file? Convert it, or give its encoding (CSVOptions.encoding)"
        case .emptyColumnName where column == 1:
            // R's write.csv (row.names = TRUE, its default) and pandas' to_csv (index=True) name no column for the
            // row names they write first.
            return "this looks like the row names R's write.csv writes (write with row.names = FALSE;"
                + " pandas: to_csv(index=False)), or remove that column, or read with CSVOptions.rowNames to leave it out"
        case .wideEncoding(let name):
            return "convert it first: iconv -f \(name) -t UTF-8 \(source == "<stdin>" ? "FILE" : source) > converted.csv"
        default:
            return nil
        }
    }

    /// What is wrong, without the location or the remedy.
    public var problem: String {
        switch kind {
        case .fileNotFound:
            return "no such file"
        case .unreadable(let reason):
            return "cannot read: \(reason)"
        case .empty:
            return "the file is empty; a header line with column names is required"
        case .raggedRow(let expected, let found):
            return "expected \(expected) fields (as in the header) but found \(found)"
        case .unterminatedQuote:
            return "a quoted field opened on this line is never closed"
        case .invalidUTF8:
            return "the text is not valid UTF-8"
        case .notNumeric(let value):
            let what = NumberParser.isOutOfRange(value) ? "is out of the range of a number" : "is not a number"
            return "'\(value)' \(what)"
        case .duplicateColumnName(let name):
            return "the column name '\(name)' appears more than once in the header"
        case .emptyColumnName:
            return column == 1 ? "the header's first column has no name" : "the header has an empty column name"
        case .encodingFailed(let reason):
            return "cannot convert to UTF-8: \(reason)"
        case .nulByte:
            return "NUL byte in the input"
        case .textAfterClosingQuote:
            return "text after the closing quote of a quoted field — quote the whole field and double inner quotes (\"\")"
        case .unknownColumn(let name):
            return "a type override names the column '\(name)', which the header does not have"
        case .wideEncoding(let name):
            return "the file is \(name) (it starts with a \(name) byte-order mark), and this reader streams UTF-8 only"
        }
    }
}
