import CreditBinning
import Foundation
import CreditLinearAlgebra
import CreditRegression
import CreditTabular
/// One characteristic of a points scorecard: its bins, their WoE (from training), the fitted coefficient and
/// the points of each bin.
public struct ScorecardCharacteristic: Sendable, Codable, Equatable {
    public var bins: CharacteristicBins
    /// The training binning table (counts, WoE, IV): the audit record of the WoE used.
    public var table: BinningTable
    /// β_j of the WoE-coded logistic regression (expected > 0 under WoE = ln(%bad/%good)).
    public var coefficient: Double
    /// Offset/k − Factor·(β_j·WoE + a/k) per bin, before rounding.
    public var rawPoints: [Double]
    /// `rawPoints` rounded to the nearest integer (halves away from zero). Rounding is monotone, so the
    /// order of a characteristic's bins by points never changes (ties may appear, reversals cannot).
    public var points: [Int]
    public var name: String { bins.name }
    public var woe: [Double] { table.woes }
    /// The bin an unseen categorical level takes under the `.riskiest` policy: the largest WoE (first on ties).
    public var riskiestBin: Int { woe.indices.max { woe[$0] < woe[$1] || (woe[$0] == woe[$1] && $0 > $1) }! }
    /// The bin a scorer gives a categorical level the bins do not name (`CharacteristicBins.unseenLevelBin`: the
    /// `other` bin, `riskiestBin`, or nil when the row is rejected).
    public var unseenLevelBin: Int? { bins.unseenLevelBin(riskiest: riskiestBin) }
}

/// How reason codes are chosen (Regulation B, comment 9(b)(2)-5: rank by points below a reference).
public enum ReasonReference: String, Sendable, Codable, CaseIterable {
    /// The maximum points attainable on each characteristic.
    case maximum
    /// The average points of the training rows on each characteristic.
    case average
    /// The average points of the training applicants just at or above a cut-off score: of the training rows
    /// scoring at least `ReasonSettings.cutoff`, the lowest-scoring 10% (at least one; ties by row order).
    case cutoff
}

/// A user-mappable adverse-action code and text for a characteristic.
public struct ReasonCode: Sendable, Codable, Equatable {
    public var code: String
    public var text: String
    public init(code: String, text: String) { self.code = code; self.text = text }
}

/// Reason-code settings stored in the model.
public struct ReasonSettings: Sendable, Codable, Equatable {
    /// How many reasons per applicant (default 4; comment 9(b)(2)-1: more than four is not likely helpful).
    public var count: Int = 4
    public var reference: ReasonReference = .maximum
    /// The cut-off score for `.cutoff`.
    public var cutoff: Double?
    /// Reference points per characteristic (scorecard order), fixed at training.
    public var referencePoints: [Double] = []
    /// Code and text per characteristic name; characteristics without an entry report their own name.
    public var codes: [String: ReasonCode] = [:]
    public init(count: Int = 4, reference: ReasonReference = .maximum, cutoff: Double? = nil, codes: [String: ReasonCode] = [:]) {
        self.count = count; self.reference = reference; self.cutoff = cutoff; self.codes = codes
    }
}

/// The scorecard section of a model file (version 2).
///
/// Score of a row = Σ_j points_j[bin_j(row)] (integers). PD of a row = the logistic model on the WoE of its
/// bins, 1/(1 + e^−(a + Σ β_j·WoE_j)), exactly as fitted. `ScorecardScaling.probability(score:)` gives the PD
/// a (rounded) score stands for.
public struct ScorecardSection: Sendable, Codable, Equatable {
    public var woeConvention: String = WeightOfEvidence.convention
    public var scaling: ScorecardScaling
    /// The binning rules used (zero-count rule, fallback, unseen policy, constraints).
    public var binning: BinningOptions
    public var intercept: Double
    public var characteristics: [ScorecardCharacteristic]
    public var reasons: ReasonSettings
    /// Characteristics whose coefficient is not positive (against the WoE's sign): a warning at training.
    public var wrongSign: [String]
    /// Characteristics left out, with the reason (selection filters, constant WoE).
    public var excluded: [String: String]

    /// Lowest and highest total score attainable.
    public var scoreRange: (min: Int, max: Int) {
        (characteristics.reduce(0) { $0 + $1.points.min()! }, characteristics.reduce(0) { $0 + $1.points.max()! })
    }
}

/// Why a scorecard could not be built. Messages are in the library's terms; a front end may name its own
/// options instead (`credit` names `--min-iv` and `--cutoff`).
public enum ScorecardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The selection filters left no characteristic (or every one left has the same WoE on every row).
    case noCharacteristicLeft
    /// `ReasonReference.cutoff` without `ReasonSettings.cutoff`.
    case missingCutoff
    /// No training applicant scores at or above the cut-off of `ReasonReference.cutoff`; the training scores
    /// run from `lowest` to `highest`.
    case noApplicantAtCutoff(cutoff: Double, lowest: Int, highest: Int)
    /// `ReasonReference.cutoff` needs every training applicant's score, which out-of-core training does not keep.
    case cutoffReferenceOutOfCore
    /// A reason-code file without the three columns characteristic, code, text.
    case reasonCodeColumns(path: String)

    public var description: String {
        switch self {
        case .noCharacteristicLeft:
            return "no characteristic is left for the scorecard: every characteristic was filtered out (lower the minimum IV?)"
        case .missingCutoff:
            return "the cut-off reason reference needs a cut-off score"
        case .noApplicantAtCutoff(let cutoff, let lowest, let highest):
            return "no training applicant scores at or above the cut-off \(cutoff) (scores run \(lowest) to \(highest)); lower the cut-off"
        case .cutoffReferenceOutOfCore:
            return "the cut-off reason reference needs every training applicant's score and is not available out of core; use maximum or average"
        case .reasonCodeColumns(let path):
            return "reason codes \(path): expected columns characteristic,code,text"
        }
    }
}

extension ScorecardSection {
    /// The points table of a WoE-coded fit (coefficients: intercept a, then one β per characteristic, k of them):
    /// points per bin = Offset/k − Factor·(β·WoE + a/k), rounded to integers. Shared by the in-memory and the
    /// out-of-core training.
    static func scaledCharacteristics(_ chosen: [(CharacteristicBins, BinningTable)], coefficients: [Double],
                                      scaling: ScorecardScaling) -> [ScorecardCharacteristic] {
        let k = Double(chosen.count), a = coefficients[0]
        let factor = scaling.factor, offset = scaling.offset
        return chosen.enumerated().map { j, c in
            let beta = coefficients[j + 1]
            let raw = c.1.woes.map { offset / k - factor * (beta * $0 + a / k) }
            return ScorecardCharacteristic(bins: c.0, table: c.1, coefficient: beta, rawPoints: raw,
                                           points: raw.map { Int($0.rounded()) })
        }
    }

    /// Bins the characteristics, fits the WoE-coded logistic regression and scales it to points.
    ///
    /// - Parameters:
    ///   - process: binning options, specials and selection (the selection filters choose the characteristics).
    ///   - spec: fixed bins to use instead of searching.
    /// - Returns: the section, the fit (terms "const" and the characteristic names) and the result of binning.
    /// - Throws: `BinningError`, `RegressionError`, `ScorecardError`.
    public static func train(table: Table, target: String, bad: String, columns: [String]? = nil,
                             process: BinningProcess, spec: BinsSpec? = nil, scaling: ScorecardScaling,
                             reasons: ReasonSettings = ReasonSettings())
        throws -> (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult)
    {
        let binning = try process.run(table: table, target: target, bad: bad, columns: columns, spec: spec)
        let flags = try TargetCoding.flags(table: table, target: target, bad: bad)
        let rows = flags.indices.filter { flags[$0] >= 0 }
        var excluded: [String: String] = [:]
        for r in binning.ranking where !r.selected { excluded[r.name] = r.reason ?? "not selected" }
        var chosen: [(CharacteristicBins, BinningTable, [Double])] = []
        for (c, t) in zip(binning.spec.characteristics, binning.tables) where excluded[c.name] == nil {
            let a = try BinAssigner(spec: c, column: table[c.name]!)
            let w = t.woes
            let column = rows.map { w[a.countedBin($0)] }
            if column.allSatisfy({ $0 == column[0] }) { excluded[c.name] = "WoE is the same for every row (one bin)"; continue }
            chosen.append((c, t, column))
        }
        guard !chosen.isEmpty else {
            throw ScorecardError.noCharacteristicLeft
        }
        let k = chosen.count, n = rows.count
        var elements = [Double](repeating: 1, count: n * (k + 1))
        for (j, c) in chosen.enumerated() { elements.replaceSubrange(((j + 1) * n)..<((j + 2) * n), with: c.2) }
        let y = rows.map { Double(flags[$0]) }
        let fit = try LogisticRegression().fit(x: Matrix(rows: n, columns: k + 1, columnMajor: elements), y: y,
                                               termNames: ["const"] + chosen.map(\.0.name))
        let a = fit.coefficients[0]
        let characteristics = scaledCharacteristics(chosen.map { ($0.0, $0.1) }, coefficients: fit.coefficients,
                                                    scaling: scaling)
        var settings = reasons
        // Training rows' bins per characteristic (for the average and cut-off references).
        let rowBins: [[Int]] = try chosen.map { c in
            let a = try BinAssigner(spec: c.0, column: table[c.0.name]!)
            return rows.map { a.countedBin($0) }
        }
        func meanPoints(over sample: [Int]) -> [Double] {
            characteristics.indices.map { j in
                sample.reduce(0.0) { $0 + Double(characteristics[j].points[rowBins[j][$1]]) } / Double(sample.count)
            }
        }
        switch reasons.reference {
        case .maximum:
            settings.referencePoints = characteristics.map { Double($0.points.max()!) }
        case .average:
            settings.referencePoints = meanPoints(over: Array(rows.indices))
        case .cutoff:
            guard let cutoff = reasons.cutoff else { throw ScorecardError.missingCutoff }
            let scores = rows.indices.map { i in characteristics.indices.reduce(0) { $0 + characteristics[$1].points[rowBins[$1][i]] } }
            let above = rows.indices.filter { Double(scores[$0]) >= cutoff }.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            guard !above.isEmpty else {
                throw ScorecardError.noApplicantAtCutoff(cutoff: cutoff, lowest: scores.min()!, highest: scores.max()!)
            }
            settings.referencePoints = meanPoints(over: Array(above.prefix(max(1, (above.count + 9) / 10))))
        }
        let section = ScorecardSection(scaling: scaling, binning: binning.spec.options, intercept: a,
                                       characteristics: characteristics, reasons: settings,
                                       wrongSign: characteristics.filter { !($0.coefficient > 0) }.map(\.name),
                                       excluded: excluded)
        return (section, fit, binning)
    }
}
