import Foundation
import TestSupport
import XCTest

/// The library words its errors and warnings in its own terms; `credit` names the flag that fixes them
/// (Sources/credit/FlagHints.swift). Each case: the command, the exit code, a phrase naming the flag (errors on
/// standard error, fit warnings in the report).
final class FlagHintsCLITests: XCTestCase {
    func testErrorsAndWarningsNameTheFlag() throws {
        let separated = temporaryFile("separated.csv", "x,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n")
        let constant = temporaryFile("constant.csv", "x,k,y\n1,5,0\n2,5,1\n3,5,0\n4,5,1\n5,5,1\n6,5,0\n7,5,1\n")
        let spec = PackagePaths.temporaryDirectory().appendingPathComponent("spec.json").path
        XCTAssertEqual(try CLI.run(["bin", CLI.german, "--target", "default", "--columns", "age_in_years", "--write-bins", spec]).status, 0)
        let cases: [([String], Int32, String)] = [
            (["train", CLI.german, "--target", "age_in_years"], 65, "one of them the bad value (see --bad)"),
            (["bin", CLI.german, "--target", "age_in_years"], 65, "one of them the bad value (see --bad)"),
            (["train", separated, "--target", "y"], 65, "refit with --firth (Firth's penalised likelihood gives finite estimates) or --exclude the offending predictor"),
            (["train", separated, "--target", "y", "--select", "backward"], 65, "use --firth without selection or --exclude predictors"),
            (["train", constant, "--target", "y"], 0, "(no information; --exclude to silence this)"),
            (["train", CLI.german, "--target", "default", "--weight", "purpose"], 65, "leave the column out with --exclude purpose"),
            (["train", CLI.german, "--target", "default", "--scorecard", "--min-iv", "5"], 64, "(lower --min-iv?)"),
            (["train", CLI.german, "--target", "default", "--scorecard", "--bins", spec + ".none"], 64, "--bins \(spec).none: cannot read the file"),
            (["bin", CLI.german, "--target", "default", "--bins", spec, "--type", "age_in_years=categorical"], 65,
             "(use --type age_in_years=numeric)"),
            (["bin", CLI.german, "--target", "default", "--columns", "age_in_years", "--min-goods", "800"], 64,
             "--min-goods 800 but the non-missing, non-special rows have only 700 goods; relax --min-goods"),
            (["compare", separated, "--target", "y", "--cv", "2", "--configs", "lr"], 65, "fold 1: perfect separation: x predict the target exactly"),
        ]
        for (arguments, status, phrase) in cases {
            let r = try CLI.run(arguments)
            XCTAssertEqual(r.status, status, "\(arguments): \(r.stderr)")
            XCTAssertTrue((r.stderr + r.stdout).contains(phrase), "\(arguments): \(r.stderr)")
        }
        let quasi = try CLI.run(["train", PackagePaths.path("Tests/CreditRegressionTests/Fixtures/quasi_separated.csv"), "--target", "y"])
        XCTAssertEqual(quasi.status, 0, quasi.stderr)
        XCTAssertTrue(quasi.stdout.contains("--exclude the predictor that isolates them or refit with --firth"), quasi.stdout)
    }
}
