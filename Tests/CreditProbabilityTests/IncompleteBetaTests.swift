import Foundation
import CreditProbability
import TestSupport
import XCTest

/// The beta, binomial, F and studentized-range cases of Fixtures/probability.json (scipy values written by
/// Fixtures/make_probability_fixture.py).
enum ProbabilityReference {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditProbabilityTests/Fixtures/probability.json")
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()
    static func cases(_ key: String) -> [[String: Any]] { json[key] as! [[String: Any]] }
    static func number(_ d: [String: Any], _ key: String) -> Double { (d[key] as! NSNumber).doubleValue }
}

/// The incomplete beta and the distributions built on it, against scipy (fixture script beside the JSON).
final class IncompleteBetaTests: XCTestCase {
    private func v(_ c: [String: Any], _ key: String) -> Double { ProbabilityReference.number(c, key) }

    func testIncompleteBetaMatchesScipy() {
        for c in ProbabilityReference.cases("beta") {
            let x = v(c, "x"), a = v(c, "a"), b = v(c, "b"), cdf = v(c, "cdf"), sf = v(c, "sf")
            // 1e-11 relative: the lgamma prefactor loses a few digits for a, b in the thousands.
            assertClose(IncompleteBeta.regularized(x, a, b), cdf, relative: 1e-11, absolute: 1e-300, "I(\(x); \(a), \(b))")
            assertClose(IncompleteBeta.complement(x, a, b), sf, relative: 1e-11, absolute: 1e-300, "1−I(\(x); \(a), \(b))")
        }
        XCTAssertTrue(IncompleteBeta.regularized(-0.1, 1, 1).isNaN)
    }

    func testBinomialAndFMatchScipy() {
        for c in ProbabilityReference.cases("binomial") {
            let k = c["k"] as! Int, n = c["n"] as! Int
            assertClose(BinomialDistribution.upperTail(atLeast: k, trials: n, probability: v(c, "p")), v(c, "sf"), relative: 1e-11)
        }
        for c in ProbabilityReference.cases("f") {
            assertClose(FDistribution.survival(v(c, "x"), v(c, "d1"), v(c, "d2")), v(c, "sf"), relative: 1e-11)
        }
    }
}
