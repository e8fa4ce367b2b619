import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// PD backtests by grade (Sources/CreditMetrics/Backtesting): the Jeffreys and binomial tests against scipy, the
/// master scale built from data by hand.
/// Fixture: the "grades" of Fixtures/stability_fixtures.json from Fixtures/make_stability_fixtures.py (scipy 1.17.1).
final class BacktestingTests: XCTestCase {
    func testGradeTestsMatchScipy() {
        for g in StabilityTests.fixture["grades"] as! [[String: Any]] {
            let t = GradeTest(grade: "g", rows: g["rows"] as! Int, defaults: g["defaults"] as! Int, probability: g["pd"] as! Double)
            assertClose(t.jeffreysPValue, g["jeffreys"] as! Double, relative: StabilityTests.pTolerance, absolute: 1e-300)
            assertClose(t.binomialPValue, g["binomial"] as! Double, relative: StabilityTests.pTolerance, absolute: 1e-300)
        }
    }

    func testMasterScaleBuiltByPoolingViolators() throws {
        // Ten PD bands of 10 rows; default counts 0,1,3,2,4,4,6,5,8,9 → violators pooled: (3,2) and (4,4) and (6,5).
        var pd: [Double] = [], y: [Bool] = []
        let defaults = [0, 1, 3, 2, 4, 4, 6, 5, 8, 9]
        for k in 0..<10 {
            for i in 0..<10 { pd.append(0.01 * Double(k + 1) + 0.0001 * Double(i)); y.append(i < defaults[k]) }
        }
        let scale = try MasterScale.build(try ScoredOutcomes(scores: pd, isBad: y), initialBands: 10)
        XCTAssertEqual(scale.baseRows, [10, 10, 20, 20, 20, 10, 10])
        XCTAssertEqual(scale.baseDefaults, [0, 1, 5, 8, 11, 8, 9])
        let rates = zip(scale.baseDefaults!, scale.baseRows!).map { Double($0) / Double($1) }
        XCTAssertEqual(rates, rates.sorted())
        XCTAssertEqual(Set(rates).count, rates.count, "strictly increasing")
        XCTAssertEqual(scale.grade(of: 0.0), 0)
        XCTAssertEqual(scale.grade(of: 0.031), 2)
        XCTAssertEqual(scale.gradeCount, 7)
    }

    func testMasterScaleRejectsBadBounds() {
        XCTAssertThrowsError(try MasterScale(bounds: [0.02, 0.01]))
        XCTAssertThrowsError(try MasterScale(bounds: [0, 0.1]))
        XCTAssertThrowsError(try MasterScale(bounds: [0.1], names: ["A"]))
        XCTAssertEqual(try MasterScale(bounds: [0.01, 0.05]).grade(of: 0.05), 2)
    }
}
