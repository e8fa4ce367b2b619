import XCTest
import TestSupport
@testable import CreditTabular
import CreditSupport
final class CSVWriterTests: XCTestCase {
    var dir: URL!
    override func setUp() { dir = PackagePaths.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func contents(_ p: String) -> String? { try? String(contentsOfFile: p, encoding: .utf8) }
    func listing() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? [] }

    func testQuotingRoundTrip() throws {
        let rows = [["name", "note", "v"], ["a,b", "say \"hi\"", "1"], ["line\nbreak", "cr\rlf\r\n", "2"],
                    ["plain", "", "3"], ["  spaced  ", "\"", "4"], ["北京", "x;y", "5"]]
        let p = path("out.csv")
        let w = try CSVWriter(path: p)
        for r in rows { try w.writeRow(r) }
        try w.commit()
        XCTAssertTrue(contents(p)!.hasPrefix("name,note,v\n\"a,b\",\"say \"\"hi\"\"\",1\n"))
        let t = try CSVReader.read(path: p, options: CSVOptions(missingTokens: []))
        XCTAssertEqual(t.columnNames, rows[0])
        XCTAssertEqual(strings(t, "name"), rows.dropFirst().map { $0[0] })
        XCTAssertEqual(strings(t, "note"), rows.dropFirst().map { $0[1] })
        XCTAssertEqual(numbers(t, "v"), [1, 2, 3, 4, 5])
        XCTAssertEqual(listing(), ["out.csv"])
    }

    func testOtherDelimiterQuoting() throws {
        let p = path("semi.csv")
        let w = try CSVWriter(path: p, delimiter: UInt8(ascii: ";"))
        try w.writeRow(["a;b", "c,d"])
        try w.commit()
        XCTAssertEqual(contents(p), "\"a;b\";c,d\n")
    }

    func testAbandonedWriterLeavesNoFile() throws {
        let p = path("never.csv")
        do {
            let w = try CSVWriter(path: p)
            try w.writeRow(["a"])
            // The bytes go to an unnamed O_TMPFILE file on Linux (nothing to clean up even after SIGKILL),
            // elsewhere to a named temporary file.
            #if os(Linux)
            XCTAssertEqual(listing(), [])
            #else
            XCTAssertEqual(listing().count, 1)
            XCTAssertTrue(listing().first?.hasPrefix(".never.csv.tmp-") ?? false)
            #endif
        }   // deinit without commit
        XCTAssertEqual(listing(), [])
        let w = try CSVWriter(path: p)
        try w.writeRow(["b"])
        w.abandon()
        XCTAssertEqual(listing(), [])
    }

    func testExistingFileIntactUntilCommit() throws {
        let p = path("model.csv")
        try writeFileAtomically(path: p, bytes: Array("old\n".utf8))
        let w = try CSVWriter(path: p)
        for i in 0..<20_000 { try w.writeRow(["new", String(i)]) }   // more than one buffer flushed
        XCTAssertEqual(contents(p), "old\n")
        try w.commit()
        XCTAssertTrue(contents(p)!.hasPrefix("new,0\nnew,1\n"))
        XCTAssertEqual(listing(), ["model.csv"])
    }

    func testMissingDirectoryIsClearError() {
        let p = path("no/such/dir/out.csv")
        XCTAssertThrowsError(try CSVWriter(path: p)) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
    }
}
