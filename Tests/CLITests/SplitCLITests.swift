import Foundation
import TestSupport
import XCTest

/// `credit split` end to end on the bundled data: exact partitions of the input's bytes, stratification,
/// determinism, the out-of-time boundary, fold numbers, and bad input that writes nothing.
final class SplitCLITests: XCTestCase {
    let german = PackagePaths.path("datasets/german_credit.csv")
    let borrowers = PackagePaths.path("datasets/small_borrowers.csv")
    lazy var dir = PackagePaths.temporaryDirectory()
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    func object(_ text: String) throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any] }

    func testRandomSplitPartitionsTheRowsExactlyAndStratifies() throws {
        let r = try CLI.run(["split", german, "--target", "default", "-o", path("dev.csv"), "--holdout", path("hold.csv"),
                             "--share", "0.7", "--seed", "42", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let input = try lines(german), dev = try lines(path("dev.csv")), hold = try lines(path("hold.csv"))
        XCTAssertEqual(dev[0], input[0])
        XCTAssertEqual(hold[0], input[0])
        // Every row once, bytes unchanged, input order kept within each file.
        let rows = input.dropFirst().filter { !$0.isEmpty }
        let devRows = dev.dropFirst().filter { !$0.isEmpty }, holdRows = hold.dropFirst().filter { !$0.isEmpty }
        XCTAssertEqual((devRows + holdRows).sorted(), rows.sorted())
        XCTAssertEqual(devRows.count, 700)
        let position = Dictionary(rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(devRows.map { position[$0]! }, devRows.map { position[$0]! }.sorted())
        // 300 bads and 700 goods: 210 and 490 in development (the target is the last column).
        XCTAssertTrue(input[0].hasSuffix(",default"))
        XCTAssertEqual(devRows.filter { $0.hasSuffix(",1") }.count, 210)
        let summary = try object(r.stdout)
        let parts = summary["parts"] as! [[String: Any]]
        XCTAssertEqual(parts.map { $0["rows"] as! Int }, [700, 300])
        XCTAssertEqual(parts.map { $0["bads"] as! Int }, [210, 90])
        // Same seed, same bytes; another seed, other rows.
        XCTAssertEqual(try CLI.run(["split", german, "--target", "default", "-o", path("dev2.csv"), "--holdout", path("hold2.csv"), "--seed", "42"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("dev2.csv"))), try Data(contentsOf: URL(fileURLWithPath: path("dev.csv"))))
        XCTAssertEqual(try CLI.run(["split", german, "--target", "default", "-o", path("dev3.csv"), "--holdout", path("hold3.csv"), "--seed", "43"]).status, 0)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: path("dev3.csv"))), try Data(contentsOf: URL(fileURLWithPath: path("dev.csv"))))
    }

    func testOutOfTimeSplitByApplicationDate() throws {
        let r = try CLI.run(["split", borrowers, "--target", "default", "--date-column", "application_date", "--before", "2025-01-01",
                             "-o", path("early.csv"), "--holdout", path("late.csv")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("out of time: application_date before 2025-01-01"), r.stdout)
        XCTAssertTrue(r.stdout.contains("rows in 5,000 = "), r.stdout)
        let early = try lines(path("early.csv")).dropFirst().filter { !$0.isEmpty }
        let late = try lines(path("late.csv")).dropFirst().filter { !$0.isEmpty }
        XCTAssertEqual(early.count + late.count, 5000)
        XCTAssertTrue(early.allSatisfy { $0.split(separator: ",")[1] < "2025-01-01" })
        XCTAssertTrue(late.allSatisfy { $0.split(separator: ",")[1] >= "2025-01-01" })
        XCTAssertFalse(early.isEmpty)
        XCTAssertFalse(late.isEmpty)
    }

    func testFoldColumnNumbersEveryRow() throws {
        let r = try CLI.run(["split", german, "--target", "default", "--folds", "5", "--seed", "3", "-o", path("folds.csv")])
        XCTAssertEqual(r.status, 0, r.stderr)
        let input = try lines(german), out = try lines(path("folds.csv"))
        XCTAssertEqual(out[0], input[0] + ",fold")
        var counts = [String: Int]()
        for (a, b) in zip(input.dropFirst(), out.dropFirst()) where !a.isEmpty {
            XCTAssertTrue(b.hasPrefix(a + ","), b)
            counts[String(b.split(separator: ",").last!), default: 0] += 1
        }
        XCTAssertEqual(counts, ["1": 200, "2": 200, "3": 200, "4": 200, "5": 200])
    }

    func testBadInputIsAClearErrorAndWritesNothing() throws {
        // A row without a date: exit 65, naming line and column; neither file is written.
        let data = path("undated.csv")
        try "id,date,y\n1,2024-05-01,0\n2,,1\n".write(toFile: data, atomically: true, encoding: .utf8)
        var r = try CLI.run(["split", data, "--date-column", "date", "--before", "2025-01-01", "-o", path("u1.csv"), "--holdout", path("u2.csv")])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("undated.csv line 3, column 'date': no value; an out-of-time split needs every row dated"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("u1.csv")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("u2.csv")))
        // A split in two needs a holdout file.
        r = try CLI.run(["split", german, "-o", path("x.csv")])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--holdout FILE is needed"), r.stderr)
        // A boundary that is not a date.
        r = try CLI.run(["split", borrowers, "--date-column", "application_date", "--before", "soon", "-o", path("a.csv"), "--holdout", path("b.csv")])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("the out-of-time boundary 'soon' is neither a date like 2025-01-01 nor a number"), r.stderr)
        // The input as an output.
        r = try CLI.run(["split", german, "-o", german, "--holdout", path("h.csv")])
        XCTAssertEqual(r.status, 64, r.stderr)
        // An unknown target column lists the columns.
        r = try CLI.run(["split", german, "--target", "defualt", "-o", path("a.csv"), "--holdout", path("b.csv")])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--target 'defualt': no such column"), r.stderr)
    }
}
