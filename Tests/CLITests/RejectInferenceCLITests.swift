import Foundation
import TestSupport
import XCTest

/// `credit synth --accept-rate` and `credit train --scorecard --rejected … --reject-inference METHOD` end to end: the
/// files, the printed inference, the model's record, and the refusals of inapplicable combinations.
final class RejectInferenceCLITests: XCTestCase {
    lazy var dir = PackagePaths.temporaryDirectory()
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func object(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    func synth() throws {
        let r = try CLI.run(["synth", "--rows", "3000", "--seed", "5", "--accept-rate", "0.6", "-o", path("acc.csv"),
                             "--rejected", path("rej.csv"), "--rejected-truth", path("truth.csv")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("1800 accepted"), r.stderr)
        XCTAssertTrue(r.stderr.contains("1200 rejected"), r.stderr)
    }

    func testSynthWithoutTheNewFlagsIsUnchangedAndTheSplitIsThePopulation() throws {
        try synth()
        XCTAssertEqual(try CLI.run(["synth", "--rows", "3000", "--seed", "5", "-o", path("all.csv")]).status, 0)
        let all = try String(contentsOfFile: path("all.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let acc = try String(contentsOfFile: path("acc.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let rej = try String(contentsOfFile: path("rej.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let truth = try String(contentsOfFile: path("truth.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(acc[0], all[0])
        let rebuilt = Set(acc.dropFirst()).union(zip(rej.dropFirst(), truth.dropFirst()).map { r, t in
            XCTAssertEqual(r.prefix(9), t.prefix(9))          // same loan_id (L + 8 digits)
            return r + "," + t.split(separator: ",").last!
        })
        XCTAssertEqual(rebuilt, Set(all.dropFirst()))
    }

    func testEachMethodRefitsAndRecordsItself() throws {
        try synth()
        for (method, extra, expect) in [("hard-cutoff", ["--reject-cutoff", "0.2"], "PD cut-off 0.2"),
                                        ("fuzzy", [], "reject weight 1"),
                                        ("parcelling", ["--reject-bands", "5", "--parcel-uplift", "3"], "5 equal-count PD bands, uplift 3"),
                                        ("augmentation", [], "accepts weighted by 1/P(accept | band)")] {
            let model = path("\(method).json")
            let r = try CLI.run(["train", path("acc.csv"), "--target", "default", "--exclude", "loan_id,application_date",
                                 "--scorecard", "--rejected", path("rej.csv"), "--reject-inference", method, "-o", model] + extra)
            XCTAssertEqual(r.status, 0, "\(method): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("Reject inference: \(method)"), r.stdout)
            XCTAssertTrue(r.stdout.contains(expect), "\(method): \(r.stdout)")
            XCTAssertTrue(r.stdout.contains("rows: 1,800 accepts with outcome, 1,200 rejects"), r.stdout)
            let json = try object(model)
            XCTAssertEqual(json["version"] as? Int, 4)
            let record = (json["scorecard"] as! [String: Any])["rejectInference"] as! [String: Any]
            XCTAssertEqual(record["method"] as? String, method)
            XCTAssertEqual(record["rejectRows"] as? Int, 1200)
            let scored = try CLI.run(["score", model, path("rej.csv"), "-o", path("\(method)-scores.csv")])
            XCTAssertEqual(scored.status, 0, scored.stderr)
        }
    }

    /// With --format json, standard output is one document that carries the inference summary (the text lines
    /// go to standard error): the same inferred-bad count as the text report, and bad + good = the rejects.
    func testJSONCarriesTheInferenceSummary() throws {
        try synth()
        let args = ["train", path("acc.csv"), "--target", "default", "--exclude", "loan_id,application_date",
                    "--scorecard", "--rejected", path("rej.csv"), "--reject-inference", "parcelling"]
        let text = try CLI.run(args)
        XCTAssertEqual(text.status, 0, text.stderr)
        let json = try CLI.run(args + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let summary = try XCTUnwrap(doc["rejectInference"] as? [String: Any])
        XCTAssertEqual((summary["settings"] as? [String: Any])?["method"] as? String, "parcelling")
        let bad = try XCTUnwrap(summary["inferredBadRows"] as? Int), good = try XCTUnwrap(summary["inferredGoodRows"] as? Int)
        XCTAssertEqual(bad + good, 1200)
        XCTAssertGreaterThan(bad, 0)
        XCTAssertTrue(text.stdout.contains("inferred bad: \(bad) reject rows"), text.stdout)
        XCTAssertTrue(json.stderr.contains("inferred bad: \(bad) reject rows"), json.stderr)
        // A card trained without --rejected has no such key.
        let plain = try CLI.run(["train", path("acc.csv"), "--target", "default", "--exclude", "loan_id,application_date",
                                 "--scorecard", "--format", "json"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertNil((try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as! [String: Any])["rejectInference"])
    }

    func testInapplicableCombinationsAreRefused() throws {
        let data = PackagePaths.path("datasets/small_borrowers.csv")
        func refused(_ args: [String], _ message: String) throws {
            let r = try CLI.run(["train", data, "--target", "default"] + args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        try refused(["--scorecard", "--rejected", data], "--rejected needs --reject-inference METHOD")
        try refused(["--scorecard", "--reject-inference", "fuzzy"], "--reject-inference needs --rejected FILE")
        try refused(["--rejected", data, "--reject-inference", "fuzzy"], "--rejected needs --scorecard")
        try refused(["--scorecard", "--rejected", data, "--reject-inference", "fuzzy", "--parcel-uplift", "2"],
                    "--parcel-uplift does not apply to --reject-inference fuzzy (it is a parameter of parcelling)")
        try refused(["--scorecard", "--rejected", data, "--reject-inference", "augmentation", "--reject-weight", "2"],
                    "--reject-weight does not apply to --reject-inference augmentation")
        try refused(["--scorecard", "--rejected", data, "--reject-inference", "hard-cutoff", "--reject-cutoff", "1.5"],
                    "--reject-cutoff must be a PD between 0 and 1")
        try refused(["--scorecard", "--rejected", data, "--reject-inference", "fuzzy", "--population-bad-rate", "0.1"],
                    "--population-bad-rate does not apply with --rejected")
        try refused(["--scorecard", "--reject-cutoff", "0.2"], "--reject-cutoff needs --rejected FILE and --reject-inference METHOD")
        let s = try CLI.run(["synth", "--rows", "10", "--accept-rate", "0.5", "-o", path("x.csv")])
        XCTAssertEqual(s.status, 64)
        XCTAssertTrue(s.stderr.contains("--accept-rate needs --rejected FILE and --rejected-truth FILE"), s.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.csv")))
        let s2 = try CLI.run(["synth", "--rows", "10", "--rejected", path("r.csv"), "-o", path("x.csv")])
        XCTAssertEqual(s2.status, 64)
        XCTAssertTrue(s2.stderr.contains("--rejected needs --accept-rate R"), s2.stderr)
    }
}
