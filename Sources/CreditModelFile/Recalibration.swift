import Foundation
import CreditLinearAlgebra
import CreditRegression
import CreditScorecard
import CreditTabular
import CreditSupport

/// How a model's PDs are recalibrated to recent outcomes (`CreditModel.recalibrated`).
public enum RecalibrationMethod: String, Sendable, Codable, CaseIterable {
    /// Calibration-in-the-large: logit(PD_new) = a + logit(PD_old); only the level of the PDs moves.
    case intercept
    /// Logistic recalibration: logit(PD_new) = a + b·logit(PD_old); level and spread move.
    case logistic
}

/// Why a recalibration cannot be fitted or applied. Messages say what to do.
public enum RecalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every usable recent row is bad (or every one good): the maximum-likelihood a is infinite.
    case singleClass(source: String, rows: Int, bad: Bool)
    /// The logistic method needs at least two distinct PDs on the recent rows to estimate a slope.
    case constantLogOdds(source: String)
    /// The fitted slope is not positive: on the recent data the model ranks backwards (or not at all).
    case slopeNotPositive(source: String, slope: Double)
    /// A plain model without an intercept term cannot carry the recalibration's intercept.
    case noIntercept
    /// The Newton iterations did not converge (quasi-separation, or PDs too extreme).
    case notConverged(source: String, reason: String)
    /// The model carries a decision policy whose cut-off (`cutoff`, with its unit) was set on the scores or PDs
    /// the recalibration would change.
    case modelHasPolicy(cutoff: String)

    public var description: String {
        switch self {
        case .singleClass(let source, let rows, let bad):
            return "\(source): all \(rows) rows with a PD and a target are \(bad ? "bad" : "good"); recalibration needs both outcomes (the maximum-likelihood intercept would be infinite)"
        case .constantLogOdds(let source):
            return "\(source): every row has the same PD, so the logistic method cannot estimate a slope; use the intercept method"
        case .slopeNotPositive(let source, let slope):
            return "\(source): the recalibration slope b = \(slope) is not positive: on these data the model's PDs rank applicants backwards or not at all; recalibration cannot repair that — retrain the model"
        case .noIntercept:
            return "the model has no intercept term, so a recalibrated intercept has no place in it; retrain it with an intercept"
        case .notConverged(let source, let reason):
            return "\(source): the recalibration fit did not converge (\(reason))"
        case .modelHasPolicy(let cutoff):
            return "the model carries a decision policy (cut-off \(cutoff)) set on the scores and PDs that recalibration changes; recalibrate the model the policy was added to, then add the policy again to the result (with its cut-off reviewed)"
        }
    }
}

/// The maximum-likelihood fit of a recalibration on recent outcomes.
///
/// - `.intercept`: logit(π) = a + η (η = the model's log-odds of bad, an offset); a by Newton's method on the
///   one score equation Σ(yᵢ − πᵢ) = 0, so that after the fit Σπᵢ = Σyᵢ: the mean PD equals the observed bad
///   rate. SE(a) = (Σπᵢ(1 − πᵢ))^(−1/2). Peer: statsmodels `Logit(y, ones, offset=η)` (or
///   `GLM(y, ones, family=Binomial(), offset=η)`); R `glm(y ~ 1, offset = eta, family = binomial)`.
/// - `.logistic`: logit(π) = a + b·η, (a, b) by `LogisticRegression` (Newton, Wald inference, covariance the
///   inverse Fisher information). Peer: statsmodels `Logit(y, [1, η])`; R `glm(y ~ eta, family = binomial)`.
///
/// Reference: Cox, "Two further applications of a model for binary regression", Biometrika 45 (1958) 562–565
/// (the slope); Steyerberg, *Clinical Prediction Models* (2nd ed., 2019), §20.2.
public struct RecalibrationFit: Sendable, Codable, Equatable {
    public var method: RecalibrationMethod
    /// a.
    public var intercept: Double
    /// b (1 for the intercept method, where it is fixed, not estimated).
    public var slope: Double
    /// SE(a), then SE(b) for the logistic method.
    public var standardErrors: [Double]
    /// The inverse Fisher information: 1 × 1 (a) or 2 × 2 (a, b).
    public var covariance: [[Double]]
    /// ℓ at the estimates, on the recent rows.
    public var logLikelihood: Double
    /// Recent rows fitted, and how many of them are bad.
    public var observations: Int
    public var events: Int
    public var iterations: Int

    /// Fits `method` to the model's log-odds of bad `logOdds` (finite) and the outcomes `isBad`.
    /// - Parameter source: the data's name, for messages.
    /// - Throws: `RecalibrationError.singleClass`, `.constantLogOdds`, `.notConverged`.
    public static func fit(logOdds eta: [Double], isBad: [Bool], method: RecalibrationMethod,
                           source: String = "data") throws -> RecalibrationFit {
        precondition(eta.count == isBad.count, "recalibration: \(eta.count) log-odds for \(isBad.count) outcomes")
        let n = eta.count, events = isBad.lazy.filter { $0 }.count
        if events == 0 || events == n { throw RecalibrationError.singleClass(source: source, rows: n, bad: events == n) }
        let y = isBad.map { $0 ? 1.0 : 0.0 }
        switch method {
        case .intercept:
            return try fitIntercept(eta: eta, y: y, events: events, source: source)
        case .logistic:
            if eta.allSatisfy({ $0 == eta[0] }) { throw RecalibrationError.constantLogOdds(source: source) }
            var elements = [Double](repeating: 1, count: 2 * n)
            elements.replaceSubrange(n..<(2 * n), with: eta)
            let result: LogisticRegressionResult
            do {
                result = try LogisticRegression().fit(x: Matrix(rows: n, columns: 2, columnMajor: elements), y: y,
                                                      termNames: ["a", "b"])
            } catch let error as RegressionError {
                throw RecalibrationError.notConverged(source: source, reason: "\(error)")
            }
            guard result.converged else {
                throw RecalibrationError.notConverged(source: source, reason: "separation: some recent rows are predicted exactly")
            }
            return RecalibrationFit(method: .logistic, intercept: result.coefficients[0], slope: result.coefficients[1],
                                    standardErrors: result.standardErrors, covariance: result.covariance,
                                    logLikelihood: result.logLikelihood, observations: n, events: events,
                                    iterations: result.iterations)
        }
    }

    /// Newton's method for a with the offset η: a ← a + Σ(y − π)/Σπ(1 − π), halving a step that lowers ℓ, until
    /// the step is below 10⁻¹⁴·(1 + |a|) (then |Σ(y − π)| is at rounding level: the quadratic convergence of the
    /// last step leaves it near 10⁻¹⁴·n·max π(1 − π)).
    static func fitIntercept(eta: [Double], y: [Double], events: Int, source: String) throws -> RecalibrationFit {
        func state(_ a: Double) -> (ll: Double, score: Double, info: Double) {
            var ll = 0.0, score = 0.0, info = 0.0
            for i in eta.indices {
                let t = a + eta[i]
                ll += y[i] * t - (max(t, 0) + log1p(exp(-abs(t))))
                let p = Logistic.probability(logOdds: t)
                score += y[i] - p
                info += p * (1 - p)
            }
            return (ll, score, info)
        }
        // Start from the log-odds ratio of the observed rate to the mean PD (exact when all η are equal).
        let observed = Double(events) / Double(eta.count)
        let meanPD = eta.reduce(0.0) { $0 + Logistic.probability(logOdds: $1) } / Double(eta.count)
        var a = log(observed / (1 - observed)) - log(meanPD / (1 - meanPD))
        if !a.isFinite { a = 0 }
        var current = state(a), iterations = 0
        while iterations < 100 {
            iterations += 1
            guard current.info > 0 else { break }
            var step = current.score / current.info
            var next = state(a + step), halvings = 0
            while next.ll < current.ll - 1e-12 * abs(current.ll), halvings < 30 {
                step /= 2; halvings += 1; next = state(a + step)
            }
            a += step
            current = next
            if abs(step) <= 1e-14 * (1 + abs(a)) { break }
        }
        guard a.isFinite, current.info > 0, abs(current.score) <= 1e-8 * Double(eta.count) else {
            throw RecalibrationError.notConverged(source: source, reason: "the score Σ(y − π) is \(current.score) after \(iterations) Newton steps")
        }
        let variance = 1 / current.info
        return RecalibrationFit(method: .intercept, intercept: a, slope: 1, standardErrors: [variance.squareRoot()],
                                covariance: [[variance]], logLikelihood: current.ll, observations: eta.count,
                                events: events, iterations: iterations)
    }

    /// η_new = a + b·η.
    public func apply(logOdds eta: Double) -> Double { intercept + slope * eta }
}

/// What a recalibrated model file records about its recalibration (`CreditModel.recalibration`, version 4).
///
/// The recalibrated model's `fit.coefficients` are the new ones (a + b·β₀ and b·βⱼ; a scorecard's intercept and
/// coefficients likewise). The training fit's standard errors, z, p, intervals, covariance, likelihoods,
/// information criteria and Hosmer–Lemeshow test described the old coefficients on the training sample; they
/// do not describe the new ones (which combine two fits on different samples), so in `fit` they are NaN
/// (or absent), never carried over. The training fit is kept whole here (`parentFit`), and the
/// recalibration's own inference (a, b, their standard errors and covariance on the recent rows) beside it.
/// The parent model is named by its seal in `lineage`.
public struct RecalibrationRecord: Sendable, Codable, Equatable {
    public var fit: RecalibrationFit
    /// The recent data: file name as given, SHA-256 of its bytes, data rows, rows rejected by the parent model,
    /// scored rows with a missing target (`fit.observations` rows were used).
    public var inputFile: String
    public var inputSHA256: String
    public var rows: Int
    public var rowsRejected: Int
    public var rowsMissingTarget: Int
    /// The parent model's fit as trained (coefficients, standard errors, covariance, likelihoods).
    public var parentFit: LogisticRegressionResult
    /// Scorecards, intercept method: the points every score moved by, and the integer shift of each
    /// characteristic's points (`ScorecardSection.recalibrated(intercept:slope:)`).
    public var scoreShift: Int?
    public var pointsShift: [Int]?
}

/// Calibration of a model's PDs on the recent rows: mean PD against the observed bad rate, and the
/// Hosmer–Lemeshow test (10 quantile groups, df = G − 2, as `HosmerLemeshowTest`).
public struct RecalibrationCalibration: Sendable, Codable, Equatable {
    public var meanPD: Double
    public var observedBadRate: Double
    public var hosmerLemeshowChiSquare: Double
    public var hosmerLemeshowDegreesOfFreedom: Int
    public var hosmerLemeshowPValue: Double

    init(probabilities: [Double], isBad: [Bool]) {
        let n = Double(probabilities.count)
        meanPD = probabilities.reduce(0, +) / n
        observedBadRate = Double(isBad.lazy.filter { $0 }.count) / n
        let hl = HosmerLemeshowTest(fitted: probabilities, outcomes: isBad.map { $0 ? 1 : 0 })
        hosmerLemeshowChiSquare = hl.chiSquare
        hosmerLemeshowDegreesOfFreedom = hl.degreesOfFreedom
        hosmerLemeshowPValue = hl.pValue
    }
}

/// A recalibrated model and what the recalibration found (`CreditModel.recalibrated`).
public struct Recalibration: Sendable {
    /// The new model (version 4, lineage naming the parent's seal, `recalibration` set); write it with
    /// `fileData(for:)`.
    public let model: CreditModel
    public var record: RecalibrationRecord { model.recalibration! }
    /// The parent's seal.
    public let parentSHA256: String
    /// The parent's and the new model's PDs on the recent rows used.
    public let before: RecalibrationCalibration
    public let after: RecalibrationCalibration
}

extension CreditModel {
    /// This model recalibrated to the outcomes of `table` (recent data with the model's target).
    ///
    /// The table is scored with this model (`EvaluationSample`: rows the model rejects and rows with a missing
    /// target are left out and counted); η, the log-odds of bad of each kept row (a + Σβⱼ·WoEⱼ for a scorecard,
    /// xᵀβ otherwise, exactly as scored), and its outcome are fitted by `RecalibrationFit.fit`; then the model's
    /// coefficients become a + b·β₀ (intercept) and b·βⱼ, so that its log-odds is a + b·η for every applicant.
    /// A scorecard's points are re-scaled with `ScorecardSection.recalibrated(intercept:slope:)` (the intercept
    /// method moves every score by the same whole points). What the file records: `RecalibrationRecord`.
    ///
    /// - Parameters:
    ///   - parentFile: this model's file name (lineage, informational).
    ///   - inputSHA256: SHA-256 of the recent file's bytes.
    ///   - target: the outcome column of `table` and its bad value when they differ from the model's (the
    ///     recalibrated model keeps the model's target); nil reads the model's.
    /// A model with a decision policy is refused (`RecalibrationError.modelHasPolicy`): its cut-off was set on the
    /// old scores and PDs, and whether it should follow them (the same applicants approved) or stay (the same
    /// score or PD approved) is the lender's decision; the policy is added again to the recalibrated model.
    /// - Throws: `EvaluationError` (no target column, target not binary, no usable row), `ScoringError`,
    ///   `RecalibrationError`, `ScorecardError` (points out of range).
    public func recalibrated(on table: Table, method: RecalibrationMethod, parentFile: String, inputSHA256: String,
                             commandLine: [String], date: String, target: TargetSpec? = nil) throws -> Recalibration {
        if scorecard == nil, !schema.intercept { throw RecalibrationError.noIntercept }
        if let policy { throw RecalibrationError.modelHasPolicy(cutoff: policy.cutoff.description) }
        let sample = try EvaluationSample(model: self, table: table, target: target)
        let eta = try logOdds(sample, table: table)
        let fit = try RecalibrationFit.fit(logOdds: eta, isBad: sample.isBad, method: method, source: table.source)
        if method == .logistic, !(fit.slope > 0) {
            throw RecalibrationError.slopeNotPositive(source: table.source, slope: fit.slope)
        }
        var child = try derived(operation: "recalibrate", parentFile: parentFile, commandLine: commandLine, date: date)
        var record = RecalibrationRecord(fit: fit, inputFile: table.source, inputSHA256: inputSHA256, rows: table.rowCount,
                                         rowsRejected: sample.rejectedByModel, rowsMissingTarget: sample.missingTarget,
                                         parentFit: self.fit, scoreShift: nil, pointsShift: nil)
        var beta = self.fit.coefficients.map { fit.slope * $0 }
        if let card = scorecard {
            let r = try card.recalibrated(intercept: fit.intercept, slope: method == .logistic ? fit.slope : nil)
            child.scorecard = r.section
            beta = [r.section.intercept] + r.section.characteristics.map(\.coefficient)
            record.scoreShift = r.scoreShift
            record.pointsShift = r.pointsShift
        } else {
            beta[0] += fit.intercept
        }
        child.fit = self.fit.recalibrated(coefficients: beta)
        child.recalibration = record
        let after = try child.scoreNamingMissingColumns(table).probabilities
        return Recalibration(model: child, parentSHA256: try contentDigest(),
                             before: RecalibrationCalibration(probabilities: sample.scores, isBad: sample.isBad),
                             after: RecalibrationCalibration(probabilities: sample.rows.map { after[$0] }, isBad: sample.isBad))
    }

    /// The log-odds of bad of each row of `sample`, as the model scores it.
    func logOdds(_ sample: EvaluationSample, table: Table) throws -> [Double] {
        if let cards = sample.outcome.scorecardRows { return sample.rows.map { cards[$0]!.logOdds } }
        let bound = try BoundDesign(coding: schema, table: table)
        var values = [Double](repeating: 0, count: fit.coefficients.count)
        return sample.rows.map { row in
            _ = bound.encode(row: row, into: &values)
            return fit.linearPredictor(values)
        }
    }
}

extension LogisticRegressionResult {
    /// This fit with new coefficients and every quantity that described the old ones on the training sample
    /// set to NaN (standard errors, z, p, intervals, covariance, likelihoods, information criteria) or removed
    /// (prior correction, Hosmer–Lemeshow); counts, convergence and diagnostics of the training fit stay.
    func recalibrated(coefficients beta: [Double]) -> LogisticRegressionResult {
        let p = beta.count
        let nan = [Double](repeating: .nan, count: p)
        return LogisticRegressionResult(
            termNames: termNames, coefficients: beta, standardErrors: nan, zValues: nan, pValues: nan,
            confidenceIntervals: Array(repeating: ClosedRangeCodable(lower: .nan, upper: .nan), count: p),
            confidenceLevel: confidenceLevel, covariance: Array(repeating: nan, count: p),
            logLikelihood: .nan, nullLogLikelihood: .nan, likelihoodRatioChiSquare: .nan,
            likelihoodRatioDegreesOfFreedom: likelihoodRatioDegreesOfFreedom, likelihoodRatioPValue: .nan,
            pseudoRSquared: .nan, aic: .nan, bic: .nan, observations: observations, events: events,
            iterations: iterations, converged: converged, diagnostics: diagnostics, weighting: weighting,
            firth: nil, priorCorrection: nil, hosmerLemeshow: nil)
    }
}
