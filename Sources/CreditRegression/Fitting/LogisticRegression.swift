import Foundation
internal import _CreditKernels
import CreditLinearAlgebra
import CreditTabular
import CreditProbability
import CreditSupport
/// Maximum-likelihood logistic regression by Newton's method (equivalently IRLS), with Wald inference.
///
/// Each iteration forms the score g = X'(y − π) and the Fisher information X'WX, W = diag(π(1 − π)), in one pass
/// over the design's columns (`RowBlockMatrix.rowPass`: blocks of rows in place, C kernels), and solves
/// (X'WX)·δ = g by Cholesky (LAPACK `dpotrf`/`dpotrs`). The step is halved while it would lower the
/// log-likelihood ℓ(β) = Σ yᵢηᵢ − log(1 + e^ηᵢ), which is evaluated in the overflow-free form
/// yη − (max(η, 0) + log1p(e^−|η|)).
///
/// Convergence needs both criteria of `LogisticRegressionOptions` (scaled score and relative deviance change).
/// Separation is checked at the end:
/// - every row predicted exactly (|y − π| < 1e-8 for all rows, statsmodels' test): throws
///   `RegressionError.perfectSeparation` naming the terms along which the estimates diverge;
/// - some rows predicted exactly while the Newton step at the final point is still not small (the
///   likelihood keeps rising along a direction, so some estimates are infinite), or any fitted π within
///   1e-10 of 0 or 1: the result carries `.quasiSeparation(rows:)` and `converged == false`.
///
/// The covariance is the inverse Fisher information (X'WX)⁻¹ at β̂ (LAPACK `dpotri`).
///
/// - Complexity: O(n·p²) per iteration, memory O(n·p) for X plus O(n) work vectors (no per-iteration copy of X).
public struct LogisticRegression: Sendable {
    public var options: LogisticRegressionOptions
    public init(options: LogisticRegressionOptions = LogisticRegressionOptions()) { self.options = options }

    /// Fits the model to a built design; constant columns the design left out become a diagnostic.
    public func fit(_ design: Design) throws -> LogisticRegressionResult {
        try fit(design, weights: nil)
    }

    /// Fits the model with frequency weights (one per design row, e.g. from `Design.weights(from:column:)`):
    /// row i counts as wᵢ identical observations in the likelihood, the score and the information, as
    /// statsmodels `GLM(…, freq_weights=w)`. The number of observations in AIC/BIC and the null model is Σw.
    ///
    /// With `options.firth` the fit is Firth's penalised likelihood (`FirthLogisticRegression`); with
    /// `options.populationBadRate` the intercept is prior-corrected afterwards (`PriorCorrection`).
    /// - Throws: as `fit(x:y:termNames:)`, plus `RegressionError.invalidWeights` for a negative, NaN or
    ///   infinite weight or weights that leave one class empty.
    public func fit(_ design: Design, weights: [Double]?) throws -> LogisticRegressionResult {
        let intercept = design.coding.intercept ? 0 : nil
        if let weights { try LogisticRegression.checkWeights(weights, y: design.y) }
        var result: LogisticRegressionResult
        if options.firth {
            result = try FirthLogisticRegression(options: options).solve(
                x: design.x, y: design.y, weights: weights, termNames: design.terms.map(\.name), interceptColumn: intercept)
        } else {
            result = try solve(x: design.columns, y: design.y, termNames: design.terms.map(\.name), interceptColumn: intercept,
                               checkCollinearity: false, weights: weights,
                               gram: weights == nil ? design.crossProduct : nil,
                               startScore: weights == nil ? design.startScore : nil)
        }
        var fitted: [Double] = []
        design.columns.multiply(result.coefficients, into: &fitted, concurrently: Concurrency.threads > 1)
        let rows = fitted.count
        fitted.withUnsafeMutableBufferPointer { fitted in
            let parts = rows >= 1 << 16 ? 2 : 1, base = fitted.baseAddress
            nonisolated(unsafe) let shared = base
            Concurrency.perform(iterations: parts) { part in
                guard let f = shared else { return }
                for i in (rows * part / parts)..<(rows * (part + 1) / parts) { f[i] = Logistic.probability(logOdds: f[i]) }
            }
        }
        result = result.with(hosmerLemeshow: HosmerLemeshowTest(fitted: fitted, outcomes: design.y, weights: weights))
        if let rate = options.populationBadRate {
            result = try result.priorCorrected(populationBadRate: rate, interceptColumn: intercept)
        }
        guard !design.constantColumns.isEmpty else { return result }
        return result.adding(diagnostic: .constantColumns(design.constantColumns), atStart: true)
    }

    /// Checks frequency weights: finite, non-negative, one per row, and both classes with positive weight.
    static func checkWeights(_ weights: [Double], y: [Double]) throws {
        precondition(weights.count == y.count, "weights: \(weights.count) weights for \(y.count) rows")
        var bad = 0.0, good = 0.0
        for (i, w) in weights.enumerated() {
            guard w.isFinite, w >= 0 else { throw RegressionError.invalidWeights(row: i, value: w) }
            if y[i] > 0.5 { bad += w } else { good += w }
        }
        if bad == 0 || good == 0 { throw RegressionError.singleClass(column: "weighted target", value: bad == 0 ? "good" : "bad") }
    }

    /// Fits the model to a design matrix directly.
    /// - Parameters:
    ///   - x: n × p; a column of all ones is treated as the intercept (for llnull and the LR degrees of freedom).
    ///   - y: n values, each 0 or 1.
    ///   - termNames: p names.
    /// - Throws: `RegressionError.noUsableRows`, `.singleClass`, `.rankDeficient`, `.perfectSeparation`.
    public func fit(x: Matrix, y: [Double], termNames: [String]) throws -> LogisticRegressionResult {
        precondition(y.count == x.rows, "fit: \(y.count) outcomes for \(x.rows) rows")
        precondition(termNames.count == x.columns, "fit: \(termNames.count) names for \(x.columns) columns")
        precondition(y.allSatisfy { $0 == 0 || $0 == 1 }, "fit: outcomes must be 0 or 1")
        guard x.rows > 0 else { throw RegressionError.noUsableRows }
        let events = y.reduce(0, +)
        if events == 0 || events == Double(y.count) {
            throw RegressionError.singleClass(column: "y", value: events == 0 ? "0" : "1")
        }
        let intercept = (0..<x.columns).first { j in (0..<x.rows).allSatisfy { x[$0, j] == 1 } }
        if options.firth {
            return try FirthLogisticRegression(options: options).solve(x: x, y: y, weights: nil, termNames: termNames,
                                                                       interceptColumn: intercept)
        }
        return try solve(x: x, y: y, termNames: termNames, interceptColumn: intercept, checkCollinearity: true)
    }

    // MARK: - Solver

    /// The state of the fit at one β: log-likelihood, max |y − π|, the counts of rows with |y − π| below 1e-6
    /// and 1e-10 (rows with positive weight), the score X'(y − π) and the information X'WX.
    struct PassState {
        var logLikelihood = 0.0, maxResidual = 0.0
        var exact6 = 0, exact10 = 0
        var gradient: [Double] = []
        var information = Matrix(rows: 0, columns: 0)
    }

    /// Evaluates the fit at `beta` in one pass over X (`Matrix.rowPass`): η, π, the weights and residuals of
    /// `evaluate`, the score and, with `information`, X'WX, two parts of the rows in parallel on large inputs.
    static func pass<X: RowBlockMatrix>(x: X, y: [Double], weights: [Double]?, beta: [Double], information: Bool) -> PassState {
        let parts = Matrix.rowPassParts(rows: x.rows)
        let partials = PartSlots(repeating: credit_logistic_partial(), count: parts)
        let (info, gradient) = x.rowPass(beta: beta, information: information, concurrently: Concurrency.threads > 1) { part, start, eta, w, r in
            var sums = credit_logistic_partial()
            y.withUnsafeBufferPointer { yb in
                if let weights {
                    weights.withUnsafeBufferPointer { f in
                        credit_logistic_rows(eta.count, eta.baseAddress, yb.baseAddress! + start, f.baseAddress! + start,
                                             w.baseAddress, r.baseAddress, &sums)
                    }
                } else {
                    credit_logistic_rows(eta.count, eta.baseAddress, yb.baseAddress! + start, nil, w.baseAddress,
                                         r.baseAddress, &sums)
                }
            }
            partials.update(part) { $0.add(sums) }
        }
        var total = credit_logistic_partial()
        for part in 0..<parts { total.add(partials[part]) }
        return PassState(logLikelihood: total.log_likelihood, maxResidual: total.max_residual, exact6: total.exact6,
                         exact10: total.exact10, gradient: gradient, information: info)
    }

    /// The state at a β where every fitted probability is `probability` (π₀), from the (weighted) counts and the
    /// score X'(f∘(y − π₀)): what `pass` would form there, without reading X (see `solve`).
    /// - Parameters: `badWeight`/`goodWeight`: Σ fᵢ over bads / goods (the counts without weights);
    ///   `badRows`/`goodRows`: bads / goods with positive weight (the rows the residual statistics count).
    static func startState(badWeight: Double, goodWeight: Double, badRows: Int, goodRows: Int, probability pi: Double,
                           score: [Double]) -> PassState {
        let bad = 1 - pi, good = pi   // |residual| of a bad and of a good row
        var state = PassState()
        state.logLikelihood = badWeight * log(pi) + goodWeight * log1p(-pi)
        state.maxResidual = Swift.max(badRows > 0 ? bad : 0, goodRows > 0 ? good : 0)
        state.exact6 = (bad < 1e-6 ? badRows : 0) + (good < 1e-6 ? goodRows : 0)
        state.exact10 = (bad < 1e-10 ? badRows : 0) + (good < 1e-10 ? goodRows : 0)
        state.gradient = score
        return state
    }

    /// The Newton iterations and inference. The starting point (intercept-only, or β = 0 without an intercept)
    /// has constant weights c = ȳ(1 − ȳ) (or ¼), so the first information matrix is c·X'X: it comes from
    /// `gram` (X'X, usually already formed by `Design.build`) and also yields the column scales
    /// and, when asked, the collinearity check. Each later β is evaluated in one pass over X (`pass`), which
    /// forms the log-likelihood, the score and the information together.
    ///
    /// At the start every fitted probability is the same π₀ (the (weighted) ȳ, or ½), so the state there follows
    /// from the counts and the score X'(f∘(y − π₀)) (`startState`): ℓ = W₁·log π₀ + W₀·log(1 − π₀) (W: the
    /// weights of the bads and the goods, or their counts), the residuals are 1 − π₀ (bads) and −π₀ (goods). The
    /// score is `startScore` when given (unweighted; formed by `Design.build` in its pass for X'X), else X'r alone
    /// — no exponentials or logarithms per row.
    func solve<X: RowBlockMatrix>(x: X, y: [Double], termNames: [String], interceptColumn: Int?,
               checkCollinearity: Bool, weights: [Double]? = nil, gram: Matrix? = nil,
               startScore: [Double]? = nil) throws -> LogisticRegressionResult {
        let n = x.rows, p = x.columns
        let events = Int(y.reduce(0, +))
        // With frequency weights every "n" below is Σw and every count of bads is Σ wᵢyᵢ.
        let nd = weights.map { $0.reduce(0, +) } ?? Double(n)
        let weightedEvents = weights.map { w in zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } } ?? Double(events)
        let ybar = weightedEvents / nd

        var beta = [Double](repeating: 0, count: p)
        if let k = interceptColumn { beta[k] = log(ybar / (1 - ybar)) }
        // Every fit starts so, the score formed the same way (`gram(product:)` and `transposeProduct` give the
        // same bits, and weights of 1 the same residuals as none), so two routes to one fit agree to the bit.
        let start = interceptColumn == nil ? 0.5 : ybar
        let score: [Double]
        if weights == nil, let startScore, startScore.count == p { score = startScore }
        else {
            let r = weights.map { w in zip(w, y).map { $0 * ($1 - start) } } ?? y.map { $0 - start }
            score = x.transposeProduct(r, concurrently: Concurrency.threads > 1)
        }
        let (badRows, goodRows) = weights.map { w in
            zip(w, y).reduce((0, 0)) { c, e in e.0 > 0 ? (e.1 > 0.5 ? (c.0 + 1, c.1) : (c.0, c.1 + 1)) : c }
        } ?? (events, n - events)
        var state = LogisticRegression.startState(badWeight: weightedEvents, goodWeight: nd - weightedEvents,
                                                  badRows: badRows, goodRows: goodRows, probability: start, score: score)

        var crossProduct: Matrix
        if let weights { crossProduct = x.gram(weights: weights, concurrently: Concurrency.threads > 1) }
        else if let gram, gram.rows == p, gram.columns == p { crossProduct = gram }
        else { crossProduct = x.gram(concurrently: Concurrency.threads > 1) }
        if checkCollinearity {
            let aliases = try Design.collinearities(gram: crossProduct, termNames: termNames)
            if !aliases.isEmpty { throw RegressionError.rankDeficient(aliases: aliases) }
        }
        // Root-mean-square of each column: the scale of the convergence test and of separation directions.
        let rms = (0..<p).map { (crossProduct[$0, $0] / nd).squareRoot() }
        let startWeight = interceptColumn == nil ? 0.25 : ybar * (1 - ybar)
        for k in crossProduct.elements.indices { crossProduct.elements[k] *= startWeight }
        state.information = crossProduct

        var iterations = 0
        var converged = false
        var devianceChange = Double.infinity
        var lastStep = [Double](repeating: 0, count: p)
        var trialBeta = beta
        while true {
            if state.maxResidual < 1e-8 {
                throw RegressionError.perfectSeparation(terms: LogisticRegression.drivingTerms(
                    lastStep.contains { $0 != 0 } ? lastStep : beta, rms: rms, names: termNames, intercept: interceptColumn))
            }
            var scaledScore = 0.0
            for j in 0..<p where rms[j] > 0 { scaledScore = max(scaledScore, abs(state.gradient[j]) / (nd * rms[j])) }
            if iterations > 0 && scaledScore <= options.gradientTolerance && devianceChange <= options.devianceTolerance {
                converged = true
                break
            }
            if iterations >= options.maxIterations { break }
            guard let cholesky = try? Cholesky(state.information), let delta = try? cholesky.solve(state.gradient) else { break }
            var t = 1.0
            var accepted: PassState?
            let ll = state.logLikelihood
            for _ in 0..<40 {
                for j in 0..<p { trialBeta[j] = beta[j] + t * delta[j] }
                let trial = LogisticRegression.pass(x: x, y: y, weights: weights, beta: trialBeta, information: true)
                if trial.logLikelihood.isFinite && trial.logLikelihood >= ll - 1e-13 * (abs(ll) + 1) { accepted = trial; break }
                t *= 0.5
            }
            // Stalled: the state stays at β, so the inference below is computed there.
            guard let trial = accepted else { break }
            devianceChange = abs(2 * (trial.logLikelihood - ll)) / (abs(2 * trial.logLikelihood) + 0.1)
            for j in 0..<p { lastStep[j] = t * delta[j] }
            beta = trialBeta
            state = trial
            iterations += 1
        }
        let ll = state.logLikelihood
        let gradient = state.gradient
        let information = state.information

        // Separation checks at the final point.
        let positiveRows = weights.map { $0.filter { $0 > 0 }.count } ?? n
        return try LogisticRegression.conclude(
            beta: beta, information: information, gradient: gradient, lastStep: lastStep, rms: rms,
            exact6: state.exact6, exact10: state.exact10, separationRows: positiveRows, logLikelihood: ll,
            badTotal: weightedEvents, total: nd, observations: n, events: events, iterations: iterations,
            converged: converged, termNames: termNames, interceptColumn: interceptColumn, options: options,
            weighting: weights.map { _ in WeightSummary(total: nd, badTotal: weightedEvents) })
    }

    /// The end of a Newton fit, shared by the in-memory and the out-of-core paths: separation checks at the
    /// final point (perfect separation when every row is fitted exactly or the information is singular with
    /// exactly fitted rows; quasi-separation when some are), the convergence diagnostic, Wald inference from
    /// the inverse information, the likelihood-ratio test against the intercept-only model, McFadden R², AIC, BIC.
    /// - Parameters: `badTotal`/`total`: (weighted) bads and observations; `separationRows`: rows with positive
    ///   weight; `lastStep`: the last Newton direction (names the terms driving a separation).
    static func conclude(beta: [Double], information: Matrix, gradient: [Double], lastStep: [Double], rms: [Double],
                         exact6: Int, exact10: Int, separationRows: Int, logLikelihood ll: Double,
                         badTotal: Double, total nd: Double, observations: Int, events: Int, iterations: Int,
                         converged: Bool, termNames: [String], interceptColumn: Int?,
                         options: LogisticRegressionOptions, weighting: WeightSummary?) throws -> LogisticRegressionResult {
        let p = beta.count
        var converged = converged
        guard let cholesky = try? Cholesky(information), let covariance = try? cholesky.inverse() else {
            if exact6 > 0 {
                throw RegressionError.perfectSeparation(terms: LogisticRegression.drivingTerms(
                    lastStep, rms: rms, names: termNames, intercept: interceptColumn))
            }
            throw RegressionError.rankDeficient(aliases: ["the information matrix X'WX is singular at the estimate"])
        }
        if exact6 == separationRows {
            throw RegressionError.perfectSeparation(terms: LogisticRegression.drivingTerms(
                lastStep, rms: rms, names: termNames, intercept: interceptColumn))
        }
        var diagnostics: [FitDiagnostic] = []
        let newton = (try? cholesky.solve(gradient)) ?? lastStep
        var standardizedStep = 0.0
        for j in 0..<p { standardizedStep = max(standardizedStep, abs(newton[j]) * rms[j]) }
        if exact6 > 0 && standardizedStep > 1e-3 {
            diagnostics.append(.quasiSeparation(rows: exact6))
            converged = false
        } else if exact10 > 0 {
            diagnostics.append(.quasiSeparation(rows: exact10))
            converged = false
        } else if !converged {
            diagnostics.append(.didNotConverge(iterations: iterations))
        }

        // Inference.
        let se = (0..<p).map { covariance[$0, $0].squareRoot() }
        let z = (0..<p).map { beta[$0] / se[$0] }
        let pValues = z.map { NormalDistribution.twoSidedPValue($0) }
        let level = options.confidenceLevel
        let q = NormalDistribution.quantile(1 - (1 - level) / 2)
        let intervals = (0..<p).map { ClosedRangeCodable(lower: beta[$0] - q * se[$0], upper: beta[$0] + q * se[$0]) }
        let ybar = badTotal / nd
        let n1 = badTotal, n0 = nd - n1
        let llNull = n1 * log(ybar) + n0 * log(1 - ybar)
        let df = p - (interceptColumn == nil ? 0 : 1)
        let llr = 2 * (ll - llNull)
        let llrP = df > 0 ? ChiSquaredDistribution.survival(llr, degreesOfFreedom: Double(df)) : .nan
        return LogisticRegressionResult(
            termNames: termNames, coefficients: beta, standardErrors: se, zValues: z, pValues: pValues,
            confidenceIntervals: intervals, confidenceLevel: level, covariance: covariance.rowMajor,
            logLikelihood: ll, nullLogLikelihood: llNull, likelihoodRatioChiSquare: llr,
            likelihoodRatioDegreesOfFreedom: df, likelihoodRatioPValue: llrP, pseudoRSquared: 1 - ll / llNull,
            aic: -2 * ll + 2 * Double(p), bic: -2 * ll + Double(p) * log(nd),
            observations: observations, events: events, iterations: iterations, converged: converged,
            diagnostics: diagnostics, weighting: weighting)
    }

    /// Terms whose standardized component |dⱼ|·rmsⱼ of a diverging direction is at least a quarter of the
    /// largest, largest first (the intercept left out).
    static func drivingTerms(_ direction: [Double], rms: [Double], names: [String], intercept: Int?) -> [String] {
        let size = direction.indices.map { $0 == intercept ? 0 : abs(direction[$0]) * rms[$0] }
        guard let largest = size.max(), largest > 0 else { return [] }
        return size.indices.filter { size[$0] >= 0.25 * largest }.sorted { size[$0] > size[$1] }.map { names[$0] }
    }
}

extension LogisticRegressionResult {
    func with(hosmerLemeshow test: HosmerLemeshowTest) -> LogisticRegressionResult {
        var result = self
        result.hosmerLemeshow = test
        return result
    }

    func adding(diagnostic: FitDiagnostic, atStart: Bool) -> LogisticRegressionResult {
        var result = self
        if atStart { result.diagnostics.insert(diagnostic, at: 0) } else { result.diagnostics.append(diagnostic) }
        return result
    }
}

extension credit_logistic_partial {
    /// Adds the sums of another part of the rows (the largest residual is the larger of the two).
    mutating func add(_ other: credit_logistic_partial) {
        log_likelihood += other.log_likelihood
        max_residual = max(max_residual, other.max_residual)
        exact6 += other.exact6
        exact10 += other.exact10
    }
}
