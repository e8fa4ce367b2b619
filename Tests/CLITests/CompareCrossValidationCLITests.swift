import Foundation
import TestSupport
import XCTest

/// `credit compare --cv / --nx2`: every format, several datasets, and one rejection per invalid combination.
final class CompareCrossValidationCLITests: XCTestCase {
    static let data = PackagePaths.path("Tests/CreditExperimentsTests/Fixtures/cv_data.csv")

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testTextReportsFoldsMeansAndFriedman() throws {
        let r = try CLI.run(["compare", Self.data, "--target", "bad", "--cv", "3", "--configs", "lr,ridge:0.1,scorecard", "--seed", "7"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for needle in ["Cross-validated comparison of 3 configurations", "3 folds (stratified 3-fold CV, seed 7)", "Mean (SD) over the folds",
                       "95% t interval of the mean across folds", "Per fold", "partial Gini", "log loss", "Friedman test over the 3 folds on AUC",
                       "Nemenyi critical difference at α = 0.05", "p (Holm)", "ridge:0.1: λ per fold 0.1, 0.1, 0.1", "lr − scorecard"] {
            XCTAssertTrue(r.stdout.contains(needle), "missing \(needle)\n\(r.stdout)")
        }
        // Same seed, same output.
        let again = try CLI.run(["compare", Self.data, "--target", "bad", "--cv", "3", "--configs", "lr,ridge:0.1,scorecard", "--seed", "7"])
        XCTAssertEqual(again.stdout, r.stdout)
    }

    func testSeveralDatasetsNx2AndEveryFormat() throws {
        let lines = try String(contentsOfFile: Self.data, encoding: .utf8).split(separator: "\n")
        let second = temporaryFile("second.csv", ([lines[0]] + lines[1...300]).joined(separator: "\n") + "\n")
        let third = temporaryFile("third.csv", ([lines[0]] + lines[301...]).joined(separator: "\n") + "\n")
        let args = ["compare", Self.data, second, third, "--target", "bad", "--nx2", "2", "--configs", "lr,firth,scorecard", "--rank-by", "brier"]
        let text = try CLI.run(args)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("Across 3 datasets (Demšar 2006): ranks of the mean Brier"), text.stdout)
        XCTAssertTrue(text.stdout.contains("4 folds (stratified 2×2-fold CV"), text.stdout)

        let j = try json(try CLI.run(args + ["--format", "json"]).stdout)
        let datasets = try XCTUnwrap(j["datasets"] as? [[String: Any]])
        XCTAssertEqual(datasets.count, 3)
        let configurations = try XCTUnwrap(datasets[0]["configurations"] as? [[String: Any]])
        XCTAssertEqual((configurations[0]["folds"] as? [Any])?.count, 4)
        // Folds are numbered from 1 in JSON, as in the text, CSV and --cv-predictions.
        let folds = try XCTUnwrap(configurations[0]["folds"] as? [[String: Any]])
        XCTAssertEqual(folds.map { "\($0["repetition"]!)/\($0["fold"]!)" }, ["1/1", "1/2", "2/1", "2/2"])
        let across = try XCTUnwrap(j["acrossDatasets"] as? [String: Any])
        XCTAssertEqual(across["metric"] as? String, "brier")
        XCTAssertEqual((across["means"] as? [[Double]])?.count, 3)

        let csv = try CLI.run(args + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("dataset,configuration,other,kind,repetition,fold,metric,value,sd,ci_lower,ci_upper,p_value,p_holm,p_nemenyi\n"))
        XCTAssertTrue(csv.stdout.contains(",fold,1,1,auc,"))
        // Three datasets are fewer than Demšar's N > 10: ranks with a warning, no Friedman p across datasets.
        XCTAssertTrue(text.stdout.contains("warning: 3 datasets are fewer than the 11"), text.stdout)
        XCTAssertFalse(csv.stdout.contains("friedman_datasets"))
        XCTAssertTrue(csv.stdout.contains("average_rank_datasets"))
        XCTAssertNotNil(across["warning"] as? String)
        XCTAssertTrue(csv.stdout.contains("average_rank_folds"))

        let md = try CLI.run(args + ["--format", "markdown"])
        XCTAssertTrue(md.stdout.contains("| configuration |"), md.stdout)
        let tex = try CLI.run(args + ["--format", "latex"])
        XCTAssertTrue(tex.stdout.contains("\\begin{tabular}"))
        XCTAssertTrue(tex.stdout.contains("Average ranks by mean Brier over 3 datasets"))
    }

    func testRejectsBadFlagCombinations() throws {
        let base = ["compare", Self.data, "--target", "bad"]
        let cases: [([String], String)] = [
            (["--cv", "1"], "--cv must be between 2 and 1,000 (got 1)"),
            (["--nx2", "0"], "--nx2 must be between 1 and 1,000 (got 0)"),
            (["--cv", "5", "--nx2", "5"], "choose one"),
            (["--repeats", "3"], "--repeats needs --cv"),
            (["--cv", "5", "--repeats", "0"], "--repeats must be between 1 and 1,000 (got 0)"),
            (["--configs", "lr,scorecard"], "--configs needs --cv"),
            (["--rank-by", "auc", "--scores", "x1,x2"], "--rank-by needs --cv"),
            (["--cv", "5", "--configs", "lr,xgboost"], "unknown configuration 'xgboost'"),
            (["--cv", "5", "--configs", "lr:0.1"], "only ridge, lasso and elastic-net take a λ"),
            (["--cv", "5", "--configs", "lr,lr"], "twice"),
            (["--cv", "5", "--configs", "lr,lasso", "--mix", "0.5"], "--mix needs the elastic-net"),
            (["--cv", "5", "--configs", "lr,lasso:0.1", "--inner-folds", "3"], "without a fixed λ"),
            (["--cv", "5", "--configs", "elastic-net", "--mix", "2"], "--mix must be in [0, 1]"),
            (["--cv", "5", "--scores", "x1,x2"], "choose one"),
            (["--cv", "5", "--bootstrap", "50"], "do not apply"),
            (["--cv", "5", "--higher-is-safer"], "--higher-is-safer"),
            (["--cv", "5", "--rank-by", "accuracy"], "rank-by"),
        ]
        for (extra, message) in cases {
            let r = try CLI.run(base + extra)
            XCTAssertEqual(r.status, 64, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(extra): expected '\(message)' in \(r.stderr)")
        }
        let two = try CLI.run(["compare", Self.data, Self.data, "--target", "bad", "--scores", "x1,x2"])
        XCTAssertEqual(two.status, 64)
        XCTAssertTrue(two.stderr.contains("several DATA files need --cv"), two.stderr)
        let missing = try CLI.run(base + ["--cv", "3", "--exclude", "nope"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("--exclude 'nope'"), missing.stderr)
    }

    func testFoldFailureIsBadData() throws {
        // 4 rows of each class with 5 folds: not enough of a class per fold.
        let tiny = temporaryFile("tiny.csv", "x,bad\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n")
        let r = try CLI.run(["compare", tiny, "--target", "bad", "--cv", "5", "--configs", "lr"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("5 folds need at least 5 bads and goods"), r.stderr)
    }
}
