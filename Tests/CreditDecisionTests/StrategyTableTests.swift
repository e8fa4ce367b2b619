import XCTest
import Foundation
import CreditDecision
import TestSupport

/// `StrategyTable` and `SwapSet` against the pandas/numpy brute force of
/// Fixtures/make_strategy_fixtures.py (pandas 3.1.1, numpy 2.4.6; versions in the JSON): counts exactly, rates,
/// odds and profits to 1e-12.
final class StrategyTableTests: XCTestCase {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditDecisionTests/Fixtures/strategy_fixtures.json")
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static func number(_ any: Any?) -> Double {
        if let s = any as? String { return s == "inf" ? .infinity : s == "-inf" ? -.infinity : .nan }
        return (any as! NSNumber).doubleValue
    }

    static var outcomes: [Bool?] { (json["outcomes"] as! [Any]).map { $0 is NSNull ? nil : ($0 as! Bool) } }
    static func scores(_ key: String) -> [Double] { (json[key] as! [Any]).map(number) }
    static func testCase(_ scale: String) -> [String: Any] { (json["cases"] as! [String: Any])[scale] as! [String: Any] }

    private func assertClose(_ a: Double, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if b.isNaN { XCTAssertTrue(a.isNaN, "\(what): \(a), expected NaN", file: file, line: line); return }
        if b.isInfinite { XCTAssertEqual(a, b, what, file: file, line: line); return }
        XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), what, file: file, line: line)
    }

    private func assertRow(_ row: StrategyRow, _ expected: [String: Any], file: StaticString = #filePath, line: UInt = #line) {
        let c = Self.number(expected["cutoff"])
        XCTAssertEqual(row.cutoff, c, file: file, line: line)
        let ints: [(String, Int)] = [("approved", row.approved), ("badsApproved", row.badsApproved), ("goodsApproved", row.goodsApproved),
                                     ("badsDeclined", row.badsDeclined), ("goodsDeclined", row.goodsDeclined),
                                     ("bandCount", row.bandCount), ("bandBads", row.bandBads), ("bandGoods", row.bandGoods)]
        for (key, value) in ints { XCTAssertEqual(value, expected[key] as? Int, "\(key) at \(c)", file: file, line: line) }
        let reals: [(String, Double)] = [("approvalRate", row.approvalRate), ("approvedBadRate", row.approvedBadRate),
                                         ("declinedBadRate", row.declinedBadRate), ("marginalBadRate", row.marginalBadRate),
                                         ("marginalOdds", row.marginalOdds), ("cumulativeOdds", row.cumulativeOdds), ("profit", row.profit)]
        for (key, value) in reals { assertClose(value, Self.number(expected[key]), "\(key) at \(c)", file: file, line: line) }
    }

    private func check(scale: ScoreScale, key: String) throws {
        let expected = Self.testCase(key)
        let cutoffs = (expected["cutoffs"] as! [Any]).map(Self.number)
        let scores = Self.scores(key)
        let table = try StrategyTable(scores: scores, outcomes: Self.outcomes, scale: scale, cutoffs: cutoffs)
        XCTAssertEqual(table.count, 3000)
        let rows = expected["rows"] as! [[String: Any]]
        XCTAssertEqual(table.rows.count, rows.count)
        for (row, e) in zip(table.rows, rows) { assertRow(row, e) }
        // The profit optimum over every distinct score: its cut-off, and its row (band: the rows at that score).
        assertRow(table.profitMaximising!.row, expected["profitMaximising"] as! [String: Any])
        let r = expected["targetApproval"] as! [String: Any], b = expected["targetBadRate"] as! [String: Any]
        XCTAssertEqual(table.forApprovalRate(Self.number(r["rate"]))?.cutoff, Self.number(r["cutoff"]))
        XCTAssertEqual(table.forBadRate(Self.number(b["rate"]))?.cutoff, Self.number(b["cutoff"]))
        XCTAssertEqual(try StrategyTable.bandCutoffs(scores: scores, scale: scale, count: 10), (expected["bands10"] as! [Any]).map(Self.number))
        XCTAssertEqual(try StrategyTable.bandCutoffs(scores: scores, scale: scale, count: 7), (expected["bands7"] as! [Any]).map(Self.number))
    }

    func testPointsTableAgainstPandas() throws { try check(scale: .points, key: "points") }
    func testPDTableAgainstPandas() throws { try check(scale: .pd, key: "pd") }

    func testSwapSetAgainstPandasCrosstab() throws {
        let swap = Self.json["swap"] as! [String: Any]
        let points = Self.scores("points"), incumbent = Self.scores("incumbent")
        let cutoff = Cutoff(Self.number(swap["cutoff"]), scale: .points)
        let newApproves = points.map(cutoff.approves)
        let fixed = Cutoff(Self.number(swap["incumbentCutoff"]), scale: .pd)
        let matched = SwapSet.matchingCutoff(incumbent: incumbent, scale: .pd, approvals: newApproves.count { $0 })
        XCTAssertEqual(matched, Self.number(swap["matchedCutoff"]))
        for (name, incumbentCutoff) in [("fixed", fixed), ("matched", Cutoff(matched!, scale: .pd))] {
            let set = try SwapSet(newApproves: newApproves, incumbentApproves: incumbent.map(incumbentCutoff.approves), outcomes: Self.outcomes)
            let e = swap[name] as! [String: [String: Int]]
            for (cell, got) in [("bothApprove", set.bothApprove), ("swapIns", set.swapIns), ("swapOuts", set.swapOuts), ("bothDecline", set.bothDecline)] {
                XCTAssertEqual([got.count, got.bads, got.goods], [e[cell]!["count"]!, e[cell]!["bads"]!, e[cell]!["goods"]!], "\(name) \(cell)")
                XCTAssertEqual(got.badRate, Double(e[cell]!["bads"]!) / Double(e[cell]!["bads"]! + e[cell]!["goods"]!), accuracy: 1e-12)
            }
            XCTAssertEqual(set.count, 3000)
            XCTAssertEqual(set.netApprovals, e["swapIns"]!["count"]! - e["swapOuts"]!["count"]!)
            XCTAssertEqual(set.netBads, e["swapIns"]!["bads"]! - e["swapOuts"]!["bads"]!)
            XCTAssertEqual(set.netApprovals, set.newApproved.count - set.incumbentApproved.count)
        }
    }

    /// Invariants on the fixture's points: counts add up, approvals grow as the cut-off relaxes, the bands of
    /// all cut-offs partition the most lenient one's approvals, and every cut-off's profit is at most the optimum.
    func testInvariants() throws {
        let scores = Self.scores("points"), outcomes = Self.outcomes
        let cutoffs = try StrategyTable.bandCutoffs(scores: scores, scale: .points, count: 13)
        let t = try StrategyTable(scores: scores, outcomes: outcomes, scale: .points, cutoffs: cutoffs)
        for r in t.rows {
            XCTAssertEqual(r.badsApproved + r.badsDeclined, t.bads)
            XCTAssertEqual(r.badsApproved + r.goodsApproved + r.badsDeclined + r.goodsDeclined, t.withOutcome)
            XCTAssertLessThanOrEqual(r.profit, t.profitMaximising!.row.profit)
        }
        XCTAssertEqual(t.rows.map(\.approved), t.rows.map(\.approved).sorted(by: >))
        XCTAssertEqual(t.rows.map(\.bandCount).reduce(0, +), t.rows[0].approved)
        XCTAssertEqual(t.rows.map(\.bandBads).reduce(0, +), t.rows[0].badsApproved)
        XCTAssertEqual(t.rows[0].approved, 3000)   // the lowest band cut-off approves everyone
        // The same scores as PD-like risk (negated points) give the mirrored table.
        let p = try StrategyTable(scores: scores.map { -$0 }, outcomes: outcomes, scale: .pd, cutoffs: cutoffs.map { -$0 }.reversed())
        XCTAssertEqual(p.rows.map(\.approved), t.rows.map(\.approved).reversed())
        XCTAssertEqual(p.rows.map(\.bandCount), t.rows.map(\.bandCount).reversed())
        XCTAssertEqual(p.profitMaximising?.cutoff, t.profitMaximising.map { -$0.cutoff })
    }

    /// Small hand-checked cases: boundaries, ties, missing outcomes, data without outcomes, errors.
    func testHandWorkedCases() throws {
        // Scores 1…6 points; outcomes bad, good, unknown, good, bad, good.
        let scores: [Double] = [1, 2, 3, 4, 5, 6], outcomes: [Bool?] = [true, false, nil, false, true, false]
        let t = try StrategyTable(scores: scores, outcomes: outcomes, scale: .points, cutoffs: [3, 5],
                                  economics: StrategyEconomics(gainPerGood: 2, lossPerBad: 3))
        // At 3: approved 3,4,5,6 (4 of 6); bads 1 (5), goods 2 (4, 6); band [3, 5): 3 (unknown), 4 (good).
        XCTAssertEqual(t.rows[0].approved, 4)
        XCTAssertEqual(t.rows[0].approvalRate, 4.0 / 6)
        XCTAssertEqual([t.rows[0].badsApproved, t.rows[0].goodsApproved, t.rows[0].badsDeclined, t.rows[0].goodsDeclined], [1, 2, 1, 1])
        XCTAssertEqual([t.rows[0].bandCount, t.rows[0].bandBads, t.rows[0].bandGoods], [2, 0, 1])
        XCTAssertEqual(t.rows[0].marginalOdds, .infinity)
        XCTAssertEqual(t.rows[0].marginalBadRate, 0)
        XCTAssertEqual(t.rows[0].cumulativeOdds, 2)
        XCTAssertEqual(t.rows[0].profit, 2 * 2 - 3 * 1)
        // At 5 (the safest): the band is every approved row (5, 6).
        XCTAssertEqual([t.rows[1].bandCount, t.rows[1].bandBads, t.rows[1].bandGoods], [2, 1, 1])
        // Profit by score: 6 → 2, 5 → -1, 4 → 1, 3 → 1, 2 → 3, 1 → 0; the best is 2.
        XCTAssertEqual(t.profitMaximising?.cutoff, 2)
        XCTAssertEqual(t.forApprovalRate(0.5)?.cutoff, 4)     // 4 approves 3 of 6
        XCTAssertEqual(t.forApprovalRate(1)?.cutoff, 1)
        XCTAssertNil(t.forApprovalRate(1.01))
        XCTAssertEqual(t.forBadRate(0)?.cutoff, 6)
        XCTAssertEqual(t.forBadRate(0.34)?.cutoff, 2)          // 1/3 at 3 and 4, 1/4 at 2, 2/5 at 1
        XCTAssertEqual(t.forBadRate(0.2)?.cutoff, 6)
        XCTAssertNil(t.forBadRate(-0.1))
        // Profit ties go to the safer cut-off.
        let tie = try StrategyTable(scores: [1, 2, 3], outcomes: [false, nil, nil], scale: .points, cutoffs: [2])
        XCTAssertEqual(tie.profitMaximising?.cutoff, 1)
        let tie2 = try StrategyTable(scores: [1, 2, 3], outcomes: [nil, false, nil], scale: .points, cutoffs: [2])
        XCTAssertEqual(tie2.profitMaximising?.cutoff, 2)      // 2 and 1 both earn 1: the safer, 2
        // PD scale: approve at or below; the next safer cut-off is the smaller one.
        let p = try StrategyTable(scores: [0.01, 0.05, 0.05, 0.2], outcomes: [false, true, false, true], scale: .pd, cutoffs: [0.01, 0.05])
        XCTAssertEqual(p.rows.map(\.approved), [1, 3])
        XCTAssertEqual(p.rows.map(\.bandCount), [1, 2])
        XCTAssertEqual(p.rows[1].marginalOdds, 1)
        // No outcomes: approval columns only.
        let none = try StrategyTable(scores: [1, 2], outcomes: [nil, nil], scale: .points, cutoffs: [2])
        XCTAssertEqual(none.rows[0].approvalRate, 0.5)
        XCTAssertTrue(none.rows[0].approvedBadRate.isNaN && none.rows[0].marginalOdds.isNaN && none.rows[0].cumulativeOdds.isNaN)
        XCTAssertNil(none.profitMaximising)
        XCTAssertNil(none.forBadRate(0.5))
        // Bands with ties: shares 1/3, 2/3, 1 of [5, 5, 5, 1, 1, 0] → 5, 1, 0.
        XCTAssertEqual(try StrategyTable.bandCutoffs(scores: [5, 5, 5, 1, 1, 0], scale: .points, count: 3), [0, 1, 5])
        XCTAssertEqual(try StrategyTable.bandCutoffs(scores: [5, 5, 5, 1, 1, 0], scale: .points, count: 2), [0, 5])
        XCTAssertEqual(try StrategyTable.bandCutoffs(scores: [0.3, 0.1], scale: .pd, count: 2), [0.1, 0.3])
    }

    func testErrors() {
        XCTAssertThrowsError(try StrategyTable(scores: [1, 2], outcomes: [nil], scale: .points, cutoffs: [1])) {
            XCTAssertEqual("\($0)", "2 scores but 1 values to go with them")
        }
        XCTAssertThrowsError(try StrategyTable(scores: [], outcomes: [], scale: .points, cutoffs: [1])) { XCTAssertEqual("\($0)", "no scored rows") }
        XCTAssertThrowsError(try StrategyTable(scores: [1, .nan], outcomes: [nil, nil], scale: .points, cutoffs: [1])) {
            XCTAssertEqual("\($0)", "score 2 is not a finite number")
        }
        XCTAssertThrowsError(try StrategyTable(scores: [1], outcomes: [nil], scale: .points, cutoffs: [2, 1])) {
            XCTAssertEqual("\($0)", "cut-offs must be finite, distinct and increasing (given: 2.0, 1.0)")
        }
        XCTAssertThrowsError(try StrategyTable(scores: [1], outcomes: [nil], scale: .points, cutoffs: [1, 1]))
        XCTAssertThrowsError(try StrategyTable(scores: [1], outcomes: [nil], scale: .points, cutoffs: [])) { XCTAssertEqual("\($0)", "no cut-offs") }
        XCTAssertThrowsError(try StrategyTable.bandCutoffs(scores: [1], scale: .points, count: 0)) {
            XCTAssertEqual("\($0)", "the number of bands must be at least 1 (given: 0)")
        }
        XCTAssertThrowsError(try SwapSet(newApproves: [true], incumbentApproves: [], outcomes: [nil]))
        XCTAssertThrowsError(try SwapSet(newApproves: [], incumbentApproves: [], outcomes: [])) { XCTAssertEqual("\($0)", "no scored rows") }
        XCTAssertNil(SwapSet.matchingCutoff(incumbent: [0.1, .nan], scale: .pd, approvals: 2))
        XCTAssertEqual(SwapSet.matchingCutoff(incumbent: [0.3, .nan, 0.1], scale: .pd, approvals: 2), 0.3)
        XCTAssertEqual(SwapSet.matchingCutoff(incumbent: [300, 700, 500], scale: .points, approvals: 2), 500)
    }
}
