import CreditBinning
import Foundation
import CreditRegression
import CreditTabular
/// What the scorer gives one row of a scorecard model.
public struct ScorecardRowResult: Sendable, Equatable {
    /// Bin index per characteristic (scorecard order).
    public var bins: [Int]
    public var points: [Int]
    public var score: Int
    /// a + Σ β_j·WoE_j, the log-odds of bad.
    public var logOdds: Double
    public var probability: Double
    /// Characteristic indices of the reasons, most important first.
    public var reasons: [Int]
}

/// A scored row, or why it could not be scored.
public enum ScorecardRowOutcome: Sendable, Equatable {
    case scored(ScorecardRowResult)
    case rejected(RowProblem)
}

/// A scorecard bound to a table: every row's bins, points, score, PD and reasons.
public struct BoundScorecard: Sendable {
    public let section: ScorecardSection
    let assigners: [BinAssigner]
    let categoricalLevels: [[String]?]
    let lines: [Int]

    /// - Throws: `RegressionError.missingColumn` / `.columnTypeMismatch` when a column is absent or mistyped.
    public init(section: ScorecardSection, table: Table) throws {
        self.section = section
        var assigners: [BinAssigner] = [], levels: [[String]?] = []
        for ch in section.characteristics {
            guard let column = table[ch.name] else { throw RegressionError.missingColumn(ch.name) }
            do { assigners.append(try BinAssigner(spec: ch.bins, column: column)) } catch {
                throw RegressionError.columnTypeMismatch(column: ch.name, expected: ch.bins.type.rawValue)
            }
            if case .categorical(let c) = column { levels.append(c.levels) } else { levels.append(nil) }
        }
        self.assigners = assigners; self.categoricalLevels = levels; self.lines = table.lineNumbers
    }

    /// Scores one row, or says why it cannot be scored (an unseen level under the `.reject` policy).
    public func score(row: Int) -> ScorecardRowOutcome {
        let s = section
        var bins: [Int] = [], points: [Int] = [], eta = s.intercept, total = 0
        for (j, ch) in s.characteristics.enumerated() {
            var b = assigners[j].bin(row)
            if b == BinAssigner.unseen {
                guard let policyBin = ch.unseenLevelBin else {
                    let level = assigners[j].level(row) ?? ""
                    return .rejected(RowProblem(row: row, line: lines[row], column: ch.name, reason: .unseenLevel(level)))
                }
                b = policyBin
            }
            bins.append(b)
            points.append(ch.points[b])
            total += ch.points[b]
            eta += ch.coefficient * ch.woe[b]
        }
        let pd = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
        return .scored(ScorecardRowResult(bins: bins, points: points, score: total, logOdds: eta, probability: pd,
                                           reasons: Self.reasons(points: points, settings: s.reasons)))
    }

    /// Top `settings.count` characteristics by shortfall = reference − points (only positive shortfalls),
    /// largest first; ties go to the characteristic listed first in the scorecard.
    public static func reasons(points: [Int], settings: ReasonSettings) -> [Int] {
        let shortfall = points.indices.map { settings.referencePoints[$0] - Double(points[$0]) }
        return points.indices.filter { shortfall[$0] > 0 }
            .sorted { shortfall[$0] > shortfall[$1] || (shortfall[$0] == shortfall[$1] && $0 < $1) }
            .prefix(settings.count).map { $0 }
    }
}

extension BinAssigner {
    /// The categorical level text of `row` (nil for numeric columns or a missing value).
    func level(_ row: Int) -> String? { levelText(row) }
}

extension ScorecardSection {
    /// The code and text shown for characteristic `index`.
    public func reasonCode(_ index: Int) -> ReasonCode {
        let name = characteristics[index].name
        return reasons.codes[name] ?? ReasonCode(code: name, text: "\(name): points below the \(reasons.reference == .maximum ? "best attainable" : "average")")
    }
}
