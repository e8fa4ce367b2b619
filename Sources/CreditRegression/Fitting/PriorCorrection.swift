import Foundation
import CreditProbability
/// Prior correction of the intercept for a sample whose bad rate differs from the population's
/// (oversampled bads): King & Zeng 2001, "Logistic Regression in Rare Events Data", Political Analysis
/// 9:137–163, doi:10.1093/oxfordjournals.pan.a004868, eq. (8).
///
///     β₀(corrected) = β₀ − ln[((1 − τ)/τ)·(ȳ/(1 − ȳ))] = β₀ + ln[(τ/(1 − τ))·((1 − ȳ)/ȳ)]
///
/// with τ the population bad rate and ȳ the (weighted) sample bad rate. The slopes, their standard errors and
/// the likelihoods are those of the sample fit; only the intercept (and its interval, z and p) moves.
/// Identity: an intercept-only model corrects to exactly logit(τ).
public struct PriorCorrection: Sendable, Codable, Equatable {
    /// τ.
    public let populationBadRate: Double
    /// ȳ.
    public let sampleBadRate: Double
    /// ln[(τ/(1 − τ))·((1 − ȳ)/ȳ)], added to the intercept.
    public let interceptShift: Double

    public init(populationBadRate: Double, sampleBadRate: Double) {
        self.populationBadRate = populationBadRate
        self.sampleBadRate = sampleBadRate
        self.interceptShift = log(populationBadRate / (1 - populationBadRate)) + log((1 - sampleBadRate) / sampleBadRate)
    }
}

extension LogisticRegressionResult {
    /// This result with its intercept prior-corrected to `populationBadRate`.
    /// - Throws: `RegressionError.invalidPopulationBadRate` when the rate is not in (0, 1), `.invalidOption` when
    ///   the model has no intercept.
    public func priorCorrected(populationBadRate rate: Double, interceptColumn: Int?) throws -> LogisticRegressionResult {
        guard rate > 0, rate < 1 else {
            throw RegressionError.invalidPopulationBadRate(rate)
        }
        guard let k = interceptColumn else {
            throw RegressionError.invalidOption("prior correction needs a model with an intercept")
        }
        let ybar = weighting.map { $0.badTotal / $0.total } ?? Double(events) / Double(observations)
        let correction = PriorCorrection(populationBadRate: rate, sampleBadRate: ybar)
        let shift = correction.interceptShift
        var beta = coefficients, z = zValues, p = pValues, ci = confidenceIntervals
        beta[k] += shift
        z[k] = beta[k] / standardErrors[k]
        if firth?.likelihoodRatioPValues == nil { p[k] = NormalDistribution.twoSidedPValue(z[k]) } else { p[k] = .nan }
        ci[k] = ClosedRangeCodable(lower: ci[k].lower + shift, upper: ci[k].upper + shift)
        var result = self
        result.coefficients = beta
        result.zValues = z
        result.pValues = p
        result.confidenceIntervals = ci
        result.priorCorrection = correction
        return result
    }
}
