import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// `EvaluationSample` and `ComparisonSample` keep the rows with a PD (every score) and a target, and count the others.
final class EvaluationSampleTests: XCTestCase {
    /// german_credit.csv with some cells changed (column → row → text); numeric columns stay numeric. Fields are
    /// found by splitting at commas: a column after the quoted telephone column (whose text holds a comma) is
    /// counted from the end.
    static func table(_ edits: [String: [Int: String]] = [:], drop: Set<String> = []) throws -> Table {
        let text = try String(contentsOfFile: StreamScoringTests.path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        for (column, rows) in edits {
            let j = header.firstIndex(of: column)!, telephone = header.firstIndex(of: "telephone")!
            for (row, value) in rows {
                var fields = lines[row + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[j < telephone ? j : fields.count - (header.count - j)] = value
                lines[row + 1] = fields.joined(separator: ",")
            }
        }
        var options = CSVOptions()
        options.columnTypes = ["default": .numeric, "age_in_years": .numeric, "credit_amount": .numeric]
        let table = try CSVReader.read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), source: "g.csv", options: options)
        let kept = table.columnNames.indices.filter { !drop.contains(table.columnNames[$0]) }
        return Table(source: table.source, columnNames: kept.map { table.columnNames[$0] }, columns: kept.map { table.columns[$0] },
                     lineNumbers: table.lineNumbers, delimiter: table.delimiter)
    }

    func testRowsWithoutAPDOrATargetAreLeftOutAndCounted() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        let table = try Self.table(["age_in_years": [3: "", 8: ""], "default": [5: "", 8: ""], "housing": [10: "boat"]])
        let sample = try EvaluationSample(model: model, table: table)
        let whole = try model.score(table)
        XCTAssertEqual(sample.rejectedByModel, 3)      // rows 3, 8 (missing age) and 10 (unseen housing)
        XCTAssertEqual(sample.missingTarget, 1)        // row 5 (row 8 is counted as rejected)
        XCTAssertEqual(sample.rows, (0..<1000).filter { ![3, 5, 8, 10].contains($0) })
        XCTAssertEqual(sample.scores.map(\.bitPattern), sample.rows.map { whole.probabilities[$0].bitPattern })
        guard case .numeric(let target) = table["default"]! else { return XCTFail("numeric target") }
        XCTAssertEqual(sample.isBad, sample.rows.map { target[$0] == 1 })
        XCTAssertNil(sample.points)
        XCTAssertNil(sample.grades)
    }

    func testScorecardPointsAndGradesFollowTheKeptRows() throws {
        let model = try StreamScoringTests.scorecardModel()
        let table = try Self.table(["default": [0: ""], "housing": [2: ""]])
        let sample = try EvaluationSample(model: model, table: table, gradeColumn: "housing")
        let whole = try model.score(table)
        XCTAssertEqual(sample.rows.first, 1)
        XCTAssertEqual(sample.points, sample.rows.map { Double(whole.scorecardRows![$0]!.score) })
        XCTAssertEqual(sample.grades?[0], "own")
        XCTAssertEqual(sample.grades?[1], "(missing)")
    }

    func testErrorsNameWhatIsMissingInOrder() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        func error(_ body: () throws -> Void) -> (any Error)? { do { try body(); return nil } catch { return error } }
        let noTarget = try Self.table(drop: ["default", "age_in_years"])
        XCTAssertEqual(error { _ = try EvaluationSample(model: model, table: noTarget, gradeColumn: "rating") } as? EvaluationError,
                       .missingTargetColumn(source: "g.csv", column: "default"))
        let noAge = try Self.table(drop: ["age_in_years", "housing"])
        guard case .missingColumns(_, _, let columns)? = error({ _ = try EvaluationSample(model: model, table: noAge, gradeColumn: "rating") }) as? EvaluationError
        else { return XCTFail("grade column") }
        XCTAssertEqual(columns, ["rating"])
        guard case .missingColumns(_, _, let inputs, _)? = error({ _ = try EvaluationSample(model: model, table: noAge) }) as? ScoringError
        else { return XCTFail("model columns") }
        XCTAssertEqual(inputs, ["age_in_years", "housing"])
        let threeValues = try Self.table(["default": [0: "2", 1: "7"]])
        XCTAssertEqual(error { _ = try EvaluationSample(model: model, table: threeValues) } as? EvaluationError,
                       .targetNotBinary(source: "g.csv", column: "default", bad: "1", values: ["0", "1", "2", "7"], distinct: 4))
        let allMissing = try Self.table(["default": Dictionary(uniqueKeysWithValues: (0..<1000).map { ($0, "") })])
        XCTAssertEqual(error { _ = try EvaluationSample(model: model, table: allMissing) } as? EvaluationError,
                       .noUsableRows(source: "g.csv", rejectedByModel: 0, missingTarget: 1000))
    }

    func testComparisonKeepsRowsWithATargetAndEveryScore() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        let card = try StreamScoringTests.scorecardModel()
        let table = try Self.table(["age_in_years": [4: ""], "default": [6: ""], "credit_amount": [9: ""]])
        let sample = try ComparisonSample(table: table, target: TargetSpec(column: "default", bad: "1"), scoreColumns: ["credit_amount"],
                                          negateScoreColumns: true, models: [("lr", model), ("card", card)])
        let keep = (0..<1000).filter { ![4, 6, 9].contains($0) }
        XCTAssertEqual(sample.names, ["credit_amount", "lr", "card"])
        XCTAssertEqual(sample.rowsIn, 1000)
        XCTAssertEqual(sample.rowsExcluded, 3)
        guard case .numeric(let amount) = table["credit_amount"]! else { return XCTFail("numeric") }
        XCTAssertEqual(sample.scores[0], keep.map { -amount[$0] })
        XCTAssertEqual(sample.scores[1].map(\.bitPattern), keep.map { try! model.score(table).probabilities[$0].bitPattern })
        XCTAssertEqual(sample.scores[2].map(\.bitPattern), keep.map { try! card.score(table).probabilities[$0].bitPattern })
    }

    func testComparisonErrors() throws {
        let (model, _, _) = try CreditModelFileTests.germanModel()
        let table = try Self.table(drop: ["housing"])
        let target = TargetSpec(column: "default", bad: "1")
        func error(_ body: () throws -> Void) -> EvaluationError? { do { try body(); return nil } catch { return error as? EvaluationError } }
        XCTAssertEqual(error { _ = try ComparisonSample(table: table, target: TargetSpec(column: "y", bad: "1"), scoreColumns: ["a", "age_in_years"]) },
                       .missingColumns(source: "g.csv", header: table.columnNames, columns: ["y", "a"]))
        XCTAssertEqual(error { _ = try ComparisonSample(table: table, target: target, scoreColumns: ["purpose"]) },
                       .scoreColumnNotNumeric(source: "g.csv", column: "purpose"))
        XCTAssertEqual(error { _ = try ComparisonSample(table: table, target: target, scoreColumns: [], models: [("m", model)]) },
                       .modelMissingColumns(source: "g.csv", model: "m", columns: ["housing"]))
        let noTarget = try Self.table(["default": Dictionary(uniqueKeysWithValues: (0..<1000).map { ($0, "") })])
        XCTAssertEqual(error { _ = try ComparisonSample(table: noTarget, target: target, scoreColumns: ["age_in_years"]) },
                       .noComparableRows(source: "g.csv"))
    }

    /// Models are named by their file stem; by their path when two stems are equal (all) or a stem is a score
    /// column's name (that one).
    func testModelNames() {
        XCTAssertEqual(ComparisonSample.modelNames(paths: ["out/a.json", "b.json", "/x/c.model.json"], scoreColumns: ["pd"]),
                       ["a", "b", "c.model"])
        XCTAssertEqual(ComparisonSample.modelNames(paths: ["v1/m.json", "v2/m.json"], scoreColumns: []), ["v1/m.json", "v2/m.json"])
        XCTAssertEqual(ComparisonSample.modelNames(paths: ["out/pd.json", "out/b.json"], scoreColumns: ["pd"]), ["out/pd.json", "b"])
        XCTAssertEqual(ComparisonSample.modelNames(paths: [], scoreColumns: ["pd"]), [])
    }
}
