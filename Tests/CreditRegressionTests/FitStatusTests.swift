import CreditRegression
import CreditTabular
import TestSupport
import XCTest

/// `FitStatus`: how a fit ended, as whoever uses its estimates later must be told. The facts are those statsmodels
/// reports for the same data (`mle_retvals["converged"]`, the count of rows with a fitted P within 1e-10 of 1 in
/// the committed fixture); the iteration limit is the fitter's own setting.
final class FitStatusTests: XCTestCase {
    private func design(_ path: String, target: String) throws -> Design {
        try Design.build(from: try TestTables.readCSV(path), options: DesignOptions(target: target))
    }

    func testSoundFitHasNoFailure() throws {
        let result = try LogisticRegression().fit(try design(PackagePaths.path("datasets/german_credit.csv"), target: "default"))
        XCTAssertTrue(StatsmodelsFixtures.shared.german.converged)
        XCTAssertTrue(result.status.isSound)
        XCTAssertEqual(result.status.failures, [])
        XCTAssertNil(result.status.message)
        XCTAssertEqual(result.status.iterations, result.iterations)
    }

    func testQuasiSeparatedFitIsNotConvergedAndQuasiSeparated() throws {
        let e = StatsmodelsFixtures.shared.quasi
        XCTAssertFalse(e.converged, "statsmodels does not converge on this case either")
        let result = try LogisticRegression().fit(try design(StatsmodelsFixtures.fixture("quasi_separated.csv"), target: "y"))
        let status = result.status
        XCTAssertEqual(status.failures, [.notConverged, .quasiSeparated])
        XCTAssertEqual(status.quasiSeparatedRows, e.rows_g1)
        XCTAssertFalse(status.isSound)
        let message = try XCTUnwrap(status.message)
        XCTAssertTrue(message.hasPrefix("did not converge: quasi-separation, \(e.rows_g1!) rows predicted exactly"), message)
        XCTAssertTrue(message.hasSuffix("its coefficients and PDs are unreliable"), message)
    }

    func testIterationLimitIsItsOwnFailure() throws {
        var options = LogisticRegressionOptions()
        options.maxIterations = 2
        let result = try LogisticRegression(options: options).fit(try design(PackagePaths.path("datasets/german_credit.csv"), target: "default"))
        XCTAssertEqual(result.status.failures, [.notConverged, .iterationLimit])
        XCTAssertEqual(result.status.iterations, 2)
        XCTAssertNil(result.status.quasiSeparatedRows)
        XCTAssertEqual(result.status.message, "did not converge: stopped at the iteration limit (2 iterations); its coefficients and PDs are unreliable")
    }

    /// The JSON a report carries: failures by their snake-case names, the count of rows only when quasi-separated.
    func testJSONForm() throws {
        let status = FitStatus(converged: false, iterations: 25, diagnostics: [.quasiSeparation(rows: 12), .constantColumns(["k"])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(status), as: UTF8.self)
        XCTAssertEqual(text, #"{"converged":false,"failures":["not_converged","quasi_separated"],"iterations":25,"quasiSeparatedRows":12}"#)
        XCTAssertEqual(try JSONDecoder().decode(FitStatus.self, from: Data(text.utf8)), status)
    }

    /// Coordinate descent records whether it settled: a sweep limit of 1 stops it short (a failure that travels
    /// with the result like Newton's), the default converges.
    func testPenalizedFitRecordsConvergence() throws {
        let d = try design(StatsmodelsFixtures.fixture("synthetic.csv"), target: "bad")
        var o = PenalizedOptions(); o.mix = 1; o.lambdas = [0.01]
        let fit = try PenalizedLogisticRegression(options: o).path(d)
        XCTAssertTrue(fit.fits[0].converged)
        XCTAssertTrue(fit.result(at: 0, design: d).status.isSound)
        o.maxIterations = 1
        let short = try PenalizedLogisticRegression(options: o).path(d)
        XCTAssertFalse(short.fits[0].converged)
        XCTAssertEqual(short.fits[0].sweeps, 1)
        let result = short.result(at: 0, design: d)
        XCTAssertEqual(result.status.failures, [.notConverged, .iterationLimit])
    }
}
