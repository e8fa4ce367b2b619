import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The output policy and read-once inputs, end to end (notebooks-docs/bad-input.md, "The output path" and
/// "Inputs that can be read only once"): one test per finding of issue 18 items 2, 3 and 8. Every run happens in
/// a scratch directory; device nodes, FIFOs and links are made there (device nodes as root only, skipped
/// otherwise), a full disk is a small tmpfs in a private mount namespace (`unshare -m`, root only) or a file-size
/// limit — never the machine's own /dev.
final class OutputPolicyCLITests: XCTestCase {
    var dir = URL(fileURLWithPath: "/nonexistent")
    var data = "", model = ""

    override func setUpWithError() throws {
        dir = PackagePaths.temporaryDirectory()
        data = path("data.csv")
        try FileManager.default.copyItem(atPath: CLI.german, toPath: data)
        model = path("model.json")
        let r = try CLI.run(["train", data, "--target", "default", "-o", model])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func bytes(_ p: String) -> Data? { try? Data(contentsOf: URL(fileURLWithPath: p)) }
    func kind(_ p: String) -> mode_t { var st = stat(); return lstat(p, &st) == 0 ? st.st_mode & S_IFMT : 0 }
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }

    /// Runs a bash script in the scratch directory, stopped after two minutes (a FIFO nobody opens would block
    /// for ever); `$0` is the credit binary, `$1`… the arguments.
    @discardableResult
    func bash(_ script: String, _ arguments: String..., environment: [String: String] = [:]) throws -> CLIResult {
        try CLI.run(["120", "/bin/bash", "-c", "cd \"\(dir.path)\" || exit 99\n" + script, CLI.binary] + arguments,
                    executable: "/usr/bin/timeout", environment: environment)
    }

    /// `command` reading the FIFO `fifo` while a background `cat "$1"` writes it (stopped afterwards, so that a
    /// command failing before it opens the FIFO leaves no writer blocked).
    func fromFIFO(_ command: String) -> String {
        "cat \"$1\" > fifo & writer=$!; \(command); status=$?; kill $writer 2>/dev/null; exit $status"
    }

    /// The scores of the training file written to standard output: what every stream below must receive.
    func expectedScores() throws -> String {
        let r = try CLI.run(["score", model, data, "-o", "-"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    // MARK: - Device nodes, FIFOs, descriptors and links are written, not replaced

    /// Finding: as root, `-o /dev/null` replaced the device with a regular file (exit 0); so did /dev/full and any
    /// link; as a normal user `-o /dev/null` failed. Private nodes: null (1:3) and full (1:7).
    func testCharacterDevicesAreWrittenNotReplaced() throws {
        guard mknod(path("null"), S_IFCHR | 0o666, deviceNumber(1, 3)) == 0, mknod(path("full"), S_IFCHR | 0o666, deviceNumber(1, 7)) == 0 else {
            throw XCTSkip("mknod needs root")
        }
        chmod(path("null"), 0o666)
        symlink("null", path("to-null"))
        for arguments in [["-o", path("null")], ["-o", path("to-null")], ["-o", path("null"), "--rejects", path("to-null")]] {
            let r = try CLI.run(["score", model, data] + arguments)
            XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)")
        }
        let full = try CLI.run(["score", model, data, "-o", path("full")])
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.stderr.contains("full: cannot write: No space left on device"), full.stderr)
        XCTAssertEqual(kind(path("null")), S_IFCHR)
        XCTAssertEqual(kind(path("full")), S_IFCHR)
        XCTAssertEqual(kind(path("to-null")), S_IFLNK)
        XCTAssertEqual(names(), ["data.csv", "full", "model.json", "null", "to-null"])

        // As a normal user (nobody, through setpriv): written, not refused for want of a temporary file.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let r = try CLI.run(["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary, "score", model, data, "-o", path("null")],
                            executable: "/usr/bin/setpriv")
        if r.stderr.contains("Permission denied") && r.stderr.contains(CLI.binary) { return }   // binary not reachable as nobody
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(kind(path("null")), S_IFCHR)
    }

    /// Finding: `-o /dev/stdout` (a link to /proc/self/fd/1) was renamed over. A private link to
    /// /proc/self/fd/1 stands in for /dev/stdout; /dev/fd/1 and /proc/self/fd/1 are used as they are (a broken
    /// writer cannot create anything in those directories).
    func testDescriptorPathsWriteToStandardOutput() throws {
        let expected = try expectedScores()
        symlink("/proc/self/fd/1", path("stdout"))
        symlink("stdout", path("to-stdout"))
        for target in [path("stdout"), path("to-stdout"), "/dev/fd/1", "/proc/self/fd/1"] {
            let r = try CLI.run(["score", model, data, "-o", target])
            XCTAssertEqual(r.status, 0, "\(target): \(r.stderr)")
            XCTAssertEqual(r.stdout, expected, target)
        }
        XCTAssertEqual(kind(path("stdout")), S_IFLNK)
        XCTAssertEqual(kind(path("to-stdout")), S_IFLNK)
        // Standard error too (a model file written to fd 2).
        let e = try CLI.run(["export", model, "--to", "pmml", "-o", "/dev/fd/2"])
        XCTAssertEqual(e.status, 0, e.stderr)
        XCTAssertTrue(e.stderr.contains("<PMML"), e.stderr)
    }

    /// Finding: `-o FIFO` replaced the FIFO (its reader hung with 0 bytes); `-o >(gzip > x)` failed.
    func testFIFOAndProcessSubstitutionReceiveTheOutput() throws {
        let expected = try expectedScores()
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        let viaFIFO = try bash("cat fifo > from-fifo.csv & \"$0\" score \"$1\" \"$2\" -o fifo && wait", model, data)
        XCTAssertEqual(viaFIFO.status, 0, viaFIFO.stderr)
        XCTAssertEqual(bytes(path("from-fifo.csv")), Data(expected.utf8))
        XCTAssertEqual(kind(path("fifo")), S_IFIFO)

        let viaSubstitution = try bash("\"$0\" score \"$1\" \"$2\" -o >(gzip > scores.gz) && wait $! && gzip -dc scores.gz > unzipped.csv", model, data)
        XCTAssertEqual(viaSubstitution.status, 0, viaSubstitution.stderr)
        XCTAssertEqual(bytes(path("unzipped.csv")), Data(expected.utf8))
    }

    // MARK: - An output that is an input is refused before any work

    /// Finding: each of these exited 0 and destroyed a file. Now exit 64, naming both, every file byte-equal.
    func testOutputsThatAreInputsAreRefused() throws {
        try FileManager.default.createDirectory(atPath: path("charts"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: data, toPath: path("charts/chart-roc.svg"))
        link(data, path("hard.csv"))
        symlink("data.csv", path("soft.csv"))
        let bins = path("bins.json")
        XCTAssertEqual(try CLI.run(["bin", data, "--target", "default", "--write-bins", bins]).status, 0)
        let perf = path("perf.csv")
        XCTAssertEqual(try CLI.run(["synth", "--rows", "200", "--performance", perf, "-o", path("loans.csv")]).status, 0)
        let x = path("x.csv")
        let cases: [([String], String)] = [
            (["score", model, data, "-o", data], "-o \(data) is also the input DATA; choose another output path"),
            (["score", model, data, "-o", model], "-o \(model) is also the input MODEL; choose another output path"),
            (["score", model, data, "-o", path("hard.csv")], "-o \(path("hard.csv")) is also the input DATA (\(data)); choose another output path"),
            (["score", model, path("soft.csv"), "-o", dir.path + "/./data.csv"], "is also the input DATA (\(path("soft.csv")))"),
            (["score", model, data, "--rejects", data], "--rejects \(data) is also the input DATA"),
            (["score", model, data, "--rejects", x, "-o", x], "--rejects \(x) is also the output -o; give each output its own path"),
            (["train", data, "--target", "default", "-o", data], "-o \(data) is also the input DATA"),
            (["train", data, "--target", "default", "--cv-folds", "2", "--cv-predictions", x, "-o", x], "--oof \(x) is also the output -o"),
            (["train", data, "--target", "default", "--cv-folds", "2", "--cv-predictions", data], "--oof \(data) is also the input DATA"),
            (["train", data, "--target", "default", "--scorecard", "--bins", bins, "-o", bins], "-o \(bins) is also the input --bins"),
            (["bin", data, "--target", "default", "--write-bins", data], "--write-bins \(data) is also the input DATA"),
            (["bin", data, "--target", "default", "--bins", bins, "--write-bins", bins], "--write-bins \(bins) is also the input --bins"),
            (["report", model, data, "-o", data], "-o \(data) is also the input DATA"),
            (["report", model, data, "-o", path("r.html"), "--baseline", path("charts/chart-roc.svg"), "--svg", path("charts")],
             "--svg \(path("charts")) would overwrite chart-roc.svg there, which is the input --baseline"),
            (["export", model, "--to", "pmml", "-o", model], "-o \(model) is also the input MODEL"),
            (["synth", "--rows", "10", "-o", x, "--performance", x], "--performance \(x) is also the output -o"),
            (["vintage", perf, "--target-out", perf], "--target-out \(perf) is also the input DATA"),
        ]
        let before = names().map { bytes(path($0)) }
        for (arguments, message) in cases {
            let r = try CLI.run(arguments)
            XCTAssertEqual(r.status, 64, "\(arguments.joined(separator: " ")): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "expected '\(message)' in: \(r.stderr)")
        }
        XCTAssertEqual(names().map { bytes(path($0)) }, before, "a refused run changed a file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: x))
    }

    // MARK: - An input that can be read only once is read once

    /// Finding: `train <(cat data.csv)` (or a FIFO) trained on a random part of the rows or failed with 64/65;
    /// with CREDIT_THREADS=1 it recorded the SHA-256 of an empty file. Now every row is used, the coefficient
    /// table is the file's, and the recorded SHA-256 is that of the bytes (checked with coreutils' sha256sum).
    func testTrainingFromAPipeUsesEveryRowAndRecordsTheirHash() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { throw XCTSkip("no sha256sum") }
        let reference = try CLI.run([data], executable: "/usr/bin/sha256sum").stdout.prefix(64)
        XCTAssertEqual(reference.count, 64)
        let fromFile = try CLI.run(["train", data, "--target", "default"])
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        for threads in ["1", "2"] {
            let environment = ["CREDIT_THREADS": threads]
            let runs = [
                ("process substitution", "/dev/fd/63", "m1.json",
                 try bash("\"$0\" train <(cat \"$1\") --target default -o m1.json", data, environment: environment)),
                ("FIFO", "fifo", "m2.json", try bash(fromFIFO("\"$0\" train fifo --target default -o m2.json"), data, environment: environment)),
                ("standard input", "<stdin>", "m3.json", try bash("\"$0\" train - --target default -o m3.json < \"$1\"", data, environment: environment)),
            ]
            for (label, name, output, r) in runs {
                XCTAssertEqual(r.status, 0, "\(label), CREDIT_THREADS=\(threads): \(r.stderr)")
                XCTAssertEqual(r.stdout.replacingOccurrences(of: name, with: data), fromFile.stdout, "\(label), CREDIT_THREADS=\(threads): another fit")
                let json = try JSONSerialization.jsonObject(with: bytes(path(output)) ?? Data()) as? [String: Any]
                let record = try XCTUnwrap(json?["training"] as? [String: Any])
                XCTAssertEqual(record["inputSHA256"] as? String, String(reference), "\(label), CREDIT_THREADS=\(threads)")
                XCTAssertEqual(record["rows"] as? Int, 1000, "\(label), CREDIT_THREADS=\(threads)")
                try FileManager.default.removeItem(atPath: path(output))
            }
        }
        // Out of core reads its input several times: a FIFO is refused with the reason.
        let outOfCore = try bash(fromFIFO("\"$0\" train fifo --target default --out-of-core -o m.json"), data)
        XCTAssertEqual(outOfCore.status, 64, outOfCore.stderr)
        XCTAssertTrue(outOfCore.stderr.contains("--out-of-core needs a regular file: fifo is a pipe (FIFO), which can be read only once"), outOfCore.stderr)
    }

    /// Every other command that reads data gives, from a FIFO and from `<(…)`, what it gives from the file (the
    /// file's name aside): no command opens such an input twice.
    func testEveryCommandReadsAPipeOnce() throws {
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        XCTAssertEqual(try CLI.run(["train", data, "--target", "default", "--exclude", "purpose", "-o", path("other.json")]).status, 0)
        let commands: [[String]] = [
            ["describe", "DATA", "--target", "default"],
            ["bin", "DATA", "--target", "default"],
            ["validate", model, "DATA", "--bootstrap", "0"],
            ["score", model, "DATA", "-o", "-"],
            ["monitor", model, data, "DATA"],
            ["compare", "DATA", "--target", "default", "--models", model, path("other.json"), "--bootstrap", "0"],
            ["report", model, "DATA", "-o", path("r.html"), "--bootstrap", "0"],
        ]
        for command in commands {
            let fromFile = try CLI.run(command.map { $0 == "DATA" ? data : $0 })
            XCTAssertEqual(fromFile.status, 0, "\(command[0]): \(fromFile.stderr)")
            let quoted = command.map { $0 == "DATA" ? "DATA" : "'\($0)'" }.joined(separator: " ")
            let viaFIFO = try bash(fromFIFO("\"$0\" " + quoted.replacingOccurrences(of: "DATA", with: "fifo")), data)
            let viaSubstitution = try bash("\"$0\" " + quoted.replacingOccurrences(of: "DATA", with: "<(cat \"$1\")"), data)
            for (label, r, name) in [("FIFO", viaFIFO, "fifo"), ("<(…)", viaSubstitution, "/dev/fd/63")] {
                XCTAssertEqual(r.status, 0, "\(command[0]) \(label): \(r.stderr)")
                XCTAssertEqual(r.stdout.replacingOccurrences(of: name, with: data), fromFile.stdout, "\(command[0]) \(label)")
            }
        }
    }

    /// A model file, a bins spec and a score input in another encoding, each from `<(…)`: read once, to the end
    /// (they used to fail: Foundation's whole-file readers refuse a pipe).
    func testModelsSpecsAndConvertedInputsFromAPipe() throws {
        let expected = try expectedScores()
        let score = try bash("\"$0\" score <(cat \"$1\") <(cat \"$2\") -o -", model, data)
        XCTAssertEqual(score.status, 0, score.stderr)
        XCTAssertEqual(score.stdout, expected)
        let converted = try bash("\"$0\" score \"$1\" <(cat \"$2\") --encoding LATIN1 -o -", model, data)
        XCTAssertEqual(converted.status, 0, converted.stderr)
        XCTAssertEqual(converted.stdout, expected)
        let export = try bash("\"$0\" export <(cat \"$1\") --to pmml -o -", model)
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(export.stdout, try CLI.run(["export", model, "--to", "pmml", "-o", "-"]).stdout)
        let bins = path("bins.json")
        XCTAssertEqual(try CLI.run(["bin", data, "--target", "default", "--write-bins", bins]).status, 0)
        let fromFile = try CLI.run(["bin", data, "--target", "default", "--bins", bins])
        let fromPipe = try bash("\"$0\" bin \"$1\" --target default --bins <(cat \"$2\")", data, bins)
        XCTAssertEqual(fromPipe.status, 0, fromPipe.stderr)
        // The same tables; the header names where the bins came from (the file, or the pipe's /dev/fd path).
        func withoutSource(_ s: String) -> [Substring] { s.split(separator: "\n").filter { !$0.hasPrefix("bins from ") } }
        XCTAssertEqual(withoutSource(fromPipe.stdout), withoutSource(fromFile.stdout))
        XCTAssertTrue(fromFile.stdout.contains("bins from \(bins) (fixed: no search"), fromFile.stdout)
    }

    // MARK: - A failing run keeps every previous output

    /// Finding: on a full disk, `score -o S --rejects R` exited 1 after swapping in the new rejects next to the
    /// old scores. Both ways of running out of space: a file-size limit (any user), and a 12 KB tmpfs in a
    /// private mount namespace (root): the rejects (one row) fit, the scores (7 KB) do not.
    func testFailingRunKeepsEveryPreviousOutput() throws {
        let lines = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n")
        var rows = lines.prefix(301).joined(separator: "\n") + "\n"
        rows += "A15" + lines[1].drop { $0 != "," } + "\n"           // an unseen checking-account level: one reject
        let input = path("input.csv")
        try rows.write(toFile: input, atomically: false, encoding: .utf8)
        let s = path("S.csv"), r = path("R.csv")
        func previous() throws {
            try "old scores\n".write(toFile: s, atomically: false, encoding: .utf8)
            try "old rejects\n".write(toFile: r, atomically: false, encoding: .utf8)
        }
        try previous()
        let limited = try CLI.run(["-c", "ulimit -f 4; exec \"$0\" \"$@\"", CLI.binary, "score", model, input, "--rejects", r, "-o", s],
                                  executable: "/bin/sh")
        XCTAssertEqual(limited.status, 1, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("S.csv: cannot write: File too large"), limited.stderr)
        XCTAssertEqual(try String(contentsOfFile: s, encoding: .utf8), "old scores\n")
        XCTAssertEqual(try String(contentsOfFile: r, encoding: .utf8), "old rejects\n")
        XCTAssertEqual(names(), ["R.csv", "S.csv", "data.csv", "input.csv", "model.json"])
        // Without the limit both are written, one reject among them.
        XCTAssertEqual(try CLI.run(["score", model, input, "--rejects", r, "-o", s]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: r, encoding: .utf8).split(separator: "\n").count, 2)

        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return }
        try FileManager.default.createDirectory(atPath: path("disk"), withIntermediateDirectories: true)
        let script = """
            mount -t tmpfs -o size=12k tmpfs disk || exit 77
            printf 'old scores\\n' > disk/S.csv; printf 'old rejects\\n' > disk/R.csv
            "$0" score "$1" "$2" --rejects disk/R.csv -o disk/S.csv; status=$?
            cat disk/S.csv disk/R.csv; ls -a disk; exit $status
            """
        let full = try CLI.run(["-m", "/bin/sh", "-c", "cd \"\(dir.path)\" && " + script, CLI.binary, model, input], executable: "/usr/bin/unshare")
        if full.status == 77 { return }   // no tmpfs mount allowed here
        XCTAssertEqual(full.status, 1, full.stderr)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        XCTAssertEqual(full.stdout, "old scores\nold rejects\n.\n..\nR.csv\nS.csv\n")
    }

    // MARK: - Long names

    /// Finding: an existing output whose name is ~240 bytes could not be replaced (`.NAME.tmp-PID-RANDOM` was
    /// longer than NAME_MAX), after all the work was done.
    func testLongOutputNamesAreReplaced() throws {
        let long = String(repeating: "s", count: 240) + ".csv", long2 = String(repeating: "r", count: 240) + ".csv"
        let expected = try expectedScores()
        for name in [long, long2] { try "old\n".write(toFile: path(name), atomically: false, encoding: .utf8) }
        let score = try CLI.run(["score", model, data, "-o", path(long), "--rejects", path(long2)])
        XCTAssertEqual(score.status, 0, score.stderr)
        XCTAssertEqual(bytes(path(long)), Data(expected.utf8))
        XCTAssertEqual(try String(contentsOfFile: path(long2), encoding: .utf8), "row,line,column,reason\n")
        let synth = try CLI.run(["synth", "--rows", "50", "-o", path(long)])
        XCTAssertEqual(synth.status, 0, synth.stderr)
        XCTAssertTrue(try String(contentsOfFile: path(long), encoding: .utf8).hasPrefix("loan_id,"))
        XCTAssertEqual(names(), ["data.csv", "model.json", long2, long].sorted())
    }

    // MARK: - synth shows its progress

    /// Finding: `synth --rows 10000000000` wrote into an unnamed (O_TMPFILE) file that `ls` and `du` could not
    /// see. Now `.loans.csv.tmp-PID-…` grows in the directory, and SIGTERM removes it (the previous output
    /// stays); a complete run leaves only its outputs.
    func testSynthWritesAVisibleTemporaryFileAndRemovesItOnSignal() throws {
        try "previous\n".write(toFile: path("loans.csv"), atomically: false, encoding: .utf8)
        let run = try ProcessRun.start(["synth", "--rows", "100000000", "-o", "loans.csv", "--performance", "perf.csv"], cwd: dir)
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        func temporarySize() -> Int? {
            guard let name = names().first(where: { $0.hasPrefix(".loans.csv.tmp-\(run.processIdentifier)-") }) else { return nil }
            return (try? FileManager.default.attributesOfItem(atPath: path(name))[.size] as? Int) ?? nil
        }
        let deadline = Date().addingTimeInterval(60)
        var sizes: [Int] = []
        while Date() < deadline && run.isRunning && sizes.count < 2 {
            if let size = temporarySize(), size > (sizes.last ?? 0) { sizes.append(size) }
            usleep(100_000)
        }
        XCTAssertEqual(sizes.count, 2, "no growing .loans.csv.tmp-… seen: \(names())")
        XCTAssertTrue(names().contains { $0.hasPrefix(".perf.csv.tmp-\(run.processIdentifier)-") }, "\(names())")
        kill(run.processIdentifier, SIGTERM)
        run.waitUntilExit()
        XCTAssertEqual(run.terminationReason, .uncaughtSignal)
        XCTAssertEqual(names().filter { !$0.hasPrefix(".std") }, ["data.csv", "loans.csv", "model.json"])
        XCTAssertEqual(try String(contentsOfFile: path("loans.csv"), encoding: .utf8), "previous\n")

        let complete = try ProcessRun.run(["synth", "--rows", "1000", "-o", "loans.csv", "--performance", "perf.csv"], cwd: dir)
        XCTAssertEqual(complete.status, 0, complete.stderr)
        XCTAssertEqual(names().filter { !$0.hasPrefix(".std") }, ["data.csv", "loans.csv", "model.json", "perf.csv"])
    }
}

/// Linux's `makedev` (the macro is not imported): the device number of major:minor.
func deviceNumber(_ major: UInt64, _ minor: UInt64) -> dev_t {
    dev_t(((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12) | ((major & ~0xfff) << 32))
}
