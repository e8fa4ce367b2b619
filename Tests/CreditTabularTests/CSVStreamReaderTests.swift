import Foundation
import XCTest
import TestSupport
@testable import CreditTabular
/// Reads all chunks of `text` and joins them: (column name → per-row text or number), line numbers, chunk count.
private func streamAll(_ text: String, _ options: CSVOptions, columns: Set<String>? = nil, chunkBytes: Int,
                       lenient: Bool = false) throws -> (values: [String: [String?]], lines: [Int], chunks: Int, bad: [NonNumericCell]) {
    let reader = try CSVStreamReader(bytes: Array(text.utf8), source: "data.csv", options: options, columns: columns,
                                     textInNumericColumns: lenient ? .record : .error, chunkBytes: chunkBytes)
    var values: [String: [String?]] = [:], lines: [Int] = [], chunks = 0, bad: [NonNumericCell] = []
    var rows = 0
    while let chunk = try reader.next() {
        XCTAssertEqual(chunk.firstRow, rows)
        XCTAssertEqual(chunk.table.columnNames, reader.columnNames)
        for (name, column) in zip(chunk.table.columnNames, chunk.table.columns) {
            for r in 0..<column.count {
                switch column {
                case .numeric(let v): values[name, default: []].append(v[r].isNaN ? nil : "\(v[r])")
                case .categorical(let c): values[name, default: []].append(c[r])
                }
            }
        }
        bad += chunk.nonNumeric.map { var c = $0; c.row += rows; return c }
        rows += chunk.table.rowCount
        lines += chunk.table.lineNumbers
        chunks += 1
    }
    return (values, lines, chunks, bad)
}

private func wholeFile(_ text: String, _ options: CSVOptions) throws -> (values: [String: [String?]], lines: [Int]) {
    let t = try CSVReader.read(bytes: Array(text.utf8), source: "data.csv", options: options)
    var values: [String: [String?]] = [:]
    for (name, column) in zip(t.columnNames, t.columns) {
        values[name] = (0..<column.count).map { r in
            switch column {
            case .numeric(let v): return v[r].isNaN ? nil : "\(v[r])"
            case .categorical(let c): return c[r]
            }
        }
    }
    return (values, t.lineNumbers)
}

final class CSVStreamReaderTests: XCTestCase {
    /// Quoted newlines, escaped quotes, CRLF, a BOM, blank lines, spaces after a closing quote, a stray quote
    /// inside an unquoted field and a last record without a newline: every chunk size gives what the whole-file
    /// reader gives, with the same physical line numbers.
    static let tricky = "\u{FEFF}id,x,note\r\n1,1.5,\"two\r\nlines\"\r\n2,-3e2,\"a \"\"quoted\"\" word\"  \n\n3,NA,plain 5\"10\n"
        + "4,7,\"x,y\"\n5,,\"\"\"\"\n6,0.1,\"multi\nline\nfield\"\n7,1e-300,last"

    func testEveryChunkSizeMatchesTheWholeFileReader() throws {
        var options = CSVOptions()
        options.columnTypes = ["id": .categorical, "x": .numeric, "note": .categorical]
        let expected = try wholeFile(Self.tricky, options)
        XCTAssertEqual(expected.lines, [2, 4, 6, 7, 8, 9, 12])
        for chunkBytes in Array(1...64) + [1 << 20] {
            let got = try streamAll(Self.tricky, options, chunkBytes: chunkBytes)
            XCTAssertEqual(got.values, expected.values, "chunkBytes \(chunkBytes)")
            XCTAssertEqual(got.lines, expected.lines, "chunkBytes \(chunkBytes)")
            if chunkBytes < 8 { XCTAssertGreaterThan(got.chunks, 3) }
        }
    }

    /// Untyped columns are text (a stream cannot look ahead to infer); `columns` drops the rest.
    func testFixedTypesAndSkippedColumns() throws {
        var options = CSVOptions()
        options.columnTypes = ["x": .numeric]
        let reader = try CSVStreamReader(bytes: Array("a,x,b\n01,2,z\n".utf8), source: "s", options: options, columns: ["a", "x"])
        XCTAssertEqual(reader.header, ["a", "x", "b"])
        XCTAssertEqual(reader.columnNames, ["a", "x"])
        let chunk = try XCTUnwrap(reader.next())
        XCTAssertEqual(strings(chunk.table, "a"), ["01"])
        XCTAssertEqual(numbers(chunk.table, "x"), [2])
        XCTAssertNil(chunk.table["b"])
        XCTAssertNil(try reader.next())
        // A skipped column is still scanned: a ragged row is an error with its line.
        let ragged = try CSVStreamReader(bytes: Array("a,x,b\n1,2,3\n1,2\n".utf8), source: "s", options: options, columns: ["x"])
        XCTAssertThrowsError(try ragged.next()) { XCTAssertEqual(($0 as? CSVError)?.line, 3) }
    }

    /// `raggedRows: .record`: a record with too few or too many fields ends its chunk and is reported with its
    /// row and physical line; the other rows are read as if the ragged ones were not in the file.
    func testRaggedRowsRecorded() throws {
        // Ragged: line 2 (first row, 2 fields), lines 4-5 (quoted newline, 4 fields), line 7 (after a blank line),
        // line 8 (consecutive), line 11 (last, no final LF). Good: line 3, lines 9-10.
        let text = "a,b,c\n1,2\n3,4,5\n\"six\nsix\",7,8,9\n\n10,11\n12,13,14,15\n\"p\nq\",16,17\n18,19"
        var asStreamed = CSVOptions(); asStreamed.columnTypes = ["b": ColumnType.categorical, "c": ColumnType.categorical]
        let clean = try wholeFile("a,b,c\n3,4,5\n\"p\nq\",16,17\n", asStreamed)
        let expected = [RaggedRecord(row: 0, line: 2, fields: 2, expected: 3), RaggedRecord(row: 2, line: 4, fields: 4, expected: 3),
                        RaggedRecord(row: 3, line: 7, fields: 2, expected: 3), RaggedRecord(row: 4, line: 8, fields: 4, expected: 3),
                        RaggedRecord(row: 6, line: 11, fields: 2, expected: 3)]
        for chunkBytes in [1, 3, 7, 16, 1000] {
            let reader = try CSVStreamReader(bytes: Array(text.utf8), source: "data.csv", raggedRows: .record, chunkBytes: chunkBytes)
            var values: [String: [String?]] = [:], lines: [Int] = [], ragged: [RaggedRecord] = [], rows = 0
            while let chunk = try reader.next() {
                XCTAssertEqual(chunk.firstRow, rows, "chunkBytes \(chunkBytes)")
                for (name, column) in zip(chunk.table.columnNames, chunk.table.columns) {
                    guard case .categorical(let c) = column else { return XCTFail("\(name) should be text") }
                    values[name, default: []] += (0..<column.count).map { c[$0] }
                }
                lines += chunk.table.lineNumbers
                rows += chunk.table.rowCount
                if let r = chunk.ragged { XCTAssertEqual(r.row, rows); ragged.append(r); rows += 1 }
            }
            XCTAssertEqual(values, clean.values, "chunkBytes \(chunkBytes)")
            XCTAssertEqual(lines, [3, 9], "chunkBytes \(chunkBytes)")
            XCTAssertEqual(ragged, expected, "chunkBytes \(chunkBytes)")
            XCTAssertEqual(rows, 7)
        }
        // The default stays strict, and an unterminated quote after a ragged row is still an error for the file.
        XCTAssertThrowsError(try streamAll(text, CSVOptions(), chunkBytes: 1000)) { XCTAssertEqual(($0 as? CSVError)?.line, 2) }
        let quote = try CSVStreamReader(bytes: Array("a,b\n1\n2,\"x\n".utf8), source: "q.csv", raggedRows: .record)
        XCTAssertThrowsError(try { while try quote.next() != nil {} }()) { e in
            XCTAssertEqual((e as? CSVError)?.kind, .unterminatedQuote); XCTAssertEqual((e as? CSVError)?.line, 3)
        }
    }

    /// Text in a numeric column: an error with line and column by default, a listed cell (NaN) when lenient.
    func testTextInNumericColumn() throws {
        var options = CSVOptions()
        options.columnTypes = ["x": .numeric]
        let text = "x,y\n1,a\n\"two\nlines\",b\nabc,c\n4,d\n"
        let got = try streamAll(text, options, chunkBytes: 5, lenient: true)
        XCTAssertEqual(got.values["x"]!, ["1.0", nil, nil, "4.0"])
        XCTAssertEqual(got.bad, [NonNumericCell(row: 1, line: 3, column: "x", text: "two\nlines"),
                                 NonNumericCell(row: 2, line: 5, column: "x", text: "abc")])
        XCTAssertThrowsError(try streamAll(text, options, chunkBytes: 5)) { e in
            let e = e as? CSVError
            XCTAssertEqual(e?.line, 3); XCTAssertEqual(e?.columnName, "x")
        }
    }

    /// Byte-level errors in a later chunk still name the physical line and the column.
    func testInvalidUTF8InALaterChunk() throws {
        var bytes = Array("a,b\n1,2\n3,4\n5,".utf8)
        bytes += [0xFF]
        bytes += Array("\n".utf8)
        let reader = try CSVStreamReader(bytes: bytes, source: "s", options: CSVOptions(), chunkBytes: 4)
        XCTAssertThrowsError(try { while try reader.next() != nil {} }()) { e in
            let e = e as? CSVError
            XCTAssertEqual(e?.kind, .invalidUTF8); XCTAssertEqual(e?.line, 4); XCTAssertEqual(e?.columnName, "b")
        }
    }

    /// A file read from disk in small reads gives the same rows; an unterminated quote is an error.
    func testFileInputAndErrors() throws {
        let dir = PackagePaths.temporaryDirectory()
        let path = dir.appendingPathComponent("t.csv").path
        try Data(Self.tricky.utf8).write(to: URL(fileURLWithPath: path))
        var options = CSVOptions()
        options.columnTypes = ["x": .numeric]
        let reader = try CSVStreamReader(path: path, options: options, chunkBytes: 3)
        var rows = 0
        while let c = try reader.next() { rows += c.table.rowCount }
        XCTAssertEqual(rows, 7)
        XCTAssertThrowsError(try CSVStreamReader(path: dir.appendingPathComponent("none.csv").path)) {
            XCTAssertEqual(($0 as? CSVError)?.kind, .fileNotFound)
        }
        XCTAssertThrowsError(try CSVStreamReader(bytes: [], source: "s")) { XCTAssertEqual(($0 as? CSVError)?.kind, .empty) }
        let open = try CSVStreamReader(bytes: Array("a,b\n1,\"x\n".utf8), source: "s", chunkBytes: 2)
        XCTAssertThrowsError(try open.next()) { XCTAssertEqual(($0 as? CSVError)?.kind, .unterminatedQuote) }
    }
}
