import Foundation
import TestSupport
import XCTest

/// `credit train --scorecard` with --select, --force, --require-sign, --collinearity, --firth and --cv-folds, and
/// the flags it refuses (the numbers are checked against statsmodels and firthmodels in ScorecardSelectionTests,
/// the folds in ScorecardCrossValidationTests).
final class ScorecardSelectionCLITests: XCTestCase {
    private func scorecard(_ flags: [String]) throws -> CLIResult {
        try CLI.run(["train", CLI.german, "--target", "default", "--scorecard"] + flags)
    }

    /// The path is printed as for a plain regression, the selected characteristics are the card's (in the model
    /// file too) and the others are listed as excluded by the selection.
    func testStepwiseSelectionPrintsThePathAndTheCardHasTheSelectedCharacteristics() throws {
        let card = PackagePaths.temporaryDirectory().appendingPathComponent("card.json").path
        let r = try scorecard(["--select", "stepwise", "--collinearity", "-o", card])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Variable selection (13 steps; selected 11: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("excluded property: not selected (stepwise selection by AIC)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Collinearity: condition number"), r.stdout)
        XCTAssertFalse(r.stdout.contains("warning: "), r.stdout)
        let model = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: card))) as? [String: Any])
        let section = try XCTUnwrap(model["scorecard"] as? [String: Any])
        let names = (section["characteristics"] as! [[String: Any]]).map { ($0["bins"] as! [String: Any])["name"] as! String }
        XCTAssertEqual(names.count, 11)
        XCTAssertFalse(names.contains("property"))
        // The model scores.
        let out = PackagePaths.temporaryDirectory().appendingPathComponent("scores.csv").path
        XCTAssertEqual(try CLI.run(["score", card, CLI.german, "-o", out]).status, 0)

        let json = try scorecard(["--select", "forward", "--select-by", "bic", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let j = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let selection = try XCTUnwrap((j["fit"] as? [String: Any])?["selection"] as? [String: Any])
        XCTAssertEqual((selection["steps"] as? [[String: Any]])?.first?["reason"] as? String, "BIC")
    }

    /// --require-sign positive is the scorecard's default: from the full model with the weak characteristics
    /// kept (--min-iv 0), the wrong-signed ones are removed first ("sign" steps); no warning is left.
    func testBackwardSelectionRemovesWrongSignsFirst() throws {
        let r = try scorecard(["--min-iv", "0", "--select", "backward"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(" sign "), r.stdout)
        XCTAssertFalse(r.stdout.contains("non-positive coefficient"), r.stdout)
        let plain = try scorecard(["--min-iv", "0"])
        XCTAssertTrue(plain.stdout.contains("non-positive coefficient"), plain.stdout)
    }

    /// A lasso zero: the characteristic leaves the card and the report says why.
    func testLassoScorecard() throws {
        let r = try scorecard(["--penalty", "lasso", "--lambda", "0.04"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(": coefficient 0 under the lasso penalty at λ 0.04"), r.stdout)
        XCTAssertTrue(r.stdout.contains("k = 8;"), r.stdout)
    }

    func testFirthScorecard() throws {
        let r = try scorecard(["--firth", "--no-profile"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Firth penalised likelihood"), r.stdout)
    }

    /// --cv-folds with --oof: the regression's out-of-fold columns, one line per row, and the fold table; the
    /// model written alongside is the card of all rows.
    func testCrossValidatedScorecardWritesOutOfFoldPDs() throws {
        let dir = PackagePaths.temporaryDirectory()
        let oof = dir.appendingPathComponent("oof.csv").path, card = dir.appendingPathComponent("card.json").path
        let r = try scorecard(["--cv-folds", "5", "--seed", "3", "--oof", oof, "-o", card])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Cross-validation: 1 × 5-fold, stratified, seed 3"), r.stdout)
        XCTAssertTrue(r.stdout.contains("each fold's bins, WoE, filters, selection and fit learned on its training rows alone"), r.stdout)
        let lines = try String(contentsOfFile: oof, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "row,line,repetition,fold,target,pd")
        XCTAssertEqual(lines.count, 1001)
        XCTAssertTrue(FileManager.default.fileExists(atPath: card))
        let outOfCore = try scorecard(["--cv-folds", "5", "--out-of-core"])
        XCTAssertEqual(outOfCore.status, 64)
        XCTAssertTrue(outOfCore.stderr.contains("does not support --cv-folds"), outOfCore.stderr)
    }

    /// Forcing a characteristic the binning filtered out, a column that is not there, and the flags not (yet)
    /// taken with --scorecard or out of core: exit 64 with the reason.
    func testRefusals() throws {
        let filtered = try scorecard(["--select", "forward", "--force", "telephone"])
        XCTAssertEqual(filtered.status, 64)
        XCTAssertTrue(filtered.stderr.contains("--force telephone: not a characteristic of the scorecard (IV"), filtered.stderr)
        let absent = try scorecard(["--select", "forward", "--force", "nope"])
        XCTAssertEqual(absent.status, 64)
        XCTAssertTrue(absent.stderr.contains("--force"), absent.stderr)
        XCTAssertTrue(absent.stderr.contains("nope"), absent.stderr)
        let excluded = try scorecard(["--exclude", "purpose", "--select", "forward", "--force", "purpose"])
        XCTAssertEqual(excluded.status, 64)
        XCTAssertTrue(excluded.stderr.contains("--force purpose: not a characteristic of the scorecard (not among the characteristics binned)"), excluded.stderr)
        for flags in [["--penalty", "ridge"], ["--penalty", "lasso", "--lambda", "0.01", "--lambda", "0.02"]] {
            let r = try scorecard(flags)
            XCTAssertEqual(r.status, 64, "\(flags)")
            XCTAssertTrue(r.stderr.contains("--penalty with --scorecard needs one --lambda"), r.stderr)
        }
        let negative = try scorecard(["--select", "forward", "--require-sign", "negative"])
        XCTAssertEqual(negative.status, 64, negative.stderr)
        XCTAssertTrue(negative.stderr.contains("--require-sign negative does not apply to --scorecard"), negative.stderr)
        let strong = try scorecard(["--penalty", "lasso", "--lambda", "10"])
        XCTAssertEqual(strong.status, 64)
        XCTAssertTrue(strong.stderr.contains("--lambda 10.0 sets every characteristic's coefficient to 0"), strong.stderr)
        for flags in [["--marginal-effects", "average"]] {
            let r = try scorecard(flags)
            XCTAssertEqual(r.status, 64, "\(flags)")
            XCTAssertTrue(r.stderr.contains("\(flags[0]) does not apply to --scorecard yet"), r.stderr)
        }
        let outOfCore = try scorecard(["--select", "forward", "--out-of-core"])
        XCTAssertEqual(outOfCore.status, 64)
        XCTAssertTrue(outOfCore.stderr.contains("does not support --select"), outOfCore.stderr)
    }
}
