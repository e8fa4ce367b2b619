import XCTest
import CreditProbability
@testable import CreditMetrics
/// `HosmerLemeshow.orderStatistics` (quickselect for the type-7 quantile breaks) against the exact property
/// that defines it: the value at each rank equals `values.sorted()[rank]`.
final class OrderStatisticsTests: XCTestCase {
    private func check(_ values: [Double], ranks: [Int], file: StaticString = #filePath, line: UInt = #line) {
        let sorted = values.sorted()
        let found = HosmerLemeshow.orderStatistics(values, ranks: ranks)
        XCTAssertEqual(Set(found.keys), Set(ranks), file: file, line: line)
        for r in ranks { XCTAssertEqual(found[r], sorted[r], "rank \(r)", file: file, line: line) }
    }

    private func decileRanks(_ n: Int) -> [Int] {
        (0...10).flatMap { k -> [Int] in
            let lo = Int((Double(n - 1) * Double(k) / 10).rounded(.down))
            return [lo, min(lo + 1, n - 1)]
        }
    }

    func testRandomTiedSortedAndReversedInputs() {
        var rng = SplitMix64(seed: 20261129)
        func u() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        for n in [1, 2, 3, 31, 32, 33, 100, 1_000, 54_321] {
            let random = (0..<n).map { _ in u() }
            let tied = (0..<n).map { _ in Double(Int(u() * 5)) / 5 }      // five distinct values
            let equal = [Double](repeating: 0.25, count: n)
            for values in [random, tied, equal, random.sorted(), random.sorted().reversed()] {
                check(values, ranks: decileRanks(n))
            }
            check(random, ranks: Array(0..<min(n, 40)))                   // many neighbouring ranks
        }
    }

    func testNoRanksAndDuplicatedRanks() {
        XCTAssertTrue(HosmerLemeshow.orderStatistics([3, 1, 2], ranks: []).isEmpty)
        check([5, -1, 3, 3, 0, -0.0, 2e300, -2e-300], ranks: [0, 0, 7, 3, 3])
    }
}
