import CreditBinning
import CreditExperiments
import CreditRegression
import CreditReports
import CreditScorecard

// The library words its errors and diagnostics in its own terms ("leave the column out of the model"); `credit`
// names the flag that does it ("leave the column out with --exclude x"), as swift-argument-parser's messages
// name flags. Cases without a flag to name print the library's message.

extension RegressionError {
    /// The message as `credit` prints it.
    var withFlags: String {
        switch self {
        case .columnTypeMismatch(let c, let expected):
            return "column '\(c)' should be \(expected); fix the data or leave the column out with --exclude \(c)"
        case .targetNotBinary(let c, let values):
            return "target '\(c)' must have exactly two values, one of them the bad value (see --bad); found: \(values.joined(separator: ", "))"
        case .noUsableRows:
            return "no usable rows: every row has a missing target or predictor (leave mostly-missing columns out with --exclude)"
        case .rankDeficient(let aliases):
            return "predictors are collinear: \(aliases.joined(separator: "; ")); leave one of each out with --exclude"
        case .perfectSeparation(let terms):
            let who = terms.isEmpty ? "the predictors" : terms.joined(separator: ", ")
            return "perfect separation: \(who) predict the target exactly, so maximum-likelihood estimates do not exist; refit with --firth (Firth's penalised likelihood gives finite estimates) or --exclude the offending predictor"
        case .extremeMagnitude(let c, let largest):
            let size = largest > 1 ? "as large as" : "no larger than"
            return "numeric column '\(c)' has values \(size) \(largest) in magnitude, outside the range the fit handles (\(Design.magnitudeRange.lowerBound) to \(Design.magnitudeRange.upperBound)); rescale it (for example to thousands, or take its logarithm) or leave it out with --exclude \(c)"
        case .tooManyLevels(let c, let levels, let limit):
            return "categorical column '\(c)' has \(levels) levels (limit \(limit)): one design column per level would not fit; bin it (train --scorecard groups levels), leave it out with --exclude \(c), or raise the limit with --max-levels"
        case .designTooLarge(let terms, let rows, let bytes, let limit, let widest):
            let leave = widest.map { "--exclude or bin (train --scorecard) categorical columns with many levels (the most: '\($0)')" } ?? "--exclude predictors"
            return "the design would have \(terms) columns over \(rows) rows: about \(RegressionError.size(bytes)) with the fit's matrices, more than the memory limit of \(RegressionError.size(limit)) (--memory-limit, default half of physical memory); \(leave), or lower --max-levels to refuse such columns"
        case .invalidPopulationBadRate(let rate):
            return "--population-bad-rate must be strictly between 0 and 1 (got \(rate))"
        case .missingLevelClash(let c):
            return "categorical column '\(c)' has missing values and a level named 'missing', so --missing-coding indicator cannot add its own level 'missing'; rename the level, use --missing-coding drop, or leave the column out with --exclude \(c)"
        case .selectionStartNotFittable:
            return "the starting model of the selection cannot be fitted (separation or collinearity); use --firth without selection or --exclude predictors"
        default:
            return description
        }
    }
}

extension FitDiagnostic {
    /// The warning as `credit train` prints it.
    var withFlags: String {
        switch self {
        case .quasiSeparation(let rows):
            return "quasi-separation: \(rows) row\(rows == 1 ? " is" : "s are") predicted exactly, so some coefficients and standard errors are unreliable; --exclude the predictor that isolates them or refit with --firth (Firth's penalised likelihood gives finite estimates)"
        case .perfectSeparation:
            return "perfect separation: the predictors classify every row exactly; --exclude the offending predictor or refit with --firth (Firth's penalised likelihood gives finite estimates)"
        case .didNotConverge(let iterations):
            return "did not converge in \(iterations) iterations; raise the iteration limit, rescale large-valued predictors, or --exclude near-duplicate ones"
        case .constantColumns(let names):
            return "constant column\(names.count == 1 ? "" : "s") left out of the model: \(names.joined(separator: ", ")) (no information; --exclude to silence this)"
        default:
            return message
        }
    }
}

extension BinningError {
    /// The message as `credit bin` and `credit train --scorecard` print it.
    var withFlags: String {
        switch self {
        case .targetNotBinary(let c, let values):
            return "target '\(c)' must have exactly two values, one of them the bad value (see --bad); found: \(values.joined(separator: ", "))"
        case .infeasible(let name, let constraint):
            let (reason, relax): (String, String)
            switch constraint {
            case .minGoods(let required, let available):
                (reason, relax) = ("--min-goods \(required) but the non-missing, non-special rows have only \(available) goods", "--min-goods")
            case .minBads(let required, let available):
                (reason, relax) = ("--min-bads \(required) but the non-missing, non-special rows have only \(available) bads", "--min-bads")
            case .sizeConstraints:
                (reason, relax) = (constraint.reason, "--min-bin-share, --min-goods or --min-bads")
            }
            return "\(name): no binning satisfies the constraints: \(reason); relax \(relax)"
        case .typeMismatch(let name, let spec, let data):
            return "\(name): the bins spec says \(spec) but the data column is \(data) (use --type \(name)=\(spec))"
        case .notABinsSpec(let path, let reason):
            return "bins spec: \(path): not a bins spec written by 'credit bin --write-bins' (\(reason))"
        case .unreadableSpec(let path):
            return "--bins \(path): cannot read the file"
        case .specTargetMismatch(let path, let specTarget, let target):
            return "--bins \(path) was written for target '\(specTarget)', not '\(target)'"
        case .tooManyFineClasses(let name, let m, let bins, let bytes, let limit):
            return "\(name): the exact optimal binning of \(m) fine classes\(bins.map { " into at most \($0) bins" } ?? "") would need \(Int((bytes / 1e6).rounded())) MB of tables (limit \(Int(limit / 1e6)) MB); lower --pre-bins, give --max-bins \(m) or more (or none), or use --method chimerge or tree"
        case .weightNotNumeric(let c):
            // Worded as a regression's --weight (RegressionError.columnTypeMismatch).
            return "column '\(c)' should be numeric (a frequency weight); fix the data or leave the column out with --exclude \(c)"
        default:
            return description
        }
    }
}

extension ScorecardError {
    /// The message as `credit train --scorecard` prints it.
    var withFlags: String {
        switch self {
        case .noCharacteristicLeft:
            return "no characteristic is left for the scorecard: every characteristic was filtered out (lower --min-iv?)"
        case .missingCutoff:
            return "--reason-reference cutoff needs --cutoff SCORE"
        case .noApplicantAtCutoff(let cutoff, let lowest, let highest):
            return "no training applicant scores at or above the cut-off \(cutoff) (scores run \(lowest) to \(highest)); lower --cutoff"
        case .cutoffReferenceOutOfCore:
            return "--reason-reference cutoff needs every training applicant's score and is not available out of core; use maximum or average"
        case .reasonCodeColumns(let path):
            return "--reason-codes \(path): expected columns characteristic,code,text or characteristic,bin,code,text"
        case .invalidScaling(let pdo, let baseScore, let baseOdds):
            return "--pdo and --base-odds must be finite and positive and --base-score finite (got --pdo \(pdo) --base-score \(baseScore) --base-odds \(baseOdds))"
        case .pointsOutOfRange(let name, let raw, let limit):
            return "the scaling (--pdo, --base-score, --base-odds) gives '\(name)' a bin of \(raw) points, beyond the ±\(NumberFormat.count(limit)) a model holds; use a smaller --pdo or --base-score"
        case .constantPoints(let pdo, let score):
            return "with --pdo \(pdo) a doubling of the odds is worth less than the 1-point rounding: every bin of every characteristic gets the same points, so every applicant would score \(score); use a larger --pdo (e.g. 20)"
        case .reasonCount(let requested, let limit):
            return "--reasons \(requested): this scorecard can give 0 to \(limit) reasons per applicant (one per characteristic, or the default 4)"
        case .unknownReasonBin:
            return "--reason-codes: " + description.dropFirst("reason codes: ".count)
        case .forcedNotOnCard(let name, let reason):
            return "--force \(name): not a characteristic of the scorecard (\(reason)); force only characteristics the binning keeps"
                + (reason.hasPrefix("IV ") ? " (lower --min-iv to keep it)" : " (not the target, not --exclude'd, among --columns)")
        case .everyCoefficientZero(let lambda):
            return "--lambda \(lambda) sets every characteristic's coefficient to 0, so no characteristic is left for the card; use a smaller --lambda"
        case .foldRowRejected(let fold, let repetition, let problem):
            return "--cv-folds: fold \(fold) (repetition \(repetition)): a test row cannot be scored by the card trained on the fold's other rows: \(problem); use --on-unexpected-missing neutral or riskiest"
        case .noCharacteristicSelected:
            return "--select kept no characteristic: none improves the intercept-only model with a positive coefficient; --force one, or use --select-by p-value with a larger --p-enter"
        }
    }
}

extension ExperimentError {
    /// The message as `credit compare --cv` prints it: a fold's failure worded with flags.
    var withFlags: String {
        guard case .fold(let c, let r, let f, let failure) = self else { return description }
        let message: String
        switch failure {
        case .regression(let e): message = e.withFlags
        case .binning(let e): message = e.withFlags
        case .scorecard(let e): message = e.withFlags
        case .fitFailed: message = failure.description + " (--on-fit-failure error; warn or exclude keep going)"
        case .other(let text): message = text
        }
        return "\(c), repetition \(r + 1), fold \(f + 1): \(message)"
    }
}
