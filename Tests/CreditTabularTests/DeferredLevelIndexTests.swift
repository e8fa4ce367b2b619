import Foundation
import Dispatch
import XCTest
@testable import CreditTabular

/// Text columns whose levels are all ASCII are coded without the `String` dictionary (`CSVParser.indexDeferred`);
/// the levels, their order and the codes must still be exactly those the dictionary alone gives: Swift `String`
/// equality (canonical equivalence) over the field texts, codes in order of first appearance. Checked against that
/// definition, on one thread and on two with many parts (parts joined), and streamed in pieces (pieces appended).
final class DeferredLevelIndexTests: XCTestCase {
    /// The reference: codes by a `[String: Int32]` over the field texts, in order of first appearance.
    private func definition(_ texts: [String]) -> (levels: [String], codes: [Int32]) {
        var index: [String: Int32] = [:], levels: [String] = [], codes: [Int32] = []
        for t in texts {
            if let c = index[t] { codes.append(c); continue }
            index[t] = Int32(levels.count); codes.append(Int32(levels.count)); levels.append(t)
        }
        return (levels, codes)
    }

    /// Columns: `id` unique ASCII per row (some quoted); `kelvin` ASCII until the KELVIN SIGN (U+212A, canonically
    /// equivalent to "K") appears at `kelvinRow`; `city` with "Zürich" from the first row; `mixed` numbers until
    /// `textRow`, then text (the column turns categorical and its earlier fields are read again as text).
    private func input(rows: Int, kelvinRow: Int, textRow: Int) -> (text: String, columns: [String: [String]]) {
        var text = "id,kelvin,city,mixed\n"
        var columns: [String: [String]] = ["id": [], "kelvin": [], "city": [], "mixed": []]
        let cities = ["Zürich", "Bern", "Zu\u{308}rich", "Basel"]   // the third is the first, decomposed
        for r in 0..<rows {
            let id = "L\(String(format: "%07d", r * 7919 % 1_000_003))"
            let kelvin = r >= kelvinRow && r % 5 == 0 ? "\u{212A}" : ["K", "k", "J"][r % 3]
            let city = cities[(r / 3) % cities.count]
            let mixed = r < textRow ? "\(r % 17)" : "t\(r % 11)"
            columns["id"]!.append(id); columns["kelvin"]!.append(kelvin); columns["city"]!.append(city)
            columns["mixed"]!.append(mixed)
            text += (r % 97 == 0 ? "\"\(id)\"" : id) + ",\(kelvin),\(city),\(mixed)\n"
        }
        return (text, columns)
    }

    private func assertMatchesDefinition(_ table: Table, _ columns: [String: [String]], _ label: String,
                                         file: StaticString = #filePath, line: UInt = #line) {
        for (name, texts) in columns {
            guard case .categorical(let c)? = table[name] else { XCTFail("\(label): \(name) is not text", file: file, line: line); continue }
            let expected = definition(texts)
            XCTAssertEqual(c.levels.map { Array($0.utf8) }, expected.levels.map { Array($0.utf8) }, "\(label): \(name) levels",
                           file: file, line: line)
            XCTAssertEqual(c.codes, expected.codes, "\(label): \(name) codes", file: file, line: line)
        }
    }

    func testWholeFileReadMatchesTheStringDictionary() throws {
        let rows = 20_000
        for (kelvinRow, textRow) in [(rows, rows), (3, rows), (rows - 2_000, 15_000), (rows / 2, 40)] {
            let (text, columns) = input(rows: rows, kelvinRow: kelvinRow, textRow: textRow)
            var expected = columns
            if textRow >= rows { expected["mixed"] = nil }   // numbers only: not a text column
            for parallel in [false, true] {
                var options = CSVOptions()
                options.parallelMinimumBytes = parallel ? 0 : .max
                options.parallelPartBytes = 16_384
                let table = try CSVReader.read(bytes: Array(text.utf8), source: "t.csv", options: options)
                XCTAssertEqual(table.rowCount, rows)
                assertMatchesDefinition(table, expected, "kelvin from \(kelvinRow), text from \(textRow), parallel \(parallel)")
            }
        }
    }

    func testStreamedPiecesMatchTheStringDictionary() throws {
        let rows = 20_000
        for kelvinRow in [rows, 15_000] {
            let (text, columns) = input(rows: rows, kelvinRow: kelvinRow, textRow: 10)
            var options = CSVOptions()
            options.columnTypes = ["id": .categorical, "kelvin": .categorical, "city": .categorical, "mixed": .categorical]
            let reader = try CSVStreamReader(bytes: Array(text.utf8), source: "t.csv", options: options, chunkBytes: 1 << 22)
            var first = 0
            while let chunk = try reader.next(parts: 5, run: { count, work in DispatchQueue.concurrentPerform(iterations: count, execute: work) }) {
                let n = chunk.table.rowCount
                assertMatchesDefinition(chunk.table, columns.mapValues { Array($0[first..<(first + n)]) }, "streamed, kelvin from \(kelvinRow)")
                first += n
            }
            XCTAssertEqual(first, rows)
        }
    }
}
