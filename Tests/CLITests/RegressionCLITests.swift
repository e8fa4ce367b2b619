import Foundation
import TestSupport
import XCTest

/// `credit train` research flags (weights, Firth, penalties, selection, diagnostics, cross-validation): each flag
/// end to end, and each invalid option (exit 64).
final class RegressionCLITests: XCTestCase {
    static let sex2 = PackagePaths.publishedData("sex2.csv")
    static let weighted = PackagePaths.path("Tests/CreditRegressionTests/Fixtures/weighted.csv")
    static let synthetic = PackagePaths.path("Tests/CreditRegressionTests/Fixtures/synthetic.csv")

    private func json(_ r: CLIResult) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func testFirthTextAndJSON() throws {
        let text = try CLI.run(["train", Self.sex2, "--target", "case", "--firth"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("Firth penalised likelihood"), text.stdout)
        XCTAssertTrue(text.stdout.contains("P>chi2"))
        XCTAssertTrue(text.stdout.contains("3.0960"), text.stdout)
        let j = try json(try CLI.run(["train", Self.sex2, "--target", "case", "--firth", "--format", "json"]))
        let result = try XCTUnwrap(j["result"] as? [String: Any])
        let firth = try XCTUnwrap(result["firth"] as? [String: Any])
        XCTAssertEqual((firth["profileIntervals"] as? [Any])?.count, 7)
        XCTAssertEqual((firth["likelihoodRatioPValues"] as? [Any])?.count, 7)
        let wald = try json(try CLI.run(["train", Self.sex2, "--target", "case", "--firth", "--no-profile", "--format", "json"]))
        XCTAssertNil(((wald["result"] as? [String: Any])?["firth"] as? [String: Any])?["profileIntervals"])
    }

    func testPlainFitOnSeparatedDataSuggestsFirth() throws {
        let r = try CLI.run(["train", Self.sex2, "--target", "case"])
        XCTAssertTrue(r.stdout.contains("--firth"), r.stdout)
    }

    func testWeightPriorCorrectionAndRepeatedTwoFold() throws {
        let out = PackagePaths.temporaryDirectory().appendingPathComponent("cv.csv").path
        let r = try CLI.run(["train", Self.weighted, "--target", "bad", "--weight", "w", "--population-bad-rate", "0.05",
                             "--cv-folds", "2", "--cv-repeats", "5", "--seed", "9", "--cv-predictions", out, "--format", "json"])
        let j = try json(r)
        let result = try XCTUnwrap(j["result"] as? [String: Any])
        XCTAssertEqual((result["weighting"] as? [String: Any])?["total"] as? Double, 1335)
        XCTAssertEqual((result["priorCorrection"] as? [String: Any])?["populationBadRate"] as? Double, 0.05)
        XCTAssertNotNil(result["hosmerLemeshow"])
        XCTAssertEqual(((j["crossValidation"] as? [String: Any])?["folds"] as? [Any])?.count, 10)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "row,line,repetition,fold,target,pd")
        XCTAssertEqual(lines.count, 1 + 5 * 1000, "every row predicted once per repetition")
        XCTAssertFalse(j.keys.contains("w"), "weight column is not a predictor")
        XCTAssertFalse((result["termNames"] as? [String] ?? []).contains("w"))
    }

    func testPenaltyWithCrossValidationAndFixedLambda() throws {
        let j = try json(try CLI.run(["train", Self.synthetic, "--target", "bad", "--penalty", "lasso", "--cv-folds", "3",
                                      "--lambda-count", "6", "--format", "json"]))
        let cv = try XCTUnwrap(j["penalizedCrossValidation"] as? [String: Any])
        XCTAssertEqual((cv["meanDeviance"] as? [Any])?.count, 6)
        XCTAssertNotNil(cv["lambdaOneStandardError"])
        let fixed = try CLI.run(["train", Self.synthetic, "--target", "bad", "--penalty", "elastic-net", "--mix", "0.5",
                                 "--lambda", "0.01"])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(fixed.stdout.contains("Regularisation path (mix 0.5"), fixed.stdout)
        XCTAssertTrue(fixed.stdout.contains("elastic net (lambda 0.01, mix 0.5) fitted by coordinate descent"), fixed.stdout)
    }

    func testSelectionCollinearityAndMarginalEffects() throws {
        let r = try CLI.run(["train", CLI.german, "--target", "default", "--select", "backward", "--select-by", "bic",
                             "--force", "telephone", "--collinearity", "--marginal-effects", "both"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Variable selection ("), r.stdout)
        XCTAssertTrue(r.stdout.contains("- purpose") || r.stdout.contains("remove  purpose"), r.stdout)
        XCTAssertTrue(r.stdout.contains("telephone"))
        XCTAssertTrue(r.stdout.contains("Collinearity: condition number"))
        XCTAssertTrue(r.stdout.contains("Average marginal effects"))
        XCTAssertTrue(r.stdout.contains("Marginal effects at the means"))
    }

    func testInvalidOptionsAreUsageErrors() throws {
        let base = ["train", Self.synthetic, "--target", "bad"]
        let cases: [([String], String)] = [
            (["--penalty", "lasso", "--lambda=-1"], "--lambda"),
            (["--penalty", "elastic-net", "--mix", "1.5"], "--mix"),
            (["--penalty", "elastic-net", "--mix=-0.1"], "--mix"),
            (["--mix", "0.5"], "--penalty"),
            (["--penalty", "ridge", "--firth"], "--firth"),
            (["--penalty", "lasso", "--select", "forward"], "--select"),
            (["--population-bad-rate", "1.5"], "--population-bad-rate"),
            (["--cv-folds", "1"], "--cv-folds"),
            (["--cv-repeats", "3"], "--cv-folds"),
            (["--force", "x1"], "--select"),
            (["--select", "forward", "--select-max-vif", "0.5"], "--select-max-vif"),
            (["--select", "sideways"], "select"),
            (["--no-profile"], "--firth"),
            (["--weight", "nope"], "--weight"),
            (["--select", "forward", "--force", "nope"], "--force"),
        ]
        for (flags, mention) in cases {
            let r = try CLI.run(base + flags)
            XCTAssertEqual(r.status, 64, "\(flags): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(mention), "\(flags): \(r.stderr)")
        }
    }

    func testBadWeightsAreDataErrors() throws {
        let csv = temporaryFile("w.csv", "x,w,y\n1,1,0\n2,-1,1\n3,1,0\n4,2,1\n5,1,1\n")
        let r = try CLI.run(["train", csv, "--target", "y", "--weight", "w"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("line 3"), r.stderr)
        let missing = temporaryFile("w.csv", "x,w,y\n1,1,0\n2,,1\n3,1,0\n4,2,1\n5,1,1\n")
        let m = try CLI.run(["train", missing, "--target", "y", "--weight", "w"])
        XCTAssertEqual(m.status, 65, m.stderr)
        XCTAssertTrue(m.stderr.contains("missing"), m.stderr)
    }

    func testHelpListsTheNewFlagsWithExamples() throws {
        let r = try CLI.run(["train", "--help"])
        for flag in ["--firth", "--weight", "--population-bad-rate", "--penalty", "--lambda", "--mix", "--cv-folds",
                     "--cv-repeats", "--select", "--select-max-vif", "--collinearity", "--marginal-effects", "--require-sign"] {
            XCTAssertTrue(r.stdout.contains(flag), flag)
        }
        XCTAssertTrue(r.stdout.contains("--penalty lasso --cv-folds 10"))
    }
}
