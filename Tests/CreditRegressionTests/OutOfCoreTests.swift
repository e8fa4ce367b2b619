import Foundation
import XCTest
import CreditTabular
import CreditLinearAlgebra
import CreditProbability
import CreditRegression
import TestSupport

/// Out-of-core training (ColumnarCache → StreamingDesign → StreamingLogisticRegression) against the
/// in-memory path (CSVReader → Design → LogisticRegression) and against the statsmodels fixtures.
///
/// Tolerances: the two paths add the same terms in different orders (blocks vs whole-matrix BLAS), so they
/// agree to rounding, not bit for bit; 1e-9 relative on coefficients, standard errors and llf is far above
/// that rounding (~1e-13 here) and far below any real difference. Different chunk sizes: 1e-10.
final class OutOfCoreTests: XCTestCase {
    static let german = PackagePaths.path("datasets/german_credit.csv")
    static let synthetic = StatsmodelsFixtures.fixture("synthetic.csv")
    static let tolerance = 1e-9

    private func cache(_ path: String, options: CSVOptions = CSVOptions(), chunkBytes: Int = 4 << 20) throws -> ColumnarCache {
        try ColumnarCache.build(path: path, options: options, directory: NSTemporaryDirectory(), chunkBytes: chunkBytes)
    }

    private func outOfCore(_ path: String, target: String, chunkRows: Int = 65_536, threads: Int = 2, chunkBytes: Int = 4 << 20,
                           designOptions: DesignOptions? = nil, csv: CSVOptions = CSVOptions()) throws
        -> (StreamingDesign, LogisticRegressionResult) {
        let design = try StreamingDesign.build(cache: try cache(path, options: csv, chunkBytes: chunkBytes),
                                               options: designOptions ?? DesignOptions(target: target), chunkRows: chunkRows)
        let result = try StreamingLogisticRegression(chunkRows: chunkRows, threads: threads).fit(design)
        return (design, result)
    }

    private func inMemory(_ path: String, target: String, designOptions: DesignOptions? = nil, csv: CSVOptions = CSVOptions()) throws
        -> (Design, LogisticRegressionResult) {
        let design = try Design.build(from: try CSVReader.read(path: path, options: csv), options: designOptions ?? DesignOptions(target: target))
        return (design, try LogisticRegression().fit(design))
    }

    private func assertSame(_ a: LogisticRegressionResult, _ b: LogisticRegressionResult, relative: Double,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.termNames, b.termNames, file: file, line: line)
        assertClose(a.coefficients, b.coefficients, relative: relative, "coef", file: file, line: line)
        assertClose(a.standardErrors, b.standardErrors, relative: relative, "se", file: file, line: line)
        assertClose(a.logLikelihood, b.logLikelihood, relative: relative, "llf", file: file, line: line)
        assertClose(a.nullLogLikelihood, b.nullLogLikelihood, relative: relative, "llnull", file: file, line: line)
        assertClose(a.aic, b.aic, relative: relative, "aic", file: file, line: line)
        assertClose(a.bic, b.bic, relative: relative, "bic", file: file, line: line)
        for (ra, rb) in zip(a.covariance, b.covariance) { assertClose(ra, rb, relative: relative, absolute: 1e-15, "cov", file: file, line: line) }
        XCTAssertEqual(a.observations, b.observations, file: file, line: line)
        XCTAssertEqual(a.events, b.events, file: file, line: line)
        XCTAssertEqual(a.converged, b.converged, file: file, line: line)
        XCTAssertEqual(a.iterations, b.iterations, file: file, line: line)
        XCTAssertEqual(a.diagnostics, b.diagnostics, file: file, line: line)
    }

    // MARK: - Against the in-memory path and statsmodels

    func testGermanCreditEqualsInMemoryAndStatsmodels() throws {
        let (design, result) = try outOfCore(Self.german, target: "default")
        let (memoryDesign, memory) = try inMemory(Self.german, target: "default")
        XCTAssertEqual(design.coding, memoryDesign.coding)
        XCTAssertEqual(design.rowsInFile, 1000)
        XCTAssertEqual(design.rowsUsed, 1000)
        XCTAssertEqual(design.events, 300)
        assertSame(result, memory, relative: Self.tolerance)
        let e = StatsmodelsFixtures.shared.german
        XCTAssertEqual(result.termNames, e.terms)
        assertClose(result.coefficients, e.params, relative: Tolerance.reference, "params vs statsmodels")
        assertClose(result.standardErrors, e.bse, relative: Tolerance.reference, "bse vs statsmodels")
        assertClose(result.logLikelihood, e.llf, relative: 1e-8, "llf vs statsmodels")
        XCTAssertNil(result.hosmerLemeshow, "not computed out of core")
    }

    func testSyntheticFixtureWithUnicodeLevelsEqualsInMemoryAndStatsmodels() throws {
        let (design, result) = try outOfCore(Self.synthetic, target: "bad")
        let (memoryDesign, memory) = try inMemory(Self.synthetic, target: "bad")
        XCTAssertEqual(design.coding, memoryDesign.coding)
        assertSame(result, memory, relative: Self.tolerance)
        let e = StatsmodelsFixtures.shared.synthetic
        assertClose(result.coefficients, e.params, relative: Tolerance.reference, "params vs statsmodels")
        assertClose(result.standardErrors, e.bse, relative: Tolerance.reference, "bse vs statsmodels")
    }

    // MARK: - Chunking does not change the answer

    func testChunkSizesAndThreadsGiveTheSameAnswer() throws {
        let (_, reference) = try outOfCore(Self.german, target: "default", chunkRows: 1000, threads: 1)
        for (rows, threads) in [(1, 2), (7, 2), (7, 1), (1000, 2), (1_000_000, 2), (333, 3)] {
            let (_, result) = try outOfCore(Self.german, target: "default", chunkRows: rows, threads: threads)
            assertSame(result, reference, relative: 1e-10)
        }
        // The CSV chunking of the cache build does not matter either (a few records per chunk).
        let (_, small) = try outOfCore(Self.german, target: "default", chunkBytes: 700)
        assertSame(small, reference, relative: 1e-10)
    }

    /// The same passes with the same chunking give bit-identical results (no dependence on thread timing).
    func testRepeatedFitsAreBitIdentical() throws {
        let (_, a) = try outOfCore(Self.german, target: "default", chunkRows: 97)
        let (_, b) = try outOfCore(Self.german, target: "default", chunkRows: 97)
        XCTAssertEqual(a, b)
    }

    // MARK: - Type inference, missing values, constant columns

    /// A seeded numeric file with missing values, a constant column, a column that turns categorical only
    /// after many rows, a categorical target and a forced-categorical numeric-looking column.
    private func syntheticFile(rows: Int, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var text = "id,x1,x2,x3,flat,late,grade,status\n"
        for i in 0..<rows {
            let x1 = uniform() * 4 - 2, x2 = uniform() * 10, x3 = uniform() < 0.5 ? 1.0 : 0.0
            let grade = ["A", "B", "C"][Int(uniform() * 3)]
            let eta = -0.5 + 0.8 * x1 - 0.1 * x2 + 0.6 * x3 + (grade == "C" ? 0.7 : 0)
            let bad = uniform() < 1 / (1 + exp(-eta))
            let late = i == rows - 3 ? "text" : String(Int(uniform() * 3))
            let x2Field = uniform() < 0.03 ? "NA" : String(x2)
            let statusField = uniform() < 0.01 ? "" : (bad ? "default" : "paid")
            text += "\(i),\(x1),\(x2Field),\(x3),5,\(late),\(grade),\(statusField)\n"
        }
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("ooc-synthetic.csv")
        try! Data(text.utf8).write(to: url)
        return url.path
    }

    func testMissingValuesConstantColumnsAndLateCategoricalMatchInMemory() throws {
        let path = syntheticFile(rows: 4000, seed: 42)
        var options = DesignOptions(target: "status")
        options.badValue = "default"
        options.exclude = ["id"]
        options.referenceLevels = ["grade": "B"]
        var csv = CSVOptions()
        csv.columnTypes = ["x3": .categorical]
        let (design, result) = try outOfCore(path, target: "status", chunkRows: 513, chunkBytes: 4096,
                                             designOptions: options, csv: csv)
        let (memoryDesign, memory) = try inMemory(path, target: "status", designOptions: options, csv: csv)
        XCTAssertEqual(design.coding, memoryDesign.coding)
        XCTAssertEqual(design.constantColumns, memoryDesign.constantColumns)
        XCTAssertEqual(design.constantColumns, ["flat"])
        XCTAssertEqual(design.rowsUsed, memoryDesign.rows.count)
        var dropped: [String: Int] = [:]
        for problem in memoryDesign.dropped { dropped[problem.column, default: 0] += 1 }
        XCTAssertEqual(design.droppedByColumn, dropped)
        XCTAssertGreaterThan(design.rowsDropped, 0)
        XCTAssertTrue(design.coding.predictors.contains { $0.name == "late" && $0.kind != .numeric })
        assertSame(result, memory, relative: Self.tolerance)
        XCTAssertEqual(result.diagnostics.first, .constantColumns(["flat"]))
    }

    // MARK: - Errors are the in-memory ones

    func testForcedNumericColumnWithTextFailsWithLineAndColumn() throws {
        let path = syntheticFile(rows: 300, seed: 7)
        var csv = CSVOptions()
        csv.columnTypes = ["late": .numeric]
        var streamed: CSVError?
        XCTAssertThrowsError(try cache(path, options: csv, chunkBytes: 1024)) { streamed = $0 as? CSVError }
        var read: CSVError?
        XCTAssertThrowsError(try CSVReader.read(path: path, options: csv)) { read = $0 as? CSVError }
        XCTAssertNotNil(streamed)
        XCTAssertEqual(streamed, read)
        XCTAssertEqual(streamed?.line, 299)   // data row 297 (0-based) is physical line 299
    }

    func testTargetErrorsMatchInMemory() throws {
        let path = syntheticFile(rows: 200, seed: 3)
        for bad in ["nothing", "default"] {
            var options = DesignOptions(target: bad == "default" ? "x3" : "status")
            options.badValue = bad
            var streamed: RegressionError?, memory: RegressionError?
            do { _ = try outOfCore(path, target: options.target, designOptions: options) } catch { streamed = error as? RegressionError }
            do { _ = try inMemory(path, target: options.target, designOptions: options) } catch { memory = error as? RegressionError }
            XCTAssertNotNil(memory)
            XCTAssertEqual(streamed, memory, bad)
        }
    }

    func testCollinearColumnsAreNamed() throws {
        var text = "a,b,c,y\n"
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let a = Double(rng.next() % 1000) / 100, b = Double(rng.next() % 1000) / 100
            text += "\(a),\(b),\(a + b),\(rng.next() % 2)\n"
        }
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("collinear.csv")
        try Data(text.utf8).write(to: url)
        var streamed: RegressionError?, memory: RegressionError?
        do { _ = try outOfCore(url.path, target: "y") } catch { streamed = error as? RegressionError }
        do { _ = try inMemory(url.path, target: "y") } catch { memory = error as? RegressionError }
        guard case .rankDeficient(let aliases)? = streamed else { return XCTFail("expected rankDeficient, got \(String(describing: streamed))") }
        XCTAssertEqual(streamed, memory)
        XCTAssertTrue(aliases[0].hasPrefix("c = "), aliases[0])
    }
}

extension OutOfCoreTests {
    /// `--population-bad-rate` is the one option the out-of-core fit supports: the same intercept shift.
    func testPriorCorrectionMatchesInMemory() throws {
        var options = LogisticRegressionOptions()
        options.populationBadRate = 0.04
        let design = try StreamingDesign.build(cache: try ColumnarCache.build(path: Self.german, directory: NSTemporaryDirectory()),
                                               options: DesignOptions(target: "default"))
        let streamed = try StreamingLogisticRegression(options: options, chunkRows: 100).fit(design)
        let memoryDesign = try Design.build(from: try CSVReader.read(path: Self.german), options: DesignOptions(target: "default"))
        let memory = try LogisticRegression(options: options).fit(memoryDesign)
        XCTAssertNotNil(streamed.priorCorrection)
        XCTAssertEqual(streamed.priorCorrection?.populationBadRate, memory.priorCorrection?.populationBadRate)
        assertClose(streamed.coefficients, memory.coefficients, relative: Self.tolerance, "prior-corrected coef")
        // The shift itself is exact: log(0.04/0.96) − log(0.3/0.7) added to the intercept only.
        let (_, plain) = try outOfCore(Self.german, target: "default")
        assertClose(streamed.coefficients[0] - plain.coefficients[0], log(0.04 / 0.96) - log(0.3 / 0.7), relative: 1e-12, "shift")
    }
}
