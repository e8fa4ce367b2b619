import Foundation
import XCTest
import LinearAlgebra
import Regression
import TestSupport

/// Timing of a large fit; runs only with CREDIT_PERF=1 (meaningful in a release build:
/// `CREDIT_PERF=1 swift test -c release --filter RegressionTests.PerformanceTests`).
final class PerformanceTests: XCTestCase {
    func testMillionByThirtyFit() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CREDIT_PERF"] == "1", "set CREDIT_PERF=1 to time")
        let n = 1_000_000, p = 30
        var rng = SeededGenerator(seed: 1)
        var x = Matrix(rows: n, columns: p)
        var beta = [Double](repeating: 0, count: p)
        for j in 0..<p { beta[j] = j == 0 ? -1 : 0.3 * rng.normal() }
        for i in 0..<n { x[i, 0] = 1 }
        for j in 1..<p { for i in 0..<n { x.elements[j * n + i] = rng.normal() } }
        let eta = x.multiply(beta)
        let y = eta.map { rng.uniform() < 1 / (1 + exp(-$0)) ? 1.0 : 0.0 }
        let names = ["const"] + (1..<p).map { "x\($0)" }

        var start = Date()
        let w = [Double](repeating: 0.25, count: n)
        for block in [1024, 4096, 16384, 65536] {
            start = Date()
            _ = x.gram(weights: w, blockRows: block)
            print("gram(weights:) 1M×30 block \(block): \(Date().timeIntervalSince(start)) s")
        }
        start = Date()
        _ = x.gram()
        print("gram() 1M×30 unweighted: \(Date().timeIntervalSince(start)) s")
        start = Date()
        _ = x.transposeMultiply(w)
        print("dgemv' 1M×30: \(Date().timeIntervalSince(start)) s")

        start = Date()
        let result = try LogisticRegression().fit(x: x, y: y, termNames: names)
        let seconds = Date().timeIntervalSince(start)
        print("fit 1M×30: \(seconds) s, \(result.iterations) iterations, converged \(result.converged)")
        XCTAssertTrue(result.converged)
        for j in 0..<p { XCTAssertLessThan(abs(result.coefficients[j] - beta[j]), 5 * result.standardErrors[j]) }
    }
}
