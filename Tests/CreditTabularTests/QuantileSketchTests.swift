import XCTest
import CreditTabular
import CreditProbability
import TestSupport

/// `QuantileSketch`: exact while it holds every value; above capacity every returned quantile is a data value
/// whose true rank (found by sorting all values) is within the sketch's reported deterministic bound.
final class QuantileSketchTests: XCTestCase {
    /// Checks that `v` is the sorted value at some rank in [r − ε, r + ε]: count(< v) ≤ r + ε and count(≤ v) − 1 ≥ r − ε.
    private func assertRank(_ v: Double, _ r: Int, _ eps: Int, sorted: [Double], file: StaticString = #filePath, line: UInt = #line) {
        func count(_ pred: (Double) -> Bool) -> Int {   // sorted prefix length where pred holds
            var lo = 0, hi = sorted.count
            while lo < hi { let mid = (lo + hi) >> 1; if pred(sorted[mid]) { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        let below = count { $0 < v }, atMost = count { $0 <= v }
        XCTAssertGreaterThan(atMost, below, "returned value \(v) is not a data value", file: file, line: line)
        XCTAssertLessThanOrEqual(below, r + eps, "rank \(r): value \(v) starts at rank \(below), bound \(eps)", file: file, line: line)
        XCTAssertGreaterThanOrEqual(atMost - 1, r - eps, "rank \(r): value \(v) ends at rank \(atMost - 1), bound \(eps)", file: file, line: line)
    }

    func testExactWhileAtMostCapacity() {
        var g = SeededGenerator(seed: 11)
        let values = (0..<5000).map { _ in (g.normal() * 100).rounded() / 10 }   // many ties
        var s = QuantileSketch(capacity: 5000)
        for x in values { s.insert(x) }
        XCTAssertTrue(s.isExact)
        XCTAssertEqual(s.rankErrorBound, 0)
        let sorted = values.sorted()
        XCTAssertEqual(s.quantiles(ranks: Array(0..<5000)), sorted)
        // One more value compacts.
        s.insert(0)
        XCTAssertFalse(s.isExact)
        XCTAssertEqual(s.rankErrorBound, 1)
    }

    private func checkMillion(capacity: Int, values: [Double]) {
        var s = QuantileSketch(capacity: capacity)
        for x in values { s.insert(x) }
        let n = values.count
        XCTAssertEqual(s.count, n)
        XCTAssertEqual(s.weightedItems().reduce(0) { $0 + $1.weight }, n, "weights sum to the count")
        let eps = s.rankErrorBound
        // The documented bound: at most L·n/capacity with L = ⌈log₂(n/capacity)⌉ + 1 levels.
        let levels = Int(log2(Double(n) / Double(capacity)).rounded(.up)) + 1
        XCTAssertLessThanOrEqual(eps, levels * n / capacity)
        XCTAssertGreaterThan(eps, 0)
        let sorted = values.sorted()
        let ranks = (0..<1000).map { $0 * n / 1000 } + [n - 1]
        for (r, v) in zip(ranks, s.quantiles(ranks: ranks)) { assertRank(v, r, eps, sorted: sorted) }
    }

    func testMillionDistinctValuesWithinBound() {
        var g = SeededGenerator(seed: 20261129)
        let values = (0..<1_000_000).map { _ in g.normal() * 3 + g.uniform() }
        checkMillion(capacity: 200_000, values: values)
        checkMillion(capacity: 10_000, values: values)
    }

    func testMillionValuesWithTiesAndSortedInputWithinBound() {
        var g = SeededGenerator(seed: 5)
        let ties = (0..<1_000_000).map { _ in (g.uniform() * 500).rounded(.down) }
        checkMillion(capacity: 20_000, values: ties)
        checkMillion(capacity: 20_000, values: (0..<1_000_000).map(Double.init))   // adversarial order: ascending
    }

    /// A value with a count enters as items of weight 2^h for the bits of the count: exact (every quantile equals
    /// the expanded data's) until a compaction; beyond, within the bound like values inserted one at a time.
    func testInsertWithCountIsExactAndWithinBound() {
        var g = SeededGenerator(seed: 77)
        let pairs = (0..<300).map { _ in ((g.normal() * 10).rounded(), 1 + Int(g.uniform() * 1000)) }
        var expanded: [Double] = []
        for (v, n) in pairs { expanded += Array(repeating: v, count: n) }
        let sorted = expanded.sorted()
        var exact = QuantileSketch(capacity: 5000)
        for (v, n) in pairs { exact.insert(v, count: n) }
        XCTAssertTrue(exact.isExact)
        XCTAssertEqual(exact.count, expanded.count)
        XCTAssertEqual(exact.weightedItems().reduce(0) { $0 + $1.weight }, expanded.count)
        let ranks = Array(stride(from: 0, to: expanded.count, by: 97)) + [expanded.count - 1]
        XCTAssertEqual(exact.quantiles(ranks: ranks), ranks.map { sorted[$0] })

        var small = QuantileSketch(capacity: 16)
        for (v, n) in pairs { small.insert(v, count: n) }
        for x in expanded.prefix(20_000) { small.insert(x) }
        let all = (expanded + expanded.prefix(20_000)).sorted()
        XCTAssertFalse(small.isExact)
        XCTAssertEqual(small.count, all.count)
        XCTAssertEqual(small.weightedItems().reduce(0) { $0 + $1.weight }, all.count)
        let eps = small.rankErrorBound
        let check = Array(stride(from: 0, to: all.count, by: 1013))
        for (r, v) in zip(check, small.quantiles(ranks: check)) { assertRank(v, r, eps, sorted: all) }
    }
}
