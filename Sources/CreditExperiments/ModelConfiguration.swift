import CreditBinning
import CreditScorecard
import CreditRegression
/// How a penalised configuration gets its λ (glmnet scale).
public enum LambdaChoice: Sendable, Codable, Equatable {
    /// The same λ in every fold.
    case fixed(Double)
    /// Chosen in each outer fold by an inner stratified k-fold CV on that fold's training rows only
    /// (`PenalizedCrossValidation`: binomial deviance, as `cv.glmnet`), with the λ path of those rows.
    case crossValidated(rule: LambdaRule, innerFolds: Int)
}

/// One model configuration of a cross-validated comparison.
///
/// Spelled on the command line as `lr`, `firth`, `ridge`, `lasso`, `elastic-net` (optionally `NAME:λ` for a
/// fixed λ, e.g. `lasso:0.01`) and `scorecard`.
public struct ModelConfiguration: Sendable, Codable, Equatable {
    public enum Kind: Sendable, Codable, Equatable {
        /// Maximum-likelihood logistic regression on the coded predictors.
        case logistic
        /// Firth's penalised likelihood (Wald only: no profile intervals are needed to predict).
        case firth
        /// Elastic net with mix α (0 ridge, 1 lasso).
        case penalized(mix: Double, lambda: LambdaChoice)
        /// The WoE points scorecard of `credit train --scorecard`: binning (default options, IV ≥ 0.02
        /// selection) and the WoE regression, both fitted on the training rows only.
        case scorecard
    }
    /// The name shown in reports (as given, e.g. `lasso:0.01`).
    public var label: String
    public var kind: Kind
    public init(label: String, kind: Kind) { self.label = label; self.kind = kind }

    /// The configuration names `init(parsing:)` understands.
    public static let names = ["lr", "firth", "ridge", "lasso", "elastic-net", "scorecard"]

    /// Parses `NAME` or `NAME:λ`.
    /// - Parameters:
    ///   - mix: α of `elastic-net`.
    ///   - rule, innerFolds: how λ is chosen when no λ is given.
    /// - Throws: `ExperimentError.invalidConfiguration` for an unknown name, a bad λ, or `:λ` on a model
    ///   without a penalty.
    public init(parsing spec: String, mix: Double = 0.5, rule: LambdaRule = .oneStandardError, innerFolds: Int = 5) throws {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        var lambda = LambdaChoice.crossValidated(rule: rule, innerFolds: innerFolds)
        if parts.count == 2 {
            guard let l = Double(parts[1]), l.isFinite, l >= 0 else {
                throw ExperimentError.invalidConfiguration("'\(spec)': λ must be a number ≥ 0 after the colon")
            }
            guard ["ridge", "lasso", "elastic-net"].contains(name) else {
                throw ExperimentError.invalidConfiguration("'\(spec)': only ridge, lasso and elastic-net take a λ")
            }
            lambda = .fixed(l)
        }
        switch name {
        case "lr": kind = .logistic
        case "firth": kind = .firth
        case "ridge": kind = .penalized(mix: 0, lambda: lambda)
        case "lasso": kind = .penalized(mix: 1, lambda: lambda)
        case "elastic-net": kind = .penalized(mix: mix, lambda: lambda)
        case "scorecard": kind = .scorecard
        default:
            throw ExperimentError.invalidConfiguration("unknown configuration '\(name)' (use \(Self.names.joined(separator: ", ")))")
        }
        label = spec
    }

    /// Whether it is a logistic regression (every configuration but the scorecard).
    public var isRegression: Bool { if case .scorecard = kind { return false } else { return true } }

    /// Whether the configuration chooses its λ by the inner cross-validation (a penalised fit without a fixed
    /// λ), so that the inner folds and the λ rule apply to it.
    public var choosesLambdaByInnerCV: Bool {
        if case .penalized(_, .crossValidated) = kind { return true } else { return false }
    }
}

/// Errors of a cross-validated comparison, with the fold they happened in.
public enum ExperimentError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    case invalidOption(String)
    /// A configuration could not be fitted or evaluated in a fold.
    case fold(configuration: String, repetition: Int, fold: Int, failure: FoldFailure)
    case tooFewDatasets(Int)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m), .invalidOption(let m): return m
        case .fold(let c, let r, let f, let failure): return "\(c), repetition \(r + 1), fold \(f + 1): \(failure)"
        case .tooFewDatasets(let n): return "a comparison across datasets needs at least 2 datasets, got \(n)"
        }
    }
}

/// Why a configuration failed in a fold: the error of the fit, kept structured so that a front end can word it
/// in its own terms (as `credit` names its options).
public enum FoldFailure: Sendable, Equatable, CustomStringConvertible {
    case regression(RegressionError)
    case binning(BinningError)
    case scorecard(ScorecardError)
    /// The fit ended without a trustworthy maximum (`CrossValidationOptions.onFitFailure` = `.error`).
    case fitFailed(FitStatus)
    /// Any other error, by its description.
    case other(String)

    /// Keeps the regression, binning and scorecard errors as they are, any other by its description.
    public init(_ error: any Error) {
        switch error {
        case let e as RegressionError: self = .regression(e)
        case let e as BinningError: self = .binning(e)
        case let e as ScorecardError: self = .scorecard(e)
        default: self = .other("\(error)")
        }
    }

    public var description: String {
        switch self {
        case .regression(let e): return e.description
        case .binning(let e): return e.description
        case .scorecard(let e): return e.description
        case .fitFailed(let status): return "the fit " + (status.message ?? "failed")
        case .other(let message): return message
        }
    }
}

extension ModelConfiguration {
    /// The most folds of the inner λ cross-validation run on each outer training part: 100 (`credit compare
    /// --inner-folds`); every inner fold fits a whole λ path.
    package static let maxInnerFolds = 100
}
