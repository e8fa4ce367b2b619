import Foundation
import XCTest
import TestSupport
@testable import CreditTabular
/// `read(path:)` hands back the pages of a memory-mapped file once parsed (`releasesParsedInput`). Reading the same
/// bytes from memory (never released) must give the same table — also when a column turns categorical near the
/// end and every earlier field of it is read again from pages already handed back, on one thread and on two.
final class ReleasedInputTests: XCTestCase {
    func testFileReadEqualsInMemoryReadAcrossReleasedPages() throws {
        var rng = SeededGenerator(seed: 77)
        var text = "id,amount,code,late\n"
        let rows = 400_000   // about 17 MB: several 8 MiB release steps per thread
        for i in 0..<rows {
            let amount = (rng.uniform() * 1e6).rounded() / 100
            let code = Int(rng.uniform() * 1000)
            // `late` is numeric until the last rows, then turns categorical: all its earlier fields are re-read.
            let late = i >= rows - 3 ? "n/a-\(i)" : String(Int(rng.uniform() * 50))
            text += "\(i),\(amount),\(code),\(late)\n"
        }
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))

        let fromFile = try CSVReader.read(path: path)
        let fromMemory = try CSVReader.read(bytes: Array(text.utf8), source: path)
        XCTAssertEqual(fromFile.rowCount, rows)
        XCTAssertEqual(fromFile.columns, fromMemory.columns)
        XCTAssertEqual(fromFile.lineNumbers, fromMemory.lineNumbers)
        guard case .categorical(let late) = fromFile.columns[3] else { return XCTFail("late should be categorical") }
        XCTAssertEqual(late[rows - 1], "n/a-\(rows - 1)")

        var options = CSVOptions()
        options.parallelMinimumBytes = Int.max    // one thread
        let oneThread = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(oneThread.columns, fromMemory.columns)
    }
}
