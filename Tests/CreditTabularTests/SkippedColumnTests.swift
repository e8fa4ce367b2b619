import XCTest
import TestSupport
@testable import CreditTabular
/// Columns a stream reader does not keep (`columns:`) are skipped by a fast path for unquoted fields
/// (`CSVParser.skipUnquoted`, eight bytes at a time). The oracle is the general path: the same input read with
/// every column kept (each field scanned and stored), then the kept columns picked out. Chunks, line numbers,
/// ragged records and errors must all be the same.
final class SkippedColumnTests: XCTestCase {
    /// Field text of length 0…25 (across the eight-byte steps), from digits, letters, spaces, a CR, a quote
    /// inside the field (data, not quoting), UTF-8 and the other delimiters; sometimes a quoted field holding
    /// the delimiter, a doubled quote or a line feed.
    private func field(_ g: inout SeededGenerator) -> String {
        let alphabet = Array("0123456789abcXYZ .-+;|\t\r\"é€")
        if g.next(below: 12) == 0 {
            return ["\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"\"", "\"x\r\ny\""][g.next(below: 5)]
        }
        let n = g.next(below: 26)
        var s = ""
        for _ in 0..<n { s.append(alphabet[g.next(below: alphabet.count)]) }
        // A field may not start with a quote unless it is quoted, nor end with CR before a line feed (the CR
        // would be trimmed by one path and not stored by the other: both fine, but not what is compared here).
        while s.first == "\"" { s.removeFirst() }
        return s
    }

    /// `rows` records of columns a, s1, b, s2, s3 (s… skipped), the skipped ones last too; CRLF on some lines,
    /// blank lines, and with `raggedEvery` > 0 some records with a field too few or too many.
    private func generate(rows: Int, seed: UInt64, raggedEvery: Int, finalNewline: Bool) -> [UInt8] {
        var g = SeededGenerator(seed: seed)
        var text = "a,s1,b,s2,s3\n"
        for r in 0..<rows {
            var fields = ["\(r)", field(&g), "v\(g.next(below: 9))", field(&g), field(&g)]
            if raggedEvery > 0 && g.next(below: raggedEvery) == 0 {
                if g.next(below: 2) == 0 { fields.append(field(&g)) } else { fields.removeLast(1 + g.next(below: 3)) }
            }
            text += fields.joined(separator: ",")
            if r < rows - 1 || finalNewline { text += g.next(below: 5) == 0 ? "\r\n" : "\n" }
            if g.next(below: 50) == 0 && (r < rows - 1 || finalNewline) { text += "\n" }
        }
        return Array(text.utf8)
    }

    private struct Read: Equatable {
        var firstRow: Int
        var a: [UInt64]
        var b: [String?]
        var lines: [Int]
        var ragged: RaggedRecord?
    }

    /// Every chunk (or the error): `keepAll` reads all five columns (the general path for every field) and then
    /// picks a and b; otherwise only a and b are kept.
    private func readAll(_ bytes: [UInt8], keepAll: Bool, raggedRows: CSVStreamReader.RaggedRows,
                         chunkBytes: Int) -> (chunks: [Read], error: CSVError?) {
        var options = CSVOptions()
        options.columnTypes = ["a": .numeric, "b": .categorical]
        var chunks: [Read] = []
        do {
            let reader = try CSVStreamReader(bytes: bytes, source: "s.csv", options: options,
                                             columns: keepAll ? nil : ["a", "b"], raggedRows: raggedRows,
                                             chunkBytes: chunkBytes)
            while let chunk = try reader.next() {
                guard case .numeric(let a)? = chunk.table["a"], case .categorical(let b)? = chunk.table["b"] else {
                    XCTFail("columns a, b missing"); break
                }
                chunks.append(Read(firstRow: chunk.firstRow, a: a.map(\.bitPattern), b: (0..<b.codes.count).map { b[$0] },
                                   lines: chunk.table.lineNumbers, ragged: chunk.ragged))
            }
        } catch let e as CSVError {
            return (chunks, e)
        } catch {
            XCTFail("unexpected \(error)")
        }
        return (chunks, nil)
    }

    private func assertSame(_ bytes: [UInt8], raggedRows: CSVStreamReader.RaggedRows, expectError: Bool,
                            file: StaticString = #filePath, line: UInt = #line) {
        for chunkBytes in [997, 64 << 10, 1 << 30] {
            let general = readAll(bytes, keepAll: true, raggedRows: raggedRows, chunkBytes: chunkBytes)
            let fast = readAll(bytes, keepAll: false, raggedRows: raggedRows, chunkBytes: chunkBytes)
            XCTAssertEqual(general.error != nil, expectError, "\(String(describing: general.error))", file: file, line: line)
            XCTAssertEqual(fast.chunks.count, general.chunks.count, "chunkBytes \(chunkBytes)", file: file, line: line)
            for (x, y) in zip(fast.chunks, general.chunks) {
                XCTAssertEqual(x, y, "chunkBytes \(chunkBytes) firstRow \(y.firstRow)", file: file, line: line)
            }
            XCTAssertEqual(fast.error?.kind, general.error?.kind, "chunkBytes \(chunkBytes)", file: file, line: line)
            XCTAssertEqual(fast.error?.line, general.error?.line, "chunkBytes \(chunkBytes)", file: file, line: line)
        }
    }

    func testWellFormed() {
        for seed: UInt64 in 1...4 {
            assertSame(generate(rows: 3_000, seed: seed, raggedEvery: 0, finalNewline: seed % 2 == 0),
                       raggedRows: .error, expectError: false)
        }
    }

    func testRaggedRecordsSetAside() {
        for seed: UInt64 in 5...8 {
            let bytes = generate(rows: 3_000, seed: seed, raggedEvery: 40, finalNewline: seed % 2 == 0)
            assertSame(bytes, raggedRows: .record, expectError: false)
            let fast = readAll(bytes, keepAll: false, raggedRows: .record, chunkBytes: 1 << 30)
            XCTAssertGreaterThan(fast.chunks.filter { $0.ragged != nil }.count, 10, "the input has ragged records")
        }
    }

    func testFirstRaggedRecordIsTheError() {
        for seed: UInt64 in 9...12 {
            assertSame(generate(rows: 3_000, seed: seed, raggedEvery: 700, finalNewline: true), raggedRows: .error,
                       expectError: true)
        }
    }

    /// Hand-made edges: a skipped last field at the very end of the input (no line feed), an empty skipped field
    /// before the end, a field of exactly eight bytes, a CR just before the line feed, a record ending early at
    /// a skipped column, a stray field after the last one.
    func testEdges() {
        let cases: [(String, Bool)] = [
            ("a,s1,b,s2,s3\n1,x,v,y,z", false),
            ("a,s1,b,s2,s3\n1,x,v,y,", false),
            ("a,s1,b,s2,s3\n1,12345678,v,abcdefgh,ABCDEFGH\n2,1234567,v,123456789,\r\n", false),
            ("a,s1,b,s2,s3\r\n1,,v,,\r\n", false),
            ("a,s1,b,s2,s3\n1,x,v,y\n", true),
            ("a,s1,b,s2,s3\n1,x,v,y,z,extra\n", true),
            ("a,s1,b,s2,s3\n1,x,v,y,zzzzzzzzzzzz,e\n", true),
            ("a,s1,b,s2,s3\n1,x\n", true),
        ]
        for (text, bad) in cases {
            assertSame(Array(text.utf8), raggedRows: .error, expectError: bad)
            assertSame(Array(text.utf8), raggedRows: .record, expectError: false)
        }
    }
}
