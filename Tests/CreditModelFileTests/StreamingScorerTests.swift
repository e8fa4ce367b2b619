import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// `StreamingScorer` writes what the in-memory scorer computes, counts every row, and reports missing columns
/// before scoring.
final class StreamingScorerTests: XCTestCase {
    static let path = StreamScoringTests.path

    struct ScorerError: Error {}

    /// Runs `scorer` and returns the output text, the rejected rows and the summary.
    static func run(_ scorer: StreamingScorer, threads: Int? = nil) throws -> (String, [RejectedRow], ScoringSummary) {
        var bytes: [UInt8] = [], rejects: [RejectedRow] = []
        let summary = try scorer.run(threads: threads, output: { bytes += $0 }, rejects: { rejects.append($0) })
        return (String(decoding: bytes, as: UTF8.self), rejects, summary)
    }

    /// The output parsed back: each line's fields.
    static func records(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testScorecardOutputIsTheInMemoryScorersPDsPointsAndReasons() throws {
        let model = try StreamScoringTests.scorecardModel()
        let card = model.scorecard!
        let table = try CSVReader.read(path: Self.path)
        let whole = try model.score(table)
        let scorer = try StreamingScorer(model: model, path: Self.path, layout: ScoreLayout(keepColumns: ["age_in_years"], points: true),
                                         chunkBytes: 9_000)
        let (text, rejects, summary) = try Self.run(scorer)
        XCTAssertEqual(rejects, [])
        XCTAssertEqual(summary, ScoringSummary(rowsIn: 1000, rowsScored: 1000, rowsRejected: 0, rejectedByReason: [:]))
        let lines = Self.records(text)
        let k = card.characteristics.count, m = card.reasons.count
        XCTAssertEqual(lines[0], ["row", "age_in_years", "pd", "score"] + card.characteristics.map { "points_\($0.name)" }
                                 + (1...m).map { "reason_\($0)" })
        XCTAssertEqual(lines.count, 1001)
        guard case .numeric(let age) = table["age_in_years"]! else { return XCTFail("age is numeric") }
        for row in 0..<1000 {
            let f = lines[row + 1], expected = whole.scorecardRows![row]!
            XCTAssertEqual(f[0], String(row + 1))
            XCTAssertEqual(Double(f[1]), age[row])
            XCTAssertEqual(Double(f[2])!.bitPattern, expected.probability.bitPattern, "row \(row)")
            XCTAssertEqual(Int(f[3]), expected.score)
            XCTAssertEqual(f[4..<(4 + k)].map { Int($0)! }, expected.points)
            let reasons = f[(4 + k)...].filter { !$0.isEmpty }
            XCTAssertEqual(reasons, expected.reasons.map { card.reasonCode($0).code }, "row \(row)")
        }
    }

    func testLogisticRegressionOutputIsTheInMemoryScorersPDs() throws {
        let (model, _, table) = try CreditModelFileTests.germanModel()
        let whole = try model.score(table)
        let scorer = try StreamingScorer(model: model, path: Self.path, layout: ScoreLayout(idColumn: "purpose"), chunkBytes: 20_000)
        let (text, _, summary) = try Self.run(scorer)
        XCTAssertEqual(summary.rowsScored, 1000)
        let lines = Self.records(text)
        XCTAssertEqual(lines[0], ["purpose", "pd"])
        guard case .categorical(let purpose) = table["purpose"]! else { return XCTFail("purpose is text") }
        for row in 0..<1000 {
            XCTAssertEqual(lines[row + 1][0], purpose[row])
            XCTAssertEqual(Double(lines[row + 1][1])!.bitPattern, whole.probabilities[row].bitPattern)
        }
    }

    func testOutputDoesNotDependOnChunkSizeOrThreads() throws {
        let model = try StreamScoringTests.scorecardModel()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path)))
        var outputs: Set<String> = []
        for chunkBytes in [500, 7_000, 1 << 22] {
            for threads in [1, 2] {
                let scorer = try StreamingScorer(model: model, bytes: bytes, source: "g", layout: ScoreLayout(points: true), chunkBytes: chunkBytes)
                outputs.insert(try Self.run(scorer, threads: threads).0)
            }
        }
        XCTAssertEqual(outputs.count, 1)
    }

    /// Rows in = scored + rejected; rejects come in row order with line, column and reason, a ragged record
    /// among them after the rows before it.
    func testRejectedRowsAreCountedAndHandedOverInRowOrder() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        // Data rows 3, 5, 8 and 11 (1-based; on lines 4, 6, 9 and 12): text in a number, a missing value, an
        // extra field, an unseen level.
        let text = EditedCSV.edit(try String(contentsOfFile: Self.path, encoding: .utf8),
                                  [("credit_amount", "abc", [2]), ("age_in_years", "", [4]), ("purpose", "boat", [10])])
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[8] += ",extra"
        let bytes = Array(lines.joined(separator: "\n").utf8)
        for threads in [1, 2] {
            let scorer = try StreamingScorer(model: model, bytes: bytes, source: "g.csv", chunkBytes: 1_500)
            let (text, rejects, summary) = try Self.run(scorer, threads: threads)
            XCTAssertEqual(summary.rowsIn, 1000)
            XCTAssertEqual(summary.rowsScored, 996)
            XCTAssertEqual(summary.rowsRejected, 4)
            XCTAssertEqual(summary.rejectedByReason, ["not a number in credit_amount": 1, "missing value in age_in_years": 1,
                                                      "wrong number of fields": 1, "unseen level in purpose": 1])
            XCTAssertEqual(Self.records(text).count, 1 + 996)
            XCTAssertEqual(rejects.map(\.row), [3, 5, 8, 11])
            XCTAssertEqual(rejects.map(\.line), [4, 6, 9, 12])
            XCTAssertEqual(rejects.map(\.column), ["credit_amount", "age_in_years", "", "purpose"])
            XCTAssertEqual(rejects[0].detail, "credit_amount = 'abc' is not a number (the model reads credit_amount as numeric)")
            XCTAssertEqual(rejects[2].detail, "line 9: 22 fields, expected 21 (as in the header) — check for an unquoted delimiter or a missing field")
            XCTAssertEqual(rejects[3].fields, ["11", "12", "purpose", "purpose = 'boat' was not seen in training"])
        }
    }

    /// With an id column, each reject carries the row's id (across chunk boundaries, on one and two threads);
    /// a record with the wrong number of fields, whose id cannot be told, an empty one.
    func testRejectedRowsCarryTheIdColumnsValue() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        // An id column (A1, A2, … by 1-based data row), then rejects in data rows 3, 8 (an extra field), 501 and
        // 970 (whose id is missing).
        var lines = try String(contentsOfFile: Self.path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] += ",app_id"
        for i in 1..<lines.count { lines[i] += ",A\(i)" }
        let text = EditedCSV.edit(lines.joined(separator: "\n") + "\n",
                                  [("credit_amount", "abc", [2]), ("age_in_years", "", [500]), ("app_id", "", [969]), ("purpose", "boat", [969])])
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[8] += ",extra"
        let bytes = Array(lines.joined(separator: "\n").utf8)
        for threads in [1, 2] {
            let scorer = try StreamingScorer(model: model, bytes: bytes, source: "g.csv", layout: ScoreLayout(idColumn: "app_id"),
                                             chunkBytes: 1_500)
            let (_, rejects, summary) = try Self.run(scorer, threads: threads)
            XCTAssertEqual(summary.rowsRejected, 4)
            XCTAssertEqual(rejects.map(\.row), [3, 8, 501, 970])
            XCTAssertEqual(rejects.map(\.id), ["A3", "", "A501", ""])
            XCTAssertEqual(rejects[0].fields.prefix(4), ["A3", "3", "4", "credit_amount"])
        }
        XCTAssertEqual(RejectedRow.fieldNames(idColumn: "app_id"), ["app_id", "row", "line", "column", "reason"])
        XCTAssertEqual(RejectedRow.fieldNames(idColumn: nil), ["row", "line", "column", "reason"])
    }

    func testMissingColumnsAreFoundFromTheHeaderBeforeAnyRow() throws {
        let model = try StreamScoringTests.scorecardModel()
        let bytes = Array("age_in_years,purpose,id\n30,car (new),7\n".utf8)
        XCTAssertThrowsError(try StreamingScorer(model: model, bytes: bytes, source: "s.csv", layout: ScoreLayout(idColumn: "key", keepColumns: ["id", "branch"]))) { error in
            guard case ScoringError.missingColumns(let source, let header, let inputs, let copied) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(source, "s.csv")
            XCTAssertEqual(header, ["age_in_years", "purpose", "id"])
            XCTAssertEqual(inputs, model.inputs.map(\.name).filter { $0 != "age_in_years" && $0 != "purpose" })
            XCTAssertEqual(copied, ["key", "branch"])
            XCTAssertFalse("\(error)".contains("--"))
        }
    }

    func testPointsNeedAScorecardBeforeTheInputIsOpened() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        XCTAssertThrowsError(try StreamingScorer(model: model, path: "/no/such/file.csv", layout: ScoreLayout(points: true))) { error in
            XCTAssertEqual(error as? ScoringError, .pointsNeedScorecard(model: "logistic-regression"))
        }
    }

    func testASinkErrorStopsTheRun() throws {
        let model = try StreamScoringTests.scorecardModel()
        for threads in [1, 2] {
            let scorer = try StreamingScorer(model: model, path: Self.path, chunkBytes: 5_000)
            var calls = 0
            XCTAssertThrowsError(try scorer.run(threads: threads, output: { _ in
                calls += 1
                if calls == 3 { throw ScorerError() }
            })) { XCTAssertTrue($0 is ScorerError) }
            XCTAssertEqual(calls, 3)
        }
    }

    func testTheModelsColumnTypesWinUnlessTheOptionsGiveOne() throws {
        let model = try StreamScoringTests.scorecardModel()
        var options = CSVOptions()
        options.columnTypes["age_in_years"] = .categorical
        options.columnTypes["branch"] = .numeric
        let reading = model.readingOptions(options)
        XCTAssertEqual(reading.columnTypes["age_in_years"], .categorical)
        XCTAssertEqual(reading.columnTypes["branch"], .numeric)
        XCTAssertEqual(reading.columnTypes["purpose"], .categorical)
        XCTAssertEqual(reading.columnTypes["duration_in_month"], .numeric)
        XCTAssertFalse(reading.typedColumnsMustExist)
    }
}

/// `ScoringSummary.shortfall(maxRejectRate:)`: when a batch did not do its job.
final class BatchShortfallTests: XCTestCase {
    func summary(_ rowsIn: Int, scored: Int) -> ScoringSummary {
        ScoringSummary(rowsIn: rowsIn, rowsScored: scored, rowsRejected: rowsIn - scored, rejectedByReason: [:])
    }

    func testNothingScoredIsAlwaysAShortfall() {
        XCTAssertEqual(summary(0, scored: 0).shortfall(), .nothingScored(rowsIn: 0))
        XCTAssertEqual(summary(7, scored: 0).shortfall(maxRejectRate: 1), .nothingScored(rowsIn: 7))
        XCTAssertEqual(summary(0, scored: 0).rejectRate, 0)
        XCTAssertEqual(BatchShortfall.nothingScored(rowsIn: 7).description, "no row was scored: all 7 rows were rejected")
    }

    func testRejectRateAboveTheLimit() {
        XCTAssertNil(summary(10, scored: 9).shortfall())
        XCTAssertNil(summary(10, scored: 9).shortfall(maxRejectRate: 0.1))               // exactly 10%: not more
        XCTAssertEqual(summary(10, scored: 8).shortfall(maxRejectRate: 0.1), .tooManyRejected(rejected: 2, rowsIn: 10, limit: 0.1))
        XCTAssertEqual(summary(10, scored: 10).shortfall(maxRejectRate: 0), nil)
        XCTAssertEqual(summary(3, scored: 2).rejectRate, 1.0 / 3.0)
        XCTAssertEqual(BatchShortfall.tooManyRejected(rejected: 2, rowsIn: 3, limit: 0.05).description,
                       "2 of 3 rows rejected (66.7%), more than the 5.0% allowed")
    }
}
