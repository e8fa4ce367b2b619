import Foundation
import TestSupport
import XCTest

/// `--missing-coding drop|indicator` (issue 21 item 1) and the one line every command prints when it drops rows for a
/// missing value.
final class MissingValuesCLITests: XCTestCase {
    static let borrowers = PackagePaths.path("datasets/small_borrowers.csv")
    static let exclude = ["--exclude", "loan_id,application_date,true_pd"]
    static let dropLine = "dropped 1,204 of 5,000 rows with a missing value in lenders_count, inquiries_6m, past_delinquency"

    func testTrainSaysWhatItDropsAndIndicatorKeepsEveryRow() throws {
        let dropped = try CLI.run(["train", Self.borrowers, "--target", "default"] + Self.exclude)
        XCTAssertEqual(dropped.status, 0, dropped.stderr)
        XCTAssertEqual(dropped.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("dropped") },
                       [Self.dropLine + "; use --missing-coding indicator to keep them"], dropped.stderr)

        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json").path
        let kept = try CLI.run(["train", Self.borrowers, "--target", "default", "--missing-coding", "indicator", "-o", model] + Self.exclude)
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertFalse(kept.stderr.contains("dropped"), kept.stderr)
        XCTAssertTrue(kept.stdout.contains("lenders_count=missing"), kept.stdout)
        XCTAssertFalse(kept.stdout.contains("inquiries_6m=missing"), kept.stdout)
        XCTAssertTrue(kept.stdout.contains("rows used 5,000"), kept.stdout)

        // Scoring keeps rows in = scored + rejected: every row is scored, thin-file rows included.
        let scored = dir.appendingPathComponent("scored.csv").path
        let score = try CLI.run(["score", model, Self.borrowers, "-o", scored])
        XCTAssertEqual(score.status, 0, score.stderr)
        XCTAssertEqual(try String(contentsOfFile: scored, encoding: .utf8).split(separator: "\n").count, 5001)

        // Validating the drop model on the same data says what it leaves out; the indicator model leaves nothing.
        let dropModel = dir.appendingPathComponent("drop.json").path
        XCTAssertEqual(try CLI.run(["train", Self.borrowers, "--target", "default", "-o", dropModel] + Self.exclude).status, 0)
        let validate = try CLI.run(["validate", dropModel, Self.borrowers])
        XCTAssertEqual(validate.status, 0, validate.stderr)
        XCTAssertTrue(validate.stderr.contains(Self.dropLine + "; a model trained with --missing-coding indicator keeps them"), validate.stderr)
        let validateKept = try CLI.run(["validate", model, Self.borrowers])
        XCTAssertEqual(validateKept.status, 0, validateKept.stderr)
        XCTAssertFalse(validateKept.stderr.contains("dropped"), validateKept.stderr)
    }

    func testUsageErrors() throws {
        let card = try CLI.run(["train", Self.borrowers, "--target", "default", "--scorecard", "--missing-coding", "indicator"] + Self.exclude)
        XCTAssertEqual(card.status, 64)
        XCTAssertTrue(card.stderr.contains("--missing-coding indicator does not apply to --scorecard"), card.stderr)
        let outOfCore = try CLI.run(["train", Self.borrowers, "--target", "default", "--out-of-core", "--missing-coding", "indicator"] + Self.exclude)
        XCTAssertEqual(outOfCore.status, 64)
        XCTAssertTrue(outOfCore.stderr.contains("--out-of-core does not support --missing-coding indicator"), outOfCore.stderr)
        let bad = try CLI.run(["train", Self.borrowers, "--target", "default", "--missing-coding", "mean"])
        XCTAssertEqual(bad.status, 64)
        let noCV = try CLI.run(["compare", Self.borrowers, "--target", "default", "--missing-coding", "indicator", "--scores", "true_pd"])
        XCTAssertEqual(noCV.status, 64)
        XCTAssertTrue(noCV.stderr.contains("--missing-coding needs --cv K or --nx2 N"), noCV.stderr)
        let clash = temporaryFile("clash.csv", "y,c\n1,missing\n0,u\n1,\n0,u\n1,u\n0,missing\n")
        let r = try CLI.run(["train", clash, "--target", "y", "--missing-coding", "indicator"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("categorical column 'c' has missing values and a level named 'missing'"), r.stderr)
    }

    /// compare --cv: with drop, the thin-file rows are left out of every configuration and stderr says so; with
    /// indicator every row is compared; each fold's training and test rows are printed (text and JSON).
    func testCompareCrossValidationRows() throws {
        let args = ["compare", Self.borrowers, "--target", "default", "--cv", "3", "--configs", "lr,scorecard"] + Self.exclude
        let dropped = try CLI.run(args + ["--format", "json"])
        XCTAssertEqual(dropped.status, 0, dropped.stderr)
        XCTAssertTrue(dropped.stderr.contains("small_borrowers.csv: " + Self.dropLine + "; use --missing-coding indicator to keep them"), dropped.stderr)
        let kept = try CLI.run(args + ["--missing-coding", "indicator", "--format", "json"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertFalse(kept.stderr.contains("dropped"), kept.stderr)
        for (r, used) in [(dropped, 3796), (kept, 5000)] {
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            let dataset = try XCTUnwrap((object["datasets"] as? [[String: Any]])?.first)
            XCTAssertEqual(dataset["rowsUsed"] as? Int, used)
            for configuration in try XCTUnwrap(dataset["configurations"] as? [[String: Any]]) {
                let folds = try XCTUnwrap(configuration["folds"] as? [[String: Any]])
                XCTAssertEqual(folds.count, 3)
                for f in folds { XCTAssertEqual((f["trainingRows"] as! Int) + (f["rows"] as! Int), used) }
            }
        }
        let text = try CLI.run(args + ["--missing-coding", "indicator"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("trained  tested"), text.stdout)
        XCTAssertTrue(text.stdout.contains("missing values: the regressions code them"), text.stdout)
    }
}

extension ExportCLITests {
    /// A model trained with --missing-coding indicator scores the rows with missing values (thin-file rows, and a
    /// blanked categorical) alike natively, in SQLite (typed, and `.import`ed as text), DuckDB (typed, and
    /// `read_csv` all VARCHAR), PostgreSQL-dialect text through DuckDB, and PMML through jpmml-evaluator.
    func testMissingIndicatorModelScoresAlikeEverywhere() throws {
        var lines = try String(contentsOfFile: MissingValuesCLITests.borrowers, encoding: .utf8)
            .split(separator: "\n").prefix(801).map(String.init)
        // employment_type (field 3) blank on every 10th row: the categorical's missing level.
        for row in stride(from: 10, to: lines.count, by: 10) {
            var f = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[3] = ""
            lines[row] = f.joined(separator: ",")
        }
        let data = temporaryFile("missing-applicants.csv", lines.joined(separator: "\n") + "\n")
        try checkEngines(data: data, trainArguments: ["--target", "default", "--missing-coding", "indicator"] + MissingValuesCLITests.exclude)
        // The same model on text with missing tokens and text that is not a number in a coded column.
        let edits: [(row: Int, field: Int, value: String)] = [(2, 7, "NA"), (5, 8, " 3 "), (9, 9, "abc"), (14, 7, "n/a"), (17, 3, "NA")]
        for e in edits {
            var f = lines[e.row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[e.field] = e.value
            lines[e.row] = f.joined(separator: ",")
        }
        let text = temporaryFile("missing-text-applicants.csv", lines.joined(separator: "\n") + "\n")
        try checkEngines(data: data, trainArguments: ["--target", "default", "--missing-coding", "indicator"] + MissingValuesCLITests.exclude,
                         scoreData: text, textLoadsOnly: true)
    }
}
