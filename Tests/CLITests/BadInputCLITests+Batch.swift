import Foundation
import TestSupport
import XCTest

/// A scoring batch that does not do its job exits 3 (score's help, README "Commands"): no row scored, or more
/// than --max-reject-rate of the rows rejected. The outputs are still written, as monitor --fail-on does.
extension BadInputCLITests {
    func testEveryRowRejectedExitsThree() throws {
        // Every row misses `a`, which the model needs.
        let data = file("allmissing.csv", "a,c,default\n,x,0\n,y,1\nNA,z,0\n")
        let out = dir.appendingPathComponent("scores.csv").path
        let rejects = dir.appendingPathComponent("rejects.csv").path
        try expect(["score", model, data, "-o", out, "--rejects", rejects], status: 3, "rows in 3, scored 0, rejected 3",
                   "credit: score: no row was scored: all 3 rows were rejected (exit 3)")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "row,pd\n")
        XCTAssertEqual(try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").count, 4)
    }

    func testMaxRejectRate() throws {
        // 2 of 5 rows rejected: 40%.
        let data = file("some.csv", "a,c,default\n1,x,0\n,y,1\n2,z,0\n3,w,0\n4,x,1\n")
        let out = dir.appendingPathComponent("scores.csv").path
        try expect(["score", model, data, "-o", out, "--max-reject-rate", "0.3"], status: 3, "rows in 5, scored 3, rejected 2",
                   "credit: score: 2 of 5 rows rejected (40.0%), more than the 30.0% allowed (--max-reject-rate) (exit 3)")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count, 4)   // header + 3 scored
        try expect(["score", model, data, "-o", out, "--max-reject-rate", "0.4"], status: 0, "rows in 5, scored 3, rejected 2")
        try expect(["score", model, data, "-o", out], status: 0, "rows in 5, scored 3, rejected 2")
        for bad in ["1.5", "-0.1", "nan", "inf"] {
            try expect(["score", model, data, "-o", out, "--max-reject-rate=\(bad)"], status: 64, "--max-reject-rate must be in [0, 1] (got ")
        }
    }

    func testRejectsCarryTheIdValue() throws {
        let data = file("ids.csv", "app,a,c,default\nA1,1,x,0\nA2,,y,1\n=X3,,z,0\nA4,1,x,0,extra\n")
        let out = dir.appendingPathComponent("scores.csv").path
        let rejects = dir.appendingPathComponent("rejects.csv").path
        try expect(["score", model, data, "--id", "app", "-o", out, "--rejects", rejects], status: 0, "rows in 4, scored 1, rejected 3")
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0], "app,row,line,column,reason")
        XCTAssertTrue(lines[1].hasPrefix("A2,2,3,a,"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("\"'=X3\",3,4,a,"), lines[2])           // csv-safe, as in the scores file
        XCTAssertTrue(lines[3].hasPrefix(",4,5,,\"line 5: 5 fields, expected 4"), lines[3])
        // An id named like a rejects column would make two columns of one name.
        let clash = file("clash.csv", "line,a,c,default\n1,1,x,0\n")
        try expect(["score", model, clash, "--id", "line", "-o", out, "--rejects", rejects], status: 64,
                   "--id 'line' would give the rejects file two columns named 'line'")
        try expect(["score", model, clash, "--id", "line", "-o", out], status: 0)
    }

    /// Reason texts need a scorecard; per-bin reason codes must name a real bin; the unexpected-missing policy
    /// is one of three words and needs --scorecard.
    func testReasonTextsAndPerBinCodesBadInput() throws {
        let out = dir.appendingPathComponent("scores.csv").path
        try expect(["score", model, file("one.csv", "a,c,default\n1,x,0\n"), "--reason-texts", "-o", out], status: 64,
                   "--reason-texts needs a scorecard model")
        let german = CLI.german, card = dir.appendingPathComponent("card.json").path
        let codes = file("codes.csv", "characteristic,bin,code,text\nduration_in_month,\"[0, 12)\",D1,Short\n")
        try expect(["train", german, "--target", "default", "--scorecard", "--reason-codes", codes, "-o", card], status: 64,
                    "--reason-codes: 'duration_in_month' has no bin '[0, 12)'; its bins are '[-inf, ")
        XCTAssertFalse(FileManager.default.fileExists(atPath: card))
        try expect(["train", german, "--target", "default", "--scorecard", "--on-unexpected-missing", "zero", "-o", card], status: 64,
                   "--on-unexpected-missing")
        try expect(["train", german, "--target", "default", "--on-unexpected-missing", "reject", "-o", card], status: 64,
                   "--on-unexpected-missing needs --scorecard")
    }

    /// The decline letter's columns: each reason's text next to its code, per bin where the file gives a bin one.
    func testReasonTextsFollowTheirCodes() throws {
        let card = dir.appendingPathComponent("card.json").path, out = dir.appendingPathComponent("scores.csv").path
        let codes = file("codes.csv", "characteristic,bin,code,text\nstatus_of_existing_checking_account,,R01,\"Checking account, status\"\n")
        try expect(["train", CLI.german, "--target", "default", "--scorecard", "--reason-codes", codes, "-o", card], status: 0)
        try expect(["score", card, CLI.german, "--reason-texts", "-o", out], status: 0, "rows in 1,000, scored 1,000, rejected 0")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "row,pd,score,reason_1,reason_1_text,reason_2,reason_2_text,reason_3,reason_3_text,reason_4,reason_4_text")
        XCTAssertTrue(lines.contains { $0.contains(",R01,\"Checking account, status\"") })
        XCTAssertTrue(lines.contains { $0.contains(",duration_in_month,duration_in_month: points below the best attainable") })
    }
}
