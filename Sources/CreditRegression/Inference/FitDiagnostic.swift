/// Something suspect about a fit that still produced a result.
public enum FitDiagnostic: Sendable, Codable, Equatable {
    /// Some rows are predicted (almost) exactly and the likelihood keeps rising along some direction:
    /// the affected coefficients and standard errors are not reliable.
    case quasiSeparation(rows: Int)
    case perfectSeparation
    case didNotConverge(iterations: Int)
    /// Columns left out because they are constant in the usable rows.
    case constantColumns([String])
    /// Firth: some profile-likelihood bounds or penalised LR tests could not be computed (shown as NaN).
    case profileLikelihoodIncomplete
    /// A penalised fit at this λ and elastic-net mix: no standard errors.
    case penalized(lambda: Double, mix: Double)
    /// Firth: a restricted fit (βⱼ = 0) kept ℓ* above the full fit's after the refits, so these terms' penalised
    /// LR statistics are negative (reported as they are, p-value NaN) — the full maximum was not reached.
    case negativePenalizedLikelihoodRatio(terms: [String])

    /// One line a user can act on, in the library's terms. A front end may word the remedy with its own
    /// options instead (`credit` names `--exclude` and `--firth`); the finding before the semicolon is the same.
    public var message: String {
        switch self {
        case .quasiSeparation(let rows):
            return "quasi-separation: \(rows) row\(rows == 1 ? " is" : "s are") predicted exactly, so some coefficients and standard errors are unreliable; leave out the predictor that isolates them or refit with Firth's penalised likelihood (it gives finite estimates)"
        case .perfectSeparation:
            return "perfect separation: the predictors classify every row exactly; leave out the offending predictor or refit with Firth's penalised likelihood (it gives finite estimates)"
        case .didNotConverge(let iterations):
            return "did not converge in \(iterations) iterations; raise the iteration limit, rescale large-valued predictors, or leave out near-duplicate ones"
        case .penalized(let lambda, let mix):
            return "penalised fit (lambda \(lambda), mix \(mix)): coefficients are shrunk, so no standard errors, z or p-values are reported"
        case .negativePenalizedLikelihoodRatio(let terms):
            return "penalised likelihood-ratio statistic negative for \(terms.joined(separator: ", ")) even after refitting from better starts: the restricted fit beat the full one, so the full fit is not at its maximum; the p-values are NaN, not 1"
        case .profileLikelihoodIncomplete:
            return "some profile penalised-likelihood bounds or LR tests could not be computed (NaN); use the Wald values beside them with care"
        case .constantColumns(let names):
            return "constant column\(names.count == 1 ? "" : "s") left out of the model: \(names.joined(separator: ", ")) (no information; leave them out of the model to silence this)"
        }
    }
}
