// CONTRACT STUB — replaced by the Tabular implementation.

/// A character encoding for input files. Anything but UTF-8 is converted with iconv.
public enum TextEncoding: Sendable, Equatable {
    case utf8
    case iconv(String)   // e.g. "GB18030", "GBK", "LATIN1"
    public init(name: String) { let u = name.uppercased(); self = (u == "UTF-8" || u == "UTF8") ? .utf8 : .iconv(name) }
}

public struct CSVOptions: Sendable {
    public static let defaultMissingTokens: Set<String> = ["", "NA", "N/A", "null", "NaN", "?"]
    /// nil: detect among `,` `;` tab `|` from the header line.
    public var delimiter: UInt8? = nil
    public var missingTokens: Set<String> = CSVOptions.defaultMissingTokens
    public var encoding: TextEncoding = .utf8
    /// Per-column type overrides; other columns are inferred (numeric when every non-missing value parses).
    public var columnTypes: [String: ColumnType] = [:]
    public init() {}
}

/// A CSV problem located in the input: `file:line:column: message`.
public struct CSVError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case fileNotFound, unreadable(String), empty, raggedRow(expected: Int, found: Int)
        case unterminatedQuote, invalidUTF8, notNumeric(value: String), duplicateColumnName(String)
        case emptyColumnName, encodingFailed(String)
    }
    public var kind: Kind
    public var source: String
    public var line: Int?
    public var column: Int?
    public var columnName: String?
    public var description: String { "\(source): \(kind)" }
    public init(kind: Kind, source: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil) {
        self.kind = kind; self.source = source; self.line = line; self.column = column; self.columnName = columnName
    }
}

public enum CSVReader {
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Table { fatalError("stub") }
    public static func read(bytes: [UInt8], source: String, options: CSVOptions = CSVOptions()) throws -> Table { fatalError("stub") }
}
