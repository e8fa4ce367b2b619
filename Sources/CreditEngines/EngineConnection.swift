import Foundation

/// A value in a row an engine returns.
public enum EngineValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)

    /// The value as a double: integers and doubles as themselves, text parsed as a decimal number (PostgreSQL
    /// returns every value as text); nil for NULL or text that is not a number.
    public var number: Double? {
        switch self {
        case .null: return nil
        case .integer(let i): return Double(i)
        case .double(let d): return d
        case .text(let s): return Double(s)
        }
    }

    /// The value as text (nil for NULL): integers in decimal, doubles in their shortest round-trip form.
    public var text: String? {
        switch self {
        case .null: return nil
        case .integer(let i): return String(i)
        case .double(let d): return "\(d)"
        case .text(let s): return s
        }
    }
}

/// A value bound to a statement's parameter: never written into the SQL text.
public enum EngineParameter: Sendable, Equatable {
    case double(Double)
    case text(String)
}

/// The rows of a query: column names and values, row by row.
public struct EngineResult: Sendable {
    public let columns: [String]
    public let rows: [[EngineValue]]
}

/// Which SQL the engine speaks where the two differ (placeholders, result-column limit).
public enum EngineDialect: String, Sendable {
    case sqlite, postgresql
}

/// A connection to a SQL engine that runs statements and returns their rows; nothing else. The statistics are
/// written as SQL by the caller, and the sums come back as rows.
///
/// Values go into statements as bound parameters (`placeholder(_:)`), never as text spliced into the SQL.
public protocol EngineConnection: AnyObject {
    var url: EngineURL { get }
    var dialect: EngineDialect { get }
    /// The most result columns one SELECT may have (SQLite's default SQLITE_MAX_COLUMN 2000; PostgreSQL's
    /// MaxTupleAttributeNumber 1664).
    var maxResultColumns: Int { get }
    /// The text of bound parameter `index` (1-based): `?1` (SQLite), `$1` (PostgreSQL).
    func placeholder(_ index: Int) -> String
    /// Runs one statement with bound parameters and returns every row.
    /// - Throws: `EngineError.statement` with the engine's message.
    func query(_ sql: String, parameters: [EngineParameter]) throws -> EngineResult
    /// Runs one statement that returns no rows (DDL, `CREATE TABLE … AS`, a transaction command) and returns the
    /// rows it changed as the engine counts them (0 when it does not say).
    @discardableResult
    func execute(_ sql: String) throws -> Int
}

/// Opens engine connections.
public enum Engines {
    /// Connects to the engine at `url`.
    /// - Parameters:
    ///   - passwordFile: a file whose first line is the PostgreSQL password (`--password-file`); without it
    ///     libpq's own conventions apply (PGPASSWORD, ~/.pgpass).
    ///   - writable: open for writing (scoring into a new table); training reads only: a SQLite file is opened
    ///     read-only, a PostgreSQL session's transactions are read-only. A SQLite file that does not exist is an
    ///     error either way, never created.
    /// - Throws: `EngineError.connection` with the engine's message, `.passwordFile`.
    public static func connect(_ url: EngineURL, passwordFile: String? = nil, writable: Bool = false) throws -> any EngineConnection {
        switch url.kind {
        case .sqlite(let path):
            if passwordFile != nil { throw EngineError.passwordFile(passwordFile!, "SQLite has no passwords; leave --password-file out") }
            return try SQLiteConnection(url: url, path: path, writable: writable)
        case .postgresql(let uri):
            let password = try passwordFile.map(readPassword)
            return try PostgreSQLConnection(url: url, uri: uri, password: password, writable: writable)
        }
    }

    /// The first line of a password file, without its line end.
    static func readPassword(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError.passwordFile(path, "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        if password.isEmpty { throw EngineError.passwordFile(path, "the first line is empty") }
        if password.utf8.contains(0) { throw EngineError.passwordFile(path, "the password holds a NUL character") }
        return password
    }
}
