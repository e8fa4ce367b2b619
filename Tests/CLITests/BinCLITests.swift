import Foundation
import TestSupport
import XCTest

final class CLIBinTests: XCTestCase {
    let few = ["--columns", "duration_in_month,purpose,age_in_years,credit_amount"]

    /// Issue 21 item 4: the trend chosen per characteristic, per-characteristic trends and hand-given bins, the
    /// warning when bad rates break a declared trend, and the header of bins read from a spec.
    func testTrendsCutsGroupsAndTheBrokenTrendWarning() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try CLI.run(["bin", CLI.german, "--target", "default", "--columns", "credit_amount,age_in_years", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let tables = (json["result"] as! [String: Any])["tables"] as! [[String: Any]]
        // auto: credit_amount's valley passes the likelihood-ratio criterion, age's does not (MonotonicTrend.auto).
        XCTAssertEqual(tables.map { $0["trend"] as? String }, ["valley", "descending"])
        // Per characteristic: age descending, credit_amount by hand with a declared descending trend it breaks.
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--columns", "age_in_years,credit_amount,housing",
                         "--trend", "age_in_years=descending", "--cuts", "credit_amount=2000,4000,8000", "--trend", "credit_amount=descending",
                         "--groups", "housing=own,rent|for free"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("age_in_years  (numeric, trend descending; IV 0.1002"), r.stdout)
        XCTAssertTrue(r.stdout.contains("bins given by hand (--cuts, --groups): credit_amount, housing"), r.stdout)
        XCTAssertTrue(r.stdout.contains("[2000, 4000)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("rent, for free"), r.stdout)
        XCTAssertTrue(r.stdout.contains("warning: the bad rates break the declared trend in credit_amount (descending)"), r.stdout)
        // Bins read from a spec: the header says so instead of the search options.
        let spec = dir.appendingPathComponent("spec.json").path
        XCTAssertEqual(try CLI.run(["bin", CLI.german, "--target", "default", "--columns", "age_in_years", "--write-bins", spec]).status, 0)
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--bins", spec])
        XCTAssertTrue(r.stdout.contains("bins from \(spec) (fixed: no search"), r.stdout)
        XCTAssertFalse(r.stdout.contains("method optimal, trend auto"), r.stdout)
        // Bad per-characteristic options.
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--trend", "housing=peak"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--trend housing: housing is categorical"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--cuts", "housing=1,2"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--cuts housing: housing is categorical; give its bins with --groups"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--cuts", "age_in_years=40,30"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("the cut points must be strictly increasing"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--trend", "agee=peak"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--trend 'agee': no such column"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--bins", spec, "--cuts", "age_in_years=30"])
        XCTAssertEqual(r.status, 64)
        // The same options train a scorecard with those bins.
        r = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "--groups", "housing=own,rent|for free",
                         "--cuts", "age_in_years=26,35", "-o", dir.appendingPathComponent("card.json").path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testBinPrintsTablesAndRanking() throws {
        let r = try CLI.run(["bin", CLI.german, "--target", "default"] + few)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("WoE = ln(%bad/%good)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("IV ranking"), r.stdout)
        XCTAssertTrue(r.stdout.contains("duration_in_month  (numeric, trend ascending; IV"), r.stdout)
        for format in ["json", "csv", "markdown"] {
            let f = try CLI.run(["bin", CLI.german, "--target", "default", "--format", format] + few)
            XCTAssertEqual(f.status, 0, f.stderr)
            if format == "json" {
                let json = try JSONSerialization.jsonObject(with: Data(f.stdout.utf8)) as? [String: Any]
                XCTAssertEqual(((json?["result"] as? [String: Any])?["tables"] as? [Any])?.count, 4)
            }
            if format == "csv" { XCTAssertTrue(f.stdout.hasPrefix("characteristic,bin,kind,count,goods,bads,share,bad_rate,woe,iv"), f.stdout) }
            if format == "markdown" { XCTAssertTrue(f.stdout.contains("| bin | count |"), f.stdout) }
        }
    }

    /// An unedited spec reproduces the tables byte for byte; an edited one is applied as written.
    func testWriteBinsThenBinsReproducesTables() throws {
        let dir = PackagePaths.temporaryDirectory()
        let spec = dir.appendingPathComponent("bins.json").path
        let first = try CLI.run(["bin", CLI.german, "--target", "default", "--special", "duration_in_month=72", "--format", "csv",
                                 "--write-bins", spec] + few)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("bins spec written"), first.stderr)
        let again = try CLI.run(["bin", CLI.german, "--target", "default", "--bins", spec, "--format", "csv"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, first.stdout)
        // Edit: remove the first cut of duration_in_month (merge its first two bins).
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spec))) as! [String: Any]
        var chars = json["characteristics"] as! [[String: Any]]
        let i = chars.firstIndex { $0["name"] as? String == "duration_in_month" }!
        var cuts = chars[i]["cuts"] as! [Double]
        let removed = cuts.removeFirst()
        chars[i]["cuts"] = cuts
        json["characteristics"] = chars
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: spec))
        let edited = try CLI.run(["bin", CLI.german, "--target", "default", "--bins", spec])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        XCTAssertTrue(edited.stdout.contains("[-inf, \(Int(cuts[0])))"), edited.stdout)
        XCTAssertFalse(edited.stdout.contains("[-inf, \(Int(removed)))"), edited.stdout)
    }

    func testBinErrors() throws {
        let base = ["bin", CLI.german, "--target", "default"]
        let cases: [([String], Int32, String)] = [
            (["--min-bads", "500", "--columns", "age_in_years"], 64, "relax --min-bads"),
            (["--min-goods", "800", "--columns", "age_in_years"], 64, "relax --min-goods"),
            (["--min-bin-share", "0.9"], 64, "--min-bin-share"),
            (["--max-bins", "0"], 64, "--max-bins"),
            (["--smoothing", "0"], 64, "--smoothing"),
            (["--special", "age_in_years"], 64, "--special expects"),
            (["--special", "nosuch=1"], 64, "--special 'nosuch'"),
            (["--special", "age_in_years=abc", "--columns", "age_in_years"], 64, "not a number"),
            (["--bins", "/nonexistent/spec.json"], 64, "cannot read"),
            (["--bins", "x.json", "--method", "tree"], 64, "leave out --method"),
            (["--columns", "nosuch"], 64, "--columns 'nosuch'"),
            (["--method", "magic"], 64, "method"),
        ]
        for (extra, status, message) in cases {
            let r = try CLI.run(base + extra)
            XCTAssertEqual(r.status, status, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(extra): \(r.stderr)")
        }
        let bad = temporaryFile("bad.json", "{\"format\": \"credit-bins\"}")
        let r = try CLI.run(base + ["--bins", bad])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("bins spec"), r.stderr)
        let wrongTarget = try CLI.run(["bin", CLI.german, "--target", "default", "--write-bins", PackagePaths.temporaryDirectory().appendingPathComponent("s.json").path, "--columns", "age_in_years"])
        XCTAssertEqual(wrongTarget.status, 0)
    }

    /// A real level named "other" and the pooled rare-level bin get different labels: the pooled bin is
    /// "(other)" (issue 23 item 6), so a table never shows two rows "other".
    func testPooledRareLevelsNeverShareTheLabelOfALevelNamedOther() throws {
        var text = "kind,default\n"
        for i in 0..<600 {
            let kind = i % 100 == 0 ? "boat" : i % 100 == 1 ? "plane" : ["other", "car", "tv"][i % 3]
            text += "\(kind),\((i * 7) % 10 < (kind == "car" ? 2 : 3) ? 1 : 0)\n"
        }
        let r = try CLI.run(["bin", temporaryFile("levels.csv", text), "--target", "default"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.filter { $0.hasPrefix("other ") }.count, 1, r.stdout)
        XCTAssertEqual(rows.filter { $0.hasPrefix("(other) ") }.count, 1, r.stdout)
    }
}

final class CLIScorecardTests: XCTestCase {
    func testTrainScorecardThenScoreAgreesWithPointsTable() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("card.json").path, scores = dir.appendingPathComponent("s.csv").path
        let codes = temporaryFile("codes.csv", "characteristic,code,text\nstatus_of_existing_checking_account,R01,Checking account status\n")
        let t = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "--pdo", "20", "--base-score", "600",
                             "--base-odds", "50", "--reason-codes", codes, "--format", "csv", "-o", model])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stdout.hasPrefix("characteristic,bin,count,bad rate,WoE,points,raw points"), t.stdout)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as! [String: Any]
        XCTAssertEqual(json["version"] as? Int, 4)          // a scorecard records onUnexpectedMissing (version 4)
        XCTAssertEqual((json["scorecard"] as? [String: Any])?["onUnexpectedMissing"] as? String, "reject")
        XCTAssertEqual(json["model"] as? String, "scorecard")
        XCTAssertEqual((json["scorecard"] as? [String: Any])?["woeConvention"] as? String, "ln(%bad/%good)")
        // Points per characteristic from the printed table.
        var table: [String: Set<Int>] = [:]
        for line in t.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 7, let p = Int(f[f.count - 2]) else { continue }
            table[f[0], default: []].insert(p)
        }
        let s = try CLI.run(["score", model, CLI.german, "--points", "-o", scores])
        XCTAssertEqual(s.status, 0, s.stderr)
        let rows = simpleCSV(scores)
        XCTAssertEqual(rows.count, 1001)
        let header = rows[0]
        XCTAssertEqual(Array(header.prefix(3)), ["row", "pd", "score"])
        let pointColumns = header.indices.filter { header[$0].hasPrefix("points_") }
        XCTAssertFalse(pointColumns.isEmpty)
        XCTAssertEqual(header.filter { $0.hasPrefix("reason_") }.count, 4)
        var sawMappedCode = false
        for row in rows.dropFirst() {
            let pts = pointColumns.map { Int(row[$0])! }
            XCTAssertEqual(pts.reduce(0, +), Int(row[2])!)
            for (j, c) in pointColumns.enumerated() {
                let name = String(header[c].dropFirst("points_".count))
                XCTAssertTrue(table[name]?.contains(pts[j]) == true, "\(name) \(pts[j])")
            }
            if row.contains("R01") { sawMappedCode = true }
        }
        XCTAssertTrue(sawMappedCode)
    }

    func testScorecardUnseenLevelRejectPolicy() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("card.json").path
        let t = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "--unseen", "reject", "-o", model])
        XCTAssertEqual(t.status, 0, t.stderr)
        let text = try String(contentsOfFile: CLI.german, encoding: .utf8)
        var lines = text.split(separator: "\n").prefix(4).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "radio/television", with: "space travel")
        let apps = temporaryFile("apps.csv", lines.joined(separator: "\n") + "\n")
        let r = try CLI.run(["score", model, apps, "-o", "-"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("rows in 3, scored 2, rejected 1"), r.stderr)
        XCTAssertTrue(r.stderr.contains("unseen level in purpose"), r.stderr)
    }

    func testScorecardOptionErrors() throws {
        let base = ["train", CLI.german, "--target", "default"]
        let cases: [([String], String)] = [
            (["--pdo", "20"], "--pdo needs --scorecard"),
            (["--scorecard", "--pdo", "0"], "--pdo must be positive"),
            (["--scorecard", "--base-odds", "-1"], "--base-odds"),
            (["--scorecard", "--min-iv", "5"], "no characteristic is left"),
            (["--scorecard", "--reference", "purpose=car"], "--reference does not apply"),
            (["--scorecard", "--reason-reference", "cutoff"], "--cutoff goes with"),
            (["--scorecard", "--reason-reference", "cutoff", "--cutoff", "9999"], "lower --cutoff"),
        ]
        for (extra, message) in cases {
            let r = try CLI.run(base + extra)
            XCTAssertEqual(r.status, 64, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(extra): \(r.stderr)")
        }
    }

    func testHelp() throws {
        for command in [["bin", "--help"], ["train", "--help"]] {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 0)
            XCTAssertTrue(r.stdout.contains("ln(%bad/%good)"), "\(command)")
        }
    }
}

final class ScorecardFlagCombinationTests: XCTestCase {
    func testRegressionFlagsAreRefusedWithScorecard() throws {
        for flags in [["--marginal-effects", "average"]] {
            let r = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard"] + flags)
            XCTAssertEqual(r.status, 64, "\(flags)")
            XCTAssertTrue(r.stderr.contains("does not apply to --scorecard"), r.stderr)
        }
    }
}

final class ScorecardValidateTests: XCTestCase {
    /// A scorecard's characteristics are read with their bins' types (text categories stay text) in validate.
    func testValidateScoresAScorecardModel() throws {
        let dir = PackagePaths.temporaryDirectory()
        let card = dir.appendingPathComponent("card.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", card]).status, 0)
        let r = try CLI.run(["validate", card, CLI.german, "--bootstrap", "0", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"auc\""), String(r.stdout.prefix(500)))
    }
}
