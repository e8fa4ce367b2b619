@testable import CreditReports
import CreditMetrics
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

/// Report text names no command-line flag unless the caller gives its label (the CLI does).
final class ReportLabelTests: XCTestCase {
    func testTheDirectionLineNamesWhatAskedForNegationOnlyWhenGiven() throws {
        let isBad = (0..<40).map { $0 % 3 == 0 }
        let scores = [(0..<40).map { Double($0 % 7) }, (0..<40).map { Double(($0 * 5) % 11) }]
        var options = EvaluationOptions()
        options.bootstrapReplicates = 0
        let comparison = try Comparison(names: ["a", "b"], scores: scores, isBad: isBad, options: options)
        var report = ComparisonReport(source: "s.csv", target: "y", bad: "1", rowsIn: 40, rowsExcluded: 0, higherIsSafer: true, comparison: comparison)
        XCTAssertTrue(report.render(.text).contains("\ndirection: higher score = safer (scores negated before evaluation)\n"))
        let json = report.render(.json)
        report.higherIsSaferLabel = "--higher-is-safer"
        XCTAssertTrue(report.render(.text).contains("\ndirection: higher score = safer (--higher-is-safer; scores negated before evaluation)\n"))
        XCTAssertEqual(report.render(.json), json)
        XCTAssertFalse(json.contains("higherIsSaferLabel"))
    }
}
