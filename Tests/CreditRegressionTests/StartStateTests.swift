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
            let start = LogisticRegression.startState(bads: bads, observations: n, probability: intercept ? ybar : 0.5,
                                                      score: try XCTUnwrap(d.startScore))
            XCTAssertEqual(start.logLikelihood, pass.logLikelihood, accuracy: 1e-12 * abs(pass.logLikelihood))
            XCTAssertEqual(start.maxResidual, pass.maxResidual, accuracy: 1e-15)
            XCTAssertEqual(start.exact6, pass.exact6)
            XCTAssertEqual(start.exact10, pass.exact10)
            for j in beta.indices {
                XCTAssertEqual(start.gradient[j], pass.gradient[j], accuracy: 1e-9 * Swift.max(abs(pass.gradient[j]), 1))
            }
        }
    }

    /// Residual counts at a start whose probability is within 1e-6 / 1e-10 of 0 or 1 (a pass would count them).
    func testStartStateCountsExactlyFittedRows() {
        let s = LogisticRegression.startState(bads: 1, observations: 3_000_000, probability: 1.0 / 3_000_000, score: [0])
        XCTAssertEqual(s.exact6, 2_999_999)
        XCTAssertEqual(s.exact10, 0)
        XCTAssertEqual(s.maxResidual, 1 - 1.0 / 3_000_000)
        XCTAssertEqual(s.logLikelihood, log(1.0 / 3_000_000) + 2_999_999 * log1p(-1.0 / 3_000_000), accuracy: 1e-9)
    }
}
