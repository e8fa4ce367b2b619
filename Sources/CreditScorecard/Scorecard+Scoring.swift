import CreditBinning
import Foundation
import CreditRegression
import CreditTabular
import CreditSupport
/// What the scorer gives one row of a scorecard model.
public struct ScorecardRowResult: Sendable, Equatable {
    /// Bin index per characteristic (scorecard order): the bin the value falls in (whose reason code is shown;
    /// its points and WoE are `ScorecardSection.valueBin`'s).
    public var bins: [Int]
    public var points: [Int]
    public var score: Int
    /// a + Σ β_j·WoE_j, the log-odds of bad.
    public var logOdds: Double
    public var probability: Double
    /// Characteristic indices of the reasons, most important first.
    public var reasons: [Int]
    /// Characteristics (indices) whose value was missing although training saw no missing value there, scored by
    /// `ScorecardSection.onUnexpectedMissing` (neutral or riskiest; under reject the row is not scored).
    public var unexpectedMissing: [Int] = []
}

/// A scored row, or why it could not be scored.
package enum ScorecardRowOutcome: Sendable, Equatable {
    case scored(ScorecardRowResult)
    case rejected(RowProblem)
}

/// A scorecard bound to a table: every row's bins, points, score, PD and reasons.
package struct BoundScorecard: Sendable {
    package let section: ScorecardSection
    let assigners: [BinAssigner]
    let categoricalLevels: [[String]?]
    let lines: [Int]

    /// - Throws: `RegressionError.missingColumn` / `.columnTypeMismatch` when a column is absent or mistyped.
    package init(section: ScorecardSection, table: Table) throws {
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
    package func score(row: Int) -> ScorecardRowOutcome {
        let s = section
        var bins: [Int] = [], points: [Int] = [], eta = s.intercept, total = 0
        var unexpected: [Int] = []
        for (j, ch) in s.characteristics.enumerated() {
            var b = assigners[j].bin(row)
            if b == ch.bins.missingIndex && !ch.missingSeenInTraining {
                if s.rejectsMissing(j) {
                    return .rejected(RowProblem(row: row, line: lines[row], column: ch.name, reason: .unexpectedMissing))
                }
                unexpected.append(j)
            }
            if b == BinAssigner.unseen {
                guard let policyBin = ch.unseenLevelBin else {
                    let level = assigners[j].level(row) ?? ""
                    return .rejected(RowProblem(row: row, line: lines[row], column: ch.name, reason: .unseenLevel(level)))
                }
                b = policyBin
            }
            let v = s.valueBin(j, b)
            guard Int32(exactly: ch.points[v]) != nil else {
                return .rejected(RowProblem(row: row, line: lines[row], column: ch.name, reason: .pointsOutOfRange(ch.points[v])))
            }
            bins.append(b)
            points.append(ch.points[v])
            total += ch.points[v]       // at most k · 2³¹ in magnitude: no overflow
            eta += ch.coefficient * ch.woe[v]
        }
        guard eta.isFinite else {
            return .rejected(RowProblem(row: row, line: lines[row], column: s.overflowCharacteristic(bins: bins), reason: .logOddsOverflow))
        }
        let pd = Logistic.probability(logOdds: eta)
        return .scored(ScorecardRowResult(bins: bins, points: points, score: total, logOdds: eta, probability: pd,
                                           reasons: Self.reasons(points: points, settings: s.reasons), unexpectedMissing: unexpected))
    }

    /// Top `settings.count` characteristics by shortfall = reference − points (only positive shortfalls),
    /// largest first; ties go to the characteristic listed first in the scorecard. A count beyond the
    /// characteristics gives them all (a negative count, none).
    package static func reasons(points: [Int], settings: ReasonSettings) -> [Int] {
        let shortfall = points.indices.map { settings.referencePoints[$0] - Double(points[$0]) }
        return points.indices.filter { shortfall[$0] > 0 }
            .sorted { shortfall[$0] > shortfall[$1] || (shortfall[$0] == shortfall[$1] && $0 < $1) }
            .prefix(max(0, settings.count)).map { $0 }
    }
}

extension BinAssigner {
    /// The categorical level text of `row` (nil for numeric columns or a missing value).
    func level(_ row: Int) -> String? { levelText(row) }
}

extension ScorecardSection {
    /// Reason columns per scored row: the model's reason count, but at most max(characteristics, 4) — more could
    /// never be filled (4 is the default, kept for a card with fewer characteristics) — and at least 0. A model
    /// file asking for more (only an edited one) is scored with this many.
    public var reasonsPerRow: Int {
        min(max(0, reasons.count), max(characteristics.count, ReasonSettings.defaultCount))
    }

    /// The characteristic to blame when a row's log-odds a + Σⱼ βⱼ·WoEⱼ is not finite
    /// (`RowProblem.Reason.logOddsOverflow`): the first whose βⱼ·WoE of the row's bin is not finite, else the one
    /// with the largest |βⱼ·WoE|; "(intercept)" when only the intercept is not finite.
    /// - Parameter bins: the row's bin per characteristic.
    package func overflowCharacteristic(bins: [Int]) -> String {
        var largest: (name: String, size: Double)? = nil
        for (j, ch) in characteristics.enumerated() {
            let term = ch.coefficient * ch.woe[bins[j]]
            if !term.isFinite { return ch.name }
            if largest == nil || abs(term) > largest!.size { largest = (ch.name, abs(term)) }
        }
        if !intercept.isFinite { return "(intercept)" }
        return largest?.name ?? "(intercept)"
    }

    /// The code and text shown for characteristic `index`.
    public func reasonCode(_ index: Int) -> ReasonCode {
        let name = characteristics[index].name
        return reasons.codes[name] ?? ReasonCode(code: name, text: "\(name): points below the \(reasons.reference == .maximum ? "best attainable" : "average")")
    }

    /// The code and text shown for characteristic `index` when the applicant is in bin `bin`: the bin's own code
    /// (`ReasonSettings.binCodes`) or the characteristic's (`reasonCode(_:)`).
    public func reasonCode(_ index: Int, bin: Int) -> ReasonCode {
        let ch = characteristics[index]
        if let own = reasons.binCodes?[ch.name], bin >= 0, bin < ch.bins.binCount, let code = own[ch.bins.label(bin)] { return code }
        return reasonCode(index)
    }

    /// Every (characteristic, bin) reason code, flattened: entry `binOffsets[j] + b` is `reasonCode(j, bin: b)`.
    public var binReasonCodes: (codes: [ReasonCode], binOffsets: [Int]) {
        var codes: [ReasonCode] = [], offsets: [Int] = []
        for (j, ch) in characteristics.enumerated() {
            offsets.append(codes.count)
            for b in 0..<ch.bins.binCount { codes.append(reasonCode(j, bin: b)) }
        }
        return (codes, offsets)
    }

    /// Checks that every per-bin reason code of a characteristic in the card names one of its bins.
    /// - Throws: `ScorecardError.unknownReasonBin`.
    public func checkBinReasonCodes() throws {
        for ch in characteristics {
            guard let own = reasons.binCodes?[ch.name] else { continue }
            let labels = (0..<ch.bins.binCount).map { ch.bins.label($0) }
            for bin in own.keys.sorted() where !labels.contains(bin) {
                throw ScorecardError.unknownReasonBin(characteristic: ch.name, bin: bin, labels: labels)
            }
        }
    }
}
