import Foundation
import TestSupport
import XCTest

/// `credit recalibrate` end to end: models trained on calm data (datasets/small_borrowers.csv), RECENT from a
/// shocked seed (`credit synth --seed 11 --shock 2025-01-01`, loans from 2025), the written file, bad input.
final class RecalibrateCLITests: XCTestCase {
    nonisolated(unsafe) static let files: [String: String] = {
        let dir = PackagePaths.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let data = PackagePaths.path("datasets/small_borrowers.csv")
        _ = try! CLI.run(["synth", "--rows", "3000", "--seed", "11", "--start", "2025-01-01", "--months", "12",
                          "--shock", "2025-01-01", "-o", path("recent.csv")])
        _ = try! CLI.run(["train", data, "--target", "default", "--exclude", "loan_id,application_date,true_pd", "-o", path("lr.json")])
        _ = try! CLI.run(["train", data, "--target", "default", "--exclude", "loan_id,application_date,true_pd", "--scorecard",
                          "-o", path("card.json")])
        return ["dir": dir.path, "recent": path("recent.csv"), "lr": path("lr.json"), "card": path("card.json")]
    }()

    func path(_ name: String) -> String { URL(fileURLWithPath: Self.files["dir"]!).appendingPathComponent(name).path }

    func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    func testInterceptMethodWritesASealedModelNamingItsParent() throws {
        let f = Self.files, out = path("lr-intercept.json")
        let r = try CLI.run(["recalibrate", f["lr"]!, f["recent"]!, "--method", "intercept", "--format", "json", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("recalibrated model written to"), r.stderr)
        let summary = try object(r.stdout)
        let before = summary["before"] as! [String: Any], after = summary["after"] as! [String: Any]
        assertClose(after["meanPD"] as! Double, after["observedBadRate"] as! Double, absolute: 1e-10, "mean PD after")
        XCTAssertLessThan(before["meanPD"] as! Double, before["observedBadRate"] as! Double, "the calm model under-predicts the downturn")
        XCTAssertGreaterThan(summary["rowsRejectedByModel"] as! Int, 0, "thin files are rejected by the plain model and counted")
        let parent = try object(try String(contentsOfFile: f["lr"]!, encoding: .utf8))
        let child = try object(try String(contentsOfFile: out, encoding: .utf8))
        XCTAssertEqual(summary["parentSHA256"] as? String, parent["contentSHA256"] as? String)
        XCTAssertEqual(summary["modelSHA256"] as? String, child["contentSHA256"] as? String)
        XCTAssertEqual(child["version"] as? Int, 4)
        let step = (child["lineage"] as! [[String: Any]]).last!
        XCTAssertEqual(step["parentSHA256"] as? String, parent["contentSHA256"] as? String)
        XCTAssertEqual(step["operation"] as? String, "recalibrate")
        let record = child["recalibration"] as! [String: Any]
        XCTAssertEqual((record["inputSHA256"] as? String)?.count, 64)
        XCTAssertEqual(record["rows"] as? Int, 3000)
        XCTAssertEqual((child["fit"] as! [String: Any])["standardErrors"].map { ($0 as! [Any]).allSatisfy { "\($0)" == "NaN" } }, true,
                       "the training SEs do not describe the new coefficients")
        // The new model scores.
        let s = try CLI.run(["score", out, f["recent"]!, "-o", path("scored.csv")])
        XCTAssertEqual(s.status, 0, s.stderr)
    }

    func testScorecardInterceptMethodMovesEveryScoreByTheSamePoints() throws {
        let f = Self.files, out = path("card-intercept.json")
        let r = try CLI.run(["recalibrate", f["card"]!, f["recent"]!, "--method", "intercept", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("every score moves by"), r.stdout)
        XCTAssertTrue(r.stdout.contains("parent "), r.stdout)
        _ = try CLI.run(["score", f["card"]!, f["recent"]!, "--points", "-o", path("s0.csv")])
        _ = try CLI.run(["score", out, f["recent"]!, "--points", "-o", path("s1.csv")])
        let old = simpleCSV(path("s0.csv")), new = simpleCSV(path("s1.csv"))
        let score = old[0].firstIndex(of: "score")!
        let shifts = Set(zip(old.dropFirst(), new.dropFirst()).map { Int($1[score])! - Int($0[score])! })
        XCTAssertEqual(shifts.count, 1, "every applicant moves by the same points: \(shifts)")
        XCTAssertNotEqual(shifts.first, 0)
        let reasons = old[0].indices.filter { old[0][$0].hasPrefix("reason_") }
        for (o, n) in zip(old.dropFirst(), new.dropFirst()) { XCTAssertEqual(reasons.map { o[$0] }, reasons.map { n[$0] }) }
    }

    func testLogisticMethodReportsTheSlope() throws {
        let f = Self.files
        for model in ["lr", "card"] {
            let r = try CLI.run(["recalibrate", f[model]!, f["recent"]!, "--method", "logistic", "--format", "json", "-o", path("\(model)-logistic.json")])
            XCTAssertEqual(r.status, 0, r.stderr)
            let fit = try object(r.stdout)["fit"] as! [String: Any]
            XCTAssertEqual((fit["standardErrors"] as! [Double]).count, 2)
            XCTAssertGreaterThan(fit["slope"] as! Double, 0)
            XCTAssertEqual(try CLI.run(["score", path("\(model)-logistic.json"), f["recent"]!, "-o", path("s.csv")]).status, 0)
        }
    }

    func testEditedRecalibratedFileIsRefused() throws {
        let f = Self.files, out = path("edited.json")
        XCTAssertEqual(try CLI.run(["recalibrate", f["lr"]!, f["recent"]!, "--method", "intercept", "-o", out]).status, 0)
        var text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.contains("\"rows\" : 3000"))
        text = text.replacingOccurrences(of: "\"rows\" : 3000", with: "\"rows\" : 2999")
        try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        let r = try CLI.run(["score", out, f["recent"]!, "-o", path("s.csv")])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("damaged or was edited"), r.stderr)
    }

    func testBadInput() throws {
        let f = Self.files
        let lines = try String(contentsOfFile: f["recent"]!, encoding: .utf8).split(separator: "\n").map(String.init)
        let noTarget = temporaryFile("no-target.csv", lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
            .joined(separator: "\n") + "\n")
        let allGood = temporaryFile("all-good.csv", ([lines[0]] + lines.dropFirst().filter { $0.hasSuffix(",0") }).joined(separator: "\n") + "\n")
        let cases: [([String], Int32, String)] = [
            (["recalibrate", f["lr"]!, noTarget, "--method", "intercept", "-o", path("x.json")], 65,
             "no-target.csv has no column 'default', the target of the model \(f["lr"]!); recalibration needs outcomes"),
            (["recalibrate", f["lr"]!, allGood, "--method", "logistic", "-o", path("x.json")], 65,
             "rows with a PD and a target are good; recalibration needs both outcomes"),
            (["recalibrate", f["lr"]!, f["recent"]!, "--method", "slope"], 64, "The value 'slope' is invalid for '--method <method>'"),
            (["recalibrate", f["lr"]!, f["recent"]!, "--method", "intercept", "-o", f["lr"]!], 64,
             "-o \(f["lr"]!) is also the input MODEL; choose another output path"),
            (["recalibrate", f["lr"]!, f["recent"]!, "--method", "intercept", "-o", f["recent"]!], 64, "is also the input RECENT"),
        ]
        for (arguments, status, message) in cases {
            let r = try CLI.run(arguments)
            XCTAssertEqual(r.status, status, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.json")), "nothing is written on an error")
        // A model with a decision policy: its cut-off was set on the scores recalibration would move.
        let decided = path("decided.json")
        let p = try CLI.run(["policy", f["card"]!, "--cutoff", "520", "-o", decided])
        XCTAssertEqual(p.status, 0, p.stderr)
        let r = try CLI.run(["recalibrate", decided, f["recent"]!, "--method", "intercept", "-o", path("x.json")])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("the model carries a decision policy (cut-off score ≥ 520 points)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.json")))
    }

    /// `--population-bad-rate` now goes with `--scorecard`: the intercept is prior-corrected before scaling.
    /// In memory and out of core alike.
    func testScorecardAcceptsPopulationBadRate() throws {
        var intercepts: [Double] = []
        for (name, extra) in [("in-memory", [String]()), ("out-of-core", ["--out-of-core"])] {
            let out = path("card-prior-\(name).json")
            let r = try CLI.run(["train", PackagePaths.path("datasets/small_borrowers.csv"), "--target", "default",
                                 "--exclude", "loan_id,application_date,true_pd", "--scorecard", "--population-bad-rate", "0.05",
                                 "-o", out] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("prior correction (King & Zeng 2001): intercept shifted by -1.272757"), "\(name): \(r.stdout)")
            let model = try object(try String(contentsOfFile: out, encoding: .utf8))
            intercepts.append((model["scorecard"] as! [String: Any])["intercept"] as! Double)
        }
        assertClose(intercepts[1], intercepts[0], absolute: 1e-9, "out of core vs in memory")
    }
}
