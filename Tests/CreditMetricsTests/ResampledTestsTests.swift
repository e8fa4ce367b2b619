import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// Dietterich's 5×2cv t, Alpaydın's combined F and Nadeau–Bengio's corrected resampled t against mlxtend 0.25.0
/// (N = 5) and scipy with the papers' formulas, on the same fold metrics (make_resampled_tests_fixture.py).
final class ResampledTestsTests: XCTestCase {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditMetricsTests/Fixtures/resampled_tests.json")
        return try! JSONSerialization.jsonObject(with: try! Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }()

    /// P-values from incomplete beta functions: to 1e-10 relative; the statistics are closed forms.
    func testFiveByTwoTestsMatchMlxtendAndThePapers() throws {
        let cases = try XCTUnwrap(Self.fixture["five_by_two"] as? [[String: Any]])
        XCTAssertEqual(cases.filter { $0["tool"] as? String == "mlxtend" }.count, 3)
        for c in cases {
            let a = try XCTUnwrap(c["a"] as? [[Double]]), b = try XCTUnwrap(c["b"] as? [[Double]])
            let d = zip(a, b).map { x, y in [x[0] - y[0], x[1] - y[1]] }
            let t = try FiveByTwoPairedTTest(differences: d)
            let f = try FiveByTwoCombinedFTest(differences: d)
            XCTAssertEqual(t.degreesOfFreedom, a.count)
            XCTAssertEqual(f.numeratorDegreesOfFreedom, 2 * a.count)
            XCTAssertEqual(f.denominatorDegreesOfFreedom, a.count)
            assertClose(t.statistic, try XCTUnwrap(c["t"] as? Double), relative: 1e-12)
            assertClose(t.pValue, try XCTUnwrap(c["p_t"] as? Double), relative: 1e-10)
            assertClose(f.statistic, try XCTUnwrap(c["f"] as? Double), relative: 1e-12)
            assertClose(f.pValue, try XCTUnwrap(c["p_f"] as? Double), relative: 1e-10)
        }
    }

    func testCorrectedResampledTMatchesTheNadeauBengioFormula() throws {
        let cases = try XCTUnwrap(Self.fixture["corrected"] as? [[String: Any]])
        for c in cases {
            let a = try XCTUnwrap(c["a"] as? [Double]), b = try XCTUnwrap(c["b"] as? [Double])
            let r = try CorrectedResampledTTest(differences: zip(a, b).map(-), testToTrainingRatio: try XCTUnwrap(c["ratio"] as? Double))
            XCTAssertEqual(r.degreesOfFreedom, try XCTUnwrap(c["df"] as? Int))
            assertClose(r.meanDifference, try XCTUnwrap(c["mean"] as? Double), absolute: 1e-14)
            assertClose(r.standardDeviation, try XCTUnwrap(c["sd"] as? Double), relative: 1e-10)
            assertClose(r.statistic, try XCTUnwrap(c["t"] as? Double), relative: 1e-10)
            assertClose(r.pValue, try XCTUnwrap(c["p"] as? Double), relative: 1e-9)
            assertClose(r.lower, try XCTUnwrap(c["lower"] as? Double), absolute: 1e-12)
            assertClose(r.upper, try XCTUnwrap(c["upper"] as? Double), absolute: 1e-12)
        }
        // The correction widens: the naive resampled t (ratio → 0) is larger in size.
        let d = [0.01, 0.02, 0.015, 0.005, 0.012]
        let corrected = try CorrectedResampledTTest(differences: d, testToTrainingRatio: 0.25)
        let naive = try CorrectedResampledTTest(differences: d, testToTrainingRatio: 1e-300)
        XCTAssertLessThan(abs(corrected.statistic), abs(naive.statistic))
    }

    func testUndefinedStatisticsThrow() {
        XCTAssertThrowsError(try FiveByTwoPairedTTest(differences: [[0.01, 0.01], [0.02, 0.02]]))
        XCTAssertThrowsError(try FiveByTwoCombinedFTest(differences: [[0.01, 0.02, 0.03]]))
        XCTAssertThrowsError(try FiveByTwoPairedTTest(differences: []))
        XCTAssertThrowsError(try CorrectedResampledTTest(differences: [0.1], testToTrainingRatio: 0.25))
        XCTAssertThrowsError(try CorrectedResampledTTest(differences: [0.1, 0.1, 0.1], testToTrainingRatio: 0.25))
        XCTAssertThrowsError(try CorrectedResampledTTest(differences: [0.1, .nan], testToTrainingRatio: 0.25))
    }
}
