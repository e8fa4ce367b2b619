import XCTest
import TestSupport
@testable import CreditTabular

/// The spreadsheet-safety rule (OWASP "CSV injection"): a text cell whose first character is =, +, -, @, TAB or
/// CR and that is not a number is written as ' + the cell, quoted; numbers and every other cell are untouched.
final class CSVSafetyTests: XCTestCase {
    func testFormulaLikeCells() {
        let formulas = ["=1+2", "=HYPERLINK(\"http://evil\",\"x\")", "=cmd|' /C calc'!A0", "+1+2", "-2+3", "-", "+", "@SUM(A1)", "@",
                        "\tx", "\t", "\rx", "-1.5.2", "-1e", "-e5", "--1", "+-1", "-1,5", "- 1", "-0x10", "-infx", "-1e+", "=", "-.", "+."]
        for f in formulas {
            XCTAssertTrue(CSVWriter.isFormulaLike(f), f.debugDescription)
            XCTAssertEqual(CSVWriter.neutralizedField(f), "'" + f)
        }
        let numbers = ["-12", "+3", "-1.5", "-0", "+0.0", "1e-5", "-1e-5", "-1E+300", "-.5", "-5.", "+.5e3", "-inf", "+Inf", "-nan",
                       "-Infinity", "-12345678901234567890"]
        let other = ["", "x", "1+2", "a=b", " =1", "'=1", "€", "北京", "(-inf, 5)", "[1, 2)", "0", "12"]
        for n in numbers + other {
            XCTAssertFalse(CSVWriter.isFormulaLike(n), n.debugDescription)
            XCTAssertEqual(CSVWriter.neutralizedField(n), n)
        }
    }

    func testEscapedFieldQuotesNeutralisedCellsAndOnlyWithSafety() {
        XCTAssertEqual(CSVWriter.escapedField("=1+2", csvSafe: true), "\"'=1+2\"")
        XCTAssertEqual(CSVWriter.escapedField("=1+2", csvSafe: false), "=1+2")
        XCTAssertEqual(CSVWriter.escapedField("=HYPERLINK(\"u\")", csvSafe: true), "\"'=HYPERLINK(\"\"u\"\")\"")
        XCTAssertEqual(CSVWriter.escapedField("=a,b", csvSafe: false), "\"=a,b\"")
        XCTAssertEqual(CSVWriter.escapedField("-1.5", csvSafe: true), "-1.5")
        XCTAssertEqual(CSVWriter.escapedField("a,b", csvSafe: true), "\"a,b\"")
        XCTAssertEqual(CSVWriter.escapedField("\rx", csvSafe: true), "\"'\rx\"")
        XCTAssertEqual(CSVWriter.escapedField("@x", delimiter: UInt8(ascii: ";"), csvSafe: true), "\"'@x\"")
    }

    /// The writer neutralises by default and reads back as the neutralised text; `csvSafe: false` writes the
    /// cells as given.
    func testWriterAppliesTheRuleByDefault() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = [["id", "v"], ["=1+2", "-1.5"], ["-12", "@x"], ["ok", "+1+1"]]
        for (safe, expected) in [(true, "id,v\n\"'=1+2\",-1.5\n-12,\"'@x\"\nok,\"'+1+1\"\n"), (false, "id,v\n=1+2,-1.5\n-12,@x\nok,+1+1\n")] {
            let path = dir.appendingPathComponent("\(safe).csv").path
            let writer = try CSVWriter(path: path, csvSafe: safe)
            for r in rows { try writer.writeRow(r) }
            try writer.commit()
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), expected)
        }
        let back = try CSVReader.read(path: dir.appendingPathComponent("true.csv").path, options: CSVOptions(columnTypes: ["id": .categorical, "v": .categorical]))
        guard case .categorical(let ids) = back["id"]! else { return XCTFail("text") }
        XCTAssertEqual((0..<3).map { ids[$0] }, ["'=1+2", "-12", "ok"])
    }
}
