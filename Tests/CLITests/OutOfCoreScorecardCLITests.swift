import Foundation
import TestSupport
import XCTest

/// `credit train --scorecard --out-of-core` against `credit train --scorecard`: the same points table (JSON), and
/// model files that score the same file identically (the same integer scores; PDs within 1e-9 relative, the
/// fits summing in different orders).
final class OutOfCoreScorecardCLITests: XCTestCase {
    private func json(_ r: CLIResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func testSamePointsTableAndModelsScoreIdentically() throws {
        let dir = PackagePaths.temporaryDirectory()
        let a = dir.appendingPathComponent("card-memory.json").path, b = dir.appendingPathComponent("card-ooc.json").path
        let base = ["train", CLI.german, "--target", "default", "--scorecard", "--format", "json", "--reason-reference", "average"]
        let memory = try json(try CLI.run(base + ["-o", a]))
        let streamedRun = try CLI.run(base + ["-o", b, "--out-of-core", "--chunk-rows", "129"])
        XCTAssertTrue(streamedRun.stderr.contains("out of core"), streamedRun.stderr)
        let streamed = try json(streamedRun)
        let cm = try XCTUnwrap(memory["scorecard"] as? [String: Any]), cs = try XCTUnwrap(streamed["scorecard"] as? [String: Any])
        let pm = try XCTUnwrap(cm["characteristics"] as? [[String: Any]]), ps = try XCTUnwrap(cs["characteristics"] as? [[String: Any]])
        XCTAssertGreaterThan(pm.count, 5)
        XCTAssertEqual(pm.count, ps.count)
        for (x, y) in zip(pm, ps) {
            XCTAssertEqual(x["points"] as? [Int], y["points"] as? [Int])
            XCTAssertEqual(x["bins"] as? NSDictionary, y["bins"] as? NSDictionary)
            XCTAssertEqual(x["table"] as? NSDictionary, y["table"] as? NSDictionary)
            assertClose(try XCTUnwrap(y["coefficient"] as? Double), try XCTUnwrap(x["coefficient"] as? Double), relative: 1e-9, "coefficient")
        }
        XCTAssertEqual(cm["excluded"] as? NSDictionary, cs["excluded"] as? NSDictionary)
        XCTAssertEqual(cm["reasons"] as? NSDictionary, cs["reasons"] as? NSDictionary)

        let scoredA = try CLI.run(["score", a, CLI.german, "-o", "-"]), scoredB = try CLI.run(["score", b, CLI.german, "-o", "-"])
        XCTAssertEqual(scoredA.status, 0, scoredA.stderr)
        XCTAssertEqual(scoredB.status, 0, scoredB.stderr)
        let rowsA = scoredA.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let rowsB = scoredB.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rowsA.count, 1001)
        XCTAssertEqual(rowsA.first, rowsB.first)
        let header = rowsA[0].map(String.init)
        let pd = try XCTUnwrap(header.firstIndex(of: "pd")), score = try XCTUnwrap(header.firstIndex(of: "score"))
        for (x, y) in zip(rowsA.dropFirst(), rowsB.dropFirst()) {
            XCTAssertEqual(x[score], y[score])
            for (j, (u, v)) in zip(x, y).enumerated() where j != pd && j != score { XCTAssertEqual(u, v, header[j]) }
            assertClose(Double(y[pd])!, Double(x[pd])!, relative: 1e-9, "pd")
        }
    }

    func testUnsupportedScorecardOptionsAreUsageErrors() throws {
        for extra in [["--max-vif", "5"], ["--max-correlation", "0.7"], ["--reason-reference", "cutoff", "--cutoff", "500"],
                      ["--bins", "nowhere.json"]] {
            let r = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "--out-of-core"] + extra)
            XCTAssertEqual(r.status, 64, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(extra[0]), "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty)
        }
    }
}
