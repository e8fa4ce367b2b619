import Foundation
import CreditRegression
import CreditTabular
import TestSupport
import XCTest

/// Numerical edge cases of the design and the fit: each gives a clear error or a flagged, finite result.
/// Covered elsewhere (not repeated here): perfect separation (LogisticRegressionTests.testPerfectSeparationThrows),
/// quasi-separation (testQuasiSeparationIsFlaggedAndNotCalledConverged, testSex2QuasiSeparation), the
/// iteration limit (testIterationLimitGivesDidNotConverge), constant columns
/// (DesignTests.testConstantColumnsAreLeftOutAndReported), collinear columns (DesignTests, rankDeficient),
/// Firth under separation (FirthTests.testFiniteUnderCompleteSeparation).
final class RegressionEdgeCaseTests: XCTestCase {
    /// Seeded data: x, z standard normal; y from logit = −1 + 0.8x − 0.5z.
    func sample(_ n: Int, seed: UInt64 = 7) -> (x: [Double], z: [Double], y: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var x: [Double] = [], z: [Double] = [], y: [Double] = []
        for _ in 0..<n {
            let a = rng.normal(), b = rng.normal()
            x.append(a); z.append(b)
            y.append(rng.uniform() < 1 / (1 + exp(-(-1 + 0.8 * a - 0.5 * b))) ? 1 : 0)
        }
        return (x, z, y)
    }

    func any(_ v: [Double]) -> [Any?] { v.map { $0 as Any? } }

    func fit(_ columns: [(String, [Any?])], target: String = "y", options: LogisticRegressionOptions = .init()) throws
        -> LogisticRegressionResult {
        let design = try Design.build(from: TestTables.make(columns), options: DesignOptions(target: target))
        return try LogisticRegression(options: options).fit(design)
    }

    func assertFinite(_ r: LogisticRegressionResult, file: StaticString = #filePath, line: UInt = #line) {
        for v in r.coefficients + r.standardErrors + r.zValues + r.pValues + [r.logLikelihood, r.aic, r.bic] {
            XCTAssertTrue(v.isFinite, "non-finite value in \(r.termNames): \(v)", file: file, line: line)
        }
    }

    /// Values ~1e-300 or ~1e300 would underflow/overflow X'X: a clear error naming the column, not NaN.
    func testExtremeMagnitudesAreAClearError() throws {
        let s = sample(400)
        for (name, factor) in [("tiny", 1e-300), ("huge", 1e300)] {
            let scaled = any(s.z.map { $0 * factor })
            XCTAssertThrowsError(try fit([("x", any(s.x)), (name, scaled), ("y", any(s.y))])) { error in
                guard case .extremeMagnitude(let column, let largest)? = error as? RegressionError else {
                    return XCTFail("expected extremeMagnitude, got \(error)")
                }
                XCTAssertEqual(column, name)
                XCTAssertFalse(Design.magnitudeRange.contains(largest))
                XCTAssertTrue("\(error)".contains("rescale") && "\(error)".contains("leave it out of the model"), "\(error)")
            }
        }
    }

    /// Within the accepted range a rescaled column gives the rescaled coefficient (exact equivariance of
    /// the MLE: β(c·z) = β(z)/c, the same likelihood) and a finite fit.
    func testLargeAndSmallScalesWithinRangeAreEquivariant() throws {
        let s = sample(2000)
        let base = try fit([("x", any(s.x)), ("z", any(s.z)), ("y", any(s.y))])
        XCTAssertTrue(base.converged)
        for c in [1e-60, 1e60] {
            let r = try fit([("x", any(s.x)), ("z", any(s.z.map { $0 * c })), ("y", any(s.y))])
            XCTAssertTrue(r.converged, "scale \(c)")
            assertFinite(r)
            assertClose(r.coefficients[2] * c, base.coefficients[2], relative: 1e-7, "z coefficient at scale \(c)")
            assertClose(r.coefficients[1], base.coefficients[1], relative: 1e-7, "x coefficient at scale \(c)")
            assertClose(r.logLikelihood, base.logLikelihood, relative: 1e-12, "log-likelihood at scale \(c)")
        }
    }

    /// Fewer rows than coefficients: the design has no full column rank, a clear collinearity error.
    func testFewerRowsThanPredictorsIsAClearError() throws {
        var rng = SeededGenerator(seed: 3)
        var columns: [(String, [Any?])] = (0..<8).map { j in ("x\(j)", (0..<6).map { _ in rng.normal() as Any? }) }
        columns.append(("y", [0, 1, 0, 1, 1, 0].map { Double($0) as Any? }))
        XCTAssertThrowsError(try fit(columns)) { error in
            guard case .rankDeficient(let aliases)? = error as? RegressionError else { return XCTFail("got \(error)") }
            // 6 rows give rank ≤ 6 of 9 columns (const + 8): at least 3 aliased.
            XCTAssertGreaterThanOrEqual(aliases.count, 3)
            XCTAssertTrue("\(error)".contains("leave one of each out"), "\(error)")
        }
    }

    /// 10 bads in 10,000 (0.1%): converges, finite, and the intercept's score equation Σπᵢ = Σyᵢ holds.
    func testRareEventsConvergeAndMatchTheEventCount() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 10_000
        var bads = Set<Int>()
        while bads.count < 10 { bads.insert(Int(rng.uniform() * Double(n))) }
        let x: [Double] = (0..<n).map { rng.normal() + (bads.contains($0) ? 1 : 0) }
        let z: [Double] = (0..<n).map { _ in rng.normal() }
        let y: [Double] = (0..<n).map { bads.contains($0) ? 1 : 0 }
        let r = try fit([("x", any(x)), ("z", any(z)), ("y", any(y))])
        XCTAssertTrue(r.converged)
        XCTAssertEqual(r.events, 10)
        assertFinite(r)
        let fitted = (0..<n).reduce(0.0) { s, i in
            s + 1 / (1 + exp(-(r.coefficients[0] + r.coefficients[1] * x[i] + r.coefficients[2] * z[i])))
        }
        assertClose(fitted, 10, relative: 1e-6, "Σπ = number of bads")
    }

    /// One bad among 1,000 inside the range of x: the MLE exists; Σπ = 1. The same bad at the largest x
    /// separates the classes completely: a clear error (the plain fit has no estimate).
    func testSingleBad() throws {
        let n = 1000
        let x: [Double] = (0..<n).map { Double($0) / Double(n) }
        let inside: [Double] = (0..<n).map { $0 == 400 ? 1 : 0 }
        let r = try fit([("x", any(x)), ("y", any(inside))])
        XCTAssertTrue(r.converged)
        assertFinite(r)
        let fitted = (0..<n).reduce(0.0) { s, i in s + 1 / (1 + exp(-(r.coefficients[0] + r.coefficients[1] * x[i]))) }
        assertClose(fitted, 1, relative: 1e-6, "Σπ = 1")

        let atEnd: [Double] = (0..<n).map { $0 == n - 1 ? 1 : 0 }
        do {
            let s = try fit([("x", any(x)), ("y", any(atEnd))])
            // Accepted only as a flagged, non-converged result.
            XCTAssertFalse(s.converged, "a separated single bad must not be called converged")
            XCTAssertFalse(s.diagnostics.isEmpty)
        } catch let error as RegressionError {
            guard case .perfectSeparation = error else { return XCTFail("got \(error)") }
        }
    }

    /// 50,000 distinct levels: refused before any design column is allocated, with the way out named.
    func testHugeCardinalityIsRefusedWithAHint() throws {
        let n = 50_000
        let s = sample(n)
        let code: [Any?] = (0..<n).map { "C\($0)" }
        XCTAssertThrowsError(try fit([("code", code), ("x", any(s.x)), ("y", any(s.y))])) { error in
            XCTAssertEqual(error as? RegressionError, .tooManyLevels(column: "code", levels: n, limit: 1000))
            XCTAssertTrue("\(error)".contains("raise the level limit") && "\(error)".contains("leave it out of the model"), "\(error)")
        }
        // The limit counts levels in the usable rows; at the limit the design builds.
        let few: [Any?] = (0..<n).map { "L\($0 % 4)" }
        var options = DesignOptions(target: "y")
        options.maxLevels = 4
        let design = try Design.build(from: TestTables.make([("code", few), ("x", any(s.x)), ("y", any(s.y))]), options: options)
        XCTAssertEqual(design.x.columns, 1 + 3 + 1)
        options.maxLevels = 3
        XCTAssertThrowsError(try Design.build(from: TestTables.make([("code", few), ("x", any(s.x)), ("y", any(s.y))]), options: options)) {
            XCTAssertEqual($0 as? RegressionError, .tooManyLevels(column: "code", levels: 4, limit: 3))
        }
    }

    /// Two Newton steps: a flagged result, finite, not called converged.
    func testIterationCapIsFlaggedAndFinite() throws {
        let s = sample(3000)
        var options = LogisticRegressionOptions()
        options.maxIterations = 2
        let r = try fit([("x", any(s.x)), ("z", any(s.z)), ("y", any(s.y))], options: options)
        XCTAssertFalse(r.converged)
        XCTAssertEqual(r.iterations, 2)
        XCTAssertEqual(r.diagnostics, [.didNotConverge(iterations: 2)])
        assertFinite(r)
    }
}
