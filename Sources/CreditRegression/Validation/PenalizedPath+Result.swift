import Foundation
import CreditLinearAlgebra
import CreditTabular
import CreditSupport
extension PenalizedPath {
    /// A `LogisticRegressionResult` for the fit at `index`, so a penalised model can be reported, saved and
    /// scored like any other. Standard errors, z, p, intervals and the covariance are NaN (shrunk estimates
    /// have no classical sampling distribution); the likelihoods, AIC and BIC are those of the penalised
    /// coefficients, with k = non-zero coefficients + 1; the result carries `.penalized(lambda:mix:)`.
    public func result(at index: Int, design: Design, weights: [Double]? = nil) -> LogisticRegressionResult {
        let fit = fits[index]
        let n = design.y.count, p = fit.coefficients.count
        let nd = weights.map { $0.reduce(0, +) } ?? Double(n)
        let bad = weights.map { w in zip(w, design.y).reduce(0) { $0 + $1.0 * $1.1 } } ?? design.y.reduce(0, +)
        let ybar = bad / nd
        let ll = -fit.deviance / 2
        let llNull = bad * log(ybar) + (nd - bad) * log(1 - ybar)
        let k = Double(fit.nonZero + 1)
        let nan = [Double](repeating: .nan, count: p)
        return LogisticRegressionResult(
            termNames: termNames, coefficients: fit.coefficients, standardErrors: nan, zValues: nan, pValues: nan,
            confidenceIntervals: nan.map { _ in ClosedRangeCodable(lower: .nan, upper: .nan) }, confidenceLevel: 0.95,
            covariance: [[Double]](repeating: nan, count: p), logLikelihood: ll, nullLogLikelihood: llNull,
            likelihoodRatioChiSquare: 2 * (ll - llNull), likelihoodRatioDegreesOfFreedom: fit.nonZero,
            likelihoodRatioPValue: .nan, pseudoRSquared: 1 - ll / llNull, aic: -2 * ll + 2 * k, bic: -2 * ll + k * log(nd),
            observations: n, events: Int(design.y.reduce(0, +)), iterations: fit.sweeps, converged: fit.converged,
            diagnostics: [.penalized(lambda: fit.lambda, mix: mix)] + (fit.converged ? [] : [.didNotConverge(iterations: fit.sweeps)]),
            weighting: weights.map { _ in WeightSummary(total: nd, badTotal: bad) },
            hosmerLemeshow: HosmerLemeshowTest(
                fitted: design.x.multiply(fit.coefficients).map { Logistic.probability(logOdds: $0) }, outcomes: design.y, weights: weights))
    }
}

/// Cross-validated predictions of a maximum-likelihood (or Firth) fit.
public enum CrossValidation {
    /// Fits `options`' model on each fold's training rows and predicts P(bad) for its test rows (the sample
    /// model: no prior correction; Firth fits skip the profile intervals).
    /// - Throws: the first fold's fitting error (e.g. separation in a small fold).
    public static func logistic(design: Design, weights: [Double]? = nil, options: LogisticRegressionOptions,
                                folds: [Fold]) throws -> [FoldPredictions] {
        var o = options
        o.profileLikelihood = false
        o.populationBadRate = nil
        let names = design.terms.map(\.name)
        let intercept = design.coding.intercept ? 0 : nil
        return try Splits.predictions(folds) { fold in
            let (x, test) = design.foldMatrices(fold)
            let y = fold.training.map { design.y[$0] }
            let w = weights.map { w in fold.training.map { w[$0] } }
            let r: LogisticRegressionResult
            if o.firth {
                r = try FirthLogisticRegression(options: o).solve(x: x, y: y, weights: w, termNames: names, interceptColumn: intercept)
            } else {
                if let w { try LogisticRegression.checkWeights(w, y: y) }
                r = try LogisticRegression(options: o).solve(x: x, y: y, termNames: names, interceptColumn: intercept,
                                                             checkCollinearity: true, weights: w)
            }
            let eta = test.multiply(r.coefficients)
            return eta.map { Logistic.probability(logOdds: $0) }
        }
    }
}
