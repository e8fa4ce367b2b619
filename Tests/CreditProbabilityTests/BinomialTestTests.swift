import Foundation
import CreditProbability
import TestSupport
import XCTest

/// The exact two-sided binomial test and the binomial point probabilities against scipy
/// (Fixtures/make_binomtest_fixture.py: scipy.stats.binomtest, stats.binom.pmf).
final class BinomialTestTests: XCTestCase {
    struct Fixture: Decodable {
        let tool: String
        let twoSided: [[Double]]
        let pmf: [[Double]]
    }

    func testAgainstScipy() throws {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditProbabilityTests/Fixtures/binomtest.json"))
        let f = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertEqual(f.twoSided.count, 18)
        for c in f.twoSided {
            let k = Int(c[0]), n = Int(c[1])
            assertClose(BinomialDistribution.twoSidedPValue(successes: k, trials: n, probability: c[2]), c[3], relative: 1e-10,
                        "binomtest(\(k), \(n), \(c[2])) (\(f.tool))")
        }
        for c in f.pmf {
            assertClose(BinomialDistribution.probability(of: Int(c[0]), trials: Int(c[1]), probability: c[2]), c[3], relative: 1e-11,
                        "binom.pmf(\(Int(c[0])), \(Int(c[1])), \(c[2]))")
        }
        XCTAssertTrue(BinomialDistribution.twoSidedPValue(successes: 0, trials: 0, probability: 0.5).isNaN)
    }
}
