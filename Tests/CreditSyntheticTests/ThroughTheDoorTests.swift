import Foundation
import CreditSynthetic
import XCTest

/// The through-the-door population: the accept share is exact, accepts and rejects partition the population of the
/// plain generator (same loans, same bytes), the truth file joins the rejects, and the accepted are exactly the
/// loans with the lowest earlier score.
final class ThroughTheDoorTests: XCTestCase {
    func testAcceptsAndRejectsPartitionThePlainPopulation() throws {
        var c = SmallBorrowerGenerator.Configuration()
        c.seed = 11
        let g = SmallBorrowerGenerator(configuration: c)
        let rows = 2001, rule = AcceptRule(rate: 0.55)
        var plain = ""
        try g.write(rows: rows, includeTruePD: true, applications: { plain += $0 })
        var accepts = "", rejects = "", truth = ""
        let counts = try g.writeThroughTheDoor(rows: rows, rule: rule, includeTruePD: true, accepts: { accepts += $0 },
                                               rejects: { rejects += $0 }, truth: { truth += $0 })
        let plainLines = plain.split(separator: "\n").map(String.init)
        let a = accepts.split(separator: "\n").map(String.init), r = rejects.split(separator: "\n").map(String.init)
        let t = truth.split(separator: "\n").map(String.init)
        // round(0.55 · 2001) = round(1100.55) = 1101.
        XCTAssertEqual(counts.accepted, 1101); XCTAssertEqual(a.count - 1, 1101)
        XCTAssertEqual(counts.rejected, 900); XCTAssertEqual(r.count - 1, 900); XCTAssertEqual(t.count - 1, 900)
        XCTAssertEqual(a[0], plainLines[0])
        XCTAssertEqual(r[0], "loan_id,application_date,region,employment_type,monthly_income,income_volatility,debt_to_income,lenders_count,inquiries_6m,past_delinquency,savings_months,financial_literacy,loan_amount,term_months")
        XCTAssertEqual(t[0], "loan_id,true_pd,default")
        // Every plain line is an accept line, or a reject line plus its truth (true_pd, default) joined on loan_id.
        var ai = 1, ri = 1
        var scoresAccepted: [Double] = [], scoresRejected: [Double] = []
        for i in 0..<rows {
            let line = plainLines[i + 1]
            let score = g.earlierScore(g.loan(i), index: i, rule: rule)
            if ai < a.count && a[ai] == line { ai += 1; scoresAccepted.append(score); continue }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let outcome = fields.removeLast(), pd = fields.removeLast()
            XCTAssertEqual(r[ri], fields.joined(separator: ","), "loan \(i)")
            XCTAssertEqual(t[ri], "\(fields[0]),\(pd),\(outcome)", "loan \(i)")
            ri += 1; scoresRejected.append(score)
        }
        XCTAssertEqual(ai, a.count); XCTAssertEqual(ri, r.count)
        XCTAssertLessThanOrEqual(scoresAccepted.max()!, scoresRejected.min()!)
        // The earlier score ranks by risk: the rejects default more often than the accepts.
        XCTAssertGreaterThan(Double(counts.rejectedDefaults) / 900, Double(counts.acceptedDefaults) / 1101)
        // The earlier score is the true log-odds plus noise: with sd 0 it is the true log-odds exactly.
        let loan = g.loan(5)
        XCTAssertEqual(g.earlierScore(loan, index: 5, rule: AcceptRule(rate: 0.5, noise: 0)), log(loan.truePD / (1 - loan.truePD)))
    }
}
