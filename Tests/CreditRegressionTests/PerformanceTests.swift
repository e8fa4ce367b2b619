import Foundation
import XCTest
import CreditLinearAlgebra
import CreditRegression
import CreditTabular
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

    func testMillionRowDesignBuild() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CREDIT_PERF"] == "1", "set CREDIT_PERF=1 to time")
        let n = 1_000_000
        var rng = SeededGenerator(seed: 2)
        var columns: [Column] = (0..<28).map { _ in .numeric((0..<n).map { _ in rng.normal() }) }
        let levels = ["a", "b", "c", "d", "e"]
        for _ in 0..<2 {
            columns.append(.categorical(CategoricalColumn(levels: levels, codes: (0..<n).map { _ in Int32(rng.next() % 5) })))
        }
        columns.append(.numeric((0..<n).map { _ in rng.uniform() < 0.2 ? 1 : 0 }))
        let names = (0..<30).map { "c\($0)" } + ["y"]
        let table = Table(source: "perf", columnNames: names, columns: columns, lineNumbers: Array(2..<(n + 2)),
                          delimiter: UInt8(ascii: ","))
        let start = Date()
        let design = try Design.build(from: table, options: DesignOptions(target: "y"))
        print("Design.build 1M rows, 30 columns (36 terms): \(Date().timeIntervalSince(start)) s")
        let fitStart = Date()
        _ = try LogisticRegression().fit(design)
        print("fit(design) 1M×36: \(Date().timeIntervalSince(fitStart)) s")
    }
}
