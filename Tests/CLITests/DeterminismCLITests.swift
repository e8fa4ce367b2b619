import Foundation
import TestSupport
import XCTest

/// Starts the built `credit` binary with a chosen environment and working directory (the thread and date
/// variables of the parent are not inherited, so a run sees only what the test sets).
enum ProcessRun {
    static let controlled = ["CREDIT_THREADS", "CREDIT_SCORE_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                             "GOTO_NUM_THREADS", "SOURCE_DATE_EPOCH", "CREDIT_SCORE_CHUNK_BYTES"]

    static func start(_ arguments: [String], cwd: URL, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        for name in controlled { env[name] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        FileManager.default.createFile(atPath: cwd.appendingPathComponent(".stdout").path, contents: nil)
        FileManager.default.createFile(atPath: cwd.appendingPathComponent(".stderr").path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: cwd.appendingPathComponent(".stdout"))
        process.standardError = try FileHandle(forWritingTo: cwd.appendingPathComponent(".stderr"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs to the end; stdout and stderr are left in `cwd/.stdout` and `cwd/.stderr`.
    @discardableResult
    static func run(_ arguments: [String], cwd: URL, environment: [String: String] = [:]) throws -> CLIResult {
        let process = try start(arguments, cwd: cwd, environment: environment)
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: cwd.appendingPathComponent(".stdout"), encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: cwd.appendingPathComponent(".stderr"), encoding: .utf8)) ?? "")
    }

    static func directory(_ parent: URL, _ name: String) -> URL {
        let url = parent.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func bytes(_ url: URL) -> Data? { try? Data(contentsOf: url) }

    /// A short description of where two byte strings first differ (line number and both lines).
    static func firstDifference(_ a: Data, _ b: Data) -> String {
        let la = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lb = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<end>", y = i < lb.count ? String(lb[i]) : "<end>"
            if x != y { return "line \(i + 1): '\(x.prefix(200))' vs '\(y.prefix(200))'" }
        }
        return "same lines, \(a.count) vs \(b.count) bytes"
    }
}

/// Same inputs and seed → byte-identical outputs, run after run and with one or two threads
/// (CREDIT_THREADS for our own code, OPENBLAS_NUM_THREADS for BLAS). SOURCE_DATE_EPOCH fixes the model's
/// training date; every run writes to the same relative file name in its own directory, so the command line
/// recorded in the model is the same too.
final class DeterminismCLITests: XCTestCase {
    /// Settings of the four runs of each command: (CREDIT_THREADS, OPENBLAS_NUM_THREADS).
    static let settings = [("1", "1"), ("1", "1"), ("2", "2"), ("2", "2")]
    static let epoch = ["SOURCE_DATE_EPOCH": "1767225600"]   // 2026-01-01T00:00:00Z

    /// The inputs and every run's directory go with the class (tens of MB).
    override class func tearDown() {
        try? FileManager.default.removeItem(at: fixture.dir)
        super.tearDown()
    }

    /// Shared inputs: 120,000 synthetic applications (about 9.3 MB, above the 8 MiB threshold of the two-part
    /// parse), 30,000 for the binning commands and 1,000 for the cross-validated penalised fit (slow in debug).
    static let fixture: (dir: URL, data: String, medium: String, small: String) = {
        let dir = PackagePaths.temporaryDirectory()
        func synth(_ rows: Int, _ name: String) -> String {
            let path = dir.appendingPathComponent(name).path
            let r = try! ProcessRun.run(["synth", "--rows", String(rows), "--seed", "17", "-o", path], cwd: dir)
            precondition(r.status == 0, r.stderr)
            return path
        }
        return (dir, synth(120_000, "large.csv"), synth(30_000, "medium.csv"), synth(1_000, "small.csv"))
    }()

    /// Runs `arguments` four times (see `settings`), each in a fresh directory, and checks that stdout and
    /// every file in `outputs` are byte-identical across the runs. Returns the first run's directory.
    @discardableResult
    func assertDeterministic(_ label: String, _ arguments: [String], outputs: [String],
                             file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let root = ProcessRun.directory(Self.fixture.dir, "\(label)-\(UUID().uuidString.prefix(8))")
        var first: (dir: URL, stdout: String, files: [Data])?
        for (k, (credit, blas)) in Self.settings.enumerated() {
            let dir = ProcessRun.directory(root, "run\(k)")
            let env = Self.epoch.merging(["CREDIT_THREADS": credit, "OPENBLAS_NUM_THREADS": blas]) { $1 }
            let r = try ProcessRun.run(arguments, cwd: dir, environment: env)
            XCTAssertEqual(r.status, 0, "\(label) run \(k): \(r.stderr)", file: file, line: line)
            var files: [Data] = []
            for name in outputs {
                let data = try XCTUnwrap(ProcessRun.bytes(dir.appendingPathComponent(name)), "\(label): \(name) missing", file: file, line: line)
                XCTAssertGreaterThan(data.count, 0, "\(label): \(name) empty", file: file, line: line)
                files.append(data)
            }
            if let first {
                XCTAssertEqual(r.stdout, first.stdout, "\(label): stdout differs in run \(k) (CREDIT_THREADS=\(credit))", file: file, line: line)
                for (name, (a, b)) in zip(outputs, zip(first.files, files)) where a != b {
                    XCTFail("\(label): \(name) differs in run \(k) (CREDIT_THREADS=\(credit), OPENBLAS_NUM_THREADS=\(blas)): "
                            + ProcessRun.firstDifference(a, b), file: file, line: line)
                }
            } else {
                first = (dir, r.stdout, files)
            }
        }
        return first!.dir
    }

    func testSynthIsByteIdentical() throws {
        try assertDeterministic("synth", ["synth", "--rows", "20000", "--seed", "3", "-o", "apps.csv", "--performance", "perf.csv"],
                                outputs: ["apps.csv", "perf.csv"])
    }

    func testPlainTrainAndScoreAreByteIdentical() throws {
        let exclude = ["--exclude", "loan_id,application_date"]
        let dir = try assertDeterministic("train", ["train", Self.fixture.data, "--target", "default"] + exclude + ["-o", "model.json"],
                                          outputs: ["model.json"])
        let model = dir.appendingPathComponent("model.json").path
        try assertDeterministic("score", ["score", model, Self.fixture.data, "-o", "scores.csv", "--rejects", "rejects.csv",
                                          "--id", "loan_id"], outputs: ["scores.csv", "rejects.csv"])
    }

    func testScorecardAndBinsAreByteIdentical() throws {
        let exclude = ["--exclude", "loan_id,application_date"]
        try assertDeterministic("scorecard", ["train", Self.fixture.medium, "--target", "default", "--scorecard"] + exclude
                                + ["-o", "card.json"], outputs: ["card.json"])
        try assertDeterministic("bin", ["bin", Self.fixture.medium, "--target", "default"] + exclude
                                + ["--write-bins", "bins.json", "--format", "json"], outputs: ["bins.json"])
    }

    func testPenalisedCrossValidatedTrainIsByteIdentical() throws {
        try assertDeterministic("lasso", ["train", Self.fixture.small, "--target", "default", "--exclude", "loan_id,application_date",
                                          "--penalty", "lasso", "--cv-folds", "3", "--seed", "9", "--lambda-count", "5",
                                          "--cv-predictions", "oof.csv", "-o", "lasso.json"], outputs: ["lasso.json", "oof.csv"])
    }

    /// Without SOURCE_DATE_EPOCH the date is the time of the run; with it, the given instant.
    func testSourceDateEpochSetsTheTrainingDate() throws {
        let dir = ProcessRun.directory(Self.fixture.dir, "epoch-\(UUID().uuidString.prefix(8))")
        let r = try ProcessRun.run(["train", CLI.german, "--target", "default", "-o", "m.json"], cwd: dir,
                                   environment: ["SOURCE_DATE_EPOCH": "86400"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as? [String: Any])
        let training = try XCTUnwrap(json["training"] as? [String: Any])
        XCTAssertEqual(training["date"] as? String, "1970-01-02T00:00:00Z")
    }
}
