/// Why `FairnessGroups` or `GroupFairness` cannot be computed.
public enum FairnessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Band edges that are not finite and strictly increasing.
    case bandsNotIncreasing([Double])
    /// Bands asked for a categorical column.
    case bandsOnCategorical(column: String)
    /// A numeric column without band edges; `suggestedBands` are its distinct quartiles.
    case numericWithoutBands(column: String, suggestedBands: [Double])
    /// The reference group is not one of the groups.
    case referenceNotFound(String, levels: [String])
    /// Scores, PDs, outcomes and groups differ in length.
    case lengthMismatch
    /// No rows.
    case empty
    /// A score or PD that is not a finite number (row, 0-based).
    case nonFiniteScore(row: Int)

    public var description: String {
        switch self {
        case .bandsNotIncreasing(let e):
            return "band edges must be finite and strictly increasing (got \(e.map(FairnessGroups.shown).joined(separator: ", ")))"
        case .bandsOnCategorical(let c):
            return "column '\(c)' is categorical; band edges apply to a numeric column"
        case .numericWithoutBands(let c, let q):
            return "column '\(c)' is numeric; cut it into bands with edges" + (q.isEmpty ? "" : " (its quartiles: \(q.map(FairnessGroups.shown).joined(separator: ",")))")
        case .referenceNotFound(let r, let levels):
            return "reference group '\(r)' is not among the groups: \(levels.joined(separator: ", "))"
        case .lengthMismatch:
            return "scores, PDs, outcomes and groups differ in length"
        case .empty:
            return "no rows"
        case .nonFiniteScore(let row):
            return "row \(row + 1): the score or PD is not a finite number"
        }
    }
}
