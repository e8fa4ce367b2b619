import Foundation
import TestSupport
import XCTest

/// `credit score` as a stream: bad rows are counted rejects, schema errors come from the header, pass-through
/// columns, JSON summary, and an interrupted run leaves no partial output.
final class ScoreStreamCLITests: XCTestCase {
    static let germanLines = try! String(contentsOfFile: CLI.german, encoding: .utf8).split(separator: "\n").map(String.init)
    static var header: [String] { germanLines[0].split(separator: ",").map(String.init) }

    /// A scorecard model (unseen levels rejected) trained on the German data.
    static func scorecard(in dir: URL) throws -> String {
        let model = dir.appendingPathComponent("card.json").path
        let r = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "--unseen", "reject", "-o", model])
        XCTAssertEqual(r.status, 0, r.stderr)
        return model
    }

    /// The German file with an `id` and a `branch` column added, repeated `times` times.
    static func applicants(times: Int = 1, edit: ((Int, inout [String]) -> Void)? = nil) -> String {
        var out = ["id,branch," + germanLines[0]]
        var n = 0
        for _ in 0..<times {
            for line in germanLines.dropFirst() {
                n += 1
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                edit?(n, &fields)
                out.append("A\(n),\"North, \(n % 3)\"," + fields.joined(separator: ","))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func testInjectedBadRowsAreCountedAndListed() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = try Self.scorecard(in: dir)
        let duration = Self.header.firstIndex(of: "duration_in_month")!, purpose = Self.header.firstIndex(of: "purpose")!
        let data = temporaryFile("bad.csv", Self.applicants(times: 3) { n, f in
            if n % 97 == 0 { f[duration] = "twelve" }                  // text in a numeric column
            if n % 89 == 0 { f[purpose] = "space travel" }             // unseen level (reject policy)
            if n % 83 == 0 { f[duration] = "" }                        // missing, which training never had: rejected (default policy)
        })
        let out = dir.appendingPathComponent("scores.csv").path, rejects = dir.appendingPathComponent("rejects.csv").path
        let r = try runWithEnvironment(["score", model, data, "-o", out, "--rejects", rejects, "--format", "json", "--keep", "id,branch"],
                                       environment: ["CREDIT_SCORE_CHUNK_BYTES": "20000"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any], r.stderr)
        let rowsIn = summary["rowsIn"] as! Int, scored = summary["rowsScored"] as! Int, rejected = summary["rowsRejected"] as! Int
        let textRows = (1...3000).filter { $0 % 97 == 0 }, unseenRows = (1...3000).filter { $0 % 89 == 0 && $0 % 97 != 0 }
        let missingRows = (1...3000).filter { $0 % 83 == 0 }        // no overlap with the others below 3,000
        XCTAssertEqual(rowsIn, 3000)
        XCTAssertEqual(rowsIn, scored + rejected)
        XCTAssertEqual(rejected, textRows.count + unseenRows.count + missingRows.count)
        let byReason = summary["rejectedByReason"] as! [String: Int]
        XCTAssertEqual(byReason["not a number in duration_in_month"], textRows.count)
        XCTAssertEqual(byReason["unseen level in purpose"], unseenRows.count)
        XCTAssertEqual(byReason["missing value in duration_in_month, none in training"], missingRows.count)
        // The rejects file: row, physical line (header is line 1), column, reason.
        let rej = simpleCSV(rejects)
        XCTAssertEqual(rej.count, rejected + 1)
        let first = try XCTUnwrap(rej.first { $0[0] == "97" })
        XCTAssertEqual(first[1], "98"); XCTAssertEqual(first[2], "duration_in_month")
        XCTAssertTrue(first[3].contains("'twelve' is not a number"), first[3])
        // Output: id and branch passed through, one line per scored row, none for rejects.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("row,id,branch,pd,score,reason_1"), String(lines[0]))
        XCTAssertEqual(lines.count, scored + 1)
        XCTAssertTrue(lines[1].hasPrefix("1,A1,\"North, 1\",0."), String(lines[1]))
        XCTAssertFalse(text.contains(",A97,"))
    }

    func testStreamedOutputDoesNotDependOnChunkSizeOrThreads() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = try Self.scorecard(in: dir)
        let data = temporaryFile("apps.csv", Self.applicants(times: 2))
        var outputs: [String] = []
        for (chunk, threads) in [("1000000", "2"), ("3000", "2"), ("3000", "1"), ("1", "2")] {
            let r = try runWithEnvironment(["score", model, data, "-o", "-", "--points", "--id", "id"],
                                           environment: ["CREDIT_SCORE_CHUNK_BYTES": chunk, "CREDIT_SCORE_THREADS": threads])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("rows in 2,000, scored 2,000, rejected 0"), r.stderr)
            outputs.append(r.stdout)
        }
        XCTAssertEqual(Set(outputs).count, 1)
        // Standard input gives the same bytes as the file.
        let piped = try CLI.run(["score", model, "-", "-o", "-", "--points", "--id", "id"], stdin: Data(Self.applicants(times: 2).utf8))
        XCTAssertEqual(piped.stdout, outputs[0])
    }

    func testSchemaErrorsComeFromTheHeaderBeforeAnyRow() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = try Self.scorecard(in: dir)
        let out = dir.appendingPathComponent("scores.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: out))
        // Missing model column: exit 65 even though the body is broken (proves only the header was read).
        let missing = temporaryFile("missing.csv", "purpose,extra\n\"unterminated\n")
        let r = try CLI.run(["score", model, missing, "-o", out])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("needs columns") && r.stderr.contains("'duration_in_month'") && r.stderr.contains("no rows were scored"), r.stderr)
        XCTAssertFalse(r.stderr.contains("'purpose'"), r.stderr)
        // A --keep column that is not there: usage error (64).
        let k = try CLI.run(["score", model, CLI.german, "-o", out, "--keep", "branch"])
        XCTAssertEqual(k.status, 64)
        XCTAssertTrue(k.stderr.contains("--keep 'branch': no such column"), k.stderr)
        // Extra columns are ignored.
        let extra = try CLI.run(["score", model, temporaryFile("extra.csv", Self.applicants()), "-o", "-"])
        XCTAssertEqual(extra.status, 0, extra.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "previous\n")
    }

    /// A short and a long row among good rows, in several chunks: rejected with their lines, every other row
    /// scored exactly as in the file without them (byte-equal output lines), rows in = scored + rejected.
    func testRaggedRowsAreRejectedAndTheOthersScored() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = try Self.scorecard(in: dir)
        let good = Self.applicants(times: 2).split(separator: "\n").map(String.init)
        // Data rows 700 (short: its last field dropped) and 1300 (long: one field added) become ragged.
        var bad = good
        bad.insert(good[700].split(separator: ",").dropLast().joined(separator: ","), at: 700)
        bad.insert(good[1300] + ",7", at: 1301)
        let fields = good[0].split(separator: ",").count
        let withBad = temporaryFile("ragged.csv", bad.joined(separator: "\n") + "\n")
        let clean = temporaryFile("clean.csv", good.joined(separator: "\n") + "\n")
        for threads in ["1", "2"] {
            let env = ["CREDIT_SCORE_CHUNK_BYTES": "5000", "CREDIT_THREADS": threads]
            let out = dir.appendingPathComponent("scores.csv").path, rejects = dir.appendingPathComponent("rejects.csv").path
            let r = try runWithEnvironment(["score", model, withBad, "-o", out, "--rejects", rejects, "--id", "id",
                                            "--keep", "branch", "--format", "json"], environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any], r.stderr)
            XCTAssertEqual(summary["rowsIn"] as? Int, 2002)
            XCTAssertEqual(summary["rowsRejected"] as? Int, 2)
            XCTAssertEqual(summary["rowsScored"] as? Int, 2000)
            XCTAssertEqual(summary["rejectedByReason"] as? [String: Int], ["wrong number of fields": 2])
            let scored = try String(contentsOfFile: out, encoding: .utf8)
            let c = try runWithEnvironment(["score", model, clean, "-o", "-", "--id", "id", "--keep", "branch"], environment: env)
            XCTAssertEqual(c.status, 0, c.stderr)
            XCTAssertEqual(scored, c.stdout)
            // Row numbers count the ragged rows (data row k is on line k + 1; the long row's quoted field has no newline).
            XCTAssertEqual(try String(contentsOfFile: rejects, encoding: .utf8), "id,row,line,column,reason\n"
                + ",700,701,,\"line 701: \(fields - 1) fields, expected \(fields) (as in the header) — check for an unquoted delimiter or a missing field\"\n"
                + ",1301,1302,,\"line 1302: \(fields + 1) fields, expected \(fields) (as in the header) — check for an unquoted delimiter or a missing field\"\n")
        }
    }

    /// A broken file found after several chunks have been written: exit 65, the old output intact, no temporary file.
    func testFailureMidStreamLeavesThePreviousOutput() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = try Self.scorecard(in: dir)
        let out = dir.appendingPathComponent("scores.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: out))
        // A quote never closed: the rest of the file is one field, so no row boundary can be trusted.
        let data = temporaryFile("quote.csv", Self.applicants(times: 2) + "A,\"B,1,2\n")
        let r = try runWithEnvironment(["score", model, data, "-o", out, "--rejects", dir.appendingPathComponent("rej.csv").path],
                                       environment: ["CREDIT_SCORE_CHUNK_BYTES": "5000"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains(":2002"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "previous\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["card.json", "scores.csv"])
    }

    /// SIGKILL while the scorer is mid-input (standard input held open after 20,000 rows, several chunks
    /// already scored and written): the previous output stays, and no temporary file is left.
    func testKilledMidFileLeavesNoPartialOutput() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = try Self.scorecard(in: dir)
        let out = dir.appendingPathComponent("scores.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: out))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["score", model, "-", "-o", out]
        process.environment = ProcessInfo.processInfo.environment.merging(["CREDIT_SCORE_CHUNK_BYTES": "65536"]) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(Self.applicants(times: 20).utf8))
        // Give it time to score and write what it has; it then waits for more input.
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        try? input.fileHandleForWriting.close()
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "previous\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["card.json", "scores.csv"])
    }
}

/// Runs the binary with extra environment variables.
func runWithEnvironment(_ arguments: [String], environment: [String: String]) throws -> CLIResult {
    try CLI.run(arguments, environment: environment)
}
