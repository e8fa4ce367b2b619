import Foundation
import CreditLinearAlgebra
import CreditTabular
import CreditProbability
import CreditSupport
/// Firth's penalised-likelihood logistic regression (Firth 1993, Biometrika 80:27–38,
/// doi:10.1093/biomet/80.1.27), with the inference of R `logistf` (Heinze & Schemper 2002, Statistics in
/// Medicine 21:2409–2419, doi:10.1002/sim.1047).
///
/// Maximises ℓ*(β) = ℓ(β) + ½·log|I(β)|, I(β) = X'WX, W = diag(fᵢπᵢ(1 − πᵢ)) (fᵢ the frequency weight, 1 by
/// default), by Newton steps on the modified score
///
///     U*(β)ⱼ = Σᵢ xᵢⱼ·(fᵢ(yᵢ − πᵢ) + hᵢ(½ − πᵢ)),   hᵢ = Wᵢ·xᵢ'I⁻¹xᵢ (the hat diagonal),
///
/// which is the exact gradient of ℓ*; each step δ = I⁻¹U* is capped at 5 in max-norm and halved until ℓ*
/// does not fall (as logistf). Estimates are finite under separation whenever X has full rank.
///
/// Inference (as logistf):
/// - standard errors √diag(I(β̂)⁻¹) (Wald, reported beside);
/// - confidence intervals by profile penalised likelihood: for each βⱼ the two values b where
///   2·(ℓ*(β̂) − max_{β: βⱼ = b} ℓ*(β)) = χ²₁(level), the profile maximised by a constrained Newton fit whose
///   penalty is the full model's ½·log|I(β)|, the roots found by Brent's method;
/// - p-values by the penalised likelihood-ratio test of βⱼ = 0, χ²₁;
/// - the model LR test 2·(ℓ*(β̂) − ℓ*₀), ℓ*₀ the penalised fit with only the intercept free (other
///   coefficients 0, penalty still from the full design, as logistf's `col.fit = 1`).
///
/// The result's `logLikelihood`, `nullLogLikelihood`, the LR test, McFadden R², AIC and BIC use the
/// penalised log-likelihood, as logistf's `loglik` and `extractAIC` do; the unpenalised ℓ(β̂) is in `firth`.
public struct FirthLogisticRegression: Sendable {
    public var options: LogisticRegressionOptions
    public init(options: LogisticRegressionOptions = LogisticRegressionOptions()) { self.options = options }

    /// Fits `design`, optionally with frequency weights.
    public func fit(_ design: Design, weights: [Double]? = nil) throws -> LogisticRegressionResult {
        var o = options
        o.firth = true
        return try LogisticRegression(options: o).fit(design, weights: weights)
    }

    func solve(x: Matrix, y: [Double], weights: [Double]?, termNames: [String], interceptColumn: Int?) throws
        -> LogisticRegressionResult
    {
        let n = x.rows, p = x.columns
        let aliases = try Design.collinearities(gram: x.gram(concurrently: Concurrency.threads > 1), termNames: termNames)
        if !aliases.isEmpty { throw RegressionError.rankDeficient(aliases: aliases) }
        let problem = FirthProblem(x: x, y: y, weights: weights)
        let search = FirthStartSearch(problem: problem, maxIterations: options.maxIterations, seededStarts: options.firthStarts,
                                      termNames: termNames)
        var full = search.run()
        guard var best = full.run.state else {
            throw RegressionError.rankDeficient(aliases: ["the information matrix X'WX is singular at the estimate"])
        }
        let level = options.confidenceLevel
        let zq = NormalDistribution.quantile(1 - (1 - level) / 2)
        let chiQuantile = zq * zq   // χ²₁ quantile at `level`
        let tolerance = 1e-9 * (1 + abs(best.penalizedLogLikelihood))

        var profile: [ClosedRangeCodable]? = nil
        var lrChi: [Double]? = nil
        var lrP: [Double]? = nil
        var negativeTerms: [String] = []
        var profileFailed = false
        // A restricted fit (βⱼ = 0, or βⱼ at a profile point) can only reach ℓ* above the full fit's if the full
        // fit stopped short of the maximum: then restart the full fit from that point and redo the inference.
        for round in 0...3 {
            let se = (0..<p).map { best.covariance[$0, $0].squareRoot() }
            guard options.profileLikelihood else { break }
            var better: FirthProblem.State? = nil
            var intervals: [ClosedRangeCodable] = []
            var chis: [Double] = []
            negativeTerms = []
            profileFailed = false
            for j in 0..<p {
                let lower = problem.profileBound(coefficient: j, at: best, direction: -1, chiSquare: chiQuantile,
                                                 standardError: se[j], maxIterations: options.maxIterations, better: &better)
                let upper = problem.profileBound(coefficient: j, at: best, direction: 1, chiSquare: chiQuantile,
                                                 standardError: se[j], maxIterations: options.maxIterations, better: &better)
                if lower == nil || upper == nil { profileFailed = true }
                intervals.append(ClosedRangeCodable(lower: lower ?? .nan, upper: upper ?? .nan))
                // The restricted maximum with βⱼ = 0, from two starts (the estimate with βⱼ set to 0, and all
                // zeros); the higher ℓ* is kept, so one poor local maximum does not inflate the statistic.
                let free = (0..<p).filter { $0 != j }
                var fixed = best.beta
                fixed[j] = 0
                let fromEstimate = problem.maximize(start: fixed, free: free, maxIterations: options.maxIterations)
                let fromZero = problem.maximize(start: [Double](repeating: 0, count: p), free: free,
                                                maxIterations: options.maxIterations)
                let runs = [fromEstimate, fromZero].filter { $0.state != nil }
                let restricted = runs.max { a, b in
                    (a.converged ? 1 : 0, a.state!.penalizedLogLikelihood) < (b.converged ? 1 : 0, b.state!.penalizedLogLikelihood)
                }
                guard let restricted, let state = restricted.state, restricted.converged else {
                    profileFailed = true
                    chis.append(.nan)
                    continue
                }
                if state.penalizedLogLikelihood > best.penalizedLogLikelihood + tolerance,
                   state.penalizedLogLikelihood > (better?.penalizedLogLikelihood ?? -.infinity) { better = state }
                let chi = 2 * (best.penalizedLogLikelihood - state.penalizedLogLikelihood)
                if chi < -2 * tolerance { negativeTerms.append(termNames[j]) }
                // Within rounding of 0 (|χ²| ≤ 2e-9·(1 + |ℓ*|)) it is 0; a larger negative value is kept and reported.
                chis.append(chi < 0 && chi >= -2 * tolerance ? 0 : chi)
            }
            profile = intervals
            lrChi = chis
            lrP = chis.map { $0 < 0 ? Double.nan : ChiSquaredDistribution.survival($0, degreesOfFreedom: 1) }
            guard let better, round < 3 else { break }
            let restart = problem.maximize(start: better.beta, free: Array(0..<p), maxIterations: options.maxIterations)
            guard let state = restart.state, state.penalizedLogLikelihood > best.penalizedLogLikelihood else { break }
            full.adopt(restart, label: "restart from a restricted fit that rose above the first maximum")
            best = state
        }
        let beta = best.beta
        let covariance = best.covariance
        let se = (0..<p).map { covariance[$0, $0].squareRoot() }
        let z = (0..<p).map { beta[$0] / se[$0] }
        let waldP = z.map { NormalDistribution.twoSidedPValue($0) }
        let wald = (0..<p).map { ClosedRangeCodable(lower: beta[$0] - zq * se[$0], upper: beta[$0] + zq * se[$0]) }
        var diagnostics: [FitDiagnostic] = []
        if !full.run.converged { diagnostics.append(.didNotConverge(iterations: full.run.iterations)) }
        if profileFailed { diagnostics.append(.profileLikelihoodIncomplete) }
        if !negativeTerms.isEmpty { diagnostics.append(.negativePenalizedLikelihoodRatio(terms: negativeTerms)) }

        // Null model: only the intercept free, penalty from the full design.
        var nullPLL = Double.nan
        let df = p - (interceptColumn == nil ? 0 : 1)
        if let k = interceptColumn {
            let null = problem.maximize(start: [Double](repeating: 0, count: p), free: [k], maxIterations: options.maxIterations)
            nullPLL = null.state?.penalizedLogLikelihood ?? .nan
        } else if let s0 = problem.evaluate([Double](repeating: 0, count: p)) {
            nullPLL = s0.penalizedLogLikelihood
        }
        let pll = best.penalizedLogLikelihood
        let llr = 2 * (pll - nullPLL)
        let llrP = df > 0 ? ChiSquaredDistribution.survival(llr, degreesOfFreedom: Double(df)) : .nan
        let nd = weights.map { $0.reduce(0, +) } ?? Double(n)
        let events = Int(y.reduce(0, +))
        let weightedEvents = weights.map { w in zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } } ?? Double(events)
        let inference = FirthInference(
            penalizedLogLikelihood: pll, unpenalizedLogLikelihood: best.logLikelihood, nullPenalizedLogLikelihood: nullPLL,
            waldPValues: waldP, waldIntervals: wald, profileIntervals: profile,
            likelihoodRatioChiSquares: lrChi, likelihoodRatioPValues: lrP, search: full.summary,
            negativeLikelihoodRatioTerms: negativeTerms.isEmpty ? nil : negativeTerms)
        return LogisticRegressionResult(
            termNames: termNames, coefficients: beta, standardErrors: se, zValues: z, pValues: lrP ?? waldP,
            confidenceIntervals: profile ?? wald, confidenceLevel: level, covariance: covariance.rowMajor,
            logLikelihood: pll, nullLogLikelihood: nullPLL, likelihoodRatioChiSquare: llr,
            likelihoodRatioDegreesOfFreedom: df, likelihoodRatioPValue: llrP, pseudoRSquared: 1 - pll / nullPLL,
            aic: -2 * pll + 2 * Double(p), bic: -2 * pll + Double(p) * log(nd),
            observations: n, events: events, iterations: full.run.iterations, converged: full.run.converged,
            diagnostics: diagnostics,
            weighting: weights.map { _ in WeightSummary(total: nd, badTotal: weightedEvents) }, firth: inference)
    }
}

extension FirthLogisticRegression {
    /// One run of the maximiser of ℓ* (`FirthProblem.maximize`, the fit's own) from `start`, without the extra
    /// starts or the inference: the end point, its ℓ*, and whether it converged; `nil` if ℓ* is not finite at
    /// `start`. For checking that no other start beats a fit's reported maximum.
    public func maximize(_ design: Design, from start: [Double], weights: [Double]? = nil)
        -> (coefficients: [Double], penalizedLogLikelihood: Double, converged: Bool)?
    {
        let x = design.x
        precondition(start.count == x.columns, "maximize(from:): \(start.count) values for \(x.columns) terms")
        let run = FirthProblem(x: x, y: design.y, weights: weights)
            .maximize(start: start, free: Array(0..<x.columns), maxIterations: options.maxIterations)
        guard let s = run.state else { return nil }
        return (s.beta, s.penalizedLogLikelihood, run.converged)
    }

    /// The modified score U*(β), the gradient of ℓ*; `nil` where X'WX is not positive definite.
    public static func penalizedScore(_ design: Design, coefficients: [Double], weights: [Double]? = nil) -> [Double]? {
        FirthProblem(x: design.x, y: design.y, weights: weights).evaluate(coefficients)?.score
    }

    /// The exact Hessian of ℓ* (`FirthProblem.hessian`), row-major; `nil` where X'WX is not positive definite.
    public static func penalizedHessian(_ design: Design, coefficients: [Double], weights: [Double]? = nil) -> [[Double]]? {
        let problem = FirthProblem(x: design.x, y: design.y, weights: weights)
        return problem.evaluate(coefficients).map { problem.hessian($0).rowMajor }
    }
}

/// How the maximum of ℓ* was found (`FirthInference.search`).
///
/// ℓ* = ℓ + ½·log|I| is not concave: on nearly separated data (AER's CreditCard, where every refused applicant
/// spent 0) it has several local maxima, and Newton from β = 0 can stop at a lower one or crawl along a ridge.
/// The fit therefore starts from β = 0 (as logistf) and, when that run did not converge or ends with rows
/// predicted almost exactly (some |x'β| > 15, the mark of such a surface), also from `FirthLogisticRegression`'s
/// `firthStarts` seeded starts; it keeps the converged run with the highest ℓ* (the highest ℓ* if none converged).
/// Then each coefficient is walked 2, 4, 8 and 16 standard errors away from that maximum with the others refitted
/// (a profile's first steps); a constrained fit that rises above the maximum leads, unconstrained, to a higher
/// one ("continuation along …"), and the walk is repeated from there. A restricted fit of the inference (LR test
/// or profile) that rises above the maximum restarts the fit likewise.
public struct FirthSearch: Sendable, Codable, Equatable {
    /// Where the reported maximum was reached from: "zero" (all coefficients 0, as logistf), "seeded start k",
    /// "continuation along TERM (up 4 SE)", or "restart from a restricted fit …".
    public let start: String
    /// Runs of the maximiser (the first from zero included).
    public let startsTried: Int
    /// ℓ* at each distinct maximum a converged run reached (equal to 1e-6 relative counts once), highest first.
    public let maxima: [Double]
    /// Whether the winning run used exact Newton steps (the Hessian of ℓ*) besides Fisher scoring.
    public let exactNewtonSteps: Bool
}

/// The multi-start driver behind `FirthSearch`.
struct FirthStartSearch {
    let problem: FirthProblem
    let maxIterations: Int
    let seededStarts: Int
    var termNames: [String] = []

    struct Outcome {
        var run: FirthProblem.Run
        var label: String
        var tried: Int
        var maxima: [Double]

        mutating func adopt(_ other: FirthProblem.Run, label: String) {
            run = other; self.label = label; tried += 1
            if other.converged, let v = other.state?.penalizedLogLikelihood { maxima = FirthStartSearch.distinct(maxima + [v]) }
        }

        var summary: FirthSearch {
            FirthSearch(start: label, startsTried: tried, maxima: maxima, exactNewtonSteps: run.secondOrder)
        }
    }

    /// ℓ* values sorted, highest first, with values within 1e-6 relative of a higher one dropped.
    static func distinct(_ values: [Double]) -> [Double] {
        var out: [Double] = []
        for v in values.sorted(by: >) where !out.contains(where: { abs($0 - v) <= 1e-6 * (1 + abs(v)) }) { out.append(v) }
        return out
    }

    func run() -> Outcome {
        let p = problem.x.columns
        let first = problem.maximize(start: [Double](repeating: 0, count: p), free: Array(0..<p), maxIterations: maxIterations)
        var runs: [(FirthProblem.Run, String)] = [(first, "zero")]
        let suspicious = !first.converged || (first.state?.largestLinearPredictor ?? .infinity) > 15
        if suspicious && seededStarts > 0 {
            for k in 1...seededStarts {
                runs.append((problem.maximize(start: problem.seededStart(k), free: Array(0..<p), maxIterations: maxIterations),
                             "seeded start \(k)"))
            }
        }
        func key(_ r: FirthProblem.Run) -> (Int, Double) {
            (r.converged ? 1 : 0, r.state?.penalizedLogLikelihood ?? -.infinity)
        }
        let winner = runs.max { key($0.0) < key($1.0) }!
        let maxima = FirthStartSearch.distinct(runs.compactMap { $0.0.converged ? $0.0.state?.penalizedLogLikelihood : nil })
        var outcome = Outcome(run: winner.0, label: winner.1, tried: runs.count, maxima: maxima)
        guard suspicious && seededStarts > 0 else { return outcome }
        // Continuation: walk each coefficient away from the maximum (2, 4, 8, 16 standard errors, each side), the
        // others refitted from the previous point, as a profile does; a constrained fit that rises above the
        // maximum shows a higher one, reached by an unconstrained run from there. Repeated until none rises.
        for _ in 0..<4 {
            guard outcome.run.converged, let s = outcome.run.state, let found = continuation(from: s) else { break }
            outcome.adopt(found.0, label: found.1)
        }
        return outcome
    }

    /// The first coefficient walk from `state` that leads to a higher converged maximum, or `nil`.
    func continuation(from state: FirthProblem.State) -> (FirthProblem.Run, String)? {
        let p = problem.x.columns
        let tolerance = 1e-9 * (1 + abs(state.penalizedLogLikelihood))
        for j in 0..<p {
            let se = state.covariance[j, j].squareRoot()
            guard se.isFinite, se > 0 else { continue }
            let free = (0..<p).filter { $0 != j }
            for direction in [-1.0, 1.0] {
                var warm = state.beta
                for multiple in [2.0, 4.0, 8.0, 16.0] {
                    warm[j] = state.beta[j] + direction * multiple * se
                    let constrained = problem.maximize(start: warm, free: free, maxIterations: maxIterations)
                    guard let c = constrained.state else { break }
                    warm = c.beta
                    guard c.penalizedLogLikelihood > state.penalizedLogLikelihood + tolerance else { continue }
                    let run = problem.maximize(start: c.beta, free: Array(0..<p), maxIterations: maxIterations)
                    if run.converged, let r = run.state, r.penalizedLogLikelihood > state.penalizedLogLikelihood + tolerance {
                        let name = j < termNames.count ? termNames[j] : "coefficient \(j + 1)"
                        return (run, "continuation along \(name) (\(direction < 0 ? "down" : "up") \(Int(multiple)) SE)")
                    }
                }
            }
        }
        return nil
    }
}

/// The Firth-specific part of a fit (logistf's `loglik`, `ci.lower`/`ci.upper`, `prob`).
public struct FirthInference: Sendable, Codable, Equatable {
    /// ℓ*(β̂) = ℓ(β̂) + ½·log|I(β̂)|.
    public let penalizedLogLikelihood: Double
    /// ℓ(β̂), the plain log-likelihood at the penalised estimate.
    public let unpenalizedLogLikelihood: Double
    /// ℓ* with only the intercept free (the others 0), penalty from the full design (logistf's null).
    public let nullPenalizedLogLikelihood: Double
    /// Wald p-values β/SE (the result's `pValues` are the penalised LR ones when profiling ran).
    public let waldPValues: [Double]
    /// Wald intervals β ± z·SE.
    public let waldIntervals: [ClosedRangeCodable]
    /// Profile penalised-likelihood intervals (`nil` when profiling was turned off).
    public let profileIntervals: [ClosedRangeCodable]?
    /// 2·(ℓ*(β̂) − max ℓ* with βⱼ = 0), per coefficient.
    public let likelihoodRatioChiSquares: [Double]?
    /// χ²₁ survival of `likelihoodRatioChiSquares` (NaN where the statistic is negative).
    public let likelihoodRatioPValues: [Double]?
    /// How the maximum was found: the start it came from, the starts tried, the distinct maxima seen.
    public var search: FirthSearch? = nil
    /// Terms whose penalised LR statistic stayed negative after the refits (never clamped; `nil` when none).
    public var negativeLikelihoodRatioTerms: [String]? = nil
}

/// The penalised objective and its constrained maximiser, shared by the fit, the profiles and the tests.
struct FirthProblem {
    let x: Matrix
    let y: [Double]
    let weights: [Double]?

    struct State {
        var beta: [Double]
        var logLikelihood: Double
        var penalizedLogLikelihood: Double
        /// The modified score U*.
        var score: [Double]
        var information: Matrix
        var covariance: Matrix
        /// πᵢ, and sᵢ = xᵢ'I⁻¹xᵢ (so the hat diagonal is hᵢ = fᵢπᵢ(1 − πᵢ)·sᵢ).
        var probabilities: [Double]
        var leverage: [Double]
        /// maxᵢ |xᵢ'β| over rows of positive weight.
        var largestLinearPredictor: Double
    }

    /// One run of the maximiser.
    struct Run {
        var state: State?
        var iterations: Int
        var converged: Bool
        /// Some steps used the exact Hessian of ℓ* (see `maximize`).
        var secondOrder: Bool = false
    }

    /// ℓ*, U*, I and I⁻¹ at β; `nil` when I is not positive definite or ℓ is not finite.
    func evaluate(_ beta: [Double]) -> State? {
        let n = x.rows, p = x.columns
        let eta = x.multiply(beta)
        var w = [Double](repeating: 0, count: n)
        var r = [Double](repeating: 0, count: n)
        var pi = [Double](repeating: 0, count: n)
        var ll = 0.0
        var largest = 0.0
        for i in 0..<n {
            let f = weights?[i] ?? 1
            let e = eta[i]
            let a = exp(-abs(e))
            let prob = e >= 0 ? 1 / (1 + a) : a / (1 + a)
            let q = e >= 0 ? a / (1 + a) : 1 / (1 + a)
            if f > 0 { ll += f * ((y[i] * e - max(e, 0)) - log1p(a)); largest = max(largest, abs(e)) }
            pi[i] = prob
            w[i] = f * prob * q
            r[i] = f * (y[i] > 0.5 ? q : -prob)
        }
        guard ll.isFinite else { return nil }
        let information = x.gram(weights: w, concurrently: Concurrency.threads > 1)
        guard let cholesky = try? Cholesky(information), let covariance = try? cholesky.inverse() else { return nil }
        let pll = ll + 0.5 * cholesky.logDeterminant
        guard pll.isFinite else { return nil }
        // Hat diagonal hᵢ = Wᵢ·xᵢ'I⁻¹xᵢ from X·I⁻¹ (one dgemm).
        guard let xc = try? x.multiply(covariance) else { return nil }
        var leverage = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<p { s += xc.elements[j * n + i] * x.elements[j * n + i] }
            leverage[i] = s
            r[i] += w[i] * s * (0.5 - pi[i])
        }
        return State(beta: beta, logLikelihood: ll, penalizedLogLikelihood: pll, score: x.transposeMultiply(r),
                     information: information, covariance: covariance, probabilities: pi, leverage: leverage,
                     largestLinearPredictor: largest)
    }

    /// The exact Hessian of ℓ* at `state`:
    ///
    ///     ∇²ℓ* = −I + ½·X'diag(fᵢwᵢ(1 − 6wᵢ)·sᵢ)X − ½·T,   Tⱼₖ = tr(I⁻¹MⱼI⁻¹Mₖ),   Mⱼ = X'diag(fᵢwᵢ(1 − 2πᵢ)·xᵢⱼ)X,
    ///
    /// wᵢ = πᵢ(1 − πᵢ), sᵢ = xᵢ'I⁻¹xᵢ: the second derivative of ½·log|I(β)| (∂I/∂βⱼ = Mⱼ, ∂²I/∂βⱼ∂βₖ =
    /// X'diag(fᵢwᵢ(1 − 6wᵢ)xᵢⱼxᵢₖ)X) added to ℓ's −I. Fisher scoring (logistf's step I⁻¹U*) drops the penalty's
    /// part, which is harmless when ℓ dominates and makes the iteration crawl when it does not: on nearly separated
    /// data the rows that still carry information are few, and the penalty's curvature is of the same size.
    /// - Complexity: O(n·p³) (p weighted Gram matrices), against O(n·p²) for a scoring step.
    func hessian(_ state: State) -> Matrix {
        let n = x.rows, p = x.columns
        var first = [Double](repeating: 0, count: n)
        var second = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let f = weights?[i] ?? 1
            let prob = state.probabilities[i]
            let w = prob * (1 - prob)
            first[i] = f * w * (1 - 2 * prob)
            second[i] = f * w * (1 - 6 * w) * state.leverage[i]
        }
        let concurrently = Concurrency.threads > 1
        var h = x.gram(weights: second, concurrently: concurrently)
        var products: [Matrix] = []
        products.reserveCapacity(p)
        for j in 0..<p {
            let weights = (0..<n).map { first[$0] * x.elements[j * n + $0] }
            let m = x.gram(weights: weights, concurrently: concurrently)
            products.append((try? state.covariance.multiply(m)) ?? Matrix(rows: p, columns: p))
        }
        for j in 0..<p {
            for k in 0...j {
                var t = 0.0
                let a = products[j].elements, b = products[k].elements
                // tr(BⱼBₖ) = Σ_ab Bⱼ[a,b]·Bₖ[b,a] (column-major: [a,b] at b·p + a).
                for c in 0..<p { for d in 0..<p { t += a[d * p + c] * b[c * p + d] } }
                h[j, k] = 0.5 * h[j, k] - 0.5 * t - state.information[j, k]
                if k != j { h[k, j] = h[j, k] }
            }
        }
        return h
    }

    /// Maximises ℓ* over the coefficients in `free`, the others held at their `start` values.
    ///
    /// Each step is a Newton direction with a line search on ℓ* itself: the step is halved (up to 50 times)
    /// until ℓ* does not fall; there is no cap on the step length, so no coefficient is pinned at a bound. The
    /// direction is logistf's Fisher-scoring step I⁻¹U* until that iteration is seen to crawl (a step had to be
    /// halved, or the scale-free decrement U*'I⁻¹U* fell by less than a factor of 4 after the third step, or 25
    /// steps have passed); from then on it is the exact Newton step (−∇²ℓ*)⁻¹U* (`hessian`) wherever −∇²ℓ* is
    /// positive definite, the scoring step (always an ascent direction) where it is not.
    ///
    /// Converged when the largest step and the largest free score component are both below 1e-10 (relative to
    /// 1 + |β|∞ and to Σf respectively); when no halving raises ℓ* any more (ℓ* is flat to rounding), converged
    /// if the score is below 1e-7·Σf.
    func maximize(start: [Double], free: [Int], maxIterations: Int) -> Run {
        guard var state = evaluate(start) else { return Run(state: nil, iterations: 0, converged: false) }
        let k = free.count
        let total = weights.map { $0.reduce(0, +) } ?? Double(x.rows)
        var iterations = 0
        var secondOrder = false
        var usedSecondOrder = false
        var previousDecrement = Double.infinity
        func restricted(_ m: Matrix) -> Matrix {
            var sub = Matrix(rows: k, columns: k)
            for (a, ja) in free.enumerated() { for (b, jb) in free.enumerated() { sub[a, b] = m[ja, jb] } }
            return sub
        }
        while iterations < maxIterations {
            let g = free.map { state.score[$0] }
            guard let c = try? Cholesky(restricted(state.information)), let scoring = try? c.solve(g) else {
                return Run(state: state, iterations: iterations, converged: false, secondOrder: usedSecondOrder)
            }
            var delta = scoring
            if secondOrder {
                var negative = restricted(hessian(state))
                for a in 0..<(k * k) { negative.elements[a] = -negative.elements[a] }
                if let ch = try? Cholesky(negative), let newton = try? ch.solve(g), newton.allSatisfy(\.isFinite) {
                    delta = newton
                    usedSecondOrder = true
                }
            }
            let largest = delta.map(abs).max() ?? 0
            let gradientSize = g.map(abs).max() ?? 0
            let betaSize = state.beta.map(abs).max() ?? 0
            if largest <= 1e-10 * (1 + betaSize) && gradientSize <= 1e-10 * max(1, total) {
                return Run(state: state, iterations: iterations, converged: true, secondOrder: usedSecondOrder)
            }
            var t = 1.0
            var accepted: State? = nil
            for _ in 0..<50 {
                var trial = state.beta
                for (a, j) in free.enumerated() { trial[j] += t * delta[a] }
                if let s = evaluate(trial), s.penalizedLogLikelihood >= state.penalizedLogLikelihood - 1e-12 * (abs(state.penalizedLogLikelihood) + 1) {
                    accepted = s
                    break
                }
                t *= 0.5
            }
            iterations += 1
            guard let next = accepted else {
                return Run(state: state, iterations: iterations, converged: gradientSize <= 1e-7 * max(1, total),
                           secondOrder: usedSecondOrder)
            }
            let decrement = zip(g, scoring).reduce(0) { $0 + $1.0 * $1.1 }
            if t < 1 || (iterations > 3 && decrement > 0.25 * previousDecrement) || iterations >= 25 { secondOrder = true }
            previousDecrement = decrement
            state = next
        }
        let g = free.map { state.score[$0] }.map(abs).max() ?? 0
        return Run(state: state, iterations: iterations, converged: g <= 1e-7 * max(1, total), secondOrder: usedSecondOrder)
    }

    /// The `index`-th seeded start (1, 2, …): slopes βⱼ ~ N(0, (2 / (sdⱼ·√m))²) over the m non-constant columns, so
    /// x'β has a standard deviation near 2 whatever the units; the intercept column (if any) then puts the mean
    /// linear predictor at logit(ȳ). SplitMix64 seeded with 0xF1127 + index: the same starts on every machine.
    func seededStart(_ index: Int) -> [Double] {
        let n = x.rows, p = x.columns
        var rng = SplitMix64(seed: 0xF1127 &+ UInt64(index))
        var means = [Double](repeating: 0, count: p), sds = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var m = 0.0
            for i in 0..<n { m += x.elements[j * n + i] }
            m /= Double(max(n, 1))
            var v = 0.0
            for i in 0..<n { let d = x.elements[j * n + i] - m; v += d * d }
            means[j] = m
            sds[j] = (v / Double(max(n - 1, 1))).squareRoot()
        }
        let varying = (0..<p).filter { sds[$0] > 0 }
        let interceptColumn = (0..<p).first { sds[$0] == 0 && means[$0] != 0 }
        var beta = [Double](repeating: 0, count: p)
        for j in varying {
            // Box–Muller from two uniforms.
            let u1 = max(rng.uniform(), 1e-300), u2 = rng.uniform()
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            beta[j] = z * 2 / (sds[j] * Double(varying.count).squareRoot())
        }
        if let c = interceptColumn {
            let rate = min(max(y.reduce(0, +) / Double(max(n, 1)), 1e-3), 1 - 1e-3)
            var shift = 0.0
            for j in varying { shift += beta[j] * means[j] }
            beta[c] = (log(rate / (1 - rate)) - shift) / means[c]
        }
        return beta
    }

    /// One end of the profile penalised-likelihood interval of coefficient `j`: the b on side `direction`
    /// (−1 lower, +1 upper) where 2·(ℓ*max − profile(b)) = `chiSquare`; `nil` if it cannot be bracketed.
    /// A constrained fit that rises above `best` (so `best` is not the maximum) is left in `better`.
    func profileBound(coefficient j: Int, at best: State, direction: Double, chiSquare: Double,
                      standardError: Double, maxIterations: Int, better: inout State?) -> Double? {
        let free = (0..<x.columns).filter { $0 != j }
        var warm = best.beta
        var found: State? = nil
        let tolerance = 1e-9 * (1 + abs(best.penalizedLogLikelihood))
        func deviation(_ b: Double) -> Double? {
            var start = warm
            start[j] = b
            let fit = maximize(start: start, free: free, maxIterations: maxIterations)
            guard let s = fit.state else { return nil }
            warm = s.beta
            if s.penalizedLogLikelihood > best.penalizedLogLikelihood + tolerance,
               s.penalizedLogLikelihood > (found?.penalizedLogLikelihood ?? -.infinity) { found = s }
            return 2 * (best.penalizedLogLikelihood - s.penalizedLogLikelihood) - chiSquare
        }
        defer { if let f = found, f.penalizedLogLikelihood > (better?.penalizedLogLikelihood ?? -.infinity) { better = f } }
        let b0 = best.beta[j]
        var step = (chiSquare.squareRoot() * standardError).isFinite && standardError > 0
            ? chiSquare.squareRoot() * standardError : 1
        var inner = b0, innerValue = -chiSquare
        var outer = b0, outerValue = -chiSquare
        var bracketed = false
        for _ in 0..<60 {
            outer = b0 + direction * step
            guard let v = deviation(outer) else { return nil }
            outerValue = v
            if v > 0 { bracketed = true; break }
            inner = outer; innerValue = v
            step *= 2
        }
        guard bracketed, found == nil else { return nil }
        // Brent's method on [inner, outer].
        warm = best.beta
        let root = RootFinding.brent(inner, innerValue, outer, outerValue, tolerance: 1e-10 * (1 + abs(b0))) { b in
            deviation(b) ?? .nan
        }
        return found == nil ? root : nil
    }
}

/// Brent's root finder (Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 4; the `zeroin`
/// of Forsythe, Malcolm & Moler).
enum RootFinding {
    /// A root of `f` in [a, b], given f(a) and f(b) of opposite signs; stops when the bracket is below
    /// `tolerance` (absolute) or after 200 evaluations. Returns NaN if `f` returns NaN.
    static func brent(_ a0: Double, _ fa0: Double, _ b0: Double, _ fb0: Double, tolerance: Double,
                      _ f: (Double) -> Double) -> Double {
        var a = a0, b = b0, fa = fa0, fb = fb0
        if fa == 0 { return a }
        if fb == 0 { return b }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<200 {
            if (fb > 0) == (fc > 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let s = fb / fa
                var pp: Double, q: Double
                if a == c {
                    pp = 2 * m * s; q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    pp = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if pp > 0 { q = -q } else { pp = -pp }
                if 2 * pp < min(3 * m * q - abs(tol * q), abs(e * q)) { e = d; d = pp / q } else { d = m; e = m }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            if fb.isNaN { return .nan }
        }
        return b
    }
}
