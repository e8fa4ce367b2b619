import CreditLinearAlgebra

extension LogisticRegression {
    /// Fits the model to a design matrix with frequency weights, one per row.
    ///
    /// Row i counts as wᵢ identical observations in the likelihood ℓ(β) = Σ wᵢ·(yᵢηᵢ − log(1 + e^ηᵢ)), the score
    /// X'W(y − π) and the information X'·diag(wᵢπᵢ(1 − πᵢ))·X — the same Newton solver as `fit(_:weights:)`, for a
    /// caller that builds its own matrix (the WoE design of reject inference, `RejectInference`). A column of all
    /// ones is the intercept. Agrees with statsmodels `GLM(y, X, family=Binomial(), freq_weights=w).fit()`.
    /// - Parameters:
    ///   - x: n × p.
    ///   - y: n values, each 0 or 1.
    ///   - weights: n finite, non-negative weights; both classes need positive weight.
    ///   - termNames: p names.
    /// - Throws: `RegressionError.noUsableRows`, `.invalidWeights`, `.singleClass`, `.rankDeficient`,
    ///   `.perfectSeparation`.
    public func fit(x: Matrix, y: [Double], weights: [Double], termNames: [String]) throws -> LogisticRegressionResult {
        precondition(y.count == x.rows && weights.count == x.rows, "fit: \(y.count) outcomes, \(weights.count) weights for \(x.rows) rows")
        precondition(termNames.count == x.columns, "fit: \(termNames.count) names for \(x.columns) columns")
        precondition(y.allSatisfy { $0 == 0 || $0 == 1 }, "fit: outcomes must be 0 or 1")
        guard x.rows > 0 else { throw RegressionError.noUsableRows }
        try LogisticRegression.checkWeights(weights, y: y)
        let intercept = (0..<x.columns).first { j in (0..<x.rows).allSatisfy { x[$0, j] == 1 } }
        return try solve(x: x, y: y, termNames: termNames, interceptColumn: intercept, checkCollinearity: true,
                         weights: weights)
    }
}
