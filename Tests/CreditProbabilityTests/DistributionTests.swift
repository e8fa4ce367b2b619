import Foundation
import XCTest
import CreditProbability
import TestSupport

/// Reference values from scipy.stats, produced by Fixtures/make_probability_fixture.py.
private struct ProbabilityFixture: Decodable {
    struct Chi: Decodable { let df: Double; let x: Double; let sf: Double; let cdf: Double }
    struct Normal: Decodable { let cdf: [[Double]]; let sf: [[Double]]; let ppf: [[Double]] }
    let scipy: String
    let normal: Normal
    let chi2: [Chi]

    static func load() throws -> ProbabilityFixture {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditProbabilityTests/Fixtures/probability.json"))
        return try JSONDecoder().decode(ProbabilityFixture.self, from: Data(contentsOf: url))
    }
}

final class NormalDistributionTests: XCTestCase {
    func testCDFAndSurvivalMatchScipyIncludingTails() throws {
        let f = try ProbabilityFixture.load()
        // erfc(x/√2): rounding x/√2 costs ~x²·ε relative in the far tails (scipy's own value has the same
        // kind of error), hence the x²-scaled tolerance.
        func tol(_ x: Double) -> Double { 1e-14 + 1e-15 * x * x }
        for pair in f.normal.cdf {
            assertClose(NormalDistribution.cdf(pair[0]), pair[1], relative: tol(pair[0]), absolute: 1e-300, "cdf(\(pair[0]))")
        }
        for pair in f.normal.sf {
            assertClose(NormalDistribution.survival(pair[0]), pair[1], relative: tol(pair[0]), absolute: 1e-300, "sf(\(pair[0]))")
        }
    }

    func testQuantileMatchesScipy() throws {
        let f = try ProbabilityFixture.load()
        for pair in f.normal.ppf {
            assertClose(NormalDistribution.quantile(pair[0]), pair[1], relative: 1e-13, absolute: 1e-15, "ppf(\(pair[0]))")
        }
    }

    func testQuantileEdgesAndRoundTrip() {
        XCTAssertEqual(NormalDistribution.quantile(0), -.infinity)
        XCTAssertEqual(NormalDistribution.quantile(1), .infinity)
        XCTAssertTrue(NormalDistribution.quantile(1.5).isNaN)
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<1000 {
            let p = max(rng.uniform(), 1e-12)
            assertClose(NormalDistribution.cdf(NormalDistribution.quantile(p)), p, relative: 1e-13)
        }
    }

    func testTwoSidedPValue() {
        assertClose(NormalDistribution.twoSidedPValue(1.959963984540054), 0.05, relative: 1e-14)
        assertClose(NormalDistribution.twoSidedPValue(-1.959963984540054), 0.05, relative: 1e-14)
    }
}

final class ChiSquaredDistributionTests: XCTestCase {
    func testSurvivalMatchesScipy() throws {
        let f = try ProbabilityFixture.load()
        XCTAssertGreaterThan(f.chi2.count, 200)
        for c in f.chi2 {
            // Documented accuracy: ~1e-14 relative for moderate x; the prefactor limits it to ~x·ε beyond.
            let tol = c.x <= 100 ? 1e-13 : 5e-12
            assertClose(ChiSquaredDistribution.survival(c.x, degreesOfFreedom: c.df), c.sf, relative: tol,
                        "sf(\(c.x), df \(c.df))")
            assertClose(ChiSquaredDistribution.cdf(c.x, degreesOfFreedom: c.df), c.cdf, relative: 1e-12,
                        absolute: 1e-300, "cdf(\(c.x), df \(c.df))")
        }
    }

    func testEdges() {
        XCTAssertEqual(ChiSquaredDistribution.survival(0, degreesOfFreedom: 3), 1)
        XCTAssertEqual(ChiSquaredDistribution.survival(-1, degreesOfFreedom: 3), 1)
        XCTAssertTrue(ChiSquaredDistribution.survival(1, degreesOfFreedom: 0).isNaN)
        assertClose(ChiSquaredDistribution.survival(3.841458820694124, degreesOfFreedom: 1), 0.05, relative: 1e-14)
    }
}

final class StudentTDistributionTests: XCTestCase {
    /// t quantiles and CDF against scipy.stats.t.ppf / cdf.
    func testQuantileAndCDFMatchScipy() {
        XCTAssertEqual(StudentTDistribution.quantile(0.975, degreesOfFreedom: 4), 2.7764451051977934, accuracy: 1e-11)
        XCTAssertEqual(StudentTDistribution.quantile(0.975, degreesOfFreedom: 9), 2.262157162798205, accuracy: 1e-11)
        XCTAssertEqual(StudentTDistribution.quantile(0.95, degreesOfFreedom: 2), 2.9199855803537242, accuracy: 1e-11)
        XCTAssertEqual(StudentTDistribution.cdf(-1.3, degreesOfFreedom: 7), 0.11738391769618862, accuracy: 1e-13)
    }
}
