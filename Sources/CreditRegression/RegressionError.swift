/// Why a design could not be built or a model could not be fitted.
public enum RegressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(String)
    case columnTypeMismatch(column: String, expected: String)
    /// The target does not have exactly two distinct values, one of them the bad value (up to 5 shown).
    case targetNotBinary(column: String, values: [String])
    case singleClass(column: String, value: String)
    case noUsableRows
    /// Collinear columns, each described like "x3 = 1·x1 + 1·x2".
    case rankDeficient(aliases: [String])
    case perfectSeparation(terms: [String])
    /// A requested reference level does not occur in the column's usable rows.
    case unknownLevel(column: String, level: String, levels: [String])
    /// A frequency weight that is negative, NaN or infinite (0-based design row).
    case invalidWeights(row: Int, value: Double)
    /// A weight column value that is missing or unusable, with its source line.
    case invalidWeightValue(column: String, line: Int, value: Double)
    /// An option value outside its domain (negative λ, mix outside [0, 1], …).
    case invalidOption(String)
    /// A population bad rate for prior correction outside (0, 1).
    case invalidPopulationBadRate(Double)
    /// The first model of a variable selection (no predictors, the forced ones, or all of them) cannot be
    /// fitted: separation or collinearity.
    case selectionStartNotFittable
    /// A numeric predictor whose largest magnitude is so large or so small (nonzero) that X'X would overflow
    /// or underflow, or the coefficient would be astronomically large.
    case extremeMagnitude(column: String, largest: Double)
    /// A categorical predictor with more levels than the design accepts (one column per level).
    case tooManyLevels(column: String, levels: Int, limit: Int)
    /// The design and the fit's p × p matrices would need `bytes` of memory, more than `limit`
    /// (`DesignOptions.memoryLimit`): `terms` design columns over `rows` rows; `widest` is the categorical
    /// predictor with the most levels (nil when there is none).
    case designTooLarge(terms: Int, rows: Int, bytes: Double, limit: Double, widest: String?)
    /// `MissingValueCoding.indicator` on a categorical column that has missing values and also a level named
    /// "missing": the missing level's term `column=missing` would have that level's name.
    case missingLevelClash(column: String)

    /// One line a user can act on, in the library's terms (a front end may name its own options instead, as
    /// `credit` names `--exclude`, `--firth` and `--bad`).
    /// "1.2 GB" (powers of 1000), for messages.
    package static func size(_ bytes: Double) -> String {
        if bytes >= 1e9 { return "\((bytes / 1e8).rounded() / 10) GB" }
        if bytes >= 1e6 { return "\((bytes / 1e5).rounded() / 10) MB" }
        return "\(Int(bytes)) bytes"
    }

    public var description: String {
        switch self {
        case .missingColumn(let c):
            return "column '\(c)' is not in the data (check the spelling; for a model, the data must have every column it was trained on)"
        case .columnTypeMismatch(let c, let expected):
            return "column '\(c)' should be \(expected); fix the data or leave the column out of the model"
        case .targetNotBinary(let c, let values):
            return "target '\(c)' must have exactly two values, one of them the bad value; found: \(values.joined(separator: ", "))"
        case .singleClass(let c, let v):
            return "target '\(c)' has only the value '\(v)' in the usable rows; a model needs both good and bad cases"
        case .noUsableRows:
            return "no usable rows: every row has a missing target or predictor (leave mostly-missing columns out of the model)"
        case .rankDeficient(let aliases):
            return "predictors are collinear: \(aliases.joined(separator: "; ")); leave one of each out of the model"
        case .perfectSeparation(let terms):
            let who = terms.isEmpty ? "the predictors" : terms.joined(separator: ", ")
            return "perfect separation: \(who) predict the target exactly, so maximum-likelihood estimates do not exist; refit with Firth's penalised likelihood (it gives finite estimates) or leave the offending predictor out"
        case .invalidWeights(let row, let value):
            return "weight \(value) in design row \(row + 1) is not a finite non-negative number; frequency weights must be ≥ 0"
        case .invalidWeightValue(let c, let line, let value):
            return "weight column '\(c)', line \(line): \(value.isNaN ? "missing" : "\(value)") is not a finite non-negative weight"
        case .invalidOption(let what):
            return what
        case .invalidPopulationBadRate(let rate):
            return "the population bad rate must be strictly between 0 and 1 (got \(rate))"
        case .selectionStartNotFittable:
            return "the starting model of the selection cannot be fitted (separation or collinearity); use Firth's penalised likelihood without selection, or leave predictors out"
        case .extremeMagnitude(let c, let largest):
            let size = largest > 1 ? "as large as" : "no larger than"
            return "numeric column '\(c)' has values \(size) \(largest) in magnitude, outside the range the fit handles (\(Design.magnitudeRange.lowerBound) to \(Design.magnitudeRange.upperBound)); rescale it (for example to thousands, or take its logarithm) or leave it out of the model"
        case .tooManyLevels(let c, let levels, let limit):
            return "categorical column '\(c)' has \(levels) levels (limit \(limit)): one design column per level would not fit; bin it (a WoE scorecard groups levels), leave it out of the model, or raise the level limit (DesignOptions.maxLevels)"
        case .designTooLarge(let terms, let rows, let bytes, let limit, let widest):
            let leave = widest.map { "leave out or bin categorical columns with many levels (the most: '\($0)')" } ?? "leave predictors out"
            return "the design would have \(terms) columns over \(rows) rows: about \(Self.size(bytes)) with the fit's matrices, more than the memory limit of \(Self.size(limit)); \(leave), or raise the memory limit"
        case .missingLevelClash(let c):
            return "categorical column '\(c)' has missing values and a level named 'missing': the missing-value level would take that name; rename the level or leave the column out"
        case .unknownLevel(let c, let level, let levels):
            return "reference level '\(level)' is not a level of '\(c)' (levels: \(levels.prefix(10).joined(separator: ", "))\(levels.count > 10 ? ", …" : ""))"
        }
    }
}
