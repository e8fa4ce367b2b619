import Foundation
import TestSupport
import XCTest

/// `credit describe` streams its input: memory stays flat on standard input beyond every budget, the budgets
/// show in the output, and a column turning categorical late is read again from a file.
final class DescribeStreamCLITests: XCTestCase {
    /// Runs `credit describe -` with standard input from `/bin/sh -c generator`; returns the result and the
    /// child's peak resident set (VmHWM of /proc/PID/status, polled every 20 ms until it exits), in kB.
    private func describeStream(generator: String, arguments: [String] = [],
                                environment: [String: String] = [:]) throws -> (CLIResult, peakKB: Int) {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let pipe = Pipe()
        let credit = Process()
        credit.executableURL = URL(fileURLWithPath: CLI.binary)
        credit.arguments = ["describe", "-"] + arguments
        if !environment.isEmpty { credit.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        credit.standardInput = pipe
        credit.standardOutput = out
        credit.standardError = err
        let source = Process()
        source.executableURL = URL(fileURLWithPath: "/bin/sh")
        source.arguments = ["-c", generator]
        source.standardOutput = pipe
        try credit.run()
        try source.run()
        try pipe.fileHandleForWriting.close()      // the generator holds the write end now
        let status = "/proc/\(credit.processIdentifier)/status"
        var peak = 0
        while credit.isRunning {
            if let text = try? String(contentsOfFile: status, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) {
                peak = max(peak, kb)
            }
            usleep(20_000)
        }
        credit.waitUntilExit()
        source.waitUntilExit()
        try out.close(); try err.close()
        return (CLIResult(status: credit.terminationStatus,
                          stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)), peak)
    }

    /// 3,000,000 rows on standard input: `x` has about a million distinct values (beyond the 1,048,576 numbers
    /// kept and the 100,000 distinct values counted: sketched), `y` two (beyond the numbers kept: counted).
    /// Reading it whole, as describe did before it streamed, held the input twice and 32 bytes per row
    /// (about 200 MB); streamed, the peak stays under 150 MB whatever the row count (measured: see
    /// notebooks-docs/bad-input.md).
    func testStandardInputBeyondEveryBudgetStaysUnderTheMemoryBound() throws {
        let rows = 3_000_000
        let (r, peakKB) = try describeStream(
            generator: "awk 'BEGIN { print \"x,y\"; for (i = 0; i < \(rows); i++) printf \"%d,%d\\n\", (i * 7919) % 1000003, i % 2 }'",
            arguments: ["--target", "y"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("<stdin>: 3,000,000 rows, 2 columns"), r.stdout)
        XCTAssertTrue(r.stdout.contains("bad (= 1) 1,500,000, good 1,500,000, bad rate 50.0%"), r.stdout)
        let x = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("x ") })
        XCTAssertTrue(x.contains("≥ 100,000"), String(x))
        XCTAssertTrue(r.stdout.contains("x: p25, median and p75 are estimated by a quantile sketch, each within"), r.stdout)
        let y = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("y ") })
        XCTAssertEqual(y.split(separator: " ").map(String.init), ["y", "numeric", "0", "2", "0.5", "0", "0", "0.5", "1", "1"])
        XCTAssertEqual(r.stderr, "")
        XCTAssertGreaterThan(peakKB, 0, "VmHWM was not read")
        XCTAssertLessThan(peakKB, 150_000, "peak RSS \(peakKB) kB")
    }

    /// A column numeric for 3,000 rows, then text: from a file, read again (the output is the one-chunk output,
    /// byte for byte); through a pipe, its numbers are counted by value and a note says so.
    func testColumnTurningCategoricalLate() throws {
        var text = "amount,flag\n"
        for i in 0..<3000 { text += "\(["1", "2.50", "3"][i % 3]),\(i % 2)\n" }
        text += "unknown,1\n"
        let path = temporaryFile("late.csv", text)
        let whole = try CLI.run(["describe", path, "--target", "flag"])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertTrue(whole.stdout.contains("2.50 (1000)"), whole.stdout)
        let chunked = try CLI.run(["describe", path, "--target", "flag"], environment: ["CREDIT_DESCRIBE_CHUNK_BYTES": "256"])
        XCTAssertEqual(chunked.stdout, whole.stdout)
        let piped = try describeStream(generator: "cat '\(path)'", arguments: ["--target", "flag"],
                                       environment: ["CREDIT_DESCRIBE_CHUNK_BYTES": "256"]).0
        XCTAssertEqual(piped.status, 0, piped.stderr)
        // The numbers of the chunks before the one with "unknown" (read with its text) count by value.
        XCTAssertTrue(piped.stdout.contains("amount: turned categorical after 2,9"), piped.stdout)
        XCTAssertTrue(piped.stdout.contains("numbers in input that cannot be read twice"), piped.stdout)
        XCTAssertTrue(piped.stdout.contains("2.5 ("), piped.stdout)
        // A one-chunk pipe is read exactly.
        let one = try describeStream(generator: "cat '\(path)'", arguments: ["--target", "flag"]).0
        XCTAssertEqual(one.stdout.replacingOccurrences(of: "<stdin>", with: path), whole.stdout)
    }

    /// More distinct levels than the budget: shown as "≥ 100,000", with a note.
    func testDistinctLevelsBeyondTheBudget() throws {
        let r = try describeStream(generator: "awk 'BEGIN { print \"id,n\"; for (i = 0; i < 120000; i++) printf \"A%d,%d\\n\", i, i % 7 }'").0
        XCTAssertEqual(r.status, 0, r.stderr)
        let id = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("id ") })
        XCTAssertTrue(id.contains("categorical") && id.contains("≥ 100,000"), String(id))
        XCTAssertTrue(r.stdout.contains("id: distinct values counted up to 100,000; top levels are the most frequent of those"), r.stdout)
        let n = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("n ") })
        XCTAssertFalse(n.contains("≥"), String(n))
    }

    func testHelpStatesTheLimits() throws {
        let r = try CLI.run(["describe", "--help"])
        XCTAssertEqual(r.status, 0)
        for phrase in ["memory", "100,000", "1,048,576", "quantile sketch", "read twice"] {
            XCTAssertTrue(r.stdout.contains(phrase), "\(phrase): \(r.stdout)")
        }
    }
}
