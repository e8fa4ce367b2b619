import Foundation
import XCTest
import TestSupport
@testable import CreditTabular
/// The missing-token rule (exact in every column, ignoring ASCII case where a number is expected), the notes
/// for a column made categorical by a few values, and that every read path (one thread, two threads in parts,
/// streaming, the columnar cache) agrees.
final class MissingTokenTests: XCTestCase {
    func testDefaultListIsTheDocumentedOne() {
        XCTAssertEqual(CSVOptions.defaultMissingTokens,
                       ["", "NA", "N/A", "n/a", "NULL", "null", "NaN", "nan", "None", "#N/A", "-", "?"])
    }

    /// One `NULL`, `nan`, `None` or `#N/A` (in any case) in a numeric column is missing; the column stays numeric.
    func testTokensInAnyCaseAreMissingInANumericColumn() throws {
        for token in ["NULL", "null", "Null", "nan", "NAN", "None", "NONE", "none", "#N/A", "#n/a", "na", "N/a", "-", " - "] {
            let t = try read("age,c\n30,x\n\(token),y\n41,z\n")
            let age = numbers(t, "age")
            XCTAssertEqual(age.count, 3, token)
            XCTAssertEqual(age[0], 30, token)
            XCTAssertTrue(age[1].isNaN, token)
            XCTAssertEqual(age[2], 41, token)
            XCTAssertTrue(t.notes.isEmpty, token)
        }
    }

    /// A lone `-` is missing; a signed number is still a number (the matcher never sees a field that parses).
    func testLoneMinusIsMissingAndSignedNumbersAreNumbers() throws {
        let t = try read("x\n-\n-5\n-0.25\n-1e3\n")
        let x = numbers(t, "x")
        XCTAssertTrue(x[0].isNaN)
        XCTAssertEqual(Array(x[1...]), [-5, -0.25, -1000])
    }

    /// In a text column only an exact token is missing: `none` (a level of the German credit data) and `Null`
    /// are kept; `None` and `null` are missing.
    func testTextColumnsMatchExactly() throws {
        let t = try read("c\nnone\nNone\nNull\nnull\nguarantor\n-\n")
        XCTAssertEqual(strings(t, "c"), ["none", nil, "Null", nil, "guarantor", nil])
    }

    /// A column read as numbers up to a text value re-reads the values it took as missing only ignoring case:
    /// as text, unless they are a token exactly.
    func testColumnTurningCategoricalRereadsCaseVariants() throws {
        let t = try read("c\nnone\nNone\n NONE \nNA\n7\nguarantor\nnone\n")
        XCTAssertEqual(strings(t, "c"), ["none", nil, " NONE ", nil, "7", "guarantor", "none"])
        guard case .categorical(let c)? = t["c"] else { return XCTFail() }
        XCTAssertEqual(c.levels, ["none", " NONE ", "7", "guarantor"])     // order of first appearance
    }

    /// A column of nothing but tokens (in any case) is numeric and all missing, as a column of `NA` always was.
    func testColumnOfOnlyCaseVariantsIsNumericAndMissing() throws {
        let x = numbers(try read("x\nnone\nNULL\n\n"), "x")     // (a blank line is a missing value in one column)
        XCTAssertEqual(x.count, 3)
        XCTAssertTrue(x.allSatisfy(\.isNaN))
    }

    /// A forced numeric column takes case variants as missing too (it would otherwise be an error).
    func testForcedNumericColumnTakesCaseVariants() throws {
        let t = try read("x\n1\nNull\n", CSVOptions(columnTypes: ["x": .numeric]))
        XCTAssertEqual(numbers(t, "x")[0], 1)
        XCTAssertTrue(numbers(t, "x")[1].isNaN)
        XCTAssertEqual(readError("x\n1\nunknown\n", CSVOptions(columnTypes: ["x": .numeric]))?.kind, .notNumeric(value: "unknown"))
    }

    /// User tokens follow the same rule: `--missing unknown` takes `Unknown` in a numeric column.
    func testUserTokensMatchIgnoringCaseWhereANumberIsExpected() throws {
        var o = CSVOptions()
        o.missingTokens.insert("unknown")
        let t = try read("x,c\n1,Unknown\nUNKNOWN,unknown\n2,z\n", o)
        XCTAssertTrue(numbers(t, "x")[1].isNaN)
        XCTAssertEqual(strings(t, "c"), ["Unknown", nil, "z"])
    }

    /// A replaced list (`--missing-values NA`) no longer makes an empty field missing.
    func testReplacedListDropsTheDefaults() throws {
        var o = CSVOptions()
        o.missingTokens = ["NA"]
        let t = try read("x,c\n1,a\nna,\n2,NULL\n", o)
        XCTAssertTrue(numbers(t, "x")[1].isNaN)
        XCTAssertEqual(strings(t, "c"), ["a", "", "NULL"])
    }

    /// The streaming reader (lenient numeric columns, as `credit score` reads them) agrees: a case variant is
    /// missing, not a non-numeric cell; text is recorded.
    func testStreamReaderLenientColumnTakesCaseVariantsAsMissing() throws {
        var o = CSVOptions()
        o.columnTypes = ["x": .numeric, "c": .categorical]
        let reader = try CSVStreamReader(bytes: Array("x,c\n1,none\nNULL,None\nabc,x\n".utf8), source: "s.csv", options: o,
                                         textInNumericColumns: .record)
        let chunk = try XCTUnwrap(try reader.next())
        XCTAssertTrue(numbers(chunk.table, "x")[1].isNaN)
        XCTAssertEqual(chunk.nonNumeric.map(\.text), ["abc"])
        XCTAssertEqual(strings(chunk.table, "c"), ["none", nil, "x"])
    }

    /// Two threads reading the input in parts give the table one thread gives, also when a column holding case
    /// variants in an early part turns categorical in a later part (the early part's rows are re-read).
    func testPartsAgreeWithOneThread() throws {
        var g = SeededGenerator(seed: 18)
        var text = "x,y,c\n"
        for r in 0..<3000 {
            let x = ["Null", "none", "NA", "\(r)", "\(r).5", "NONE"][Int(g.next(below: 6))]
            let y = r == 2500 ? "text" : ["Nan", "\(r)", "-"][Int(g.next(below: 3))]
            text += "\(x),\(y),\(["none", "a", "Null"][Int(g.next(below: 3))])\n"
        }
        let one = try read(text)
        var parallel = CSVOptions()
        parallel.parallelMinimumBytes = 0
        for part in [64, 1000, 10_000] {
            parallel.parallelPartBytes = part
            let two = try read(text, parallel)
            XCTAssertEqual(bits(two), bits(one), "parts of \(part) bytes")
            XCTAssertEqual(two.lineNumbers, one.lineNumbers)
            XCTAssertEqual(two.notes, one.notes)
        }
        XCTAssertEqual(one.columns[0].type, .numeric)
        guard case .categorical(let y) = one.columns[1] else { return XCTFail("y should be categorical") }
        XCTAssertTrue(y.levels.contains("Nan"))            // re-read as text once the column turned
        XCTAssertFalse(y.levels.contains("-"))             // an exact token stays missing
        XCTAssertEqual(one.notes.count, 1)
    }

    /// The columns as comparable values (numbers by bit pattern, so NaN equals NaN).
    private func bits(_ t: Table) -> [String] {
        t.columns.map { column in
            switch column {
            case .numeric(let v): return v.map { String($0.bitPattern) }.joined(separator: ",")
            case .categorical(let c): return c.levels.joined(separator: "|") + ":" + c.codes.map(String.init).joined(separator: ",")
            }
        }
    }

    // MARK: - Notes

    func testNoteNamesTheValuesAndTheirFirstLines() throws {
        var text = "age,c\n"
        for r in 0..<100 { text += (r == 10 || r == 38 || r == 60 || r == 70 ? "unknown" : r == 5 ? "n.a." : "\(20 + r)") + ",x\n" }
        let t = try read(text, source: "people.csv")
        XCTAssertEqual(t["age"]?.type, .categorical)
        XCTAssertEqual(t.notes.count, 1)
        let note = try XCTUnwrap(t.notes.first)
        XCTAssertEqual(note.kind, .categoricalBecauseOfText(column: "age", values: [
            CSVNote.TextValue(text: "n.a.", count: 1, lines: [7]),
            CSVNote.TextValue(text: "unknown", count: 4, lines: [12, 40, 62]),
        ], numbers: 95))
        XCTAssertEqual(note.description,
                       "people.csv: age: read as categorical because of 'n.a.' (line 7), 'unknown' (lines 12, 40, 62, …) — 5 of 100 values;"
                       + " add 'n.a.', 'unknown' to the missing tokens (CSVOptions.missingTokens) if they mean missing,"
                       + " or read age as categorical (CSVOptions.columnTypes) to keep them as text")
    }

    /// The threshold: at most 5 distinct texts making at most 10% of the non-missing values, and some number.
    func testNoNoteWhenTheTextsAreNotAFew() throws {
        func notes(_ values: [String]) throws -> [CSVNote] { try read("v\n" + values.joined(separator: "\n") + "\n").notes }
        let numbers = (0..<95).map(String.init)
        XCTAssertEqual(try notes(numbers + ["a", "b", "c", "d", "e"]).count, 1)         // 5 texts, 5%
        XCTAssertEqual(try notes(numbers + ["a", "b", "c", "d", "e", "f"]).count, 0)    // 6 distinct
        XCTAssertEqual(try notes(Array(numbers.prefix(8)) + ["a"]).count, 0)            // 1 of 9 > 10%
        XCTAssertEqual(try notes(Array(numbers.prefix(9)) + ["a"]).count, 1)            // 1 of 10 = 10%
        XCTAssertEqual(try notes(["a", "b", "a"]).count, 0)                             // no number: a text column
        XCTAssertEqual(try notes(numbers).count, 0)                                     // numeric
        // Missing tokens do not count, in any case; a case variant is not one of the texts.
        XCTAssertEqual(try notes(Array(numbers.prefix(9)) + ["a", "NA", "", "Null", "none"]).first?.kind,
                       .categoricalBecauseOfText(column: "v", values: [CSVNote.TextValue(text: "a", count: 1, lines: [11])], numbers: 9))
    }

    func testNoNoteForAForcedCategoricalColumn() throws {
        let text = "v\n" + (0..<50).map(String.init).joined(separator: "\n") + "\nunknown\n"
        XCTAssertEqual(try read(text).notes.count, 1)
        XCTAssertEqual(try read(text, CSVOptions(columnTypes: ["v": .categorical])).notes.count, 0)
    }

    func testNoteSuggestsShellSafeArguments() {
        XCTAssertEqual(CSVNote.shellArgument(option: "--missing", "unknown"), "--missing unknown")
        XCTAssertEqual(CSVNote.shellArgument(option: "--missing", "n a"), "--missing 'n a'")
        XCTAssertEqual(CSVNote.shellArgument(option: "--missing", "it's"), "--missing 'it'\\''s'")
        XCTAssertEqual(CSVNote.shellArgument(option: "--missing", "--"), "--missing=--")
        XCTAssertEqual(CSVNote.shellArgument(option: "--missing", ""), "--missing ''")
        XCTAssertEqual(CSVNote.shellArgument(option: "--type", "my col=categorical"), "--type 'my col=categorical'")
    }

    /// The streaming profiler (`credit describe`) gives the note the whole-file reader gives, chunk by chunk:
    /// numbers in the chunks before the column turned count, case variants do not.
    func testProfilerGivesTheSameNoteChunkByChunk() throws {
        var text = "age,c\n"
        for r in 0..<300 { text += (r == 250 || r == 280 ? "unknown" : r == 30 ? "Null" : "\(r)") + ",\(r % 3 == 0 ? "none" : "a")\n" }
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("people.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let table = try CSVReader.read(path: path)
        XCTAssertEqual(table.notes.count, 1)
        for chunkBytes in [64, 1000, 1 << 20] {
            XCTAssertEqual(try CSVProfiler(path: path, chunkBytes: chunkBytes).run().notes, table.notes, "chunks of \(chunkBytes) bytes")
        }
        XCTAssertEqual(try CSVProfiler(path: path, options: CSVOptions(columnTypes: ["age": .categorical])).run().notes, [])
    }

    /// The columnar cache (out-of-core training) infers the same types and gives the same note.
    func testColumnarCacheGivesTheSameNote() throws {
        var text = "age,c\n"
        for r in 0..<200 { text += (r == 17 ? "unknown" : r == 30 ? "NULL" : "\(r)") + ",\(r % 3 == 0 ? "none" : "a")\n" }
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("people.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let table = try CSVReader.read(path: path)
        let cache = try ColumnarCache.build(path: path, directory: dir.path, chunkBytes: 256)
        XCTAssertEqual(cache.columnTypes, [.categorical, .categorical])
        XCTAssertEqual(cache.notes, table.notes)
        XCTAssertEqual(table.notes.count, 1)
        XCTAssertEqual(cache.levels[0].count, 200 - 1)      // 198 numbers and 'unknown'; NULL is missing
        XCTAssertFalse(cache.levels[0].contains("NULL"))
    }
}
