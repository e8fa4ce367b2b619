import Foundation
import CreditSupport
import TestSupport
import XCTest

/// `ShortestDouble.append` and `write` must give exactly the bytes of `Double.description` (the
/// scores file's `pd` column is written with them), and those bytes must read back as the same Double (strtod
/// round trip).
final class ShortestDoubleTests: XCTestCase {
    private func check(_ x: Double, file: StaticString = #filePath, line: UInt = #line) {
        var out: [UInt8] = [7]                      // a byte already there stays in front
        ShortestDouble.append(x, to: &out)
        XCTAssertEqual(out.first, 7, file: file, line: line)
        let text = String(decoding: out.dropFirst(), as: UTF8.self)
        XCTAssertEqual(text, x.description, "bits \(String(x.bitPattern, radix: 16))", file: file, line: line)
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: ShortestDouble.capacity)
        defer { p.deallocate() }
        let n = ShortestDouble.write(x, to: p)
        XCTAssertEqual(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self), x.description,
                       "bits \(String(x.bitPattern, radix: 16))", file: file, line: line)
        if x.isFinite {
            let back = text.withCString { strtod($0, nil) }
            XCTAssertEqual(back.bitPattern, x.bitPattern, "\(text) does not read back", file: file, line: line)
        }
    }

    func testEdgeCases() {
        let values: [Double] = [
            0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e-4, 1e-5, 0.0001, 0.00001, 9.999999999999999e-5,
            1e15, 1e16, 1e17, 9007199254740992, 123456, 123456.5, 1e22, 1e23, 1e300, 1e-300,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, .leastNormalMagnitude.nextDown,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .ulpOfOne, 1 + .ulpOfOne, 1.0.nextDown,
            .infinity, -.infinity, .nan, -.nan, .signalingNaN, Double(bitPattern: 0x7FF8_0000_DEAD_BEEF),
            0.020076424065605798, 0.03974191117905508, 5e-324, 2.2250738585072014e-308,
        ]
        for x in values { check(x) }
        XCTAssertEqual({ var o: [UInt8] = []; ShortestDouble.append(1e-5, to: &o); return o }(), Array("1e-05".utf8))
    }

    /// Probabilities as scoring writes them: logistic of a grid of log-odds, both tails and the middle.
    func testLogisticGrid() {
        var eta = -40.0
        while eta <= 40 {
            let pd = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
            check(pd)
            check(eta)
            eta += 0.001
        }
        for k in 0...1000 { check(Double(k) / 1000); check(Double(k)); check(Double(k) * 1e-7) }
    }

    /// Random bit patterns (every exponent, subnormals, NaN payloads) and random values in [0, 1).
    func testRandomBitPatterns() {
        var g = SeededGenerator(seed: 20261129)
        for _ in 0..<200_000 {
            check(Double(bitPattern: g.next()))
            check(Double(g.next() >> 11) * 0x1p-53)
        }
    }
}
