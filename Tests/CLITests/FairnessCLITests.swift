import Foundation
import TestSupport
import XCTest

/// `credit fairness` end to end: the numbers against the fixture of Tests/CreditDecisionTests (pandas,
/// scikit-learn, numpy, statsmodels, scipy on the same models and data), every format, and one test per kind of
/// bad input (notebooks-docs/bad-input.md, "Fairness by group").
final class FairnessCLITests: XCTestCase {
    static let fixtures = PackagePaths.path("Tests/CreditDecisionTests/Fixtures")
    static let card = fixtures + "/card.json"
    static let model = fixtures + "/model.json"
    static let data = PackagePaths.path("datasets/small_borrowers.csv")

    nonisolated(unsafe) static let cases: [String: [String: Any]] = {
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/fairness_fixtures.json"))) as! [String: Any]
        return json["cases"] as! [String: [String: Any]]
    }()

    private func json(_ r: CLIResult) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// A number of the JSON output: NaN is written as the string "NaN".
    private func number(_ x: Any?) -> Double { (x as? Double) ?? ((x as? String) == "NaN" ? .nan : .infinity) }

    private func close(_ actual: Any?, _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let a = number(actual)
        if let e = expected as? Double {
            assertClose(a, e, relative: 1e-12, absolute: 1e-12, what, file: file, line: line)
        } else {
            XCTAssertTrue(a.isNaN, "\(what): expected n/a, got \(String(describing: actual))", file: file, line: line)
        }
    }

    /// The JSON groups (and all rows) against a fixture case; `approval: false` skips what depends on the cut-off.
    private func compare(_ out: [String: Any], _ c: [String: Any], approval: Bool = true) {
        let f = out["fairness"] as! [String: Any]
        let actual = (f["groups"] as! [[String: Any]]) + [f["all"] as! [String: Any]]
        let expected = (c["groups"] as! [[String: Any]]) + [c["all"] as! [String: Any]]
        XCTAssertEqual(actual.map { $0["group"] as! String }, expected.map { $0["group"] as! String })
        for (g, e) in zip(actual, expected) {
            let w = g["group"] as! String
            var counts = ["rows", "rowsWithOutcome", "bads", "goods"]
            if approval { counts += ["approved", "approvedBads", "approvedGoods"] }
            for k in counts { XCTAssertEqual(g[k] as? Int, e[k] as? Int, "\(w) \(k)") }
            if approval {
                for k in ["approvalRate", "badRateApproved", "truePositiveRate", "falsePositiveRate", "equalOpportunityDifference"] {
                    close(g[k], e[k], "\(w) \(k)")
                }
                if let a = e["adverseImpact"] as? [String: Any] {
                    let air = g["adverseImpact"] as! [String: Any], ci = air["confidenceInterval"] as! [String: Any]
                    close(air["value"], a["value"], "\(w) AIR")
                    close(ci["lower"], a["lower"], "\(w) AIR lower")
                    close(ci["upper"], a["upper"], "\(w) AIR upper")
                    XCTAssertEqual(air["belowFourFifths"] as? Bool, a["below"] as? Bool, w)
                }
            }
            if let a = e["auc"] as? [String: Any] {
                let auc = g["auc"] as! [String: Any], ci = auc["confidenceInterval"] as! [String: Any]
                close(auc["value"], a["value"], "\(w) AUC")
                close(ci["lower"], a["lower"], "\(w) AUC lower")
                close(ci["upper"], a["upper"], "\(w) AUC upper")
            }
            if let k = e["calibration"] as? [String: Any] {
                let cal = g["calibration"] as! [String: Any]
                for key in ["meanPD", "observedBadRate", "z", "pValue"] { close(cal[key], k[key], "\(w) \(key)") }
            }
        }
    }

    func testHelpStatesEachDefinitionAndItsSource() throws {
        let r = try CLI.run(["fairness", "--help"])
        XCTAssertEqual(r.status, 0)
        let help = r.stdout.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: " ")
        for needle in ["Examples:", "29 CFR 1607.4(D)", "Katz", "Biometrics 34:469", "Hardt, Price & Srebro 2016", "DeLong",
                       "Biometrics 44:837", "share of goods approved", "share of bads approved", "the group with the most rows",
                       "(missing)", "ΣPD"] {
            XCTAssertTrue(help.contains(needle), "help lacks \(needle)")
        }
    }

    /// Scorecard points: every per-group number equals the fixture's (the committed card.json, cut-off 540).
    func testEmploymentTypeMatchesTheReference() throws {
        let out = try json(try CLI.run(["fairness", Self.card, Self.data, "--group", "employment_type", "--cutoff", "540", "--format", "json"]))
        compare(out, Self.cases["employment_points"]!)
        let f = out["fairness"] as! [String: Any]
        XCTAssertEqual(f["reference"] as? String, "salaried")
        XCTAssertEqual(f["referenceIsLargest"] as? Bool, true)
        XCTAssertEqual((f["cutoff"] as? [String: Any])?["scale"] as? String, "points")
    }

    /// A plain model's PD cut-off, income bands, a given reference; thin-file rows the model rejects are counted.
    func testIncomeBandsMatchTheReference() throws {
        let out = try json(try CLI.run(["fairness", Self.model, Self.data, "--group", "monthly_income", "--bands", "500,1000,2000",
                                        "--cutoff", "0.15", "--reference", "[500, 1000)", "--format", "json"]))
        compare(out, Self.cases["income_bands_pd"]!)
        XCTAssertEqual(out["rowsRejectedByModel"] as? Int, 1204)
        XCTAssertEqual((out["fairness"] as! [String: Any])["referenceIsLargest"] as? Bool, false)
    }

    /// Blank groups form "(missing)"; rows with a blank outcome count for approval only. The fixture's case
    /// region_edited_pd has the same blanks; what does not depend on the cut-off must agree. The group is a copy
    /// of region in a column `segment` that the model does not read (a blank region would change the PD).
    func testMissingGroupsAndOutcomes() throws {
        let rows = 5000
        let text = try String(contentsOfFile: Self.data, encoding: .utf8)
        let withDefaults = EditedCSV.edit(text, [(column: "default", value: "", rows: Set((0..<rows).filter { $0 % 9 == 4 }))])
        let lines = withDefaults.split(separator: "\n").map(String.init)
        let j = lines[0].split(separator: ",").firstIndex(of: "region")!
        var out = [lines[0] + ",segment"]
        for (i, line) in lines.dropFirst().enumerated() {
            out.append(line + "," + (i % 40 == 0 ? "" : String(line.split(separator: ",", omittingEmptySubsequences: false)[j])))
        }
        let path = temporaryFile("edited.csv", out.joined(separator: "\n") + "\n")
        let result = try json(try CLI.run(["fairness", Self.card, path, "--group", "segment", "--cutoff", "540", "--reference", "capital", "--format", "json"]))
        compare(result, Self.cases["region_edited_pd"]!, approval: false)
        XCTAssertEqual(result["rowsWithoutOutcome"] as? Int, (0..<rows).filter { $0 % 9 == 4 }.count)
        let text2 = try CLI.run(["fairness", Self.card, path, "--group", "segment", "--cutoff", "540"])
        XCTAssertTrue(text2.stdout.contains("(missing)"), text2.stdout)
        XCTAssertTrue(text2.stdout.contains("without: approval columns only"), text2.stdout)
    }

    func testEveryFormat() throws {
        let base = ["fairness", Self.card, Self.data, "--group", "employment_type", "--cutoff", "540"]
        let text = try CLI.run(base)
        XCTAssertEqual(text.status, 0, text.stderr)
        for needle in ["approve when score ≥ 540 points", "reference group: salaried (the largest group", "AIR 95% CI (Katz)",
                       "four-fifths flag", "AIR < 0.8", "EOD", "AUC 95% CI (DeLong)", "Calibration-in-the-large", "all rows"] {
            XCTAssertTrue(text.stdout.contains(needle), "text lacks \(needle)")
        }
        let md = try CLI.run(base + ["--format", "markdown"])
        XCTAssertTrue(md.stdout.contains("| farmer | 504 | 308 |"), md.stdout)
        let csv = try CLI.run(base + ["--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 6, "header, four groups, all rows")
        XCTAssertTrue(lines[0].hasPrefix("group_column,group,reference,rows,approved,approval_rate,air,air_ci_lower,air_ci_upper"))
        let latex = try CLI.run(base + ["--format", "latex"])
        XCTAssertEqual(latex.stdout.components(separatedBy: "\\begin{table}").count - 1, 3)
        XCTAssertTrue(latex.stdout.contains("micro\\_business"))
        let bands = try CLI.run(["fairness", Self.model, Self.data, "--group", "monthly_income", "--bands", "500,1000,2000", "--cutoff", "0.15", "--format", "latex"])
        XCTAssertTrue(bands.stdout.contains("\\textless{} 500") && bands.stdout.contains("{}[500, 1000)"), bands.stdout)
    }

    // MARK: Bad input (notebooks-docs/bad-input.md)

    func testUnknownGroupColumnSuggestsTheNearest() throws {
        let r = try CLI.run(["fairness", Self.card, Self.data, "--group", "employment", "--cutoff", "540"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--group 'employment': no such column in \(Self.data); did you mean 'employment_type'?"), r.stderr)
        let typo = try CLI.run(["fairness", Self.card, Self.data, "--group", "regoin", "--cutoff", "540"])
        XCTAssertTrue(typo.stderr.contains("did you mean 'region'?"), typo.stderr)
    }

    /// A group of one row is shown with n/a for what one row cannot give, not a crash.
    func testOneRowGroup() throws {
        let text = try String(contentsOfFile: Self.data, encoding: .utf8)
        let path = temporaryFile("one.csv", EditedCSV.edit(text, [(column: "employment_type", value: "student", rows: [0])]))
        let r = try CLI.run(["fairness", Self.card, path, "--group", "employment_type", "--cutoff", "540"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("student") && $0.contains("no bads") })
        XCTAssertTrue(line.contains("n/a"), String(line))
        let out = try json(try CLI.run(["fairness", Self.card, path, "--group", "employment_type", "--cutoff", "540", "--format", "json"]))
        let student = ((out["fairness"] as! [String: Any])["groups"] as! [[String: Any]]).first { $0["group"] as? String == "student" }!
        XCTAssertEqual(student["rows"] as? Int, 1)
        XCTAssertEqual(student["aucNote"] as? String, "no bads")
    }

    func testReferenceNotPresent() throws {
        let r = try CLI.run(["fairness", Self.card, Self.data, "--group", "employment_type", "--cutoff", "540", "--reference", "Salaried"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--reference 'Salaried': no such group in employment_type of \(Self.data)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean 'salaried'?"), r.stderr)
        XCTAssertTrue(r.stderr.contains("groups are: farmer, gig, micro_business, salaried"), r.stderr)
    }

    func testBandsMustBeIncreasingNumbers() throws {
        for (bands, message) in [("1000,500", "--bands must be strictly increasing (got 1000 then 500)"),
                                 ("500,500", "--bands must be strictly increasing (got 500 then 500)"),
                                 ("500,x", "--bands '500,x': 'x' is not a finite number")] {
            let r = try CLI.run(["fairness", Self.model, Self.data, "--group", "monthly_income", "--bands", bands, "--cutoff", "0.1"])
            XCTAssertEqual(r.status, 64, bands)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
        }
        let numeric = try CLI.run(["fairness", Self.model, Self.data, "--group", "monthly_income", "--cutoff", "0.1"])
        XCTAssertEqual(numeric.status, 64)
        XCTAssertTrue(numeric.stderr.contains("--group 'monthly_income' is numeric in \(Self.data); cut it into bands with --bands E1,E2,… (its quartiles: --bands 530,764,1086)"), numeric.stderr)
        let categorical = try CLI.run(["fairness", Self.model, Self.data, "--group", "region", "--bands", "1,2", "--cutoff", "0.1"])
        XCTAssertEqual(categorical.status, 64)
        XCTAssertTrue(categorical.stderr.contains("--bands: column 'region' of \(Self.data) is categorical"), categorical.stderr)
    }

    func testCutoffIsRequiredAndOnTheModelsScale() throws {
        let r = try CLI.run(["fairness", Self.card, Self.data, "--group", "region"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--cutoff is required: approve at score ≥ S points for a scorecard, PD ≤ S for other models"), r.stderr)
        let pd = try CLI.run(["fairness", Self.model, Self.data, "--group", "region", "--cutoff", "540"])
        XCTAssertEqual(pd.status, 64)
        XCTAssertTrue(pd.stderr.contains("is not a scorecard, so the cut-off is a PD in [0, 1]"), pd.stderr)
    }

    func testTargetWithThreeValuesAndNoTarget() throws {
        let text = try String(contentsOfFile: Self.data, encoding: .utf8)
        let three = temporaryFile("three.csv", EditedCSV.edit(text, [(column: "default", value: "2", rows: [3])]))
        let r = try CLI.run(["fairness", Self.card, three, "--group", "region", "--cutoff", "540"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("target 'default' has more than two values (0, 1, 2); fairness needs the bad value '1' and one good value"), r.stderr)
        // Applicants without outcomes: approval columns only, said on stderr.
        let header = text.split(separator: "\n", maxSplits: 1)[0].split(separator: ",")
        let j = header.firstIndex(of: "default")!
        let dropped = text.split(separator: "\n").map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { $0.offset != j }.map { String($0.element) }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let none = try CLI.run(["fairness", Self.card, temporaryFile("none.csv", dropped), "--group", "region", "--cutoff", "540"])
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertTrue(none.stderr.contains("has no column 'default' (the model's target): approval columns only"), none.stderr)
        XCTAssertTrue(none.stdout.contains("with an outcome 0 (5,000 without: approval columns only)"), none.stdout)
    }

    func testNoRowsAndEveryRowRejected() throws {
        let text = try String(contentsOfFile: Self.data, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = temporaryFile("header.csv", lines[0] + "\n")
        let r = try CLI.run(["fairness", Self.card, header, "--group", "region", "--cutoff", "540"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("header.csv: the file has a header line but no data rows; fairness needs rows"), r.stderr)
        // Thin-file rows (blank lenders_count): the plain model rejects each of them.
        let thin = lines.dropFirst().filter { $0.contains(",,,") }.prefix(3)
        XCTAssertEqual(thin.count, 3)
        let path = temporaryFile("thin.csv", ([lines[0]] + thin).joined(separator: "\n") + "\n")
        let all = try CLI.run(["fairness", Self.model, path, "--group", "region", "--cutoff", "0.1"])
        XCTAssertEqual(all.status, 65)
        XCTAssertTrue(all.stderr.contains("thin.csv: the model \(Self.model) rejected every row (3); no row to compare groups on"), all.stderr)
    }

    /// `credit validate --group --cutoff` adds the same section on the evaluated rows (PD scale with --by pd: the
    /// rule of validate's --cutoff), equal to the fixture's case employment_pd; without --group the JSON has no section.
    func testValidateAddsTheFairnessSection() throws {
        let base = ["validate", Self.card, Self.data, "--bootstrap", "0", "--by", "pd"]
        let out = try json(try CLI.run(base + ["--group", "employment_type", "--cutoff", "0.2", "--format", "json"]))
        compare(try XCTUnwrap(out["fairness"] as? [String: Any]), Self.cases["employment_pd"]!)
        XCTAssertNil(try json(try CLI.run(base + ["--format", "json"]))["fairness"])
        let text = try CLI.run(base + ["--group", "employment_type", "--cutoff", "0.2"])
        XCTAssertTrue(text.stdout.contains("Fairness by employment_type: approve when PD ≤ 0.2; reference group: salaried (the largest group)"), text.stdout)
        let csv = try CLI.run(base + ["--group", "employment_type", "--cutoff", "0.2", "--format", "csv"])
        XCTAssertTrue(csv.stdout.contains("\nfairness,adverse impact ratio employment_type = farmer,"), csv.stdout)
        let latex = try CLI.run(base + ["--group", "employment_type", "--cutoff", "0.2", "--format", "latex"])
        XCTAssertEqual(latex.stdout.components(separatedBy: "\\begin{table}").count - 1, 4, "metrics and three fairness tables")
        let noCutoff = try CLI.run(base + ["--group", "employment_type"])
        XCTAssertEqual(noCutoff.status, 64)
        XCTAssertTrue(noCutoff.stderr.contains("--group needs --cutoff: the score (scorecards) or PD at which an applicant is approved"), noCutoff.stderr)
        let noGroup = try CLI.run(base + ["--reference", "salaried"])
        XCTAssertEqual(noGroup.status, 64)
        XCTAssertTrue(noGroup.stderr.contains("--reference and --bands need --group"), noGroup.stderr)
        let badRef = try CLI.run(base + ["--group", "employment_type", "--cutoff", "0.2", "--reference", "gig_worker"])
        XCTAssertEqual(badRef.status, 64)
        XCTAssertTrue(badRef.stderr.contains("--reference 'gig_worker': no such group in employment_type"), badRef.stderr)
    }

    /// `credit report --group --cutoff` adds the three tables of the section to the HTML page; the numbers are
    /// the renderer's, from the same call as validate's (checked against the fixture above).
    func testReportAddsTheFairnessSection() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html").path
        let r = try CLI.run(["report", Self.card, Self.data, "--bootstrap", "0", "--group", "employment_type", "--cutoff", "0.2", "--by", "pd", "-o", page])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        for id in ["table-fairness-approval", "table-fairness-outcomes", "table-fairness-calibration"] {
            XCTAssertTrue(html.contains("id=\"\(id)\""), id)
        }
        XCTAssertTrue(html.contains("approve when PD ≤ 0.2; reference group salaried (the largest group)"))
        XCTAssertTrue(html.contains("<th scope=\"row\">farmer</th><td>504</td><td>373</td><td>0.7401</td><td>0.821</td>"), "the approval row of farmers")
        let plain = try CLI.run(["report", Self.card, Self.data, "--bootstrap", "0", "-o", page])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertFalse(try String(contentsOfFile: page, encoding: .utf8).contains("id=\"fairness\""), "no section without --group")
        let noGroup = try CLI.run(["report", Self.card, Self.data, "--reference", "salaried", "-o", page])
        XCTAssertEqual(noGroup.status, 64)
        XCTAssertTrue(noGroup.stderr.contains("--reference and --bands need --group"), noGroup.stderr)
        let noCutoff = try CLI.run(["report", Self.card, Self.data, "--group", "region", "-o", page])
        XCTAssertEqual(noCutoff.status, 64)
        XCTAssertTrue(noCutoff.stderr.contains("--group needs --cutoff"), noCutoff.stderr)
    }
}
