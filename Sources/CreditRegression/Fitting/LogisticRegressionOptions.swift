/// Solver settings for `LogisticRegression`.
public struct LogisticRegressionOptions: Sendable, Codable, Equatable {
    /// Newton iterations before giving up (`didNotConverge`).
    public var maxIterations: Int = 100
    /// Converged only when the scaled score is below this: maxⱼ |Σᵢ (yᵢ − πᵢ)·xᵢⱼ| / (n · rmsⱼ), where
    /// rmsⱼ = √(Σᵢ xᵢⱼ²/n) (1 for the intercept). That is the ∞-norm of the mean score per observation for
    /// each column rescaled to unit root-mean-square, so it does not depend on the units of a predictor…
    public var gradientTolerance: Double = 1e-8
    /// … and the relative change in deviance D = −2ℓ over the last step, |ΔD| / (|D| + 0.1) (as R's `glm`),
    /// is below this.
    public var devianceTolerance: Double = 1e-10
    /// Level of the Wald confidence intervals.
    public var confidenceLevel: Double = 0.95
    /// Firth's penalised likelihood ℓ(β) + ½·log|I(β)| instead of plain maximum likelihood (`--firth`).
    public var firth: Bool = false
    /// With `firth`: profile penalised-likelihood confidence intervals and penalised likelihood-ratio tests
    /// per coefficient (as R logistf); one constrained fit per bound, so O(p) extra fits.
    public var profileLikelihood: Bool = true
    /// Prior correction of the intercept to this population bad rate (King & Zeng 2001), or `nil`.
    public var populationBadRate: Double? = nil
    /// With `firth`: seeded starts tried besides β = 0 when the run from 0 does not converge or predicts some
    /// rows almost exactly (`FirthSearch`); 0 turns them off. Not stored in model files (a solver setting).
    public var firthStarts: Int = 8
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case maxIterations, gradientTolerance, devianceTolerance, confidenceLevel, firth, profileLikelihood, populationBadRate
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxIterations = try c.decode(Int.self, forKey: .maxIterations)
        gradientTolerance = try c.decode(Double.self, forKey: .gradientTolerance)
        devianceTolerance = try c.decode(Double.self, forKey: .devianceTolerance)
        confidenceLevel = try c.decode(Double.self, forKey: .confidenceLevel)
        firth = try c.decodeIfPresent(Bool.self, forKey: .firth) ?? false
        profileLikelihood = try c.decodeIfPresent(Bool.self, forKey: .profileLikelihood) ?? true
        populationBadRate = try c.decodeIfPresent(Double.self, forKey: .populationBadRate)
    }
}

extension LogisticRegressionOptions {
    /// The largest iteration limit (`maxIterations`) a caller may set: 10,000 Newton steps; a fit that has not
    /// converged by then will not (Newton converges quadratically near the optimum).
    package static let maxIterationsLimit = 10_000
}
