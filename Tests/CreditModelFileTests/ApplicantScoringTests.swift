import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// `CreditModel.score(applicant:)` gives, for one applicant, what batch scoring gives for the same row.
final class ApplicantScoringTests: XCTestCase {
    static let path = StreamScoringTests.path

    /// Every row of german_credit.csv as column → text, the cells as written in the file.
    static func applicants() throws -> [[String: String]] {
        var options = CSVOptions()
        let header = try CSVStreamReader(path: path).header
        for name in header { options.columnTypes[name] = .categorical }
        let table = try CSVReader.read(path: path, options: options)
        return (0..<table.rowCount).map { row in
            var applicant: [String: String] = [:]
            for (name, column) in zip(table.columnNames, table.columns) {
                guard case .categorical(let c) = column else { preconditionFailure("read as text") }
                applicant[name] = c[row] ?? ""
            }
            return applicant
        }
    }

    func testEveryGermanRowEqualsBatchScoringOfTheScorecard() throws {
        let model = try StreamScoringTests.scorecardModel()
        let card = model.scorecard!
        let batch = try model.score(try CSVReader.read(path: Self.path))
        for (row, applicant) in try Self.applicants().enumerated() {
            guard case .scored(let s) = try model.score(applicant: applicant) else { return XCTFail("row \(row) rejected") }
            let expected = batch.scorecardRows![row]!
            XCTAssertEqual(s.probability.bitPattern, expected.probability.bitPattern, "row \(row)")
            XCTAssertEqual(s.score, expected.score, "row \(row)")
            XCTAssertEqual(s.points.map(\.points), expected.points, "row \(row)")
            XCTAssertEqual(s.points.map(\.characteristic), card.characteristics.map(\.name))
            XCTAssertEqual(s.reasons, expected.reasons.map { card.reasonCode($0) }, "row \(row)")
        }
    }

    func testEveryGermanRowEqualsBatchScoringOfThePlainRegression() throws {
        let (model, _, table) = try CreditModelFileTests.germanModel()
        let batch = try model.score(table)
        for (row, applicant) in try Self.applicants().enumerated() {
            let result = try model.score(applicant: applicant)
            guard case .scored(let s) = result else { return XCTFail("row \(row) rejected") }
            XCTAssertEqual(s.probability.bitPattern, batch.probabilities[row].bitPattern, "row \(row)")
            XCTAssertEqual(result.probability, s.probability)
            XCTAssertNil(s.score)
            XCTAssertEqual(s.points, [])
            XCTAssertEqual(s.reasons, [])
        }
    }

    /// The rejections of the one-call scorer carry the reason and the detail the batch scorer writes for the
    /// same values.
    func testRejectionsMatchTheBatchScorersReasons() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        let first = try Self.applicants()[0]
        let edits: [(String, String, RowProblem.Reason)] = [
            ("age_in_years", "", .missingValue),
            ("age_in_years", "NA", .missingValue),
            ("credit_amount", "abc", .notANumber("abc")),
            ("credit_amount", "1e999", .notANumber("1e999")),
            ("purpose", "yacht", .unseenLevel("yacht")),
        ]
        var csv = Array([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path))).prefix(while: { $0 != 10 })) + [10]
        for (column, value, reason) in edits {
            var applicant = first
            applicant[column] = value
            guard case .rejected(let r) = try model.score(applicant: applicant) else { return XCTFail("\(column) = \(value) scored") }
            XCTAssertEqual(r.column, column)
            XCTAssertEqual(r.reason, reason)
            // The same row through the batch scorer.
            var line: [UInt8] = []
            for name in try CSVStreamReader(path: Self.path).header {
                if !line.isEmpty { line.append(44) }
                CSVWriter.appendField(applicant[name]!, delimiter: 44, to: &line)
            }
            csv += line + [10]
            let scorer = try StreamingScorer(model: model, bytes: Array(csv), source: "one")
            var rejects: [RejectedRow] = []
            _ = try scorer.run(output: { _ in }, rejects: { rejects.append($0) })
            XCTAssertEqual(rejects.last?.reason, r.reasonText)
            XCTAssertEqual(rejects.last?.detail, r.detail)
        }
    }

    func testAScorecardScoresAMissingValueByItsBinAndRejectsAnUnseenLevelByPolicy() throws {
        let model = try StreamScoringTests.scorecardModel(unseen: .reject)
        let card = model.scorecard!
        var applicant = try Self.applicants()[0]
        let numeric = card.characteristics.firstIndex { $0.bins.type == .numeric }!
        applicant[card.characteristics[numeric].name] = ""
        guard case .scored(let s) = try model.score(applicant: applicant) else { return XCTFail("a missing value has its bin") }
        let missingBin = card.characteristics[numeric].bins.missingIndex
        XCTAssertEqual(s.points[numeric].points, card.characteristics[numeric].points[missingBin])
        let categorical = card.characteristics.first { $0.bins.type == .categorical }!.name
        applicant[categorical] = "never seen"
        guard case .rejected(let r) = try model.score(applicant: applicant) else { return XCTFail("unseen level under reject") }
        XCTAssertEqual(r.reasonText, "unseen level in \(categorical)")
        XCTAssertEqual(r.detail, "\(categorical) = 'never seen' was not seen in training")
    }

    /// Values with the delimiter, quotes or a line break are one field each, as they would be in a CSV file.
    func testValuesAreReadAsOneFieldEach() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        var applicant = try Self.applicants()[0]
        for value in ["a,b", "say \"hi\"", "two\nlines"] {
            applicant["purpose"] = value
            guard case .rejected(let r) = try model.score(applicant: applicant) else { return XCTFail(value) }
            XCTAssertEqual(r.reason, .unseenLevel(value))
        }
        applicant = try Self.applicants()[0]
        applicant["unused"] = "x"
        applicant["credit_amount"] = "  1169 "
        XCTAssertEqual(try model.score(applicant: applicant).probability?.bitPattern,
                       try model.score(applicant: try Self.applicants()[0]).probability?.bitPattern)
    }

    func testAnAbsentKeyIsAnErrorNotAMissingValue() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        var applicant = try Self.applicants()[0]
        applicant["age_in_years"] = nil
        applicant["housing"] = nil
        XCTAssertThrowsError(try model.score(applicant: applicant)) { error in
            XCTAssertEqual(error as? ScoringError, .missingFields(["housing", "age_in_years"].sorted { a, b in
                model.inputs.firstIndex { $0.name == a }! < model.inputs.firstIndex { $0.name == b }!
            }))
        }
    }
}
