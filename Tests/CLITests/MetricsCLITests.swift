import Foundation
import TestSupport
import XCTest

/// `credit validate` and `credit compare`: success in every format and one test per kind of error.
final class MetricsCLITests: XCTestCase {
    static let asah = PackagePaths.publishedData("asah.csv")

    /// A model trained on the German credit data (once per test that needs it).
    private func germanModel(exclude: String? = nil) throws -> String {
        let path = PackagePaths.temporaryDirectory().appendingPathComponent("model.json").path
        var args = ["train", CLI.german, "--target", "default", "-o", path]
        if let exclude { args += ["--exclude", exclude] }
        let r = try CLI.run(args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testHelpHasExamples() throws {
        for command in [["validate", "--help"], ["compare", "--help"]] {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 0)
            XCTAssertTrue(r.stdout.contains("Examples:"), r.stdout)
            XCTAssertTrue(r.stdout.contains("riskier"), r.stdout)
        }
    }

    func testValidateEveryFormat() throws {
        let model = try germanModel()
        let text = try CLI.run(["validate", model, CLI.german, "--bootstrap", "20"])
        XCTAssertEqual(text.status, 0, text.stderr)
        for needle in ["AUC", "Gini", "KS", "H-measure", "EMP", "Brier score", "Hosmer–Lemeshow", "Spiegelhalter", "calibration slope",
                       "ECE", "expected cost", "reliability", "gains by band", "evaluated 1,000 (bad 300, good 700)"] {
            XCTAssertTrue(text.stdout.contains(needle), "missing \(needle)")
        }
        let j = try json(try CLI.run(["validate", model, CLI.german, "--bootstrap", "0", "--format", "json"]).stdout)
        let e = try XCTUnwrap(j["evaluation"] as? [String: Any])
        let auc = try XCTUnwrap((e["auc"] as? [String: Any])?["value"] as? Double)
        XCTAssertGreaterThan(auc, 0.8)
        // On the training data the joint calibration fit is the identity (the ML fit's score equations).
        let cal = try XCTUnwrap(((e["calibration"] as? [String: Any])?["regression"] as? [String: Any]))
        XCTAssertEqual(try XCTUnwrap(cal["slope"] as? Double), 1, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(cal["intercept"] as? Double), 0, accuracy: 1e-6)
        let csv = try CLI.run(["validate", model, CLI.german, "--bootstrap", "0", "--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("section,metric,value,ci_lower,ci_upper"), csv.stdout)
        let md = try CLI.run(["validate", model, CLI.german, "--bootstrap", "0", "--format", "markdown"])
        XCTAssertTrue(md.stdout.contains("| AUC |"), md.stdout)
        let tex = try CLI.run(["validate", model, CLI.german, "--bootstrap", "0", "--format", "latex"])
        XCTAssertTrue(tex.stdout.contains("\\begin{tabular}") && tex.stdout.contains("\\bottomrule"), tex.stdout)
    }

    func testValidateErrors() throws {
        let model = try germanModel()
        XCTAssertEqual(try CLI.run(["validate", "/no/such/model.json", CLI.german]).status, 1)
        let noTarget = temporaryFile("nt.csv", "duration_in_month,credit_amount\n12,1000\n")
        var r = try CLI.run(["validate", model, noTarget])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("'default'"), r.stderr)
        let german = try String(contentsOfFile: CLI.german, encoding: .utf8)
        // Only goods: discrimination is undefined.
        let lines = german.split(separator: "\n")
        let goods = ([lines[0]] + lines.dropFirst().filter { $0.hasSuffix(",0") }.prefix(50)).joined(separator: "\n") + "\n"
        r = try CLI.run(["validate", model, temporaryFile("goods.csv", goods), "--bootstrap", "0"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("only one class"), r.stderr)
        for bad in [["--confidence", "1.5"], ["--bootstrap", "1"], ["--bootstrap", "-3"], ["--cutoff", "2"], ["--cost-bad-as-good", "0"],
                    ["--format", "pdf"]] {
            r = try CLI.run(["validate", model, CLI.german] + bad)
            XCTAssertEqual(r.status, 64, "\(bad): \(r.stderr)")
        }
    }

    func testValidateGrades() throws {
        let model = try germanModel()
        let german = try String(contentsOfFile: CLI.german, encoding: .utf8).split(separator: "\n")
        let text = ([german[0] + ",rating"] + german.dropFirst().enumerated().map { "\($1),\($0 % 3 == 0 ? "A" : "B")" }).joined(separator: "\n") + "\n"
        let path = temporaryFile("graded.csv", text)
        let r = try CLI.run(["validate", model, path, "--grade-column", "rating", "--bootstrap", "0", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let grades = try XCTUnwrap(try json(r.stdout)["grades"] as? [[String: Any]])
        XCTAssertEqual(Set(grades.compactMap { $0["rows"] as? Int }), [334, 666])
        XCTAssertEqual(grades.reduce(0) { $0 + ($1["rows"] as? Int ?? 0) }, 1000)
        let bad = try CLI.run(["validate", model, path, "--grade-column", "ratin"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--grade-column 'ratin'"), bad.stderr)
    }

    /// pROC's published paired DeLong tests on aSAH (notebooks-docs/definitions.md, §Published reference values), end
    /// to end through the CLI.
    func testCompareMatchesPROC() throws {
        let r = try CLI.run(["compare", Self.asah, "--target", "outcome", "--bad", "Poor", "--scores", "wfns,ndka", "--scores", "s100b",
                             "--bootstrap", "20", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let c = try XCTUnwrap(try json(r.stdout)["comparison"] as? [String: Any])
        let pairs = try XCTUnwrap(c["pairs"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, 3)
        let first = try XCTUnwrap(pairs[0]["delong"] as? [String: Any]), second = try XCTUnwrap(pairs[1]["delong"] as? [String: Any])
        assertClose(try XCTUnwrap(first["z"] as? Double), 2.79777591868904, relative: 1e-12)
        assertClose(try XCTUnwrap(first["pValue"] as? Double), 0.00514557970691098, relative: 1e-11)
        assertClose(try XCTUnwrap(second["z"] as? Double), 2.20898359144091, relative: 1e-12)
        XCTAssertEqual((pairs[0]["bootstrapDifferences"] as? [Any])?.count, 4, "AUC, KS, H, EMP (no Brier: not probabilities)")
        let text = try CLI.run(["compare", Self.asah, "--target", "outcome", "--bad", "Poor", "--scores", "wfns,ndka", "--bootstrap", "0"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("wfns − ndka") && text.stdout.contains("2.798"), text.stdout)
        for format in ["csv", "markdown", "latex"] {
            let f = try CLI.run(["compare", Self.asah, "--target", "outcome", "--bad", "Poor", "--scores", "wfns,ndka", "--bootstrap", "0", "--format", format])
            XCTAssertEqual(f.status, 0, f.stderr)
            XCTAssertFalse(f.stdout.isEmpty)
        }
    }

    func testCompareHigherIsSaferAndMissingScores() throws {
        // Negated wfns with --higher-is-safer is wfns again; a missing score leaves its row out of every score.
        var text = "outcome,wfns,neg\n"
        let rows = try String(contentsOfFile: Self.asah, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        for (k, line) in rows.enumerated() {
            let f = line.split(separator: ",")
            text += "\(f[0]),\(f[1]),\(k == 0 ? "NA" : String(-Double(f[1])!))\n"
        }
        let path = temporaryFile("neg.csv", text)
        let r = try CLI.run(["compare", path, "--target", "outcome", "--bad", "Poor", "--scores", "wfns,neg", "--higher-is-safer",
                             "--bootstrap", "0", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try json(r.stdout)
        XCTAssertEqual(j["rowsExcluded"] as? Int, 1)
        let evals = try XCTUnwrap((j["comparison"] as? [String: Any])?["evaluations"] as? [[String: Any]])
        let a0 = try XCTUnwrap((evals[0]["auc"] as? [String: Any])?["value"] as? Double)
        let a1 = try XCTUnwrap((evals[1]["auc"] as? [String: Any])?["value"] as? Double)
        assertClose(a0 + a1, 1, absolute: 1e-12)   // wfns is negated by the flag; neg = −wfns negated back
    }

    func testCompareModels() throws {
        let a = try germanModel()
        let b = try germanModel(exclude: "credit_history,purpose")
        let r = try CLI.run(["compare", CLI.german, "--target", "default", "--models", a, b, "--bootstrap", "0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Comparison of 2 scores"), r.stdout)
        XCTAssertTrue(r.stdout.contains(a) && r.stdout.contains(b), "same file stem: full paths name the models\n\(r.stdout)")
    }

    func testCompareErrors() throws {
        func status(_ args: [String]) throws -> CLIResult { try CLI.run(["compare"] + args) }
        // One score is evaluated alone (issue 23 item 3); none is a usage error.
        var r = try status([Self.asah, "--target", "outcome", "--bad", "Poor", "--scores", "wfns", "--bootstrap", "0"])
        XCTAssertEqual(r.status, 0, r.stderr); XCTAssertTrue(r.stdout.hasPrefix("Evaluation of 1 score"), r.stdout)
        r = try status([Self.asah, "--target", "outcome", "--bad", "Poor"])
        XCTAssertEqual(r.status, 64); XCTAssertTrue(r.stderr.contains("compare needs a score"), r.stderr)
        r = try status([Self.asah, "--target", "outcome", "--bad", "Poor", "--scores", "wfns,nope"])
        XCTAssertEqual(r.status, 64); XCTAssertTrue(r.stderr.contains("'nope'"), r.stderr)
        r = try status([Self.asah, "--target", "nope", "--scores", "wfns,ndka"])
        XCTAssertEqual(r.status, 64)
        r = try status([Self.asah, "--target", "outcome", "--scores", "outcome,wfns"])
        XCTAssertEqual(r.status, 64)
        r = try status([Self.asah, "--target", "outcome", "--scores", "wfns,wfns"])
        XCTAssertEqual(r.status, 64)
        // --bad names no row: one class only.
        r = try status([Self.asah, "--target", "outcome", "--bad", "Dead", "--scores", "wfns,ndka", "--bootstrap", "0"])
        XCTAssertEqual(r.status, 65); XCTAssertTrue(r.stderr.contains("only one class"), r.stderr)
        // A score column with text in it.
        let path = temporaryFile("text.csv", "y,a,b\n1,0.9,high\n0,0.1,low\n")
        r = try status([path, "--target", "y", "--scores", "a,b"])
        XCTAssertEqual(r.status, 65); XCTAssertTrue(r.stderr.contains("high"), r.stderr)
        r = try status([Self.asah, "--target", "outcome", "--scores", "wfns", "--models", "/no/such.json"])
        XCTAssertEqual(r.status, 1)
    }
}
