import Foundation
import XCTest
@testable import CreditEngines

/// URLs, identifier quoting and the SQLite connection (the PostgreSQL one runs in CLITests.EngineCLITests
/// against a private server).
final class EngineURLTests: XCTestCase {
    func testSQLiteURLs() throws {
        XCTAssertEqual(try EngineURL("sqlite:///data/loans.db").kind, .sqlite(path: "data/loans.db"))
        XCTAssertEqual(try EngineURL("sqlite:////tmp/loans.db").kind, .sqlite(path: "/tmp/loans.db"))
        XCTAssertEqual(try EngineURL("sqlite:////tmp/loans.db").engineName, "SQLite")
        for bad in ["sqlite:///", "sqlite://loans.db", "sqlite:///a.db?mode=ro", "mysql://h/db", "loans.db"] {
            XCTAssertThrowsError(try EngineURL(bad), bad) { error in
                guard case EngineError.badURL = error else { return XCTFail("\(bad): \(error)") }
            }
        }
    }

    func testPostgreSQLURLsParsedByLibpq() throws {
        let url = try EngineURL("postgresql://credit@localhost:5433/loans?connect_timeout=5")
        XCTAssertEqual(url.kind, .postgresql(uri: "postgresql://credit@localhost:5433/loans?connect_timeout=5"))
        XCTAssertEqual(url.description, "postgresql://credit@localhost:5433/loans?connect_timeout=5")
        XCTAssertNoThrow(try EngineURL("postgres:///loans?host=/run/postgresql"))
        XCTAssertThrowsError(try EngineURL("postgresql://h/db?nosuchparameter=1")) { error in
            guard case EngineError.badURL(_, let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("nosuchparameter"), why)
        }
    }

    /// A password in the URL is refused, and the message masks it.
    func testPasswordInURLRefusedAndMasked() {
        for url in ["postgresql://credit:s3cret@localhost/loans", "postgresql://credit@localhost/loans?password=s3cret"] {
            XCTAssertThrowsError(try EngineURL(url), url) { error in
                guard case EngineError.passwordInURL = error else { return XCTFail("\(url): \(error)") }
                XCTAssertFalse("\(error)".contains("s3cret"), "\(error)")
                XCTAssertTrue("\(error)".contains("PGPASSWORD"), "\(error)")
            }
        }
    }

    func testIdentifiersQuotedOrRefused() throws {
        XCTAssertEqual(try SQLIdentifier.quoted("loans", option: "--table"), "\"loans\"")
        XCTAssertEqual(try SQLIdentifier.quoted("x\"; DROP TABLE t; --", option: "--table"), "\"x\"\"; DROP TABLE t; --\"")
        for bad in ["", "a\u{0}b", "a\nb", "a\u{7F}"] {
            XCTAssertThrowsError(try SQLIdentifier.quoted(bad, option: "--table")) { error in
                guard case EngineError.unquotableName = error else { return XCTFail("\(error)") }
            }
        }
    }
}

final class SQLiteConnectionTests: XCTestCase {
    var directory: URL!
    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("credit-engines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func makeDatabase() throws -> any EngineConnection {
        let path = directory.appendingPathComponent("t.db").path
        FileManager.default.createFile(atPath: path, contents: Data())
        let c = try Engines.connect(try EngineURL("sqlite:///" + path), writable: true)
        try c.execute("CREATE TABLE t (a REAL, b TEXT)")
        try c.execute("INSERT INTO t VALUES (0.1, 'x'), (2.5, 'y'), (NULL, 'it''s')")
        return c
    }

    /// Doubles bound as parameters arrive bit for bit; text parameters are values, never SQL.
    func testBoundParametersAndTypedValues() throws {
        let c = try makeDatabase()
        let r = try c.query("SELECT ?1 * 1.0, ?2, COUNT(*) FROM t WHERE b = ?2", parameters: [.double(0.1 + 0.2), .text("it's")])
        XCTAssertEqual(r.rows.count, 1)
        XCTAssertEqual(r.rows[0][0], .double(0.1 + 0.2))
        XCTAssertEqual(r.rows[0][1], .text("it's"))
        XCTAssertEqual(r.rows[0][2], .integer(1))
        let injected = try c.query("SELECT COUNT(*) FROM t WHERE b = ?1", parameters: [.text("x' OR '1'='1")])
        XCTAssertEqual(injected.rows[0][0], .integer(0))
        XCTAssertEqual(try c.query("SELECT a FROM t WHERE a IS NULL", parameters: []).rows, [[.null]])
        XCTAssertEqual(try c.query("SELECT * FROM t LIMIT 0", parameters: []).columns, ["a", "b"])
    }

    /// A second statement is refused, not silently ignored (SQLite would compile only the first).
    func testSecondStatementRefused() throws {
        let c = try makeDatabase()
        XCTAssertThrowsError(try c.query("SELECT 1; DROP TABLE t", parameters: [])) { error in
            XCTAssertTrue("\(error)".contains("more than one statement"), "\(error)")
        }
        XCTAssertEqual(try c.query("SELECT COUNT(*) FROM t", parameters: []).rows, [[.integer(3)]])
    }

    /// The engine's own messages come through.
    func testEngineMessages() throws {
        let c = try makeDatabase()
        XCTAssertThrowsError(try c.query("SELECT * FROM nosuch", parameters: [])) { error in
            XCTAssertEqual("\(error)", "SQLite refused the query: no such table: nosuch")
        }
        XCTAssertThrowsError(try Engines.connect(try EngineURL("sqlite:///" + directory.appendingPathComponent("absent.db").path))) { error in
            guard case EngineError.connection(let engine, _, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(engine, "SQLite")
            XCTAssertTrue(message.contains("unable to open database file"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("absent.db").path), "a missing file is never created")
    }

    /// Training opens SQLite read-only: a write through the connection fails.
    func testReadOnlyByDefault() throws {
        _ = try makeDatabase()
        let c = try Engines.connect(try EngineURL("sqlite:///" + directory.appendingPathComponent("t.db").path))
        XCTAssertThrowsError(try c.execute("DELETE FROM t")) { error in
            XCTAssertTrue("\(error)".contains("readonly"), "\(error)")
        }
    }

    func testPasswordFile() throws {
        let path = directory.appendingPathComponent("pw").path
        try "s3cret\nignored\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Engines.readPassword(path), "s3cret")
        try "\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Engines.readPassword(path))
        XCTAssertThrowsError(try Engines.readPassword(directory.appendingPathComponent("none").path))
    }
}
