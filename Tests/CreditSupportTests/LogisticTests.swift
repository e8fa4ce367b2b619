import Foundation
import XCTest
@testable import CreditSupport
import TestSupport

/// `Logistic.probability(logOdds:)` against correctly rounded values (mpmath at 60 digits), produced by
/// Fixtures/make_logistic_fixture.py, which also records scipy.special.expit.
final class LogisticTests: XCTestCase {
    private struct Fixture: Decodable {
        struct Case: Decodable { let eta: Double; let pi: Double; let expit: Double }
        let tool: String
        let cases: [Case]
    }

    func testAgreesWithCorrectlyRoundedValuesToFourUlps() throws {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditSupportTests/Fixtures/logistic.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertGreaterThan(fixture.cases.count, 30)
        for c in fixture.cases {
            let pi = Logistic.probability(logOdds: c.eta)
            // Four ulps of the exact value; below the normal range (η < −708) e^η is subnormal and only its
            // absolute error, a few multiples of 4.9e-324, is meaningful.
            let tolerance = max(4 * c.pi.ulp, 4 * Double.leastNonzeroMagnitude)
            XCTAssertLessThanOrEqual(abs(pi - c.pi), tolerance, "π(\(c.eta)) = \(pi), exact \(c.pi) (expit \(c.expit))")
        }
    }

    func testLimitsAndSymmetry() {
        XCTAssertEqual(Logistic.probability(logOdds: 0), 0.5)
        XCTAssertEqual(Logistic.probability(logOdds: .infinity), 1)
        XCTAssertEqual(Logistic.probability(logOdds: -.infinity), 0)
        XCTAssertTrue(Logistic.probability(logOdds: .nan).isNaN)
        // π(−η) = 1 − π(η): both branches are accurate, so the sum is 1 within rounding.
        for eta in stride(from: -30.0, through: 30.0, by: 0.37) {
            let sum = Logistic.probability(logOdds: eta) + Logistic.probability(logOdds: -eta)
            XCTAssertEqual(sum, 1, accuracy: 4 * Double.ulpOfOne, "η = \(eta)")
        }
    }
}
