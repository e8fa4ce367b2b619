import CreditMetrics
import TestSupport
import XCTest

final class UncertaintyTests: XCTestCase {
    func testFriedmanNemenyiHolmMatchScipyStatsmodelsPosthocs() throws {
        let ref = MetricsFixture.dict("friedman")
        let perf = (ref["performance"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
        let f = try FriedmanTest(performance: perf)
        assertClose(f.averageRanks, MetricsFixture.numbers(ref, "average_ranks"), absolute: MetricTolerance.exact)
        assertClose(f.statistic, MetricsFixture.number(ref, "chi2"), relative: 1e-12)
        assertClose(f.pValue, MetricsFixture.number(ref, "p"), relative: 1e-10)
        assertClose(f.criticalDifference, MetricsFixture.number(ref, "cd_0.05"), relative: 1e-9)
        let pairs = (ref["pairs"] as! [[Int]])
        XCTAssertEqual(f.pairs.map { [$0.first, $0.second] }, pairs)
        assertClose(f.pairs.map(\.holmAdjustedPValue), MetricsFixture.numbers(ref, "holm"), relative: 1e-10)
        assertClose(f.pairs.map(\.nemenyiPValue), MetricsFixture.numbers(ref, "nemenyi"), relative: 1e-6, absolute: 1e-9)
        // Losses rank the other way round.
        let flipped = try FriedmanTest(performance: perf.map { $0.map { -$0 } }, higherIsBetter: false)
        assertClose(flipped.averageRanks, f.averageRanks, absolute: MetricTolerance.exact)
        XCTAssertThrowsError(try FriedmanTest(performance: [[1, 2]]))
        XCTAssertThrowsError(try FriedmanTest(performance: [[1, 2], [1]]))
    }

    func testBootstrapIsSeededStratifiedAndAgreesWithDeLong() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 600
        let y = (0..<n).map { _ in rng.uniform() < 0.25 }
        let s1 = y.map { ($0 ? 1.0 : 0) + rng.normal() }
        let s2 = zip(y, s1).map { ($0 ? 0.5 : 0) + 0.5 * $1 + rng.normal() }
        let data = try ScoredOutcomes(scores: s1, isBad: y)
        let auc = { (d: ScoredOutcomes) in AreaUnderCurve(d).value }
        let a = try Bootstrap.interval(data, replicates: 150, seed: 5, metric: auc)
        let b = try Bootstrap.interval(data, replicates: 150, seed: 5, metric: auc)
        XCTAssertEqual(a, b, "same seed, same interval")
        let delong = AreaUnderCurve(data)
        XCTAssertEqual(a.estimate, delong.value)
        XCTAssertLessThan(a.lower, a.estimate); XCTAssertGreaterThan(a.upper, a.estimate)
        // Bootstrap SE and DeLong SE estimate the same quantity: within 20% at 150 replicates.
        XCTAssertEqual(a.standardError / delong.standardError, 1, accuracy: 0.2)
        let paired = try Bootstrap.pairedDifference(scores1: s1, scores2: s2, isBad: y, replicates: 150, seed: 5, metric: auc)
        let test = try PairedDeLongTest(scores1: s1, scores2: s2, isBad: y)
        assertClose(paired.estimate, test.difference, absolute: MetricTolerance.exact)
        XCTAssertEqual(paired.standardError / test.standardError, 1, accuracy: 0.2)
        XCTAssertThrowsError(try Bootstrap.interval(data, replicates: 1, metric: auc))
    }

    /// Evaluation and Comparison bootstrap from precomputed ranks (a counting pass per replicate); the results
    /// must equal the generic path that rebuilds and re-sorts every replicate with the public metrics.
    func testFastBootstrapEqualsGenericBootstrap() throws {
        let s = MetricsFixture.synthetic
        let n = 400
        let y = Array(s.y.prefix(n)), p1 = Array(s.pd1.prefix(n)), p2 = Array(s.pd2.prefix(n))
        var options = EvaluationOptions()
        options.bootstrapReplicates = 40
        options.seed = 99
        let data = try ScoredOutcomes(scores: p1, isBad: y)
        let fast = try Evaluation(data, options: options).bootstrap
        let generic = try Bootstrap.intervals(data, replicates: 40, seed: 99, metrics: [
            ("gini", { AreaUnderCurve($0).gini }), ("ks", { KolmogorovSmirnov($0).statistic }),
            ("h_measure", { HMeasure($0).value }), ("emp", { ExpectedMaximumProfit($0).value }), ("brier", { try BrierScore($0).value }),
            ("partial_auc", { try standardizedPartialAUC($0, maximumFalsePositiveRate: 0.2) }),
            ("partial_gini", { try partialGini($0, maximumProbability: 0.4) }),
            ("brier_skill", { try BrierScore($0).skillScore }), ("log_loss", { try logLoss($0) }),
            ("ece", { try expectedCalibrationError($0) }),
            ("precision", { ConfusionMatrix($0, cutoff: 1.0 / 6).precision }), ("recall", { ConfusionMatrix($0, cutoff: 1.0 / 6).recall }),
            ("f1", { ConfusionMatrix($0, cutoff: 1.0 / 6).f1 }), ("expected_cost", { ConfusionMatrix($0, cutoff: 1.0 / 6).expectedCost }),
        ])
        XCTAssertEqual(fast.map(\.metric), generic.map(\.metric))
        for (a, b) in zip(fast, generic) {
            assertClose([a.interval.estimate, a.interval.lower, a.interval.upper, a.interval.standardError],
                        [b.interval.estimate, b.interval.lower, b.interval.upper, b.interval.standardError], absolute: 1e-12, a.metric)
        }
        let pair = try XCTUnwrap(try Comparison(names: ["a", "b"], scores: [p1, p2], isBad: y, options: options).pairs.first)
        let genericPair = try Bootstrap.pairedDifferences(scores1: p1, scores2: p2, isBad: y, replicates: 40, seed: 99, metrics: [
            ("auc", { AreaUnderCurve($0).value }), ("ks", { KolmogorovSmirnov($0).statistic }),
            ("h_measure", { HMeasure($0).value }), ("emp", { ExpectedMaximumProfit($0).value }), ("brier", { try BrierScore($0).value }),
        ])
        XCTAssertEqual(pair.bootstrapDifferences.map(\.metric), genericPair.map(\.metric))
        for (a, b) in zip(pair.bootstrapDifferences, genericPair) {
            assertClose([a.interval.estimate, a.interval.lower, a.interval.upper], [b.interval.estimate, b.interval.lower, b.interval.upper],
                        absolute: 1e-12, a.metric)
        }
    }
}
