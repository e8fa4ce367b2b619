import Foundation
import XCTest
import CreditTabular
import CreditRegression
import CreditLinearAlgebra
import CreditProbability
import TestSupport

/// `LogisticRegressionRequest` drives the estimators the way `credit train` does: these tests run the reference
/// checks of the estimator tests (statsmodels, logistf/firthmodels, glmnet, R step, numpy) through the request.
final class LogisticRegressionRequestTests: XCTestCase {
    static let german = try! TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv"))
    static let synthetic = try! TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
    static let weighted = try! TestTables.readCSV(StatsmodelsFixtures.fixture("weighted.csv"))

    /// statsmodels Logit on German credit: the plain request is the maximum-likelihood fit, nothing else.
    func testPlainRequestMatchesStatsmodels() throws {
        let outcome = try LogisticRegressionRequest(target: "default").run(on: Self.german)
        let e = StatsmodelsFixtures.shared.german
        XCTAssertEqual(outcome.result.termNames, e.terms)
        assertClose(outcome.result.coefficients, e.params, relative: Tolerance.reference, "params")
        assertClose(outcome.result.standardErrors, e.bse, relative: Tolerance.reference, "bse")
        assertClose(outcome.result.logLikelihood, e.llf, relative: 1e-8, "llf")
        XCTAssertEqual(outcome.rowsInFile, 1000)
        XCTAssertEqual(outcome.target, "default")
        XCTAssertEqual(outcome.bad, "1")
        XCTAssertNil(outcome.selection)
        XCTAssertNil(outcome.penalizedPath)
        XCTAssertNil(outcome.penalizedCrossValidation)
        XCTAssertNil(outcome.outOfFoldPredictions)
        XCTAssertNil(outcome.outOfFoldPredictionsCSV())
        XCTAssertNil(outcome.collinearity)
        XCTAssertNil(outcome.marginalEffects)
    }

    /// statsmodels GLM(Binomial, freq_weights=w): the weight column is read as weights and is no predictor.
    func testWeightColumnMatchesStatsmodelsFreqWeights() throws {
        var request = LogisticRegressionRequest(target: "bad")
        request.weightColumn = "w"
        let outcome = try request.run(on: Self.weighted)
        let e = FirthWeightsDiagnosticsFixtures.shared.weighted
        XCTAssertEqual(outcome.result.termNames, e.terms, "w is not a predictor")
        assertClose(outcome.result.coefficients, e.params, relative: Tolerance.reference, absolute: 1e-10, "params")
        assertClose(outcome.result.standardErrors, e.bse, relative: Tolerance.reference, "bse")
        assertClose(outcome.result.aic, e.aic, relative: 1e-10, "aic")
        XCTAssertEqual(outcome.result.weighting?.total, e.wnobs)
        XCTAssertEqual(outcome.weightColumn, "w")
        XCTAssertEqual(outcome.weights?.count, outcome.design.y.count)
    }

    /// logistf's published sex2 estimates and profile intervals (firthmodels to 1e-10).
    func testFirthMatchesLogistf() throws {
        let table = try TestTables.readCSV(PackagePaths.publishedData("sex2.csv"))
        var request = LogisticRegressionRequest(target: "case")
        request.fit.firth = true
        let r = try request.run(on: table).result
        let e = FirthWeightsDiagnosticsFixtures.shared.firth_sex2
        assertClose(r.coefficients, e.logistf_published_params, absolute: 1e-6, "logistf published")
        let profile = try XCTUnwrap(r.firth?.profileIntervals)
        assertClose(profile.map(\.lower), e.ci_lower, absolute: 1e-6, "profile lower")
        assertClose(profile.map(\.upper), e.ci_upper, absolute: 1e-6, "profile upper")

        request.fit.profileLikelihood = false
        let wald = try request.run(on: table).result
        XCTAssertNil(wald.firth?.profileIntervals, "no profile likelihood when not asked")
        assertClose(wald.coefficients, e.params, absolute: 1e-8, "same estimates")
    }

    /// glmnet at fixed λ (α = 0.5): the request keeps the whole path and reports the fit at the smallest λ.
    func testPenalizedPathMatchesGlmnetAndKeepsTheSmallestLambda() throws {
        let e = GlmnetStepFixtures.shared
        var request = LogisticRegressionRequest(target: "bad")
        var penalty = PenalizedOptions(); penalty.mix = 0.5; penalty.lambdas = e.lambdas
        request.penalty = penalty
        let outcome = try request.run(on: Self.synthetic)
        let path = try XCTUnwrap(outcome.penalizedPath)
        for (k, fit) in path.fits.enumerated() {
            assertClose(fit.coefficients, e.alpha_0_5[k], absolute: 1e-6, "λ \(fit.lambda)")
        }
        XCTAssertEqual(e.lambdas.min(), e.lambdas.last, "the fixture's λ run from large to small")
        assertClose(outcome.result.coefficients, e.alpha_0_5.last!, absolute: 1e-6, "the reported fit is at the smallest λ")
        XCTAssertEqual(outcome.result.diagnostics, [.penalized(lambda: e.lambdas.last!, mix: 0.5)])
        XCTAssertNil(outcome.marginalEffects, "no marginal effects of shrunk coefficients")
    }

    /// With cross-validation the request keeps the λ of the rule, and prior correction shifts only the
    /// intercept, by ln[(τ/(1 − τ))·((1 − ȳ)/ȳ)] (King & Zeng 2001, eq. 8).
    func testPenalizedCrossValidationKeepsTheRuleAndPriorCorrects() throws {
        var request = LogisticRegressionRequest(target: "bad")
        var penalty = PenalizedOptions(); penalty.lambdaCount = 8
        request.penalty = penalty
        request.crossValidation = CrossValidationPlan(folds: 4, seed: 5)
        for rule in LambdaRule.allCases {
            request.lambdaRule = rule
            let outcome = try request.run(on: Self.synthetic)
            let cv = try XCTUnwrap(outcome.penalizedCrossValidation)
            let keep = rule == .min ? cv.lambdaMin : cv.lambdaOneStandardError
            XCTAssertEqual(outcome.result.diagnostics, [.penalized(lambda: keep, mix: 1)], "\(rule)")
            XCTAssertEqual(outcome.result.coefficients, cv.path.fits[cv.lambdas.firstIndex(of: keep)!].coefficients)
            XCTAssertEqual(outcome.outOfFoldPredictions, rule == .min ? cv.predictionsAtMin : cv.predictionsAtOneStandardError)
            XCTAssertNil(outcome.penalizedPath)
        }

        let plain = try request.run(on: Self.synthetic).result
        request.fit.populationBadRate = 0.04
        let corrected = try request.run(on: Self.synthetic).result
        let ybar = Double(plain.events) / Double(plain.observations)
        assertClose(corrected.coefficients[0] - plain.coefficients[0], log(0.04 / 0.96) + log((1 - ybar) / ybar), relative: 1e-12)
        XCTAssertEqual(Array(corrected.coefficients.dropFirst()), Array(plain.coefficients.dropFirst()))
        XCTAssertEqual(corrected.priorCorrection?.populationBadRate, 0.04)
    }

    /// A population bad rate outside (0, 1) is a structured error (no option name in the library's message).
    func testInvalidPopulationBadRateIsAStructuredError() throws {
        for rate in [0.0, 1.0, -0.1, .nan] {
            var request = LogisticRegressionRequest(target: "bad")
            request.fit.populationBadRate = rate
            XCTAssertThrowsError(try request.run(on: Self.synthetic)) { error in
                guard case .invalidPopulationBadRate(let r)? = error as? RegressionError else { return XCTFail("\(error)") }
                XCTAssertTrue(r.isNaN ? rate.isNaN : r == rate)
                XCTAssertFalse("\(error)".contains("--"), "\(error)")
            }
        }
    }

    /// R step(glm(default ~ .), direction = "both") from the full model: the request's selection path, and the
    /// refit on the selected predictors is R's final model (its AIC).
    func testSelectionMatchesRStepAndRefitsTheSelectedModel() throws {
        var request = LogisticRegressionRequest(target: "default")
        var selection = SelectionOptions(); selection.direction = .stepwise; selection.startFromFull = true
        request.selection = selection
        let outcome = try request.run(on: Self.german)
        let e = GlmnetStepFixtures.shared
        let s = try XCTUnwrap(outcome.selection)
        XCTAssertEqual(s.steps.map { ($0.action == .add ? "+ " : "- ") + $0.predictor }, Array(e.step_both_steps.dropFirst()))
        XCTAssertEqual(Set(s.selected), Set(e.step_both_terms))
        XCTAssertEqual(Set(outcome.design.coding.predictors.map(\.name)), Set(e.step_both_terms), "the design holds only the selected")
        assertClose(outcome.result.aic, e.step_both_aic.last!, relative: 1e-9, "refit AIC = R's final AIC")
    }

    /// A selection whose first model cannot be fitted is a structured error.
    func testUnfittableSelectionStartIsAStructuredError() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("perfectly_separated.csv"))
        var request = LogisticRegressionRequest(target: "y")
        var selection = SelectionOptions(); selection.direction = .backward
        request.selection = selection
        XCTAssertThrowsError(try request.run(on: table)) { error in
            XCTAssertEqual(error as? RegressionError, .selectionStartNotFittable)
        }
    }

    /// statsmodels variance_inflation_factor, numpy cond and corrcoef, statsmodels get_margeff (overall, mean),
    /// asked for through the request.
    func testCollinearityAndMarginalEffectsMatchStatsmodels() throws {
        var request = LogisticRegressionRequest(target: "bad")
        request.collinearity = true
        request.marginalEffects = [.average, .atMeans]
        let outcome = try request.run(on: Self.synthetic)
        let e = FirthWeightsDiagnosticsFixtures.shared.diagnostics
        let d = try XCTUnwrap(outcome.collinearity)
        assertClose(d.varianceInflation, e.vif, relative: 1e-9, "vif")
        assertClose(d.conditionNumber, e.condition_number_unit_length, relative: 1e-9, "cond")
        let effects = try XCTUnwrap(outcome.marginalEffects)
        XCTAssertEqual(effects.map(\.at), [.average, .atMeans])
        assertClose(effects[0].effects, e.margeff_overall, relative: 1e-6, absolute: 1e-12, "AME")
        assertClose(effects[0].standardErrors, e.margeff_overall_se, relative: 1e-6, "AME se")
        assertClose(effects[1].effects, e.margeff_mean, relative: 1e-6, absolute: 1e-12, "MEM")
        assertClose(effects[1].standardErrors, e.margeff_mean_se, relative: 1e-6, "MEM se")

        request.marginalEffects = [.atMeans]
        XCTAssertEqual(try request.run(on: Self.synthetic).marginalEffects?.map(\.at), [.atMeans])
    }

    /// Out-of-fold predictions of the maximum-likelihood fit: every design row is predicted once per repetition,
    /// by the model fitted on its fold's training rows (refitted here from the rows alone).
    func testCrossValidatedPredictionsComeFromEachFoldsTrainingRows() throws {
        var request = LogisticRegressionRequest(target: "default")
        request.crossValidation = CrossValidationPlan(folds: 3, repetitions: 2, seed: 9)
        let outcome = try request.run(on: Self.german)
        let predictions = try XCTUnwrap(outcome.outOfFoldPredictions)
        XCTAssertEqual(predictions.count, 6)
        for r in 0..<2 {
            XCTAssertEqual(predictions.filter { $0.repetition == r }.flatMap(\.rows).sorted(), Array(0..<1000))
        }
        let folds = request.crossValidation!.splits(classes: outcome.design.y.map { $0 == 1 })
        let fold = folds[4], p = predictions[4]
        XCTAssertEqual(p.rows, fold.test)
        let x = LinearAlgebraShim.rows(outcome.design.x, fold.training)
        let fit = try LogisticRegression().fit(x: x, y: fold.training.map { outcome.design.y[$0] },
                                               termNames: outcome.design.terms.map(\.name))
        let eta = LinearAlgebraShim.rows(outcome.design.x, fold.test).multiply(fit.coefficients)
        assertClose(p.predictions, eta.map { 1 / (1 + exp(-$0)) }, relative: 1e-9, "fold 2 of repetition 2")
    }

    /// The out-of-fold CSV: a header, one line per test row in fold order, the 1-based data row and its source
    /// line (the data row + 1 in a file without blank lines), 1-based repetition and fold, the target coded 1/0.
    func testOutOfFoldPredictionsCSV() throws {
        var request = LogisticRegressionRequest(target: "bad")
        request.crossValidation = CrossValidationPlan(folds: 2, repetitions: 3, seed: 1)
        let outcome = try request.run(on: Self.synthetic)
        let lines = try XCTUnwrap(outcome.outOfFoldPredictionsCSV()).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "row,line,repetition,fold,target,pd")
        XCTAssertEqual(lines.count, 1 + 3 * outcome.design.y.count)
        let first = try XCTUnwrap(outcome.outOfFoldPredictions?.first)
        let fields = lines[1].split(separator: ",").map(String.init)
        let row = outcome.design.rows[first.rows[0]]
        XCTAssertEqual(fields[0], "\(row + 1)")
        XCTAssertEqual(fields[1], "\(row + 2)")
        XCTAssertEqual(fields[2...3], ["1", "1"])
        XCTAssertEqual(fields[4], "\(Int(outcome.design.y[first.rows[0]]))")
        XCTAssertEqual(Double(fields[5]), first.predictions[0], "round-trip form")
        XCTAssertEqual(Set(lines.dropFirst().map { $0.split(separator: ",")[2] }), ["1", "2", "3"])
    }
}

final class CrossValidationPlanTests: XCTestCase {
    /// One repetition is a stratified k-fold with the plan's seed; k = 2 repeated is N×2; other k repeated take
    /// their seeds from a SplitMix64 stream.
    func testPlanMatchesSplits() {
        let classes = (0..<50).map { $0 % 3 == 0 }
        XCTAssertEqual(CrossValidationPlan(folds: 5, seed: 4).splits(classes: classes),
                       Splits.stratifiedKFold(classes: classes, folds: 5, seed: 4))
        XCTAssertEqual(CrossValidationPlan(folds: 2, repetitions: 5, seed: 4).splits(classes: classes),
                       Splits.repeatedTwoFold(classes: classes, repetitions: 5, seed: 4))
        var seeds = SplitMix64(seed: 4)
        let a = seeds.next(), b = seeds.next()
        XCTAssertEqual(CrossValidationPlan(folds: 3, repetitions: 2, seed: 4).splits(classes: classes),
                       Splits.stratifiedKFold(classes: classes, folds: 3, seed: a, repetition: 0)
                           + Splits.stratifiedKFold(classes: classes, folds: 3, seed: b, repetition: 1))
        XCTAssertEqual(CrossValidationPlan(folds: 10).splits(classes: [true, false, true]).count, 3, "at most one fold per row")
    }

    func testLambdaRuleReadsTheCrossValidation() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "bad"))
        var o = PenalizedOptions(); o.lambdaCount = 6
        let cv = try PenalizedCrossValidation(design: design, options: o, folds: Splits.stratifiedKFold(classes: design.y.map { $0 == 1 }, folds: 3, seed: 2))
        XCTAssertEqual(cv.lambda(by: .min), cv.lambdaMin)
        XCTAssertEqual(cv.lambda(by: .oneStandardError), cv.lambdaOneStandardError)
        XCTAssertEqual(cv.lambdas[cv.index(by: .min)], cv.lambdaMin)
        XCTAssertEqual(cv.predictions(by: .oneStandardError), cv.predictionsAtOneStandardError)
        XCTAssertEqual(LambdaRule(rawValue: "1se"), .oneStandardError, "glmnet's name")
    }
}
