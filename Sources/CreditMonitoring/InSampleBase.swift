import Foundation
import CreditLinearAlgebra
import CreditMetrics
import CreditModelFile
import CreditProbability
import CreditRegression
import CreditScorecard
import CreditTabular

/// How BASE was recognised as the model's training data.
public enum TrainingDataEvidence: String, Sendable, Codable, Equatable, CaseIterable {
    /// BASE's bytes have the SHA-256 that the model file records for its training input (`TrainingRecord.inputSHA256`).
    case sameBytes = "same-bytes"
    /// BASE's bytes have that SHA-256 once their line endings are changed (every CRLF to LF, or every lone LF to
    /// CRLF): the training file copied across systems.
    case sameBytesUpToLineEndings = "same-bytes-up-to-line-endings"
    /// BASE's rows reproduce the training fit: the model scores as many rows with an outcome as it was fitted on,
    /// with as many bads, and their log-likelihood at the model's coefficients equals the fit's (relative
    /// difference ≤ 1e-9). Catches a row-identical copy in any row or column order, with other quoting, line
    /// endings or extra columns.
    case sameRows = "same-rows"
}

/// Whether BASE is the model's training data, and with it the out-of-sample AUC that discrimination is compared
/// with instead of the optimistic in-sample one.
///
/// Detection (`check`), two independent ways:
/// - **the file**: SHA-256 of BASE's bytes as given, and after changing its line endings (CRLF → LF, and lone
///   LF → CRLF), against the model file's `training.inputSHA256`;
/// - **the rows**: the model's fit fingerprint on BASE — rows with an outcome that the model scores (n), their
///   bads (d) and log-likelihood ℓ = Σ y ln p + (1 − y) ln(1 − p) — against the fit's `observations`, `events`
///   and `logLikelihood`. Equal n and d and ℓ within a relative 1e-9 does not happen by chance for different rows:
///   ℓ is a continuous function of every row. It needs outcomes in BASE and a model whose PD is the fit's (a
///   plain maximum-likelihood or scorecard fit; not a prior-corrected, Firth, weighted or recalibrated one, whose
///   recorded likelihood is of another quantity).
///
/// Not detected: a base that overlaps the training rows only in part (a subset, or the training rows with
/// others added), or a row-identical copy of a model whose likelihood cannot be checked.
///
/// Out-of-sample estimate (`OptimismCorrectedAUC`, Efron/Harrell): every bootstrap sample of BASE's scored rows
/// with an outcome is refitted with the model's recorded configuration and the optimism of the AUC estimated.
/// - a plain logistic regression (maximum likelihood or Firth): its design as the model file records it (its
///   predictors, categorical levels and reference levels);
/// - a scorecard: `credit train --scorecard`'s procedure (binning, IV selection, WoE regression) with default
///   options, the characteristics being BASE's columns less the target and the recorded `--exclude`; used only
///   when refitting it on all of BASE reproduces the model's PDs (to 1e-9), which proves the options were the
///   defaults.
/// What cannot be refitted from the model file — a scorecard trained with other options, variable selection,
/// penalties, weights, a recalibration — gives no estimate and `optimismUnavailable` says why; the monitor then
/// does not judge the in-sample AUC change and asks for a holdout base.
public struct InSampleBase: Sendable, Codable, Equatable {
    /// True when any evidence was found.
    public let isTrainingData: Bool
    public let evidence: [TrainingDataEvidence]
    /// The training input as the model file names it, and its recorded SHA-256 ("" when not recorded).
    public let trainingFile: String
    public let trainingSHA256: String
    /// SHA-256 of BASE's bytes (nil when BASE was read from standard input).
    public let baseSHA256: String?
    /// The optimism-corrected AUC of the model on BASE (nil unless BASE is the training data, has outcomes and the
    /// model can be refitted).
    public let optimism: OptimismCorrectedAUC?
    /// What was refitted on each bootstrap sample (nil without `optimism`).
    public let refit: String?
    /// Why there is no `optimism` although BASE is the training data (nil otherwise).
    public let optimismUnavailable: String?

    /// The default number of bootstrap replicates of the optimism correction.
    public static let defaultReplicates = 50
    /// The default seed of the bootstrap samples.
    public static let defaultSeed: UInt64 = 20240601
    /// The most bootstrap replicates (`credit monitor --optimism-replicates`): 100,000, each a refit.
    package static let maxReplicates = 100_000

    /// Checks whether `base` is `model`'s training data and, when it is, estimates the optimism of its AUC.
    /// - Parameters:
    ///   - baseBytes: BASE's file content, for the SHA-256 comparison (nil: standard input, rows only).
    ///   - target: the outcome column and bad value; nil or a column BASE lacks: the file hash only.
    ///   - replicates: bootstrap samples of the optimism correction (0: detection only).
    ///   - seed: the seed of the samples (`OptimismCorrectedAUC.resamples(n:replicates:seed:)`).
    ///   - resamples: explicit bootstrap samples instead (indices into BASE's scored rows with an outcome, in
    ///     table order), e.g. to compare with another tool on the same samples; `replicates` and `seed` are then
    ///     not used.
    /// - Throws: `RegressionError.missingColumn` when BASE lacks a model column.
    public static func check(model: CreditModel, base: Table, baseBytes: [UInt8]?, target: TargetSpec?,
                             replicates: Int = defaultReplicates, seed: UInt64 = defaultSeed,
                             resamples: [[Int]]? = nil) throws -> InSampleBase {
        let replicates = resamples?.count ?? replicates
        var evidence: [TrainingDataEvidence] = []
        let recorded = model.training.inputSHA256.lowercased()
        let baseSHA = baseBytes.map { SHA256.hexDigest(of: $0) }
        if let baseBytes, let baseSHA, !recorded.isEmpty {
            if baseSHA == recorded { evidence.append(.sameBytes) }
            else if Self.lineEndingVariants(baseBytes).contains(where: { SHA256.hexDigest(of: $0) == recorded }) {
                evidence.append(.sameBytesUpToLineEndings)
            }
        }
        // Scored rows with an outcome, and the model's PD on them.
        var probabilities: [Double] = [], isBad: [Bool] = [], tableRows: [Int] = []
        if let target, let column = base[target.column] {
            let pd = try model.score(base).probabilities
            let flags = BinaryTarget(bad: target.bad, column: column).outcomes(column)
            for r in 0..<base.rowCount where !pd[r].isNaN {
                if let f = flags[r] { probabilities.append(pd[r]); isBad.append(f); tableRows.append(r) }
            }
        }
        if !probabilities.isEmpty, Self.reproducesFit(model.fit, probabilities: probabilities, isBad: isBad),
           model.fit.priorCorrection == nil, model.recalibration == nil {
            evidence.append(.sameRows)
        }
        var optimism: OptimismCorrectedAUC?, refit: String?, unavailable: String?
        if !evidence.isEmpty {
            if replicates == 0 {
                unavailable = "no bootstrap replicates were asked for"
            } else if probabilities.isEmpty {
                unavailable = "BASE has no outcomes the model can be checked on"
            } else if let reason = Self.refitUnavailable(model) {
                unavailable = reason
            } else if model.scorecard != nil, let target {
                let samples = resamples ?? OptimismCorrectedAUC.resamples(n: isBad.count, replicates: replicates, seed: seed)
                switch try Self.scorecardRefit(model: model, base: base, target: target, tableRows: tableRows, probabilities: probabilities) {
                case .failure(let reason):
                    unavailable = reason.message
                case .success(let fit):
                    var result = try OptimismCorrectedAUC(apparentScores: probabilities, isBad: isBad, resamples: samples, refit: fit)
                    result.seed = resamples == nil ? seed : nil
                    optimism = result
                    refit = "credit train --scorecard (binning, IV selection and the WoE regression) with default options"
                        + (Self.recordedExclusions(model.training.commandLine).isEmpty ? "" : " and the recorded --exclude")
                }
            } else {
                let firth = model.fit.firth != nil
                let bound = try BoundDesign(coding: model.schema, table: base)
                let p = model.fit.coefficients.count
                var rowsX: [[Double]] = []
                var values = [Double](repeating: 0, count: p)
                for r in tableRows {
                    _ = bound.encode(row: r, into: &values)
                    rowsX.append(values)
                }
                let y = isBad.map { $0 ? 1.0 : 0.0 }
                var o = LogisticRegressionOptions()
                o.firth = firth
                o.profileLikelihood = false
                let fitter = LogisticRegression(options: o)
                let names = model.fit.termNames
                var result = try OptimismCorrectedAUC(
                    apparentScores: probabilities, isBad: isBad,
                    resamples: resamples ?? OptimismCorrectedAUC.resamples(n: isBad.count, replicates: replicates, seed: seed)
                ) { sample in
                    var columnMajor = [Double](repeating: 0, count: sample.count * p)
                    for j in 0..<p { for (i, r) in sample.enumerated() { columnMajor[j * sample.count + i] = rowsX[r][j] } }
                    let fit = try fitter.fit(x: Matrix(rows: sample.count, columns: p, columnMajor: columnMajor),
                                             y: sample.map { y[$0] }, termNames: names)
                    // The linear predictor ranks as the PD does (AUC uses ranks only).
                    return rowsX.map { row in zip(row, fit.coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
                }
                result.seed = resamples == nil ? seed : nil
                optimism = result
                refit = (firth ? "Firth" : "maximum-likelihood") + " logistic regression on the model's \(p) design terms"
            }
        }
        return InSampleBase(isTrainingData: !evidence.isEmpty, evidence: evidence, trainingFile: model.training.inputFile,
                            trainingSHA256: model.training.inputSHA256, baseSHA256: baseSHA, optimism: optimism,
                            refit: refit, optimismUnavailable: unavailable)
    }

    /// Why this model cannot be refitted from its file on a bootstrap sample (nil when it can).
    static func refitUnavailable(_ model: CreditModel) -> String? {
        if model.recalibration != nil { return "the model was recalibrated on other data" }
        if model.fit.weighting != nil { return "the model was fitted with weights" }
        let flags = ["--penalty", "--lambda", "--select"]
        if let flag = model.training.commandLine.first(where: { arg in flags.contains { arg == $0 || arg.hasPrefix($0 + "=") } }) {
            return "the model was trained with \(flag), which a refit from the model file cannot repeat"
        }
        return nil
    }

    /// Whether PDs and outcomes reproduce a fit's rows used, bads and log-likelihood (relative 1e-9).
    static func reproducesFit(_ fit: LogisticRegressionResult, probabilities: [Double], isBad: [Bool]) -> Bool {
        let bads = isBad.filter { $0 }.count
        guard probabilities.count == fit.observations, bads == fit.events, fit.logLikelihood.isFinite else { return false }
        var ll = 0.0
        for (p, b) in zip(probabilities, isBad) { ll += b ? log(p) : log1p(-p) }
        return abs(ll - fit.logLikelihood) <= 1e-9 * max(1, abs(fit.logLikelihood))
    }

    /// The file's bytes with every CRLF made LF, and with every lone LF made CRLF (each only when it changes the file).
    static func lineEndingVariants(_ bytes: [UInt8]) -> [[UInt8]] {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var toLF: [UInt8] = [], toCRLF: [UInt8] = []
        toLF.reserveCapacity(bytes.count); toCRLF.reserveCapacity(bytes.count + bytes.count / 16)
        var changedLF = false, changedCRLF = false
        for (i, b) in bytes.enumerated() {
            if b == cr, i + 1 < bytes.count, bytes[i + 1] == lf { changedLF = true } else { toLF.append(b) }
            if b == lf, i == 0 || bytes[i - 1] != cr { toCRLF.append(cr); changedCRLF = true }
            toCRLF.append(b)
        }
        return (changedLF ? [toLF] : []) + (changedCRLF ? [toCRLF] : [])
    }
}

/// The AUC change from an out-of-sample estimate of the base AUC: z = (AUC_recent − AUC_corrected)/√(V_base +
/// V_recent), two-sided normal p. The variances are the DeLong variances of the two samples' AUCs (as
/// `UnpairedAUCTest`); the base AUC is replaced by its optimism-corrected value, its variance kept.
public struct CorrectedAUCChange: Sendable, Codable, Equatable {
    /// The optimism-corrected base AUC.
    public let base: Double
    public let recent: Double
    /// recent − base.
    public let difference: Double
    public let standardError: Double
    public let z: Double
    public let pValue: Double

    public init(correctedBase: Double, base: AreaUnderCurve, recent: AreaUnderCurve) {
        self.base = correctedBase
        self.recent = recent.value
        difference = recent.value - correctedBase
        standardError = (base.variance + recent.variance).squareRoot()
        z = difference / standardError
        pValue = NormalDistribution.twoSidedPValue(z)
    }
}

extension MonitorResult {
    /// Records the in-sample check and, when BASE is the training data, replaces the AUC-change check: with an
    /// optimism-corrected base AUC, by the change from it (`CorrectedAUCChange`, light from the p-value); without
    /// one, by nothing (the in-sample change is shown, not judged). The overall light is recomputed.
    public mutating func applyInSampleBase(_ check: InSampleBase) {
        inSampleBase = check
        guard check.isTrainingData, let d = discrimination else { return }
        let index = checks.firstIndex { $0.area == "discrimination" && $0.subject == "AUC" }
        if let o = check.optimism {
            let change = CorrectedAUCChange(correctedBase: o.corrected, base: d.base, recent: d.recent)
            correctedAUCChange = change
            // The AUC change judged as the policy of the run judges it: the family-wise rule (the discrimination
            // area holds this one test, so its Holm-adjusted p is its p) or the per-check p-value thresholds.
            let replacement: MonitorCheck
            if let level = areaLevel {
                replacement = FamilyWiseAlarms.check(area: "discrimination", subject: "AUC", statistic: "AUC change vs corrected base",
                                                     effect: change.difference, p: change.pValue, adjusted: change.pValue, level: level,
                                                     alpha: thresholds.alpha, material: -change.difference >= thresholds.aucDrop, notable: false)
            } else {
                replacement = MonitorCheck(area: "discrimination", subject: "AUC", statistic: "AUC change vs corrected base p",
                                           value: change.pValue, status: thresholds.forPValue(change.pValue))
            }
            if let index { checks[index] = replacement } else { checks.append(replacement) }
        } else if let index {
            checks.remove(at: index)
        }
        overall = checks.map(\.status).max() ?? .green
    }
}

/// Why a scorecard's training cannot be repeated on bootstrap samples.
struct RefitUnavailable: Error {
    let message: String
}

extension InSampleBase {
    /// The columns a `credit train` command line left out with `--exclude` (repeatable, comma-separated;
    /// `--exclude X` or `--exclude=X`).
    package static func recordedExclusions(_ commandLine: [String]) -> Set<String> {
        var out: Set<String> = []
        var i = 0
        while i < commandLine.count {
            let arg = commandLine[i]
            if arg == "--exclude", i + 1 < commandLine.count {
                out.formUnion(commandLine[i + 1].split(separator: ",").map(String.init)); i += 1
            } else if arg.hasPrefix("--exclude=") {
                out.formUnion(arg.dropFirst("--exclude=".count).split(separator: ",").map(String.init))
            }
            i += 1
        }
        return out
    }

    /// A scorecard's training procedure as a refit for `OptimismCorrectedAUC`: `credit train --scorecard` with its
    /// default binning and selection (IV ≥ 0.02), the characteristics being BASE's columns less the target and
    /// the recorded `--exclude`. It is used only when it reproduces the model: refitted on all of BASE's rows,
    /// its PDs must equal the model's (to 1e-9), else the model was trained with other options and the reason
    /// is returned. The scaling does not matter (the AUC depends on the ranks).
    static func scorecardRefit(model: CreditModel, base: Table, target: TargetSpec, tableRows: [Int],
                               probabilities: [Double]) throws -> Result<([Int]) throws -> [Double], RefitUnavailable> {
        var request = ScorecardTrainingRequest(target: target.column, bad: target.bad)
        request.binning.exclude = recordedExclusions(model.training.commandLine).union([model.target.column])
            .subtracting([target.column])
        func fit(_ sample: [Int]) throws -> [Double] {
            let card = try request.run(on: base.selecting(rows: sample.map { tableRows[$0] }))
            let bound = try BoundScorecard(section: card.section, table: base)
            return try tableRows.map { r in
                guard case .scored(let s) = bound.score(row: r) else { throw RefitUnavailable(message: "a refitted scorecard rejected a row") }
                return s.probability
            }
        }
        let reproduced: [Double]
        do { reproduced = try fit(Array(tableRows.indices)) } catch {
            return .failure(RefitUnavailable(message: "the scorecard's training could not be repeated on BASE (\(error))"))
        }
        guard zip(reproduced, probabilities).allSatisfy({ abs($0 - $1) <= 1e-9 }) else {
            return .failure(RefitUnavailable(message: "training a scorecard on BASE with credit train's default options does not reproduce this model, so it was trained with other options (bins, selection filters) that a refit from the model file cannot repeat"))
        }
        return .success(fit)
    }
}

