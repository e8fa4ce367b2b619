import Foundation
import XCTest
import CreditProbability
import TestSupport
@testable import CreditTabular
#if canImport(Glibc)
import Glibc
#endif

/// The whole-file profile: `CSVReader.read` + `Table.profiles`, with the target counted through `Column.holds`
/// (what `credit describe` computed before it streamed).
private func inMemory(_ text: String, target: String?, bad: String = "1", options: CSVOptions = CSVOptions())
    throws -> (columns: [ColumnProfile], rows: Int, target: TargetCounts?) {
    let table = try CSVReader.read(bytes: Array(text.utf8), source: "data.csv", options: options)
    guard let target, let column = table[target] else { return (table.profiles(), table.rowCount, nil) }
    let flags = (0..<table.rowCount).map { column.holds(bad, row: $0) }
    let bads = flags.filter { $0 == true }.count, goods = flags.filter { $0 == false }.count
    return (table.profiles(isBad: flags), table.rowCount,
            TargetCounts(column: target, bad: bad, bads: bads, goods: goods, missing: flags.count - bads - goods))
}

private func writeFile(_ text: String) -> String {
    let url = PackagePaths.temporaryDirectory().appendingPathComponent("data.csv")
    try! Data(text.utf8).write(to: url)
    return url.path
}

/// Profiles `text` read through a named pipe (input that cannot be read twice), written by another thread.
private func profileThroughPipe(_ text: String, target: String?, bad: String = "1", chunkBytes: Int) throws -> DataProfile {
    let path = PackagePaths.temporaryDirectory().appendingPathComponent("fifo").path
    XCTAssertEqual(mkfifo(path, 0o600), 0)
    let bytes = Array(text.utf8)
    let writer = Thread {
        let fd = open(path, O_WRONLY)
        var done = 0
        while done < bytes.count {
            let r = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if r <= 0 { break }
            done += r
        }
        close(fd)
    }
    writer.start()
    return try CSVProfiler(path: path, chunkBytes: chunkBytes).run(target: target, bad: bad)
}

/// `CSVProfiler`: the same profile as the whole-file reader under the budgets, whatever the chunk size, with a
/// second pass for columns that turn categorical late; what a pipe does instead; errors.
final class CSVProfilerTests: XCTestCase {
    /// Numbers spelled several ways, 100 rows of "5", then text (in `x`, and in the target `y`) after many
    /// chunks.
    static func lateText(rows: Int = 3000) -> String {
        var s = "x,y,z\n"
        let spellings = ["1", "2.50", " 3", "1.0", "4e2", "-0", "7"]
        for i in 0..<rows { s += "\(spellings[i % spellings.count]),\(i % 3 == 0 ? "1" : "0"),\(i % 5)\n" }
        s += String(repeating: "5,0,1\n", count: 100)
        return s + "n.a.,1,5\nNA,unknown,6\n"    // (n.a. is no missing token: n/a is)
    }

    func testColumnTurningCategoricalLateInAFileIsReadAgainAndMatchesTheWholeFile() throws {
        let text = Self.lateText()
        let path = writeFile(text)
        for target in [nil, "y", "z"] {
            for chunkBytes in [64, 1000, 1 << 20] {
                let reference = try inMemory(text, target: target)
                let p = try CSVProfiler(path: path, chunkBytes: chunkBytes).run(target: target)
                XCTAssertEqual(p.columns, reference.columns, "target \(target ?? "none"), chunk \(chunkBytes)")
                XCTAssertEqual(p.rows, reference.rows)
                XCTAssertEqual(p.target, reference.target, "target \(target ?? "none"), chunk \(chunkBytes)")
                XCTAssertNil(p.columns[0].levelsFromNumbers)
            }
        }
        // The whole-file result being checked: x is categorical with its numbers' own text as levels.
        let x = try inMemory(text, target: nil).columns[0]
        XCTAssertEqual(x.type, .categorical)
        XCTAssertEqual(x.distinct, 9)
    }

    /// Standard input redirected from a file can be read again too (seek back to where it started).
    func testStandardInputRedirectedFromAFileIsReadAgain() throws {
        let text = Self.lateText(rows: 500)
        let fd = open(writeFile("skip me\n" + text), O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(lseek(fd, 8, SEEK_SET), 8)   // as if a shell had consumed a first line
        let saved = dup(STDIN_FILENO)
        dup2(fd, STDIN_FILENO)
        close(fd)
        defer { dup2(saved, STDIN_FILENO); close(saved) }
        let p = try CSVProfiler(path: "-", chunkBytes: 100).run(target: "y")
        let reference = try inMemory(text, target: "y")
        XCTAssertEqual(p.source, "<stdin>")
        XCTAssertEqual(p.columns, reference.columns)
        XCTAssertEqual(p.target, reference.target)
    }

    /// Through a pipe the earlier numbers are counted by value (`levelText`): "2.50" counts as "2.5", " 3" as
    /// "3", "1.0" merges with "1", "4e2" is "400", "-0" is "0"; marked in `levelsFromNumbers`. Counts, missing
    /// and the target agree with the whole file; the target, categorical in the end, compares by text.
    func testColumnTurningCategoricalLateInAPipeCountsNumbersByValue() throws {
        let text = Self.lateText()
        let p = try profileThroughPipe(text, target: "y", chunkBytes: 200)
        let reference = try inMemory(text, target: "y")
        XCTAssertEqual(p.rows, reference.rows)
        XCTAssertEqual(p.target, reference.target)
        let x = p.columns[0], rx = reference.columns[0]
        XCTAssertEqual(x.type, .categorical)
        XCTAssertEqual(x.count, rx.count)
        XCTAssertEqual(x.missing, rx.missing)
        XCTAssertEqual(x.badRateWhenMissing, rx.badRateWhenMissing)
        // The chunks before the one with "n.a." (which ends within the rows of 5, read with their text).
        XCTAssertTrue((3000..<3100).contains(x.levelsFromNumbers ?? 0), "\(x.levelsFromNumbers ?? 0)")
        // 3000 rows in 7 spellings: 1 and 1.0 merge (858), 2.5 and 3 (429 each), 400, 0 and 7 (428 each); 5 (100).
        XCTAssertEqual(x.distinct, 8)   // 1, 2.5, 3, 400, 0, 7, 5, n.a.
        XCTAssertEqual(rx.distinct, 9)
        XCTAssertEqual(x.topLevels, [.init(level: "1", count: 858), .init(level: "2.5", count: 429), .init(level: "3", count: 429)])
        // y turned categorical ("unknown" in the last row): its numbers 0 and 1 are spelled as in the file.
        XCTAssertTrue((3000..<3102).contains(p.columns[1].levelsFromNumbers ?? 0))
        XCTAssertEqual(p.columns[1].topLevels, reference.columns[1].topLevels)
        XCTAssertEqual(p.columns[2], reference.columns[2])
        XCTAssertNil(p.columns[2].levelsFromNumbers)
    }

    /// Once a column has turned categorical, later chunks read it as text: "2.50" after the flip stays "2.50".
    func testChunksAfterTheTurnReadTheColumnAsText() throws {
        let text = "x\n" + String(repeating: "2.50\n", count: 500) + "n.a.\n" + String(repeating: "2.50\n", count: 500)
        let p = try profileThroughPipe(text, target: nil, chunkBytes: 100)
        let x = p.columns[0]
        XCTAssertEqual(x.count, 1001)
        // "2.5": the numbers before the chunk with n.a.; "2.50": that chunk's and every later chunk's.
        let counts = Dictionary(uniqueKeysWithValues: x.topLevels.map { ($0.level, $0.count) })
        XCTAssertGreaterThanOrEqual(counts["2.50"] ?? 0, 500)
        XCTAssertEqual((counts["2.5"] ?? 0) + (counts["2.50"] ?? 0), 1000)
        XCTAssertEqual(x.levelsFromNumbers, counts["2.5"])
    }

    /// `--bad 1.0`: the numbers 1 compare equal while the target is numeric; once it turns categorical on a pipe
    /// they are the text "1", not "1.0", so they count as good — as the whole file, where the target is
    /// categorical and compares text, counts them.
    func testTargetTurningCategoricalInAPipeComparesTheBadValueAsText() throws {
        let text = Self.lateText(rows: 1000)
        let p = try profileThroughPipe(text, target: "y", bad: "1.0", chunkBytes: 200)
        let reference = try inMemory(text, target: "y", bad: "1.0")
        XCTAssertEqual(reference.target?.bads, 0)
        XCTAssertEqual(p.target, reference.target)
        for (a, b) in zip(p.columns, reference.columns) { XCTAssertEqual(a.badRateWhenMissing, b.badRateWhenMissing, a.name) }
        // Numeric to the end: "1.0" compares as a number.
        let numeric = "x,y\n" + String(repeating: "1,1\n2,0\n,1\n", count: 500)
        let q = try profileThroughPipe(numeric, target: "y", bad: "1.0", chunkBytes: 100)
        XCTAssertEqual(q.target, try inMemory(numeric, target: "y", bad: "1.0").target)
        XCTAssertEqual(q.target?.bads, 1000)
        XCTAssertEqual(q.columns[0].badRateWhenMissing, 1)
    }

    /// Random small CSVs (numbers in several spellings, missing tokens, text, quoted fields, blank lines, a
    /// column that may turn categorical anywhere), chunks of 1 to 300 bytes, with and without a target: the
    /// streamed profile equals the whole-file one.
    func testRandomInputsMatchTheWholeFileProfile() throws {
        var g = SeededGenerator(seed: 20261207)
        let pool = ["1", "2", "2.5", " 3", "-0", "0", "1e-05", "NA", "", "abc", "x y", "\"q,1\"", "1.0", "?", "7",
                    "1e400", "inf", "\"\"", "N/A", "\"multi\nline\""]
        func pick(_ n: Int) -> Int { Int(g.uniform() * Double(n)) }
        for trial in 0..<150 {
            let columns = 1 + pick(4), rows = pick(80)
            let reach = 3 + pick(pool.count - 2)
            var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
            for r in 0..<rows {
                // Mostly numbers early, anything late.
                let limit = r < rows * 3 / 4 ? min(reach, 8) : reach
                text += (0..<columns).map { _ in pool[pick(limit)] }.joined(separator: ",") + "\n"
                if columns > 1 && pick(20) == 0 { text += "\n" }
            }
            let path = writeFile(text)
            let target: String? = pick(2) == 0 ? "c0" : nil
            let bad = ["1", "1.0", "abc"][pick(3)]
            let chunkBytes = 1 + pick(300)
            let reference = try inMemory(text, target: target, bad: bad)
            let p = try CSVProfiler(path: path, chunkBytes: chunkBytes).run(target: target, bad: bad)
            XCTAssertEqual(p.columns, reference.columns, "trial \(trial), chunk \(chunkBytes):\n\(text)")
            XCTAssertEqual(p.rows, reference.rows, "trial \(trial)")
            XCTAssertEqual(p.target, reference.target, "trial \(trial)")
        }
    }

    /// Errors carry file, line and column as `CSVReader`'s do, also past the first chunk.
    func testErrorsNameTheLineAfterSeveralChunks() throws {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 2000) + "3\n"
        let path = writeFile(text)
        XCTAssertThrowsError(try CSVProfiler(path: path, chunkBytes: 256).run()) { error in
            XCTAssertEqual(error as? CSVError, CSVError(kind: .raggedRow(expected: 2, found: 1), source: path, line: 2002))
        }
        var forced = CSVOptions(); forced.columnTypes = ["b": .numeric]
        let text2 = "a,b\n" + String(repeating: "1,2\n", count: 2000) + "3,x\n"
        let path2 = writeFile(text2)
        XCTAssertThrowsError(try CSVProfiler(path: path2, options: forced, chunkBytes: 256).run()) { error in
            XCTAssertEqual(error as? CSVError, CSVError(kind: .notNumeric(value: "x"), source: path2, line: 2002, column: 2, columnName: "b"))
        }
        XCTAssertThrowsError(try CSVProfiler(path: writeFile(""))) { error in
            XCTAssertEqual((error as? CSVError)?.kind, .empty)
        }
    }

    /// A forced type holds in every chunk; a header-only file profiles as the whole file does.
    func testForcedTypesAndHeaderOnly() throws {
        var options = CSVOptions(); options.columnTypes = ["a": .categorical]
        let text = "a,b\n" + String(repeating: "1,2\n01,3\n", count: 300)
        let p = try CSVProfiler(path: writeFile(text), options: options, chunkBytes: 50).run()
        XCTAssertEqual(p.columns, try inMemory(text, target: nil, options: options).columns)
        XCTAssertEqual(p.columns[0].distinct, 2)
        let h = try CSVProfiler(path: writeFile("a,b,y\n")).run(target: "y")
        XCTAssertEqual(h.rows, 0)
        XCTAssertEqual(h.columns, try inMemory("a,b,y\n", target: nil).columns)
        XCTAssertEqual(h.target, TargetCounts(column: "y", bad: "1", bads: 0, goods: 0, missing: 0))
    }

    /// Input in another encoding is converted in memory and profiled as the whole file.
    func testOtherEncodingIsConvertedFirst() throws {
        var options = CSVOptions(); options.encoding = .iconv("LATIN1")
        let latin1: [UInt8] = Array("name,n\n".utf8) + [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72] + Array(",1\nx,2\n".utf8)
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("l.csv")
        try Data(latin1).write(to: url)
        let p = try CSVProfiler(path: url.path, options: options, chunkBytes: 8).run()
        XCTAssertEqual(p.columns[0].topLevels.first?.level, "Müller")
        XCTAssertEqual(p.columns, try CSVReader.read(path: url.path, options: options).profiles())
    }
}
