import XCTest
import TestSupport
@testable import CreditTabular
#if canImport(Glibc)
import Glibc
#endif

/// `NumberParser` against glibc `strtod`, bit for bit.
final class NumberParserTests: XCTestCase {
    /// strtod's value, and whether it consumed the whole string.
    func reference(_ s: String) -> (Double, Bool) {
        s.withCString { c in
            var endPtr: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(c, &endPtr)
            return (v, endPtr! - UnsafeMutablePointer(mutating: c) == s.utf8.count)
        }
    }

    func check(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let (expected, whole) = reference(s)
        let ours = NumberParser.parse(s)
        let inContext = NumberParser.parseInContext(s)
        if ours?.bitPattern != inContext?.bitPattern {
            XCTFail("'\(s)': \(String(describing: ours)) alone but \(String(describing: inContext)) inside a file", file: file, line: line)
            return false
        }
        if !whole {   // not a number for strtod either (or only a prefix is, as in "1e")
            if ours != nil { XCTFail("'\(s)': strtod does not take all of it, we gave \(ours!)", file: file, line: line); return false }
            return true
        }
        if expected.isInfinite {
            if ours != nil { XCTFail("'\(s)': out of range should not be a number, got \(ours!)", file: file, line: line); return false }
            return true
        }
        guard let ours else { XCTFail("'\(s)': not parsed (strtod \(expected))", file: file, line: line); return false }
        if ours.bitPattern != expected.bitPattern {
            XCTFail("'\(s)': \(ours) (\(String(ours.bitPattern, radix: 16))) vs strtod \(expected) (\(String(expected.bitPattern, radix: 16)))",
                    file: file, line: line)
            return false
        }
        return true
    }

    func testKnownHardCases() {
        let cases = [
            "9007199254740993", "9007199254740992", "9007199254740995", "18446744073709551615", "18446744073709551616",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "0.1", "0.3", "123456789012345678901234567890", "1e22", "1e23", "1e-22", "1e-23",
            "8.98846567431158e307", "4.35679195e-320", "0.000000000000000000000000000000000000001", "7.2057594037927933e16",
            "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126", "3.0000000000000004440892098500626161694526672363281",
            "123456789e30", "9007199254740991e22", "9007199254740993e22", "0e999999", "-0.0", "+.5", "5.", "1e-400", "1e400",
            "00000000000000000000000000001.5", "0.00000000000000000000000000000000000000000000000000000000000000015e60",
        ]
        for s in cases { _ = check(s) }
    }

    func testNonNumbers() {
        for s in ["", ".", "-", "+", "e5", ".e1", "1e", "1e+", "inf", "-inf", "nan", "NaN", "infinity", "0x1p3", "1,5", "1 2", "--1", "1..2", "١"] {
            XCTAssertNil(NumberParser.parse(s), s)
            XCTAssertNil(NumberParser.parseInContext(s), s)
        }
    }

    /// 120,000 seeded random strings of many shapes.
    func testRandomStringsMatchStrtodBitForBit() {
        var rng = SeededGenerator(seed: 20261129)
        func digits(_ n: Int) -> String {
            var s = ""
            for _ in 0..<n { s.append(Character(Unicode.Scalar(UInt8(48 + rng.next() % 10)))) }
            return s
        }
        var failures = 0
        for i in 0..<120_000 {
            let shape = i % 8
            var s: String
            switch shape {
            case 0:  // short decimals like a typical data file
                s = digits(1 + Int(rng.next() % 4)) + "." + digits(Int(rng.next() % 8))
            case 1:  // 15–25 significant digits, point anywhere
                let d = digits(15 + Int(rng.next() % 11))
                let k = Int(rng.next() % UInt64(d.count + 1))
                s = String(d.prefix(k)) + "." + String(d.dropFirst(k))
                if s == "." { s = "0" }
            case 2:  // exponents near the top of the range
                s = digits(1) + "." + digits(Int(rng.next() % 20)) + "e" + String(290 + Int(rng.next() % 20))
            case 3:  // subnormals and the bottom of the normal range
                s = digits(1) + "." + digits(Int(rng.next() % 22)) + "e-" + String(300 + Int(rng.next() % 25))
            case 4:  // integers between 2^53 and 2^64: many exact halfway cases
                let v = (UInt64(1) << 53) + rng.next() % (UInt64.max - (UInt64(1) << 53))
                s = String(v)
            case 5:  // %.17g of a random double, last digit perturbed (near halfway between neighbours)
                let d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
                var t = String(format: "%.17e", d)
                if let e = t.firstIndex(of: "e") {
                    let before = t.index(before: e)
                    t.replaceSubrange(before...before, with: String(rng.next() % 10))
                }
                s = t
            case 6:  // mantissas up to 2^53 with exponents up to ±40 (fast path and its edges)
                let m = rng.next() % (UInt64(1) << (1 + rng.next() % 53))
                let e = Int(rng.next() % 81) - 40
                s = String(m) + "e" + String(e)
            default: // leading zeros, signs, trailing dot forms, long fraction zeros
                let sign = ["", "-", "+"][Int(rng.next() % 3)]
                var m = String(repeating: "0", count: Int(rng.next() % 3)) + digits(Int(rng.next() % 10))
                    + (rng.next() % 2 == 0 ? "." : "") + digits(Int(rng.next() % 30))
                if !m.contains(where: \.isNumber) { m += "7" }
                s = sign + m
                if rng.next() % 2 == 0 { s += (rng.next() % 2 == 0 ? "E" : "e") + String(Int(rng.next() % 700) - 350) }
            }
            if !check(s) { failures += 1; if failures > 20 { return } }
        }
    }
}
