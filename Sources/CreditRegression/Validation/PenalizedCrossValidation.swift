import Foundation
import CreditLinearAlgebra
import CreditTabular
import CreditSupport
/// k-fold cross-validation of a penalised path, choosing λ as `cv.glmnet` does with `type.measure = "deviance"`.
///
/// The λ sequence comes from the fit on all rows; each fold's model is fitted on its training rows at those λ
/// (standardised within the training rows) and predicts its test rows. Per fold, the error is the weighted mean
/// binomial deviance −2[y·ln p + (1 − y)·ln(1 − p)] of its test rows with p clipped to [1e-5, 1 − 1e-5]
/// (glmnet's clipping); `meanDeviance` is the mean over folds weighted by their test weight, `standardError` =
/// √(weighted mean of squared deviations / (K − 1)). `lambdaMin` is the largest λ with the smallest mean,
/// `lambdaOneStandardError` the largest λ whose mean is within one standard error of that minimum.
public struct PenalizedCrossValidation: Sendable, Codable, Equatable {
    public let path: PenalizedPath
    public let lambdas: [Double]
    public let meanDeviance: [Double]
    public let standardError: [Double]
    public let lambdaMin: Double
    public let lambdaOneStandardError: Double
    /// Out-of-fold predictions at `lambdaMin` and at `lambdaOneStandardError`, per fold.
    public let predictionsAtMin: [FoldPredictions]
    public let predictionsAtOneStandardError: [FoldPredictions]
    public let folds: Int

    /// Cross-validates on `folds` (from `Splits`; their row indices are design rows). Folds of several
    /// repetitions are pooled as in one K-fold run with K = folds.count.
    public init(design: Design, weights: [Double]? = nil, options: PenalizedOptions, folds: [Fold]) throws {
        guard design.coding.intercept else { throw RegressionError.invalidOption("penalised fits need an intercept") }
        guard folds.count >= 2 else { throw RegressionError.invalidOption("cross-validation needs at least 2 folds") }
        let model = PenalizedLogisticRegression(options: options)
        let full = try model.path(design, weights: weights)
        let lambdas = full.fits.map(\.lambda)
        var foldOptions = options
        foldOptions.lambdas = lambdas
        let names = design.terms.map(\.name)
        var raw: [[Double]] = []          // fold × λ
        var foldWeight: [Double] = []
        var probabilities: [[[Double]]] = []   // fold × λ × test row
        for fold in folds {
            let (train, test) = design.foldMatrices(fold)
            let ytrain = fold.training.map { design.y[$0] }
            let wtrain = weights.map { w in fold.training.map { w[$0] } }
            let path = try PenalizedLogisticRegression(options: foldOptions)
                .path(x: train, y: ytrain, weights: wtrain, termNames: names, interceptColumn: 0)
            let wtest = fold.test.map { weights?[$0] ?? 1 }
            let total = wtest.reduce(0, +)
            var errors: [Double] = []
            var perLambda: [[Double]] = []
            for fit in path.fits {
                let eta = test.multiply(fit.coefficients)
                var dev = 0.0
                var probs: [Double] = []
                for (a, r) in fold.test.enumerated() {
                    let p = min(max(Logistic.probability(logOdds: eta[a]), 1e-5), 1 - 1e-5)
                    probs.append(Logistic.probability(logOdds: eta[a]))
                    let yv = design.y[r]
                    dev += wtest[a] * -2 * (yv * log(p) + (1 - yv) * log(1 - p))
                }
                errors.append(dev / total)
                perLambda.append(probs)
            }
            raw.append(errors)
            foldWeight.append(total)
            probabilities.append(perLambda)
        }
        let wsum = foldWeight.reduce(0, +)
        let k = Double(folds.count)
        var means: [Double] = [], ses: [Double] = []
        for l in lambdas.indices {
            var m = 0.0
            for f in folds.indices { m += foldWeight[f] * raw[f][l] }
            m /= wsum
            var s = 0.0
            for f in folds.indices { s += foldWeight[f] * (raw[f][l] - m) * (raw[f][l] - m) }
            means.append(m)
            ses.append((s / wsum / (k - 1)).squareRoot())
        }
        let best = means.min() ?? .nan
        let minIndex = lambdas.indices.filter { means[$0] <= best }.max { lambdas[$0] < lambdas[$1] } ?? 0
        let limit = best + ses[minIndex]
        let oneSEIndex = lambdas.indices.filter { means[$0] <= limit }.max { lambdas[$0] < lambdas[$1] } ?? minIndex
        self.path = full
        self.lambdas = lambdas
        self.meanDeviance = means
        self.standardError = ses
        self.lambdaMin = lambdas[minIndex]
        self.lambdaOneStandardError = lambdas[oneSEIndex]
        self.predictionsAtMin = folds.indices.map {
            FoldPredictions(repetition: folds[$0].repetition, fold: folds[$0].fold, rows: folds[$0].test,
                            predictions: probabilities[$0][minIndex])
        }
        self.predictionsAtOneStandardError = folds.indices.map {
            FoldPredictions(repetition: folds[$0].repetition, fold: folds[$0].fold, rows: folds[$0].test,
                            predictions: probabilities[$0][oneSEIndex])
        }
        self.folds = folds.count
    }

    static func rows(_ x: Matrix, _ rows: [Int]) -> Matrix {
        var m = Matrix(rows: rows.count, columns: x.columns)
        for j in 0..<x.columns {
            let base = j * x.rows, out = j * rows.count
            for (i, r) in rows.enumerated() { m.elements[out + i] = x.elements[base + r] }
        }
        return m
    }
}
