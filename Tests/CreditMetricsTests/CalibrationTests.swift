import CreditMetrics
import TestSupport
import XCTest

final class CalibrationTests: XCTestCase {
    private var data: ScoredOutcomes { try! ScoredOutcomes(scores: MetricsFixture.synthetic.pd1, isBad: MetricsFixture.synthetic.y) }
    private var ref: [String: Any] { MetricsFixture.dict("pd1", "calibration") }
    private func n(_ key: String) -> Double { MetricsFixture.number(ref, key) }

    func testBrierAndMurphyDecomposition() throws {
        let b = try BrierScore(data)
        assertClose(b.value, n("brier_sklearn"), absolute: MetricTolerance.exact)
        assertClose(b.reliability, n("murphy_reliability"), absolute: MetricTolerance.exact)
        assertClose(b.resolution, n("murphy_resolution"), absolute: MetricTolerance.exact)
        assertClose(b.uncertainty, n("murphy_uncertainty"), absolute: MetricTolerance.exact)
        assertClose(b.skillScore, 1 - n("brier_sklearn") / n("murphy_uncertainty"), absolute: MetricTolerance.exact)
        assertClose(b.reliability - b.resolution + b.uncertainty + b.decompositionResidual, b.value, absolute: MetricTolerance.exact)
        // With one PD per bin the decomposition is exact.
        let exact = try BrierScore(try ScoredOutcomes(scores: [0.05, 0.05, 0.55, 0.55, 0.55, 0.95], isBad: [false, true, true, false, true, true]))
        assertClose(exact.decompositionResidual, 0, absolute: MetricTolerance.exact)
    }

    func testLogLossAndClipping() throws {
        assertClose(try logLoss(data), n("log_loss_sklearn"), absolute: MetricTolerance.exact)
        // A PD of exactly 0 for a bad is clipped to machine epsilon, not infinite.
        let clipped = try logLoss(try ScoredOutcomes(scores: [0, 1], isBad: [true, false]))
        assertClose(clipped, -log(Double.ulpOfOne), relative: 1e-12)
    }

    func testReliabilityTableAndECEMatchSklearnBins() throws {
        let table = reliabilityTable(data)
        assertClose(table.map(\.observedRate), MetricsFixture.numbers(ref, "calibration_curve_true"), absolute: MetricTolerance.exact)
        assertClose(table.map(\.meanPredicted), MetricsFixture.numbers(ref, "calibration_curve_pred"), absolute: MetricTolerance.exact)
        XCTAssertEqual(table.reduce(0) { $0 + $1.rows }, data.count)
        assertClose(try expectedCalibrationError(data), n("ece_10"), absolute: MetricTolerance.exact)
    }

    func testHosmerLemeshowAsResourceSelection() throws {
        let hl = try HosmerLemeshow(data)
        assertClose(hl.statistic, n("hl_statistic"), relative: 1e-10)
        XCTAssertEqual(hl.groups, Int(n("hl_groups")))
        XCTAssertEqual(hl.degreesOfFreedom, hl.groups - 2)
        assertClose(hl.pValue, n("hl_pvalue"), relative: 1e-9)
        XCTAssertEqual(hl.table.reduce(0) { $0 + $1.rows }, data.count)
        XCTAssertThrowsError(try HosmerLemeshow(try ScoredOutcomes(scores: [0.2, 0.2, 0.2], isBad: [true, false, false])))
    }

    /// Frequency weights: each group's count, observed and expected bads are the weighted sums over its rows
    /// (worked by hand from the definition; the breaks are the unweighted type-7 quantiles 0.1, 0.2667, 0.4333, 0.6).
    func testHosmerLemeshowWeightedGroupsByHand() {
        let g = HosmerLemeshow.grouped(probabilities: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], outcomes: [0, 1, 0, 1, 1, 0],
                                       weights: [1, 2, 3, 1, 2, 3], groups: 3)
        XCTAssertEqual(g.breaks, 4)
        assertClose(g.upperEdges, [0.2 + 0.1 * 2 / 3, 0.4 + 0.1 / 3, 0.6], absolute: 1e-15)
        XCTAssertEqual(g.counts, [3, 4, 5])
        XCTAssertEqual(g.observed, [2, 1, 2])
        assertClose(g.expected, [0.1 + 2 * 0.2, 3 * 0.3 + 0.4, 2 * 0.5 + 3 * 0.6], absolute: 1e-15)
        let o1 = [2.0, 1, 2], e1 = [0.5, 1.3, 2.8], n = [3.0, 4, 5]
        var chi = 0.0
        for k in 0..<3 {
            let bads = (o1[k] - e1[k]) * (o1[k] - e1[k]) / e1[k]
            let o0 = n[k] - o1[k], e0 = n[k] - e1[k]
            chi += bads + (o0 - e0) * (o0 - e0) / e0
        }
        assertClose(g.statistic, chi, relative: 1e-14)
        XCTAssertEqual(g.degreesOfFreedom, 1)
        XCTAssertTrue(HosmerLemeshow.grouped(probabilities: [0.3, 0.3], outcomes: [0, 1], weights: nil, groups: 3).pValue.isNaN,
                      "one group: no df = G − 2 p-value")
    }

    func testSpiegelhalter() throws {
        let s = try SpiegelhalterTest(data)
        assertClose(s.z, n("spiegelhalter_z"), relative: 1e-10)
        assertClose(s.pValue, n("spiegelhalter_p"), relative: 1e-9)
    }

    func testCalibrationInterceptAndSlopeMatchStatsmodels() throws {
        let c = try CalibrationRegression(data)
        assertClose(c.intercept, n("cal_intercept"), relative: Tolerance.reference, absolute: 1e-9)
        assertClose(c.slope, n("cal_slope"), relative: Tolerance.reference)
        assertClose(c.interceptStandardError, n("cal_intercept_se"), relative: Tolerance.reference)
        assertClose(c.slopeStandardError, n("cal_slope_se"), relative: Tolerance.reference)
        assertClose(c.interceptInTheLarge, n("cal_in_the_large"), relative: Tolerance.reference)
        assertClose(c.interceptInTheLargeStandardError, n("cal_in_the_large_se"), relative: Tolerance.reference)
    }

    /// A scorecard's cut-off in points: classed bad strictly below it. On points p = −PD (higher safer) at the
    /// cut-off −1/6, "p < −1/6" is "PD > 1/6", so the counts equal the PD matrix of the scikit-learn fixture.
    func testConfusionMatrixInPointsClassesBadBelowTheCutoff() throws {
        let r = ref["confusion_1_6"] as! [String: Any]
        let c = ConfusionMatrix(points: data.scores.map { -$0 }, isBad: data.isBad, cutoff: -1.0 / 6)
        XCTAssertEqual([c.truePositives, c.falsePositives, c.trueNegatives, c.falseNegatives],
                       [r["tp"] as? Int, r["fp"] as? Int, r["tn"] as? Int, r["fn"] as? Int].map { $0! })
        XCTAssertEqual(c.unit, "points")
        XCTAssertNil(ConfusionMatrix(data, cutoff: 1.0 / 6).unit)
        // At the cut-off itself a row is approved (classed good): score ≥ cut-off.
        let tie = ConfusionMatrix(points: [540, 539, 600], isBad: [true, true, false], cutoff: 540)
        XCTAssertEqual([tie.truePositives, tie.falseNegatives, tie.falsePositives, tie.trueNegatives], [1, 1, 0, 1])
        var options = EvaluationOptions()
        options.bootstrapReplicates = 0
        options.cutoff = -1.0 / 6
        options.points = data.scores.map { -$0 }
        XCTAssertEqual(try Evaluation(data, options: options).confusion, c)
    }

    func testConfusionMatrixAtGermanCreditCutoff() throws {
        let r = ref["confusion_1_6"] as! [String: Any]
        XCTAssertEqual(CostMatrix.germanCredit.bayesCutoff, 1.0 / 6)
        let c = ConfusionMatrix(data, cutoff: CostMatrix.germanCredit.bayesCutoff)
        XCTAssertEqual(c.truePositives, r["tp"] as? Int)
        XCTAssertEqual(c.falsePositives, r["fp"] as? Int)
        XCTAssertEqual(c.trueNegatives, r["tn"] as? Int)
        XCTAssertEqual(c.falseNegatives, r["fn"] as? Int)
        assertClose(c.precision, MetricsFixture.number(r, "precision"), absolute: MetricTolerance.exact)
        assertClose(c.recall, MetricsFixture.number(r, "recall"), absolute: MetricTolerance.exact)
        assertClose(c.f1, MetricsFixture.number(r, "f1"), absolute: MetricTolerance.exact)
        assertClose(c.expectedCost, MetricsFixture.number(r, "expected_cost"), absolute: MetricTolerance.exact)
    }

    func testGainsByDecile() throws {
        let g = try gainsTable(data)
        XCTAssertEqual(g.map(\.bads), (ref["gains_bads"] as! [Int]))
        assertClose(g.map(\.cumulativeCapture), MetricsFixture.numbers(ref, "gains_capture"), absolute: MetricTolerance.exact)
        assertClose(g.map(\.lift), MetricsFixture.numbers(ref, "gains_lift"), absolute: MetricTolerance.exact)
        XCTAssertEqual(g.reduce(0) { $0 + $1.rows }, data.count)
        assertClose(g.last!.cumulativeLift, 1, absolute: MetricTolerance.exact)
        XCTAssertThrowsError(try gainsTable(data, bands: 0))
    }

    func testGradeTestsMatchScipy() throws {
        let s = MetricsFixture.synthetic
        let tests = try gradeTests(data, grades: s.grade)
        let ref = MetricsFixture.dict("grades")
        XCTAssertEqual(tests.map(\.grade), ["A", "B", "C", "D"])
        for t in tests {
            let r = ref[t.grade] as! [String: Any]
            XCTAssertEqual(t.rows, r["rows"] as? Int)
            XCTAssertEqual(t.defaults, r["defaults"] as? Int)
            assertClose(t.probability, MetricsFixture.number(r, "pd"), relative: MetricTolerance.exact)
            assertClose(t.jeffreysPValue, MetricsFixture.number(r, "jeffreys"), relative: 1e-10, t.grade)
            assertClose(t.binomialPValue, MetricsFixture.number(r, "binomial"), relative: 1e-10, t.grade)
        }
    }

    func testCalibrationRegressionDegenerateInput() throws {
        // Constant PDs: the slope is not identified.
        XCTAssertThrowsError(try CalibrationRegression(try ScoredOutcomes(scores: [0.3, 0.3, 0.3, 0.3], isBad: [true, false, false, true])))
        // PDs that separate the classes: the fit diverges, and says so.
        XCTAssertThrowsError(try CalibrationRegression(try ScoredOutcomes(scores: [0.1, 0.2, 0.8, 0.9], isBad: [false, false, true, true]))) {
            XCTAssertTrue("\($0)".contains("calibration slope"), "\($0)")
        }
    }
}
