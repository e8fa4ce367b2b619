import Foundation
import TestSupport
import XCTest

/// `credit policy` and the decision column of `credit score`: every row's decision and code equal the policy
/// written independently as a SQL CASE and run in DuckDB over the data joined to the scores (DuckDB from
/// `.venv-test`, as the export tests); the new model names its parent's seal; an edited policy model is refused.
final class PolicyCLITests: XCTestCase {
    static let data = PackagePaths.path("datasets/small_borrowers.csv")
    var dir = URL(fileURLWithPath: "/nonexistent")

    override func setUpWithError() throws { dir = PackagePaths.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func python(file: StaticString = #filePath, line: UInt = #line) -> String? {
        let path = ProcessInfo.processInfo.environment["CREDIT_TEST_PYTHON"] ?? PackagePaths.path(".venv-test/bin/python")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("\(path) not found: this test runs DuckDB from it; run 'make test' or set CREDIT_TEST_PYTHON", file: file, line: line)
            return nil
        }
        return path
    }

    func trainCard() throws -> String {
        let card = path("card.json")
        let t = try CLI.run(["train", Self.data, "--target", "default", "--exclude", "loan_id,application_date,true_pd", "--scorecard", "-o", card])
        XCTAssertEqual(t.status, 0, t.stderr)
        return card
    }

    func testEveryDecisionEqualsThePolicyWrittenInSQL() throws {
        guard let python = python() else { return }
        let card = try trainCard(), decided = path("decided.json"), scores = path("scores.csv")
        let rules = ["past_delinquency >= 1 and lenders_count >= 3 => decline R90 'Repeated delinquency with several lenders'",
                     "lenders_count is missing and monthly_income < 800 => decline R80",
                     "region in ('river_delta', 'plains') and not (income_volatility <= 0.6) => refer R70",
                     "debt_to_income > 0.8 => refer R60"]
        let p = try CLI.run(["policy", card, "--cutoff", "540", "--refer-band", "540,520", "-o", decided] + rules.flatMap { ["--rule", $0] })
        XCTAssertEqual(p.status, 0, p.stderr)
        XCTAssertTrue(p.stdout.contains("refer when the score is in the refer band: 520 ≤ score < 540 points"), p.stdout)
        let s = try CLI.run(["score", decided, Self.data, "--id", "loan_id", "--reason-texts", "-o", scores])
        XCTAssertEqual(s.status, 0, s.stderr)
        // The policy, written by hand as SQL (two-valued: a comparison with NULL is not true, so CASE skips it).
        let script = """
        import duckdb, sys
        con = duckdb.connect()
        rows = con.execute('''
            WITH d AS (SELECT * FROM read_csv(?, header=true, all_varchar=true)),
                 s AS (SELECT * FROM read_csv(?, header=true, all_varchar=true))
            SELECT s.loan_id, s.decision, s.decision_code, s.decision_text,
              CASE
                WHEN TRY_CAST(NULLIF(d.past_delinquency, '') AS DOUBLE) >= 1 AND TRY_CAST(NULLIF(d.lenders_count, '') AS DOUBLE) >= 3 THEN 'decline|R90'
                WHEN NULLIF(d.lenders_count, '') IS NULL AND TRY_CAST(d.monthly_income AS DOUBLE) < 800 THEN 'decline|R80'
                WHEN d.region IN ('river_delta', 'plains') AND NOT (COALESCE(TRY_CAST(d.income_volatility AS DOUBLE) <= 0.6, FALSE)) THEN 'refer|R70'
                WHEN TRY_CAST(d.debt_to_income AS DOUBLE) > 0.8 THEN 'refer|R60'
                WHEN CAST(s.score AS INTEGER) >= 520 AND CAST(s.score AS INTEGER) < 540 THEN 'refer|refer-band'
                WHEN CAST(s.score AS INTEGER) >= 540 THEN 'approve|cutoff'
                ELSE 'decline|cutoff'
              END AS expected
            FROM s JOIN d USING (loan_id)''', [sys.argv[1], sys.argv[2]]).fetchall()
        bad = [r for r in rows if f'{r[1]}|{r[2]}' != r[4]]
        counts = {}
        for r in rows: counts[r[4]] = counts.get(r[4], 0) + 1
        print(len(rows), len(bad), sorted(counts.items()))
        for r in bad[:5]: print('differs:', r)
        r90 = [r for r in rows if r[2] == 'R90']
        print('texts', r90[0][3] if r90 else '-', '|', [r[3] for r in rows if r[2] == 'R80'][:1])
        """
        let runner = path("check.py")
        try script.write(toFile: runner, atomically: true, encoding: .utf8)
        let check = try run(python, [runner, Self.data, scores])
        XCTAssertEqual(check.status, 0, check.output)
        let first = check.output.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(first.hasPrefix("5000 0 "), check.output)
        // Every branch of the policy is taken at least once on this data.
        for branch in ["approve|cutoff", "decline|cutoff", "refer|refer-band", "decline|R90", "decline|R80", "refer|R70", "refer|R60"] {
            XCTAssertTrue(first.contains("'\(branch)'"), "\(branch) never taken: \(first)")
        }
        XCTAssertTrue(check.output.contains("texts Repeated delinquency with several lenders | ['policy rule: lenders_count is missing and monthly_income < 800']"), check.output)
        // The summary's counts are the file's.
        XCTAssertTrue(s.stderr.contains("decisions: approve "), s.stderr)
        XCTAssertTrue(s.stderr.contains("by hard rules before the score: "), s.stderr)
    }

    func testLineageNamesTheParentAndAnEditedPolicyIsRefused() throws {
        let card = try trainCard(), decided = path("decided.json")
        XCTAssertEqual(try CLI.run(["policy", card, "--cutoff", "540", "-o", decided]).status, 0)
        let parent = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: card))) as! [String: Any]
        let child = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: decided))) as! [String: Any]
        XCTAssertEqual(child["version"] as? Int, 4)
        let lineage = child["lineage"] as? [[String: Any]]
        XCTAssertEqual(lineage?.count, 1)
        XCTAssertEqual(lineage?.first?["parentSHA256"] as? String, parent["contentSHA256"] as? String)
        XCTAssertEqual(lineage?.first?["operation"] as? String, "policy")
        // Lowering the cut-off by hand breaks the seal.
        let text = try String(contentsOfFile: decided, encoding: .utf8)
        XCTAssertTrue(text.contains("\"value\" : 540"), text)
        let edited = path("edited.json")
        try text.replacingOccurrences(of: "\"value\" : 540", with: "\"value\" : 400").write(toFile: edited, atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", edited, Self.data, "-o", path("s.csv")])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("model file is damaged or was edited"), r.stderr)
    }

    func testBadPolicyInput() throws {
        let card = try trainCard(), out = path("decided.json")
        func expect(_ arguments: [String], _ status: Int32, _ fragment: String, line: UInt = #line) throws {
            let r = try CLI.run(arguments)
            XCTAssertEqual(r.status, status, r.stderr, line: line)
            XCTAssertTrue(r.stderr.contains(fragment), "expected '\(fragment)' in: \(r.stderr)", line: line)
        }
        try expect(["policy", card, "--cutoff", "540", "--rule", " => decline R1", "-o", out], 64, "--rule 1: the rule is empty")
        try expect(["policy", card, "--cutoff", "540", "--rule", "lenders_count > 3", "-o", out], 64,
                   "--rule 1: rule 'lenders_count > 3': expected 'CONDITION => decline CODE'")
        try expect(["policy", card, "--cutoff", "540", "--rule", "lenders_count > 3 => approve A1", "-o", out], 64,
                   "a rule cannot approve")
        try expect(["policy", card, "--cutoff", "540", "--rule", "lenders_count > => decline R1", "-o", out], 64, "--rule 1: ")
        try expect(["policy", card, "--cutoff", "540", "--refer-band", "500", "-o", out], 64, "--refer-band must be two numbers A,B")
        try expect(["policy", card, "--cutoff", "540", "--refer-band", "500,500", "-o", out], 64, "the refer band 500,500 holds no score")
        try expect(["policy", card, "--cutoff", "1.5", "--by", "pd", "-o", out], 64, "the cut-off is a PD and must be in [0, 1] (got 1.5)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let plain = path("plain.json")
        XCTAssertEqual(try CLI.run(["train", Self.data, "--target", "default", "--exclude", "loan_id,application_date,true_pd,lenders_count,inquiries_6m,past_delinquency", "-o", plain]).status, 0)
        try expect(["policy", plain, "--cutoff", "540", "--by", "points", "-o", out], 64, "a cut-off in points needs a scorecard model")
        try expect(["policy", plain, "--cutoff", "540", "-o", out], 64, "the cut-off is a PD and must be in [0, 1] (got 540.0)")
        // A rule on a column the data lacks: refused before any row is scored; text where a number is compared: the row is rejected.
        XCTAssertEqual(try CLI.run(["policy", card, "--cutoff", "540", "--rule", "bankrupt == 'yes' => decline R99", "-o", out]).status, 0)
        try expect(["score", out, Self.data, "-o", path("s.csv")], 65, "needs column 'bankrupt'")
        XCTAssertEqual(try CLI.run(["policy", card, "--cutoff", "540", "--rule", "region > 3 => decline R98", "-o", out]).status, 0)
        let rejects = path("rejects.csv")
        try expect(["score", out, Self.data, "-o", path("s.csv"), "--rejects", rejects], 3,
                    "5,000  policy rule R98 cannot read region")
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines[1].contains("policy rule 1 (R98): column 'region' holds 'capital', not a number; the rule compares it with 3; fix the value or the rule"), String(lines[1]))
    }

    /// Runs a program, returning its exit status and combined output.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let url = dir.appendingPathComponent("run-output")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }
}
