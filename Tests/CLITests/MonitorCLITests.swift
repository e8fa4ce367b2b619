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
