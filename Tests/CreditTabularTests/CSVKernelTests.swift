import XCTest
import _CreditKernels
import TestSupport
@testable import CreditTabular
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

    /// The kernels on `s` in four places: as the first of two fields (the delimiter after it) and as the last (LF
    /// after it), each near the end of the input (32 bytes after the record: the AVX2 kernel reads fields one at a
    /// time) and far from it (200 bytes: it finds field ends from 64-byte delimiter blocks). nil when declined, else
    /// the value; both kernels must agree, all four places must give the same answer, and a taken field must be all
    /// of `s` and equal strtod.
    func kernelValue(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        var answers: [UInt64?] = []
        for (asLast, padding) in [(false, 32), (false, 200), (true, 32), (true, 200)] {
            let before = asLast ? "1," : "", index = asLast ? 1 : 0
            let bytes = Array((before + s + (asLast ? "\n" : ",")).utf8) + [UInt8](repeating: 32, count: padding)
            let place = "'\(s)' \(asLast ? "last" : "first"), \(padding) bytes after"
            let outcomes = kernels.map { run($0.run, bytes, n: 2) }
            XCTAssertEqual(outcomes[0], outcomes[1], "\(place): AVX2 and portable differ", file: file, line: line)
            let o = outcomes[0]
            guard o.fieldsRead >= index + 1 else {
                XCTAssertEqual(o.fieldsRead, index, place, file: file, line: line)
                XCTAssertEqual(o.stop, before.utf8.count, "\(place): moved without taking the field", file: file, line: line)
                answers.append(nil)
                continue
            }
            XCTAssertEqual(o.stop, before.utf8.count + s.utf8.count + 1, "\(place): wrong field end", file: file, line: line)
            if let want = strtodAll(s) {
                XCTAssertEqual(o.values[index], want.bitPattern, "\(place): \(Double(bitPattern: o.values[index])) vs strtod \(want)",
                               file: file, line: line)
            } else {
                XCTFail("\(place): taken, but strtod does not read it all", file: file, line: line)
            }
            answers.append(o.values[index])
        }
        XCTAssertEqual(Set(answers.map { $0.map(String.init) ?? "declined" }).count, 1, "'\(s)': places differ: \(answers)",
                       file: file, line: line)
        return answers[0].map(Double.init(bitPattern:))
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
                + [UInt8](repeating: 32, count: rng.next() % 2 == 0 ? 32 : 200)
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

    /// Whether the kernels take `field` by its shape (an independent statement of the rule in credit_csv.h): an optional
    /// '-', then digits with at most one '.' among them, at least one digit, at most 15 bytes.
    func takenShape(_ field: String) -> Bool {
        let b = Array(field.utf8)
        guard b.count <= 15 else { return false }
        let body = b.first == UInt8(ascii: "-") ? b.dropFirst() : b[...]
        let digits = body.filter { $0 >= 48 && $0 <= 57 }.count, points = body.filter { $0 == UInt8(ascii: ".") }.count
        return digits >= 1 && points <= 1 && digits + points == body.count
    }

    /// A random field for the record tests: mostly numbers of 1 to 15 bytes (so field ends fall anywhere in the
    /// 16-, 32- and 64-byte windows of the AVX2 kernel), one in `otherShapes` of other shapes.
    func randomField(_ rng: inout SeededGenerator, otherShapes: UInt64 = 25) -> String {
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(Unicode.Scalar(UInt8(48 + rng.next() % 10))) }) }
        switch rng.next() % (8 * otherShapes) {
        case 0: return ""
        case 1: return "1e3"
        case 2: return digits(16 + Int(rng.next() % 4))
        case 3: return "\"3,5\""
        case 4: return "NA"
        case 5: return " 7"
        case 6: return "-"
        case 7: return "1.2.3"
        default:
            let sign = rng.next() % 3 == 0 ? "-" : ""
            let total = 1 + Int(rng.next() % UInt64(15 - sign.count))   // bytes after the sign, 1…15
            if rng.next() % 3 == 0 || total == 1 { return sign + digits(total) }
            let point = Int(rng.next() % UInt64(total))               // the point's place among them
            return sign + digits(point) + "." + digits(total - 1 - point)
        }
    }

    /// Records of 1 to 60 random fields, read from a random field on, with 0 to 200 bytes of other records after
    /// them: both kernels read the fields the rule says (up to the first of another shape, a skipped column, or a
    /// field starting within 32 bytes of the end), to values equal to strtod, and stop at that field's start.
    func testRandomRecordsAgainstTheRule() {
        var rng = SeededGenerator(seed: 4242)
        var read = 0
        for trial in 0..<6000 {
            let n = 1 + Int(rng.next() % 60)
            let fields = (0..<n).map { _ in randomField(&rng) }
            let skipped: Set<Int> = rng.next() % 8 == 0 ? [Int(rng.next() % UInt64(n))] : []
            var text = fields.joined(separator: ",") + (rng.next() % 4 == 0 ? "\r\n" : "\n")
            let after = Int(rng.next() % 201)
            while text.utf8.count < fields.joined(separator: ",").utf8.count + 2 + after {
                text += randomField(&rng) + (rng.next() % 9 == 0 ? "\n" : ",")
            }
            let bytes = Array(text.utf8.prefix(fields.joined(separator: ",").utf8.count + 2 + after))
            var starts = [0]
            for f in fields { starts.append(starts.last! + f.utf8.count + 1) }
            let first = Int(rng.next() % UInt64(n))
            var want = first
            while want < n && takenShape(fields[want]) && !skipped.contains(want) && starts[want] + 32 <= bytes.count {
                want += 1
            }
            let outcomes = kernels.map { run($0.run, bytes, start: starts[first], first: first, n: n, skipped: skipped) }
            XCTAssertEqual(outcomes[0], outcomes[1], "trial \(trial): AVX2 and portable differ")
            let o = outcomes[0]
            XCTAssertEqual(o.fieldsRead, want, "trial \(trial): \(fields) from \(first), \(bytes.count) bytes")
            if want < n { XCTAssertEqual(o.stop, starts[want], "trial \(trial)") }
            else { XCTAssertEqual(o.stop, starts[n] + (text.utf8.dropFirst(starts[n] - 1).first == 13 ? 1 : 0), "trial \(trial)") }
            for j in 0..<n {
                let stored = o.values[j]
                if j >= first && j < want {
                    XCTAssertEqual(stored, strtodAll(fields[j])?.bitPattern, "trial \(trial): '\(fields[j])'")
                } else {
                    XCTAssertTrue(Double(bitPattern: stored).isNaN, "trial \(trial): field \(j) written")
                }
            }
            read += want - first
        }
        XCTAssertGreaterThan(read, 50_000, "runs of numbers should be long (about 25 fields at one in 25 of another shape)")
    }

    /// The AVX2 kernel reads no byte at or past the end of the input: records ending 0 to 200 bytes before a page
    /// that cannot be read (a read there would stop the test process), both kernels agreeing.
    func testNoReadPastTheEnd() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let raw = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else { throw XCTSkip("mmap failed") }
        defer { munmap(raw, 2 * page) }
        XCTAssertEqual(mprotect(raw + page, page, PROT_NONE), 0)
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var rng = SeededGenerator(seed: 77)
        for trial in 0..<3000 {
            let n = 1 + Int(rng.next() % 30)
            let fields = (0..<n).map { _ in String(format: "%.\(rng.next() % 6)f", Double(rng.next() % 2_000_000) / 1000 - 1000) }
            var bytes = Array((fields.joined(separator: ",") + "\n").utf8)
            bytes += Array(String(repeating: "5,", count: 110).utf8.prefix(Int(rng.next() % 201)))
            let start = base + page - bytes.count   // the input ends where the unreadable page begins
            start.update(from: bytes, count: bytes.count)
            let storage = UnsafeMutablePointer<Double>.allocate(capacity: n)
            defer { storage.deallocate() }
            var results: [[Int]] = []
            for k in kernels {
                storage.initialize(repeating: .nan, count: n)
                let cols = (0..<n).map { Optional(storage + $0) }
                var at = 0
                let j = cols.withUnsafeBufferPointer { k.run(start, &at, bytes.count, UInt8(ascii: ","), $0.baseAddress!, 0, n, 0) }
                results.append([j, at] + (0..<n).map { Int(truncatingIfNeeded: storage[$0].bitPattern) })
            }
            XCTAssertEqual(results[0], results[1], "trial \(trial)")
        }
    }

    /// Other delimiters: the AVX2 kernel gives what the portable one gives, also for a delimiter that could be read
    /// as part of a number (it then defers to the portable version; the reader never asks for that).
    func testOtherDelimiters() {
        var rng = SeededGenerator(seed: 8)
        for delimiter in [";", "\t", "|", " ", ".", "-", "5", "+", "e"].map({ UInt8(ascii: Unicode.Scalar($0)!) }) {
            for _ in 0..<300 {
                let n = 1 + Int(rng.next() % 20)
                let fields = (0..<n).map { _ in randomField(&rng, otherShapes: 5) }
                let text = fields.joined(separator: String(UnicodeScalar(delimiter))) + "\n"
                let bytes = Array(text.utf8) + [UInt8](repeating: 32, count: rng.next() % 2 == 0 ? 32 : 300)
                let outcomes = kernels.map { run($0.run, bytes, n: n, delimiter: delimiter) }
                XCTAssertEqual(outcomes[0], outcomes[1], "delimiter \(delimiter): \(text)")
            }
        }
    }

    /// The ASCII prefix: whole 64-byte blocks up to the first block with a NUL or a byte ≥ 0x80, with their line
    /// feeds and quotes (0 bytes without AVX2); `validateCountingLineFeeds` and `UTF8Validator`, which start with
    /// it, agree with the standard library's UTF-8 parser, and the first also finds every quote.
    func testASCIIPrefixAgainstPlainLoops() {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<2000 {
            let bytes = validatorInput(&rng, maxLength: 3000, insert: trial % 4 != 0)
            let reference = referenceFirstProblem(bytes)
            bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                var feeds = 0, quotes: Int32 = 0
                let prefix = credit_csv_ascii_prefix(base, b.count, &feeds, &quotes)
                let firstBad = b.firstIndex { $0 == 0 || $0 >= 0x80 } ?? b.count
                if credit_csv_kernels_use_avx2() == 1 {
                    XCTAssertEqual(prefix, min(firstBad, b.count) / 64 * 64, "trial \(trial)")
                } else {
                    XCTAssertEqual(prefix, 0)
                }
                XCTAssertEqual(feeds, b[0..<prefix].filter { $0 == 10 }.count, "trial \(trial)")
                XCTAssertEqual(quotes != 0, b[0..<prefix].contains(34), "trial \(trial)")
                let fused = CSVScanner.validateCountingLineFeeds(base, b.count)
                let plain = UTF8Validator.firstProblem(base, b.count)
                XCTAssertEqual(fused.problem?.offset, reference?.offset, "trial \(trial)")
                XCTAssertEqual(fused.problem?.isNul, reference?.isNul, "trial \(trial)")
                XCTAssertEqual(plain?.offset, reference?.offset, "trial \(trial)")
                XCTAssertEqual(plain?.isNul, reference?.isNul, "trial \(trial)")
                if reference == nil {
                    XCTAssertEqual(fused.lineFeeds, b.filter { $0 == 10 }.count, "trial \(trial)")
                    XCTAssertEqual(fused.hasQuote, b.contains(34), "trial \(trial)")
                }
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
