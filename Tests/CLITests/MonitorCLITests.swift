import Foundation
import TestSupport
import XCTest

/// `credit monitor` end to end: synthetic base and shocked recent samples, a trained model, exit codes.
final class MonitorCLITests: XCTestCase {
    /// base.csv (no shock, seed 3), recent.csv (loans from 2025-01-01 of a shocked portfolio, seed 4),
    /// lr.json and card.json trained on base.csv.
    nonisolated(unsafe) static let files: [String: String] = {
        let dir = PackagePaths.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        _ = try! CLI.run(["synth", "--rows", "4000", "--seed", "3", "-o", path("base.csv")])
        _ = try! CLI.run(["synth", "--rows", "8000", "--seed", "4", "--shock", "2025-01-01", "-o", path("all.csv")])
        let lines = try! String(contentsOfFile: path("all.csv"), encoding: .utf8).split(separator: "\n")
        let recent = [lines[0]] + lines.dropFirst().filter { $0.split(separator: ",")[1] >= "2025-01-01" }
        try! Data((recent.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path("recent.csv")))
        _ = try! CLI.run(["train", path("base.csv"), "--target", "default", "--exclude", "loan_id,application_date", "-o", path("lr.json")])
        _ = try! CLI.run(["train", path("base.csv"), "--target", "default", "--scorecard", "--exclude", "loan_id,application_date",
                          "-o", path("card.json")])
        return ["base": path("base.csv"), "recent": path("recent.csv"), "lr": path("lr.json"), "card": path("card.json")]
    }()

    func json(_ r: CLIResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    func testShockedRecentSampleIsRedAndFailOnExitsThree() throws {
        let f = Self.files
        let r = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--format", "json", "--fail-on", "red"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.contains("--fail-on red"), r.stderr)
        let result = try json(r)["result"] as! [String: Any]
        XCTAssertEqual(result["overall"] as? String, "red")
        let chars = result["characteristics"] as! [[String: Any]]
        let vol = chars.first { $0["name"] as? String == "income_volatility" }!
        XCTAssertEqual(vol["chiSquaredStatus"] as? String, "red")
        XCTAssertNotNil(result["discrimination"])
        XCTAssertNotNil(result["calibration"])
        // Without --fail-on the same run succeeds.
        XCTAssertEqual(try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!]).status, 0)
    }

    func testSameSampleIsGreenAndPassesFailOnRed() throws {
        let f = Self.files
        let r = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["base"]!, "--fail-on", "amber", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = try json(r)["result"] as! [String: Any]
        XCTAssertEqual((result["score"] as! [String: Any])["status"] as? String, "green")
        XCTAssertEqual(result["overall"] as? String, "green")
    }

    func testScorecardUsesItsOwnBinsAndGivenGrades() throws {
        let f = Self.files
        let r = try CLI.run(["monitor", f["card"]!, f["base"]!, f["recent"]!, "--grade-bounds", "0.02,0.05,0.1,0.2",
                             "--band-by", "grades", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = try json(r)["result"] as! [String: Any]
        let chars = result["characteristics"] as! [[String: Any]]
        XCTAssertFalse(chars.isEmpty)
        XCTAssertTrue(chars.allSatisfy { $0["bins"] as? String == "scorecard bins" })
        XCTAssertEqual((result["masterScale"] as! [String: Any])["names"] as! [String], ["G1", "G2", "G3", "G4", "G5"])
        XCTAssertEqual(((result["score"] as! [String: Any])["index"] as! [String: Any]).count > 0, true)
    }

    func testGradesFileTextAndCSVOutput() throws {
        let f = Self.files
        let grades = temporaryFile("grades.csv", "grade,upper_pd\nA,0.03\nB,0.08\nC,0.2\nD,\n")
        let text = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--grades", grades])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("Calibration by grade"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Master scale (given)"), text.stdout)
        let csv = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("check,item,statistic,value,p,light\n"), csv.stdout)
        let md = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--format", "markdown", "--target", "default"])
        XCTAssertEqual(md.status, 0, md.stderr)
        XCTAssertTrue(md.stdout.contains("| characteristic |"), md.stdout)
    }

    func testRejections() throws {
        let f = Self.files
        for args in [["--grade-bounds", "0.2,0.1"], ["--grade-bounds", "abc"], ["--fail-on", "green"], ["--psi-amber", "0.3"],
                     ["--empty-band", "skip", "--empty-band-value", "0.1"], ["--score-bands", "1"],
                     ["--grade-bounds", "0.1", "--grades", "x.csv"], ["--p-red", "0.1"]] {
            let r = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!] + args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
        }
        XCTAssertEqual(try CLI.run(["monitor", f["lr"]!, "-", "-"]).status, 64)
        let noTarget = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--target", "nope"])
        XCTAssertEqual(noTarget.status, 64, noTarget.stderr)
        let lacking = temporaryFile("lacking.csv", "region,monthly_income\ncapital,900\n")
        let bad = try CLI.run(["monitor", f["lr"]!, f["base"]!, lacking])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("needs column"), bad.stderr)
        let badGrades = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--grades", temporaryFile("g.csv", "grade,upper_pd\nA,0.5\nB,0.2\nC,\n")])
        XCTAssertEqual(badGrades.status, 65, badGrades.stderr)
    }

    /// The alarm policy's options (issue 22): the family-wise default, the old per-check rule by name or by its
    /// old flags (with a note), and the refusals.
    func testAlarmPolicyOptions() throws {
        let f = Self.files
        let fw = try json(try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--format", "json"]))["result"] as! [String: Any]
        XCTAssertEqual((fw["thresholds"] as! [String: Any])["policy"] as? String, "family-wise")
        XCTAssertEqual(fw["alarmAreas"] as? [String], ["score", "characteristic", "discrimination", "calibration"])
        let checks = fw["checks"] as! [[String: Any]]
        XCTAssertTrue(checks.allSatisfy { $0["adjustedPValue"] != nil && $0["basis"] != nil })
        XCTAssertTrue(checks.contains { $0["statistic"] as? String == "recent vs base" })
        let calibration = fw["calibration"] as! [String: Any]
        XCTAssertNotNil(calibration["overallVersusBase"])

        let old = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--p-red", "0.001", "--format", "json"])
        XCTAssertEqual(old.status, 0, old.stderr)
        XCTAssertTrue(old.stderr.contains("credit: note: --p-amber/--p-red select the per-check policy"), old.stderr)
        let perCheck = try json(old)["result"] as! [String: Any]
        XCTAssertEqual((perCheck["thresholds"] as! [String: Any])["policy"] as? String, "per-check")
        XCTAssertTrue((perCheck["checks"] as! [[String: Any]]).contains { $0["statistic"] as? String == "Jeffreys p" })
        let named = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--alarm-policy", "per-check", "--p-red", "0.001"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertFalse(named.stderr.contains("note"), named.stderr)

        for (args, message) in [(["--alarm-policy", "family-wise", "--p-red", "0.001"], "--p-amber and --p-red belong to --alarm-policy per-check"),
                                (["--alpha", "1"], "--alpha must be between 0 and 1"),
                                (["--calibration-gap", "0"], "--calibration-gap must be"),
                                (["--auc-drop", "0"], "--auc-drop must be")] {
            let r = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!] + args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    func testSynthShockSizeAndMonitorStudy() throws {
        let dir = PackagePaths.temporaryDirectory()
        let half = dir.appendingPathComponent("half.csv").path, full = dir.appendingPathComponent("full.csv").path
        let one = dir.appendingPathComponent("one.csv").path
        let a = try CLI.run(["synth", "--rows", "3000", "--seed", "5", "--shock", "2024-01-01", "--shock-size", "0.5", "-o", half])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertTrue(a.stderr.contains("shock from 2024-01-01 of size 0.5"), a.stderr)
        _ = try CLI.run(["synth", "--rows", "3000", "--seed", "5", "--shock", "2024-01-01", "-o", full])
        _ = try CLI.run(["synth", "--rows", "3000", "--seed", "5", "--shock", "2024-01-01", "--shock-size", "1", "-o", one])
        XCTAssertEqual(try String(contentsOfFile: full, encoding: .utf8), try String(contentsOfFile: one, encoding: .utf8))
        XCTAssertNotEqual(try String(contentsOfFile: full, encoding: .utf8), try String(contentsOfFile: half, encoding: .utf8))
        for (args, message) in [(["--shock-size", "0.5"], "--shock-size needs --shock DATE"),
                                (["--shock", "2024-01-01", "--shock-size", "3.5"], "--shock-size must be between 0 and 3")] {
            let r = try CLI.run(["synth", "--rows", "10", "-o", "-"] + args)
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
        }

        let study = try CLI.run(["monitor-study", "--development-rows", "3000", "--base-rows", "2000", "--rows", "500",
                                 "--calm-months", "3", "--shocked-months", "2", "--shock-sizes", "1", "--models", "lr", "--format", "csv"])
        XCTAssertEqual(study.status, 0, study.stderr)
        let lines = study.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "model,rows,shock_size,months,red,amber,red_rate,red_rate_lower,red_rate_upper")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[1].hasPrefix("logistic regression,500,0.0,3,"), String(lines[1]))
        XCTAssertTrue(lines[2].hasPrefix("logistic regression,500,1.0,2,"), String(lines[2]))
        let bad = try CLI.run(["monitor-study", "--models", "tree"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    func testStabilityOnlyWithoutOutcomes() throws {
        let f = Self.files
        let text = try String(contentsOfFile: f["recent"]!, encoding: .utf8)
        // Drop the last column (default).
        let stripped = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        let path = temporaryFile("nooutcome.csv", stripped.joined(separator: "\n") + "\n")
        let r = try CLI.run(["monitor", f["lr"]!, f["base"]!, path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = try json(r)["result"] as! [String: Any]
        XCTAssertNil(result["calibration"])
        XCTAssertNil(result["discrimination"])
    }
}
