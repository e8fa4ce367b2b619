import CreditModelFile
import CreditRegression
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// Library errors say what to do in library terms: no command-line flags, no `credit` commands (the CLI adds
/// its own wording, checked by the CLITests).
final class LibraryErrorWordingTests: XCTestCase {
    static func assertLibraryTerms(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.contains("--"), text, file: file, line: line)
        XCTAssertFalse(text.contains("credit train"), text, file: file, line: line)
        XCTAssertFalse(text.contains(" -o"), text, file: file, line: line)
    }

    func testModelFileErrors() throws {
        for text in ["{\"hello\": 1}", "hello"] {
            do { _ = try CreditModel.decode(Data(text.utf8), path: "m.json"); XCTFail("decoded \(text)") } catch {
                Self.assertLibraryTerms("\(error)")
            }
        }
        XCTAssertEqual(ModelFileError.notAModel(path: "m.json").description,
                       "m.json: not a credit model file (no \"format\": \"credit-model\"); write one with CreditModel.write(to:)")
    }

    func testAKeptColumnNamedLikeAnOutputColumnIsStructured() throws {
        let model = try StreamScoringTests.scorecardModel()
        XCTAssertThrowsError(try SQLExport(dialect: .sqlite, table: "t", keep: ["id", "Score"]).sql(for: model)) { error in
            XCTAssertEqual(error as? ExportError, .keptColumnClash("score"))
            Self.assertLibraryTerms("\(error)")
        }
    }

    func testCSVErrorsNameTheReadingOptions() {
        let cases: [(String, CSVOptions)] = [
            ("a,b\n1,2\n3\n", CSVOptions()),
            ("a,b\n1,x\n", CSVOptions(columnTypes: ["b": .numeric])),
        ]
        for (text, options) in cases {
            do { _ = try CSVReader.read(bytes: Array(text.utf8), source: "d.csv", options: options); XCTFail(text) } catch let e as CSVError {
                Self.assertLibraryTerms(e.description)
                XCTAssertEqual(e.message, "\(e.problem) — \(e.remedy!)")
                XCTAssertTrue(e.remedy!.contains("CSVOptions."), e.description)
            } catch { XCTFail("\(error)") }
        }
        for bytes in [Array("a,b\n1,".utf8) + [0xE9, 10], Array("a,b\n1,".utf8) + [0, 10]] {
            do { _ = try CSVReader.read(bytes: bytes, source: "d.csv"); XCTFail("read") } catch let e as CSVError {
                Self.assertLibraryTerms(e.description)
                XCTAssertTrue(e.remedy!.contains("CSVOptions.encoding"), e.description)
            } catch { XCTFail("\(error)") }
        }
    }

    func testScoringAndEvaluationErrors() throws {
        let errors: [any Error] = [
            ScoringError.pointsNeedScorecard(model: "logistic-regression"),
            ScoringError.missingColumns(source: "d.csv", header: ["a"], modelInputs: ["age"], layoutColumns: []),
            ScoringError.missingColumns(source: "d.csv", header: ["a"], modelInputs: [], layoutColumns: ["id"]),
            ScoringError.missingFields(["age"]),
            EvaluationError.missingTargetColumn(source: "d.csv", column: "default"),
            EvaluationError.missingColumns(source: "d.csv", header: ["a"], columns: ["rating"]),
            EvaluationError.targetNotBinary(source: "d.csv", column: "default", bad: "1", values: ["0", "1", "2"], distinct: 3),
            EvaluationError.modelMissingColumns(source: "d.csv", model: "m", columns: ["age"]),
            EvaluationError.scoreColumnNotNumeric(source: "d.csv", column: "pd"),
            EvaluationError.noUsableRows(source: "d.csv", rejectedByModel: 1, missingTarget: 2),
            EvaluationError.noComparableRows(source: "d.csv"),
        ]
        for error in errors { Self.assertLibraryTerms("\(error)") }
        XCTAssertEqual("\(EvaluationError.targetNotBinary(source: "d.csv", column: "y", bad: "1", values: ["0", "1", "2", "3", "4"], distinct: 5))",
                       "d.csv: target 'y' has more than two values (0, 1, 2, 3, 4); evaluation needs the bad value '1' and one good value")
    }
}
