import Foundation
import TestSupport
import XCTest

/// `credit train --out-of-core` (and the automatic switch) against the default in-memory path.
/// Same coefficient table within 1e-9 relative (the paths sum in different orders; see OutOfCoreTests).
final class OutOfCoreCLITests: XCTestCase {
    private func result(_ r: CLIResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file: file, line: line)
        return try XCTUnwrap(json["result"] as? [String: Any], file: file, line: line)
    }

    private func assertSameTable(_ a: [String: Any], _ b: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(a["termNames"] as? [String], b["termNames"] as? [String], file: file, line: line)
        for key in ["coefficients", "standardErrors", "zValues"] {
            let x = try XCTUnwrap(a[key] as? [Double], key, file: file, line: line)
            let y = try XCTUnwrap(b[key] as? [Double], key, file: file, line: line)
            assertClose(x, y, relative: 1e-9, key, file: file, line: line)
        }
        assertClose(try XCTUnwrap(a["logLikelihood"] as? Double), try XCTUnwrap(b["logLikelihood"] as? Double), relative: 1e-9, "llf",
                    file: file, line: line)
    }

    func testOutOfCoreGivesTheInMemoryCoefficientTable() throws {
        let base = ["train", CLI.german, "--target", "default", "--reference", "purpose=car (new)", "--format", "json"]
        let memory = try result(try CLI.run(base))
        let streamed = try CLI.run(base + ["--out-of-core", "--chunk-rows", "77"])
        try assertSameTable(try result(streamed), memory)
        XCTAssertTrue(streamed.stderr.contains("out of core"), streamed.stderr)
        XCTAssertNotNil(memory["hosmerLemeshow"])
    }

    func testLargeInputSwitchesByItselfAndWritesTheSameModel() throws {
        let dir = PackagePaths.temporaryDirectory()
        let a = dir.appendingPathComponent("memory.json").path, b = dir.appendingPathComponent("ooc.json").path
        let base = ["train", CLI.german, "--target", "default", "--format", "json"]
        let memory = try CLI.run(base + ["-o", a])
        // A 1 KB memory limit makes the 180 KB file "too large": the out-of-core path runs without being asked.
        let automatic = try CLI.run(base + ["-o", b, "--memory-limit", "1K"])
        XCTAssertTrue(automatic.stderr.contains("out of core"), automatic.stderr)
        try assertSameTable(try result(automatic), try result(memory))
        let ma = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: a))) as? [String: Any])
        let mb = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: b))) as? [String: Any])
        XCTAssertEqual(ma["schema"] as? NSDictionary, mb["schema"] as? NSDictionary)
        XCTAssertEqual(ma["target"] as? NSDictionary, mb["target"] as? NSDictionary)
        let ta = try XCTUnwrap(ma["training"] as? [String: Any]), tb = try XCTUnwrap(mb["training"] as? [String: Any])
        XCTAssertEqual(ta["inputSHA256"] as? String, tb["inputSHA256"] as? String)
        XCTAssertEqual((ta["inputSHA256"] as? String)?.count, 64)
        XCTAssertEqual(ta["rows"] as? Int, tb["rows"] as? Int)
        // The saved model scores the same file identically up to the fit's rounding.
        let scoredA = try CLI.run(["score", a, CLI.german, "-o", "-"]), scoredB = try CLI.run(["score", b, CLI.german, "-o", "-"])
        XCTAssertEqual(scoredA.status, 0, scoredA.stderr)
        XCTAssertEqual(scoredB.status, 0, scoredB.stderr)
        let pdA = scoredA.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        let pdB = scoredB.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        XCTAssertEqual(pdA.count, 1000)
        assertClose(pdB, pdA, relative: 1e-9, "pd")
    }

    func testUnsupportedOptionsAreUsageErrorsNamingTheFlag() throws {
        for extra in [["--firth"], ["--weight", "age_in_years"], ["--penalty", "ridge"], ["--select", "forward"], ["--cv-folds", "5"],
                      ["--collinearity"], ["--encoding", "LATIN1"]] {
            let r = try CLI.run(["train", CLI.german, "--target", "default", "--out-of-core"] + extra)
            XCTAssertEqual(r.status, 64, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(extra[0]), "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty)
        }
        let stdin = try CLI.run(["train", "-", "--target", "default", "--out-of-core"], stdin: Data("a,default\n1,0\n".utf8))
        XCTAssertEqual(stdin.status, 64, stdin.stderr)
        XCTAssertTrue(stdin.stderr.contains("standard input"), stdin.stderr)
        let column = try CLI.run(["train", CLI.german, "--target", "nope", "--out-of-core"])
        XCTAssertEqual(column.status, 64, column.stderr)
        XCTAssertTrue(column.stderr.contains("--target 'nope'"), column.stderr)
        let limit = try CLI.run(["train", CLI.german, "--target", "default", "--memory-limit", "lots"])
        XCTAssertEqual(limit.status, 64, limit.stderr)
    }

    func testBadDataFailsWithTheInMemoryMessage() throws {
        let path = temporaryFile("ooc-bad.csv", "x,y\n1,0\n2,1\nabc,0\n3,1\n")
        let memory = try CLI.run(["train", path, "--target", "y", "--type", "x=numeric"])
        let streamed = try CLI.run(["train", path, "--target", "y", "--type", "x=numeric", "--out-of-core"])
        XCTAssertEqual(memory.status, 65)
        XCTAssertEqual(streamed.status, 65)
        XCTAssertEqual(streamed.stderr, memory.stderr)
        XCTAssertTrue(streamed.stderr.contains(":4:1 (x)"), streamed.stderr)
    }

    /// Out-of-core model files follow the one date rule: two trainings with the same SOURCE_DATE_EPOCH (run in
    /// their own directories with the same command line) write byte-identical model files dated at that instant,
    /// for the logistic regression and the scorecard. (Before, the out-of-core paths dated the file "now".)
    func testSourceDateEpochMakesOutOfCoreModelsByteIdentical() throws {
        let root = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for (label, extra) in [("lr", [String]()), ("card", ["--scorecard"])] {
            var files: [Data] = []
            for run in 0..<2 {
                let dir = ProcessRun.directory(root, "\(label)\(run)")
                let r = try ProcessRun.run(["train", CLI.german, "--target", "default", "--out-of-core", "-o", "model.json"] + extra,
                                           cwd: dir, environment: ["SOURCE_DATE_EPOCH": "1767225600"])
                XCTAssertEqual(r.status, 0, r.stderr)
                XCTAssertTrue(r.stderr.contains("trained out of core"), r.stderr)
                files.append(try XCTUnwrap(ProcessRun.bytes(dir.appendingPathComponent("model.json")), label))
                if run == 0 { Thread.sleep(forTimeInterval: 1.1) }   // a clock-dated file would differ now
            }
            XCTAssertEqual(files[0], files[1], "\(label): " + ProcessRun.firstDifference(files[0], files[1]))
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: files[0]) as? [String: Any])
            let training = try XCTUnwrap(json["training"] as? [String: Any])
            XCTAssertEqual(training["date"] as? String, "2026-01-01T00:00:00Z", label)
            XCTAssertEqual((training["inputSHA256"] as? String)?.count, 64, label)
        }
    }
}
