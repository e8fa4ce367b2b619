import Foundation
import CreditTabular
import XCTest

/// `CSVRecords`: each row's bytes as read, so a row copied out is the row of the input byte for byte.
final class CSVRecordsTests: XCTestCase {
    func records(_ text: String) throws -> CSVRecords {
        try CSVRecords.read(bytes: Array(text.utf8), source: "t.csv")
    }
    func rows(_ r: CSVRecords) -> [String] { r.rows.indices.map { String(decoding: r.rowBytes($0), as: UTF8.self) } }

    func testRowsAreTheInputBytesWithQuotedLineBreaksAndWithoutBlankLines() throws {
        let text = "id,note,y\n1,\"two\nlines\",0\n\n2,\"a \"\"quote\"\", here\",1\n\n\n3,plain,0\n"
        let r = try records(text)
        XCTAssertEqual(r.table.rowCount, 3)
        XCTAssertEqual(String(decoding: r.headerBytes, as: UTF8.self), "id,note,y\n")
        XCTAssertEqual(rows(r), ["1,\"two\nlines\",0\n", "2,\"a \"\"quote\"\", here\",1\n", "3,plain,0\n"])
        // The header and rows are the input without its blank lines.
        XCTAssertEqual(String(decoding: r.headerBytes + r.rows.indices.flatMap { r.rowBytes($0) }, as: UTF8.self),
                       text.replacingOccurrences(of: "\n\n\n", with: "\n").replacingOccurrences(of: "\n\n", with: "\n"))
    }

    func testCRLFAndALastRowWithoutLineEnding() throws {
        let r = try records("a,b\r\n1,2\r\n\r\n3,4")
        XCTAssertEqual(r.lineEnding, Array("\r\n".utf8))
        XCTAssertEqual(rows(r), ["1,2\r\n", "3,4\r\n"], "the last row gets the header's line ending")
        XCTAssertEqual(String(decoding: r.rowContent(0), as: UTF8.self), "1,2")
        XCTAssertEqual(String(decoding: r.headerContent, as: UTF8.self), "a,b")
    }

    func testByteOrderMarkStaysWithTheHeaderAndOneColumnBlankLinesAreRows() throws {
        let r = try CSVRecords.read(bytes: [0xEF, 0xBB, 0xBF] + Array("x\n1\n\n2\n".utf8), source: "t.csv")
        XCTAssertEqual(r.headerBytes, [0xEF, 0xBB, 0xBF] + Array("x\n".utf8))
        XCTAssertEqual(r.table.rowCount, 3, "with one column a blank line is a missing value")
        XCTAssertEqual(rows(r), ["1\n", "\n", "2\n"])
    }

    func testHeaderOnlyFile() throws {
        let r = try records("a,b\n")
        XCTAssertEqual(r.rows.count, 0)
        XCTAssertEqual(String(decoding: r.headerBytes, as: UTF8.self), "a,b\n")
    }
}
