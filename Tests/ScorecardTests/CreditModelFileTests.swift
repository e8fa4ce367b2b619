import Foundation
import Regression
import Scorecard
import Tabular
import TestSupport
import XCTest

final class CreditModelFileTests: XCTestCase {
    /// A small model fitted on the bundled German credit data.
    static func germanModel() throws -> (CreditModel, Design, Table) {
        let table = try CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "default"))
        let fit = try LogisticRegression().fit(design)
        let record = TrainingRecord(inputFile: "german_credit.csv", inputSHA256: "", rows: table.rowCount,
                                    rowsUsed: fit.observations, bads: fit.events, toolVersion: ToolVersion.current,
                                    commandLine: ["credit", "train"], seed: nil, date: "2026-01-01T00:00:00Z")
        return (CreditModel(target: TargetSpec(column: "default", bad: "1"), schema: design.coding, fit: fit, training: record),
                design, table)
    }

    func testJSONRoundTripIsExact() throws {
        let (model, _, _) = try Self.germanModel()
        let decoded = try CreditModel.decode(try model.jsonData(), path: "m.json")
        XCTAssertEqual(decoded, model)
        XCTAssertEqual(decoded.fit.coefficients.map(\.bitPattern), model.fit.coefficients.map(\.bitPattern))
    }

    func testScoringTrainingRowsReproducesFittedPDs() throws {
        let (model, design, table) = try Self.germanModel()
        let reloaded = try CreditModel.decode(try model.jsonData(), path: "m.json")
        let outcome = try reloaded.score(table)
        XCTAssertEqual(outcome.summary.rowsScored, 1000)
        // Fitted PDs from the design matrix and coefficients, independently of the scorer's row coding.
        for i in 0..<design.y.count {
            var eta = 0.0
            for j in 0..<design.x.columns { eta += design.x[i, j] * model.fit.coefficients[j] }
            let fitted = 1 / (1 + exp(-eta))
            assertClose(outcome.probabilities[design.rows[i]], fitted, absolute: Tolerance.roundTrip, "row \(i)")
        }
    }

    func testLoadErrorsSayWhatIsWrong() throws {
        let (model, _, _) = try Self.germanModel()
        let good = String(decoding: try model.jsonData(), as: UTF8.self)
        func error(_ text: String) -> String {
            do { _ = try CreditModel.decode(Data(text.utf8), path: "m.json"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(error("").contains("empty"))
        XCTAssertTrue(error(String(good.prefix(good.count / 2))).contains("malformed or truncated"))
        XCTAssertTrue(error("{\"hello\": 1}").contains("not a credit model file"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 3")).contains("newer"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : \"one\"")).contains("version"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"intercept\"", with: "\"intercep\"")).contains("missing schema.intercept"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"const\"", with: "\"konst\"")).contains("do not match"))
    }

    /// Plain models are still written as version 1 (older builds read them); this build reads versions 1 and 2,
    /// and a version-2 file without a scorecard section loads as a plain model.
    func testVersionsOneAndTwo() throws {
        let (model, _, table) = try Self.germanModel()
        XCTAssertEqual(model.version, 1)
        XCTAssertEqual(CreditModel.currentVersion, 2)
        let v2 = String(decoding: try model.jsonData(), as: UTF8.self).replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")
        let decoded = try CreditModel.decode(Data(v2.utf8), path: "v2.json")
        XCTAssertNil(decoded.scorecard)
        XCTAssertEqual(try decoded.score(table).probabilities, try model.score(table).probabilities)
        let v3 = v2.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 3")
        XCTAssertThrowsError(try CreditModel.decode(Data(v3.utf8), path: "v3.json")) { XCTAssertTrue("\($0)".contains("up to 2"), "\($0)") }
    }

    func testLoadMissingFileAndDirectory() {
        XCTAssertThrowsError(try CreditModel.load(path: "/nonexistent/m.json")) { e in
            XCTAssertTrue("\(e)".contains("no such file"))
        }
        XCTAssertThrowsError(try CreditModel.load(path: "/tmp")) { e in
            XCTAssertTrue("\(e)".contains("directory"))
        }
    }
}
