import Foundation
import TestSupport
import XCTest

/// `credit strategy` end to end on the small-borrower data: the table's counts and profit against a brute force
/// over the points `credit score` writes and the data's outcomes; the swap set against a rule counted from the
/// data directly; missing outcomes and no target; every bad-input message with its exit code.
final class StrategyCLITests: XCTestCase {
    /// card.json and lr.json trained on datasets/small_borrowers.csv; scores.csv from `credit score card.json`.
    nonisolated(unsafe) static let files: [String: String] = {
        let dir = PackagePaths.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let data = PackagePaths.path("datasets/small_borrowers.csv")
        let exclude = ["--exclude", "loan_id,application_date,true_pd"]
        _ = try! CLI.run(["train", data, "--target", "default", "--scorecard", "-o", path("card.json")] + exclude)
        _ = try! CLI.run(["train", data, "--target", "default", "-o", path("lr.json")] + exclude)
        _ = try! CLI.run(["score", path("card.json"), data, "-o", path("scores.csv")])
        return ["data": data, "card": path("card.json"), "lr": path("lr.json"), "scores": path("scores.csv")]
    }()

    /// Points per row from `credit score`, and each row's data fields by header name.
    static let rows: (points: [Double], fields: [[String: String]]) = {
        let scores = simpleCSV(files["scores"]!)
        let s = scores[0].firstIndex(of: "score")!
        let data = simpleCSV(files["data"]!)
        let header = data[0]
        return (scores.dropFirst().map { Double($0[s])! },
                data.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }()

    func json(_ r: CLIResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    func testTableAndProfitOptimumMatchABruteForceOverTheScoredPoints() throws {
        let f = Self.files
        let r = try CLI.run(["strategy", f["card"]!, f["data"]!, "--cutoffs", "520,540,560", "--gain-good", "2", "--loss-bad", "7", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try json(r)
        let (points, fields) = Self.rows
        let bad = fields.map { $0["default"] == "1" }
        XCTAssertEqual(points.count, 5000)
        XCTAssertEqual(report["rowsScored"] as? Int, 5000)
        XCTAssertEqual(report["bads"] as? Int, bad.count { $0 })
        let rows = report["rows"] as! [[String: Any]]
        for (row, c) in zip(rows, [520.0, 540, 560]) {
            let approved = points.indices.filter { points[$0] >= c }
            let bads = approved.count { bad[$0] }, goods = approved.count - bads
            XCTAssertEqual(row["cutoff"] as? Double, c)
            XCTAssertEqual(row["approved"] as? Int, approved.count)
            XCTAssertEqual(row["badsApproved"] as? Int, bads)
            XCTAssertEqual(row["profit"] as? Double, Double(2 * goods - 7 * bads))
        }
        // Profit over every distinct score; ties to the safer (higher) score.
        var best: (score: Double, profit: Double)? = nil
        for s in Set(points).sorted(by: >) {
            let approved = points.indices.filter { points[$0] >= s }
            let b = approved.count { bad[$0] }
            let profit = Double(2 * (approved.count - b) - 7 * b)
            if best == nil || profit > best!.profit { best = (s, profit) }
        }
        let optimum = report["profitMaximising"] as! [String: Any]
        XCTAssertEqual(optimum["cutoff"] as? Double, best!.score)
        XCTAssertEqual(optimum["profit"] as? Double, best!.profit)
    }

    func testSwapSetAgainstARuleCountsTheDataDirectly() throws {
        let f = Self.files
        let rule = "monthly_income >= 1000 and (past_delinquency == 0 or past_delinquency is missing)"
        let r = try CLI.run(["strategy", f["card"]!, f["data"]!, "--incumbent-rule", rule, "--cutoff", "540", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let swap = try json(r)["swap"] as! [String: Any]
        XCTAssertEqual(swap["cutoff"] as? Double, 540)
        XCTAssertEqual(swap["incumbent"] as? String, "rule: " + rule)
        let set = swap["set"] as! [String: [String: Int]]
        let (points, fields) = Self.rows
        var cells = [String: (count: Int, bads: Int)]()
        for (p, row) in zip(points, fields) {
            let delinquency = row["past_delinquency"]!
            let incumbent = Double(row["monthly_income"]!)! >= 1000 && (delinquency.isEmpty || Double(delinquency)! == 0)
            let key = p >= 540 ? (incumbent ? "bothApprove" : "swapIns") : (incumbent ? "swapOuts" : "bothDecline")
            cells[key, default: (0, 0)].count += 1
            if row["default"] == "1" { cells[key, default: (0, 0)].bads += 1 }
        }
        for (key, expected) in cells {
            XCTAssertEqual(set[key]?["count"], expected.count, key)
            XCTAssertEqual(set[key]?["bads"], expected.bads, key)
        }
        // Text: the 2×2 and the net change.
        let text = try CLI.run(["strategy", f["card"]!, f["data"]!, "--incumbent-rule", rule, "--cutoff", "540"])
        XCTAssertTrue(text.stdout.contains("Swap set at score ≥ 540 points (given) against the incumbent rule: \(rule)"), text.stdout)
        let net = cells["swapIns"]!.count - cells["swapOuts"]!.count
        XCTAssertTrue(text.stdout.contains("net change in approvals +\(net.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))))"), text.stdout)
    }

    func testIncumbentScoreAtMatchedApprovals() throws {
        let f = Self.files
        let r = try CLI.run(["strategy", f["card"]!, f["data"]!, "--incumbent", "true_pd", "--cutoff", "540", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let set = (try json(r)["swap"] as! [String: Any])["set"] as! [String: [String: Int]]
        // Matched volume: true_pd has ties, so approvals are equal or the incumbent's slightly above.
        let newApproved = set["bothApprove"]!["count"]! + set["swapIns"]!["count"]!
        let oldApproved = set["bothApprove"]!["count"]! + set["swapOuts"]!["count"]!
        XCTAssertEqual(newApproved, Self.rows.points.count { $0 >= 540 })
        XCTAssertTrue(oldApproved >= newApproved && oldApproved < newApproved + 20, "\(oldApproved) vs \(newApproved)")
    }

    func testMissingOutcomesCountInApprovalsOnlyAndNoTargetGivesApprovalsOnly() throws {
        let f = Self.files
        let lines = try String(contentsOfFile: f["data"]!, encoding: .utf8).split(separator: "\n").map(String.init)
        // Blank the outcome of the first 100 rows.
        let blanked = [lines[0]] + lines.dropFirst().enumerated().map { k, line in
            k < 100 ? String(line[..<line.lastIndex(of: ",")!]) + "," : line
        }
        let path = temporaryFile("blanked.csv", blanked.joined(separator: "\n") + "\n")
        let r = try CLI.run(["strategy", f["card"]!, path, "--cutoffs", "540", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try json(r)
        XCTAssertEqual(report["rowsMissingOutcome"] as? Int, 100)
        let row = (report["rows"] as! [[String: Any]])[0]
        let approved = Self.rows.points.count { $0 >= 540 }
        XCTAssertEqual(row["approved"] as? Int, approved)
        let knownApproved = Self.rows.points.indices.filter { $0 >= 100 && Self.rows.points[$0] >= 540 }.count
        XCTAssertEqual((row["badsApproved"] as! Int) + (row["goodsApproved"] as! Int), knownApproved)
        let text = try CLI.run(["strategy", f["card"]!, path, "--cutoffs", "540"])
        XCTAssertTrue(text.stdout.contains("missing 100 (counted in approvals only)"), text.stdout)

        // Without the target column: approval columns only.
        let header = lines[0].split(separator: ",").map(String.init)
        let keep = header.indices.filter { header[$0] != "default" }
        let noTarget = lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return keep.map { fields[$0] }.joined(separator: ",")
        }
        let path2 = temporaryFile("no_target.csv", noTarget.joined(separator: "\n") + "\n")
        let t = try CLI.run(["strategy", f["card"]!, path2, "--cutoffs", "520,540"])
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stdout.contains("no outcome column: approvals only"), t.stdout)
        XCTAssertTrue(t.stdout.contains("score ≥  approved  approval\n"), t.stdout)
        XCTAssertFalse(t.stdout.contains("profit"), t.stdout)
        // The swap set then needs an explicit cut-off.
        let s = try CLI.run(["strategy", f["card"]!, path2, "--incumbent-rule", "monthly_income > 1000"])
        XCTAssertEqual(s.status, 64)
        XCTAssertEqual(s.stderr, "credit: error: \(path2) has no outcomes, so there is no profit-maximising cut-off for the swap set; give --cutoff S\n")
    }

    func testPlainModelUsesPDAndEveryFormatRenders() throws {
        let f = Self.files
        let r = try CLI.run(["strategy", f["lr"]!, f["data"]!, "--cutoffs", "0.05,0.1,0.2", "--target-approval", "0.5", "--target-bad-rate", "0.05"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("(approve when PD ≤ cut-off)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("rejected by the model 1,204"), r.stdout)
        XCTAssertTrue(r.stdout.contains("target approval ≥ 50.0% (the safest cut-off that meets it): PD ≤ "), r.stdout)
        for (format, marker) in [("markdown", "| PD ≤ | approved |"), ("csv", "section,cutoff,metric,value\ntable,0.05,approved,"),
                                 ("latex", "\\begin{tabular}"), ("json", "\"scale\" : \"pd\"")] {
            let out = try CLI.run(["strategy", f["lr"]!, f["data"]!, "--cutoffs", "0.05,0.1,0.2", "--format", format])
            XCTAssertEqual(out.status, 0, out.stderr)
            XCTAssertTrue(out.stdout.contains(marker), "\(format): \(out.stdout)")
        }
    }

    func testBadInputMessagesAndExitCodes() throws {
        let f = Self.files
        let card = f["card"]!, lr = f["lr"]!, data = f["data"]!
        let columns = "loan_id, application_date, region, employment_type, monthly_income, income_volatility, debt_to_income, lenders_count, inquiries_6m, past_delinquency, savings_months, financial_literacy, loan_amount, term_months, true_pd, default"
        let usage = "\nUsage: credit strategy [<options>] <model> <data>\n  See 'credit strategy --help' for more information.\n"
        let cases: [([String], Int32, String)] = [
            ([card, data, "--cutoffs", "540,520"], 64, "Error: --cutoffs must be increasing (got 520 after 540)" + usage),
            ([card, data, "--cutoffs", "520,520"], 64, "Error: --cutoffs lists 520 twice; give each cut-off once" + usage),
            ([card, data, "--cutoffs", "520,abc"], 64, "Error: --cutoffs expects comma-separated numbers in increasing order, e.g. 500,520,540 (got 'abc' in '520,abc')" + usage),
            ([card, data, "--cutoffs", "520", "--bands", "4"], 64, "Error: give the cut-offs by --cutoffs or --bands, not both" + usage),
            ([card, data, "--cutoff", "520"], 64, "Error: --cutoff sets the cut-off of the swap set; give --incumbent or --incumbent-rule (or list it in --cutoffs)" + usage),
            ([lr, data, "--by", "points"], 64, "credit: error: --by points needs a scorecard model; \(lr) is a logistic-regression model, whose cut-offs are PDs (--by pd)\n"),
            ([lr, data, "--cutoffs", "0.1,2"], 64, "credit: error: --cutoffs: 2 is not a PD; with --by pd every cut-off is in [0, 1]\n"),
            ([card, data, "--incumbent-rule", ""], 64, "credit: error: --incumbent-rule: the rule is empty; write a condition such as: income < 1000 and region == 'north'\n"),
            ([card, data, "--incumbent-rule", "region < "], 64, "credit: error: --incumbent-rule: expected a number or a quoted string after '<' at character 10\n  region < \n           ^\n"),
            ([card, data, "--incumbent-rule", "monthly_incme > 5"], 64, "credit: error: --incumbent-rule: the rule names column 'monthly_incme', not in \(data); did you mean 'monthly_income'? columns are: \(columns)\n"),
            ([card, data, "--incumbent-rule", "region > 5"], 65, "credit: error: \(data):2:3 (region): 'capital' is not a number; the rule compares it with 5 (--incumbent-rule)\n"),
            ([card, data, "--incumbent", "nope"], 64, "credit: error: --incumbent 'nope': no such column in \(data); columns are: \(columns)\n"),
            ([card, data, "--incumbent", "region"], 65, "credit: error: \(data): --incumbent 'region' is not a numeric column (the model reads it as categories); the incumbent must be a score\n"),
            ([card, data, "--target", "nope"], 64, "credit: error: --target 'nope': no such column in \(data); columns are: \(columns)\n"),
        ]
        for (arguments, status, message) in cases {
            let r = try CLI.run(["strategy"] + arguments)
            XCTAssertEqual(r.status, status, arguments.joined(separator: " "))
            XCTAssertEqual(r.stderr, message, arguments.joined(separator: " "))
            XCTAssertEqual(r.stdout, "", arguments.joined(separator: " "))
        }
    }
}
