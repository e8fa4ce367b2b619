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
    /// True when training saw a missing value here (the missing bin has training rows). When it did not, the
    /// missing bin's WoE and points are a fallback, not evidence, and a missing value at scoring time follows
    /// `ScorecardSection.onUnexpectedMissing`.
    public var missingSeenInTraining: Bool {
        let m = bins.missingIndex
        return m < table.bins.count && table.bins[m].count > 0
    }
}

/// What a scorecard does with a missing value in a characteristic that had none in training: its missing bin has
/// no training rows, so its points say nothing about such applicants (a blank debt-to-income would otherwise get
/// the average points of the small-bin fallback and could be approved on them).
public enum UnexpectedMissingPolicy: String, Sendable, Codable, CaseIterable {
    /// Score the missing bin as fitted: the small-bin fallback WoE (`SmallBinFallback`, WoE 0 by default).
    case neutral
    /// Score the characteristic's riskiest bin (the largest WoE), as for an unseen level under `.riskiest`.
    case riskiest
    /// Reject the row, with the reason: the data, not the applicant, needs a look.
    case reject

    /// The policy `credit train --scorecard` records unless told otherwise: reject.
    public static let trainingDefault = UnexpectedMissingPolicy.reject
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
    /// Training accepts 0…max(characteristics, 4) (`ScorecardError.reasonCount`).
    public var count: Int = ReasonSettings.defaultCount
    /// The default number of reasons, 4.
    public static let defaultCount = 4
    public var reference: ReasonReference = .maximum
    /// The cut-off score for `.cutoff`.
    public var cutoff: Double?
    /// Reference points per characteristic (scorecard order), fixed at training.
    public var referencePoints: [Double] = []
    /// Code and text per characteristic name; characteristics without an entry report their own name.
    public var codes: [String: ReasonCode] = [:]
    /// Code and text per bin, by characteristic name then bin label (`CharacteristicBins.label`: "missing",
    /// "other", a special group's label, "[0.3, 0.5)"), overriding `codes` for rows in that bin: a thin-file
    /// applicant's missing bureau record can say "no credit history on file" instead of the characteristic's
    /// text. Nil when no bin has its own code (model file version 4 when set).
    public var binCodes: [String: [String: ReasonCode]]?
    public init(count: Int = ReasonSettings.defaultCount, reference: ReasonReference = .maximum, cutoff: Double? = nil, codes: [String: ReasonCode] = [:]) {
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
    /// What a missing value does in a characteristic whose training data had none (`UnexpectedMissingPolicy`);
    /// nil in models trained before the option, which score it as `.neutral` (model file version 4 when set).
    public var onUnexpectedMissing: UnexpectedMissingPolicy?
    /// The reject inference this card was refitted with (`ScorecardSection.inferringRejects`): method, parameters
    /// and rows; nil for a card fitted on its training rows alone (model file version 4 when set).
    public var rejectInference: RejectInferenceSettings? = nil
    /// The frequency-weight column the card was trained with (`ScorecardSection.train(…weightColumn:)`): its bins,
    /// WoE and WoE regression count row i wᵢ times. Not a characteristic, not read at scoring; nil for an
    /// unweighted card (model file version 4 when set).
    public var weightColumn: String? = nil

    /// True when a missing value of characteristic `j` rejects the row: training saw no missing value there and
    /// `onUnexpectedMissing` is `.reject`.
    public func rejectsMissing(_ j: Int) -> Bool {
        onUnexpectedMissing == .reject && !characteristics[j].missingSeenInTraining
    }

    /// The bin whose points and WoE score an applicant in bin `b` of characteristic `j`: `b` itself, except the
    /// missing bin of a characteristic whose training saw no missing value, under `.riskiest`: it is scored with
    /// the riskiest bin's points and WoE (and keeps its own reason code, so the applicant is told the value is
    /// missing, not that it is the riskiest).
    @inlinable
    public func valueBin(_ j: Int, _ b: Int) -> Int {
        let ch = characteristics[j]
        if onUnexpectedMissing == .riskiest && b == ch.bins.missingIndex && !ch.missingSeenInTraining { return ch.riskiestBin }
        return b
    }

    /// Lowest and highest total score attainable (a sum beyond `Int` saturates at `Int.min`/`Int.max`; only an
    /// edited model's points can get there).
    public var scoreRange: (min: Int, max: Int) {
        func sum(_ pick: ([Int]) -> Int?) -> Int {
            characteristics.reduce(0) { total, ch in
                let (s, overflow) = total.addingReportingOverflow(pick(ch.points) ?? 0)
                return overflow ? (total > 0 ? Int.max : Int.min) : s
            }
        }
        return (sum { $0.min() }, sum { $0.max() })
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
    /// The scaling does not define a score: PDO and base odds must be finite and positive, the base score finite.
    case invalidScaling(pdo: Double, baseScore: Double, baseOdds: Double)
    /// The scaling gives a bin `rawPoints` (unrounded) beyond ±`limit` (`ScorecardSection.maximumPoints`).
    case pointsOutOfRange(characteristic: String, rawPoints: Double, limit: Int)
    /// After rounding to whole points every bin of every characteristic has the same points (the PDO is too small
    /// for whole points to tell the bins apart), so every applicant would get the same score.
    case constantPoints(pdo: Double, score: Int)
    /// More reasons per applicant than the card can give, or fewer than 0: at most `limit` =
    /// max(characteristics, 4).
    case reasonCount(requested: Int, limit: Int)
    /// A per-bin reason code names a bin the characteristic does not have; `labels` are the bins it has.
    case unknownReasonBin(characteristic: String, bin: String, labels: [String])
    /// A characteristic forced into the selection is not on the card: the binning's filters left it out
    /// (`reason`), or the data have no such column.
    case forcedNotOnCard(characteristic: String, reason: String)
    /// A test row of a cross-validation fold cannot be scored by the card trained on that fold's training rows
    /// (`problem`: e.g. a missing value where the fold's training rows had none, under the `.reject` policy).
    case foldRowRejected(fold: Int, repetition: Int, problem: String)
    /// A penalised fit set every characteristic's coefficient to 0 at this λ (too strong a penalty).
    case everyCoefficientZero(lambda: Double)
    /// The selection kept no characteristic (no characteristic improves the criterion of the intercept-only model,
    /// or none has the required sign).
    case noCharacteristicSelected

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
            return "reason codes \(path): expected columns characteristic,code,text or characteristic,bin,code,text"
        case .invalidScaling(let pdo, let baseScore, let baseOdds):
            return "the scaling needs a finite positive PDO and base odds and a finite base score (got PDO \(pdo), base score \(baseScore), base odds \(baseOdds))"
        case .pointsOutOfRange(let name, let raw, let limit):
            return "the scaling gives '\(name)' a bin of \(raw) points, beyond the ±\(limit) a model holds; use a smaller PDO or base score"
        case .constantPoints(let pdo, let score):
            return "with PDO \(pdo) a doubling of the odds is worth less than the 1-point rounding: every bin of every characteristic gets the same points, so every applicant would score \(score); use a larger PDO (e.g. 20)"
        case .reasonCount(let requested, let limit):
            return "\(requested) reasons per applicant: the scorecard can give 0 to \(limit) (its characteristics, or the default 4)"
        case .unknownReasonBin(let name, let bin, let labels):
            return "reason codes: '\(name)' has no bin '\(bin)'; its bins are " + labels.map { "'\($0)'" }.joined(separator: ", ")
                + " (as 'credit bin' labels them)"
        case .forcedNotOnCard(let name, let reason):
            return "'\(name)' is forced into the selection but is not a characteristic of the scorecard (\(reason))"
        case .everyCoefficientZero(let lambda):
            return "the penalty at λ \(lambda) sets every characteristic's coefficient to 0, so no characteristic is left for the card; use a smaller λ"
        case .foldRowRejected(let fold, let repetition, let problem):
            return "cross-validation fold \(fold) (repetition \(repetition)): a test row cannot be scored by the card of the fold's training rows: \(problem); score such values with the unexpected-missing policy neutral or riskiest"
        case .noCharacteristicSelected:
            return "the selection kept no characteristic: none improves the intercept-only model with a positive coefficient; force one or use another criterion"
        }
    }
}

extension ScorecardSection {
    /// The largest |points| of a bin, 10⁹ (the bound a model file's points are checked against on load): a
    /// score sums one bin's points per characteristic in `Int`, and the streaming scorer keeps points as `Int32`.
    public static let maximumPoints = 1_000_000_000

    /// Checks, before any binning, what training can check of the settings alone: the scaling
    /// (`ScorecardScaling.validate()`) and a reason count ≥ 0.
    static func checkSettings(scaling: ScorecardScaling, reasons: ReasonSettings) throws {
        try scaling.validate()
        if reasons.count < 0 { throw ScorecardError.reasonCount(requested: reasons.count, limit: ReasonSettings.defaultCount) }
    }

    /// The points table of a WoE-coded fit (coefficients: intercept a, then one β per characteristic, k of them):
    /// points per bin = Offset/k − Factor·(β·WoE + a/k), rounded to integers. Shared by the in-memory and the
    /// out-of-core training.
    /// - Throws: `ScorecardError.pointsOutOfRange` when a bin's points are not finite or beyond ±`maximumPoints`
    ///   (a PDO or base score far too large), `.constantPoints` when every bin of every characteristic rounds to
    ///   the same points (a PDO far too small: PDO 10⁻³⁰⁰ would score everyone 600), `.reasonCount` when more
    ///   reasons are asked for than max(characteristics, 4).
    static func scaledCharacteristics(_ chosen: [(CharacteristicBins, BinningTable)], coefficients: [Double],
                                      scaling: ScorecardScaling, reasons: ReasonSettings) throws -> [ScorecardCharacteristic] {
        let limit = max(chosen.count, ReasonSettings.defaultCount)
        if reasons.count > limit { throw ScorecardError.reasonCount(requested: reasons.count, limit: limit) }
        let k = Double(chosen.count), a = coefficients[0]
        let factor = scaling.factor, offset = scaling.offset
        let characteristics = try chosen.enumerated().map { j, c in
            let beta = coefficients[j + 1]
            let raw = c.1.woes.map { offset / k - factor * (beta * $0 + a / k) }
            if let bad = raw.first(where: { !($0.magnitude <= Double(maximumPoints)) }) {
                throw ScorecardError.pointsOutOfRange(characteristic: c.0.name, rawPoints: bad, limit: maximumPoints)
            }
            return ScorecardCharacteristic(bins: c.0, table: c.1, coefficient: beta, rawPoints: raw,
                                           points: raw.map { Int($0.rounded()) })
        }
        if characteristics.allSatisfy({ Set($0.points).count == 1 }) {
            throw ScorecardError.constantPoints(pdo: scaling.pdo, score: characteristics.reduce(0) { $0 + $1.points[0] })
        }
        return characteristics
    }

    /// Bins the characteristics, fits the WoE-coded logistic regression and scales it to points.
    ///
    /// - Parameters:
    ///   - process: binning options, specials and selection (the selection filters choose the characteristics).
    ///   - spec: fixed bins to use instead of searching.
    ///   - populationBadRate: the population bad rate τ when the training sample's bad rate differs (oversampled
    ///     bads): the fitted intercept is prior-corrected (`LogisticRegressionResult.priorCorrected`, King & Zeng
    ///     2001) before the points are scaled, so the PDs and the points stand for the population's odds.
    ///   - selection: forward, backward or stepwise selection of the characteristics on the WoE design
    ///     (`VariableSelection`: one WoE column per characteristic, so a characteristic enters or leaves whole);
    ///     the selected characteristics are the card's, the others are `excluded` with the selection's reason.
    ///     Nil: every characteristic the binning selected.
    ///   - collinearity: compute `DesignDiagnostics` (VIF, condition number, correlation) of the final WoE design.
    ///   - fitOptions: the WoE regression's options; with `firth` the card's coefficients, and so its points and
    ///     PDs, are Firth's penalised-likelihood estimates (`FirthLogisticRegression`, as R logistf), finite under
    ///     separation (a bin with no bads). A selection still compares maximum-likelihood fits.
    ///   - penalty: a penalised WoE fit at one λ (`PenalizedOptions.lambdas` = [λ]; glmnet's scale, the WoE columns
    ///     standardised internally, `PenalizedLogisticRegression`): the points are scaled from the penalised
    ///     coefficients. A characteristic whose coefficient is exactly 0 (lasso or elastic-net) leaves the card:
    ///     it would give every bin the same points, so it is listed as excluded. Not with `selection` or Firth.
    ///   - weightColumn: a numeric column of frequency weights (≥ 0; `BinningWeights.read`, checked on the rows
    ///     with a target): never a characteristic. The binning counts row i wᵢ times (`BinningProcess.run(…weights:)`),
    ///     the WoE regression is fitted with the same frequency weights (as the reject-inference refit, statsmodels
    ///     `GLM(family=Binomial(), freq_weights=w)`), and so are the selection's fits, the penalised fit and Firth's;
    ///     the average and cut-off reason references are weighted means. Whole-number weights give the card of the
    ///     data with each row repeated wᵢ times. The collinearity diagnostics stay those of the design rows, as
    ///     for a weighted regression (`LogisticRegressionRequest`).
    /// - Returns: the section, the fit (terms "const" and the characteristic names), the result of binning, the
    ///   selection path (with `selection`) and the collinearity diagnostics (with `collinearity`).
    /// - Throws: `BinningError`, `RegressionError`, `ScorecardError` (`.forcedNotOnCard` when a forced
    ///   characteristic is not among the characteristics the binning kept).
    public static func train(table: Table, target: String, bad: String, columns: [String]? = nil,
                             process: BinningProcess, spec: BinsSpec? = nil, scaling: ScorecardScaling,
                             reasons: ReasonSettings = ReasonSettings(), populationBadRate: Double? = nil,
                             selection: SelectionOptions? = nil, collinearity: Bool = false,
                             fitOptions: LogisticRegressionOptions = LogisticRegressionOptions(),
                             penalty: PenalizedOptions? = nil, weightColumn: String? = nil)
        throws -> (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult,
                   selection: SelectionResult?, collinearity: DesignDiagnostics?)
    {
        try checkSettings(scaling: scaling, reasons: reasons)
        if let rate = populationBadRate, !(rate > 0 && rate < 1) { throw RegressionError.invalidPopulationBadRate(rate) }
        let flags = try TargetCoding.flags(table: table, target: target, bad: bad)
        let tableWeights = try weightColumn.map { try BinningWeights.read(table: table, column: $0, target: target, flags: flags) }
        let columns = columns ?? (spec == nil ? weightColumn.map { w in table.columnNames.filter { $0 != target && $0 != w } } : nil)
        var spec = spec
        if let weightColumn { spec?.characteristics.removeAll { $0.name == weightColumn } }
        let binning = try process.run(table: table, target: target, bad: bad, columns: columns, spec: spec, weights: tableWeights)
        let rows = flags.indices.filter { flags[$0] >= 0 }
        let weights = tableWeights.map { w in rows.map { w[$0] } }
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
        var path: SelectionResult? = nil
        if let selection {
            for name in selection.forced where !chosen.contains(where: { $0.0.name == name }) {
                throw ScorecardError.forcedNotOnCard(characteristic: name, reason: excluded[name] ?? "not among the characteristics binned")
            }
            let design = try woeDesign(chosen.map { ($0.0.name, $0.2) }, target: target,
                                       y: rows.map { Double(flags[$0]) }, lines: rows.map { table.lineNumbers[$0] })
            let result = try VariableSelection(options: selection).run(design, weights: weights)
            let why = "not selected (\(selection.direction.rawValue) selection by \(selection.criterionName))"
            for c in chosen where !result.selected.contains(c.0.name) { excluded[c.0.name] = why }
            chosen.removeAll { !result.selected.contains($0.0.name) }
            guard !chosen.isEmpty else { throw ScorecardError.noCharacteristicSelected }
            path = result
        }
        let y = rows.map { Double(flags[$0]) }
        var penalisedFit: LogisticRegressionResult? = nil
        var coefficients: [Double]? = nil
        if let penalty {
            guard let lambdas = penalty.lambdas, lambdas.count == 1 else {
                throw RegressionError.invalidOption("a scorecard's penalised fit needs exactly one λ")
            }
            guard selection == nil && !fitOptions.firth else {
                throw RegressionError.invalidOption("a penalised scorecard fit takes neither a selection nor Firth's penalty")
            }
            let design = try woeDesign(chosen.map { ($0.0.name, $0.2) }, target: target, y: y, lines: rows.map { table.lineNumbers[$0] })
            let path = try PenalizedLogisticRegression(options: penalty).path(design, weights: weights)
            let result = path.result(at: path.fits.count - 1, design: design, weights: weights)
            let what = penalty.mix == 1 ? "lasso" : "elastic-net"
            var kept = [result.coefficients[0]]
            var keep: [(CharacteristicBins, BinningTable, [Double])] = []
            for (j, c) in chosen.enumerated() {
                if result.coefficients[j + 1] == 0 {
                    excluded[c.0.name] = "coefficient 0 under the \(what) penalty at λ \(lambdas[0])"
                } else { keep.append(c); kept.append(result.coefficients[j + 1]) }
            }
            guard !keep.isEmpty else { throw ScorecardError.everyCoefficientZero(lambda: lambdas[0]) }
            chosen = keep
            penalisedFit = result
            coefficients = kept
        }
        let k = chosen.count, n = rows.count
        var elements = [Double](repeating: 1, count: n * (k + 1))
        for (j, c) in chosen.enumerated() { elements.replaceSubrange(((j + 1) * n)..<((j + 2) * n), with: c.2) }
        let x = Matrix(rows: n, columns: k + 1, columnMajor: elements)
        let termNames = ["const"] + chosen.map(\.0.name)
        var fit: LogisticRegressionResult
        if let penalisedFit {
            fit = penalisedFit
        } else if let weights {
            // The frequency-weighted WoE fit: Firth's on the WoE design (its weighted solver), else the weighted
            // Newton fit of the reject-inference refit.
            fit = fitOptions.firth
                ? try LogisticRegression(options: fitOptions).fit(
                    try woeDesign(chosen.map { ($0.0.name, $0.2) }, target: target, y: y, lines: rows.map { table.lineNumbers[$0] }),
                    weights: weights)
                : try LogisticRegression(options: fitOptions).fit(x: x, y: y, weights: weights, termNames: termNames)
        } else {
            fit = try LogisticRegression(options: fitOptions).fit(x: x, y: y, termNames: termNames)
        }
        let diagnostics = collinearity ? DesignDiagnostics(x: x, termNames: ["const"] + chosen.map(\.0.name), interceptColumn: 0) : nil
        if let rate = populationBadRate { fit = try fit.priorCorrected(populationBadRate: rate, interceptColumn: 0) }
        let a = fit.coefficients[0]
        // A penalised fit's zero coefficients leave the card: the intercept (prior-corrected) and the others.
        let cardCoefficients = coefficients.map { [a] + $0.dropFirst() } ?? fit.coefficients
        let characteristics = try scaledCharacteristics(chosen.map { ($0.0, $0.1) }, coefficients: cardCoefficients,
                                                        scaling: scaling, reasons: reasons)
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
        // With weights: the weighted mean over `sample`, the last row taking only `lastWeight` of its weight.
        func weightedMeanPoints(over sample: [Int], weights w: [Double], lastWeight: Double? = nil) -> [Double] {
            let ws = sample.indices.map { $0 == sample.count - 1 ? lastWeight ?? w[sample[$0]] : w[sample[$0]] }
            let total = ws.reduce(0, +)
            return characteristics.indices.map { j in
                zip(sample, ws).reduce(0.0) { $0 + $1.1 * Double(characteristics[j].points[rowBins[j][$1.0]]) } / total
            }
        }
        switch reasons.reference {
        case .maximum:
            settings.referencePoints = characteristics.map { Double($0.points.max()!) }
        case .average:
            if let weights {
                settings.referencePoints = weightedMeanPoints(over: Array(rows.indices), weights: weights)
            } else {
                settings.referencePoints = meanPoints(over: Array(rows.indices))
            }
        case .cutoff:
            guard let cutoff = reasons.cutoff else { throw ScorecardError.missingCutoff }
            let scores = rows.indices.map { i in characteristics.indices.reduce(0) { $0 + characteristics[$1].points[rowBins[$1][i]] } }
            let above = rows.indices.filter { Double(scores[$0]) >= cutoff }.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            guard !above.isEmpty else {
                throw ScorecardError.noApplicantAtCutoff(cutoff: cutoff, lowest: scores.min()!, highest: scores.max()!)
            }
            if let weights {
                // The lowest-scoring 10% of the weight at or above the cut-off (at least a weight of 1, or all of it):
                // ⌈W/10⌉ of total weight W, the last row taking the part of its weight that reaches it.
                let total = above.reduce(0.0) { $0 + weights[$1] }
                let wanted = min(total, max(1, (total / 10).rounded(.up)))
                var taken: [Int] = [], sum = 0.0
                for i in above where sum < wanted && weights[i] > 0 { taken.append(i); sum += weights[i] }
                guard !taken.isEmpty else {
                    throw ScorecardError.noApplicantAtCutoff(cutoff: cutoff, lowest: scores.min()!, highest: scores.max()!)
                }
                settings.referencePoints = weightedMeanPoints(over: taken, weights: weights,
                                                              lastWeight: weights[taken.last!] - (sum - wanted))
            } else {
                settings.referencePoints = meanPoints(over: Array(above.prefix(max(1, (above.count + 9) / 10))))
            }
        }
        let section = ScorecardSection(scaling: scaling, binning: binning.spec.options, intercept: a,
                                       characteristics: characteristics, reasons: settings,
                                       wrongSign: characteristics.filter { !($0.coefficient > 0) }.map(\.name),
                                       excluded: excluded)
        var weighted = section
        weighted.weightColumn = weightColumn
        return (weighted, fit, binning, path, diagnostics)
    }

    /// The WoE design of the chosen characteristics as a `Design` (one numeric WoE column per characteristic,
    /// the target coded 1 bad / 0 good), for `VariableSelection`.
    static func woeDesign(_ columns: [(name: String, woe: [Double])], target: String, y: [Double], lines: [Int]) throws -> Design {
        let table = Table(source: "WoE design", columnNames: columns.map(\.name) + [target],
                          columns: columns.map { .numeric($0.woe) } + [.numeric(y)], lineNumbers: lines,
                          delimiter: UInt8(ascii: ","))
        return try Design.build(from: table, options: DesignOptions(target: target))
    }
}

extension SelectionOptions {
    /// Selection options for a WoE scorecard: `direction`, by AIC, and every selectable characteristic's
    /// coefficient required positive (`requiredSign = .positive`). Under WoE = ln(%bad/%good) a characteristic
    /// whose bins rank risk as the data do has β > 0 (a higher WoE, a riskier bin, a higher PD); a candidate
    /// card with a negative β would give more points to the riskier bins of that characteristic, which happens
    /// only when another characteristic carries the same information (collinearity), so the selection does not
    /// accept it (Siddiqi 2017, ch. 10, "logical" signs; optbinning's scorecards leave it to the user).
    public static func scorecard(direction: SelectionDirection) -> SelectionOptions {
        var o = SelectionOptions()
        o.direction = direction
        o.requiredSign = .positive
        return o
    }

    /// "AIC", "BIC" or "p-value": the criterion's name as the path reports it.
    var criterionName: String {
        switch criterion { case .aic: return "AIC"; case .bic: return "BIC"; case .pValue: return "p-value" }
    }
}

extension ReasonSettings {
    /// The most reasons per applicant a request may ask for before the scorecard is known: 1,000. Training then
    /// allows 0…max(characteristics, 4) (`ScorecardError.reasonCount`).
    package static let maxCount = 1_000
}
