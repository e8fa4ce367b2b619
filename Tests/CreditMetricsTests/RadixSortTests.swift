@testable import CreditMetrics
import TestSupport
import XCTest

final class RadixSortTests: XCTestCase {
    func testMatchesComparisonSortAndIsStable() {
        var rng = SeededGenerator(seed: 3)
        var values: [Double] = [0, -0.0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300, -1e300, 0.5, 0.5]
        for _ in 0..<5000 { values.append((rng.normal() * 100).rounded() / 10) }   // many ties
        let sorted = values.sorted()
        XCTAssertEqual(RadixSort.sortedKeys(values), sorted.map(RadixSort.key))
        let (keys, positions) = RadixSort.sortedKeysAndPositions(values)
        XCTAssertEqual(keys, sorted.map(RadixSort.key))
        XCTAssertEqual(positions.map { values[Int($0)] }.map(RadixSort.key), keys)
        // Stable: equal values keep input order, and −0 ties with +0.
        for k in 1..<positions.count where keys[k] == keys[k - 1] { XCTAssertLessThan(positions[k - 1], positions[k]) }
        XCTAssertEqual(RadixSort.key(-0.0), RadixSort.key(0.0))
    }
}
