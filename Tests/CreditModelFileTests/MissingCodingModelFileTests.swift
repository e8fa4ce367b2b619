import Foundation
import CreditRegression
import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// The missing-value coding in the model file (issue 21 item 1): new optional fields only, written when used.
final class MissingCodingModelFileTests: XCTestCase {
    static func model(missing: MissingValueCoding) throws -> (CreditModel, Table) {
        let table = try CSVReader.read(path: PackagePaths.path("datasets/small_borrowers.csv"))
        var options = DesignOptions(target: "default")
        options.exclude = ["loan_id", "application_date", "true_pd"]
        options.missing = missing
        let design = try Design.build(from: table, options: options)
        let fit = try LogisticRegression().fit(design)
        let record = TrainingRecord(inputFile: "small_borrowers.csv", inputSHA256: "", rows: table.rowCount,
                                    rowsUsed: fit.observations, bads: fit.events, toolVersion: ToolVersion.current,
                                    commandLine: ["credit", "train"], seed: nil, date: "2026-01-01T00:00:00Z")
        return (CreditModel(target: TargetSpec(column: "default", bad: "1"), schema: design.coding, fit: fit, training: record), table)
    }

    /// The fills and the shared term are written, read back bit for bit, and the reloaded model scores every row
    /// (thin-file rows included) as the design's own columns give.
    func testRoundTripAndScoring() throws {
        let (model, table) = try Self.model(missing: .indicator)
        let data = try model.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("\"sharedWith\" : \"lenders_count\""), text)
        let decoded = try CreditModel.decode(data, path: "m.json")
        XCTAssertEqual(decoded, model)
        let fills = model.schema.predictors.compactMap { $0.missing?.fill }
        XCTAssertEqual(decoded.schema.predictors.compactMap { $0.missing?.fill }.map(\.bitPattern), fills.map(\.bitPattern))
        XCTAssertEqual(fills.count, 3)
        let outcome = try decoded.score(table)
        XCTAssertEqual(outcome.summary.rowsScored, 5000)
        XCTAssertEqual(outcome.summary.rowsRejected, 0)
    }

    /// Without the coding nothing new is written: the file has no "missing" key, as before.
    func testDropWritesNoNewField() throws {
        let (model, table) = try Self.model(missing: .drop)
        let text = String(decoding: try model.jsonData(), as: UTF8.self)
        XCTAssertFalse(text.contains("\"missing\""))
        XCTAssertFalse(text.contains("sharedWith"))
        XCTAssertEqual(try model.score(table).summary.rowsRejected, 1204)
    }

    /// A model file written by credit before the coding existed (main at 1b38fdb: `credit train
    /// datasets/small_borrowers.csv --target default --exclude loan_id,application_date,true_pd`) loads, its seal
    /// verifies against the re-encoding of the model read with today's types, and it still rejects thin-file rows.
    func testOlderModelFileLoadsWithItsSeal() throws {
        let path = PackagePaths.path("Tests/CreditModelFileTests/Fixtures/small_borrowers_model_before_missing_coding.json")
        let model = try CreditModel.load(path: path)
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        XCTAssertEqual(object["contentSHA256"] as? String, SHA256.hexDigest(of: [UInt8](try model.canonicalJSON())))
        XCTAssertTrue(model.schema.predictors.allSatisfy { $0.missing == nil })
        let table = try CSVReader.read(path: PackagePaths.path("datasets/small_borrowers.csv"))
        XCTAssertEqual(try model.score(table).summary.rowsRejected, 1204)
    }

    /// An edited file whose coding is impossible is refused on load (after a consistent re-seal).
    func testImpossibleCodingIsRefused() throws {
        let (model, _) = try Self.model(missing: .indicator)
        var shared = model
        let k = shared.schema.predictors.firstIndex { $0.name == "inquiries_6m" }!
        shared.schema.predictors[k].missing?.sharedWith = "past_delinquency"   // a later predictor
        XCTAssertThrowsError(try CreditModel.decode(try shared.jsonData(), path: "m.json")) {
            XCTAssertTrue("\($0)".contains("shares the missing term of 'past_delinquency'"), "\($0)")
        }
        var nan = model
        let j = nan.schema.predictors.firstIndex { $0.name == "lenders_count" }!
        nan.schema.predictors[j].missing?.fill = 1e300
        XCTAssertThrowsError(try CreditModel.decode(try nan.jsonData(), path: "m.json")) {
            XCTAssertTrue("\($0)".contains("missing-value fill of 'lenders_count'"), "\($0)")
        }
    }
}
