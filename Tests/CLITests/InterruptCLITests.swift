import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// SIGKILL at random points of `credit train -o` and `credit score -o --rejects` never leaves a partial output:
/// the output path holds nothing (first run), the complete previous file (byte-equal), or a complete new file
/// (when the run had finished), and no temporary file is left beside it. Concurrent runs write the same bytes
/// as runs alone.
final class InterruptCLITests: XCTestCase {
    /// Seeded synthetic applications: 120,000 for scoring, 40,000 for training (a debug-build fit of 200,000
    /// rows takes ~10 s, too long for the eleven runs of each test).
    static let fixture: (dir: URL, data: String, trainData: String) = {
        let dir = PackagePaths.temporaryDirectory()
        func synth(_ rows: Int, _ name: String) -> String {
            let path = dir.appendingPathComponent(name).path
            let r = try! ProcessRun.run(["synth", "--rows", String(rows), "--seed", "23", "-o", path], cwd: dir)
            precondition(r.status == 0, r.stderr)
            return path
        }
        return (dir, synth(120_000, "applications.csv"), synth(40_000, "train.csv"))
    }()
    static let epoch = ["SOURCE_DATE_EPOCH": "1767225600"]

    /// The inputs and every run's directory go with the class (tens of MB).
    override class func tearDown() {
        try? FileManager.default.removeItem(at: fixture.dir)
        super.tearDown()
    }

    /// One run killed after `delay` seconds (or left to finish when it ends first); true when it finished.
    func runAndKill(_ arguments: [String], cwd: URL, after delay: Double) throws -> (finished: Bool, status: Int32) {
        let process = try ProcessRun.start(arguments, cwd: cwd, environment: Self.epoch)
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationReason == .exit, process.terminationStatus)
    }

    /// Names in `dir` other than the expected ones (a stray temporary file would show up here).
    func strays(in dir: URL, expected: Set<String>) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !expected.contains($0) }.sorted()
    }

    /// Seeded delays spread over a run of `duration` seconds: one in each of `count` equal slices.
    func delays(count: Int, duration: Double, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { k in duration * (Double(k) + rng.uniform()) / Double(count) }
    }

    /// Drives one command: a killed first run, a complete run, `kills` runs of the alternate command killed at
    /// seeded points, then one alternate run left to finish. `check` validates a complete output set.
    func exercise(label: String, outputs: [String], first: [String], alternate: [String], kills: Int, seed: UInt64,
                  check: ([URL]) throws -> Void) throws {
        let work = ProcessRun.directory(Self.fixture.dir, "\(label)-work")
        let out = ProcessRun.directory(Self.fixture.dir, "\(label)-out")
        let paths = outputs.map { out.appendingPathComponent($0) }
        func current() -> [Data?] { paths.map { ProcessRun.bytes($0) } }

        // A complete timed run first (into a scratch directory) sets the time scale of the kills.
        let scratch = ProcessRun.directory(Self.fixture.dir, "\(label)-scratch")
        let timedArguments = first.map { $0 == out.path ? scratch.path : $0 }.map { a in
            outputs.reduce(a) { $0.replacingOccurrences(of: out.appendingPathComponent($1).path, with: scratch.appendingPathComponent($1).path) }
        }
        let start = Date()
        let timed = try ProcessRun.run(timedArguments, cwd: work, environment: Self.epoch)
        let duration = Date().timeIntervalSince(start)
        XCTAssertEqual(timed.status, 0, timed.stderr)

        // Killed before any output existed: nothing at the path, nothing beside it.
        let early = try runAndKill(first, cwd: work, after: duration * 0.1)
        if early.finished {   // not expected at a tenth of the run's time; then the output must be complete
            try check(paths)
            for path in paths { try? FileManager.default.removeItem(at: path) }
        } else {
            XCTAssertEqual(current(), paths.map { _ in nil }, "\(label): a killed first run left an output")
            XCTAssertEqual(strays(in: out, expected: []), [], "\(label): stray files after a killed first run")
        }

        // A complete run: the baseline.
        let complete = try ProcessRun.run(first, cwd: work, environment: Self.epoch)
        XCTAssertEqual(complete.status, 0, complete.stderr)
        try check(paths)
        var previous = current()
        let baseline = previous

        var killed = 0, finished = 0
        for delay in delays(count: kills, duration: duration, seed: seed) {
            let r = try runAndKill(alternate, cwd: work, after: delay)
            let now = current()
            XCTAssertEqual(strays(in: out, expected: Set(outputs)), [], "\(label): stray files after a kill at \(delay) s")
            if r.finished {
                finished += 1
                XCTAssertEqual(r.status, 0, "\(label): \(delay) s")
                try check(paths)
            } else {
                killed += 1
                // Each output is either the previous complete file or (when the run had committed it just
                // before the kill) a complete new one.
                for (k, path) in paths.enumerated() where now[k] != previous[k] {
                    XCTAssertNotNil(now[k], "\(label): \(outputs[k]) vanished after a kill at \(delay) s")
                    try check([path])
                }
            }
            previous = now
        }
        XCTAssertGreaterThan(killed, 0, "\(label): no run was killed mid-way (\(finished) finished)")
        print("\(label): run \(String(format: "%.1f", duration)) s; \(killed) killed mid-run, \(finished) finished before the kill")

        // One alternate run left to finish, then "killed" after it ended: a complete, different output.
        let last = try runAndKill(alternate, cwd: work, after: duration * 20)
        XCTAssertTrue(last.finished)
        XCTAssertEqual(last.status, 0)
        try check(paths)
        XCTAssertNotEqual(current(), baseline, "\(label): the alternate command should write different bytes")
        XCTAssertEqual(strays(in: out, expected: Set(outputs)), [])
    }

    /// A model file is complete when `credit export` loads it (format, version and content seal checked).
    func checkModel(_ paths: [URL]) throws {
        for path in paths {
            let r = try ProcessRun.run(["export", path.path, "--to", "sql", "--table", "applicants", "-o", "-"], cwd: Self.fixture.dir)
            XCTAssertEqual(r.status, 0, "\(path.lastPathComponent) does not load: \(r.stderr)")
        }
    }

    func testKilledTrainLeavesNoPartialModel() throws {
        let model = Self.fixture.dir.appendingPathComponent("train-out/model.json").path
        let base = ["train", Self.fixture.trainData, "--target", "default"]
        try exercise(label: "train", outputs: ["model.json"],
                     first: base + ["--exclude", "loan_id,application_date", "-o", model],
                     alternate: base + ["--exclude", "loan_id,application_date,region", "-o", model],
                     kills: 8, seed: 101, check: checkModel)
    }

    func testKilledScoreLeavesNoPartialScoresOrRejects() throws {
        // A model trained once on the smaller synthetic file (same columns).
        let modelDir = ProcessRun.directory(Self.fixture.dir, "score-model")
        let synthModel = modelDir.appendingPathComponent("synth.json").path
        let t2 = try ProcessRun.run(["train", Self.fixture.trainData, "--target", "default", "--exclude", "loan_id,application_date",
                                     "-o", synthModel], cwd: modelDir)
        XCTAssertEqual(t2.status, 0, t2.stderr)
        let out = Self.fixture.dir.appendingPathComponent("score-out")
        let scores = out.appendingPathComponent("scores.csv").path, rejects = out.appendingPathComponent("rejects.csv").path
        let inputRows = 120_000
        try exercise(label: "score", outputs: ["scores.csv", "rejects.csv"],
                     first: ["score", synthModel, Self.fixture.data, "-o", scores, "--rejects", rejects],
                     alternate: ["score", synthModel, Self.fixture.data, "--id", "loan_id", "-o", scores, "--rejects", rejects],
                     kills: 8, seed: 202) { paths in
            // Complete: scored + rejected rows account for every input row, and each file ends in a newline.
            var rows = 0
            for path in paths {
                let data = try Data(contentsOf: path)
                XCTAssertEqual(data.last, UInt8(ascii: "\n"), "\(path.lastPathComponent) does not end with a newline")
                rows += data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1   // minus the header
            }
            if paths.count == 2 { XCTAssertEqual(rows, inputRows, "scores + rejects rows") }
            else { XCTAssertGreaterThan(rows, 0) }
        }
    }

    /// Two runs at once (different output files) write the same bytes as one run alone.
    func testConcurrentRunsWriteTheSameBytesAsAlone() throws {
        let root = ProcessRun.directory(Self.fixture.dir, "concurrent")
        let data = ProcessRun.directory(root, "input").appendingPathComponent("apps.csv").path
        XCTAssertEqual(try ProcessRun.run(["synth", "--rows", "20000", "--seed", "5", "-o", data], cwd: root).status, 0)
        let train = ["train", data, "--target", "default", "--exclude", "loan_id,application_date", "-o", "model.json"]
        let alone = ProcessRun.directory(root, "alone"), a = ProcessRun.directory(root, "a"), b = ProcessRun.directory(root, "b")
        XCTAssertEqual(try ProcessRun.run(train, cwd: alone, environment: Self.epoch).status, 0)
        // Same relative output name in each directory, so the recorded command line is the same.
        let pa = try ProcessRun.start(train, cwd: a, environment: Self.epoch)
        let pb = try ProcessRun.start(train, cwd: b, environment: Self.epoch)
        pa.waitUntilExit(); pb.waitUntilExit()
        XCTAssertEqual(pa.terminationStatus, 0); XCTAssertEqual(pb.terminationStatus, 0)
        let model = ProcessRun.bytes(alone.appendingPathComponent("model.json"))
        XCTAssertNotNil(model)
        XCTAssertEqual(ProcessRun.bytes(a.appendingPathComponent("model.json")), model)
        XCTAssertEqual(ProcessRun.bytes(b.appendingPathComponent("model.json")), model)

        let modelPath = alone.appendingPathComponent("model.json").path
        let score = ["score", modelPath, data, "--id", "loan_id", "-o", "scores.csv", "--rejects", "rejects.csv"]
        XCTAssertEqual(try ProcessRun.run(score, cwd: alone).status, 0)
        let sa = try ProcessRun.start(score, cwd: a), sb = try ProcessRun.start(score, cwd: b)
        sa.waitUntilExit(); sb.waitUntilExit()
        XCTAssertEqual(sa.terminationStatus, 0); XCTAssertEqual(sb.terminationStatus, 0)
        for name in ["scores.csv", "rejects.csv"] {
            let expected = ProcessRun.bytes(alone.appendingPathComponent(name))
            XCTAssertNotNil(expected)
            XCTAssertEqual(ProcessRun.bytes(a.appendingPathComponent(name)), expected, name)
            XCTAssertEqual(ProcessRun.bytes(b.appendingPathComponent(name)), expected, name)
        }
    }
}
