import Foundation
import XCTest
import CreditBinning
import CreditTabular
import TestSupport

/// `BinningRequest`: which characteristics a run bins, how a spec is applied, and the spec file's errors.
final class BinningRequestTests: XCTestCase {
    static let german = try! CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))

    func testCharacteristicsAreColumnsWithoutTheTargetAndTheExcluded() {
        var request = BinningRequest(target: "y")
        XCTAssertEqual(request.characteristics(among: ["a", "y", "b", "c"]), ["a", "b", "c"])
        request.exclude = ["b"]
        XCTAssertEqual(request.characteristics(among: ["a", "y", "b", "c"]), ["a", "c"])
        request.columns = ["c", "b"]
        XCTAssertEqual(request.characteristics(among: ["a", "y", "b", "c"]), ["c"], "given order, exclusions win")
    }

    /// The run equals the process on the chosen columns; re-applying its spec reproduces the tables exactly, and
    /// a spec is narrowed to the chosen characteristics.
    func testRunAndSpecRoundTrip() throws {
        var request = BinningRequest(target: "default")
        request.exclude = ["telephone"]
        request.specials = ["duration_in_month": [SpecialGroup(codes: ["72"])]]
        let result = try request.run(on: Self.german)
        let direct = try request.process.run(table: Self.german, target: "default", bad: "1",
                                             columns: Self.german.columnNames.filter { $0 != "default" && $0 != "telephone" })
        XCTAssertEqual(result, direct)

        var fixed = BinningRequest(target: "default")
        fixed.bins = result.spec
        XCTAssertEqual(try fixed.run(on: Self.german).tables, result.tables)
        fixed.columns = ["age_in_years", "duration_in_month"]
        fixed.exclude = ["duration_in_month"]
        XCTAssertEqual(fixed.appliedBins?.characteristics.map(\.name), ["age_in_years"])
        XCTAssertEqual(try fixed.run(on: Self.german).tables.map(\.name), ["age_in_years"])
    }

    /// With a spec, each characteristic is read with the spec's type unless the options type it, and typed
    /// columns need not exist.
    func testReadingOptionsFollowTheSpec() {
        var request = BinningRequest(target: "y")
        var csv = CSVOptions()
        csv.columnTypes = ["a": .categorical]
        XCTAssertEqual(request.readingOptions(csv).columnTypes, ["a": .categorical])
        XCTAssertTrue(request.readingOptions(csv).typedColumnsMustExist)
        request.bins = BinsSpec(target: "y", bad: "1", options: BinningOptions(), characteristics: [
            CharacteristicBins(name: "a", cuts: [1]), CharacteristicBins(name: "b", cuts: [2]),
        ])
        XCTAssertEqual(request.readingOptions(csv).columnTypes, ["a": .categorical, "b": .numeric])
        XCTAssertFalse(request.readingOptions(csv).typedColumnsMustExist)
    }

    func testDefaultMaxBins() {
        XCTAssertEqual(BinningOptions.defaultMaxBins(for: .quantile), 10)
        XCTAssertEqual(BinningOptions.defaultMaxBins(for: .uniform), 10)
        XCTAssertNil(BinningOptions.defaultMaxBins(for: .optimal))
        XCTAssertNil(BinningOptions.defaultMaxBins(for: .chimerge))
    }

    /// Reading a spec: unreadable, written for another target, not a spec — each a structured error whose message
    /// names no command-line option.
    func testSpecFileErrors() throws {
        let dir = PackagePaths.temporaryDirectory()
        let missing = dir.appendingPathComponent("none.json").path
        XCTAssertThrowsError(try BinsSpec.read(path: missing, target: "y")) {
            XCTAssertEqual($0 as? BinningError, .unreadableSpec(path: missing))
        }
        let spec = BinsSpec(target: "other", bad: "1", options: BinningOptions(), characteristics: [CharacteristicBins(name: "a", cuts: [1])])
        let written = dir.appendingPathComponent("spec.json")
        try spec.jsonData().write(to: written)
        XCTAssertEqual(try BinsSpec.read(path: written.path, target: "other"), spec)
        XCTAssertThrowsError(try BinsSpec.read(path: written.path, target: "y")) {
            XCTAssertEqual($0 as? BinningError, .specTargetMismatch(path: written.path, specTarget: "other", target: "y"))
        }
        let garbage = dir.appendingPathComponent("garbage.json")
        try Data("not json".utf8).write(to: garbage)
        XCTAssertThrowsError(try BinsSpec.read(path: garbage.path, target: "y")) { error in
            guard case .notABinsSpec(let path, _)? = error as? BinningError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, garbage.path)
            XCTAssertFalse("\(error)".contains("--"), "\(error)")
        }
    }
}
