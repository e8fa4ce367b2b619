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

    /// One line a user can act on.
    public var description: String {
        switch self {
        case .missingColumn(let c):
            return "column '\(c)' is not in the data (check the spelling; for a model, the data must have every column it was trained on)"
        case .columnTypeMismatch(let c, let expected):
            return "column '\(c)' should be \(expected); fix the data or leave the column out with --exclude \(c)"
        case .targetNotBinary(let c, let values):
            return "target '\(c)' must have exactly two values, one of them the bad value (see --bad); found: \(values.joined(separator: ", "))"
        case .singleClass(let c, let v):
            return "target '\(c)' has only the value '\(v)' in the usable rows; a model needs both good and bad cases"
        case .noUsableRows:
            return "no usable rows: every row has a missing target or predictor (leave mostly-missing columns out with --exclude)"
        case .rankDeficient(let aliases):
            return "predictors are collinear: \(aliases.joined(separator: "; ")); leave one of each out with --exclude"
        case .perfectSeparation(let terms):
            let who = terms.isEmpty ? "the predictors" : terms.joined(separator: ", ")
            return "perfect separation: \(who) predict the target exactly, so maximum-likelihood estimates do not exist; --exclude the offending predictor (Firth's penalised fit, --firth, is planned)"
        case .unknownLevel(let c, let level, let levels):
            return "reference level '\(level)' is not a level of '\(c)' (levels: \(levels.prefix(10).joined(separator: ", "))\(levels.count > 10 ? ", …" : ""))"
        }
    }
}
