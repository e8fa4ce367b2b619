import CreditMetrics
import CreditProbability
import CreditRegression
import XCTest

/// The Hosmer–Lemeshow record of a fit (`HosmerLemeshowTest`) and `credit metrics`' test (`HosmerLemeshow`) are
/// one computation: on the same PDs and outcomes they give the same groups, χ², df and p-value, bit for bit.
final class HosmerLemeshowRecordTests: XCTestCase {
    func testFitRecordEqualsTheMetric() throws {
        var rng = SplitMix64(seed: 20261207)
        func u() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        for (n, groups) in [(7, 3), (200, 10), (5_000, 10), (5_000, 7)] {
            let pd = (0..<n).map { _ in (u() * 100).rounded() / 100 }     // ties, so some breaks coincide
            let bad = pd.map { u() < $0 }
            let record = HosmerLemeshowTest(fitted: pd, outcomes: bad.map { $0 ? 1 : 0 }, groupCount: groups)
            let metric = try HosmerLemeshow(try ScoredOutcomes(scores: pd, isBad: bad), groups: groups)
            XCTAssertEqual(record.chiSquare.bitPattern, metric.statistic.bitPattern, "n \(n)")
            XCTAssertEqual(record.degreesOfFreedom, metric.degreesOfFreedom)
            XCTAssertEqual(record.pValue.bitPattern, metric.pValue.bitPattern)
            XCTAssertEqual(record.groups.map(\.upperBound), metric.table.map(\.upperEdge))
            XCTAssertEqual(record.groups.map { Int($0.count) }, metric.table.map(\.rows))
            XCTAssertEqual(record.groups.map { Int($0.observedBad) }, metric.table.map(\.observedBads))
            XCTAssertEqual(record.groups.map(\.expectedBad), metric.table.map(\.expectedBads))
        }
    }
}
