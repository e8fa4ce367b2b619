import CreditProbability
import TestSupport
import XCTest

/// The studentized range with infinite degrees of freedom (the Nemenyi test's q), against scipy and Demšar's table.
final class StudentizedRangeTests: XCTestCase {
    func testStudentizedRangeMatchesScipyAndDemsarTable() {
        for c in ProbabilityReference.cases("studentized_range") {
            let k = c["k"] as! Int
            let q = ProbabilityReference.number(c, "q95_over_sqrt2"), cdf = ProbabilityReference.number(c, "cdf_at_3")
            assertClose(StudentizedRange.quantile(0.95, groups: k) / 2.0.squareRoot(), q, relative: 1e-9, "k \(k)")
            assertClose(StudentizedRange.cdf(3, groups: k), cdf, relative: 1e-9, "k \(k)")
        }
        // Demšar (2006), Table 5(a): q_0.05 for the Nemenyi test, k = 2…10, printed to 3 decimals (truncated, e.g. 2.3437 as 2.343).
        for (k, q) in zip(2...10, [1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164]) {
            assertClose(StudentizedRange.quantile(0.95, groups: k) / 2.0.squareRoot(), q, absolute: 1e-3, "k \(k)")
        }
    }
}
