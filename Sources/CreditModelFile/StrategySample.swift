import CreditDecision
import CreditRegression
import CreditTabular

/// The rows of a table a strategy table is built on (`StrategyTable`, `SwapSet`): every row the model scores,
/// with its score on the chosen scale and its outcome when known.
///
/// Rows the model rejects (missing or unseen values) are left out and counted. Unlike `EvaluationSample`, a row
/// with a missing outcome is kept (its outcome is nil: it counts in approvals only), and a table without the
/// target column gives outcomes that are all nil. The target is the model's unless one is given; a row is bad
/// when its target holds the bad value (`Column.holds(_:row:)`), and the target must have at most two values.
///
/// ```swift
/// let sample = try StrategySample(model: card, table: applicants, scale: .points)
/// let table = try StrategyTable(scores: sample.scores, outcomes: sample.outcomes, scale: .points, cutoffs: [520, 540])
/// ```
public struct StrategySample: Sendable {
    /// Per kept row: total points (`.points`, scorecards only) or the PD (`.pd`).
    public private(set) var scores: [Double] = []
    /// Per kept row: bad, good, or nil (missing target, or no target column).
    public private(set) var outcomes: [Bool?] = []
    /// The table row of each kept row.
    public private(set) var rows: [Int] = []
    /// Rows the model rejected.
    public let rejected: Int
    /// Why, by reason ("missing value in age").
    public let rejectedByReason: [String: Int]
    /// Kept rows with a missing target (0 without a target column).
    public private(set) var missingOutcome = 0
    /// The outcome used, nil when the table has no target column.
    public let target: TargetSpec?

    /// - Parameters:
    ///   - scale: `.points` needs a scorecard model (`ScoringError.pointsNeedScorecard` otherwise).
    ///   - target: the outcome column and its bad value (default: the model's). A given target the table lacks is
    ///     `EvaluationError.missingColumns`; the model's own target missing from the table gives nil outcomes.
    /// - Throws, in this order: `ScoringError.pointsNeedScorecard`, `EvaluationError.missingColumns`,
    ///   `.targetNotBinary`, `ScoringError.missingColumns` (every model column the table lacks) or
    ///   `RegressionError.columnTypeMismatch`.
    public init(model: CreditModel, table: Table, scale: ScoreScale, target given: TargetSpec? = nil) throws {
        if scale == .points && model.scorecard == nil { throw ScoringError.pointsNeedScorecard(model: model.model) }
        if let given, table.columnIndex(named: given.column) == nil {
            throw EvaluationError.missingColumns(source: table.source, header: table.columnNames, columns: [given.column])
        }
        let spec = given ?? TargetSpec(column: model.target.column, bad: model.target.bad)
        let targetColumn = table[spec.column]
        if let targetColumn {
            try EvaluationSample.requireTwoValues(targetColumn, name: spec.column, bad: spec.bad, source: table.source)
        }
        target = targetColumn == nil ? nil : spec
        let outcome = try model.scoreNamingMissingColumns(table)
        rejected = outcome.summary.rowsRejected
        rejectedByReason = outcome.summary.rejectedByReason
        for row in 0..<table.rowCount where !outcome.probabilities[row].isNaN {
            let score: Double
            if scale == .points {
                guard let card = outcome.scorecardRows?[row] else { continue }
                score = Double(card.score)
            } else {
                score = outcome.probabilities[row]
            }
            let y = targetColumn?.holds(spec.bad, row: row)
            if targetColumn != nil && y == nil { missingOutcome += 1 }
            scores.append(score); outcomes.append(y); rows.append(row)
        }
    }
}
