import Foundation
import TestSupport
import XCTest

/// The hostile-user findings of issue 18 (items 6, 7, 8, 11), one test each, run on the built binary (the rows
/// of notebooks-docs/bad-input.md that cite them).
extension BadInputCLITests {
    // MARK: - Missing tokens and text in numeric columns

    /// One `NULL`, `nan`, `None` or `#N/A` (any case) in a numeric column is missing; the column stays numeric.
    /// In a text column only the exact tokens are missing: the level `none` is kept.
    func testMissingTokensInAnyCaseInANumericColumn() throws {
        var text = "a,c,default\n"
        let tokens = ["NULL", "nan", "None", "#N/A", "Null", "NONE", "-", "n/a"]
        for i in 0..<90 {
            let a = i < tokens.count ? tokens[i] : "\(i % 7)"
            text += "\(a),\(i % 10 == 0 ? "none" : ["x", "y", "z"][i % 3]),\((i * 7) % 5 == 0 || i % 11 == 0 ? 1 : 0)\n"
        }
        let data = file("tokens.csv", text)
        let d = try expect(["describe", data], status: 0)
        XCTAssertTrue(d.stdout.contains("a        numeric            8"), d.stdout)
        XCTAssertTrue(d.stdout.contains("c        categorical        0         4"), d.stdout)     // x, y, z and none
        XCTAssertFalse(d.stderr.contains("note"), d.stderr)
        let t = try expect(["train", data, "--target", "default"], status: 0)
        XCTAssertTrue(t.stdout.contains("rows used 82 of 90"), t.stdout)
    }

    /// A few texts in a numeric column: the column is still categorical (a user may mean it), and every command
    /// that infers the types says why and what to do, on stderr.
    func testAFewTextsInANumericColumnAreNoted() throws {
        var lines = Self.goodCSV.split(separator: "\n").map(String.init)
        lines[4] = "unknown" + lines[4].dropFirst()      // row 4, line 5: "3,x,0"
        let text = lines.joined(separator: "\n") + "\n"
        let data = file("unknown.csv", text)
        let note = "credit: note: \(data): a: read as categorical because of 'unknown' (line 5) — 1 of 90 values;"
            + " use --missing unknown if it means missing, or --type a=categorical to keep it as text"
        let d = try expect(["describe", data], status: 0, note)
        XCTAssertTrue(d.stdout.contains("a        categorical"), d.stdout)
        try expect(["train", data, "--target", "default"], status: 0, note)
        try expect(["bin", data, "--target", "default"], status: 0, note)
        // validate reads the model's columns with the model's types: there 'a' must be numbers, and the error says so.
        try expect(["validate", model, data], status: 65, "unknown.csv:5:1 (a): 'unknown' is not a number — use --missing unknown")
        // As the note says: --missing makes it numeric, --type keeps it text; no note either way.
        let missing = try expect(["describe", data, "--missing", "unknown"], status: 0)
        XCTAssertTrue(missing.stdout.contains("a        numeric            1"), missing.stdout)
        XCTAssertFalse(missing.stderr.contains("note"), missing.stderr)
        XCTAssertFalse(try expect(["describe", data, "--type", "a=categorical"], status: 0).stderr.contains("note"))
    }

    /// --missing-values replaces the list (here so that `NA`, North America, is a level); --missing adds to it.
    func testMissingValuesReplacesTheList() throws {
        var text = "a,region,default\n"
        for i in 0..<20 { text += "\(i == 1 ? "-1" : i == 19 ? "" : "\(i)"),\(i % 2 == 0 ? "NA" : "EU"),\(i % 3 == 0 ? 1 : 0)\n" }
        let data = file("regions.csv", text)
        let defaults = try expect(["describe", data], status: 0)
        XCTAssertTrue(defaults.stdout.contains("region   categorical       10         1"), defaults.stdout)
        // The empty field and -1 (a sentinel) are missing; NA is a level.
        let replaced = try expect(["describe", data, "--missing-values", ",-1"], status: 0)
        XCTAssertTrue(replaced.stdout.contains("region   categorical        0         2"), replaced.stdout)
        XCTAssertTrue(replaced.stdout.contains("NA (10)"), replaced.stdout)
        XCTAssertTrue(replaced.stdout.contains("a        numeric            2"), replaced.stdout)
        // Without the empty item the empty field is text, and the note says so.
        try expect(["describe", data, "--missing-values=-1"], status: 0, "a: read as categorical because of '' (line 21)", "--missing ''")
        // --missing adds to the list in force, also a token with a comma.
        let added = try expect(["describe", data, "--missing-values", "", "--missing", "E,U", "--missing", "EU"], status: 0)
        XCTAssertTrue(added.stdout.contains("region   categorical       10         1"), added.stdout)
    }

    // MARK: - R's write.csv and UTF-16/32

    func testRowNamesOfRWriteCSV() throws {
        var text = "\"\",\"a\",\"c\",\"default\"\n"
        for (i, line) in Self.goodCSV.split(separator: "\n").dropFirst().enumerated() {
            let f = line.split(separator: ",")
            text += "\"\(i + 1)\",\(f[0]),\"\(f[1])\",\(f[2])\n"
        }
        let data = file("rnames.csv", text)
        try expectAllFail(data, "rnames.csv:1:1: the header's first column has no name — this looks like the row names R's write.csv"
                          + " writes: give --row-names to leave that column out (or write with row.names = FALSE; pandas: to_csv(index=False))")
        // --row-names leaves the column out: every command reads the file as the one without row names (the
        // same model, the same scores), and describe lists 3 columns.
        let plain = file("plain.csv", Self.goodCSV)
        for (command, same) in zip(dataCommands(data), dataCommands(plain)) {
            let r = try expect(command + ["--row-names"], status: 0)
            XCTAssertFalse(r.stderr.contains("row names"), "\(command[0]): \(r.stderr)")
            if command[0] == "describe" { XCTAssertTrue(r.stdout.contains("90 rows, 3 columns"), r.stdout) }
            if command[0] == "validate" || command[0] == "bin" {
                XCTAssertEqual(r.stdout.replacingOccurrences(of: "rnames.csv", with: "plain.csv"), try CLI.run(same).stdout, command[0])
            }
        }
        let outOfCore = try expect(["train", data, "--target", "default", "--row-names", "--out-of-core"], status: 0)
        XCTAssertFalse(outOfCore.stdout.contains("row names"), outOfCore.stdout)
        XCTAssertEqual(try expect(["train", plain, "--target", "default", "--out-of-core"], status: 0).stdout,
                       outOfCore.stdout.replacingOccurrences(of: "rnames.csv", with: "plain.csv"))
        // A header with a name first is read as always with --row-names: nothing is dropped.
        let named = try expect(["describe", plain, "--row-names"], status: 0)
        XCTAssertTrue(named.stdout.contains("90 rows, 3 columns"), named.stdout)
    }

    /// UTF-16 and UTF-32 files with a byte-order mark (as Excel's "Unicode text" and PowerShell write them) are
    /// read; score, which streams its input, names the encoding and the conversion. Never a GB18030 hint.
    func testUTF16AndUTF32WithByteOrderMark() throws {
        for (name, big, width) in [("UTF-16LE", false, 2), ("UTF-16BE", true, 2), ("UTF-32LE", false, 4), ("UTF-32BE", true, 4)] {
            var bytes: [UInt8] = []
            for scalar in ["\u{FEFF}"] + Self.goodCSV.unicodeScalars.map({ String($0) }) {
                let units: [UInt32] = width == 2 ? scalar.utf16.map(UInt32.init) : scalar.unicodeScalars.map(\.value)
                for u in units {
                    let little = (0..<width).map { UInt8(truncatingIfNeeded: u >> (8 * $0)) }
                    bytes += big ? little.reversed() : little
                }
            }
            let data = file("\(name).csv", bytes)
            let d = try expect(["describe", data, "--target", "default"], status: 0)
            XCTAssertTrue(d.stdout.contains("90 rows, 3 columns"), "\(name): \(d.stdout)")
            try expect(["train", data, "--target", "default"], status: 0)
            try expect(["bin", data, "--target", "default"], status: 0)
            try expect(["validate", model, data], status: 0)
            let s = try expect(["score", model, data, "-o", dir.appendingPathComponent("s.csv").path], status: 65,
                               "\(name).csv:1: the file is \(name) (it starts with a \(name) byte-order mark), and this command streams UTF-8 only",
                               "iconv -f \(name) -t UTF-8")
            XCTAssertFalse(s.stderr.contains("GB18030"), s.stderr)
        }
    }

    // MARK: - The model file

    /// `text`, a model file as credit writes it (then edited), with its seal recomputed as anyone can: the
    /// SHA-256 (coreutils sha256sum) of the file without its seal line.
    func resealed(_ text: String) throws -> String {
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"contentSHA256\"") }
            .joined(separator: "\n")
        let path = file("body.json", body)
        let r = try runProgram("/usr/bin/env", ["sha256sum", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let digest = String(r.stdout.prefix(64))
        XCTAssertEqual(digest.count, 64)
        XCTAssertTrue(body.hasPrefix("{\n"))
        return "{\n  \"contentSHA256\" : \"\(digest)\",\n" + body.dropFirst(2)
    }

    /// Runs score, validate and export on a model file and expects exit 65 with the fragments (no crash).
    func expectModelRefused(_ path: String, _ fragments: String..., line: UInt = #line) throws {
        let data = file("good.csv", Self.goodCSV)
        for command in [["score", path, data, "-o", dir.appendingPathComponent("s.csv").path], ["validate", path, data],
                        ["report", path, data, "-o", dir.appendingPathComponent("r.html").path],
                        ["export", path, "--to", "sql", "--table", "t"]] {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 65, "\(command[0]): \(r.stderr)", line: line)
            for f in fragments { XCTAssertTrue(r.stderr.contains(f), "\(command[0]): expected '\(f)' in: \(r.stderr)", line: line) }
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr, line: line)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.csv").path), line: line)
    }

    func testResealingReproducesTheSeal() throws {
        let text = try String(contentsOfFile: model, encoding: .utf8)
        XCTAssertEqual(try resealed(text), text)
    }

    /// Setting the version to 2 and deleting the seal line no longer bypasses the seal.
    func testModelVersionLoweredAndSealDeleted() throws {
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let lowered = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"contentSHA256\"") }
            .joined(separator: "\n").replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 2")
            .replacingOccurrences(of: "\"bad\" : \"1\"", with: "\"bad\" : \"0\"")
        try expectModelRefused(file("v2.json", lowered),
                               "v2.json: model file version 2 carries no \"contentSHA256\" seal; versions 1 and 2 (written before the seal) are not read,"
                               + " because an unsealed file cannot be told from a sealed one whose seal was removed — retrain the model with this build")
    }

    func testDuplicateKeysInAModel() throws {
        let text = try String(contentsOfFile: model, encoding: .utf8)
        try expectModelRefused(file("dupversion.json", text.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 3,\n  \"version\" : 2")),
                               "dupversion.json: model file is damaged or was edited: the key \"version\" appears twice in its object"
                               + " (a model file has each key once; JSON readers differ on which one counts); retrain the model or restore the file")
        // The first "coefficients" is the real one: the seal is valid for it, and jq or Python would show the second.
        let twice = text.replacingOccurrences(of: "\"converged\"", with: "\"coefficients\" : [0, 0, 0, 0],\n    \"converged\"")
        XCTAssertNotEqual(twice, text)
        try expectModelRefused(file("dupcoef.json", twice), "the key \"fit.coefficients\" appears twice")
    }

    func testUnknownKeyAndModelType() throws {
        let text = try String(contentsOfFile: model, encoding: .utf8)
        // Added under the original seal (which covers only what the model reads).
        try expectModelRefused(file("extra.json", text.replacingOccurrences(of: "\"bad\" : \"1\",", with: "\"bad\" : \"1\",\n    \"override\" : \"0\",")),
                               "extra.json: model file is damaged or was edited: unknown key \"target.override\" (this build does not read it,"
                               + " so the seal does not cover it); retrain the model or restore the file")
        try expectModelRefused(file("type.json", try resealed(text.replacingOccurrences(of: "\"model\" : \"logistic-regression\"", with: "\"model\" : \"neural-net\""))),
                               "type.json: model file is damaged or was edited: unknown model type \"neural-net\" (this build reads \"logistic-regression\" and \"scorecard\")")
    }

    /// A 1 GB model file is refused from its size, before it is read (it took 3.2 GB of memory).
    func testModelFileTooLarge() throws {
        let path = file("huge.json", "{")
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        try expectModelRefused(path, "huge.json: the file is 1.1 GB, more than the 64 MiB a model file may have; is it really a model written by 'credit train -o'?")
    }

    /// Values a scorer cannot use, with the seal recomputed: refused on load (Int.max points crashed score,
    /// validate and report; a NaN WoE and ±1e308 coefficients loaded).
    func testModelValuesOutOfRange() throws {
        let card = dir.appendingPathComponent("card.json").path
        let train = try CLI.run(["train", file("good.csv", Self.goodCSV), "--target", "default", "--scorecard", "--min-iv", "0", "-o", card])
        XCTAssertEqual(train.status, 0, train.stderr)
        let text = try String(contentsOfFile: card, encoding: .utf8)
        // The first bin's points and WoE (keys are sorted, so the first "points" list and "woe" are the first
        // characteristic's).
        let points = try XCTUnwrap(text.range(of: #""points" : \[\s+-?[0-9]+"#, options: .regularExpression))
        let firstPoint = String(text[points]).split(separator: "\n").last!.trimmingCharacters(in: .whitespaces)
        let maxPoints = text.replacingCharacters(in: points, with: String(text[points]).replacingOccurrences(of: firstPoint, with: "9223372036854775807"))
        try expectModelRefused(file("points.json", try resealed(maxPoints)),
                               "points.json: model file is damaged or was edited: scorecard points of 'a' bin 1 are 9223372036854775807", "beyond ±1000000000")
        let woe = try XCTUnwrap(text.range(of: #""woe" : -?[0-9.e-]+"#, options: .regularExpression))
        try expectModelRefused(file("woe.json", try resealed(text.replacingCharacters(in: woe, with: "\"woe\" : \"NaN\""))),
                               "woe.json: model file is damaged or was edited: scorecard WoE of 'a' bin 1 is not a finite number")
        let logit = try String(contentsOfFile: model, encoding: .utf8)
        let coefficient = try XCTUnwrap(logit.range(of: #""coefficients" : \[\s+-?[0-9.e-]+"#, options: .regularExpression))
        let first = String(logit[coefficient]).split(separator: "\n").last!.trimmingCharacters(in: .whitespaces)
        let huge = logit.replacingCharacters(in: coefficient, with: String(logit[coefficient]).replacingOccurrences(of: first, with: "1e+308"))
        try expectModelRefused(file("huge-coef.json", try resealed(huge)),
                               "huge-coef.json: model file is damaged or was edited: coefficient of 'const' is 1e+308, beyond ±1e100")
    }
}
