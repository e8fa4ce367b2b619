import Foundation
internal import CSQLite

/// A SQLite database file through the SQLite C library (Debian's libsqlite3). Statements are prepared with
/// `sqlite3_prepare_v2`, parameters bound with `sqlite3_bind_double`/`_text`, rows read with `sqlite3_step`.
final class SQLiteConnection: EngineConnection {
    let url: EngineURL
    let dialect = EngineDialect.sqlite
    let maxResultColumns = 2000
    private let db: OpaquePointer

    init(url: EngineURL, path: String, writable: Bool) throws {
        self.url = url
        // Never create a file: a mistyped path is an error, not a new empty database.
        var handle: OpaquePointer?
        let flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            if let handle { sqlite3_close(handle) }
            throw EngineError.connection(engine: "SQLite", url: url.description, message: "\(message) (\(path))")
        }
        db = handle
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { sqlite3_close(db) }

    func placeholder(_ index: Int) -> String { "?\(index)" }

    private func failure() -> EngineError {
        .statement(engine: "SQLite", message: String(cString: sqlite3_errmsg(db)))
    }

    private func prepare(_ sql: String, _ parameters: [EngineParameter]) throws -> OpaquePointer {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let prepared = sql.withCString { text -> Int32 in
            let status = sqlite3_prepare_v2(db, text, -1, &statement, &tail)
            // One statement only: SQLite compiles the first and would silently ignore the rest (PostgreSQL's
            // extended protocol refuses a second statement the same way).
            if status == SQLITE_OK, let tail, String(cString: tail).contains(where: { !$0.isWhitespace }) {
                sqlite3_finalize(statement); statement = nil
                return SQLITE_MISUSE
            }
            return status
        }
        if prepared == SQLITE_MISUSE && statement == nil {
            throw EngineError.statement(engine: "SQLite", message: "more than one statement (a ';' inside --where?)")
        }
        guard prepared == SQLITE_OK, let statement else { throw failure() }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)   // SQLITE_TRANSIENT: SQLite copies
        for (k, parameter) in parameters.enumerated() {
            let status: Int32
            switch parameter {
            case .double(let x): status = sqlite3_bind_double(statement, Int32(k + 1), x)
            case .text(let s): status = sqlite3_bind_text(statement, Int32(k + 1), s, -1, transient)
            }
            if status != SQLITE_OK { sqlite3_finalize(statement); throw failure() }
        }
        return statement
    }

    func query(_ sql: String, parameters: [EngineParameter]) throws -> EngineResult {
        let statement = try prepare(sql, parameters)
        defer { sqlite3_finalize(statement) }
        let n = Int(sqlite3_column_count(statement))
        let columns = (0..<n).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        var rows: [[EngineValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure() }
            var row: [EngineValue] = []
            row.reserveCapacity(n)
            for j in 0..<Int32(n) {
                switch sqlite3_column_type(statement, j) {
                case SQLITE_NULL: row.append(.null)
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, j)))
                case SQLITE_FLOAT: row.append(.double(sqlite3_column_double(statement, j)))
                default:
                    if let text = sqlite3_column_text(statement, j) {
                        let count = Int(sqlite3_column_bytes(statement, j))
                        row.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)))
                    } else {
                        row.append(.null)
                    }
                }
            }
            rows.append(row)
        }
        return EngineResult(columns: columns, rows: rows)
    }

    func execute(_ sql: String) throws -> Int {
        let statement = try prepare(sql, [])
        defer { sqlite3_finalize(statement) }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            if status != SQLITE_ROW { throw failure() }
        }
        return Int(sqlite3_changes64(db))
    }
}
