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
}
