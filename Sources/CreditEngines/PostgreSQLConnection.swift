import Foundation
internal import CLibPQ

/// A PostgreSQL server through libpq (Debian's libpq5, PostgreSQL's own client library). The URI goes to
/// `PQconnectdbParams` as `dbname` with `expand_dbname`, so libpq parses it and applies its conventions for
/// what the URI leaves out (PGHOST, PGUSER, PGPASSWORD, ~/.pgpass, …); `--password-file`'s password is passed
/// as the `password` keyword. Statements run with `PQexecParams`: parameters as text in their shortest
/// round-trip form (`%.17g` for a double, read back exactly by the server's `float8in`), typed float8 or text;
/// results as text, doubles in the server's shortest exact form (`extra_float_digits` 1, PostgreSQL ≥ 12).
final class PostgreSQLConnection: EngineConnection {
    let url: EngineURL
    let dialect = EngineDialect.postgresql
    let maxResultColumns = 1664
    private let conn: OpaquePointer

    init(url: EngineURL, uri: String, password: String?, writable: Bool) throws {
        self.url = url
        var keywords = ["dbname", "client_encoding", "fallback_application_name"]
        var values = [uri, "UTF8", "credit"]
        if let password { keywords.append("password"); values.append(password) }
        let handle: OpaquePointer? = withCStrings(keywords) { k in
            withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let handle else {
            throw EngineError.connection(engine: "PostgreSQL", url: url.description, message: "libpq could not allocate a connection")
        }
        if PQstatus(handle) != CONNECTION_OK {
            let message = Self.trimmed(String(cString: PQerrorMessage(handle)))
            PQfinish(handle)
            throw EngineError.connection(engine: "PostgreSQL", url: url.description, message: message)
        }
        conn = handle
        // Doubles in their shortest exact text (the default since PostgreSQL 12; set for older servers' sake).
        _ = try? execute("SET extra_float_digits = 3")
        // Reading only (training): every transaction of the session read-only, so a --where that calls a
        // function with side effects is refused by the server.
        if !writable { try execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }
    }

    deinit { PQfinish(conn) }

    func placeholder(_ index: Int) -> String { "$\(index)" }

    static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

    private func run(_ sql: String, _ parameters: [EngineParameter]) throws -> OpaquePointer {
        let types: [Oid] = parameters.map { if case .double = $0 { return 701 } else { return 25 } }   // float8, text
        let texts: [String] = parameters.map {
            switch $0 {
            case .double(let x): return String(format: "%.17g", x)
            case .text(let s): return s
            }
        }
        let result: OpaquePointer? = withCStrings(texts) { values in
            types.withUnsafeBufferPointer { t in
                PQexecParams(conn, sql, Int32(parameters.count), t.baseAddress, values, nil, nil, 0)
            }
        }
        guard let result else {
            throw EngineError.statement(engine: "PostgreSQL", message: Self.trimmed(String(cString: PQerrorMessage(conn))))
        }
        let status = PQresultStatus(result)
        if status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK {
            let message = Self.trimmed(String(cString: PQresultErrorMessage(result)))
            PQclear(result)
            throw EngineError.statement(engine: "PostgreSQL", message: message)
        }
        return result
    }

    func query(_ sql: String, parameters: [EngineParameter]) throws -> EngineResult {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        let n = Int(PQnfields(result)), m = Int(PQntuples(result))
        let columns = (0..<n).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[EngineValue]] = []
        rows.reserveCapacity(m)
        for i in 0..<Int32(m) {
            rows.append((0..<Int32(n)).map { j in
                PQgetisnull(result, i, j) != 0 ? .null : .text(String(cString: PQgetvalue(result, i, j)))
            })
        }
        return EngineResult(columns: columns, rows: rows)
    }

    func execute(_ sql: String) throws -> Int {
        let result = try run(sql, [])
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }
}

/// Calls `body` with a NULL-terminated array of C strings (valid only during the call).
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { for c in copies { free(c) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
}
