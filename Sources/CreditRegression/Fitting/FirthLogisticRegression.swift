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
        let start = [Double](repeating: 0, count: p)
        let full = problem.maximize(start: start, free: Array(0..<p), maxIterations: options.maxIterations)
        guard let best = full.state else {
            throw RegressionError.rankDeficient(aliases: ["the information matrix X'WX is singular at the estimate"])
        }
        let beta = best.beta
        let covariance = best.covariance
        let se = (0..<p).map { covariance[$0, $0].squareRoot() }
        let z = (0..<p).map { beta[$0] / se[$0] }
        let waldP = z.map { NormalDistribution.twoSidedPValue($0) }
        let level = options.confidenceLevel
        let zq = NormalDistribution.quantile(1 - (1 - level) / 2)
        let wald = (0..<p).map { ClosedRangeCodable(lower: beta[$0] - zq * se[$0], upper: beta[$0] + zq * se[$0]) }
        let chiQuantile = zq * zq   // χ²₁ quantile at `level`

        var profile: [ClosedRangeCodable]? = nil
        var lrChi: [Double]? = nil
        var lrP: [Double]? = nil
        var diagnostics: [FitDiagnostic] = []
        if !full.converged { diagnostics.append(.didNotConverge(iterations: full.iterations)) }
        if options.profileLikelihood {
            var intervals: [ClosedRangeCodable] = []
            var chis: [Double] = []
            var failed = false
            for j in 0..<p {
                let lower = problem.profileBound(coefficient: j, at: best, direction: -1, chiSquare: chiQuantile,
                                                 standardError: se[j], maxIterations: options.maxIterations)
                let upper = problem.profileBound(coefficient: j, at: best, direction: 1, chiSquare: chiQuantile,
                                                 standardError: se[j], maxIterations: options.maxIterations)
                if lower == nil || upper == nil { failed = true }
                intervals.append(ClosedRangeCodable(lower: lower ?? .nan, upper: upper ?? .nan))
                var fixed = beta
                fixed[j] = 0
                let constrained = problem.maximize(start: fixed, free: (0..<p).filter { $0 != j },
                                                   maxIterations: options.maxIterations)
                let chi = constrained.state.map { max(0, 2 * (best.penalizedLogLikelihood - $0.penalizedLogLikelihood)) } ?? .nan
                if !constrained.converged { failed = true }
                chis.append(chi)
            }
            if failed { diagnostics.append(.profileLikelihoodIncomplete) }
            profile = intervals
            lrChi = chis
            lrP = chis.map { ChiSquaredDistribution.survival($0, degreesOfFreedom: 1) }
        }

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
            likelihoodRatioChiSquares: lrChi, likelihoodRatioPValues: lrP)
        return LogisticRegressionResult(
            termNames: termNames, coefficients: beta, standardErrors: se, zValues: z, pValues: lrP ?? waldP,
            confidenceIntervals: profile ?? wald, confidenceLevel: level, covariance: covariance.rowMajor,
            logLikelihood: pll, nullLogLikelihood: nullPLL, likelihoodRatioChiSquare: llr,
            likelihoodRatioDegreesOfFreedom: df, likelihoodRatioPValue: llrP, pseudoRSquared: 1 - pll / nullPLL,
            aic: -2 * pll + 2 * Double(p), bic: -2 * pll + Double(p) * log(nd),
            observations: n, events: events, iterations: full.iterations, converged: full.converged,
            diagnostics: diagnostics,
            weighting: weights.map { _ in WeightSummary(total: nd, badTotal: weightedEvents) }, firth: inference)
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
    /// χ²₁ survival of `likelihoodRatioChiSquares`.
    public let likelihoodRatioPValues: [Double]?
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
    }

    /// ℓ*, U*, I and I⁻¹ at β; `nil` when I is not positive definite or ℓ is not finite.
    func evaluate(_ beta: [Double]) -> State? {
        let n = x.rows, p = x.columns
        let eta = x.multiply(beta)
        var w = [Double](repeating: 0, count: n)
        var r = [Double](repeating: 0, count: n)
        var pi = [Double](repeating: 0, count: n)
        var ll = 0.0
        for i in 0..<n {
            let f = weights?[i] ?? 1
            let e = eta[i]
            let a = exp(-abs(e))
            let prob = e >= 0 ? 1 / (1 + a) : a / (1 + a)
            let q = e >= 0 ? a / (1 + a) : 1 / (1 + a)
            if f > 0 { ll += f * ((y[i] * e - max(e, 0)) - log1p(a)) }
            pi[i] = prob
            w[i] = f * prob * q
            r[i] = f * (y[i] > 0.5 ? q : -prob)
        }
        guard ll.isFinite else { return nil }
        let information = x.gram(weights: w, concurrently: Concurrency.threads > 1)
        guard let cholesky = try? Cholesky(information), let covariance = try? cholesky.inverse() else { return nil }
        let pll = ll + 0.5 * cholesky.logDeterminant
        // Hat diagonal hᵢ = Wᵢ·xᵢ'I⁻¹xᵢ from X·I⁻¹ (one dgemm).
        guard let xc = try? x.multiply(covariance) else { return nil }
        for i in 0..<n {
            var s = 0.0
            for j in 0..<p { s += xc.elements[j * n + i] * x.elements[j * n + i] }
            r[i] += w[i] * s * (0.5 - pi[i])
        }
        return State(beta: beta, logLikelihood: ll, penalizedLogLikelihood: pll, score: x.transposeMultiply(r),
                     information: information, covariance: covariance)
    }

    /// Maximises ℓ* over the coefficients in `free`, the others held at their `start` values.
    /// Converged when the largest step and the largest free score component are both below 1e-10
    /// (relative to 1 + |β|∞ and to Σf respectively).
    func maximize(start: [Double], free: [Int], maxIterations: Int) -> (state: State?, iterations: Int, converged: Bool) {
        guard var state = evaluate(start) else { return (nil, 0, false) }
        let k = free.count
        let total = weights.map { $0.reduce(0, +) } ?? Double(x.rows)
        var iterations = 0
        while iterations < maxIterations {
            var sub = Matrix(rows: k, columns: k)
            for (a, ja) in free.enumerated() { for (b, jb) in free.enumerated() { sub[a, b] = state.information[ja, jb] } }
            let g = free.map { state.score[$0] }
            guard let c = try? Cholesky(sub), var delta = try? c.solve(g) else { return (state, iterations, false) }
            let largest = delta.map(abs).max() ?? 0
            if largest > 5 { delta = delta.map { $0 * 5 / largest } }
            let gradientSize = g.map(abs).max() ?? 0
            let betaSize = state.beta.map(abs).max() ?? 0
            if largest <= 1e-10 * (1 + betaSize) && gradientSize <= 1e-10 * max(1, total) {
                return (state, iterations, true)
            }
            var t = 1.0
            var accepted: State? = nil
            for _ in 0..<30 {
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
                return (state, iterations, gradientSize <= 1e-7 * max(1, total))
            }
            state = next
        }
        let g = free.map { state.score[$0] }.map(abs).max() ?? 0
        return (state, iterations, g <= 1e-7 * max(1, total))
    }

    /// One end of the profile penalised-likelihood interval of coefficient `j`: the b on side `direction`
    /// (−1 lower, +1 upper) where 2·(ℓ*max − profile(b)) = `chiSquare`; `nil` if it cannot be bracketed.
    func profileBound(coefficient j: Int, at best: State, direction: Double, chiSquare: Double,
                      standardError: Double, maxIterations: Int) -> Double? {
        let free = (0..<x.columns).filter { $0 != j }
        var warm = best.beta
        func deviation(_ b: Double) -> Double? {
            var start = warm
            start[j] = b
            let fit = maximize(start: start, free: free, maxIterations: maxIterations)
            guard let s = fit.state else { return nil }
            warm = s.beta
            return 2 * (best.penalizedLogLikelihood - s.penalizedLogLikelihood) - chiSquare
        }
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
        guard bracketed else { return nil }
        // Brent's method on [inner, outer].
        warm = best.beta
        return RootFinding.brent(inner, innerValue, outer, outerValue, tolerance: 1e-10 * (1 + abs(b0))) { b in
            deviation(b) ?? .nan
        }
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
