import Foundation
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
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
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 5")).contains("newer"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : \"one\"")).contains("version"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"intercept\"", with: "\"intercep\"")).contains("missing schema.intercept"))
        XCTAssertTrue(error(good.replacingOccurrences(of: "\"const\"", with: "\"konst\"")).contains("do not match"))
    }

    /// Every trained model is written as version 3 (sealed; derived models are version 4, ModelFileStrictnessTests). Unsealed files (versions 1 and 2, written before the seal)
    /// are refused (ModelFileStrictnessTests); a sealed version-2 file without a scorecard section loads as a
    /// plain model.
    func testVersionsOneTwoAndThree() throws {
        let (model, _, table) = try Self.germanModel()
        XCTAssertEqual(model.version, 3)
        XCTAssertEqual(CreditModel.currentVersion, 4)
        for old in [1, 2] {
            var legacy = model
            legacy.version = old
            let unsealed = String(decoding: try legacy.canonicalJSON(), as: UTF8.self)
            XCTAssertFalse(unsealed.contains("contentSHA256"))
            XCTAssertThrowsError(try CreditModel.decode(Data(unsealed.utf8), path: "v\(old).json")) {
                XCTAssertTrue("\($0)".contains("carries no \"contentSHA256\" seal"), "\($0)")
            }
            let decoded = try CreditModel.decode(try legacy.jsonData(), path: "v\(old).json")
            XCTAssertNil(decoded.scorecard)
            XCTAssertEqual(try decoded.score(table).probabilities, try model.score(table).probabilities)
        }
        let v5 = String(decoding: try model.jsonData(), as: UTF8.self).replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 5")
        XCTAssertThrowsError(try CreditModel.decode(Data(v5.utf8), path: "v5.json")) { XCTAssertTrue("\($0)".contains("up to 4"), "\($0)") }
    }

    /// The seal is the SHA-256 of the canonical JSON without the seal key; it is checked on every load.
    func testContentSealIsRecordedAndVerified() throws {
        let (model, _, _) = try Self.germanModel()
        let data = try model.jsonData()
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let recorded = object["contentSHA256"] as! String
        XCTAssertEqual(recorded, SHA256.hexDigest(of: [UInt8](try model.canonicalJSON())))
        XCTAssertEqual(recorded.count, 64)
        // Re-indented, keys in another order: same content, still loads.
        let reformatted = try JSONSerialization.data(withJSONObject: object)
        XCTAssertEqual(try CreditModel.decode(reformatted, path: "m.json"), model)

        let text = String(decoding: data, as: UTF8.self)
        func error(_ text: String) -> String {
            do { _ = try CreditModel.decode(Data(text.utf8), path: "m.json"); return "no error" } catch { return "\(error)" }
        }
        // Edited coefficient (consistent, plausible: only the seal catches it).
        let c = model.fit.coefficients[1]
        let edited = text.replacingOccurrences(of: "\(c)", with: "\(c + 0.5)")
        XCTAssertNotEqual(edited, text)
        XCTAssertTrue(error(edited).contains("damaged or was edited: its content has SHA-256"), error(edited))
        // Edited seal, removed seal, truncated file.
        XCTAssertTrue(error(text.replacingOccurrences(of: recorded, with: String(recorded.reversed()))).contains("recorded when it was written"))
        var object2 = object; object2["contentSHA256"] = nil
        XCTAssertTrue(error(String(decoding: try JSONSerialization.data(withJSONObject: object2), as: UTF8.self)).contains("must carry \"contentSHA256\""))
        for cut in [10, text.count / 3, text.count - 3] {
            XCTAssertTrue(error(String(text.prefix(cut))).contains("malformed or truncated"), "cut \(cut)")
        }
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
