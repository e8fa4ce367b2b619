import Foundation
import TestSupport
import XCTest

/// `credit compare --cv/--nx2`: the paired tests, calibration per fold, --oof and time-ordered folds (--cv-by).
final class CompareCrossValidationTestsCLITests: XCTestCase {
    static let data = CompareCrossValidationCLITests.data
    static let borrowers = PackagePaths.path("datasets/small_borrowers.csv")

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testNx2ReportsTheFiveByTwoTestsInEveryFormat() throws {
        let args = ["compare", Self.data, "--target", "bad", "--nx2", "5", "--configs", "lr,ridge:0.5,scorecard", "--seed", "3"]
        let text = try CLI.run(args)
        XCTAssertEqual(text.status, 0, text.stderr)
        for needle in ["Paired tests over the 5×2 folds on AUC", "Dietterich's 5×2cv t", "Alpaydın's combined F", "on (10, 5) df",
                       "lr − ridge:0.5", "Calibration per fold", "calibration slope", "ECE"] {
            XCTAssertTrue(text.stdout.contains(needle), "missing \(needle)\n\(text.stdout)")
        }
        let j = try json(try CLI.run(args + ["--format", "json"]).stdout)
        let dataset = try XCTUnwrap((j["datasets"] as? [[String: Any]])?.first)
        let tests = try XCTUnwrap(dataset["pairedTests"] as? [String: Any])
        XCTAssertEqual(tests["scheme"] as? String, "5x2cv")
        let pairs = try XCTUnwrap(tests["pairs"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, 3)
        let t = try XCTUnwrap(pairs[0]["fiveByTwoT"] as? [String: Any])
        XCTAssertEqual(t["degreesOfFreedom"] as? Int, 5)
        let fold = try XCTUnwrap(((dataset["configurations"] as? [[String: Any]])?.first?["folds"] as? [[String: Any]])?.first)
        XCTAssertNotNil(fold["calibrationSlope"] as? Double)
        XCTAssertNotNil(fold["ece"] as? Double)
        let csv = try CLI.run(args + ["--format", "csv"]).stdout
        XCTAssertTrue(csv.contains(",5x2cv_t,"), csv)
        XCTAssertTrue(csv.contains(",5x2cv_f,"))
        XCTAssertTrue(csv.contains(",fold,1,1,calibration_slope,"))
        let tex = try CLI.run(args + ["--format", "latex"]).stdout
        XCTAssertTrue(tex.contains("Paired tests on AUC over the 5x2 folds"), tex)
        XCTAssertTrue(tex.contains("lr $-$ ridge:0.5 & "), tex)
        XCTAssertTrue(tex.contains("Calibration over the folds"), tex)
    }

    func testKFoldReportsTheCorrectedResampledT() throws {
        let r = try CLI.run(["compare", Self.data, "--target", "bad", "--cv", "5", "--repeats", "2", "--configs", "lr,scorecard",
                             "--rank-by", "ece"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Paired tests over the 10 folds on ECE"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Nadeau–Bengio corrected resampled t"), r.stdout)
        XCTAssertTrue(r.stdout.contains("on 9 df"), r.stdout)
        let slope = try CLI.run(["compare", Self.data, "--target", "bad", "--cv", "5", "--rank-by", "calibration_slope"])
        XCTAssertEqual(slope.status, 64)
        XCTAssertTrue(slope.stderr.contains("--rank-by calibration_slope cannot rank configurations"), slope.stderr)
    }

    /// compare --oof and train --oof write the same file for plain LR on the same folds (one mechanism), and the
    /// old spelling --cv-predictions still works.
    func testOutOfFoldPredictionsMatchTrain() throws {
        let dir = PackagePaths.temporaryDirectory()
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        let c = dir.appendingPathComponent("c.csv").path
        XCTAssertEqual(try CLI.run(["train", Self.data, "--target", "bad", "--cv-folds", "5", "--seed", "7", "--oof", a]).status, 0)
        XCTAssertEqual(try CLI.run(["train", Self.data, "--target", "bad", "--cv-folds", "5", "--seed", "7", "--cv-predictions", c]).status, 0)
        let r = try CLI.run(["compare", Self.data, "--target", "bad", "--cv", "5", "--seed", "7", "--configs", "lr,scorecard", "--oof", b])
        XCTAssertEqual(r.status, 0, r.stderr)
        let train = try String(contentsOfFile: a, encoding: .utf8)
        XCTAssertEqual(try String(contentsOfFile: c, encoding: .utf8), train)
        let lines = try String(contentsOfFile: b, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[0], "dataset,configuration,row,line,repetition,fold,target,pd")
        XCTAssertEqual(lines.count, 1 + 2 * 600 + 1)
        let lr = lines.dropFirst().filter { $0.contains(",lr,") }.map { $0.split(separator: ",", maxSplits: 2)[2] }
        XCTAssertEqual(["row,line,repetition,fold,target,pd"] + lr, train.split(separator: "\n").map { Substring($0) })
        // --oof needs --cv; it may not overwrite DATA.
        let without = try CLI.run(["compare", Self.data, "--target", "bad", "--scores", "x1,x2", "--oof", b])
        XCTAssertEqual(without.status, 64)
        XCTAssertTrue(without.stderr.contains("--oof needs --cv K or --nx2 N"), without.stderr)
        let copy = temporaryFile("copy.csv", try String(contentsOfFile: Self.data, encoding: .utf8))
        let clash = try CLI.run(["compare", copy, "--target", "bad", "--cv", "3", "--configs", "lr", "--oof", copy])
        XCTAssertEqual(clash.status, 64)
        XCTAssertTrue(clash.stderr.contains("--oof \(copy) is also the input DATA"), clash.stderr)
    }

    func testTimeOrderedFoldsByADateColumn() throws {
        let r = try CLI.run(["compare", Self.borrowers, "--target", "default", "--exclude", "loan_id,true_pd", "--cv", "3",
                             "--cv-by", "application_date", "--configs", "lr,scorecard", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dataset = try XCTUnwrap((try json(r.stdout)["datasets"] as? [[String: Any]])?.first)
        XCTAssertEqual((dataset["options"] as? [String: Any])?["timeOrder"] as? String, "application_date")
        XCTAssertEqual((dataset["pairedTests"] as? [String: Any])?["scheme"] as? String, "time_ordered")
        let folds = try XCTUnwrap((dataset["configurations"] as? [[String: Any]])?.first?["folds"] as? [[String: Any]])
        XCTAssertEqual(folds.count, 3)
        // 4 blocks, the last 3 tested.
        let tested = folds.map { $0["rows"] as! Int }.reduce(0, +), used = try XCTUnwrap(dataset["rowsUsed"] as? Int)
        XCTAssertLessThanOrEqual(abs(tested - used * 3 / 4), 3)

        let text = try CLI.run(["compare", Self.borrowers, "--target", "default", "--exclude", "loan_id,true_pd", "--cv", "3",
                                "--cv-by", "application_date", "--configs", "lr"])
        XCTAssertTrue(text.stdout.contains("3 time-ordered folds by application_date (rolling origin"), text.stdout)
    }

    func testTimeOrderedErrors() throws {
        let base = ["compare", Self.data, "--target", "bad"]
        let usage: [([String], String)] = [
            (["--nx2", "5", "--cv-by", "x1"], "--cv-by needs --cv K"),
            (["--cv", "3", "--repeats", "2", "--cv-by", "x1"], "cannot be repeated"),
            (["--cv", "3", "--cv-by", "when"], "--cv-by 'when'"),
            (["--cv", "3", "--cv-by", "bad"], "--cv-by 'bad' is the target"),
            (["--scores", "x1,x2", "--cv-by", "x1"], "--cv-by needs --cv K"),
        ]
        for (extra, message) in usage {
            let r = try CLI.run(base + extra)
            XCTAssertEqual(r.status, 64, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(extra): expected '\(message)' in \(r.stderr)")
        }
        let missing = temporaryFile("dated.csv", "d,x,bad\n2024-01-01,1,0\n2024-01-02,2,1\n,3,0\n2024-01-04,4,1\n2024-01-05,5,0\n2024-01-06,6,1\n")
        let r = try CLI.run(["compare", missing, "--target", "bad", "--cv", "2", "--cv-by", "d", "--configs", "lr"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("line 4, column 'd': no date; time-ordered folds need one on every row used"), r.stderr)
        let notDate = temporaryFile("notdate.csv", "d,x,bad\n2024-01-01,1,0\n01/02/2024,2,1\n2024-01-03,3,0\n2024-01-04,4,1\n2024-01-05,5,0\n2024-01-06,6,1\n")
        let n = try CLI.run(["compare", notDate, "--target", "bad", "--cv", "2", "--cv-by", "d", "--configs", "lr"])
        XCTAssertEqual(n.status, 65, n.stderr)
        XCTAssertTrue(n.stderr.contains("'01/02/2024' is not a date; use ISO 8601 YYYY-MM-DD"), n.stderr)
    }
}
