import Foundation
import CreditSupport

/// An immutable fitted logistic regression with inference (statsmodels `LogitResults` analogue).
///
/// Sign convention: coefficients are on the log-odds of bad (y = 1), log(π/(1 − π)) = xᵀβ.
public struct LogisticRegressionResult: Sendable, Codable, Equatable {
    public internal(set) var termNames: [String]
    /// β (statsmodels `params`).
    public internal(set) var coefficients: [Double]
    /// √diag(I(β)⁻¹) (`bse`).
    public internal(set) var standardErrors: [Double]
    /// β / SE (Wald z).
    public internal(set) var zValues: [Double]
    /// Two-sided normal p-values of the Wald z.
    public internal(set) var pValues: [Double]
    /// β ± z₁₋α/₂·SE at `confidenceLevel`.
    public internal(set) var confidenceIntervals: [ClosedRangeCodable]
    public internal(set) var confidenceLevel: Double
    /// I(β)⁻¹ = (X'WX)⁻¹, p × p.
    public internal(set) var covariance: [[Double]]
    /// ℓ(β̂) (`llf`).
    public internal(set) var logLikelihood: Double
    /// Intercept-only log-likelihood n₁·ln ȳ + n₀·ln(1 − ȳ) (`llnull`).
    public internal(set) var nullLogLikelihood: Double
    /// 2(ℓ − ℓ₀) (`llr`).
    public internal(set) var likelihoodRatioChiSquare: Double
    /// p − 1 with an intercept, p without (`df_model`).
    public internal(set) var likelihoodRatioDegreesOfFreedom: Int
    /// χ² survival of `likelihoodRatioChiSquare` (`llr_pvalue`).
    public internal(set) var likelihoodRatioPValue: Double
    /// McFadden's 1 − ℓ/ℓ₀ (`prsquared`).
    public internal(set) var pseudoRSquared: Double
    /// −2ℓ + 2p.
    public internal(set) var aic: Double
    /// −2ℓ + p·ln n.
    public internal(set) var bic: Double
    public internal(set) var observations: Int
    /// Number of y = 1 (bad) observations.
    public internal(set) var events: Int
    public internal(set) var iterations: Int
    /// True only when both convergence criteria held and no separation was detected.
    public internal(set) var converged: Bool
    public internal(set) var diagnostics: [FitDiagnostic]
    /// Frequency-weight totals when the fit was weighted (`nil` otherwise). Then AIC, BIC and the null model
    /// count Σw observations (as statsmodels GLM `freq_weights`); `observations`/`events` stay row counts.
    public internal(set) var weighting: WeightSummary?
    /// Firth fit: penalised likelihood, profile intervals and penalised LR tests (`nil` for plain ML).
    public internal(set) var firth: FirthInference?
    /// The intercept shift applied for a population bad rate (`nil` when none was asked for).
    public internal(set) var priorCorrection: PriorCorrection?
    /// Hosmer–Lemeshow goodness of fit on the development sample (`nil` when not computed).
    public internal(set) var hosmerLemeshow: HosmerLemeshowTest?

    /// Memberwise initialiser (for decoding-independent construction, e.g. in tests of other modules).
    public init(termNames: [String], coefficients: [Double], standardErrors: [Double], zValues: [Double],
                pValues: [Double], confidenceIntervals: [ClosedRangeCodable], confidenceLevel: Double,
                covariance: [[Double]], logLikelihood: Double, nullLogLikelihood: Double,
                likelihoodRatioChiSquare: Double, likelihoodRatioDegreesOfFreedom: Int,
                likelihoodRatioPValue: Double, pseudoRSquared: Double, aic: Double, bic: Double,
                observations: Int, events: Int, iterations: Int, converged: Bool, diagnostics: [FitDiagnostic],
                weighting: WeightSummary? = nil, firth: FirthInference? = nil, priorCorrection: PriorCorrection? = nil,
                hosmerLemeshow: HosmerLemeshowTest? = nil) {
        self.termNames = termNames; self.coefficients = coefficients; self.standardErrors = standardErrors
        self.zValues = zValues; self.pValues = pValues; self.confidenceIntervals = confidenceIntervals
        self.confidenceLevel = confidenceLevel; self.covariance = covariance; self.logLikelihood = logLikelihood
        self.nullLogLikelihood = nullLogLikelihood; self.likelihoodRatioChiSquare = likelihoodRatioChiSquare
        self.likelihoodRatioDegreesOfFreedom = likelihoodRatioDegreesOfFreedom
        self.likelihoodRatioPValue = likelihoodRatioPValue; self.pseudoRSquared = pseudoRSquared
        self.aic = aic; self.bic = bic; self.observations = observations; self.events = events
        self.iterations = iterations; self.converged = converged; self.diagnostics = diagnostics
        self.weighting = weighting; self.firth = firth; self.priorCorrection = priorCorrection
        self.hosmerLemeshow = hosmerLemeshow
    }

    /// xᵀβ for one encoded row (`values` in term order, e.g. from `BoundDesign.encode`).
    public func linearPredictor(_ values: [Double]) -> Double {
        precondition(values.count == coefficients.count, "linearPredictor: \(values.count) values for \(coefficients.count) terms")
        var s = 0.0
        for j in values.indices { s += values[j] * coefficients[j] }
        return s
    }

    /// P(bad) = 1/(1 + e^(−xᵀβ)) for one encoded row.
    public func probability(_ values: [Double]) -> Double {
        Logistic.probability(logOdds: linearPredictor(values))
    }
}

/// A closed interval that encodes as `{"lower": …, "upper": …}`.
public struct ClosedRangeCodable: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) { self.lower = lower; self.upper = upper }
}

/// Totals of frequency weights: Σw (the observation count in AIC, BIC and the null model) and Σ w·y.
public struct WeightSummary: Sendable, Codable, Equatable {
    public var total: Double
    public var badTotal: Double
    public init(total: Double, badTotal: Double) { self.total = total; self.badTotal = badTotal }
}
