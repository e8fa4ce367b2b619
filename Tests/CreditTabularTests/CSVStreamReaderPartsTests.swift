import Dispatch
import Foundation
import XCTest
import TestSupport
@testable import CreditTabular
/// `CSVStreamReader.next(parts:run:)` parses a chunk in pieces (on several threads): every chunk, error and
/// ragged record must be exactly what the one-piece `next()` gives.
final class CSVStreamReaderPartsTests: XCTestCase {
    /// A CSV of about `rows` × 40 bytes without quotes: text levels, numbers, missing tokens, blank lines, CRLF
    /// endings, and about one in `textEvery` rows with text in the numeric column `x`, one in `raggedEvery` with
    /// too few or too many fields (0: none). Rare enough, such rows fall in every piece of a chunk.
    /// With `quoteEvery` > 0, about one in `quoteEvery` rows has a quoted level holding a delimiter, a line
    /// feed, a CRLF or a doubled quote (and some rows a quote inside an unquoted level, which is text).
    private func generate(rows: Int, seed: UInt64, textEvery: Int = 0, raggedEvery: Int = 0, textIdEvery: Int = 0,
                          quoteEvery: Int = 0) -> [UInt8] {
        var g = SeededGenerator(seed: seed)
        var text = "id,level,x,skip,y\n"
        for r in 0..<rows {
            let u = g.next(below: 1000)
            var x: String
            switch u {
            case 0..<10: x = "NA"
            case 10..<20: x = ""
            default: x = String(Double(g.next() >> 11) * 0x1p-40 - 4000)
            }
            if textEvery > 0 && g.next(below: textEvery) == 0 { x = "abc" }
            var level = ["a", "b", "c", "d \(g.next(below: 50))"][g.next(below: 4)]
            if quoteEvery > 0 && g.next(below: quoteEvery) == 0 {
                level = ["\"a,b\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"", "\"crlf\r\nin\"", "5\"6", "\"\n\""][g.next(below: 6)]
            }
            let id = textIdEvery > 0 && g.next(below: textIdEvery) == 0 ? "L\(r)" : "\(r)"
            var line = "\(id),\(level),\(x),\(g.next(below: 100)),\(Double(g.next(below: 100_000)) / 100)"
            if raggedEvery > 0 && g.next(below: raggedEvery) == 0 { line = u % 2 == 0 ? line + ",extra" : "\(r),\(level)" }
            text += line + (u % 7 == 0 ? "\r\n" : "\n")
            if u == 500 { text += "\n" }
        }
        return Array(text.utf8)
    }

    private struct Read: Equatable {
        var firstRow: Int
        var names: [String]
        var numbers: [[UInt64]]
        var levels: [[String]]
        var codes: [[Int32]]
        var lines: [Int]
        var nonNumeric: [NonNumericCell]
        var ragged: RaggedRecord?
    }

    private func read(_ chunk: CSVChunk) -> Read {
        var numbers: [[UInt64]] = [], levels: [[String]] = [], codes: [[Int32]] = []
        for column in chunk.table.columns {
            switch column {
            case .numeric(let v): numbers.append(v.map(\.bitPattern))
            case .categorical(let c): levels.append(c.levels); codes.append(c.codes)
            }
        }
        return Read(firstRow: chunk.firstRow, names: chunk.table.columnNames, numbers: numbers, levels: levels,
                    codes: codes, lines: chunk.table.lineNumbers, nonNumeric: chunk.nonNumeric, ragged: chunk.ragged)
    }

    /// All chunks (or the error) of `bytes`, one piece or `parts` pieces; `split` counts runs given > 1 piece.
    private func readAll(_ bytes: [UInt8], parts: Int, chunkBytes: Int, lenient: Bool, raggedRows: CSVStreamReader.RaggedRows,
                         split: inout Int) -> (chunks: [Read], error: CSVError?) {
        var options = CSVOptions()
        options.columnTypes = ["x": .numeric, "y": .numeric, "level": .categorical]
        var chunks: [Read] = []
        var pieces = 0
        do {
            let reader = try CSVStreamReader(bytes: bytes, source: "big.csv", options: options, columns: ["id", "level", "x", "y"],
                                             textInNumericColumns: lenient ? .record : .error, raggedRows: raggedRows,
                                             chunkBytes: chunkBytes)
            while true {
                let chunk = parts == 1 ? try reader.next() : try reader.next(parts: parts) { count, work in
                    if count > 1 { pieces += 1 }
                    DispatchQueue.concurrentPerform(iterations: count, execute: work)
                }
                guard let chunk else { break }
                chunks.append(read(chunk))
            }
        } catch let e as CSVError {
            split += pieces
            return (chunks, e)
        } catch {
            XCTFail("unexpected \(error)")
        }
        split += pieces
        return (chunks, nil)
    }

    private func assertSame(_ bytes: [UInt8], lenient: Bool, raggedRows: CSVStreamReader.RaggedRows,
                            expectError: Bool, file: StaticString = #filePath, line: UInt = #line) {
        for chunkBytes in [200_000, 1 << 20] {
            var split = 0
            let one = readAll(bytes, parts: 1, chunkBytes: chunkBytes, lenient: lenient, raggedRows: raggedRows, split: &split)
            XCTAssertEqual(split, 0, file: file, line: line)
            XCTAssertEqual(one.error != nil, expectError, "\(String(describing: one.error))", file: file, line: line)
            for parts in [2, 3, 4, 7] {
                var split = 0
                let many = readAll(bytes, parts: parts, chunkBytes: chunkBytes, lenient: lenient, raggedRows: raggedRows, split: &split)
                XCTAssertGreaterThan(split, 0, "the chunks were never split", file: file, line: line)
                XCTAssertEqual(many.chunks.count, one.chunks.count, "parts \(parts) chunkBytes \(chunkBytes)", file: file, line: line)
                for (a, b) in zip(many.chunks, one.chunks) {
                    XCTAssertEqual(a, b, "parts \(parts) chunkBytes \(chunkBytes) firstRow \(b.firstRow)", file: file, line: line)
                }
                XCTAssertEqual(many.error, one.error, "parts \(parts) chunkBytes \(chunkBytes)", file: file, line: line)
            }
        }
    }

    /// The inferred `id` column turns categorical in a late piece of a chunk only: the join re-reads the earlier
    /// pieces' ids as text (from their offsets in the chunk) and must match the one-piece read.
    func testInferredColumnTurningCategoricalInALatePiece() {
        assertSame(generate(rows: 60_000, seed: 12, textIdEvery: 9_000), lenient: false, raggedRows: .error, expectError: false)
        // The only text id in the last piece of its chunk: the first piece's parser, holding the rows
        // of pieces 1 and 2 by then, re-reads all of them as text.
        var text = "id,level,x,skip,y\n"
        for r in 0..<40_000 { text += "\(r == 39_500 ? "L39500" : String(r)),a,\(r).5,1,2\n" }
        assertSame(Array(text.utf8), lenient: false, raggedRows: .error, expectError: false)
    }

    func testLenientWithRaggedRowsRecorded() {
        let bytes = generate(rows: 30_000, seed: 1, textEvery: 3000, raggedEvery: 5000)
        assertSame(bytes, lenient: true, raggedRows: .record, expectError: false)
    }

    func testWellFormedStrict() {
        assertSame(generate(rows: 30_000, seed: 2, textEvery: 3000), lenient: true, raggedRows: .error,
                   expectError: false)
    }

    /// Strict reading: the first bad record (text in a numeric column, or a ragged one) is the error, wherever
    /// the pieces are cut.
    func testFirstRecordErrorWins() {
        assertSame(generate(rows: 30_000, seed: 3, textEvery: 15_000), lenient: false, raggedRows: .error, expectError: true)
        assertSame(generate(rows: 30_000, seed: 4, raggedEvery: 15_000), lenient: true, raggedRows: .error, expectError: true)
    }

    /// Invalid UTF-8 late in a chunk is reported before a ragged record earlier in it (as one validation of the
    /// whole range does), with the same line and column.
    func testInvalidBytesBeforeRecordErrors() {
        var bytes = generate(rows: 30_000, seed: 5)
        let late = bytes.count * 3 / 4
        let lf = bytes[late...].firstIndex(of: 10)!
        bytes.insert(contentsOf: [0xFF, 0x31], at: lf - 1)
        var strict = bytes
        let early = strict.count / 8
        let lf2 = strict[early...].firstIndex(of: 10)!
        strict.insert(contentsOf: Array(",1,2".utf8), at: lf2)
        assertSame(strict, lenient: true, raggedRows: .error, expectError: true)
        var split = 0
        let e = readAll(strict, parts: 4, chunkBytes: 1 << 30, lenient: true, raggedRows: .error, split: &split).error
        XCTAssertEqual(e?.kind, .invalidUTF8)
        XCTAssertEqual(e?.columnName, "y")
    }

    /// A range with quotes is cut only at the record ends the walk over it noted (an LF inside a quoted field
    /// is no cut): the chunks, ragged records and errors are the same as read in one piece.
    func testQuotedInputIsSplitAtRecordEnds() {
        assertSame(generate(rows: 30_000, seed: 6, quoteEvery: 5), lenient: true, raggedRows: .error, expectError: false)
        assertSame(generate(rows: 30_000, seed: 7, textEvery: 3000, raggedEvery: 5000, quoteEvery: 50), lenient: true,
                   raggedRows: .record, expectError: false)
        assertSame(generate(rows: 30_000, seed: 8, raggedEvery: 15_000, quoteEvery: 20), lenient: true, raggedRows: .error,
                   expectError: true)
    }

    /// A quote never closed late in a chunk: the same error as the one-piece read (line and column).
    func testUnclosedQuoteIsTheSameError() {
        // Quoted rows, then the unclosed quote, then rows without quotes (which the quote swallows).
        let tail = generate(rows: 3_000, seed: 10)
        let bytes = generate(rows: 27_000, seed: 9, quoteEvery: 10) + Array("0,\"never closed,1,2,3\n".utf8)
            + tail[(tail.firstIndex(of: 10)! + 1)...]
        var split = 0
        let one = readAll(bytes, parts: 1, chunkBytes: 200_000, lenient: true, raggedRows: .record, split: &split)
        let many = readAll(bytes, parts: 4, chunkBytes: 200_000, lenient: true, raggedRows: .record, split: &split)
        XCTAssertGreaterThan(split, 0)
        XCTAssertNotNil(one.error)
        XCTAssertEqual(many.chunks, one.chunks)
        XCTAssertEqual(many.error, one.error)
    }
}
