import XCTest
import TestSupport
@testable import CreditTabular
#if canImport(Glibc)
import Glibc
#endif

/// `NumberParser.scanShort` (the branch-light fast path) against glibc `strtod`, bit for bit, and whole
/// files read through the in-place path (one thread and two) against `strtod` on every field.
final class NumberParserFastPathTests: XCTestCase {
    func strtodValue(_ s: String) -> Double { s.withCString { strtod($0, nil) } }

    /// strtod's value when it takes all of `s`, else nil.
    func reference(_ s: String) -> Double? {
        s.withCString { c in
            var endPtr: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(c, &endPtr)
            return !s.isEmpty && endPtr! - UnsafeMutablePointer(mutating: c) == s.utf8.count ? v : nil
        }
    }

    /// scanShort on `s` followed by a delimiter and padding: nil when it declines the input.
    func short(_ s: String) -> (value: Double, stop: Int)? {
        let bytes = Array(s.utf8) + Array(",".utf8) + [UInt8](repeating: 32, count: NumberParser.shortReach)
        return bytes.withUnsafeBufferPointer { b in
            let r = NumberParser.scanShort(b.baseAddress!, 0)
            return r.stop == 0 ? nil : r
        }
    }

    func checkShort(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let r = short(s) else { return false }
        XCTAssertEqual(r.stop, s.utf8.count, "'\(s)': stopped early", file: file, line: line)
        let expected = strtodValue(s)
        XCTAssertEqual(r.value.bitPattern, expected.bitPattern, "'\(s)': \(r.value) vs strtod \(expected)", file: file, line: line)
        return true
    }

    func testEdgeCases() {
        // Taken by the fast path: checked against strtod.
        let taken = [
            "0", "-0", "0.0", "-0.0", "-0.0000000", "0.1", "0.3", "-0.5739566", "5400.04", "0.000603285", "-0.00109353",
            "007", "00000.5", ".5", "-.5", "5.", "-5.", "1234567", "1234567.8", "0.12345678901234", "0.90071992547409",
            "0.0000000000000", "1.7976931", "2.2250738", "12.123456", "12.123456789",
        ]
        for s in taken { XCTAssertTrue(checkShort(s), "'\(s)' should take the fast path") }
        // Declined (another path decides; `NumberParserTests` checks those against strtod).
        let declined = [
            "12345678", "90071992.5", "0.9007199254740993", "0.12345678901234567", "1234567.123456789", "9999999.99999999",
            "0.0000000000000001", "0.900719925474100", "0.123456789012345", "99.99999999", "+1.5", "+0", ".", "-", "-.", "", "e5", "x",
        ]
        for s in declined {
            XCTAssertNil(short(s), "'\(s)' should be declined")
            XCTAssertEqual(NumberParser.parseInContext(s)?.bitPattern, reference(s)?.bitPattern, s)
        }
        // Exponents stop the fast path at the `e`; the full scan then agrees with strtod.
        for s in ["1e-320", "9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "123.456e22", "4.35679195e-320",
                  "-0e5", "5.e3", "1.5E+22", "1.5e-23"] {
            if let r = short(s) { XCTAssertLessThan(r.stop, s.utf8.count, s) }
            XCTAssertEqual(NumberParser.parseInContext(s)?.bitPattern, strtodValue(s).bitPattern, s)
        }
    }

    /// 200,000 seeded strings of the fast path's shapes (and just beyond them); every accepted one equals strtod.
    func testRandomShortNumbersMatchStrtod() {
        var rng = SeededGenerator(seed: 20261129)
        func digits(_ n: Int) -> String {
            var s = ""
            let zeros = rng.next() % 4 == 0      // long runs of zeros and nines make carries and exact cases
            let nines = !zeros && rng.next() % 4 == 0
            for _ in 0..<n {
                let d = zeros && rng.next() % 3 != 0 ? 0 : nines && rng.next() % 3 != 0 ? 9 : Int(rng.next() % 10)
                s.append(Character(Unicode.Scalar(UInt8(48 + d))))
            }
            return s
        }
        var accepted = 0, failures = 0
        for i in 0..<200_000 {
            let sign = rng.next() % 3 == 0 ? "-" : ""
            let intDigits = Int(rng.next() % 9)                  // 0…8 (8 is declined)
            var s = sign + digits(intDigits)
            if i % 5 != 0 { s += "." + digits(Int(rng.next() % 18)) }   // 0…17 fraction digits
            if !s.contains(where: \.isNumber) { s += "0" }
            if short(s) != nil {
                accepted += 1
                if !checkShort(s) { failures += 1; if failures > 20 { return } }
            } else {
                XCTAssertEqual(NumberParser.parseInContext(s)?.bitPattern, reference(s)?.bitPattern, s)
            }
        }
        XCTAssertGreaterThan(accepted, 100_000, "the fast path should take over half of these shapes")
    }
}

final class CSVInPlacePathTests: XCTestCase {
    /// A seeded numeric file with blank lines, CRLF records, missing values, long and exponent numbers,
    /// and rows of very different widths; every value must equal strtod of its field, on one thread and two.
    func testRandomFileMatchesStrtodFieldByField() throws {
        var rng = SeededGenerator(seed: 7)
        let columns = 9
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        var expected: [[String]] = []           // field text per row
        var lines: [Int] = []
        var line = 2
        func number() -> String {
            switch rng.next() % 10 {
            case 0: return String(format: "%.17g", Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * 1e-300)
            case 1: return "\(Int(rng.next() % 1000))e\(Int(rng.next() % 60) - 30)"
            case 2: return "NA"
            case 3: return String(rng.next() % 100_000_000_000)
            case 4: return ""
            default:
                let v = (Double(rng.next() % 2_000_000) - 1_000_000) / 1000
                return String(format: "%.\(rng.next() % 10)f", v)
            }
        }
        for _ in 0..<5000 {
            if rng.next() % 50 == 0 { text += rng.next() % 2 == 0 ? "\n" : "\r\n"; line += 1 }
            let fields = (0..<columns).map { _ in number() }
            text += fields.joined(separator: ",") + (rng.next() % 7 == 0 ? "\r\n" : "\n")
            expected.append(fields)
            lines.append(line)
            line += 1
        }
        for parallel in [false, true] {
            var o = CSVOptions()
            o.parallelMinimumBytes = parallel ? 0 : .max
            let t = try read(text, o)
            XCTAssertEqual(t.rowCount, expected.count)
            XCTAssertEqual(t.lineNumbers, lines)
            for j in 0..<columns {
                let v = numbers(t, "c\(j)")
                for (r, fields) in expected.enumerated() {
                    let f = fields[j]
                    if f == "" || f == "NA" { XCTAssertTrue(v[r].isNaN); continue }
                    let want = f.withCString { strtod($0, nil) }
                    if v[r].bitPattern != want.bitPattern { XCTFail("row \(r) column \(j) '\(f)': \(v[r]) vs \(want)"); return }
                }
            }
        }
    }

    /// A delimiter that can be part of a number is never read as part of one.
    func testNumberLikeDelimiter() throws {
        var o = CSVOptions()
        o.delimiter = UInt8(ascii: ".")
        let t = try read("a.b\n1.5\n-2.25\n", o)
        XCTAssertEqual(numbers(t, "a"), [1, -2])
        XCTAssertEqual(numbers(t, "b"), [5, 25])
    }

    /// Input with a quote character goes to one thread even when it is large enough for two; the table is
    /// the one built from the generator's own values.
    func testQuotedInputLargeEnoughForTwoThreads() throws {
        var text = "n,s,x\n"
        for i in 0..<3000 {
            let s = i == 1700 ? "\"line\nbreak, and \"\"quote\"\"\"" : i % 3 == 0 ? "\"a,\(i)\"" : "b\(i)"
            text += "\(i),\(s),\(i).25\n"
        }
        var o = CSVOptions()
        o.parallelMinimumBytes = 0
        let t = try read(text, o)
        XCTAssertEqual(numbers(t, "n"), (0..<3000).map(Double.init))
        XCTAssertEqual(numbers(t, "x"), (0..<3000).map { Double($0) + 0.25 })
        let s = strings(t, "s")
        XCTAssertEqual(s[0], "a,0")
        XCTAssertEqual(s[1], "b1")
        XCTAssertEqual(s[1700], "line\nbreak, and \"quote\"")
        XCTAssertEqual(t.lineNumbers[1699], 1701)
        XCTAssertEqual(t.lineNumbers[1701], 1704)   // the record at index 1700 spans two lines
    }

    /// The fused check (16 bytes a step) and `UTF8Validator` find the same first problem as the standard library's
    /// UTF-8 parser, and the fused check counts line feeds like a plain loop, for NUL, stray high bytes and valid
    /// multi-byte text anywhere.
    func testValidationAndLineFeedCountAgreeWithPlainLoops() {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<3000 {
            let bytes = validatorInput(&rng, maxLength: 300, insert: trial % 3 != 0)
            let reference = referenceFirstProblem(bytes)
            bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                let fused = CSVScanner.validateCountingLineFeeds(base, b.count)
                let plain = UTF8Validator.firstProblem(base, b.count)
                XCTAssertEqual(fused.problem?.offset, reference?.offset, "trial \(trial)")
                XCTAssertEqual(fused.problem?.isNul, reference?.isNul, "trial \(trial)")
                XCTAssertEqual(plain?.offset, reference?.offset, "trial \(trial)")
                XCTAssertEqual(plain?.isNul, reference?.isNul, "trial \(trial)")
                if reference == nil { XCTAssertEqual(fused.lineFeeds, b.filter { $0 == 10 }.count, "trial \(trial)") }
            }
        }
        // Nothing but line feeds fills the per-byte counters to their limit between sums.
        let feeds = [UInt8](repeating: 10, count: 100_003)
        XCTAssertEqual(feeds.withUnsafeBufferPointer { CSVScanner.validateCountingLineFeeds($0.baseAddress!, $0.count).lineFeeds }, 100_003)
    }

    /// A parser given too small an estimate (as the streaming reader can be) grows its arrays, keeps the rows
    /// already read, and can still turn a column categorical afterwards from the saved row offsets.
    func testStorageGrowsPastTheEstimate() throws {
        let n = 5000
        let text = "a,b,c\n" + (0..<n).map { "\($0),\($0).5,\($0 == n - 3 ? "x" : String($0 % 7))\n" }.joined()
        let bytes = Array(text.utf8)
        let t: Table = try bytes.withUnsafeBufferPointer { b in
            var parser = CSVParser(p: b.baseAddress!, count: b.count, source: "t.csv", options: CSVOptions())
            defer { parser.deallocate() }
            parser.delimiter = UInt8(ascii: ",")
            var scanner = CSVScanner(p: b.baseAddress!, start: 0, end: b.count, delimiter: parser.delimiter)
            try parser.readHeader(&scanner)
            try parser.setUpTypes()
            parser.setUpStorage(estimatedRows: 3)
            try parser.readBody(from: scanner.pos, to: b.count, line: 2, bufferStart: 0)
            return parser.finish()
        }
        XCTAssertEqual(numbers(t, "a"), (0..<n).map(Double.init))
        XCTAssertEqual(numbers(t, "b"), (0..<n).map { Double($0) + 0.5 })
        XCTAssertEqual(strings(t, "c"), (0..<n).map { $0 == n - 3 ? "x" : String($0 % 7) })
        XCTAssertEqual(t.lineNumbers, Array(2..<(n + 2)))
    }
}

/// Random CSV-like bytes (digits, commas and line feeds; fewer than `maxLength`) for the validation tests, with one
/// sequence that is not plain ASCII inserted when `insert` is set: NUL, stray or truncated high bytes, valid
/// multi-byte text, a control byte, two line feeds.
func validatorInput(_ rng: inout SeededGenerator, maxLength: UInt64, insert: Bool) -> [UInt8] {
    let inserts: [[UInt8]] = [[0], [0x80], [0xFF], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xC3], [1], [0x7F], [10, 10], [34]]
    var bytes = (0..<Int(rng.next() % maxLength)).map { _ -> UInt8 in
        let r = rng.next() % 12
        return r == 0 ? 10 : r == 1 ? 44 : UInt8(48 + rng.next() % 10)
    }
    if insert {
        let sequence = inserts[Int(rng.next() % UInt64(inserts.count))]
        bytes.insert(contentsOf: sequence, at: Int(rng.next() % UInt64(bytes.count + 1)))
    }
    return bytes
}

/// The reference for `UTF8Validator.firstProblem`: where the standard library's UTF-8 parser first finds an
/// ill-formed sequence, or the first NUL before it.
func referenceFirstProblem(_ bytes: [UInt8]) -> (offset: Int, isNul: Bool)? {
    var parser = Unicode.UTF8.ForwardParser()
    var input = bytes.makeIterator()
    var offset = 0
    while true {
        switch parser.parseScalar(from: &input) {
        case .valid(let encoded):
            if encoded.count == 1 && encoded.first == 0 { return (offset, true) }
            offset += encoded.count
        case .error:
            return (offset, false)
        case .emptyInput:
            return nil
        }
    }
}
