import Foundation
@testable import CreditSupport
import TestSupport
import XCTest

/// `RadixSort` and `DecimalKeys` (the sort behind binning and the rank metrics) against plain references: the
/// standard library's sort, and the exact properties of the keys (order-preserving, invertible, ±0 equal).
final class RadixKeySortTests: XCTestCase {
    func sorted(_ keys: [UInt64]) -> [UInt64] {
        var k = keys
        var scratch = [UInt64](repeating: 0, count: k.count)
        k.withUnsafeMutableBufferPointer { kb in scratch.withUnsafeMutableBufferPointer { RadixSort.sort(keys: kb, scratch: $0) } }
        return k
    }

    func testEqualsStandardSortOnRandomNarrowDuplicateAndExtremeKeys() {
        var rng = SeededGenerator(seed: 41)
        // Sizes around the small-input cut (64) and the 12-bit-digit cut (2¹⁸).
        for n in [0, 1, 2, 63, 64, 65, 1000, 70_000, (1 << 18) + 5] {
            let cases: [(String, () -> UInt64)] = [
                ("full range", { rng.next() }),
                ("narrow range", { 1 << 52 + rng.next() % 3_000_000 }),
                ("few distinct", { [0, 7, 1 << 40, .max][Int(rng.next() % 4)] }),
                ("extremes", { [0, 1, .max, .max - 1, 1 << 63, (1 << 63) - 1][Int(rng.next() % 6)] }),
                ("one bit", { rng.next() % 2 == 0 ? 1 << 33 : 0 }),
            ]
            for (name, draw) in cases {
                let keys = (0..<n).map { _ in draw() }
                XCTAssertEqual(sorted(keys), keys.sorted(), "\(name), n = \(n)")
            }
        }
    }

    func testConstantKeysAndLongerScratch() {
        let keys = [UInt64](repeating: 12345, count: 500)
        var k = keys, scratch = [UInt64](repeating: 9, count: 900)
        k.withUnsafeMutableBufferPointer { kb in scratch.withUnsafeMutableBufferPointer { RadixSort.sort(keys: kb, scratch: $0) } }
        XCTAssertEqual(k, keys)
    }

    func testDoublesSortWithSignedZerosAndExtremes() {
        var rng = SeededGenerator(seed: 42)
        let special: [Double] = [0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                 -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude, .infinity, -.infinity]
        for n in [10, 100, 5000] {
            var xs = (0..<n).map { _ -> Double in
                rng.next() % 3 == 0 ? special[Int(rng.next() % UInt64(special.count))] : rng.normal() * pow(10, Double(rng.next() % 40) - 20)
            }
            let expected = xs.sorted()
            RadixSort.sort(&xs)
            XCTAssertEqual(xs, expected)
            XCTAssertFalse(xs.contains { $0 == 0 && $0.sign == .minus }, "−0.0 is stored as +0.0")
            // The key is order-preserving and invertible.
            for (x, y) in zip(expected, expected.dropFirst()) {
                XCTAssertEqual(x < y, RadixSort.key(x) < RadixSort.key(y))
                XCTAssertEqual(x == y, RadixSort.key(x) == RadixSort.key(y))
            }
            for x in expected { XCTAssertEqual(RadixSort.value(RadixSort.key(x)).bitPattern, (x + 0).bitPattern) }
        }
    }
}

final class DecimalKeysTests: XCTestCase {
    func testScaleIsTheSmallestThatFitsTheSample() {
        XCTAssertEqual(DecimalKeys(sample: [])?.scale, 1)
        XCTAssertEqual(DecimalKeys(sample: [3, -7, 0])?.scale, 1)
        XCTAssertEqual(DecimalKeys(sample: [0.5, 1.25, 2])?.scale, 100)
        XCTAssertEqual(DecimalKeys(sample: [-0.00109353, 0.000603285])?.scale, 1e9)
        XCTAssertNil(DecimalKeys(sample: [1.0 / 3]))
        XCTAssertNil(DecimalKeys(sample: [.infinity]))
        XCTAssertNil(DecimalKeys(sample: [1e300]))
    }

    /// Whenever a value is reported exact, its key decodes to it and keys order exactly as values.
    func testExactKeysDecodeAndPreserveOrder() {
        var rng = SeededGenerator(seed: 43)
        for d in [0, 2, 4, 7, 9] {
            let keys = DecimalKeys(sample: [Double(sign: .plus, exponent: 0, significand: 1) / pow(10, Double(d))])!
            XCTAssertEqual(keys.scale, pow(10, Double(d)))
            var xs: [Double] = [0, -0.0, 1, -1]
            for _ in 0..<3000 {
                let m = Double(Int64(bitPattern: rng.next()) % 2_000_000_000)
                xs.append(m / pow(10, Double(d)))
            }
            // Values the scale cannot represent: more decimals, huge, infinite.
            xs += [1.0 / 3, 1e300, -1e300, .infinity, -.infinity, 0x1p60, .leastNonzeroMagnitude]
            var exact: [(Double, UInt64)] = []
            for x in xs {
                let (k, ok) = keys.key(x)
                if ok {
                    XCTAssertEqual(keys.value(k).bitPattern, (x + 0).bitPattern, "\(x) at scale 1e\(d)")
                    exact.append((x, k))
                }
            }
            XCTAssertGreaterThanOrEqual(exact.count, 3004, "every value with ≤ \(d) decimals is exact")
            for _ in 0..<5000 {
                let (x, kx) = exact[Int(rng.next() % UInt64(exact.count))], (y, ky) = exact[Int(rng.next() % UInt64(exact.count))]
                XCTAssertEqual(x < y, kx < ky); XCTAssertEqual(x == y, kx == ky)
            }
            for bad in [1.0 / 3, 1e300, .infinity, -.infinity, 0x1p60] { XCTAssertFalse(keys.key(bad).exact, "\(bad)") }
        }
    }
}

final class RadixSortTests: XCTestCase {
    func testRadixSortEqualsStandardSort() {
        var rng = SeededGenerator(seed: 9)
        for n in [0, 1, 65, 1000, 100_000] {
            var xs = (0..<n).map { _ -> Double in
                switch rng.next() % 5 {
                case 0: return rng.normal() * 1e6
                case 1: return -rng.uniform()
                case 2: return Double(Int(rng.next() % 7)) - 3   // many ties, 0
                case 3: return -0.0
                default: return rng.uniform() * 1e-300
                }
            }
            let expected = xs.sorted()
            RadixSort.sort(&xs)
            XCTAssertEqual(xs, expected)   // −0.0 == 0.0
            XCTAssertFalse(xs.contains { $0 == 0 && $0.sign == .minus })
        }
    }

    func testMatchesComparisonSortAndIsStable() {
        var rng = SeededGenerator(seed: 3)
        let special: [Double] = [0, -0.0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                 .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300, -1e300, 0.5, 0.5]
        // Sizes around the small-input cut (64) and the 12-bit-digit cut (2¹⁸); many ties throughout.
        for n in [0, 1, 2, 64, 65, 5012, (1 << 18) + 5] {
            var values = Array(special.prefix(n))
            while values.count < n { values.append((rng.normal() * 100).rounded() / 10) }
            let sorted = values.sorted()
            XCTAssertEqual(RadixSort.sortedKeys(values), sorted.map(RadixSort.key), "n = \(n)")
            let (keys, positions) = RadixSort.sortedKeysAndPositions(values)
            XCTAssertEqual(keys, sorted.map(RadixSort.key), "n = \(n)")
            XCTAssertEqual(positions.map { values[Int($0)] }.map(RadixSort.key), keys, "n = \(n)")
            XCTAssertEqual(Set(positions).count, n, "every position once, n = \(n)")
            // Stable: equal values keep input order, and −0 ties with +0.
            for k in positions.indices.dropFirst() where keys[k] == keys[k - 1] {
                XCTAssertLessThan(positions[k - 1], positions[k], "n = \(n)")
            }
        }
        XCTAssertEqual(RadixSort.key(-0.0), RadixSort.key(0.0))
    }
}
