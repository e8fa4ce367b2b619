import Foundation
import TestSupport
import XCTest

/// One meaning per option name (issue 20, item 9; notebooks-docs/options.md): the cut-off of validate and report
/// in points for scorecards, --target/--bad on every command that reads outcomes, --grade-column and export --to
/// with their deprecated spellings, export's comma-separated --keep.
final class OptionNamesCLITests: XCTestCase {
    static let fixtures = PackagePaths.path("Tests/CreditDecisionTests/Fixtures")
    static let card = fixtures + "/card.json"
    static let model = fixtures + "/model.json"
    static let data = PackagePaths.path("datasets/small_borrowers.csv")
    nonisolated(unsafe) static let cases: [String: [String: Any]] = {
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/fairness_fixtures.json"))) as! [String: Any]
        return json["cases"] as! [String: [String: Any]]
    }()

    /// small_borrowers.csv with its outcome column `default` renamed `outcome` and its values 1/0 written B/G:
    /// an out-of-time file whose outcome has another name and another bad value.
    static let renamed: String = {
        let lines = try! String(contentsOfFile: data, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let k = header.firstIndex(of: "default")!
        var out = [header.map { $0 == "default" ? "outcome" : $0 }.joined(separator: ",")]
        for line in lines.dropFirst() where !line.isEmpty {
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[k] = cells[k] == "1" ? "B" : cells[k] == "0" ? "G" : cells[k]
            out.append(cells.joined(separator: ","))
        }
        return temporaryFile("renamed.csv", out.joined(separator: "\n") + "\n")
    }()

    private func json(_ r: CLIResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    /// The confusion matrix of `validate --format json`: [TP, FN, FP, TN] and the unit.
    private func confusion(_ arguments: [String]) throws -> (counts: [Int], unit: String?) {
        let out = try json(try CLI.run(["validate"] + arguments + ["--bootstrap", "0", "--format", "json"]))
        let m = try XCTUnwrap((out["evaluation"] as? [String: Any])?["confusion"] as? [String: Any])
        return (["truePositives", "falseNegatives", "falsePositives", "trueNegatives"].map { m[$0] as! Int }, m["unit"] as? String)
    }

    /// The counts pandas computed for `credit fairness` at the same cut-off (fairness_fixtures.json, all rows):
    /// classed bad = not approved, so TP = bads − approved bads, FN = approved bads, FP = goods − approved goods.
    private func expectedConfusion(_ name: String) -> [Int] {
        let all = Self.cases[name]!["all"] as! [String: Any]
        let bads = all["bads"] as! Int, goods = all["goods"] as! Int
        let ab = all["approvedBads"] as! Int, ag = all["approvedGoods"] as! Int
        return [bads - ab, ab, goods - ag, ag]
    }

    /// A scorecard's --cutoff is a score in points (classed bad below it, on the scores themselves); --by pd
    /// gives the PD rule; a plain model keeps the PD rule. Both against the pandas counts of the fairness fixture.
    func testValidateCutoffInPointsForScorecardsAndPDOtherwise() throws {
        XCTAssertEqual(Self.cases["employment_points"]!["cutoff"] as? Double, 540)
        let points = try confusion([Self.card, Self.data, "--cutoff", "540"])
        XCTAssertEqual(points.counts, expectedConfusion("employment_points"))
        XCTAssertEqual(points.unit, "points")
        XCTAssertEqual(try confusion([Self.card, Self.data, "--cutoff", "540", "--by", "points"]).counts, points.counts)
        let pd = try confusion([Self.card, Self.data, "--cutoff", "0.2", "--by", "pd"])
        XCTAssertEqual(pd.counts, expectedConfusion("employment_pd"))
        XCTAssertNil(pd.unit, "a PD cut-off keeps the JSON of before")
        // The unit wherever the cut-off is shown.
        let text = try CLI.run(["validate", Self.card, Self.data, "--bootstrap", "0", "--cutoff", "540"])
        XCTAssertTrue(text.stdout.contains("at score < 540 points  classed bad  classed good"), text.stdout)
        XCTAssertTrue(text.stdout.contains("at score < 540 points; cost bad→good 5"), text.stdout)
        let csv = try CLI.run(["validate", Self.card, Self.data, "--bootstrap", "0", "--cutoff", "540", "--format", "csv"])
        XCTAssertTrue(csv.stdout.contains("classification,precision,") && csv.stdout.contains("at score < 540 points"), csv.stdout)
        let plain = try CLI.run(["validate", Self.model, Self.data, "--bootstrap", "0", "--cutoff", "0.2"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.contains("at P(bad) > 0.2  classed bad"), plain.stdout)
        // Refusals (exit 64): a PD given where a score is read, points for a plain model, a PD outside [0, 1].
        for (arguments, message) in [
            ([Self.card, Self.data, "--cutoff", "0.2"], "is a scorecard, so the cut-off is a score in points (classed bad below it), e.g. --cutoff 540; for a PD cut-off add --by pd"),
            ([Self.model, Self.data, "--cutoff", "540"], "--cutoff 540: the cut-off is a PD and must be in [0, 1]"),
            ([Self.model, Self.data, "--by", "points"], "--by points needs a scorecard model"),
            ([Self.card, Self.data, "--cutoff", "540", "--by", "pd"], "--cutoff 540: the cut-off is a PD and must be in [0, 1]"),
        ] {
            let r = try CLI.run(["validate"] + arguments)
            XCTAssertEqual(r.status, 64, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
        }
        // compare keeps a PD cut-off.
        let compare = try CLI.run(["compare", Self.data, "--target", "default", "--models", Self.card, "--cutoff", "540"])
        XCTAssertEqual(compare.status, 64, compare.stderr)
        XCTAssertTrue(compare.stderr.contains("--cutoff must be a probability in [0, 1]"), compare.stderr)
    }

    /// validate --group with a points cut-off: the fairness section of `credit fairness` at the same cut-off.
    func testValidateAndReportFairnessSectionInPoints() throws {
        let out = try json(try CLI.run(["validate", Self.card, Self.data, "--bootstrap", "0", "--group", "employment_type",
                                        "--cutoff", "540", "--format", "json"]))
        let section = try XCTUnwrap((out["fairness"] as? [String: Any])?["fairness"] as? [String: Any])
        let expected = Self.cases["employment_points"]!["all"] as! [String: Any]
        let got = try XCTUnwrap(section["all"] as? [String: Any])
        for k in ["approved", "approvedBads", "approvedGoods"] { XCTAssertEqual(got[k] as? Int, expected[k] as? Int, k) }
        let text = try CLI.run(["validate", Self.card, Self.data, "--bootstrap", "0", "--group", "employment_type", "--cutoff", "540"])
        XCTAssertTrue(text.stdout.contains("approve when score ≥ 540 points"), text.stdout)
        let page = PackagePaths.temporaryDirectory().appendingPathComponent("report.html").path
        let r = try CLI.run(["report", Self.card, Self.data, "--bootstrap", "0", "--group", "employment_type", "--cutoff", "540", "-o", page])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("approve when score ≥ 540 points"))
        let pdOnCard = try CLI.run(["report", Self.card, Self.data, "--group", "employment_type", "--cutoff", "0.2", "-o", page])
        XCTAssertEqual(pdOnCard.status, 64, pdOnCard.stderr)
        XCTAssertTrue(pdOnCard.stderr.contains("for a PD cut-off add --by pd"), pdOnCard.stderr)
    }

    /// --target/--bad override the model's outcome in validate, report, fairness, recalibrate, strategy and
    /// monitor: the renamed file with --target outcome --bad B gives the numbers of the original file.
    func testTargetAndBadOverrideTheModelsOutcome() throws {
        let override = ["--target", "outcome", "--bad", "B"]
        func same(_ command: [String], _ key: String, in parent: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
            func pick(_ o: [String: Any]) -> [String: Any] { parent.map { o[$0] as! [String: Any] } ?? o }
            let original = pick(try json(try CLI.run(command.map { $0 == "DATA" ? Self.data : $0 }), file: file, line: line))
            let edited = pick(try json(try CLI.run(command.map { $0 == "DATA" ? Self.renamed : $0 } + override), file: file, line: line))
            XCTAssertEqual(original[key] as? NSDictionary, edited[key] as? NSDictionary, "\(command[0]) \(key)", file: file, line: line)
            XCTAssertNotNil(original[key], "\(command[0]) \(key)", file: file, line: line)
        }
        try same(["validate", Self.card, "DATA", "--bootstrap", "0", "--format", "json"], "evaluation")
        try same(["fairness", Self.card, "DATA", "--group", "region", "--cutoff", "540", "--format", "json"], "fairness")
        try same(["monitor", Self.card, "DATA", "DATA", "--format", "json", "--optimism-replicates", "0"], "discrimination", in: "result")
        try same(["monitor", Self.card, "DATA", "DATA", "--format", "json", "--optimism-replicates", "0"], "calibration", in: "result")
        let v = try json(try CLI.run(["validate", Self.card, Self.renamed, "--bootstrap", "0", "--format", "json"] + override))
        XCTAssertEqual(v["target"] as? String, "outcome")
        XCTAssertEqual(v["bad"] as? String, "B")
        // strategy and recalibrate: the same counts and fit.
        let s0 = try json(try CLI.run(["strategy", Self.card, Self.data, "--format", "json"]))
        let s1 = try json(try CLI.run(["strategy", Self.card, Self.renamed, "--format", "json"] + override))
        XCTAssertEqual(s0["rows"] as? NSArray, s1["rows"] as? NSArray)
        let dir = PackagePaths.temporaryDirectory()
        let r0 = try json(try CLI.run(["recalibrate", Self.card, Self.data, "--method", "intercept", "--format", "json", "-o", dir.appendingPathComponent("a.json").path]))
        let r1 = try json(try CLI.run(["recalibrate", Self.card, Self.renamed, "--method", "intercept", "--format", "json", "-o", dir.appendingPathComponent("b.json").path] + override))
        XCTAssertEqual(r0["fit"] as? NSDictionary, r1["fit"] as? NSDictionary)
        XCTAssertNotNil(r0["fit"])
        XCTAssertEqual(r0["before"] as? NSDictionary, r1["before"] as? NSDictionary)
        let child = try String(contentsOfFile: dir.appendingPathComponent("b.json").path, encoding: .utf8)
        XCTAssertTrue(child.contains("\"column\" : \"default\"") || child.contains("\"column\":\"default\""), "the new model keeps the model's target")
        // report: the page names the override and has the same AUC.
        let page = dir.appendingPathComponent("r.html").path
        let rep = try CLI.run(["report", Self.card, Self.renamed, "--bootstrap", "0", "-o", page] + override)
        XCTAssertEqual(rep.status, 0, rep.stderr)
        // Without the override the renamed file has no outcome; a --target column the file lacks is a usage error.
        // (report renders the applicants-only page for a file without the model's target: no outcome is read.)
        for command in [["validate", Self.card, Self.renamed], ["recalibrate", Self.card, Self.renamed, "--method", "intercept"],
                        ["report", Self.card, Self.renamed, "-o", page]] {
            let r = try CLI.run(command)
            if command[0] == "report" {
                XCTAssertEqual(r.status, 0, r.stderr)
                XCTAssertTrue(try String(contentsOfFile: page, encoding: .utf8).contains("id=\"applicants-only\""))
            } else {
                XCTAssertEqual(r.status, 65, "\(command[0]): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("has no column 'default'"), r.stderr)
            }
            let typo = try CLI.run(command + ["--target", "outcom"])
            XCTAssertEqual(typo.status, 64, "\(command[0]): \(typo.stderr)")
            XCTAssertTrue(typo.stderr.contains("--target 'outcom': no such column in \(Self.renamed)"), typo.stderr)
        }
        let typo = try CLI.run(["fairness", Self.card, Self.renamed, "--group", "region", "--cutoff", "540", "--target", "outcom"])
        XCTAssertEqual(typo.status, 64, typo.stderr)
        XCTAssertTrue(typo.stderr.contains("--target 'outcom': no such column"), typo.stderr)
        // Commands without a model take --target and --bad as before (bin, describe, train, compare).
        for command in [["bin", Self.renamed, "--columns", "debt_to_income", "--format", "json"],
                        ["describe", Self.renamed, "--format", "json"]] {
            let r = try CLI.run(command + override)
            XCTAssertEqual(r.status, 0, "\(command[0]): \(r.stderr)")
        }
    }

    /// validate --grades COL still works for this release, with one note on stderr, and equals --grade-column.
    func testGradesIsDeprecatedForGradeColumn() throws {
        let base = ["validate", Self.model, Self.data, "--bootstrap", "0", "--format", "json"]
        let new = try CLI.run(base + ["--grade-column", "region"])
        XCTAssertEqual(new.status, 0, new.stderr)
        XCTAssertFalse(new.stderr.contains("deprecated"), new.stderr)
        let old = try CLI.run(base + ["--grades", "region"])
        XCTAssertEqual(old.status, 0, old.stderr)
        XCTAssertEqual(old.stdout, new.stdout)
        XCTAssertEqual(old.stderr.components(separatedBy: "credit: note: --grades COL is deprecated; use --grade-column COL").count - 1, 1, old.stderr)
        let both = try CLI.run(base + ["--grades", "region", "--grade-column", "region"])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("give --grade-column only (--grades is its deprecated spelling), not both"), both.stderr)
        XCTAssertFalse(try CLI.run(["validate", "--help"]).stdout.contains("--grades "), "the old spelling is hidden from --help")
        // monitor's --grades FILE keeps its meaning.
        XCTAssertTrue(try CLI.run(["monitor", "--help"]).stdout.contains("--grades"))
    }

    /// export --to sql|pmml; --format sql|pmml still works for this release with a note; --keep is comma-separated.
    func testExportToAndCommaSeparatedKeep() throws {
        let new = try CLI.run(["export", Self.card, "--to", "sql", "--table", "t", "--keep", "loan_id,region"])
        XCTAssertEqual(new.status, 0, new.stderr)
        XCTAssertTrue(new.stdout.contains("SELECT\n  \"loan_id\",\n  \"region\","), new.stdout)
        let repeated = try CLI.run(["export", Self.card, "--to", "sql", "--table", "t", "--keep", "loan_id", "--keep", "region"])
        XCTAssertEqual(repeated.stdout, new.stdout)
        let old = try CLI.run(["export", Self.card, "--format", "sql", "--table", "t", "--keep", "loan_id,region"])
        XCTAssertEqual(old.status, 0, old.stderr)
        XCTAssertEqual(old.stdout, new.stdout)
        XCTAssertTrue(old.stderr.contains("credit: note: --format sql|pmml is deprecated; use --to sql|pmml"), old.stderr)
        XCTAssertFalse(new.stderr.contains("deprecated"), new.stderr)
        let pmmlOld = try CLI.run(["export", Self.card, "--format", "pmml"])
        XCTAssertEqual(pmmlOld.stdout, try CLI.run(["export", Self.card, "--to", "pmml"]).stdout)
        for (arguments, message) in [([String](), "give the artefact with --to sql or --to pmml"),
                                     (["--to", "pmml", "--format", "pmml"], "give --to only (--format is its deprecated spelling), not both"),
                                     (["--to", "pmml", "--keep", "a"], "--keep applies to --to sql only")] {
            let r = try CLI.run(["export", Self.card] + arguments)
            XCTAssertEqual(r.status, 64, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
        }
    }

    /// The README names every deprecated spelling and when it goes; no doc's command output shows a deprecation
    /// note (every command in the docs uses the new spellings).
    func testDocsNameTheDeprecatedSpellingsAndUseTheNewOnes() throws {
        let readme = try String(contentsOfFile: PackagePaths.path("README.md"), encoding: .utf8)
        for spelling in ["`validate --grades COL`", "`export --format sql|pmml`"] {
            XCTAssertTrue(readme.contains(spelling), spelling)
        }
        XCTAssertTrue(readme.contains("removed in the next release"))
        let docs = PackagePaths.path("notebooks-docs")
        for name in try FileManager.default.contentsOfDirectory(atPath: docs) where name.hasSuffix(".md") {
            // Command output (run blocks) never shows the note; the catalogue's table rows quote it.
            let text = try String(contentsOfFile: docs + "/" + name, encoding: .utf8)
            let shown = text.split(separator: "\n").filter { !$0.hasPrefix("|") && $0.contains("is deprecated; use") }
            XCTAssertEqual(shown, [], "\(name) shows a deprecation note")
        }
    }
}
