import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// PSI/CSI against toad, χ² homogeneity against scipy, quantile bands and the unpaired AUC test by their
/// definitions (Sources/CreditMetrics/Stability).
/// Fixture: Fixtures/stability_fixtures.json from Fixtures/make_stability_fixtures.py (toad 0.1.7, scipy 1.17.1).
final class StabilityTests: XCTestCase {
    /// Sums of a few logs over exact counts: only summation order differs from numpy.
    static let tolerance = 1e-12
    /// scipy's chi2 survival and beta/binomial tails vs our incomplete gamma/beta.
    static let pTolerance = 1e-9

    nonisolated(unsafe) static let fixture: [String: Any] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: PackagePaths.path("Tests/CreditMetricsTests/Fixtures/stability_fixtures.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    func testPSIMatchesToadWithItsSkipBandRule() {
        for c in Self.fixture["stability"] as! [[String: Any]] {
            let name = c["name"] as! String
            let b = c["base_counts"] as! [Int], r = c["recent_counts"] as! [Int]
            let psi = populationStabilityIndex(baseCounts: b, recentCounts: r, emptyBands: .skipBand)
            assertClose(psi.value, c["toad_psi"] as! Double, relative: Self.tolerance, name)
            for (band, expected) in zip(psi.bands, c["toad_contributions"] as! [Any]) {
                if let e = expected as? Double { assertClose(band.contribution, e, relative: Self.tolerance, absolute: 1e-18, name) }
                else { XCTAssertEqual(band.contribution, 0, "\(name): toad skips a band empty in one sample") }
            }
            XCTAssertEqual(psi.emptyBands, (zip(b, r).filter { $0 == 0 || $1 == 0 }).count)
            assertClose(populationStabilityIndex(baseCounts: b, recentCounts: r).value,
                        c["psi_replace_zero_share_1e-4"] as! Double, relative: Self.tolerance, name)
            assertClose(populationStabilityIndex(baseCounts: b, recentCounts: r, emptyBands: .addToCounts(0.5)).value,
                        c["psi_add_to_counts_0.5"] as! Double, relative: Self.tolerance, name)
        }
    }

    func testChiSquaredMatchesScipy() {
        for c in Self.fixture["stability"] as! [[String: Any]] {
            let t = ChiSquaredHomogeneityTest(baseCounts: c["base_counts"] as! [Int], recentCounts: c["recent_counts"] as! [Int])
            assertClose(t.statistic, c["chi2"] as! Double, relative: Self.tolerance)
            XCTAssertEqual(t.degreesOfFreedom, c["chi2_df"] as! Int)
            assertClose(t.pValue, c["chi2_p"] as! Double, relative: Self.pTolerance, absolute: 1e-300)
        }
    }

    func testPSIProperties() {
        let same = populationStabilityIndex(baseCounts: [10, 20, 30], recentCounts: [20, 40, 60])
        XCTAssertEqual(same.value, 0, accuracy: 1e-15)
        // Symmetric in the two samples, and every band's term is non-negative.
        let a = populationStabilityIndex(baseCounts: [5, 10, 85], recentCounts: [30, 30, 40])
        let b = populationStabilityIndex(baseCounts: [30, 30, 40], recentCounts: [5, 10, 85])
        assertClose(a.value, b.value, relative: 1e-14)
        XCTAssertTrue(a.bands.allSatisfy { $0.contribution >= 0 })
        assertClose(a.bands.map(\.contribution).reduce(0, +), a.value, relative: 1e-14)
        // A band empty in both samples contributes 0 under every rule.
        XCTAssertEqual(populationStabilityIndex(baseCounts: [5, 0, 5], recentCounts: [5, 0, 5]).value, 0, accuracy: 1e-15)
    }

    func testQuantileCutsAndBands() {
        let x = (1...100).map(Double.init)
        let cuts = quantileCuts(x, bands: 10)
        XCTAssertEqual(cuts.count, 9)
        let c = x.map { band(of: $0, cuts: cuts) }
        for k in 0..<10 { XCTAssertEqual(c.filter { $0 == k }.count, 10) }
        // Ties collapse bands; never an empty first band.
        XCTAssertEqual(quantileCuts([1, 1, 1, 1, 2, 2], bands: 10), [2])
        XCTAssertEqual(bandLabels(cuts: [2]), ["< 2", "≥ 2"])
    }

    func testUnpairedAUCChange() throws {
        let b = AreaUnderCurve(try ScoredOutcomes(scores: [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], isBad: [false, false, true, true, false, true]))
        let r = AreaUnderCurve(try ScoredOutcomes(scores: [0.3, 0.2, 0.6, 0.1, 0.9, 0.5], isBad: [true, false, true, false, false, true]))
        let t = UnpairedAUCTest(base: b, recent: r)
        assertClose(t.difference, r.value - b.value, absolute: 1e-15)
        assertClose(t.z, (r.value - b.value) / (b.variance + r.variance).squareRoot(), relative: 1e-14)
        assertClose(t.pValue, 2 * NormalDistributionTail.upper(abs(t.z)), relative: 1e-12)
    }
}

/// Upper normal tail via erfc (independent of the Probability module's implementation).
enum NormalDistributionTail {
    static func upper(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}
