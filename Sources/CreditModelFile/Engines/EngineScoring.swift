import Foundation
import CreditEngines

/// Scoring in place: the model's own SQL export (`SQLExport`, dialect sqlite or postgres) run inside the engine
/// as `CREATE TABLE out AS SELECT …`, so no row leaves the engine; the counts come from the engine.
///
/// The new table has one row per input row (the kept columns, `pd`, and `score`, points and reasons for a
/// scorecard); a row the model cannot score (a missing value, an unseen category, text where a number is needed)
/// has NULL outputs, as the native scorer rejects it. Rows in = rows scored + rows rejected.
///
/// The statement runs in one transaction with the existence check and, with `replace`, the `DROP TABLE` of
/// the old table: on any error nothing is written and an old table stays as it was. An output table that is
/// the input table is refused.
public struct EngineScoring {
    public let table: EngineTable
    /// The table to create.
    public let into: String
    /// Input columns copied into the output (`--keep`).
    public let keep: [String]
    /// Replace an existing output table (`--replace`) instead of refusing it.
    public let replace: Bool

    /// - Throws: `EngineError.unquotableName` for an output name that cannot be quoted,
    ///   `EngineScoringError.outputIsInput`.
    public init(table: EngineTable, into: String, keep: [String] = [], replace: Bool = false) throws {
        _ = try SQLIdentifier.quoted(into, option: "--into")
        for k in keep { _ = try SQLIdentifier.quoted(k, option: "--keep") }
        // SQLite matches identifiers without regard to ASCII case, quoted or not ("LOANS" is loans); PostgreSQL
        // matches quoted identifiers exactly. Folding more than SQLite does only refuses more.
        let sameName = table.connection.dialect == .sqlite ? into.lowercased() == table.name.lowercased() : into == table.name
        if sameName { throw EngineScoringError.outputIsInput(into) }
        self.table = table; self.into = into; self.keep = keep; self.replace = replace
    }

    /// The statement that creates the output table.
    /// - Throws: `ExportError` (a model the export cannot write).
    public func statement(for model: CreditModel) throws -> String {
        let dialect: SQLDialect = table.connection.dialect == .sqlite ? .sqlite : .postgres
        return try Self.statement(for: model, dialect: dialect, table: table.name, into: into, keep: keep)
    }

    /// The statement for a dialect without a connection (`--dry-run`).
    public static func statement(for model: CreditModel, dialect: SQLDialect, table: String, into: String, keep: [String]) throws -> String {
        var select = try SQLExport(dialect: dialect, table: table, keep: keep).sql(for: model)
        while let last = select.last, last == "\n" || last == " " || last == ";" { select.removeLast() }
        return "CREATE TABLE \(try SQLIdentifier.quoted(into, option: "--into")) AS\n" + select
    }

    /// Creates the output table and counts its rows.
    /// - Throws: `EngineScoringError` (missing columns, an existing output table), `EngineError` (the engine's
    ///   message), `ExportError`.
    public func run(model: CreditModel) throws -> EngineScoringSummary {
        let header = try table.columnNames()
        let needed = Array(Set(model.inputs.map(\.name) + keep + (model.policy?.ruleColumns ?? []))).sorted()
        let absent = needed.filter { !header.contains($0) }
        if !absent.isEmpty { throw EngineScoringError.missingColumns(table: table.name, columns: absent) }
        let sql = try statement(for: model)
        let out = try SQLIdentifier.quoted(into, option: "--into")
        let connection = table.connection
        // Probed before the transaction: a failed statement inside one aborts it (PostgreSQL). A table created
        // in between makes the CREATE fail, which writes nothing.
        let exists = (try? connection.query("SELECT * FROM \(out) LIMIT 0", parameters: [])) != nil
        if exists && !replace { throw EngineScoringError.outputExists(into) }
        try connection.execute("BEGIN")
        do {
            if exists {
                table.showSQL?("DROP TABLE \(out)", [])
                try connection.execute("DROP TABLE \(out)")
            }
            table.showSQL?(sql, [])
            try connection.execute(sql)
            let counts = try table.query("SELECT COUNT(*), COUNT(\(try SQLIdentifier.quoted("pd", option: "pd"))) FROM \(out)").rows.first ?? []
            guard counts.count == 2, let rows = counts[0].number, let scored = counts[1].number else {
                throw EngineError.nullResult("the output table's counts")
            }
            try connection.execute("COMMIT")
            return EngineScoringSummary(rowsIn: Int(rows), scored: Int(scored), rejected: Int(rows) - Int(scored), replaced: exists)
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}

/// The counts of an in-engine scoring run, from the engine.
public struct EngineScoringSummary: Sendable, Equatable {
    public let rowsIn: Int
    public let scored: Int
    public let rejected: Int
    /// An existing output table was replaced (`--replace`).
    public let replaced: Bool
}

/// Why scoring in an engine did not start.
public enum EngineScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    case outputExists(String)
    case outputIsInput(String)
    case missingColumns(table: String, columns: [String])

    public var description: String {
        switch self {
        case .outputExists(let name): return "--into '\(name)': the table exists; give --replace to replace it, or another name"
        case .outputIsInput(let name): return "--into '\(name)' is the input table; choose another output table"
        case .missingColumns(let table, let columns):
            return "table '\(table)' lacks column\(columns.count == 1 ? "" : "s") the model needs: \(columns.joined(separator: ", "))"
        }
    }
}
