import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// The recent-vs-base default-rate test, Holm at a family's share of α, and the Clopper–Pearson interval, against
/// statsmodels and scipy (Fixtures/make_two_sample_fixtures.py, two_sample_fixtures.json).
final class TwoSampleRateTests: XCTestCase {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditMetricsTests/Fixtures/two_sample_fixtures.json")
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    func testTwoProportionZAndFisherExactMatchStatsmodelsAndScipy() {
        let cases = Self.json["cases"] as! [[String: Any]]
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        var methods: Set<String> = []
        for c in cases {
            let d1 = c["recent_defaults"] as! Int, n1 = c["recent_rows"] as! Int
            let d0 = c["base_defaults"] as! Int, n0 = c["base_rows"] as! Int
            let t = TwoSampleRateTest(recentDefaults: d1, recentRows: n1, baseDefaults: d0, baseRows: n0)
            XCTAssertEqual(t.method.rawValue, c["method"] as! String, "\(d1)/\(n1) vs \(d0)/\(n0)")
            methods.insert(t.method.rawValue)
            switch t.method {
            case .twoProportionZ:
                assertClose(t.z, (c["z"] as! NSNumber).doubleValue, relative: 1e-12)
                assertClose(t.pValue, (c["p_z"] as! NSNumber).doubleValue, relative: 1e-9, absolute: 1e-300)
            case .fisherExact:
                assertClose(t.pValue, (c["p_fisher"] as! NSNumber).doubleValue, relative: 1e-9, absolute: 1e-14)
            }
            XCTAssertEqual(t.recentRate, Double(d1) / Double(n1))
        }
        XCTAssertEqual(methods.count, 2, "the fixture exercises both tests")
    }

    func testHolmAtAFamilysShareMatchesMultipletests() {
        for f in Self.json["holm"] as! [[String: Any]] {
            let p = (f["p"] as! [NSNumber]).map(\.doubleValue), alpha = (f["alpha"] as! NSNumber).doubleValue
            let adjusted = holmAdjusted(p)
            assertClose(adjusted, (f["adjusted"] as! [NSNumber]).map(\.doubleValue), relative: 1e-12)
            XCTAssertEqual(adjusted.map { $0 <= alpha }, f["reject"] as! [Bool])
        }
    }

    func testClopperPearsonMatchesStatsmodelsBeta() {
        for c in Self.json["clopper_pearson"] as! [[String: Any]] {
            let x = c["x"] as! Int, n = c["n"] as! Int, level = (c["level"] as! NSNumber).doubleValue
            let ci = clopperPearsonInterval(successes: x, trials: n, level: level)
            assertClose(ci.lower, (c["lower"] as! NSNumber).doubleValue, relative: 1e-9, absolute: 1e-14)
            assertClose(ci.upper, (c["upper"] as! NSNumber).doubleValue, relative: 1e-9, absolute: 1e-14)
        }
    }

    func testEdgeCases() {
        let none = TwoSampleRateTest(recentDefaults: 0, recentRows: 0, baseDefaults: 3, baseRows: 10)
        XCTAssertTrue(none.pValue.isNaN)
        XCTAssertTrue(none.relativeGap.isNaN)
        let zeroBase = TwoSampleRateTest(recentDefaults: 4, recentRows: 100, baseDefaults: 0, baseRows: 100)
        XCTAssertEqual(zeroBase.relativeGap, .infinity)
        XCTAssertEqual(TwoSampleRateTest(recentDefaults: 0, recentRows: 50, baseDefaults: 0, baseRows: 50).pValue, 1)
    }
}
