import Foundation
import TestSupport
import XCTest

final class CLIHelpTests: XCTestCase {
    func testHelpShowsExamplesAndExitsZero() throws {
        for command in [["--help"], ["describe", "--help"], ["train", "--help"], ["score", "--help"]] {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 0, "\(command)")
            XCTAssertTrue(r.stdout.contains("Examples:") || r.stdout.contains("EXAMPLES") || r.stdout.contains("credit "), "\(command): \(r.stdout)")
        }
    }

    func testVersion() throws {
        let r = try CLI.run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertFalse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    func testUnknownOptionIsUsageError() throws {
        let r = try CLI.run(["train", CLI.german, "--target", "default", "--no-such-flag"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("no-such-flag"), r.stderr)
    }

    func testBadTypeOverrideIsUsageError() throws {
        let r = try CLI.run(["describe", CLI.german, "--type", "age_in_years=text"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--type"), r.stderr)
    }
}

final class CLIDescribeTests: XCTestCase {
    func testDescribeGerman() throws {
        let r = try CLI.run(["describe", CLI.german, "--target", "default"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("1,000 rows, 21 columns"), r.stdout)
        XCTAssertTrue(r.stdout.contains("bad (= 1) 300, good 700, bad rate 30.0%"), r.stdout)
        // duration_in_month: pandas describe gives mean 20.903, quartiles 12 / 18 / 24, min 4, max 72.
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("duration_in_month") })
        for value in ["20.903", "4", "12", "18", "24", "72"] { XCTAssertTrue(line.contains(value), String(line)) }
    }

    func testDescribeJSON() throws {
        let r = try CLI.run(["describe", CLI.german, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["rows"] as? Int, 1000)
        XCTAssertEqual((json?["columns"] as? [Any])?.count, 21)
    }

    func testChineseNamesAlignByDisplayWidth() throws {
        let path = temporaryFile("cn.csv", "收入,职业,违约\n3500,零工,0\n8000,个体户,1\n5000,农民,0\n4200,零工,1\n")
        let r = try CLI.run(["describe", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(r.stdout.contains("零工 (2)"), r.stdout)
        // The "type" column starts at the same display column on every row of the table.
        let rows = lines.filter { $0.hasPrefix("收入") || $0.hasPrefix("职业") || $0.hasPrefix("违约") || $0.hasPrefix("column") }
        XCTAssertEqual(rows.count, 4, r.stdout)
        func typeColumn(_ line: String) -> Int? {
            guard let range = line.range(of: line.hasPrefix("column") ? "type" : (line.contains("numeric") ? "numeric" : "categorical")) else { return nil }
            return line[line.startIndex..<range.lowerBound].reduce(0) { $0 + (($1.unicodeScalars.first!.value >= 0x4E00) ? 2 : 1) }
        }
        XCTAssertEqual(Set(rows.compactMap(typeColumn)).count, 1, r.stdout)
    }
}

final class CLITrainScoreTests: XCTestCase {
    func testTrainGermanPrintsTableAndWritesModel() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("model.json").path
        let r = try CLI.run(["train", CLI.german, "--target", "default", "-o", model])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("rows used 1,000 of 1,000"), r.stdout)
        XCTAssertTrue(r.stdout.contains("converged"), r.stdout)
        XCTAssertTrue(r.stdout.contains("duration_in_month"), r.stdout)
        XCTAssertTrue(r.stdout.contains("purpose="), r.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any])
        XCTAssertEqual(json["format"] as? String, "credit-model")
        XCTAssertEqual(json["version"] as? Int, 3)
        let training = try XCTUnwrap(json["training"] as? [String: Any])
        XCTAssertEqual(training["rows"] as? Int, 1000)
        XCTAssertEqual(training["bads"] as? Int, 300)
        // Independent reference for the fingerprint: coreutils sha256sum.
        let sum = Process()
        sum.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sum.arguments = ["sha256sum", CLI.german]
        let pipe = Pipe()
        sum.standardOutput = pipe
        try sum.run()
        sum.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init)
        XCTAssertEqual(training["inputSHA256"] as? String, expected)
    }

    func testTrainJSONFormat() throws {
        let r = try CLI.run(["train", CLI.german, "--target", "default", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let result = try XCTUnwrap(json["result"] as? [String: Any])
        XCTAssertEqual((result["termNames"] as? [String])?.first, "const")
        XCTAssertEqual(result["observations"] as? Int, 1000)
    }

    func testScoreTrainingFileScoresEveryRow() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("model.json").path
        let scores = dir.appendingPathComponent("scores.csv").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", model]).status, 0)
        let r = try CLI.run(["score", model, CLI.german, "-o", scores])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("rows in 1,000, scored 1,000, rejected 0"), r.stderr)
        let rows = simpleCSV(scores)
        XCTAssertEqual(rows.first, ["row", "pd"])
        XCTAssertEqual(rows.count, 1001)
        let pds = rows.dropFirst().compactMap { Double($0[1]) }
        XCTAssertEqual(pds.count, 1000)
        XCTAssertTrue(pds.allSatisfy { $0 > 0 && $0 < 1 })
        // The mean fitted PD of a logistic regression with intercept equals the bad rate (score equation).
        assertClose(pds.reduce(0, +) / 1000, 0.3, absolute: 1e-9)
    }

    func testScoreStdinToStdoutWithIdAndRejects() throws {
        let dir = PackagePaths.temporaryDirectory()
        let train = temporaryFile("train.csv", """
            id,income,job,bad
            a1,3000,gig,1
            a2,5000,salaried,0
            a3,4000,gig,0
            a4,2000,farmer,1
            a5,6000,salaried,0
            a6,3500,farmer,0
            a7,2500,gig,1
            a8,7000,salaried,1
            a9,4500,farmer,0
            a10,3900,gig,0

            """)
        let model = dir.appendingPathComponent("m.json").path
        let t = try CLI.run(["train", train, "--target", "bad", "--exclude", "id", "-o", model])
        XCTAssertEqual(t.status, 0, t.stderr)
        let applicants = "id,job,income\nb1,gig,3100\nb2,pilot,4000\nb3,farmer,\nb4,salaried,5100\n"
        let rejects = dir.appendingPathComponent("rejects.csv").path
        let r = try CLI.run(["score", model, "-", "--id", "id", "--rejects", rejects, "-o", "-"], stdin: Data(applicants.utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "id,pd")
        XCTAssertEqual(lines.dropFirst().map { String($0.split(separator: ",")[0]) }, ["b1", "b4"])
        XCTAssertTrue(r.stderr.contains("rows in 4, scored 2, rejected 2"), r.stderr)
        let rej = simpleCSV(rejects)
        XCTAssertEqual(rej.count, 3)
        XCTAssertEqual(rej[0], ["id", "row", "line", "column", "reason"])
        XCTAssertEqual(rej[1].prefix(4), ["b2", "2", "3", "job"])
        XCTAssertTrue(rej[1][4].contains("pilot"))
        XCTAssertEqual(rej[2].prefix(4), ["b3", "3", "4", "income"])
    }

    func testChineseColumnsAndCategoriesTrainAndScore() throws {
        var rows = ["收入,职业,违约"]
        var rng = SeededGenerator(seed: 7)
        let jobs = ["零工", "个体户", "农民", "工薪"]
        for _ in 0..<400 {
            let income = 2000 + 6000 * rng.uniform()
            let job = jobs[Int(rng.next() % 4)]
            let eta = 1.5 - income / 3000 + (job == "零工" ? 0.8 : 0)
            let bad = rng.uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
            rows.append("\(Int(income)),\(job),\(bad)")
        }
        let data = temporaryFile("cn.csv", rows.joined(separator: "\n") + "\n")
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("模型.json").path
        let t = try CLI.run(["train", data, "--target", "违约", "--reference", "职业=工薪", "-o", model])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stdout.contains("职业=零工"), t.stdout)
        XCTAssertFalse(t.stdout.contains("职业=工薪"), t.stdout)
        let s = try CLI.run(["score", model, data, "-o", dir.appendingPathComponent("分数.csv").path])
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertTrue(s.stderr.contains("scored 400"), s.stderr)
    }
}

final class CLIErrorTests: XCTestCase {
    func testMissingFile() throws {
        let r = try CLI.run(["train", "/nonexistent/loans.csv", "--target", "bad"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("/nonexistent/loans.csv"), r.stderr)
    }

    /// With --encoding the input is read whole before it is converted: a missing file is still "no such file"
    /// (exit 1), not an empty file.
    func testScoreWithEncodingReportsAMissingFile() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("m.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", model]).status, 0)
        let r = try CLI.run(["score", model, "/nonexistent/applicants.csv", "--encoding", "LATIN1", "-o", "-"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "credit: error: /nonexistent/applicants.csv: no such file\n")
    }

    func testMissingTargetColumnListsColumns() throws {
        let r = try CLI.run(["train", CLI.german, "--target", "defualt"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("defualt"), r.stderr)
        XCTAssertTrue(r.stderr.contains("duration_in_month"), r.stderr)
    }

    func testNonBinaryTarget() throws {
        let path = temporaryFile("three.csv", "x,y\n1,0\n2,1\n3,2\n4,0\n5,1\n")
        let r = try CLI.run(["train", path, "--target", "y"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("y"), r.stderr)
        XCTAssertTrue(r.stderr.lowercased().contains("binary") || r.stderr.contains("two"), r.stderr)
    }

    func testEmptyFile() throws {
        let path = temporaryFile("empty.csv", "")
        let r = try CLI.run(["train", path, "--target", "y"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("empty.csv"), r.stderr)
        XCTAssertTrue(r.stderr.lowercased().contains("empty"), r.stderr)
    }

    func testRaggedRowNamesLine() throws {
        let path = temporaryFile("ragged.csv", "x,y\n1,0\n2,1,9\n3,0\n")
        let r = try CLI.run(["train", path, "--target", "y"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("ragged.csv:3"), r.stderr)
    }

    func testTextInNumericColumnNamesLineAndColumn() throws {
        let path = temporaryFile("text.csv", "x,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n")
        let r = try CLI.run(["train", path, "--target", "y", "--type", "x=numeric", "--type", "y=numeric"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let bad = temporaryFile("text2.csv", "x,y\n1,0\nabc,1\n")
        let r2 = try CLI.run(["describe", bad, "--type", "x=numeric"])
        XCTAssertEqual(r2.status, 65)
        XCTAssertTrue(r2.stderr.contains("text2.csv:3:1"), r2.stderr)
        XCTAssertTrue(r2.stderr.contains("abc"), r2.stderr)
    }

    func testNotAModelFile() throws {
        let r = try CLI.run(["score", CLI.german, CLI.german])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("german_credit.csv"), r.stderr)
    }

    func testNewerModelVersion() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("model.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", model]).status, 0)
        var text = try String(contentsOfFile: model, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 7")
        try text.write(toFile: model, atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", model, CLI.german])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("version 7"), r.stderr)
        XCTAssertTrue(r.stderr.contains("newer"), r.stderr)
    }

    func testMissingModelColumnFailsBeforeWritingAndKeepsOldOutput() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("model.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", model]).status, 0)
        let out = dir.appendingPathComponent("scores.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: out))
        let data = temporaryFile("few.csv", "age_in_years,default\n30,0\n")
        let r = try CLI.run(["score", model, data, "-o", out])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("status_of_existing_checking_account"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "previous\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testOutputDirectoryMissing() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("model.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", model]).status, 0)
        let r = try CLI.run(["score", model, CLI.german, "-o", "/nonexistent-dir/scores.csv"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("/nonexistent-dir"), r.stderr)
    }
}

final class CLIEncodingTests: XCTestCase {
    /// "收入,职业,违约" / values in GB18030, bytes from Python 3.11: '…'.encode('gb18030').
    static let gb18030: [UInt8] = {
        var bytes: [UInt8] = []
        bytes += [0xCA, 0xD5, 0xC8, 0xEB, 0x2C, 0xD6, 0xB0, 0xD2, 0xB5, 0x2C, 0xCE, 0xA5, 0xD4, 0xBC, 0x0A]  // 收入,职业,违约
        bytes += Array("3500,".utf8) + [0xC1, 0xE3, 0xB9, 0xA4] + Array(",0\n".utf8)                          // 零工
        bytes += Array("8000,".utf8) + [0xC5, 0xA9, 0xC3, 0xF1] + Array(",1\n".utf8)                          // 农民
        return bytes
    }()

    func testInvalidUTF8SuggestsEncoding() throws {
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("gbk.csv")
        try Data(Self.gb18030).write(to: url)
        let r = try CLI.run(["describe", url.path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("gbk.csv:1"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--encoding"), r.stderr)
    }

    func testEncodingOptionReadsGB18030() throws {
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("gbk.csv")
        try Data(Self.gb18030).write(to: url)
        let r = try CLI.run(["describe", url.path, "--encoding", "GB18030"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("收入"), r.stdout)
        XCTAssertTrue(r.stdout.contains("零工 (1)"), r.stdout)
    }
}

final class CLISynthVintageTests: XCTestCase {
    func testSynthIsDeterministicAndFeedsVintage() throws {
        let dir = PackagePaths.temporaryDirectory()
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        let perf = dir.appendingPathComponent("perf.csv").path
        let r1 = try CLI.run(["synth", "--rows", "3000", "--seed", "5", "--shock", "2025-01-01", "--performance", perf, "-o", a])
        XCTAssertEqual(r1.status, 0, r1.stderr)
        XCTAssertTrue(r1.stderr.contains("3000 loans"), r1.stderr)
        XCTAssertEqual(try CLI.run(["synth", "--rows", "3000", "--seed", "5", "--shock", "2025-01-01", "-o", b]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))

        let target = dir.appendingPathComponent("target.csv").path
        let v = try CLI.run(["vintage", perf, "--target-out", target, "--format", "json"])
        XCTAssertEqual(v.status, 0, v.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["loans"] as? Int, 3000)
        XCTAssertEqual(json["asOf"] as? String, "2026-01")
        let rows = simpleCSV(target)
        XCTAssertEqual(rows.first, ["loan_id", "bad", "outcome"])
        XCTAssertEqual(rows.count, 3001)

        // The synthetic file trains end to end with the tool itself.
        let t = try CLI.run(["train", a, "--target", "default", "--exclude", "loan_id,application_date"])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stdout.contains("rows dropped"), t.stdout)   // thin files miss bureau fields
    }

    func testSynthRejectsBadOptions() throws {
        XCTAssertEqual(try CLI.run(["synth", "--rows", "0", "-o", "-"]).status, 64)
        let r = try CLI.run(["synth", "--rows", "10", "--shock", "2025-13-01", "-o", "-"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--shock"), r.stderr)
    }

    func testVintageMissingColumn() throws {
        let path = temporaryFile("perf.csv", "id,cohort,month_on_book,days_past_due\nA,2024-01,1,0\n")
        let r = try CLI.run(["vintage", path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("no column 'loan_id'"), r.stderr)
        XCTAssertEqual(try CLI.run(["vintage", path, "--id", "id"]).status, 0)
    }
}
