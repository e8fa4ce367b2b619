import Foundation
import CreditLinearAlgebra
import CreditProbability
import CreditSupport
/// Marginal effects ∂π/∂xⱼ of a logistic regression with delta-method standard errors, as statsmodels
/// `LogitResults.get_margeff(method='dydx')`.
///
/// - `.average` (statsmodels `at='overall'`, the AME): βⱼ·mean(πᵢ(1 − πᵢ));
/// - `.atMeans` (`at='mean'`, the MEM): βⱼ·π̄(1 − π̄) with π̄ = σ(x̄'β).
///
/// Every term, indicators included, is treated as continuous (statsmodels' default `dummy=False`).
/// The delta-method covariance is J·Σ·J' with Σ the coefficient covariance and the analytic Jacobian
/// Jⱼₖ = mean[π(1 − π)·(δⱼₖ + βⱼ(1 − 2π)xₖ)] (statsmodels differentiates numerically by complex step,
/// which agrees to rounding). With frequency weights the means are weighted.
public struct MarginalEffects: Sendable, Codable, Equatable {
    public enum At: String, Sendable, Codable, CaseIterable { case average, atMeans }
    public let at: At
    public let termNames: [String]
    public let effects: [Double]
    public let standardErrors: [Double]
    public let zValues: [Double]
    public let pValues: [Double]

    /// Marginal effects of every non-intercept term of `result`, fitted on `x`.
    public init(result: LogisticRegressionResult, x: Matrix, interceptColumn: Int?, at: At, weights: [Double]? = nil) {
        let n = x.rows, p = x.columns
        let beta = result.coefficients
        let slopes = (0..<p).filter { $0 != interceptColumn }
        let total = weights.map { $0.reduce(0, +) } ?? Double(n)
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: p), count: slopes.count)
        var effects = [Double](repeating: 0, count: slopes.count)
        switch at {
        case .average:
            let eta = x.multiply(beta)
            // Σ f·π(1−π) and Σ f·π(1−π)(1−2π)·xₖ, column by column.
            var s = 0.0
            var d = [Double](repeating: 0, count: n)
            var derivative = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let pi = Logistic.probability(logOdds: eta[i]), f = weights?[i] ?? 1
                s += f * pi * (1 - pi)
                d[i] = f * pi * (1 - pi) * (1 - 2 * pi)
                derivative[i] = d[i]
            }
            let dx = x.transposeMultiply(derivative)   // Σ f·π(1−π)(1−2π)·xₖ
            for (a, j) in slopes.enumerated() {
                effects[a] = beta[j] * s / total
                for k in 0..<p { jacobian[a][k] = ((j == k ? s : 0) + beta[j] * dx[k]) / total }
            }
        case .atMeans:
            var means = [Double](repeating: 0, count: p)
            for k in 0..<p {
                let col = x.column(k)
                means[k] = (weights.map { w in zip(col, w).reduce(0) { $0 + $1.0 * $1.1 } } ?? col.reduce(0, +)) / total
            }
            let eta = zip(means, beta).reduce(0) { $0 + $1.0 * $1.1 }
            let pi = Logistic.probability(logOdds: eta), g = pi * (1 - pi)
            for (a, j) in slopes.enumerated() {
                effects[a] = beta[j] * g
                for k in 0..<p { jacobian[a][k] = g * ((j == k ? 1 : 0) + beta[j] * (1 - 2 * pi) * means[k]) }
            }
        }
        let sigma = result.covariance
        let se = jacobian.map { row -> Double in
            var v = 0.0
            for k in 0..<p { for l in 0..<p { v += row[k] * sigma[k][l] * row[l] } }
            return v.squareRoot()
        }
        self.at = at
        self.termNames = slopes.map { result.termNames[$0] }
        self.effects = effects
        self.standardErrors = se
        self.zValues = zip(effects, se).map { $0 / $1 }
        self.pValues = self.zValues.map { NormalDistribution.twoSidedPValue($0) }
    }
}
