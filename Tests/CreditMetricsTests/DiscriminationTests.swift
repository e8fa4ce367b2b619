import CreditMetrics
import TestSupport
import XCTest

final class DiscriminationTests: XCTestCase {
    // pROC's published aSAH values (pROC's own test suite; notebooks-docs/definitions.md, §Published reference
    // values). Cases (Poor) score higher.
    func testAUCAndDeLongMatchPROCOnASAH() throws {
        let a = MetricsFixture.asah
        let wfns = AreaUnderCurve(try ScoredOutcomes(scores: a.wfns, isBad: a.poor))
        assertClose(wfns.value, 0.823678861788618, absolute: MetricTolerance.published)
        assertClose(wfns.variance, 0.00146991470882363, relative: MetricTolerance.published)
        assertClose(wfns.confidenceInterval.lower, 0.748534887819453, absolute: MetricTolerance.published)
        assertClose(wfns.confidenceInterval.upper, 0.898822835757783, absolute: MetricTolerance.published)
        assertClose(wfns.gini, 2 * 0.823678861788618 - 1, absolute: MetricTolerance.published)
        let ndka = AreaUnderCurve(try ScoredOutcomes(scores: a.ndka, isBad: a.poor))
        assertClose(ndka.value, 0.611957994579946, absolute: MetricTolerance.published)
        assertClose(ndka.variance, 0.0031908105493913, relative: MetricTolerance.published)
        XCTAssertEqual(wfns.bads, 41)
    }

    func testPairedDeLongMatchesPROCOnASAH() throws {
        let a = MetricsFixture.asah
        let t1 = try PairedDeLongTest(scores1: a.wfns, scores2: a.ndka, isBad: a.poor)
        assertClose(t1.z, 2.79777591868904, relative: MetricTolerance.published)
        assertClose(t1.pValue, 0.00514557970691098, relative: 1e-11)
        let t2 = try PairedDeLongTest(scores1: a.wfns, scores2: a.s100b, isBad: a.poor)
        assertClose(t2.z, 2.20898359144091, relative: MetricTolerance.published)
        assertClose(t2.pValue, 0.0271757822291882, relative: 1e-11)
    }

    func testAUCAndDeLongMatchBruteForceAndSklearnWithTies() throws {
        let s = MetricsFixture.synthetic
        for (column, scores) in [("pd1", s.pd1), ("pd2", s.pd2)] {
            let ref = MetricsFixture.dict(column)
            let auc = AreaUnderCurve(try ScoredOutcomes(scores: scores, isBad: s.y))
            assertClose(auc.value, MetricsFixture.number(ref, "auc_sklearn"), absolute: MetricTolerance.exact, column)
            assertClose(auc.variance, MetricsFixture.number(ref, "delong_variance"), relative: 1e-10, column)
        }
        let paired = try PairedDeLongTest(scores1: s.pd1, scores2: s.pd2, isBad: s.y)
        let ref = MetricsFixture.dict("paired_delong_pd1_pd2")
        assertClose(paired.z, MetricsFixture.number(ref, "z"), relative: 1e-10)
        assertClose(paired.pValue, MetricsFixture.number(ref, "p"), relative: 1e-8)
    }

    func testROCPointsMatchSklearn() throws {
        let s = MetricsFixture.synthetic
        let ref = MetricsFixture.dict("pd1")
        let roc = rocCurve(try ScoredOutcomes(scores: s.pd1, isBad: s.y))
        assertClose(roc.map(\.x), MetricsFixture.numbers(ref, "roc_fpr"), absolute: MetricTolerance.exact)
        assertClose(roc.map(\.y), MetricsFixture.numbers(ref, "roc_tpr"), absolute: MetricTolerance.exact)
        assertClose(roc.dropFirst().map(\.threshold), MetricsFixture.numbers(ref, "roc_threshold"), absolute: 0)
    }

    func testKSMatchesScipyAndBruteForceThreshold() throws {
        let s = MetricsFixture.synthetic
        let ref = MetricsFixture.dict("pd1")
        let ks = KolmogorovSmirnov(try ScoredOutcomes(scores: s.pd1, isBad: s.y))
        assertClose(ks.statistic, MetricsFixture.number(ref, "ks_scipy"), absolute: MetricTolerance.exact)
        XCTAssertEqual(ks.threshold, MetricsFixture.number(ref, "ks_threshold_bruteforce"))
        assertClose(ks.truePositiveRate - ks.falsePositiveRate, ks.statistic, absolute: MetricTolerance.exact)
    }

    func testPartialAUCAndPartialGini() throws {
        let s = MetricsFixture.synthetic
        let ref = MetricsFixture.dict("pd1")
        let data = try ScoredOutcomes(scores: s.pd1, isBad: s.y)
        assertClose(try standardizedPartialAUC(data, maximumFalsePositiveRate: 0.1), MetricsFixture.number(ref, "partial_auc_sklearn_0.1"), absolute: MetricTolerance.exact)
        assertClose(try standardizedPartialAUC(data, maximumFalsePositiveRate: 0.4), MetricsFixture.number(ref, "partial_auc_sklearn_0.4"), absolute: MetricTolerance.exact)
        assertClose(try standardizedPartialAUC(data, maximumFalsePositiveRate: 1), AreaUnderCurve(data).value, absolute: MetricTolerance.exact)
        assertClose(try partialGini(data), MetricsFixture.number(ref, "partial_gini_0.4_sklearn"), absolute: MetricTolerance.exact)
        XCTAssertThrowsError(try standardizedPartialAUC(data, maximumFalsePositiveRate: 0))
    }

    func testHMeasureMatchesPyPIHmeasure() throws {
        let s = MetricsFixture.synthetic
        for column in ["pd1", "pd2"] {
            let ref = MetricsFixture.dict(column)
            let data = try ScoredOutcomes(scores: column == "pd1" ? s.pd1 : s.pd2, isBad: s.y)
            let h = HMeasure(data)
            assertClose(h.value, MetricsFixture.number(ref, "h_default_hmeasure"), absolute: MetricTolerance.numeric, column)
            assertClose(h.beta, 1 + Double(data.goods) / Double(data.bads), relative: MetricTolerance.exact)
            let h22 = HMeasure(data, prior: .beta22)
            assertClose(h22.value, MetricsFixture.number(ref, "h_beta22_hmeasure"), absolute: MetricTolerance.numeric, column)
            XCTAssertEqual(h22.beta, 2)
        }
    }

    func testEMPMatchesEmpulse() throws {
        let s = MetricsFixture.synthetic
        for column in ["pd1", "pd2"] {
            let ref = MetricsFixture.dict(column)
            let emp = ExpectedMaximumProfit(try ScoredOutcomes(scores: column == "pd1" ? s.pd1 : s.pd2, isBad: s.y))
            assertClose(emp.value, MetricsFixture.number(ref, "emp_empulse"), absolute: MetricTolerance.numeric, column)
        }
    }

    func testPerfectAndConstantScoresForHAndEMP() throws {
        let e = MetricsFixture.dict("edge")
        let y = (e["perfect_y"] as! [Int]).map { $0 == 1 }
        let perfect = try ScoredOutcomes(scores: MetricsFixture.numbers(e, "perfect_score"), isBad: y)
        assertClose(HMeasure(perfect).value, 1, absolute: MetricTolerance.numeric)
        assertClose(ExpectedMaximumProfit(perfect).value, MetricsFixture.number(e, "perfect_emp"), absolute: MetricTolerance.numeric)
        XCTAssertEqual(AreaUnderCurve(perfect).value, 1)
        XCTAssertEqual(KolmogorovSmirnov(perfect).statistic, 1)
        let constant = try ScoredOutcomes(scores: Array(repeating: 0.3, count: 10), isBad: y)
        assertClose(HMeasure(constant).value, MetricsFixture.number(e, "constant_h"), absolute: MetricTolerance.numeric)
        assertClose(ExpectedMaximumProfit(constant).value, MetricsFixture.number(e, "constant_emp"), absolute: MetricTolerance.numeric)
        XCTAssertEqual(AreaUnderCurve(constant).value, 0.5)
        XCTAssertEqual(KolmogorovSmirnov(constant).statistic, 0)
    }

    func testProperties() throws {
        var rng = SeededGenerator(seed: 7)
        let n = 600
        let y = (0..<n).map { _ in rng.uniform() < 0.3 }
        let s = y.map { ($0 ? 0.8 : 0) + rng.normal() }
        let data = try ScoredOutcomes(scores: s, isBad: y)
        let auc = AreaUnderCurve(data)
        XCTAssertEqual(auc.gini, 2 * auc.value - 1)
        // Invariant under a strictly increasing transform; the reverse order gives 1 − AUC.
        let transformed = AreaUnderCurve(try ScoredOutcomes(scores: s.map { exp(3 * $0) + 1 }, isBad: y))
        assertClose(transformed.value, auc.value, absolute: MetricTolerance.exact)
        assertClose(transformed.variance, auc.variance, relative: 1e-10)
        assertClose(AreaUnderCurve(data.negated()).value, 1 - auc.value, absolute: MetricTolerance.exact)
        // The CAP's accuracy ratio equals Gini: area between CAP and diagonal over the perfect model's.
        let cap = capCurve(data)
        var area = 0.0
        for k in 1..<cap.count { area += (cap[k].x - cap[k - 1].x) * (cap[k].y + cap[k - 1].y) / 2 }
        let pb = Double(data.bads) / Double(n)
        assertClose((area - 0.5) / (0.5 * (1 - pb)), auc.gini, absolute: 1e-12)
        // A paired test of a score with itself: no difference.
        let same = try PairedDeLongTest(scores1: s, scores2: s, isBad: y)
        XCTAssertEqual(same.z, 0)
        XCTAssertEqual(same.pValue, 1)
    }

    func testDegenerateInputIsAClearError() {
        XCTAssertThrowsError(try ScoredOutcomes(scores: [0.1, 0.2], isBad: [true, true])) {
            XCTAssertEqual($0 as? MetricsError, .singleClass(bads: 2, goods: 0))
            XCTAssertTrue("\($0)".contains("only one class"))
        }
        XCTAssertThrowsError(try ScoredOutcomes(scores: [0.1, .nan], isBad: [true, false])) {
            XCTAssertEqual($0 as? MetricsError, .nonFiniteScore(row: 1))
        }
        XCTAssertThrowsError(try ScoredOutcomes(scores: [0.1], isBad: [true, false])) {
            XCTAssertEqual($0 as? MetricsError, .lengthMismatch(scores: 1, outcomes: 2))
        }
        XCTAssertThrowsError(try ScoredOutcomes(scores: [], isBad: [])) { XCTAssertEqual($0 as? MetricsError, .empty) }
        XCTAssertThrowsError(try PairedDeLongTest(scores1: [0.1, 0.2], scores2: [0.1], isBad: [true, false]))
        XCTAssertThrowsError(try logLoss(try ScoredOutcomes(scores: [0.1, 1.2], isBad: [true, false]))) {
            XCTAssertEqual($0 as? MetricsError, .probabilityOutOfRange(row: 1, value: 1.2))
        }
    }

    func testSingleBadGivesAUCButNoVariance() throws {
        let auc = AreaUnderCurve(try ScoredOutcomes(scores: [0.9, 0.1, 0.2, 0.95], isBad: [true, false, false, false]))
        assertClose(auc.value, 2.0 / 3, absolute: MetricTolerance.exact)
        XCTAssertTrue(auc.variance.isNaN && auc.confidenceInterval.lower.isNaN && auc.confidenceInterval.upper.isNaN)
    }
}
