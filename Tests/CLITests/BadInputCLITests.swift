import Foundation
import TestSupport
import XCTest

/// The bad-input catalogue (notebooks-docs/bad-input.md), one test per row: each runs the built `credit`
/// binary on a bad file, model or output path and checks the exit code, the message and that no output
/// (or no partial output) was written.
final class BadInputCLITests: XCTestCase {
    /// A clean training file: `a` numeric, `c` categorical, `default` the target (no separation, no collinearity).
    static let goodCSV: String = {
        var text = "a,c,default\n"
        for i in 0..<90 {
            text += "\(i % 7),\(["x", "y", "z"][i % 3]),\((i * 7) % 5 == 0 || i % 11 == 0 ? 1 : 0)\n"
        }
        return text
    }()

    var dir = URL(fileURLWithPath: "/nonexistent")
    var model = ""

    override func setUpWithError() throws {
        dir = PackagePaths.temporaryDirectory()
        model = dir.appendingPathComponent("model.json").path
        let train = try CLI.run(["train", file("good.csv", Self.goodCSV), "--target", "default", "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func file(_ name: String, _ text: String) -> String { file(name, Array(text.utf8)) }

    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let url = dir.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url.path
    }

    /// Runs `arguments` and checks the exit code and that stderr holds every fragment.
    @discardableResult
    func expect(_ arguments: [String], status: Int32, _ fragments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        let r = try CLI.run(arguments)
        XCTAssertEqual(r.status, status, "\(arguments.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        for f in fragments {
            XCTAssertTrue(r.stderr.contains(f), "\(arguments.first!): expected '\(f)' in: \(r.stderr)", file: file, line: line)
        }
        return r
    }

    /// The data-file commands of the catalogue, each with a fresh output path that must not appear on failure.
    func dataCommands(_ data: String) -> [[String]] {
        [["describe", data, "--target", "default"],
         ["train", data, "--target", "default", "-o", dir.appendingPathComponent("m2.json").path],
         ["bin", data, "--target", "default"],
         ["score", model, data, "-o", dir.appendingPathComponent("scores.csv").path],
         ["validate", model, data]]
    }

    /// Every command fails with exit 65 and the fragments, and leaves no output file behind.
    func expectAllFail(_ data: String, _ fragments: String..., line: UInt = #line) throws {
        for command in dataCommands(data) {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 65, "\(command[0]): \(r.stderr)", line: line)
            for f in fragments { XCTAssertTrue(r.stderr.contains(f), "\(command[0]): expected '\(f)' in: \(r.stderr)", line: line) }
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m2.json").path), line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("scores.csv").path), line: line)
    }

    // MARK: - The CSV file itself

    func testEmptyFile() throws {
        try expectAllFail(file("empty.csv", ""), "empty.csv: the file is empty; a header line with column names is required")
    }

    func testHeaderOnly() throws {
        let data = file("header.csv", "a,c,default\n")
        let d = try expect(["describe", data, "--target", "default"], status: 0)
        XCTAssertTrue(d.stdout.contains("0 rows, 3 columns"), d.stdout)
        XCTAssertTrue(d.stdout.contains("bad rate -"), d.stdout)       // not "nan%"
        try expect(["train", data, "--target", "default"], status: 65, "header.csv: the file has a header line but no data rows; train needs rows")
        try expect(["bin", data, "--target", "default"], status: 65, "header.csv: the file has a header line but no data rows; bin needs rows")
        let out = dir.appendingPathComponent("scores.csv").path
        // Nothing scored is a failed batch (exit 3), but the (empty) scores file is still written.
        try expect(["score", model, data, "-o", out], status: 3, "rows in 0, scored 0, rejected 0",
                   "credit: score: no row was scored: the input has no rows (exit 3)")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "row,pd\n")
        try expect(["validate", model, data], status: 65, "header.csv: no row has both a PD and a target")
    }

    func testDuplicateColumnNames() throws {
        try expectAllFail(file("dup.csv", "a,c,a,default\n1,x,2,0\n"), "dup.csv:1:3 (a): the column name 'a' appears more than once in the header")
    }

    func testEmptyColumnName() throws {
        try expectAllFail(file("noname.csv", "a,,c,default\n1,2,x,0\n"), "noname.csv:1:2: the header has an empty column name")
    }

    /// Every command but score fails (exit 65, no output); score rejects the row and scores the others.
    func expectAllButScoreFail(_ data: String, _ fragment: String, line: UInt = #line) throws {
        for command in dataCommands(data) where command[0] != "score" {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 65, "\(command[0]): \(r.stderr)", line: line)
            XCTAssertTrue(r.stderr.contains(fragment), "\(command[0]): expected '\(fragment)' in: \(r.stderr)", line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m2.json").path), line: line)
    }

    /// Scores `data` with --rejects: exit 0, the summary fragments, and the scores and rejects files.
    func scoreWithRejects(_ data: String, _ fragments: String..., line: UInt = #line) throws -> (scores: String, rejects: String) {
        let out = dir.appendingPathComponent("scores.csv").path, rejects = dir.appendingPathComponent("rejects.csv").path
        let r = try CLI.run(["score", model, data, "-o", out, "--rejects", rejects])
        XCTAssertEqual(r.status, 0, r.stderr, line: line)
        for f in fragments { XCTAssertTrue(r.stderr.contains(f), "expected '\(f)' in: \(r.stderr)", line: line) }
        return (try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: rejects, encoding: .utf8))
    }

    func testRaggedRowTooFewFields() throws {
        let data = file("few.csv", "a,c,default\n1,x,0\n2,y\n3,z,1\n")
        try expectAllButScoreFail(data, "few.csv:3: expected 3 fields (as in the header) but found 2")
        let r = try scoreWithRejects(data, "few.csv: rows in 3, scored 2, rejected 1", "1  wrong number of fields")
        XCTAssertEqual(r.scores.split(separator: "\n").map { $0.prefix(2) }, ["ro", "1,", "3,"])
        XCTAssertEqual(r.rejects, "row,line,column,reason\n2,3,,\"line 3: 2 fields, expected 3 (as in the header)"
                       + " — check for an unquoted delimiter or a missing field\"\n")
    }

    func testRaggedRowTooManyFields() throws {
        let data = file("many.csv", "a,c,default\n1,x,0\n2,y,1,7\n")
        try expectAllButScoreFail(data, "many.csv:3: expected 3 fields (as in the header) but found 4")
        let r = try scoreWithRejects(data, "many.csv: rows in 2, scored 1, rejected 1", "1  wrong number of fields")
        XCTAssertEqual(r.scores.split(separator: "\n").map { $0.prefix(2) }, ["ro", "1,"])
        XCTAssertEqual(r.rejects, "row,line,column,reason\n2,3,,\"line 3: 4 fields, expected 3 (as in the header)"
                       + " — check for an unquoted delimiter or a missing field\"\n")
    }

    func testUnterminatedQuote() throws {
        try expectAllFail(file("quote.csv", "a,c,default\n1,x,0\n2,\"y,1\n3,z,0\n"), "quote.csv:3:2 (c): a quoted field opened on this line is never closed")
    }

    func testInvalidUTF8() throws {
        try expectAllFail(file("latin1.csv", Array("a,c,default\n1,x,0\n2,".utf8) + [0x4D, 0xFC, 0x6C] + Array(",1\n".utf8)),
                          "latin1.csv:3:2 (c): the text is not valid UTF-8", "--encoding")
    }

    func testNulByte() throws {
        try expectAllFail(file("nul.csv", Array("a,c,default\n1,x,0\n2,y".utf8) + [0] + Array(",1\n".utf8)),
                          "nul.csv:3:2 (c): NUL byte in the input")
    }

    /// One 10 MB field: read whole; describe shows it shortened (not 10 MB of table), score rejects the row as
    /// an unseen level and accounts for it.
    func testTenMegabyteLine() throws {
        let long = String(repeating: "q", count: 10 << 20)
        let data = file("long.csv", "a,c,default\n1,\(long),0\n2,y,1\n")
        let d = try expect(["describe", data, "--target", "default"], status: 0)
        XCTAssertLessThan(d.stdout.utf8.count, 4096)
        XCTAssertTrue(d.stdout.contains(String(repeating: "q", count: 39) + "… (1)"), String(d.stdout.prefix(2000)))
        let rejects = dir.appendingPathComponent("rejects.csv").path
        try expect(["score", model, data, "-o", dir.appendingPathComponent("scores.csv").path, "--rejects", rejects],
                   status: 0, "rows in 2, scored 1, rejected 1", "unseen level in c")
    }

    func testNumbersOutOfDoubleRange() throws {
        let data = file("range.csv", "a,c,default\n1e400,x,0\n-1e400,y,1\n3,z,0\n")
        let d = try expect(["describe", data], status: 0)
        XCTAssertTrue(d.stdout.contains("a        categorical"), d.stdout)
        try expect(["describe", data, "--type", "a=numeric"], status: 65, "range.csv:2:1 (a): '1e400' is out of the range of a number")
        let rejects = dir.appendingPathComponent("rejects.csv").path
        try expect(["score", model, data, "-o", "-", "--rejects", rejects], status: 0, "rows in 3, scored 1, rejected 2", "2  not a number in a")
        let listed = simpleCSV(rejects)
        XCTAssertEqual(listed.count, 3)       // header + 2
        XCTAssertEqual(listed.dropFirst().map { $0[1] }, ["2", "3"])
    }

    func testNaNAndInfinityTokens() throws {
        let data = file("naninf.csv", "a,c,default\nNaN,x,0\ninf,y,1\n-Infinity,z,0\n4,x,1\n")
        let d = try expect(["describe", data], status: 0)
        XCTAssertTrue(d.stdout.contains("a        categorical        1"), d.stdout)     // NaN is a missing token
        try expect(["describe", data, "--type", "a=numeric"], status: 65, "naninf.csv:3:1 (a): 'inf' is not a number")
        try expect(["score", model, data, "-o", "-"], status: 0, "rows in 4, scored 1, rejected 3", "1  missing value in a", "2  not a number in a")
    }

    // MARK: - The target and the columns

    func testTargetWithOneClass() throws {
        let data = file("one.csv", "a,c,default\n1,x,0\n2,y,0\n3,z,0\n")
        try expect(["train", data, "--target", "default"], status: 65, "target 'default' has only the value '0'")
        try expect(["bin", data, "--target", "default"], status: 65, "target 'default' has only the value '0'")
    }

    func testTargetWithThreeValues() throws {
        let data = file("three.csv", "a,c,default\n1,x,0\n2,y,1\n3,z,2\n4,x,1\n")
        try expect(["train", data, "--target", "default"], status: 65, "target 'default' must have exactly two values", "found: 0, 1, 2")
        try expect(["bin", data, "--target", "default"], status: 65, "found: 0, 1, 2")
        try expect(["validate", model, data], status: 65, "three.csv: target 'default' has more than two values (0, 1, 2); validation needs the bad value '1' and one good value")
    }

    func testAllMissingColumn() throws {
        let data = file("allmissing.csv", "a,b,default\n1,,0\n2,NA,1\n3,,0\n4,,1\n5,,1\n")
        let d = try expect(["describe", data], status: 0)
        XCTAssertTrue(d.stdout.contains("b        numeric        5         0"), d.stdout)
        try expect(["train", data, "--target", "default"], status: 65, "no usable rows", "--exclude")
        let without = try CLI.run(["train", data, "--target", "default", "--exclude", "b"])
        XCTAssertEqual(without.status, 0, without.stderr)
    }

    // MARK: - The model file

    func testTruncatedModel() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: model)))
        let cut = file("cut.json", Array(bytes.prefix(bytes.count / 2)))
        let data = file("good.csv", Self.goodCSV)
        for command in [["score", cut, data], ["validate", cut, data], ["export", cut, "--to", "sql", "--table", "applicants"]] {
            try expect(command, status: 65, "cut.json: not a JSON document (the JSON is malformed or truncated)")
        }
    }

    func testHandEditedModelFailsTheSeal() throws {
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"bad\" : \"1\"", with: "\"bad\" : \"0\"")
        XCTAssertNotEqual(edited, text)
        let path = file("edited.json", edited)
        let data = file("good.csv", Self.goodCSV)
        for command in [["score", path, data], ["validate", path, data], ["export", path, "--to", "sql", "--table", "applicants"]] {
            try expect(command, status: 65, "edited.json: model file is damaged or was edited", "retrain the model or restore the file")
        }
    }

    func testModelFromNewerVersion() throws {
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let path = file("v9.json", text.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 9"))
        try expect(["score", path, file("good.csv", Self.goodCSV)], status: 65, "model file version 9 was written by a newer credit; this build reads versions up to 4")
    }

    // MARK: - The output path

    func testOutputPathIsADirectory() throws {
        let data = file("good.csv", Self.goodCSV)
        try expect(["train", data, "--target", "default", "-o", dir.path], status: 1, "cannot write: it is a directory; give a file name")
        try expect(["score", model, data, "-o", dir.path], status: 1, "cannot write: it is a directory; give a file name")
    }

    func testOutputInMissingFolder() throws {
        let data = file("good.csv", Self.goodCSV)
        let missing = dir.appendingPathComponent("no/such/dir/out.csv").path
        try expect(["train", data, "--target", "default", "-o", missing], status: 1, "cannot write: the directory")
        try expect(["score", model, data, "-o", missing], status: 1, "does not exist")
    }

    /// A folder without write permission. Root ignores permissions, so as root the command runs as `nobody`
    /// through setpriv (skipped when that is not possible).
    func testOutputNotWritable() throws {
        let data = file("good.csv", Self.goodCSV)
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        let out = locked.appendingPathComponent("scores.csv").path
        var arguments = ["score", model, data, "-o", out]
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("root without setpriv") }
            for path in [dir.path, model, data] {
                try FileManager.default.setAttributes([.posixPermissions: path == dir.path ? 0o755 : 0o644], ofItemAtPath: path)
            }
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + arguments
            let r = try runProgram("/usr/bin/setpriv", arguments)
            if r.stderr.contains("Permission denied") && r.stderr.contains(CLI.binary) { throw XCTSkip("binary not reachable as nobody") }
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("scores.csv: cannot write:"), r.stderr)
            XCTAssertTrue(r.stderr.lowercased().contains("permission denied"), r.stderr)
        } else {
            try expect(arguments, status: 1, "scores.csv: cannot write:", "ermission denied")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked.path), [])
    }

    /// The file-size limit (`ulimit -f`, the portable stand-in for a full disk): the write fails with EFBIG,
    /// the tool reports it (SIGXFSZ is ignored, so it is not killed), the previous output stays, no temporary file.
    func testWriteBeyondFileSizeLimit() throws {
        let data = file("big.csv", Self.goodCSV + String(repeating: "3,y,0\n", count: 5000))
        let out = dir.appendingPathComponent("scores.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: out))
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        // 16 blocks of 512 bytes: the 5,090-row score output (~100 KB) cannot fit.
        let r = try runProgram("/bin/sh", ["-c", "ulimit -f 16; exec \"$0\" \"$@\"", CLI.binary, "score", model, data, "-o", out])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("scores.csv: cannot write: File too large"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "previous\n")
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)), before)

        let m = dir.appendingPathComponent("m.json").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: m))
        let t = try runProgram("/bin/sh", ["-c", "ulimit -f 1; exec \"$0\" \"$@\"", CLI.binary, "train", data, "--target", "default", "-o", m])
        XCTAssertEqual(t.status, 1, t.stderr)
        XCTAssertTrue(t.stderr.contains("m.json: cannot write: File too large"), t.stderr)
        XCTAssertEqual(try String(contentsOfFile: m, encoding: .utf8), "previous\n")
    }

    // MARK: - Scoring accounts for every row

    /// Rows in = rows scored + rows rejected, and the rejects file lists exactly the rejected rows.
    func testScoreAccountsForEveryBadRow() throws {
        let data = file("mixed.csv", "a,c,default\n1,x,0\nabc,y,1\n2,,0\n3,w,1\n,z,0\n4,\"y\",1\n1e999,x,0\n")
        let rejects = dir.appendingPathComponent("rejects.csv").path
        let out = dir.appendingPathComponent("scores.csv").path
        try expect(["score", model, data, "-o", out, "--rejects", rejects], status: 0, "rows in 7, scored 2, rejected 5")
        let scored = simpleCSV(out).dropFirst().filter { !$0[1].isEmpty }
        let rejected = simpleCSV(rejects).dropFirst()
        XCTAssertEqual(scored.count + rejected.count, 7)
        XCTAssertEqual(rejected.map { $0[1] }, ["3", "4", "5", "6", "8"])     // physical lines
    }
}

/// Runs a program (not necessarily `credit`) with an empty standard input.
func runProgram(_ executable: String, _ arguments: [String]) throws -> CLIResult {
    try CLI.run(arguments, executable: executable)
}
