import Foundation
import CreditDecision
import CreditRegression
import CreditTabular
import CreditBinning
import CreditScorecard
import CreditSupport
/// The result of scoring a table: a PD for every row that could be scored, and a reason for every row that
/// could not. Rows in = rows scored + rows rejected, always.
public struct ScoringOutcome: Sendable {
    /// PD per table row; NaN where the row was rejected.
    public let probabilities: [Double]
    /// One entry per rejected row, in row order.
    public let rejects: [RowProblem]
    public var summary: ScoringSummary
    /// Scorecard models only: per table row, the points, score and reasons (nil where the row was rejected).
    public var scorecardRows: [ScorecardRowResult?]? = nil
    /// Models with a decision policy: per table row, the decision (nil where the row was rejected).
    public var decisions: [RowDecision?]? = nil

    public var rowsIn: Int { probabilities.count }
}

/// Counts for the scoring report (stderr and `--format json`).
public struct ScoringSummary: Sendable, Codable, Equatable {
    public var rowsIn: Int
    public var rowsScored: Int
    public var rowsRejected: Int
    /// Rejected rows by reason ("missing value in age", "unseen level in purpose").
    public var rejectedByReason: [String: Int]
    /// Scorecards: rows scored with a fallback bin, by characteristic — a missing value where training had none
    /// (`ScorecardSection.onUnexpectedMissing` neutral or riskiest; under reject such rows are rejected and
    /// counted in `rejectedByReason` instead). Empty when no row needed one.
    public var scoredWithFallback: [String: Int]
    /// Models with a decision policy: scored rows by decision (`approve`, `refer`, `decline`); nil without one.
    public var decisions: [String: Int]?
    /// Models with a decision policy: rows decided by each hard rule, by the rule's code (rules run before the
    /// score); nil without a policy.
    public var decidedByRule: [String: Int]?
    public init(rowsIn: Int, rowsScored: Int, rowsRejected: Int, rejectedByReason: [String: Int],
                scoredWithFallback: [String: Int] = [:]) {
        self.rowsIn = rowsIn; self.rowsScored = rowsScored; self.rowsRejected = rowsRejected
        self.rejectedByReason = rejectedByReason; self.scoredWithFallback = scoredWithFallback
    }

    /// Counts one scored row's decision.
    mutating func count(_ decision: Decision, basis: DecisionBasis, policy: DecisionPolicy) {
        var counts = [Int](repeating: 0, count: policy.outcomes.count)
        counts[policy.outcomeIndex(decision, basis)] = 1
        count(outcomes: counts, policy: policy)
    }

    /// Adds counts per `DecisionPolicy.outcomes` entry.
    mutating func count(outcomes counts: [Int], policy: DecisionPolicy) {
        if decisions == nil { decisions = [:]; decidedByRule = [:] }
        for (k, outcome) in policy.outcomes.enumerated() where counts[k] > 0 {
            decisions![outcome.decision.rawValue, default: 0] += counts[k]
            if case .rule = outcome.basis { decidedByRule![policy.code(outcome.basis), default: 0] += counts[k] }
        }
    }

    /// The share of the rows that were rejected, rowsRejected / rowsIn (0 for an input with no rows).
    public var rejectRate: Double { rowsIn == 0 ? 0 : Double(rowsRejected) / Double(rowsIn) }

    /// Why a scoring batch should not count as done, or nil: no row was scored (an input with no rows, or every
    /// row rejected), or more than `maxRejectRate` of the rows were rejected. A nightly batch that scores
    /// nothing, or far fewer applicants than usual, points at a changed input file, not at the applicants.
    public func shortfall(maxRejectRate: Double? = nil) -> BatchShortfall? {
        if rowsScored == 0 { return .nothingScored(rowsIn: rowsIn) }
        if let maxRejectRate, rejectRate > maxRejectRate {
            return .tooManyRejected(rejected: rowsRejected, rowsIn: rowsIn, limit: maxRejectRate)
        }
        return nil
    }
}

/// A scoring batch that did not do its job (`ScoringSummary.shortfall(maxRejectRate:)`).
public enum BatchShortfall: Sendable, Equatable, CustomStringConvertible {
    /// No row was scored: the input had no rows, or every row was rejected.
    case nothingScored(rowsIn: Int)
    /// More than `limit` of the rows were rejected.
    case tooManyRejected(rejected: Int, rowsIn: Int, limit: Double)

    public var description: String {
        switch self {
        case .nothingScored(0): return "no row was scored: the input has no rows"
        case .nothingScored(let n): return "no row was scored: all \(n) rows were rejected"
        case let .tooManyRejected(rejected, rowsIn, limit):
            let share = (Double(rejected) / Double(rowsIn) * 1000).rounded() / 10
            return "\(rejected) of \(rowsIn) rows rejected (\(share)%), more than the \((limit * 1000).rounded() / 10)% allowed"
        }
    }
}

extension RowProblem {
    /// A short reason, also used to group rejects in the summary.
    public var reasonText: String {
        switch reason {
        case .missingValue: return "missing value in \(column)"
        case .unseenLevel: return "unseen level in \(column)"
        case .notANumber: return "not a number in \(column)"
        case .logOddsOverflow: return "PD not a number: log-odds overflowed in \(column)"
        case .pointsOutOfRange: return "points out of range in \(column)"
        case .unexpectedMissing: return "missing value in \(column), none in training"
        case .policyRule: return "policy rule cannot read \(column)"
        }
    }

    /// The full one-line explanation for the rejects file.
    public var detail: String {
        switch reason {
        case .missingValue:
            return "\(column) is missing; the model has no rule for missing values in this column"
        case .unseenLevel(let level):
            return "\(column) = '\(level)' was not seen in training"
        case .notANumber(let text):
            return "\(column) = '\(text)' is not a number (the model reads \(column) as numeric)"
        case .logOddsOverflow:
            return "the model's log-odds for this row is not a finite number (the term of \(column) overflowed), so its PD is not a number; check the value of \(column) and the model's coefficients"
        case .pointsOutOfRange(let points):
            return "the points of \(column)'s bin are \(points), beyond the ±2,147,483,647 a score's points are kept in; the model file was edited or damaged"
        case .policyRule(let explanation):
            return explanation + "; fix the value or the rule"
        case .unexpectedMissing:
            return "\(column) is missing, and the training data had no missing value in \(column), so the scorecard has no evidence for it (the model was trained with --on-unexpected-missing reject); fill in the value, or retrain with --on-unexpected-missing neutral|riskiest"
        }
    }
}

extension CreditModel {
    /// Scores every row of `table`. Columns are matched by name; extra columns are ignored.
    ///
    /// - Throws: `RegressionError.missingColumn` / `.columnTypeMismatch` before any row is scored when the table
    ///   lacks a column the model needs.
    public func score(_ table: Table) throws -> ScoringOutcome {
        if let scorecard { return try score(table, scorecard: scorecard) }
        let bound = try BoundDesign(coding: schema, table: table)
        var values = [Double](repeating: 0, count: fit.coefficients.count)
        var probabilities = [Double](repeating: .nan, count: table.rowCount)
        var rejects: [RowProblem] = []
        var byReason: [String: Int] = [:]
        for row in 0..<table.rowCount {
            var problem = bound.encode(row: row, into: &values)
            if problem == nil { problem = logisticProbability(bound, row: row, values: values, into: &probabilities[row]) }
            if let problem {
                rejects.append(problem)
                byReason[problem.reasonText, default: 0] += 1
            }
        }
        var summary = ScoringSummary(rowsIn: table.rowCount, rowsScored: table.rowCount - rejects.count,
                                     rowsRejected: rejects.count, rejectedByReason: byReason)
        let decisions = try decide(table: table, probabilities: &probabilities, scores: nil, rejects: &rejects, summary: &summary)
        var outcome = ScoringOutcome(probabilities: probabilities, rejects: rejects, summary: summary)
        outcome.decisions = decisions
        return outcome
    }

    /// The policy's decisions for an in-memory scoring, its rejects merged in row order and counted (nil without
    /// a policy).
    func decide(table: Table, probabilities: inout [Double], scores: [Int]?, rejects: inout [RowProblem],
                summary: inout ScoringSummary) throws -> [RowDecision?]? {
        guard let policy else { return nil }
        let (decisions, more) = try applyPolicy(policy, table: table, firstRow: 0, probabilities: &probabilities, scores: scores)
        summary.decisions = [:]; summary.decidedByRule = [:]
        summary.count(outcomes: Self.outcomeCounts(decisions, policy: policy), policy: policy)
        if !more.isEmpty {
            rejects = (rejects + more).sorted { $0.row < $1.row }
            summary.rowsScored -= more.count; summary.rowsRejected += more.count
            for p in more { summary.rejectedByReason[p.reasonText, default: 0] += 1 }
        }
        return decisions
    }
}

extension CreditModel {
    /// The PD of an encoded row of a plain logistic regression into `probability`, or the row's problem when its
    /// log-odds is not finite (`RowProblem.Reason.logOddsOverflow`; `probability` is then left as it is, NaN).
    func logisticProbability(_ bound: BoundDesign, row: Int, values: [Double], into probability: inout Double) -> RowProblem? {
        let eta = fit.linearPredictor(values)
        if eta.isFinite {
            probability = Logistic.probability(logOdds: eta)
            return nil
        }
        return RowProblem(row: row, line: bound.lineNumber(row), column: bound.overflowColumn(values: values, coefficients: fit.coefficients),
                          reason: .logOddsOverflow)
    }
}

extension CreditModel {
    /// Scorecard scoring: bins → WoE → PD, and bins → points → score and reasons, from the same bin lookup, so
    /// a row's points always equal the points table's entries for its bins.
    func score(_ table: Table, scorecard: ScorecardSection) throws -> ScoringOutcome {
        let bound = try BoundScorecard(section: scorecard, table: table)
        var probabilities = [Double](repeating: .nan, count: table.rowCount)
        var rows = [ScorecardRowResult?](repeating: nil, count: table.rowCount)
        var rejects: [RowProblem] = []
        var byReason: [String: Int] = [:], fallback: [String: Int] = [:]
        for row in 0..<table.rowCount {
            switch bound.score(row: row) {
            case .scored(let r):
                probabilities[row] = r.probability; rows[row] = r
                for j in r.unexpectedMissing { fallback[scorecard.characteristics[j].name, default: 0] += 1 }
            case .rejected(let problem): rejects.append(problem); byReason[problem.reasonText, default: 0] += 1
            }
        }
        var summary = ScoringSummary(rowsIn: table.rowCount, rowsScored: table.rowCount - rejects.count,
                                     rowsRejected: rejects.count, rejectedByReason: byReason, scoredWithFallback: fallback)
        let decisions = try decide(table: table, probabilities: &probabilities, scores: rows.map { $0?.score ?? 0 },
                                   rejects: &rejects, summary: &summary)
        for (row, p) in probabilities.enumerated() where p.isNaN { rows[row] = nil }
        var outcome = ScoringOutcome(probabilities: probabilities, rejects: rejects, summary: summary)
        outcome.scorecardRows = rows
        outcome.decisions = decisions
        return outcome
    }
}

/// A scored row's decision under the model's policy and what decided it.
public struct RowDecision: Sendable, Equatable {
    public var decision: Decision
    public var basis: DecisionBasis
}

extension CreditModel {
    /// Applies the model's policy (`DecisionPolicy`) to the scored rows of `table`: per row the first hard rule
    /// that holds, else the refer band, else the cut-off, on the score (points scale) or the PD. A row whose
    /// rule cannot be evaluated is rejected: its PD becomes NaN and its problem is returned (rows in = scored +
    /// rejected still holds). Rows already rejected (PD NaN) get no decision.
    /// - Parameters:
    ///   - firstRow: the 0-based index of the table's first row in the whole input (for the problems' `row`).
    ///   - scores: the scorecard score per row (needed for a points policy).
    /// - Throws: `RegressionError.missingColumn` when the table lacks a column a rule reads.
    func applyPolicy(_ policy: DecisionPolicy, table: Table, firstRow: Int, probabilities: inout [Double],
                     scores: [Int]?) throws -> (decisions: [RowDecision?], rejects: [RowProblem]) {
        let bound: BoundPolicy
        do { bound = try BoundPolicy(policy: policy, table: table) } catch let error as RuleBindingError {
            throw RegressionError.missingColumn(error.column)
        }
        var decisions = [RowDecision?](repeating: nil, count: table.rowCount)
        var rejects: [RowProblem] = []
        let evaluator = bound.evaluator(table: table)
        for row in 0..<table.rowCount where !probabilities[row].isNaN {
            do {
                let first = try evaluator.firstRule(row: row)
                let value = policy.cutoff.scale == .points ? Double(scores?[row] ?? 0) : probabilities[row]
                let (decision, basis) = policy.decide(value: value, firstRule: first)
                decisions[row] = RowDecision(decision: decision, basis: basis)
            } catch let error as PolicyRuleError {
                probabilities[row] = .nan
                rejects.append(RowProblem(row: firstRow + row, line: table.lineNumbers[row], column: error.error.column,
                                          reason: .policyRule(error.description)))
            }
        }
        return (decisions, rejects)
    }
}

extension CreditModel {
    /// Decisions counted per `DecisionPolicy.outcomes` entry.
    static func outcomeCounts(_ decisions: [RowDecision?], policy: DecisionPolicy) -> [Int] {
        var counts = [Int](repeating: 0, count: policy.outcomes.count)
        for d in decisions { if let d { counts[policy.outcomeIndex(d.decision, d.basis)] += 1 } }
        return counts
    }
}
