import Foundation
import XCTest
import CreditTabular
import CreditLinearAlgebra
@testable import CreditRegression
import TestSupport

/// The Newton fit's starting state without a pass over X (`Design.startScore`, `LogisticRegression.startState`)
/// against the definition and against the pass it replaces.
final class StartStateTests: XCTestCase {
    private func design(intercept: Bool) throws -> Design {
        let table = try TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv"))
        var options = DesignOptions(target: "default")
        options.intercept = intercept
        return try Design.build(from: table, options: options)
    }

    /// X'(y − π₀) summed naively (π₀ = ȳ with an intercept, ½ without).
    /// The start state equals the pass it replaces: ℓ to 1e-12, the residual statistics, the score to 1e-9.
    func assertSameState(_ start: LogisticRegression.PassState, _ pass: LogisticRegression.PassState,
                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(start.logLikelihood, pass.logLikelihood, accuracy: 1e-12 * abs(pass.logLikelihood), file: file, line: line)
        XCTAssertEqual(start.maxResidual, pass.maxResidual, accuracy: 1e-15, file: file, line: line)
        XCTAssertEqual(start.exact6, pass.exact6, file: file, line: line)
        XCTAssertEqual(start.exact10, pass.exact10, file: file, line: line)
        XCTAssertEqual(start.gradient.count, pass.gradient.count, file: file, line: line)
        for j in pass.gradient.indices {
            XCTAssertEqual(start.gradient[j], pass.gradient[j], accuracy: 1e-9 * Swift.max(abs(pass.gradient[j]), 1), file: file, line: line)
        }
    }

    func testStartScoreIsTheScoreAtTheStart() throws {
        for intercept in [true, false] {
            let d = try design(intercept: intercept)
            let n = d.y.count, pi = intercept ? d.y.reduce(0, +) / Double(n) : 0.5
            let score = try XCTUnwrap(d.startScore)
            XCTAssertEqual(score.count, d.columns.columns)
            for j in 0..<d.columns.columns {
                var sum = 0.0, magnitude = 0.0
                for i in 0..<n { let t = d.columns[i, j] * (d.y[i] - pi); sum += t; magnitude += abs(t) }
                XCTAssertEqual(score[j], sum, accuracy: 1e-12 * magnitude + 1e-12, "intercept \(intercept) column \(j)")
            }
        }
    }

    /// The state formed from the counts equals the pass over X at the starting β (intercept log(ȳ/(1 − ȳ)), or 0).
    func testStartStateEqualsThePassAtTheStart() throws {
        for intercept in [true, false] {
            let d = try design(intercept: intercept)
            let n = d.y.count, bads = Int(d.y.reduce(0, +)), ybar = Double(bads) / Double(n)
            var beta = [Double](repeating: 0, count: d.columns.columns)
            if intercept { beta[0] = log(ybar / (1 - ybar)) }
            let pass = LogisticRegression.pass(x: d.columns, y: d.y, weights: nil, beta: beta, information: false)
            let start = LogisticRegression.startState(badWeight: Double(bads), goodWeight: Double(n - bads), badRows: bads,
                                                      goodRows: n - bads, probability: intercept ? ybar : 0.5,
                                                      score: try XCTUnwrap(d.startScore))
            assertSameState(start, pass)
        }
    }

    /// With frequency weights (zeros among them): ℓ and the score weighted, the residual statistics over the rows
    /// with positive weight, as the weighted pass forms them.
    func testWeightedStartStateEqualsThePass() throws {
        let d = try design(intercept: true)
        let n = d.y.count
        let w = (0..<n).map { Double(($0 * 7) % 4) }
        let badWeight = zip(w, d.y).reduce(0) { $0 + $1.0 * $1.1 }, total = w.reduce(0, +)
        let pi = badWeight / total
        var beta = [Double](repeating: 0, count: d.columns.columns)
        beta[0] = log(pi / (1 - pi))
        let pass = LogisticRegression.pass(x: d.columns, y: d.y, weights: w, beta: beta, information: false)
        let badRows = zip(w, d.y).filter { $0.0 > 0 && $0.1 == 1 }.count, goodRows = zip(w, d.y).filter { $0.0 > 0 && $0.1 == 0 }.count
        let score = d.columns.transposeProduct(zip(w, d.y).map { $0 * ($1 - pi) })
        let start = LogisticRegression.startState(badWeight: badWeight, goodWeight: total - badWeight, badRows: badRows,
                                                  goodRows: goodRows, probability: pi, score: score)
        assertSameState(start, pass)
    }

    /// Weights of 1 give the unweighted fit to the bit (the same start, gram and passes).
    func testUnitWeightsGiveTheUnweightedFit() throws {
        let d = try design(intercept: true)
        let plain = try LogisticRegression().fit(d)
        let weighted = try LogisticRegression().fit(d, weights: [Double](repeating: 1, count: d.y.count))
        XCTAssertEqual(plain.coefficients, weighted.coefficients)
        XCTAssertEqual(plain.standardErrors, weighted.standardErrors)
    }

    /// Residual counts at a start whose probability is within 1e-6 / 1e-10 of 0 or 1 (a pass would count them).
    func testStartStateCountsExactlyFittedRows() {
        let s = LogisticRegression.startState(badWeight: 1, goodWeight: 2_999_999, badRows: 1, goodRows: 2_999_999,
                                              probability: 1.0 / 3_000_000, score: [0])
        XCTAssertEqual(s.exact6, 2_999_999)
        XCTAssertEqual(s.exact10, 0)
        XCTAssertEqual(s.maxResidual, 1 - 1.0 / 3_000_000)
        XCTAssertEqual(s.logLikelihood, log(1.0 / 3_000_000) + 2_999_999 * log1p(-1.0 / 3_000_000), accuracy: 1e-9)
    }
}
