@testable import CreditReports
import XCTest

/// Text for terminals shows control characters visibly; CSV neutralises formula-like text cells (the rule is
/// `CSVWriter.isFormulaLike` in CreditTabular, tested there) unless told not to.
final class OutputSafetyTests: XCTestCase {
    func testTerminalTextEscapesControlCharacters() {
        XCTAssertEqual(TerminalText.escaped("a\u{1B}]0;pwned\u{7}b"), "a\\u{1B}]0;pwned\\u{7}b")
        XCTAssertEqual(TerminalText.escaped("x\u{1B}[31my"), "x\\u{1B}[31my")
        XCTAssertEqual(TerminalText.escaped("\u{0}\u{9}\u{A}\u{D}\u{1F}\u{7F}\u{80}\u{9B}\u{9F}"),
                       "\\u{0}\\u{9}\\u{A}\\u{D}\\u{1F}\\u{7F}\\u{80}\\u{9B}\\u{9F}")
        XCTAssertEqual(TerminalText.escaped("line\nnext\r", keepingLineBreaks: true), "line\nnext\\u{D}")
        // Printable text is kept as it is, including non-ASCII and the characters just outside the ranges.
        for kept in ["income", "收入", "é", "\u{A0}", "~", " ", "\\u{1B}", "👍"] { XCTAssertEqual(TerminalText.escaped(kept), kept) }
    }

    func testTextAndMarkdownTablesEscapeAndAlignByTheShownText() {
        var t = TextTable(columns: [.init("name\u{1B}[2J"), .init("n", alignRight: true)])
        t.append(["x\u{7}", "1"])
        t.append(["plain", "22"])
        let lines = t.renderText().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "name\\u{1B}[2J   n")
        XCTAssertEqual(lines[1], "─────────────  ──")
        XCTAssertEqual(lines[2], "x\\u{7}          1")
        XCTAssertEqual(lines[3], "plain          22")
        XCTAssertEqual(t.renderMarkdown(), "| name\\u{1B}[2J | n |\n|---|---:|\n| x\\u{7} | 1 |\n| plain | 22 |\n")
        // CSV is data: the bytes are kept.
        XCTAssertEqual(t.renderCSV(), "name\u{1B}[2J,n\nx\u{7},1\nplain,22\n")
    }

    func testCSVOutputNeutralisesFormulas() {
        var t = TextTable(columns: [.init("=name"), .init("value", alignRight: true)])
        t.append(["=cmd|' /C calc'!A0", "-1.5"])
        t.append(["@x", "-0"])
        t.append(["-12", "1e-5"])
        t.append(["a,b", "-inf"])
        XCTAssertEqual(t.renderCSV(), "\"'=name\",value\n\"'=cmd|' /C calc'!A0\",-1.5\n\"'@x\",-0\n-12,1e-5\n\"a,b\",-inf\n")
        XCTAssertEqual(t.renderCSV(csvSafe: false), "=name,value\n=cmd|' /C calc'!A0,-1.5\n@x,-0\n-12,1e-5\n\"a,b\",-inf\n")
        XCTAssertEqual(t.render(.csv, csvSafe: false), t.renderCSV(csvSafe: false))
        XCTAssertEqual(csvQuote("+x", csvSafe: true), "\"'+x\"")
        XCTAssertEqual(csvQuote("+x", csvSafe: false), "+x")
    }
}
