import Foundation
import TestSupport
import XCTest

/// Any score column evaluated (issue 23 item 3): `credit validate DATA --score COL --target T` gives, on a model's
/// PDs written by `credit score`, the numbers `credit validate MODEL DATA` gives; `compare` takes one score.
final class ScoreColumnCLITests: XCTestCase {
    var dir = URL(fileURLWithPath: "/nonexistent")

    override func setUpWithError() throws { dir = PackagePaths.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func run(_ args: [String], status: Int32 = 0) throws -> CLIResult {
        let r = try CLI.run(args)
        XCTAssertEqual(r.status, status, "\(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    /// Trains `extra` on German credit and writes its scores with the target kept.
    private func scored(_ extra: [String]) throws -> (model: String, scores: String) {
        let model = dir.appendingPathComponent("m\(extra.count).json").path
        let scores = dir.appendingPathComponent("s\(extra.count).csv").path
        _ = try run(["train", CLI.german, "--target", "default", "-o", model] + extra)
        _ = try run(["score", model, CLI.german, "--keep", "default", "-o", scores])
        return (model, scores)
    }

    /// The same PDs give the same evaluation, number for number (every metric, interval and bootstrap replicate).
    func testScoreColumnEqualsValidateModel() throws {
        let (model, scores) = try scored([])
        for extra in [[], ["--cutoff", "0.3", "--bootstrap", "200", "--seed", "5"], ["--grade-column", "default", "--bootstrap", "0"]] {
            let byModel = try json(try run(["validate", model, CLI.german, "--format", "json"] + extra).stdout)
            let byColumn = try json(try run(["validate", scores, "--score", "pd", "--target", "default", "--format", "json"] + extra).stdout)
            XCTAssertEqual(byModel["evaluation"] as? NSDictionary, byColumn["evaluation"] as? NSDictionary, "\(extra)")
            XCTAssertEqual(byModel["grades"] as? NSArray, byColumn["grades"] as? NSArray)
            XCTAssertEqual(byColumn["scoreColumn"] as? String, "pd")
            XCTAssertNil(byColumn["modelFit"])
        }
        // The text report is the same below its first line.
        let a = try run(["validate", model, CLI.german, "--bootstrap", "50"]).stdout.split(separator: "\n").dropFirst()
        let b = try run(["validate", scores, "--score", "pd", "--target", "default", "--bootstrap", "50"]).stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(Array(a), Array(b))
        // One score in compare: the same evaluation, no pairs.
        let one = try json(try run(["compare", scores, "--target", "default", "--scores", "pd", "--format", "json"]).stdout)
        let comparison = try XCTUnwrap(one["comparison"] as? [String: Any])
        XCTAssertEqual((comparison["evaluations"] as? [NSDictionary])?.first,
                       try json(try run(["validate", scores, "--score", "pd", "--target", "default", "--format", "json"]).stdout)["evaluation"] as? NSDictionary)
        XCTAssertEqual((comparison["pairs"] as? [Any])?.count, 0)
        let text = try run(["compare", scores, "--target", "default", "--scores", "pd", "--bootstrap", "0"]).stdout
        XCTAssertTrue(text.hasPrefix("Evaluation of 1 score on "), text)
        XCTAssertFalse(text.contains("first − second"), text)
    }

    /// Points (higher = safer): discrimination equals the scorecard's own KS on points, calibration is omitted
    /// with a reason, and --cutoff is in points.
    func testHigherIsSaferPointsGiveDiscriminationOnly() throws {
        let (card, scores) = try scored(["--scorecard"])
        let byCard = try json(try run(["validate", card, CLI.german, "--format", "json", "--bootstrap", "0", "--cutoff", "540"]).stdout)
        let byColumn = try json(try run(["validate", scores, "--score", "score", "--higher-is-safer", "--target", "default",
                                         "--format", "json", "--bootstrap", "0", "--cutoff", "540"]).stdout)
        let evaluation = try XCTUnwrap(byColumn["evaluation"] as? [String: Any])
        XCTAssertNil(evaluation["calibration"])
        let ks = try XCTUnwrap((evaluation["kolmogorovSmirnov"] as? [String: Any])?["statistic"] as? Double)
        let cardKS = try XCTUnwrap(((byCard["points"] as? [String: Any])?["kolmogorovSmirnov"] as? [String: Any])?["statistic"] as? Double)
        XCTAssertEqual(ks, cardKS)
        XCTAssertEqual((evaluation["confusion"] as? NSDictionary), ((byCard["evaluation"] as? [String: Any])?["confusion"] as? NSDictionary))
        let text = try run(["validate", scores, "--score", "score", "--higher-is-safer", "--target", "default", "--bootstrap", "0"]).stdout
        XCTAssertTrue(text.contains("points are not a PD, so calibration is omitted: discrimination only"), text)
        XCTAssertFalse(text.contains("Brier"), text)
    }

    func testUsageAndDataErrors() throws {
        let (model, scores) = try scored([])
        func fails(_ args: [String], _ status: Int32, _ message: String) throws {
            let r = try run(args, status: status)
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        try fails(["validate", scores], 64, "validate needs MODEL and DATA, or DATA --score COL --target T")
        try fails(["validate", model, scores, "--score", "pd", "--target", "default"], 64, "--score evaluates a column of DATA, with no model: give DATA alone")
        try fails(["validate", scores, "--score", "pd"], 64, "--score needs --target")
        try fails(["validate", scores, "--score", "pd", "--target", "pd"], 64, "--target 'pd' is also the --score column")
        try fails(["validate", scores, "--score", "pdx", "--target", "default"], 64, "--score 'pdx': no such column in")
        try fails(["validate", scores, "--score", "pd", "--target", "dflt"], 64, "--target 'dflt': no such column in")
        try fails(["validate", model, CLI.german, "--higher-is-safer"], 64, "--higher-is-safer applies to --score")
        try fails(["validate", scores, "--score", "pd", "--target", "default", "--by", "pd"], 64, "--by needs a model")
        try fails(["validate", scores, "--score", "pd", "--target", "default", "--cutoff", "540"], 64, "the --score column is read as a PD, so the cut-off must be in [0, 1]")
        try fails(["validate", scores, "--score", "score", "--higher-is-safer", "--target", "default", "--grade-column", "row"], 64,
                  "--grade-column tests each grade's PD; a --higher-is-safer score is not a PD")
        let text = temporaryFile("text_score.csv", "pd,default\nlow,0\nhigh,1\n")
        try fails(["validate", text, "--score", "pd", "--target", "default"], 65, "text_score.csv:2:1 (pd): 'low' is not a number")
        let empty = temporaryFile("no_rows.csv", "pd,default\n,0\n0.3,\n")
        try fails(["validate", empty, "--score", "pd", "--target", "default"], 65, "no row has both a score and a target (score missing 1, target missing 1)")
        try fails(["compare", scores, "--target", "default"], 64, "compare needs a score: give --scores COL[,COL2] and/or --models")
    }
}
