import CreditBinning
import Foundation
import CreditScorecard
import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// Loading a scorecard model file checks that its scorecard section holds together.
final class ScorecardModelFileTests: XCTestCase {
    /// A small scorecard on the bundled German credit data, with cut points given (not searched).
    static func model() throws -> CreditModel {
        let german = try CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))
        let cuts: [(String, [Double])] = [("duration_in_month", [12, 24]), ("credit_amount", [2000, 5000]), ("age_in_years", [30, 45])]
        let spec = BinsSpec(target: "default", bad: "1", options: BinningOptions(),
                            characteristics: cuts.map { CharacteristicBins(name: $0.0, cuts: $0.1) })
        let r = try ScorecardSection.train(table: german, target: "default", bad: "1", process: BinningProcess(), spec: spec,
                                           scaling: ScorecardScaling())
        let record = TrainingRecord(inputFile: "g", inputSHA256: "", rows: 1000, rowsUsed: 1000, bads: 300, toolVersion: ToolVersion.current,
                                    commandLine: [], seed: nil, date: "2026-01-01T00:00:00Z")
        return CreditModel(target: TargetSpec(column: "default", bad: "1"), scorecard: r.section, fit: r.fit, training: record)
    }

    /// An edited scorecard file that no longer holds together is refused with the reason.
    func testEditedScorecardFileIsRefused() throws {
        let model = try Self.model()
        XCTAssertEqual(try CreditModel.decode(try model.jsonData(), path: "m.json"), model)
        var broken = model
        broken.scorecard!.characteristics[0].points.removeLast()
        XCTAssertThrowsError(try CreditModel.decode(try broken.jsonData(), path: "m.json")) { XCTAssertTrue("\($0)".contains("points"), "\($0)") }
        broken = model
        broken.scorecard!.characteristics[0].bins.cuts = [24, 12]
        XCTAssertThrowsError(try CreditModel.decode(try broken.jsonData(), path: "m.json")) { XCTAssertTrue("\($0)".contains("ascending"), "\($0)") }
        broken = model
        broken.model = "logistic-regression"
        XCTAssertThrowsError(try CreditModel.decode(try broken.jsonData(), path: "m.json"))
    }
}
