import Foundation
import TestSupport
import XCTest

/// Failures travel with the model (issue 23 item 2): a model file whose fit did not converge, was
/// quasi-separated or stopped at its iteration limit is validated, reported, scored and compared with a
/// warning line (and a JSON field); compare --cv counts failed fold fits (--on-fit-failure); penalised fits name
/// their algorithm and print no NaN statistics.
final class FitFailureCLITests: XCTestCase {
    var dir = URL(fileURLWithPath: "/nonexistent")
    var data = ""
    /// Quasi-separated (level A of g holds only bads), not converged.
    var quasi = ""
    /// German credit stopped at 2 Newton iterations.
    var limited = ""
    /// German credit, converged.
    var sound = ""

    /// 200 rows; the 15 rows of level A are all bad.
    static let quasiCSV: String = {
        var text = "x,g,default\n"
        for i in 0..<200 {
            let x = sin(Double(i) * 0.61) * 1.3
            let g = i < 15 ? "A" : (i % 2 == 0 ? "B" : "C")
            let bad = i < 15 || x + cos(Double(i) * 2.3) > 0.4 ? 1 : 0
            text += "\(x),\(g),\(bad)\n"
        }
        return text
    }()

    override func setUpWithError() throws {
        dir = PackagePaths.temporaryDirectory()
        data = dir.appendingPathComponent("quasi.csv").path
        try Data(Self.quasiCSV.utf8).write(to: URL(fileURLWithPath: data))
        quasi = dir.appendingPathComponent("quasi.json").path
        limited = dir.appendingPathComponent("limited.json").path
        sound = dir.appendingPathComponent("sound.json").path
        for (args, out) in [(["train", data, "--target", "default"], quasi),
                            (["train", CLI.german, "--target", "default", "--max-iterations", "2"], limited),
                            (["train", CLI.german, "--target", "default"], sound)] {
            let r = try CLI.run(args + ["-o", out])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String], status: Int32 = 0) throws -> CLIResult {
        let r = try CLI.run(args)
        XCTAssertEqual(r.status, status, "\(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    private func warning(_ model: String) -> String { "warning: the model \(model) did not converge: " }

    func testValidateWarnsInEveryFormat() throws {
        let text = try run(["validate", quasi, data, "--bootstrap", "0"]).stdout
        XCTAssertTrue(text.contains(warning(quasi) + "quasi-separation, "), text)
        XCTAssertTrue(text.contains("rows predicted exactly"), text)
        XCTAssertEqual(text.components(separatedBy: "warning: the model").count - 1, 1, "one line")
        let limitedText = try run(["validate", limited, CLI.german, "--bootstrap", "0", "--format", "markdown"]).stdout
        XCTAssertTrue(limitedText.contains(warning(limited) + "stopped at the iteration limit (2 iterations)"), limitedText)
        let j = try json(try run(["validate", quasi, data, "--bootstrap", "0", "--format", "json"]).stdout)
        let fit = try XCTUnwrap(j["modelFit"] as? [String: Any])
        XCTAssertEqual(fit["failures"] as? [String], ["not_converged", "quasi_separated"])
        XCTAssertEqual(fit["converged"] as? Bool, false)
        XCTAssertNotNil(fit["quasiSeparatedRows"] as? Int)
        for format in ["csv", "latex"] {
            let r = try run(["validate", quasi, data, "--bootstrap", "0", "--format", format])
            XCTAssertFalse(r.stdout.contains("warning"), format)
            XCTAssertTrue(r.stderr.contains(warning(quasi) + "quasi-separation"), "\(format): \(r.stderr)")
        }
        // A sound model: no line, no field.
        let clean = try run(["validate", sound, CLI.german, "--bootstrap", "0", "--format", "json"])
        XCTAssertNil(try json(clean.stdout)["modelFit"])
        XCTAssertFalse(try run(["validate", sound, CLI.german, "--bootstrap", "0"]).stdout.contains("warning"))
    }

    func testReportWarnsOnStandardErrorAndOnThePage() throws {
        let page = dir.appendingPathComponent("report.html").path
        let r = try run(["report", quasi, data, "-o", page, "--bootstrap", "0"])
        XCTAssertTrue(r.stderr.contains(warning(quasi) + "quasi-separation"), r.stderr)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(html.contains("<p class=\"warning\">Warning: the model \(quasi) did not converge: quasi-separation"), html.prefix(3000).description)
        let clean = try run(["report", sound, CLI.german, "-o", page, "--bootstrap", "0"])
        XCTAssertFalse(clean.stderr.contains("warning"), clean.stderr)
        XCTAssertFalse(try String(contentsOfFile: page, encoding: .utf8).contains("class=\"warning\""))
    }

    func testScoreSummaryWarns() throws {
        let out = dir.appendingPathComponent("scores.csv").path
        let r = try run(["score", limited, CLI.german, "-o", out])
        XCTAssertTrue(r.stderr.hasPrefix(warning(limited) + "stopped at the iteration limit (2 iterations)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("rows in 1,000, scored 1,000"), r.stderr)
        let j = try json(try run(["score", limited, CLI.german, "-o", out, "--format", "json"]).stderr)
        XCTAssertEqual((j["modelFit"] as? [String: Any])?["failures"] as? [String], ["not_converged", "iteration_limit"])
        XCTAssertEqual(j["rowsScored"] as? Int, 1000)
        let clean = try run(["score", sound, CLI.german, "-o", out, "--format", "json"])
        XCTAssertNil(try json(clean.stderr)["modelFit"])
    }

    func testCompareModelsWarnsPerFailedModel() throws {
        let r = try run(["compare", CLI.german, "--target", "default", "--models", limited, sound, "--bootstrap", "0"])
        XCTAssertTrue(r.stdout.contains("warning: the model limited did not converge: stopped at the iteration limit"), r.stdout)
        XCTAssertFalse(r.stdout.contains("the model sound"), r.stdout)
        let j = try json(try run(["compare", CLI.german, "--target", "default", "--models", limited, sound, "--bootstrap", "0",
                                  "--format", "json"]).stdout)
        let fits = try XCTUnwrap(j["modelFits"] as? [String: Any])
        XCTAssertEqual(Array(fits.keys), ["limited"])
        let csv = try run(["compare", CLI.german, "--target", "default", "--models", limited, sound, "--bootstrap", "0", "--format", "csv"])
        XCTAssertTrue(csv.stderr.contains("warning: the model limited did not converge"), csv.stderr)
    }

    func testCompareCrossValidationCountsFailedFits() throws {
        let base = ["compare", data, "--target", "default", "--cv", "5", "--configs", "lr,firth"]
        let text = try run(base).stdout
        XCTAssertTrue(text.contains("warning: lr: fit failed in 5 of 5 folds (not converged 5, quasi-separated 5; "), text)
        XCTAssertFalse(text.contains("warning: firth"), text)
        XCTAssertTrue(text.contains("  failed"), "the per-fold table's fit column: \(text)")
        let j = try json(try run(base + ["--format", "json"]).stdout)
        let configurations = try XCTUnwrap((j["datasets"] as? [[String: Any]])?.first?["configurations"] as? [[String: Any]])
        XCTAssertEqual(configurations[0]["failedFitCounts"] as? [String: Int], ["not_converged": 5, "quasi_separated": 5])
        XCTAssertEqual((configurations[0]["failedFits"] as? [[String: Any]])?.map { $0["fold"] as? Int }, [1, 2, 3, 4, 5])
        XCTAssertNil(configurations[1]["failedFitCounts"])
        let csv = try run(base + ["--format", "csv"])
        XCTAssertEqual(csv.stdout.components(separatedBy: ",failed_fit,").count - 1, 5, csv.stdout)
        XCTAssertTrue(csv.stderr.contains("warning: \(data): lr: fit failed in 5 of 5 folds"), csv.stderr)
        // exclude: lr has no fold left to summarise; firth keeps its 5.
        let excluded = try run(base + ["--on-fit-failure", "exclude"]).stdout
        XCTAssertTrue(excluded.contains("those folds are left out of its summaries and of the Friedman test"), excluded)
        XCTAssertTrue(excluded.contains("  excluded"), excluded)
        // error: exit 65, naming the configuration, the fold and the failure.
        let stopped = try run(base + ["--on-fit-failure", "error"], status: 65)
        XCTAssertTrue(stopped.stderr.contains("lr, repetition 1, fold 1: the fit did not converge: quasi-separation"), stopped.stderr)
        XCTAssertTrue(stopped.stderr.contains("(--on-fit-failure error; warn or exclude keep going)"), stopped.stderr)
        // Only with --cv/--nx2.
        let usage = try run(["compare", data, "--target", "default", "--models", quasi, "--on-fit-failure", "warn"], status: 64)
        XCTAssertTrue(usage.stderr.contains("--on-fit-failure needs --cv K or --nx2 N"), usage.stderr)
    }

    /// Lasso/elastic net: the algorithm by name, sweeps, and no NaN in the output.
    func testPenalizedFitOutputNamesCoordinateDescentAndHasNoNaN() throws {
        for (penalty, name) in [("lasso", "lasso"), ("ridge", "ridge"), ("elastic-net", "elastic net")] {
            let r = try run(["train", CLI.german, "--target", "default", "--penalty", penalty, "--lambda", "0.01"])
            XCTAssertTrue(r.stdout.contains("\(name) (lambda 0.01, mix "), r.stdout)
            XCTAssertTrue(r.stdout.contains("fitted by coordinate descent (penalised IRLS, as glmnet): converged in "), r.stdout)
            XCTAssertTrue(r.stdout.contains("coordinate-descent sweeps"), r.stdout)
            XCTAssertFalse(r.stdout.contains("Newton"), r.stdout)
            XCTAssertNil(r.stdout.range(of: #"\bnan\b"#, options: [.regularExpression, .caseInsensitive]), r.stdout)
            XCTAssertFalse(r.stdout.contains("LR chi2("), r.stdout)
            XCTAssertTrue(r.stdout.contains("no LR chi2, standard errors, z, p-values or intervals: the penalty shrinks the estimates"), r.stdout)
            let csv = try run(["train", CLI.german, "--target", "default", "--penalty", penalty, "--lambda", "0.01", "--format", "csv"])
            XCTAssertTrue(csv.stdout.hasPrefix("term,coef\n"), csv.stdout)
            XCTAssertNil(csv.stdout.range(of: #"\bnan\b"#, options: [.regularExpression, .caseInsensitive]), csv.stdout)
        }
    }
}
