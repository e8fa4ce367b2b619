import CreditBinning
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// Every scorer counts every row, whatever the model holds: a row whose log-odds overflows (NaN or ±∞) or that
/// falls in a bin with impossible points is a counted reject with its reason, in the batch scorer, the streaming
/// scorer, the in-memory scorer behind validate/report/compare/monitor and the one-applicant call, and nothing
/// crashes on points of `Int.max` or a reason count of 10⁹. The models are edited in memory through their JSON
/// (as a hand-edited file with a recomputed seal would load before the loader's own value checks).
final class ScoringGuardTests: XCTestCase {
    static let path = StreamScoringTests.path

    /// `model` with its JSON edited by `edit` (non-finite numbers as the strings "NaN", "Infinity").
    static func edited(_ model: CreditModel, _ edit: (inout Any) -> Void) throws -> CreditModel {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var object = try JSONSerialization.jsonObject(with: try encoder.encode(model))
        edit(&object)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(CreditModel.self, from: try JSONSerialization.data(withJSONObject: object))
    }

    /// Sets the value at `path` (dictionary keys and array indices) inside a JSON object.
    static func set(_ object: inout Any, _ path: [Any], _ value: Any) {
        guard let head = path.first else { object = value; return }
        if let key = head as? String, var dictionary = object as? [String: Any] {
            var child = dictionary[key]!
            set(&child, Array(path.dropFirst()), value)
            dictionary[key] = child
            object = dictionary
        } else if let index = head as? Int, var array = object as? [Any] {
            var child = array[index]
            set(&child, Array(path.dropFirst()), value)
            array[index] = child
            object = array
        } else {
            preconditionFailure("no \(head) in \(type(of: object))")
        }
    }

    /// german_credit.csv with each edit's `value` in its `column` on its 0-based rows (the rest as in the file).
    static func german(_ edits: [(column: String, value: String, rows: Set<Int>)]) throws -> [UInt8] {
        Array(EditedCSV.edit(try String(contentsOfFile: path, encoding: .utf8), edits).utf8)
    }

    /// Every row of `bytes` as column → text (as `ApplicantScoringTests.applicants()` reads the file).
    static func applicants(_ bytes: [UInt8]) throws -> [[String: String]] {
        var options = CSVOptions()
        for name in try CSVStreamReader(bytes: bytes, source: "g").header { options.columnTypes[name] = .categorical }
        let table = try CSVReader.read(bytes: bytes, source: "g", options: options)
        return (0..<table.rowCount).map { row in
            var applicant: [String: String] = [:]
            for (name, column) in zip(table.columnNames, table.columns) {
                guard case .categorical(let c) = column else { preconditionFailure("read as text") }
                applicant[name] = c[row] ?? ""
            }
            return applicant
        }
    }

    static func table(_ bytes: [UInt8], _ model: CreditModel) throws -> Table {
        try CSVReader.read(bytes: bytes, source: "g.csv", options: model.readingOptions(CSVOptions()))
    }

    /// The plain regression of German credit with the coefficients of `terms` replaced.
    static func regression(_ coefficients: [String: Double]) throws -> CreditModel {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        return try edited(model) { object in
            for (term, value) in coefficients {
                set(&object, ["fit", "coefficients", model.fit.termNames.firstIndex(of: term)!], value)
            }
        }
    }

    /// Every path that scores rows agrees on `expectedRejects` (0-based row → column blamed) and counts
    /// rows in = scored + rejected.
    func checkEveryScorer(_ model: CreditModel, bytes: [UInt8], expectedRejects: [Int: String], reason: RowProblem.Reason,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let table = try Self.table(bytes, model)
        let text = reason == .logOddsOverflow ? "PD not a number: log-odds overflowed in" : "points out of range in"
        // In memory (validate, report, compare, monitor).
        let outcome = try model.score(table)
        XCTAssertEqual(outcome.summary.rowsIn, 1000, file: file, line: line)
        XCTAssertEqual(outcome.summary.rowsRejected, expectedRejects.count, file: file, line: line)
        XCTAssertEqual(outcome.summary.rowsScored, 1000 - expectedRejects.count, file: file, line: line)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: outcome.rejects.map { ($0.row, $0.column) }), expectedRejects, file: file, line: line)
        for problem in outcome.rejects {
            XCTAssertEqual(problem.reason, reason, file: file, line: line)
            XCTAssertEqual(problem.reasonText, "\(text) \(problem.column)", file: file, line: line)
        }
        for row in 0..<1000 {
            let p = outcome.probabilities[row]
            if expectedRejects[row] != nil { XCTAssertTrue(p.isNaN, file: file, line: line) }
            else { XCTAssertTrue(p >= 0 && p <= 1, "row \(row): \(p)", file: file, line: line) }
        }
        let sample = try EvaluationSample(model: model, table: table)
        XCTAssertEqual(sample.rejectedByModel, expectedRejects.count, file: file, line: line)
        XCTAssertEqual(sample.scores.count, 1000 - expectedRejects.count, file: file, line: line)
        let comparison = try ComparisonSample(table: table, target: model.target, scoreColumns: [], models: [("m", model)])
        XCTAssertEqual(comparison.rowsExcluded, expectedRejects.count, file: file, line: line)

        // Streaming (credit score), one and two threads, small chunks.
        for threads in [1, 2] {
            let scorer = try StreamingScorer(model: model, bytes: bytes, source: "g.csv", chunkBytes: 7_000)
            let (output, rejects, summary) = try StreamingScorerTests.run(scorer, threads: threads)
            XCTAssertEqual(summary.rowsIn, 1000, file: file, line: line)
            XCTAssertEqual(summary.rowsScored + summary.rowsRejected, summary.rowsIn, file: file, line: line)
            XCTAssertEqual(summary.rowsRejected, expectedRejects.count, file: file, line: line)
            XCTAssertEqual(summary.rejectedByReason, outcome.summary.rejectedByReason, file: file, line: line)
            XCTAssertEqual(rejects.map(\.row), expectedRejects.keys.sorted().map { $0 + 1 }, file: file, line: line)
            XCTAssertEqual(rejects.map(\.column), expectedRejects.keys.sorted().map { expectedRejects[$0]! }, file: file, line: line)
            let lines = StreamingScorerTests.records(output)
            XCTAssertEqual(lines.count, 1 + 1000 - expectedRejects.count, file: file, line: line)
            XCTAssertEqual(lines.dropFirst().map { Int($0[0])! - 1 }.filter { expectedRejects[$0] != nil }, [], file: file, line: line)
            XCTAssertFalse(output.contains("nan"), file: file, line: line)
        }

        // One applicant at a time (the rows as text).
        let applicants = try Self.applicants(bytes)
        for (row, column) in expectedRejects {
            guard case .rejected(let r) = try model.score(applicant: applicants[row]) else {
                return XCTFail("row \(row) scored", file: file, line: line)
            }
            XCTAssertEqual(r.column, column, file: file, line: line)
            XCTAssertEqual(r.reason, reason, file: file, line: line)
            XCTAssertEqual(r.reasonText, "\(text) \(column)", file: file, line: line)
        }
        let fine = (0..<1000).first { expectedRejects[$0] == nil }!
        XCTAssertEqual(try model.score(applicant: applicants[fine]).probability.map(\.bitPattern), outcome.probabilities[fine].bitPattern,
                       file: file, line: line)
    }

    /// A coefficient of 10¹⁰⁰ (within what a model may hold) times a value of 10³⁰⁰ (a number the CSV reader
    /// reads) is +∞: the log-odds overflows on those rows only.
    func testLogOddsOverflowingToInfinityIsACountedReject() throws {
        let model = try Self.regression(["credit_amount": 1e100])
        let bytes = try Self.german([("credit_amount", "1e300", [3, 10, 500])])
        try checkEveryScorer(model, bytes: bytes, expectedRejects: [3: "credit_amount", 10: "credit_amount", 500: "credit_amount"],
                             reason: .logOddsOverflow)
        let outcome = try model.score(try Self.table(bytes, model))
        XCTAssertEqual(outcome.rejects[0].detail,
                       "the model's log-odds for this row is not a finite number (the term of credit_amount overflowed), so its PD is not a number; check the value of credit_amount and the model's coefficients")
        XCTAssertEqual(outcome.rejects[0].message, "line 5, column 'credit_amount': the log-odds overflowed, so the PD is not a number")
    }

    /// +∞ − ∞ is NaN: the first predictor (in model order) whose term is not finite is blamed.
    func testLogOddsNaNFromOppositeInfinitiesIsACountedReject() throws {
        let model = try Self.regression(["credit_amount": 1e100, "duration_in_month": -1e100])
        let bytes = try Self.german([("credit_amount", "1e300", [7]), ("duration_in_month", "1e300", [7])])
        let terms = model.fit.termNames
        XCTAssertLessThan(terms.firstIndex(of: "duration_in_month")!, terms.firstIndex(of: "credit_amount")!)
        // Row 7: duration 1e300 × −1e100 = −∞ and credit_amount 1e300 × 1e100 = +∞; every other row is finite
        // (duration × −1e100 ≈ −1e101 and amount × 1e100 ≈ 1e103 are large but finite).
        try checkEveryScorer(model, bytes: bytes, expectedRejects: [7: "duration_in_month"], reason: .logOddsOverflow)
    }

    /// The scorecard of German credit with its JSON edited at `path` (inside `scorecard`).
    static func scorecard(_ edits: [([Any], Any)]) throws -> CreditModel {
        let model = try StreamScoringTests.scorecardModel()
        return try edited(model) { object in for (path, value) in edits { set(&object, ["scorecard"] + path, value) } }
    }

    /// Rows of german_credit.csv in bin `bin` of characteristic `j` of `model`'s card.
    static func rows(inBin bin: Int, of j: Int, _ model: CreditModel) throws -> [Int] {
        let outcome = try model.score(try CSVReader.read(path: path))
        return (0..<1000).filter { outcome.scorecardRows![$0]?.bins[j] == bin }
    }

    func testScorecardWithANaNWoERejectsTheRowsOfThatBin() throws {
        let original = try StreamScoringTests.scorecardModel()
        let j = 1, name = original.scorecard!.characteristics[j].name
        let affected = try Self.rows(inBin: 0, of: j, original)
        XCTAssertFalse(affected.isEmpty)
        let model = try Self.scorecard([(["characteristics", j, "table", "bins", 0, "woe"], "NaN")])
        try checkEveryScorer(model, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.path))),
                             expectedRejects: Dictionary(uniqueKeysWithValues: affected.map { ($0, name) }), reason: .logOddsOverflow)
    }

    func testScorecardWithAnInfiniteTermRejectsTheRowsOfThatBin() throws {
        let original = try StreamScoringTests.scorecardModel()
        let card = original.scorecard!
        // The largest finite coefficient times a WoE of magnitude > 1 overflows; bins with a smaller WoE do not.
        let j = card.characteristics.indices.first { card.characteristics[$0].woe.contains { abs($0) > 1 } }!
        let bins = card.characteristics[j].woe.indices.filter { abs(card.characteristics[j].woe[$0]) > 1 }
        var affected: [Int] = []
        for b in bins { affected += try Self.rows(inBin: b, of: j, original) }
        XCTAssertFalse(affected.isEmpty)
        let model = try Self.scorecard([(["characteristics", j, "coefficient"], Double.greatestFiniteMagnitude)])
        try checkEveryScorer(model, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.path))),
                             expectedRejects: Dictionary(uniqueKeysWithValues: affected.map { ($0, card.characteristics[j].name) }),
                             reason: .logOddsOverflow)
    }

    /// Points beyond Int32 (here `Int.max`, which `Int32(_:)` traps on and a sum overflows) reject the rows in
    /// that bin; the rest are scored as before, and the score range saturates instead of trapping.
    func testScorecardWithIntMaxPointsRejectsTheRowsOfThatBin() throws {
        let original = try StreamScoringTests.scorecardModel()
        let j = 2, name = original.scorecard!.characteristics[j].name
        let affected = try Self.rows(inBin: 1, of: j, original)
        let model = try Self.scorecard([(["characteristics", j, "points", 1], Int.max)])
        let table = try CSVReader.read(path: Self.path)
        let outcome = try model.score(table)
        XCTAssertEqual(outcome.rejects.first?.reason, .pointsOutOfRange(Int.max))
        XCTAssertEqual(outcome.rejects.first?.detail,
                       "the points of \(name)'s bin are \(Int.max), beyond the ±2,147,483,647 a score's points are kept in; the model file was edited or damaged")
        let reference = try original.score(table)
        for row in 0..<1000 where !affected.contains(row) {
            XCTAssertEqual(outcome.scorecardRows![row], reference.scorecardRows![row], "row \(row)")
        }
        XCTAssertEqual(model.scorecard!.scoreRange.max, Int.max)
        // Every scorer agrees, except that these rows are rejected for their points, not their log-odds.
        let scorer = try StreamingScorer(model: model, path: Self.path, layout: ScoreLayout(points: true))
        let (_, rejects, summary) = try StreamingScorerTests.run(scorer)
        XCTAssertEqual(summary.rowsRejected, affected.count)
        XCTAssertEqual(summary.rejectedByReason, ["points out of range in \(name)": affected.count])
        XCTAssertEqual(rejects.map(\.row), affected.map { $0 + 1 })
        let applicants = try ApplicantScoringTests.applicants()
        guard case .rejected(let r) = try model.score(applicant: applicants[affected[0]]) else { return XCTFail("scored") }
        XCTAssertEqual(r.reason, .pointsOutOfRange(Int.max))
    }

    /// A reason count of 10⁹ once made every scorer allocate 16 GB; a negative one trapped on a range. The
    /// scorers give max(characteristics, 4) and 0 reason columns.
    func testReasonCountsBeyondTheCardAreClamped() throws {
        let original = try StreamScoringTests.scorecardModel()
        let k = original.scorecard!.characteristics.count
        for (count, columns) in [(1_000_000_000, max(k, 4)), (-5, 0), (2, 2)] {
            let model = try Self.scorecard([(["reasons", "count"], count)])
            XCTAssertEqual(model.scorecard!.reasonsPerRow, columns)
            let scorer = try StreamingScorer(model: model, path: Self.path)
            let (output, _, summary) = try StreamingScorerTests.run(scorer)
            XCTAssertEqual(summary.rowsScored, 1000)
            XCTAssertEqual(StreamingScorerTests.records(output)[0].filter { $0.hasPrefix("reason_") }.count, columns)
            let outcome = try model.score(try CSVReader.read(path: Self.path))
            XCTAssertTrue(outcome.scorecardRows!.allSatisfy { $0!.reasons.count <= columns })
            guard case .scored(let s) = try model.score(applicant: try ApplicantScoringTests.applicants()[0]) else { return XCTFail() }
            XCTAssertLessThanOrEqual(s.reasons.count, columns)
        }
    }
}
