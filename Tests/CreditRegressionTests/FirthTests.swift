import Foundation
import XCTest
import CreditTabular
import CreditRegression
import TestSupport

final class FirthTests: XCTestCase {
    private func sex2(_ options: LogisticRegressionOptions = LogisticRegressionOptions()) throws -> LogisticRegressionResult {
        let table = try TestTables.readCSV(PackagePaths.publishedData("sex2.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "case"))
        return try FirthLogisticRegression(options: options).fit(design)
    }

    /// logistf's own test values (8 decimals; notebooks-docs/definitions.md, §Published reference values) and
    /// firthmodels 0.8.2 run to 1e-10.
    func testSex2MatchesLogistfAndFirthmodels() throws {
        let r = try sex2()
        let e = FirthWeightsDiagnosticsFixtures.shared.firth_sex2
        XCTAssertEqual(r.termNames, e.terms)
        XCTAssertTrue(r.converged)
        XCTAssertEqual(r.diagnostics, [])
        assertClose(r.coefficients, e.logistf_published_params, absolute: 1e-6, "logistf published")
        assertClose(r.coefficients, e.params, absolute: 1e-8, "firthmodels")
        assertClose(r.standardErrors, e.bse, relative: 1e-6, "bse")
        let firth = try XCTUnwrap(r.firth)
        assertClose(firth.penalizedLogLikelihood, e.loglik, relative: 1e-10, "penalised loglik")
        let profile = try XCTUnwrap(firth.profileIntervals)
        assertClose(profile.map(\.lower), e.ci_lower, absolute: 1e-6, "profile lower")
        assertClose(profile.map(\.upper), e.ci_upper, absolute: 1e-6, "profile upper")
        assertClose(try XCTUnwrap(firth.likelihoodRatioPValues), e.lrt_pvalues, relative: 1e-4, "LR p")
        XCTAssertEqual(r.pValues, firth.likelihoodRatioPValues)
        XCTAssertEqual(r.confidenceIntervals, profile)
    }

    /// Property: the modified score (the gradient of ℓ + ½ log|I|) vanishes at the estimate, checked by
    /// central differences of the penalised log-likelihood computed here from scratch.
    func testPenalizedGradientIsZero() throws {
        let table = try TestTables.readCSV(PackagePaths.publishedData("sex2.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "case"))
        var o = LogisticRegressionOptions(); o.profileLikelihood = false
        let r = try FirthLogisticRegression(options: o).fit(design)
        func pll(_ b: [Double]) -> Double {
            let x = design.x, n = x.rows, p = x.columns
            var ll = 0.0
            var info = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for i in 0..<n {
                var eta = 0.0
                for j in 0..<p { eta += x[i, j] * b[j] }
                let pi = 1 / (1 + exp(-eta))
                ll += design.y[i] * log(pi) + (1 - design.y[i]) * log(1 - pi)
                for j in 0..<p { for k in 0..<p { info[j][k] += pi * (1 - pi) * x[i, j] * x[i, k] } }
            }
            // log det by Gaussian elimination (no pivoting needed: positive definite).
            var logdet = 0.0
            for c in 0..<p {
                logdet += log(info[c][c])
                for r2 in (c + 1)..<max(p, c + 1) {
                    let f = info[r2][c] / info[c][c]
                    for k in c..<p { info[r2][k] -= f * info[c][k] }
                }
            }
            return ll + 0.5 * logdet
        }
        for j in r.coefficients.indices {
            var up = r.coefficients, down = r.coefficients
            up[j] += 1e-5; down[j] -= 1e-5
            XCTAssertLessThan(abs(pll(up) - pll(down)) / 2e-5, 1e-6, r.termNames[j])
        }
    }

    /// Integer frequency weights give the same Firth fit as repeating the rows.
    func testWeightsEqualRepeatedRows() throws {
        let table = try TestTables.readCSV(PackagePaths.publishedData("sex2.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "case"))
        let w = (0..<design.y.count).map { Double($0 % 3) }
        var o = LogisticRegressionOptions(); o.profileLikelihood = false
        let weighted = try FirthLogisticRegression(options: o).fit(design, weights: w)
        var rows: [Int] = []
        for i in w.indices { for _ in 0..<Int(w[i]) { rows.append(i) } }
        var x = LinearAlgebraShim.rows(design.x, rows)
        let repeated = try LogisticRegression(options: { var q = o; q.firth = true; return q }())
            .fit(x: x, y: rows.map { design.y[$0] }, termNames: design.terms.map(\.name))
        x = design.x
        assertClose(weighted.coefficients, repeated.coefficients, relative: 1e-9, absolute: 1e-12)
        assertClose(weighted.coefficients, FirthWeightsDiagnosticsFixtures.shared.firth_sex2_weighted.params, absolute: 1e-8, "firthmodels sample_weight")
        assertClose(weighted.standardErrors, repeated.standardErrors, relative: 1e-9)
    }

    /// Separation no longer blocks a fit: the perfectly separated fixture gets finite estimates.
    func testFiniteUnderCompleteSeparation() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("perfectly_separated.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "y"))
        let r = try FirthLogisticRegression().fit(design)
        XCTAssertTrue(r.coefficients.allSatisfy { $0.isFinite })
        XCTAssertTrue(r.converged)
        XCTAssertGreaterThan(r.coefficients[1], 0)
    }
}
