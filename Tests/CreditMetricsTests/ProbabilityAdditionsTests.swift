import CreditProbability
import TestSupport
import XCTest

/// The incomplete beta and the distributions built on it, against scipy (fixture script beside the JSON).
final class ProbabilityAdditionsTests: XCTestCase {
    func testIncompleteBetaMatchesScipy() {
        for c in MetricsFixture.json["beta"] as! [[String: Any]] {
            let x = MetricsFixture.number(c, "x"), a = MetricsFixture.number(c, "a"), b = MetricsFixture.number(c, "b")
            let cdf = MetricsFixture.number(c, "cdf"), sf = MetricsFixture.number(c, "sf")
            // 1e-11 relative: the lgamma prefactor loses a few digits for a, b in the thousands.
            assertClose(IncompleteBeta.regularized(x, a, b), cdf, relative: 1e-11, absolute: 1e-300, "I(\(x); \(a), \(b))")
            assertClose(IncompleteBeta.complement(x, a, b), sf, relative: 1e-11, absolute: 1e-300, "1−I(\(x); \(a), \(b))")
        }
        XCTAssertTrue(IncompleteBeta.regularized(-0.1, 1, 1).isNaN)
    }

    func testBinomialAndFMatchScipy() {
        for c in MetricsFixture.json["binomial"] as! [[String: Any]] {
            let k = c["k"] as! Int, n = c["n"] as! Int, p = MetricsFixture.number(c, "p")
            assertClose(BinomialDistribution.upperTail(atLeast: k, trials: n, probability: p), MetricsFixture.number(c, "sf"), relative: 1e-11)
        }
        for c in MetricsFixture.json["f"] as! [[String: Any]] {
            assertClose(FDistribution.survival(MetricsFixture.number(c, "x"), MetricsFixture.number(c, "d1"), MetricsFixture.number(c, "d2")),
                        MetricsFixture.number(c, "sf"), relative: 1e-11)
        }
    }

    func testStudentizedRangeMatchesScipyAndDemsarTable() {
        for c in MetricsFixture.json["studentized_range"] as! [[String: Any]] {
            let k = c["k"] as! Int
            assertClose(StudentizedRange.quantile(0.95, groups: k) / 2.0.squareRoot(), MetricsFixture.number(c, "q95_over_sqrt2"), relative: 1e-9, "k \(k)")
            assertClose(StudentizedRange.cdf(3, groups: k), MetricsFixture.number(c, "cdf_at_3"), relative: 1e-9, "k \(k)")
        }
        // Demšar (2006), Table 5(a): q_0.05 for the Nemenyi test, k = 2…10, printed to 3 decimals (truncated, e.g. 2.3437 as 2.343).
        for (k, q) in zip(2...10, [1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164]) {
            assertClose(StudentizedRange.quantile(0.95, groups: k) / 2.0.squareRoot(), q, absolute: 1e-3, "k \(k)")
        }
    }
}
