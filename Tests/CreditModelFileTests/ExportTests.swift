import Foundation
import CreditScorecard
@testable import CreditModelFile
import TestSupport
import XCTest

/// Quoting, escaping and number forms of the SQL and PMML exports (the engine round trips are in
/// CLITests/ExportCLITests).
final class ExportTests: XCTestCase {
    let hostile = "x\"; DROP TABLE t; --`'\\\n<&>"

    func testIdentifiersDoubleTheirQuote() {
        for dialect in [SQLDialect.sqlite, .duckdb, .postgres, .ansi] {
            XCTAssertEqual(dialect.identifier(hostile), "\"x\"\"; DROP TABLE t; --`'\\\n<&>\"")
        }
        XCTAssertEqual(SQLDialect.spark.identifier(hostile), "`x\"; DROP TABLE t; --``'\\\n<&>`")
    }

    func testStringLiterals() {
        XCTAssertEqual(SQLDialect.sqlite.string("O'Brien \\ \"x\"\n"), "'O''Brien \\ \"x\"\n'")
        XCTAssertEqual(SQLDialect.postgres.string("it's"), "'it''s'")
        // Spark SQL reads backslash escapes inside literals.
        XCTAssertEqual(SQLDialect.spark.string("O'Brien \\ \"x\"\n\t\u{1}"), "'O\\'Brien \\\\ \"x\"\\n\\t\\u0001'")
    }

    func testDoubleLiteralsRoundTripAndAreDoubles() throws {
        for x in [0.1, -1.297826694798403, 1e-5, 123456789.0, 5e-324, 1.7976931348623157e308, 0] {
            let s = try ExportNumber.scientific(x)
            XCTAssertTrue(s.contains("E"), s)
            XCTAssertEqual(Double(s), x, s)
            XCTAssertEqual(Double(try ExportNumber.plain(x)), x)
        }
        XCTAssertEqual(try SQLDialect.postgres.double(0.5), "CAST(0.5E0 AS DOUBLE PRECISION)")
        XCTAssertEqual(try SQLDialect.duckdb.double(0.5), "0.5E0")
        XCTAssertThrowsError(try ExportNumber.scientific(.infinity))
    }

    func testXMLEscapingKeepsNewlinesAndQuotes() {
        XCTAssertEqual(XMLWriter.escape("a<b&c \"q\" 'a'\n\t\r>"), "a&lt;b&amp;c &quot;q&quot; &apos;a&apos;&#10;&#9;&#13;&gt;")
        var x = XMLWriter()
        x.empty("DataField", ["name": hostile])
        XCTAssertEqual(x.text, "<DataField name=\"x&quot;; DROP TABLE t; --`&apos;\\&#10;&lt;&amp;&gt;\"/>\n")
    }

    func testUnrepresentableNamesAreRefused() {
        XCTAssertThrowsError(try checkRepresentable("a\u{0}b", what: "column"))
        XCTAssertThrowsError(try checkXMLRepresentable("a\u{1}b", what: "column"))
        XCTAssertThrowsError(try checkXMLRepresentable("a\u{FFFE}b", what: "category"))
        XCTAssertNoThrow(try checkXMLRepresentable("a\n\tb\r\u{7F}\u{FFFD}", what: "column"))
    }
}
