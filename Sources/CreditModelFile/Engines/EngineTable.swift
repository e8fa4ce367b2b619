import Foundation
import CreditEngines

/// A table (or the rows of it a predicate keeps) inside a SQL engine, and the SQL that reads its columns as the
/// native CSV reader reads a file's: the reading expressions of the SQL export (`SQLExport`), so a table loaded
/// with `sqlite3 .import` (every column text, blanks for missing values) reads as the CSV it came from.
///
/// Names are quoted identifiers (`SQLIdentifier`); the predicate (`--where`) is the user's own SQL and is
/// inserted as written, in parentheses; nothing else is spliced into a statement: values are bound parameters.
public struct EngineTable {
    public let connection: any EngineConnection
    /// The table's name as given (unquoted).
    public let name: String
    /// The user's own SQL predicate (nil: every row).
    public let predicate: String?
    /// Called with every statement before it runs, and its bound parameters (`--show-sql`).
    public var showSQL: ((String, [EngineParameter]) -> Void)?

    /// - Throws: `EngineError.unquotableName` for a table name that cannot be quoted.
    public init(connection: any EngineConnection, name: String, predicate: String?) throws {
        _ = try SQLIdentifier.quoted(name, option: "--table")
        if let predicate, predicate.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw EngineError.unquotableName(predicate, option: "--where", reason: "the predicate is empty")
        }
        self.connection = connection; self.name = name; self.predicate = predicate
    }

    /// The export's reading expressions in this engine's dialect.
    var reading: SQLExport {
        SQLExport(dialect: connection.dialect == .sqlite ? .sqlite : .postgres, table: name)
    }

    /// `"table"`.
    var quotedName: String { try! SQLIdentifier.quoted(name, option: "--table") }

    /// `FROM "table" WHERE (predicate) AND (more…)` (or without WHERE when there is nothing to test).
    func from(_ conditions: [String] = []) -> String {
        let all = (predicate.map { ["(\($0))"] } ?? []) + conditions.map { "(\($0))" }
        return "FROM \(quotedName)" + (all.isEmpty ? "" : " WHERE " + all.joined(separator: " AND "))
    }

    /// Runs a query, showing it first.
    func query(_ sql: String, _ parameters: [EngineParameter] = []) throws -> EngineResult {
        showSQL?(sql, parameters)
        return try connection.query(sql, parameters: parameters)
    }

    /// The table's column names, in table order (a query that returns no row).
    /// - Throws: `EngineError.statement` (no such table, …).
    public func columnNames() throws -> [String] {
        try query("SELECT * FROM \(quotedName) LIMIT 0").columns
    }

    /// The rows the predicate keeps.
    public func rowCount() throws -> Int {
        let result = try query("SELECT COUNT(*) \(from())")
        guard let n = result.rows.first?.first?.number else { throw EngineError.nullResult("COUNT(*)") }
        return Int(n)
    }

    /// A column as a quoted identifier.
    func column(_ name: String) throws -> String { try SQLIdentifier.quoted(name, option: "column") }

    /// SQL that is true when the column's value is missing, read as a number (`numeric`) or as text.
    func missing(_ c: String, numeric: Bool) -> String {
        numeric ? reading.numberMissing(c) : "(\(reading.text(c))) IS NULL"
    }

    /// A categorical column's text (as the CSV reader keeps it: not trimmed).
    func text(_ c: String) -> String { "CAST(\(c) AS TEXT)" }

    /// A double literal for SQL we write ourselves (constants of the formulas, never data).
    func literal(_ x: Double) -> String {
        let s = "\(x)"   // the shortest text that reads back as x ("1.0", "1e-06")
        return connection.dialect == .postgresql ? "CAST(\(s) AS DOUBLE PRECISION)" : s
    }

    /// Appended to a subquery in FROM so the planner evaluates it once per row instead of merging it into the
    /// outer query (which would copy each column's expression into every sum that uses it: p³ work per row).
    /// `OFFSET 0` is PostgreSQL's documented optimization fence; SQLite does not flatten a subquery with an
    /// OFFSET (its flattening rule 14), and takes OFFSET only after LIMIT (−1: no limit).
    var fence: String { connection.dialect == .postgresql ? " OFFSET 0" : " LIMIT -1 OFFSET 0" }

    /// Ascending order by Unicode scalars (PostgreSQL's collation "C"; SQLite's default BINARY is byte order).
    var scalarOrder: String { connection.dialect == .postgresql ? " COLLATE \"C\"" : "" }
}
