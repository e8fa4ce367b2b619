import XCTest
import CKernels
import TestSupport
@testable import Tabular
#if canImport(Glibc)
import Glibc
#endif

/// The C kernels of the CSV reader: `credit_csv_read_numbers` (AVX2 and portable) against glibc `strtod` bit for
/// bit and against each other, on seeded strings of the shapes it takes and just beyond them; and
/// `credit_csv_ascii_prefix` against plain loops.
final class CSVKernelTests: XCTestCase {
    typealias Kernel = (UnsafePointer<UInt8>?, UnsafeMutablePointer<Int>?, Int, UInt8,
                        UnsafePointer<UnsafeMutablePointer<Double>?>?, Int, Int, Int) -> Int

    /// The kernels to compare: the dispatching one (AVX2 where the processor has it) and the portable one.
    let kernels: [(name: String, run: Kernel)] = [
        ("dispatching", credit_csv_read_numbers), ("portable", credit_csv_read_numbers_portable),
    ]

    struct Outcome: Equatable {
        var fieldsRead: Int
        var stop: Int
        var values: [UInt64]   // bit patterns of the stored values (NaN bits where nothing was stored)
    }

    /// Runs `kernel` on `bytes` (a record of `n` fields from field `first` at offset `start`), every column parsed
    /// in place except those in `skipped`; storage row 3 of 5.
    func run(_ kernel: Kernel, _ bytes: [UInt8], start: Int = 0, first: Int = 0, n: Int, skipped: Set<Int> = [],
             delimiter: UInt8 = UInt8(ascii: ",")) -> Outcome {
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: 5 * n)
        defer { storage.deallocate() }
        storage.initialize(repeating: .nan, count: 5 * n)
        let cols = (0..<n).map { skipped.contains($0) ? nil : storage + 5 * $0 }
        var at = start
        let j = bytes.withUnsafeBufferPointer { b in
            cols.withUnsafeBufferPointer { c in kernel(b.baseAddress!, &at, b.count, delimiter, c.baseAddress!, first, n, 3) }
        }
        return Outcome(fieldsRead: j, stop: at, values: (0..<n).map { storage[5 * $0 + 3].bitPattern })
    }

    /// strtod's value when it takes all of `s`, else nil.
    func strtodAll(_ s: String) -> Double? {
        s.withCString { c in
            var endPtr: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(c, &endPtr)
            return !s.isEmpty && endPtr! - UnsafeMutablePointer(mutating: c) == s.utf8.count ? v : nil
        }
    }

    /// The kernels on `s` as the first of two fields (followed by the delimiter and padding): nil when declined,
    /// else the value; both kernels must agree, and a taken field must be all of `s` and equal strtod.
    func kernelValue(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        let bytes = Array(s.utf8) + Array(",".utf8) + [UInt8](repeating: 32, count: 32)
        let outcomes = kernels.map { run($0.run, bytes, n: 2) }
        XCTAssertEqual(outcomes[0], outcomes[1], "'\(s)': AVX2 and portable differ", file: file, line: line)
        let o = outcomes[0]
        guard o.fieldsRead == 1 else {
            XCTAssertEqual(o.fieldsRead, 0, "'\(s)'", file: file, line: line)
            XCTAssertEqual(o.stop, 0, "'\(s)': moved without taking the field", file: file, line: line)
            return nil
        }
        XCTAssertEqual(o.stop, s.utf8.count + 1, "'\(s)': wrong field end", file: file, line: line)
        let value = Double(bitPattern: o.values[0])
        if let want = strtodAll(s) {
            XCTAssertEqual(o.values[0], want.bitPattern, "'\(s)': \(value) vs strtod \(want)", file: file, line: line)
        } else {
            XCTFail("'\(s)': taken, but strtod does not read it all", file: file, line: line)
        }
        return value
    }

    func testEdgeShapes() {
        // At most 15 bytes: taken.
        let taken = [
            "0", "-0", "0.0", "-0.0", "5.", "-5.", ".5", "-.5", "007", "-007", "00000.5", "1", "12345678901234",
            "-1234567890123", "0.1", "0.3", "-0.5739566", "5400.04", "-0.00109353", "9007199254740", "99999999999999",
            "0.0000000000001", "1.2345678901234", "123456789.01234", "-9.", "123456789012345", "-12345678901234",
        ]
        for s in taken { XCTAssertNotNil(kernelValue(s), "'\(s)' should be taken") }
        XCTAssertEqual(kernelValue("-0")?.sign, .minus)
        XCTAssertEqual(kernelValue("-0.000")?.sign, .minus)
        XCTAssertEqual(kernelValue("0.0")?.sign, .plus)
        // Other shapes, and 16 bytes or more: declined.
        let declined = [
            "", "-", ".", "-.", "+1", "+0", "--1", "-+1", "1.2.3", "1..2", "..5", "1e5", "1E5", "1e", "5.e3", "2E-3",
            " 1", "1 ", "NA", "nan", "inf", "0x10", "1234567890123456", "-123456789012345", "0.12345678901234",
            "0.00000000000001", "-0.0000000000001", "1234567890123456789", "12345678901234567890", "1-2",
        ]
        for s in declined { XCTAssertNil(kernelValue(s), "'\(s)' should be declined") }
    }

    /// 300,000 seeded strings: digit counts 0…20 before and after the point, leading zeros, runs of nines, signs,
    /// exponents and stray characters; every taken one equals strtod, the two kernels agree on all.
    func testRandomStringsMatchStrtodAndEachOther() {
        var rng = SeededGenerator(seed: 20261130)
        func digits(_ n: Int) -> String {
            var s = ""
            let zeros = rng.next() % 4 == 0, nines = !zeros && rng.next() % 4 == 0
            for _ in 0..<n {
                let d = zeros && rng.next() % 3 != 0 ? 0 : nines && rng.next() % 3 != 0 ? 9 : Int(rng.next() % 10)
                s.append(Character(Unicode.Scalar(UInt8(48 + d))))
            }
            return s
        }
        var taken = 0
        for i in 0..<300_000 {
            var s = ["", "", "-", "-", "+"][Int(rng.next() % 5)] + digits(Int(rng.next() % 21))
            if i % 4 != 0 { s += "." + digits(Int(rng.next() % 21)) }
            switch rng.next() % 40 {
            case 0: s += ["e", "E"][Int(rng.next() % 2)] + String(rng.next() % 30)
            case 1: s += "e"
            case 2: s.insert(contentsOf: ["x", " ", ".", "-"][Int(rng.next() % 4)], at: s.index(s.startIndex, offsetBy: Int(rng.next() % UInt64(s.count + 1))))
            default: break
            }
            if kernelValue(s) != nil { taken += 1 }
        }
        XCTAssertGreaterThan(taken, 60_000, "the kernel should take a good share of these shapes (81k of them at this seed)")
    }

    /// A record read to its end; its last field ends at LF or CR LF (a lone CR, or CR and something else, is left).
    func testRecordEnds() {
        for k in kernels {
            let row = Array("1.5,-2,3.25\n4".utf8) + [UInt8](repeating: 32, count: 40)
            let o = run(k.run, row, n: 3)
            XCTAssertEqual(o.fieldsRead, 3, k.name)
            XCTAssertEqual(o.stop, 12, k.name)
            XCTAssertEqual(o.values.map(Double.init(bitPattern:)), [1.5, -2, 3.25], k.name)
            let crlf = run(k.run, Array("1.5,-2,3.25\r\n".utf8) + [UInt8](repeating: 32, count: 40), n: 3)
            XCTAssertEqual(crlf.fieldsRead, 3, k.name)
            XCTAssertEqual(crlf.stop, 13, k.name)
            for tail in ["\r", "\rx", ",", " \n", "e\n"] {
                let o = run(k.run, Array("1.5,-2,3.25\(tail)".utf8) + [UInt8](repeating: 32, count: 40), n: 3)
                XCTAssertEqual(o.fieldsRead, 2, "\(k.name) '\(tail)'")
                XCTAssertEqual(o.stop, 7, "\(k.name) '\(tail)'")
            }
            // A field that ends the record early (a ragged row) is left to the general path.
            let short = run(k.run, Array("1.5,-2\n".utf8) + [UInt8](repeating: 32, count: 40), n: 3)
            XCTAssertEqual(short.fieldsRead, 1, k.name)
            XCTAssertEqual(short.stop, 4, k.name)
        }
    }

    /// The kernel stops at a column not parsed in place, at a field of another shape, and where a field starts
    /// within 32 bytes of the end of the input; it starts at the field it is given.
    func testStops() {
        for k in kernels {
            let row = Array("1,2,x,4,5\n".utf8) + [UInt8](repeating: 32, count: 40)
            var o = run(k.run, row, n: 5)
            XCTAssertEqual(o.fieldsRead, 2, k.name)
            XCTAssertEqual(o.stop, 4, k.name)
            o = run(k.run, row, start: 6, first: 3, n: 5)
            XCTAssertEqual(o.fieldsRead, 5, k.name)
            XCTAssertEqual(o.stop, 10, k.name)
            XCTAssertEqual(Double(bitPattern: o.values[4]), 5, k.name)
            XCTAssertTrue(Double(bitPattern: o.values[0]).isNaN, "\(k.name): a field before the first was written")
            o = run(k.run, row, n: 5, skipped: [1])
            XCTAssertEqual(o.fieldsRead, 1, k.name)
            XCTAssertEqual(o.stop, 2, k.name)
            XCTAssertTrue(Double(bitPattern: o.values[1]).isNaN, "\(k.name): a skipped column was written")
            // Near the end of the input: the fields whose start leaves fewer than 32 bytes are not read.
            let near = Array("1,2,3\n".utf8) + [UInt8](repeating: 32, count: 28)   // 34 bytes
            o = run(k.run, near, n: 3)
            XCTAssertEqual(o.fieldsRead, 2, k.name)
            XCTAssertEqual(o.stop, 4, k.name)
            o = run(k.run, Array("7\n".utf8), n: 1)   // a field at the very end of the input
            XCTAssertEqual(o.fieldsRead, 0, k.name)
            XCTAssertEqual(o.stop, 0, k.name)
            // Another delimiter.
            o = run(k.run, Array("1;2\n".utf8) + [UInt8](repeating: 32, count: 40), n: 2, delimiter: UInt8(ascii: ";"))
            XCTAssertEqual(o.fieldsRead, 2, k.name)
        }
    }

    /// Long records of random numbers (some of other shapes): both kernels read the same fields to the same values,
    /// each equal to strtod, and stop at the first field of another shape.
    func testRandomRecords() {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<2000 {
            let n = 1 + Int(rng.next() % 40)
            var fields: [String] = []
            for _ in 0..<n {
                switch rng.next() % 30 {
                case 0: fields.append("1e3")
                case 1: fields.append("")
                case 2: fields.append("12345678901234567")
                default: fields.append(String(format: "%.\(rng.next() % 9)f", (Double(rng.next() % 2_000_000) - 1_000_000) / 7))
                }
            }
            let bytes = Array((fields.joined(separator: ",") + (rng.next() % 2 == 0 ? "\n" : "\r\n")).utf8)
                + [UInt8](repeating: 32, count: 32)
            let outcomes = kernels.map { run($0.run, bytes, n: n) }
            XCTAssertEqual(outcomes[0], outcomes[1])
            let o = outcomes[0]
            let firstOther = fields.firstIndex { $0.isEmpty || $0.contains("e") || $0.utf8.count > 15 } ?? n
            XCTAssertEqual(o.fieldsRead, firstOther, "\(fields)")
            for j in 0..<o.fieldsRead {
                XCTAssertEqual(o.values[j], strtodAll(fields[j])?.bitPattern, "'\(fields[j])'")
            }
            if o.fieldsRead < n {
                XCTAssertEqual(o.stop, fields[0..<o.fieldsRead].reduce(0) { $0 + $1.utf8.count + 1 })
            }
        }
    }

    /// The ASCII prefix: whole 64-byte blocks up to the first block with a NUL or a byte ≥ 0x80, with their line
    /// feeds (0 bytes without AVX2); `validateCountingLineFeeds` and `UTF8Validator`, which start with it, agree
    /// with the standard library's UTF-8 parser.
    func testASCIIPrefixAgainstPlainLoops() {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<2000 {
            let bytes = validatorInput(&rng, maxLength: 3000, insert: trial % 4 != 0)
            let reference = referenceFirstProblem(bytes)
            bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                var feeds = 0
                let prefix = credit_csv_ascii_prefix(base, b.count, &feeds)
                let firstBad = b.firstIndex { $0 == 0 || $0 >= 0x80 } ?? b.count
                if credit_csv_kernels_use_avx2() == 1 {
                    XCTAssertEqual(prefix, min(firstBad, b.count) / 64 * 64, "trial \(trial)")
                } else {
                    XCTAssertEqual(prefix, 0)
                }
                XCTAssertEqual(feeds, b[0..<prefix].filter { $0 == 10 }.count, "trial \(trial)")
                let fused = CSVScanner.validateCountingLineFeeds(base, b.count)
                let plain = UTF8Validator.firstProblem(base, b.count)
                XCTAssertEqual(fused.problem?.offset, reference?.offset, "trial \(trial)")
                XCTAssertEqual(fused.problem?.isNul, reference?.isNul, "trial \(trial)")
                XCTAssertEqual(plain?.offset, reference?.offset, "trial \(trial)")
                XCTAssertEqual(plain?.isNul, reference?.isNul, "trial \(trial)")
                if reference == nil { XCTAssertEqual(fused.lineFeeds, b.filter { $0 == 10 }.count, "trial \(trial)") }
            }
        }
    }

    /// Whole files read with the C kernel and with `scanShort` (the path of processors without AVX2) give the
    /// same table bit for bit, on one thread and two: numbers of many shapes, CRLF records, blank lines, missing
    /// values, a column that turns categorical part way, ragged-free rows of numbers at the very end of the input
    /// with and without a final line feed. (Where the processor lacks AVX2 both reads take `scanShort`.)
    func testReaderGivesTheSameTableWithAndWithoutTheKernel() throws {
        var rng = SeededGenerator(seed: 314)
        func field(_ j: Int, _ row: Int) -> String {
            if j == 2 && row > 3000 && rng.next() % 5 == 0 { return "level\(rng.next() % 4)" }
            switch rng.next() % 12 {
            case 0: return ""
            case 1: return "NA"
            case 2: return "\(Int(rng.next() % 1000))e\(Int(rng.next() % 40) - 20)"
            case 3: return String(rng.next() % 100_000_000_000_000_000)
            case 4: return ["-0", ".5", "-.5", "5.", "+3", "007", "-0.000"][Int(rng.next() % 7)]
            default:
                let v = (Double(rng.next() % 2_000_000_000) - 1_000_000_000) / 1e4
                return String(format: "%.\(rng.next() % 12)f", v)
            }
        }
        for finalLineFeed in [true, false] {
            var text = (0..<6).map { "c\($0)" }.joined(separator: ",") + "\n"
            for row in 0..<6000 {
                if rng.next() % 80 == 0 { text += "\n" }
                text += (0..<6).map { field($0, row) }.joined(separator: ",") + (rng.next() % 9 == 0 ? "\r\n" : "\n")
            }
            text += "1.25,-2,3,4.5,5,6.75" + (finalLineFeed ? "\n" : "")
            for parallel in [false, true] {
                var o = CSVOptions()
                o.parallelMinimumBytes = parallel ? 0 : .max
                let saved = CSVParser.kernelReadsNumbers
                defer { CSVParser.kernelReadsNumbers = saved }
                CSVParser.kernelReadsNumbers = credit_csv_kernels_use_avx2() != 0
                let withKernel = try read(text, o)
                CSVParser.kernelReadsNumbers = false
                let without = try read(text, o)
                XCTAssertEqual(withKernel.rowCount, 6001 + 0)
                XCTAssertEqual(withKernel.columnNames, without.columnNames)
                XCTAssertEqual(withKernel.lineNumbers, without.lineNumbers)
                XCTAssertEqual(withKernel.columns[2].type, .categorical)
                for (a, b) in zip(withKernel.columns, without.columns) {
                    switch (a, b) {
                    case (.numeric(let x), .numeric(let y)): XCTAssertEqual(x.map(\.bitPattern), y.map(\.bitPattern))
                    case (.categorical(let x), .categorical(let y)): XCTAssertEqual(x, y)
                    default: XCTFail("column types differ")
                    }
                }
                XCTAssertEqual(numbers(withKernel, "c5").last, 6.75)
            }
        }
    }
}
