import Foundation
import XCTest
import CreditTabular
import CreditRegression
import TestSupport

final class WeightsTests: XCTestCase {
    private func weightedDesign() throws -> (Table, Design, [Double]) {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("weighted.csv"))
        var o = DesignOptions(target: "bad"); o.exclude = ["w"]
        let design = try Design.build(from: table, options: o)
        return (table, design, try design.weights(from: table, column: "w"))
    }

    /// statsmodels GLM(Binomial, freq_weights): params, bse, llf, null llf, AIC and BIC on Σw observations.
    func testMatchesStatsmodelsFreqWeights() throws {
        let (_, design, w) = try weightedDesign()
        let r = try LogisticRegression().fit(design, weights: w)
        let e = FirthWeightsDiagnosticsFixtures.shared.weighted
        XCTAssertEqual(r.termNames, e.terms)
        assertClose(r.coefficients, e.params, relative: Tolerance.reference, absolute: 1e-10, "params")
        assertClose(r.standardErrors, e.bse, relative: Tolerance.reference, "bse")
        assertClose(r.logLikelihood, e.llf, relative: 1e-10, "llf")
        assertClose(r.nullLogLikelihood, e.llnull, relative: 1e-10, "llnull")
        assertClose(r.aic, e.aic, relative: 1e-10, "aic")
        assertClose(r.bic, e.bic_llf, relative: 1e-10, "bic")
        XCTAssertEqual(r.weighting?.total, e.wnobs, "statsmodels wnobs = Σw (its nobs stays the row count)")
        XCTAssertEqual(Double(r.observations), e.nobs)
        XCTAssertTrue(r.converged)
    }

    /// Integer weights = repeated rows (statsmodels Logit on the expanded data); weight-0.5 and 0 rows dropped.
    func testIntegerWeightsEqualRepeatedRows() throws {
        let (_, design, w) = try weightedDesign()
        let integer = w.map { $0 == 0.5 ? 0 : $0 }
        let r = try LogisticRegression().fit(design, weights: integer)
        let e = FirthWeightsDiagnosticsFixtures.shared.repeated
        assertClose(r.coefficients, e.params, relative: Tolerance.reference, absolute: 1e-10)
        assertClose(r.standardErrors, e.bse, relative: Tolerance.reference)
        assertClose(r.logLikelihood, e.llf, relative: 1e-10)
    }

    func testRejectsNegativeNaNAndInfiniteWeights() throws {
        let (table, design, w) = try weightedDesign()
        for bad in [-1.0, .nan, .infinity] {
            var v = w; v[3] = bad
            XCTAssertThrowsError(try LogisticRegression().fit(design, weights: v)) { error in
                guard case .invalidWeights(row: 3, _)? = error as? RegressionError else { return XCTFail("\(error)") }
            }
        }
        XCTAssertThrowsError(try design.weights(from: table, column: "x1")) { error in
            guard case .invalidWeightValue(column: "x1", _, _)? = error as? RegressionError else { return XCTFail("\(error)") }
        }
        let zeroBad = zip(w, design.y).map { $1 == 1 ? 0 : $0 }
        XCTAssertThrowsError(try LogisticRegression().fit(design, weights: zeroBad))
    }

    /// King & Zeng prior correction, by algebra: an intercept-only model corrects to exactly logit(τ); with
    /// predictors only the intercept moves, by ln[(τ/(1−τ))·((1−ȳ)/ȳ)].
    func testPriorCorrectionIdentities() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        var onlyIntercept = DesignOptions(target: "bad")
        onlyIntercept.exclude = ["x1", "grade", "x2", "region", "x3"]
        var o = LogisticRegressionOptions(); o.populationBadRate = 0.04
        let r0 = try LogisticRegression(options: o).fit(try Design.build(from: table, options: onlyIntercept))
        assertClose(r0.coefficients[0], log(0.04 / 0.96), relative: 1e-12)

        let design = try Design.build(from: table, options: DesignOptions(target: "bad"))
        let plain = try LogisticRegression().fit(design)
        let corrected = try LogisticRegression(options: o).fit(design)
        let ybar = Double(plain.events) / Double(plain.observations)
        assertClose(corrected.coefficients[0] - plain.coefficients[0], log(0.04 / 0.96) + log((1 - ybar) / ybar), relative: 1e-12)
        XCTAssertEqual(Array(corrected.coefficients.dropFirst()), Array(plain.coefficients.dropFirst()))
        XCTAssertEqual(corrected.standardErrors, plain.standardErrors)
        XCTAssertEqual(corrected.priorCorrection?.sampleBadRate, ybar)
        for bad in [0.0, 1.0, -0.1, .nan] {
            var q = LogisticRegressionOptions(); q.populationBadRate = bad
            XCTAssertThrowsError(try LogisticRegression(options: q).fit(design))
        }
    }

    /// Hosmer–Lemeshow on German credit vs a pandas.cut reimplementation of ResourceSelection's grouping.
    func testHosmerLemeshowGerman() throws {
        let table = try TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv"))
        let r = try LogisticRegression().fit(try Design.build(from: table, options: DesignOptions(target: "default")))
        let hl = try XCTUnwrap(r.hosmerLemeshow)
        let e = FirthWeightsDiagnosticsFixtures.shared.hosmer_lemeshow_german
        XCTAssertEqual(hl.groups.map { Int($0.count) }, e.counts)
        XCTAssertEqual(hl.groups.map(\.observedBad), e.observed)
        XCTAssertEqual(hl.degreesOfFreedom, e.df)
        assertClose(hl.chiSquare, e.chi2, relative: 1e-9)
        assertClose(hl.pValue, e.p, relative: 1e-8)
    }
}
