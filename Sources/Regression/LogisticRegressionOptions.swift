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
    public init() {}
}
