/// Which λ a cross-validation of a penalised path keeps: the one with the smallest mean deviance, or the
/// largest λ whose mean deviance is within one standard error of that minimum (glmnet's `lambda.min` and
/// `lambda.1se`; Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, 2nd ed., §7.10, the
/// "one-standard-error rule").
///
/// The one-standard-error rule trades a little cross-validated deviance for a sparser, more stable model; it is
/// glmnet's and `credit train --penalty`'s default.
public enum LambdaRule: String, Sendable, Codable, CaseIterable {
    /// `PenalizedCrossValidation.lambdaMin`.
    case min
    /// `PenalizedCrossValidation.lambdaOneStandardError`.
    case oneStandardError = "1se"
}

extension PenalizedCrossValidation {
    /// The λ that `rule` keeps.
    public func lambda(by rule: LambdaRule) -> Double {
        rule == .min ? lambdaMin : lambdaOneStandardError
    }

    /// Index into `lambdas` (and `path.fits`) of the λ that `rule` keeps.
    public func index(by rule: LambdaRule) -> Int {
        lambdas.firstIndex(of: lambda(by: rule)) ?? 0
    }

    /// The out-of-fold predictions at the λ that `rule` keeps.
    public func predictions(by rule: LambdaRule) -> [FoldPredictions] {
        rule == .min ? predictionsAtMin : predictionsAtOneStandardError
    }
}
