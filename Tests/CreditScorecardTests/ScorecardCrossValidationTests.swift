import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditTabular
import TestSupport
import XCTest

/// `ScorecardTrainingRequest.crossValidation`: every fold's card is learned on its training rows alone.
final class ScorecardCrossValidationTests: XCTestCase {
    /// Per fold: the fold's card equals the card trained on a CSV file holding only the fold's training lines
    /// (header plus those lines, cut from the file's text), so its bins and WoE never saw the test rows; the
    /// out-of-fold PDs equal that card's PDs of the test rows; the folds partition the rows; and the bins of at
    /// least one fold differ from the full data's (the bins are re-fitted, not reused).
    func testFoldCardsAreTrainedOnTheTrainingRowsAloneAndTheirPDsAreTheOutOfFoldPDs() throws {
        let path = PackagePaths.path("datasets/german_credit.csv")
        let table = try CSVReader.read(path: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var request = ScorecardTrainingRequest(target: "default")
        request.selection = SelectionOptions.scorecard(direction: .stepwise)
        request.crossValidation = CrossValidationPlan(folds: 5, seed: 3)
        let full = try request.run(on: table)
        let cv = try XCTUnwrap(full.crossValidation)
        XCTAssertEqual(cv.predictions.count, 5)
        XCTAssertEqual(cv.predictions.flatMap(\.rows).sorted(), Array(0..<1000))
        var differs = false
        for (f, card) in zip(cv.predictions, cv.cards) {
            let test = Set(f.rows)
            let training = (0..<1000).filter { !test.contains($0) }
            let file = PackagePaths.temporaryDirectory().appendingPathComponent("fold\(f.fold).csv")
            try ([String(lines[0])] + training.map { String(lines[table.lineNumbers[$0] - 1]) }).joined(separator: "\n")
                .appending("\n").write(to: file, atomically: true, encoding: .utf8)
            var manual = request
            manual.crossValidation = nil
            let alone = try manual.run(on: try CSVReader.read(path: file.path)).section
            XCTAssertEqual(card.characteristics.map(\.bins), alone.characteristics.map(\.bins), "fold \(f.fold + 1) bins")
            XCTAssertEqual(card.characteristics.map(\.woe), alone.characteristics.map(\.woe), "fold \(f.fold + 1) WoE")
            XCTAssertEqual(card.intercept, alone.intercept, accuracy: 1e-12)
            if card.characteristics.map(\.bins) != full.section.characteristics.map(\.bins) { differs = true }
            // The fold card's PD of each test row, scored on the whole table.
            let bound = try BoundScorecard(section: alone, table: table)
            for (r, p) in zip(f.rows, f.predictions) {
                guard case .scored(let s) = bound.score(row: cv.rows[r]) else { return XCTFail("row \(r) rejected") }
                XCTAssertEqual(p, s.probability, accuracy: 1e-12, "fold \(f.fold + 1) row \(r)")
            }
        }
        XCTAssertTrue(differs, "every fold's bins equal the full data's: the bins were not re-fitted")
        // The CSV has the regression's out-of-fold columns, one line per row.
        let csv = cv.csv().split(separator: "\n")
        XCTAssertEqual(csv.first, "row,line,repetition,fold,target,pd")
        XCTAssertEqual(csv.count, 1001)
    }
}
