@testable import CreditReports
import XCTest

/// Display widths follow Unicode UAX #11 (East Asian Width): W/F characters take two terminal columns.
final class DisplayWidthTests: XCTestCase {
    func testWidths() {
        XCTAssertEqual(displayWidth("income"), 6)
        XCTAssertEqual(displayWidth("收入"), 4)
        XCTAssertEqual(displayWidth("个体户 (2)"), 10)
        XCTAssertEqual(displayWidth("e\u{301}"), 1)          // e + combining acute
        XCTAssertEqual(displayWidth("ＡＢ"), 4)               // fullwidth Latin
        XCTAssertEqual(displayWidth("소득"), 4)               // Hangul
        XCTAssertEqual(displayWidth("👍"), 2)
    }

    func testTextTableAlignsWideCharacters() {
        var t = TextTable(columns: [.init("name"), .init("n", alignRight: true), .init("note")])
        t.append(["收入", "1", "a"])
        t.append(["income", "22", "b"])
        let lines = t.renderText().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0], "name     n  note")
        XCTAssertEqual(lines[3], "income  22  b")
        XCTAssertEqual(lines[2], "收入     1  a")
    }

    func testMarkdownAndCSV() {
        var t = TextTable(columns: [.init("a"), .init("b", alignRight: true)])
        t.append(["x|y", "1,5"])
        XCTAssertEqual(t.renderMarkdown(), "| a | b |\n|---|---:|\n| x\\|y | 1,5 |\n")
        XCTAssertEqual(t.renderCSV(), "a,b\nx|y,\"1,5\"\n")
    }

    func testNumberFormats() {
        XCTAssertEqual(NumberFormat.count(1_000_000), "1,000,000")
        XCTAssertEqual(NumberFormat.count(999), "999")
        XCTAssertEqual(NumberFormat.count(-1234), "-1,234")
        XCTAssertEqual(NumberFormat.pValue(0.04321), "0.0432")
        XCTAssertEqual(NumberFormat.pValue(1.234e-9), "1.23e-09")
        XCTAssertEqual(NumberFormat.pValue(0), "<1e-300")
        XCTAssertEqual(NumberFormat.fixed(.nan, 2), "nan")
        XCTAssertEqual(NumberFormat.percent(0.3), "30.0%")
        XCTAssertEqual(NumberFormat.estimate(0.000123456), "1.235e-04")
        XCTAssertEqual(NumberFormat.estimate(-1.29781), "-1.2978")
        XCTAssertEqual(NumberFormat.estimate(0), "0.0000")
        XCTAssertEqual(NumberFormat.estimate(2.5e7), "2.500e+07")
    }
}
