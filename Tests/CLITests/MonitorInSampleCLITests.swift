import Foundation
import TestSupport
import XCTest

/// `credit monitor` with the training file as BASE, a master scale fixed at launch (`--write-grades`, then
/// `--grades`), the long CSV table, markdown and a scorecard's score bands in points (issue 22 items 3, 4, 7).
/// The models of `MonitorCLITests.files` are trained on its base.csv; holdout.csv is another sample of the same
/// population.
final class MonitorInSampleCLITests: XCTestCase {
    nonisolated(unsafe) static let holdout: String = {
        let path = PackagePaths.temporaryDirectory().appendingPathComponent("holdout.csv").path
        _ = try! CLI.run(["synth", "--rows", "3000", "--seed", "5", "-o", path])
        return path
    }()

    func json(_ r: CLIResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        return object["result"] as! [String: Any]
    }

    func testTrainingFileAsBaseIsSaidInTextAndJSONAndTheAUCChangeUsesTheCorrectedAUC() throws {
        let f = MonitorCLITests.files
        let r = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--optimism-replicates", "20", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = try json(r)
        let inSample = try XCTUnwrap(result["inSampleBase"] as? [String: Any])
        XCTAssertEqual(inSample["isTrainingData"] as? Bool, true)
        XCTAssertEqual(inSample["evidence"] as? [String], ["same-bytes", "same-rows"])
        let optimism = try XCTUnwrap(inSample["optimism"] as? [String: Any])
        XCTAssertEqual(optimism["replicates"] as? Int, 20)
        let apparent = optimism["apparent"] as! Double, corrected = optimism["corrected"] as! Double
        XCTAssertEqual(apparent, ((result["discrimination"] as! [String: Any])["base"] as! [String: Any])["value"] as! Double, accuracy: 1e-12)
        XCTAssertLessThan(corrected, apparent)
        let checks = (result["checks"] as! [[String: Any]]).filter { $0["area"] as? String == "discrimination" }
        XCTAssertEqual(checks.map { $0["statistic"] as? String }, ["AUC change vs corrected base"])
        XCTAssertEqual((result["correctedAUCChange"] as! [String: Any])["base"] as! Double, corrected)

        let text = try CLI.run(["monitor", f["lr"]!, f["base"]!, f["recent"]!, "--optimism-replicates", "20"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("in-sample base: BASE is the model's training data (same SHA-256 as the training input"), text.stdout)
        XCTAssertTrue(text.stdout.contains("out-of-sample base AUC: bootstrap optimism-corrected"), text.stdout)
        XCTAssertTrue(text.stdout.contains("AUC change from the optimism-corrected base AUC"), text.stdout)
        XCTAssertTrue(text.stdout.contains("— base AUC in-sample, not judged"), text.stdout)

        // A CRLF copy of the training file: the hash after the line endings, and the rows.
        let crlf = temporaryFile("base_crlf.csv", try String(contentsOfFile: f["base"]!, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n"))
        let copy = try json(try CLI.run(["monitor", f["lr"]!, crlf, f["recent"]!, "--optimism-replicates", "0", "--format", "json"]))
        XCTAssertEqual((copy["inSampleBase"] as! [String: Any])["evidence"] as? [String], ["same-bytes-up-to-line-endings", "same-rows"])
        // The holdout: not the training data, the AUC change judged as before.
        let holdout = try json(try CLI.run(["monitor", f["lr"]!, Self.holdout, f["recent"]!, "--format", "json"]))
        XCTAssertEqual((holdout["inSampleBase"] as! [String: Any])["isTrainingData"] as? Bool, false)
        XCTAssertEqual((holdout["checks"] as! [[String: Any]]).filter { $0["area"] as? String == "discrimination" }.map { $0["statistic"] as? String },
                       ["AUC change"])
    }

    func testScorecardTrainingFileAsBaseIsRefittedWithDefaultOptionsElseAsksForAHoldout() throws {
        let f = MonitorCLITests.files
        // card.json was trained with default options: refitted on bootstrap samples.
        let r = try CLI.run(["monitor", f["card"]!, f["base"]!, f["recent"]!, "--optimism-replicates", "4", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = try json(r)
        let inSample = result["inSampleBase"] as! [String: Any]
        XCTAssertEqual(inSample["evidence"] as? [String], ["same-bytes", "same-rows"])
        let optimism = try XCTUnwrap(inSample["optimism"] as? [String: Any], "\(inSample)")
        XCTAssertEqual(optimism["replicates"] as? Int, 4)
        XCTAssertTrue((inSample["refit"] as! String).hasPrefix("credit train --scorecard"))
        XCTAssertEqual((result["checks"] as! [[String: Any]]).filter { $0["area"] as? String == "discrimination" }.map { $0["statistic"] as? String },
                       ["AUC change vs corrected base"])
        // Trained with --max-bins 3: the default procedure does not reproduce it; the report asks for a holdout.
        let other = PackagePaths.temporaryDirectory().appendingPathComponent("card3.json").path
        let train = try CLI.run(["train", f["base"]!, "--target", "default", "--scorecard", "--max-bins", "3", "--exclude", "loan_id,application_date", "-o", other])
        XCTAssertEqual(train.status, 0, train.stderr)
        let text = try CLI.run(["monitor", other, f["base"]!, f["recent"]!, "--optimism-replicates", "4"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("no out-of-sample base AUC: training a scorecard on BASE with credit train's default options does not reproduce this model"), text.stdout)
        XCTAssertTrue(text.stdout.contains("give a holdout sample (rows not used in training) as BASE"), text.stdout)
        let j = try json(try CLI.run(["monitor", other, f["base"]!, f["recent"]!, "--optimism-replicates", "4", "--format", "json"]))
        XCTAssertTrue((j["checks"] as! [[String: Any]]).allSatisfy { $0["area"] as? String != "discrimination" })
        XCTAssertNotNil(j["discrimination"])
    }

    func testGradesWrittenAtLaunchAreReadLater() throws {
        let f = MonitorCLITests.files
        let grades = PackagePaths.temporaryDirectory().appendingPathComponent("launch-grades.csv").path
        let first = try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!, "--write-grades", grades, "--format", "json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("master scale written to \(grades)"), first.stderr)
        let written = try String(contentsOfFile: grades, encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("grade,upper_pd\nG1,"), written)
        let a = try json(first)
        XCTAssertEqual(a["masterScaleBuiltFromBase"] as? Bool, true)
        let later = try CLI.run(["monitor", f["card"]!, f["base"]!, f["recent"]!, "--grades", grades, "--optimism-replicates", "0", "--format", "json"])
        XCTAssertEqual(later.status, 0, later.stderr)
        let b = try json(later)
        XCTAssertEqual(b["masterScaleBuiltFromBase"] as? Bool, false)
        // The same bounds to the last bit, though BASE changed.
        XCTAssertEqual((a["masterScale"] as! [String: Any])["bounds"] as! [Double], (b["masterScale"] as! [String: Any])["bounds"] as! [Double])
        let text = try CLI.run(["monitor", f["card"]!, f["base"]!, f["recent"]!, "--grades", grades, "--optimism-replicates", "0"])
        XCTAssertTrue(text.stdout.contains("master scale: read from \(grades), fixed"), text.stdout)
        let built = try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!])
        XCTAssertTrue(built.stdout.contains("master scale: built from BASE in this run"), built.stdout)
        // Never over an input, never to standard output.
        for (output, input) in [(Self.holdout, "BASE"), (f["card"]!, "MODEL"), (grades, "--grades")] {
            let r = try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!, "--grades", grades, "--write-grades", output])
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains("--write-grades \(output) is also the input \(input)"), r.stderr)
        }
        XCTAssertEqual(try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!, "--write-grades", "-"]).status, 64)
        let replicates = try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!, "--optimism-replicates", "200000"])
        XCTAssertEqual(replicates.status, 64)
        XCTAssertTrue(replicates.stderr.contains("--optimism-replicates must be between 0 and 100,000 (got 200000)"), replicates.stderr)
    }

    /// Splits one CSV line (RFC 4180 quotes, no embedded newlines).
    func fields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var it = Array(line), i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" { if i + 1 < it.count && it[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { out.append(field); field = "" } else { field.append(c) }
            i += 1
        }
        it.removeAll()
        return out + [field]
    }

    func testCSVIsOneLongTable() throws {
        let f = MonitorCLITests.files
        let args = ["monitor", f["card"]!, Self.holdout, f["recent"]!]
        let csv = try CLI.run(args + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines[0], "check,item,statistic,value,p,light")
        let rows = lines.dropFirst().map(fields)
        XCTAssertTrue(rows.allSatisfy { $0.count == 6 }, "\(rows.filter { $0.count != 6 })")
        XCTAssertTrue(rows.allSatisfy { ["", "GREEN", "AMBER", "RED"].contains($0[5]) })
        XCTAssertTrue(rows.allSatisfy { ($0[3].isEmpty || Double($0[3]) != nil) && ($0[4].isEmpty || Double($0[4]) != nil) })
        let result = try json(try CLI.run(args + ["--format", "json"]))
        let checks = result["checks"] as! [[String: Any]]
        // Every check of the JSON is one row with a light, plus the overall row.
        XCTAssertEqual(rows.filter { !$0[5].isEmpty }.count, checks.count + 1)
        XCTAssertEqual(rows[0], ["overall", "all", "status", "", "", (result["overall"] as! String).uppercased()])
        let psi = ((result["score"] as! [String: Any])["index"] as! [String: Any])["value"] as! Double
        // (JSONSerialization may read the last bit differently: compared to 1e-14.)
        XCTAssertEqual(Double(rows.first { $0[0] == "score" && $0[2] == "PSI" }![3])!, psi, accuracy: 1e-14 * psi)
        let bands = (((result["score"] as! [String: Any])["index"] as! [String: Any])["bands"] as! [[String: Any]])
        XCTAssertEqual(rows.filter { $0[0] == "score band" }.map { $0[1] }, bands.map { $0["label"] as! String })
        // A χ² row carries the statistic and its p.
        let chars = result["characteristics"] as! [[String: Any]]
        let first = chars[0], chi = first["chiSquared"] as! [String: Any]
        let row = rows.first { $0[0] == "characteristic" && $0[1] == first["name"] as! String && $0[2] == "chi2" }!
        XCTAssertEqual(Double(row[3])!, chi["statistic"] as! Double, accuracy: 1e-14 * (chi["statistic"] as! Double))
        XCTAssertEqual(Double(row[4])!, chi["pValue"] as! Double, accuracy: 1e-14 * (chi["pValue"] as! Double))
        // Under the default family-wise policy the light is the characteristic's check's (its CSI row), not the χ² row's.
        XCTAssertEqual(row[5], "")
        let csi = rows.first { $0[0] == "characteristic" && $0[1] == first["name"] as! String && $0[2] == "CSI" }!
        XCTAssertEqual(csi[5], (first["indexStatus"] as! String).uppercased())
        XCTAssertEqual(rows.filter { $0[0] == "calibration" && $0[2] == "Jeffreys" }.count, (result["masterScale"] as! [String: Any])["names"].map { ($0 as! [String]).count })
    }

    func testMarkdownBreaksLinesAndClosesTables() throws {
        let f = MonitorCLITests.files
        let md = try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!, "--format", "markdown"])
        XCTAssertEqual(md.status, 0, md.stderr)
        let lines = md.stdout.components(separatedBy: "\n")
        XCTAssertTrue(lines[0].hasSuffix("  ") && lines[1].hasSuffix("  "), lines.prefix(3).joined(separator: "\n"))
        for (i, line) in lines.enumerated() where line.hasPrefix("|") && i + 1 < lines.count {
            XCTAssertTrue(lines[i + 1].isEmpty || lines[i + 1].hasPrefix("|"), "line \(i + 2) follows a table: \(lines[i + 1])")
        }
    }

    func testScorecardScoreBandsInPoints() throws {
        let f = MonitorCLITests.files
        let r = try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!])
        XCTAssertEqual(r.status, 0, r.stderr)
        let header = r.stdout.components(separatedBy: "\n").first { $0.hasPrefix("PD band") }!
        XCTAssertTrue(header.contains("points above") && header.contains("points to"), header)
        let result = try json(try CLI.run(["monitor", f["card"]!, Self.holdout, f["recent"]!, "--format", "json"]))
        let points = result["scoreBandPoints"] as! [Double]
        XCTAssertEqual(points.count + 1, (((result["score"] as! [String: Any])["index"] as! [String: Any])["bands"] as! [Any]).count)
        XCTAssertEqual(points, points.sorted(by: >), "a higher PD cut is a lower score")
        // A plain regression has no points.
        let lr = try json(try CLI.run(["monitor", f["lr"]!, Self.holdout, f["recent"]!, "--format", "json"]))
        XCTAssertNil(lr["scoreBandPoints"])
    }
}
