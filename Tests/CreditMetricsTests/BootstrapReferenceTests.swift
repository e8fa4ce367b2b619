import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// Every bootstrap interval of `Evaluation` (what `credit validate` prints) against an independent percentile
/// bootstrap: Fixtures/make_bootstrap_fixture.py (numpy, scipy, scikit-learn) draws stratified resamples,
/// computes each metric with those tools, and writes the row indices; the test gives the same indices to
/// `Evaluation` (`EvaluationOptions.bootstrapResamples`), so the intervals must agree to rounding.
final class BootstrapReferenceTests: XCTestCase {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditMetricsTests/Fixtures/bootstrap_fixture.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }()

    func testEveryIntervalEqualsAnIndependentBootstrapOnTheSameResamples() throws {
        let f = Self.fixture
        let n = (f["rows"] as! NSNumber).intValue
        let s = MetricsFixture.synthetic
        let data = try ScoredOutcomes(scores: Array(s.pd1.prefix(n)), isBad: Array(s.y.prefix(n)))
        XCTAssertEqual(data.bads, (f["bads"] as! NSNumber).intValue, "the fixture's rows are the first \(n) of synthetic_scores.csv")
        var options = EvaluationOptions()
        options.bootstrapResamples = (f["samples"] as! [[NSNumber]]).map { $0.map(\.intValue) }
        options.costs = CostMatrix(badClassedGood: (f["cost_bad_as_good"] as! NSNumber).doubleValue,
                                   goodClassedBad: (f["cost_good_as_bad"] as! NSNumber).doubleValue)
        options.partialAUCMaximumFalsePositiveRate = (f["max_fpr"] as! NSNumber).doubleValue
        options.partialGiniMaximumProbability = (f["max_pd"] as! NSNumber).doubleValue
        options.calibrationBins = (f["bins"] as! NSNumber).intValue
        let evaluation = try Evaluation(data, options: options)
        assertClose(try XCTUnwrap(evaluation.confusion).cutoff, (f["cutoff"] as! NSNumber).doubleValue, absolute: 1e-15)
        let reference = f["intervals"] as! [String: [String: NSNumber]]
        // Every metric the reports show with a value gets an interval: the five of before and the nine added.
        let expected = ["gini", "ks", "brier", "partial_auc", "partial_gini", "brier_skill", "log_loss", "ece",
                        "precision", "recall", "f1", "expected_cost"]
        for name in expected {
            guard let ours = evaluation.bootstrap.first(where: { $0.metric == name })?.interval else {
                XCTFail("no bootstrap interval for \(name)"); continue
            }
            let r = try XCTUnwrap(reference[name], name)
            XCTAssertEqual(ours.replicates, 100, name)
            XCTAssertEqual(ours.failedReplicates, r["failed"]!.intValue, name)
            assertClose([ours.estimate, ours.lower, ours.upper, ours.standardError],
                        [r["estimate"]!.doubleValue, r["lower"]!.doubleValue, r["upper"]!.doubleValue, r["standard_error"]!.doubleValue],
                        absolute: 1e-12, name)
        }
    }
}
