import Foundation
import XCTest
import CreditTabular
import CreditLinearAlgebra
import CreditRegression
import TestSupport

final class LogisticRegressionReferenceTests: XCTestCase {
    private func fitTable(_ table: Table, target: String) throws -> (Design, LogisticRegressionResult) {
        let design = try Design.build(from: table, options: DesignOptions(target: target))
        return (design, try LogisticRegression().fit(design))
    }

    private func assertMatches(_ r: LogisticRegressionResult, _ e: StatsmodelsFixtures.Fit,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.termNames, e.terms, file: file, line: line)
        assertClose(r.coefficients, e.params, relative: Tolerance.reference, "params", file: file, line: line)
        assertClose(r.standardErrors, e.bse, relative: Tolerance.reference, "bse", file: file, line: line)
        assertClose(r.zValues, e.tvalues, relative: Tolerance.reference, "z", file: file, line: line)
        assertClose(r.pValues, e.pvalues, relative: 1e-5, absolute: 1e-300, "p", file: file, line: line)
        assertClose(r.confidenceIntervals.map(\.lower), e.conf_int_lower, relative: Tolerance.reference,
                    absolute: 1e-9, "ci lower", file: file, line: line)
        assertClose(r.confidenceIntervals.map(\.upper), e.conf_int_upper, relative: Tolerance.reference,
                    absolute: 1e-9, "ci upper", file: file, line: line)
        assertClose(r.logLikelihood, e.llf, relative: 1e-8, "llf", file: file, line: line)
        assertClose(r.nullLogLikelihood, e.llnull, relative: 1e-8, "llnull", file: file, line: line)
        assertClose(r.likelihoodRatioChiSquare, e.llr, relative: 1e-8, "llr", file: file, line: line)
        assertClose(r.likelihoodRatioPValue, e.llr_pvalue, relative: 1e-6, absolute: 1e-300, "llr_pvalue", file: file, line: line)
        XCTAssertEqual(Double(r.likelihoodRatioDegreesOfFreedom), e.df_model, file: file, line: line)
        assertClose(r.pseudoRSquared, e.prsquared, relative: 1e-8, "prsquared", file: file, line: line)
        assertClose(r.aic, e.aic, relative: 1e-8, "aic", file: file, line: line)
        assertClose(r.bic, e.bic, relative: 1e-8, "bic", file: file, line: line)
        XCTAssertEqual(Double(r.observations), e.nobs, file: file, line: line)
        XCTAssertTrue(r.converged, file: file, line: line)
        XCTAssertEqual(r.diagnostics, [], file: file, line: line)
    }

    func testGermanCreditMatchesStatsmodels() throws {
        let table = try TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv"))
        XCTAssertEqual(table.rowCount, 1000)
        let (design, result) = try fitTable(table, target: "default")
        XCTAssertEqual(design.dropped, [])
        XCTAssertEqual(result.events, 300)
        assertMatches(result, StatsmodelsFixtures.shared.german)
    }

    func testSyntheticMatchesStatsmodelsAndRecoversTruth() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        let (_, result) = try fitTable(table, target: "bad")
        let e = StatsmodelsFixtures.shared.synthetic
        assertMatches(result, e)
        // Code-point level order (as pandas): "Zebra" < "Zürich" < "apple", so Zebra is the reference.
        XCTAssertEqual(result.termNames.filter { $0.hasPrefix("region=") }, ["region=Zürich", "region=apple"])
        for (name, truth) in e.true_params! {
            let j = try XCTUnwrap(result.termNames.firstIndex(of: name))
            XCTAssertLessThan(abs(result.coefficients[j] - truth), 4 * result.standardErrors[j], name)
        }
    }

    /// Property: the score X'(y − π) vanishes at the estimate (checked with a plain loop, not the solver's BLAS).
    func testGradientIsZeroAtTheOptimum() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        let (design, result) = try fitTable(table, target: "bad")
        let x = design.x, n = x.rows
        for j in 0..<x.columns {
            var g = 0.0, ss = 0.0
            for i in 0..<n {
                var eta = 0.0
                for k in 0..<x.columns { eta += x[i, k] * result.coefficients[k] }
                g += (design.y[i] - 1 / (1 + exp(-eta))) * x[i, j]
                ss += x[i, j] * x[i, j]
            }
            XCTAssertLessThan(abs(g) / (Double(n) * (ss / Double(n)).squareRoot()), 1e-10, design.terms[j].name)
        }
    }

    func testQuasiSeparationIsFlaggedAndNotCalledConverged() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("quasi_separated.csv"))
        let e = StatsmodelsFixtures.shared.quasi
        XCTAssertFalse(e.converged, "statsmodels does not converge on this case either")
        let (_, result) = try fitTable(table, target: "y")
        XCTAssertFalse(result.converged)
        XCTAssertEqual(result.diagnostics, [.quasiSeparation(rows: e.rows_g1!)])
        XCTAssertTrue(result.diagnostics[0].message.contains("Firth's penalised likelihood"))
        // The non-separated coefficient is still estimated as statsmodels does.
        assertClose(result.coefficients[1], e.params[1], relative: 1e-4, "x")
    }

    func testPerfectSeparationThrows() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("perfectly_separated.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "y"))
        XCTAssertThrowsError(try LogisticRegression().fit(design)) { error in
            XCTAssertEqual(error as? RegressionError, .perfectSeparation(terms: ["x"]))
            XCTAssertTrue("\(error)".contains("leave the offending predictor out"), "\(error)")
        }
    }

    /// logistf's sex2: every dia = 1 row is a case, so plain ML has no finite estimate for dia.
    func testSex2QuasiSeparation() throws {
        let table = try TestTables.readCSV(PackagePaths.publishedData("sex2.csv"))
        let (design, result) = try fitTable(table, target: "case")
        XCTAssertEqual(design.x.rows, 239)
        XCTAssertFalse(result.converged)
        guard case .quasiSeparation(let rows)? = result.diagnostics.first else {
            return XCTFail("expected quasi-separation, got \(result.diagnostics)")
        }
        XCTAssertGreaterThanOrEqual(rows, 7)
        let dia = try XCTUnwrap(result.termNames.firstIndex(of: "dia"))
        XCTAssertGreaterThan(result.coefficients[dia], 10)
    }

    func testIterationLimitGivesDidNotConverge() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "bad"))
        var options = LogisticRegressionOptions()
        options.maxIterations = 1
        let result = try LogisticRegression(options: options).fit(design)
        XCTAssertFalse(result.converged)
        XCTAssertEqual(result.iterations, 1)
        XCTAssertEqual(result.diagnostics, [.didNotConverge(iterations: 1)])
    }

    func testConfidenceLevelAndCodableRoundTrip() throws {
        let table = try TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "default"))
        var options = LogisticRegressionOptions()
        options.confidenceLevel = 0.90
        let result = try LogisticRegression(options: options).fit(design)
        let e = StatsmodelsFixtures.shared.german
        // 90% Wald interval: β ± 1.6448536269514722·SE (z from scipy.stats.norm.ppf(0.95)).
        for j in result.coefficients.indices {
            assertClose(result.confidenceIntervals[j].upper, e.params[j] + 1.6448536269514722 * e.bse[j],
                        relative: 1e-6, absolute: 1e-8)
        }
        let decoded = try JSONDecoder().decode(LogisticRegressionResult.self, from: JSONEncoder().encode(result))
        XCTAssertEqual(decoded, result)
        // Scoring an encoded training row reproduces the fitted probability.
        var values: [Double] = []
        let bound = try BoundDesign(coding: design.coding, table: table)
        XCTAssertNil(bound.encode(row: 0, into: &values))
        XCTAssertEqual(values, design.x.row(0))
        let eta = zip(values, result.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        assertClose(result.probability(values), 1 / (1 + exp(-eta)), relative: 1e-14)
    }

    func testFitOnMatrixDetectsInterceptAndRankDeficiency() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "bad"))
        let direct = try LogisticRegression().fit(x: design.x, y: design.y, termNames: design.terms.map(\.name))
        let viaDesign = try LogisticRegression().fit(design)
        assertClose(direct.coefficients, viaDesign.coefficients, relative: 1e-12)
        XCTAssertEqual(direct.likelihoodRatioDegreesOfFreedom, viaDesign.likelihoodRatioDegreesOfFreedom)

        var x = Matrix(rows: 6, columns: 3)
        let a: [Double] = [1, 2, 3, 4, 5, 6], b: [Double] = [0, 1, 0, 1, 1, 0]
        x.setColumn(0, to: [1, 1, 1, 1, 1, 1]); x.setColumn(1, to: a); x.setColumn(2, to: a.map { 2 * $0 })
        XCTAssertThrowsError(try LogisticRegression().fit(x: x, y: b, termNames: ["const", "a", "a2"])) { error in
            XCTAssertEqual(error as? RegressionError, .rankDeficient(aliases: ["a2 = 2·a"]))
        }
    }
}
