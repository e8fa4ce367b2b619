import CreditModelFile
import CreditPortfolio
import CreditReports
import Foundation
import XCTest

/// The small summaries the CLI prints: `ScoringSummaryReport` (after `credit score`) and the target counts of
/// `VintageReport.TargetSummary`, checked against counts made by hand.
final class SummaryReportTests: XCTestCase {
    func testScoringSummaryText() {
        let summary = ScoringSummary(rowsIn: 1234, rowsScored: 1224, rowsRejected: 10,
                                     rejectedByReason: ["unseen level in purpose": 3, "missing value in income": 7, "a tie": 3])
        // Most frequent first; equal counts by reason; the hint only when rows were rejected.
        XCTAssertEqual(ScoringSummaryReport(source: "in.csv", summary: summary, rejectsHint: "(see --rejects)").render(.text), """
            in.csv: rows in 1,234, scored 1,224, rejected 10
              7  missing value in income
              3  a tie
              3  unseen level in purpose
              (see --rejects)
            """)
        let clean = ScoringSummary(rowsIn: 5, rowsScored: 5, rowsRejected: 0, rejectedByReason: [:])
        XCTAssertEqual(ScoringSummaryReport(source: "in.csv", summary: clean, rejectsHint: "(see --rejects)").render(.text),
                       "in.csv: rows in 5, scored 5, rejected 0")
    }

    func testScoringSummaryJSONIsTheSummary() throws {
        let summary = ScoringSummary(rowsIn: 3, rowsScored: 2, rowsRejected: 1, rejectedByReason: ["missing value in x": 1])
        let json = ScoringSummaryReport(source: "in.csv", summary: summary, rejectsHint: "hint").render(.json)
        XCTAssertFalse(json.hasSuffix("\n"))
        XCTAssertEqual(try JSONDecoder().decode(ScoringSummary.self, from: Data(json.utf8)), summary)
        XCTAssertFalse(json.contains("hint"))
    }

    func testTargetSummaryCounts() {
        let outcomes: [(id: String, outcome: TargetDefinition.Outcome)] =
            [("A", .bad), ("B", .good), ("C", .indeterminate), ("D", .good), ("E", .indeterminate), ("F", .good)]
        let s = VintageReport.TargetSummary(definition: TargetDefinition(), outcomes: outcomes, file: "t.csv")
        XCTAssertEqual([s.bad, s.good, s.indeterminate], [1, 3, 2])
        XCTAssertEqual(s.file, "t.csv")
        let none = VintageReport.TargetSummary(definition: TargetDefinition(), outcomes: [], file: nil)
        XCTAssertEqual([none.bad, none.good, none.indeterminate], [0, 0, 0])
    }
}
