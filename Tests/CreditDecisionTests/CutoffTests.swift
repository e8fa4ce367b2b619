import XCTest
import CreditDecision

/// The one cut-off rule: at or above in points, at or below in PD (the boundary is on the approve side).
final class CutoffTests: XCTestCase {
    func testBoundaryIsApprovedOnBothScales() {
        XCTAssertTrue(Cutoff(520, scale: .points).approves(520))
        XCTAssertFalse(Cutoff(520, scale: .points).approves(519.999))
        XCTAssertTrue(Cutoff(0.08, scale: .pd).approves(0.08))
        XCTAssertFalse(Cutoff(0.08, scale: .pd).approves(0.0800001))
        XCTAssertTrue(ScoreScale.points.isSafer(600, than: 500))
        XCTAssertTrue(ScoreScale.pd.isSafer(0.01, than: 0.2))
    }

    func testDescriptionCarriesTheUnit() {
        XCTAssertEqual(Cutoff(520, scale: .points).description, "score ≥ 520 points")
        XCTAssertEqual(Cutoff(0.08, scale: .pd).description, "PD ≤ 0.08")
    }
}
