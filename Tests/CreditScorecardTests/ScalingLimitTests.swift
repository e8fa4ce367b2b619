import CreditBinning
import CreditRegression
import CreditScorecard
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// Training checks the scaling and the reason count: impossible or useless settings are errors, never a crash
/// (non-finite points used to trap converting to Int) or a card that scores everyone alike.
final class ScalingLimitTests: XCTestCase {
    static let german = try! CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))

    func train(_ scaling: ScorecardScaling, reasons: ReasonSettings = ReasonSettings()) throws -> ScorecardSection {
        let process = BinningProcess(options: BinningOptions(), selection: SelectionCriteria(minIV: 0.02))
        return try ScorecardSection.train(table: Self.german, target: "default", bad: "1", process: process, scaling: scaling,
                                          reasons: reasons).section
    }

    func testScalingMustDefineAScore() {
        for (pdo, score, odds) in [(Double.nan, 600.0, 50.0), (.infinity, 600, 50), (0, 600, 50), (-20, 600, 50), (20, .infinity, 50),
                                   (20, .nan, 50), (20, 600, 0), (20, 600, -1), (20, 600, .infinity)] {
            let s = ScorecardScaling(pdo: pdo, baseScore: score, baseOdds: odds)
            XCTAssertThrowsError(try s.validate(), "\(pdo) \(score) \(odds)") { error in
                guard case ScorecardError.invalidScaling = error else { return XCTFail("\(error)") }
            }
            XCTAssertThrowsError(try train(s))
        }
        XCTAssertNoThrow(try ScorecardScaling().validate())
        XCTAssertNoThrow(try ScorecardScaling(pdo: 0.5, baseScore: -1e6, baseOdds: 1e-3).validate())
    }

    /// Points beyond ±1e9 (the loader's bound) are refused with the characteristic and the raw points.
    func testPointsBeyondTheModelRangeAreRefused() throws {
        for scaling in [ScorecardScaling(baseScore: 1e300), ScorecardScaling(baseScore: -1e20), ScorecardScaling(pdo: 1e300)] {
            XCTAssertThrowsError(try train(scaling)) { error in
                guard case ScorecardError.pointsOutOfRange(let name, let raw, let limit) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(limit, 1_000_000_000)
                XCTAssertGreaterThan(abs(raw), 1e9)
                XCTAssertEqual(name, "status_of_existing_checking_account")
            }
        }
        // 1e9 / 12 characteristics per bin is within range: a base score of 1e8 trains.
        XCTAssertNoThrow(try train(ScorecardScaling(baseScore: 1e8)))
    }

    /// PDO 1e-300: every raw point is Offset/k ≈ 600/k, so every bin rounds alike and everyone would score 600.
    func testAPointsTableThatCannotTellBinsApartIsRefused() throws {
        XCTAssertThrowsError(try train(ScorecardScaling(pdo: 1e-300))) { error in
            XCTAssertEqual(error as? ScorecardError, .constantPoints(pdo: 1e-300, score: 600))
            XCTAssertEqual("\(error)", "with PDO 1e-300 a doubling of the odds is worth less than the 1-point rounding: every bin of every characteristic gets the same points, so every applicant would score 600; use a larger PDO (e.g. 20)")
        }
        // A small but useful PDO still trains, and some characteristic keeps distinct points.
        let card = try train(ScorecardScaling(pdo: 1))
        XCTAssertTrue(card.characteristics.contains { Set($0.points).count > 1 })
    }

    func testReasonCountIsBoundedByTheCard() throws {
        let k = try train(ScorecardScaling()).characteristics.count
        XCTAssertEqual(k, 12)
        XCTAssertThrowsError(try train(ScorecardScaling(), reasons: ReasonSettings(count: 30))) { error in
            XCTAssertEqual(error as? ScorecardError, .reasonCount(requested: 30, limit: 12))
        }
        XCTAssertThrowsError(try train(ScorecardScaling(), reasons: ReasonSettings(count: -1))) { error in
            XCTAssertEqual(error as? ScorecardError, .reasonCount(requested: -1, limit: 4))
        }
        XCTAssertEqual(try train(ScorecardScaling(), reasons: ReasonSettings(count: 12)).reasonsPerRow, 12)
        XCTAssertEqual(try train(ScorecardScaling(), reasons: ReasonSettings(count: 0)).reasonsPerRow, 0)
    }
}
