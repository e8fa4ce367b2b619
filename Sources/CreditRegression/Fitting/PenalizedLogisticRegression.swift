import Foundation
import CreditLinearAlgebra
import CreditSupport
/// Settings of a penalised (ridge, lasso, elastic-net) logistic regression.
public struct PenalizedOptions: Sendable, Codable, Equatable {
    /// The elastic-net mix α ∈ [0, 1]: 0 ridge (L2), 1 lasso (L1), between elastic net (glmnet's `alpha`).
    public var mix: Double = 1
    /// The λ values, in decreasing order; `nil` for the default path (`lambdaCount` values from λmax down a
    /// log grid to `lambdaMinRatio`·λmax).
    public var lambdas: [Double]? = nil
    public var lambdaCount: Int = 100
    /// `nil`: 1e-4 when rows ≥ terms, else 0.01 (glmnet's default).
    public var lambdaMinRatio: Double? = nil
    /// Convergence of coordinate descent: the largest weighted squared coefficient change
    /// Σᵢvᵢπᵢ(1 − πᵢ)x̃ᵢⱼ²·Δ² in a full sweep (the objective's change, ~1e-10 in coefficients at the default);
    /// IRLS stops when no coefficient moves by more than 1e-12 relative.
    public var tolerance: Double = 1e-20
    public var maxIterations: Int = 100_000
    public init() {}

    /// Throws `RegressionError.invalidOption` for a mix outside [0, 1], a negative or non-finite λ, or a
    /// λ count / ratio out of range.
    public func validate() throws {
        guard mix >= 0, mix <= 1 else {
            throw RegressionError.invalidOption("the elastic-net mix must be in [0, 1] (0 ridge, 1 lasso); got \(mix)")
        }
        if let lambdas {
            guard !lambdas.isEmpty else { throw RegressionError.invalidOption("give at least one λ") }
            for l in lambdas where !(l.isFinite && l >= 0) {
                throw RegressionError.invalidOption("λ must be a finite number ≥ 0; got \(l)")
            }
        }
        guard lambdaCount >= 1 else { throw RegressionError.invalidOption("the λ count must be at least 1") }
        if let r = lambdaMinRatio, !(r > 0 && r < 1) {
            throw RegressionError.invalidOption("the λ ratio must be in (0, 1); got \(r)")
        }
    }
}

/// One point of a regularisation path.
public struct PenalizedFit: Sendable, Codable, Equatable {
    public let lambda: Double
    /// On the original scale of the predictors, intercept first (in design term order).
    public let coefficients: [Double]
    /// −2·Σ fᵢ·ℓᵢ on the training data.
    public let deviance: Double
    /// Non-zero coefficients other than the intercept.
    public let nonZero: Int
    /// Coordinate-descent sweeps used.
    public let sweeps: Int
    /// False when the fit stopped at `PenalizedOptions.maxIterations` sweeps, or after 200 IRLS steps, before
    /// the relative change of every coefficient fell below 1e-12.
    public let converged: Bool
}

/// A regularisation path from λmax down.
public struct PenalizedPath: Sendable, Codable, Equatable {
    public let termNames: [String]
    public let mix: Double
    /// The smallest λ at which every penalised coefficient is zero (for mix = 0, glmnet's convention: the value
    /// for mix = 0.001).
    public let lambdaMax: Double
    public let fits: [PenalizedFit]
}

/// Penalised logistic regression by coordinate descent on the IRLS quadratic approximation, as glmnet
/// (Friedman, Hastie & Tibshirani 2010, J. Stat. Softw. 33(1), doi:10.18637/jss.v033.i01).
///
/// Minimises, over the intercept β₀ and the slopes b of the standardised predictors,
///
///     −Σᵢ vᵢ·ℓᵢ(β₀ + x̃ᵢ'b) + λ·[(1 − α)/2·‖b‖² + α·‖b‖₁],   vᵢ = fᵢ/Σf,
///
/// where x̃ⱼ = (xⱼ − x̄ⱼ)/sⱼ with the weighted mean and the population (1/N) standard deviation, as glmnet's
/// `standardize = TRUE`. Coefficients are reported on the original scale, βⱼ = bⱼ/sⱼ,
/// β₀ = b₀ − Σ βⱼx̄ⱼ. The intercept is never penalised. Each IRLS step solves its weighted least-squares
/// problem by cyclic coordinate descent with soft thresholding; a step that would raise the objective is
/// halved. Points along the path start from the previous solution (warm starts).
public struct PenalizedLogisticRegression: Sendable {
    public var options: PenalizedOptions
    public init(options: PenalizedOptions = PenalizedOptions()) { self.options = options }

    /// The path for a built design (which must have an intercept).
    public func path(_ design: Design, weights: [Double]? = nil) throws -> PenalizedPath {
        guard design.coding.intercept else { throw RegressionError.invalidOption("penalised fits need an intercept") }
        return try path(x: design.x, y: design.y, weights: weights, termNames: design.terms.map(\.name), interceptColumn: 0)
    }

    /// The path for a design matrix whose column `interceptColumn` is the intercept.
    public func path(x: Matrix, y: [Double], weights: [Double]?, termNames: [String], interceptColumn: Int) throws -> PenalizedPath {
        try options.validate()
        if let weights { try LogisticRegression.checkWeights(weights, y: y) }
        let problem = StandardizedProblem(x: x, y: y, weights: weights, interceptColumn: interceptColumn)
        let lambdaMax = problem.lambdaMax(mix: options.mix)
        let lambdas = options.lambdas ?? {
            let ratio = options.lambdaMinRatio ?? (x.rows < x.columns ? 0.01 : 1e-4)
            let k = options.lambdaCount
            if k == 1 { return [lambdaMax] }
            return (0..<k).map { lambdaMax * pow(ratio, Double($0) / Double(k - 1)) }
        }()
        var b0 = problem.nullIntercept
        var b = [Double](repeating: 0, count: problem.p)
        var fits: [PenalizedFit] = []
        for lambda in lambdas {
            let (sweeps, converged) = problem.solve(lambda: lambda, mix: options.mix, b0: &b0, b: &b,
                                                    tolerance: options.tolerance, maxSweeps: options.maxIterations)
            let coefficients = problem.originalScale(b0: b0, b: b)
            fits.append(PenalizedFit(lambda: lambda, coefficients: coefficients, deviance: problem.deviance(b0: b0, b: b),
                                     nonZero: b.filter { $0 != 0 }.count, sweeps: sweeps, converged: converged))
        }
        return PenalizedPath(termNames: termNames, mix: options.mix, lambdaMax: lambdaMax, fits: fits)
    }
}

/// The standardised problem: non-intercept columns centred and scaled, normalised weights.
struct StandardizedProblem {
    let n: Int
    let p: Int
    let y: [Double]
    /// vᵢ = fᵢ/Σf.
    let v: [Double]
    let totalWeight: Double
    /// Column-major n × p standardised slopes.
    let xs: [Double]
    let means: [Double]
    let scales: [Double]
    let slopeColumns: [Int]
    let interceptColumn: Int
    let columnCount: Int

    init(x: Matrix, y: [Double], weights: [Double]?, interceptColumn: Int) {
        n = x.rows
        columnCount = x.columns
        self.interceptColumn = interceptColumn
        slopeColumns = (0..<x.columns).filter { $0 != interceptColumn }
        p = slopeColumns.count
        self.y = y
        let f = weights ?? [Double](repeating: 1, count: n)
        let total = f.reduce(0, +)
        totalWeight = total
        let v = f.map { $0 / total }
        self.v = v
        var xs = [Double](repeating: 0, count: n * p)
        var means = [Double](repeating: 0, count: p), scales = means
        for (a, j) in slopeColumns.enumerated() {
            let col = x.column(j)
            var m = 0.0
            for i in 0..<n { m += v[i] * col[i] }
            var s2 = 0.0
            for i in 0..<n { s2 += v[i] * (col[i] - m) * (col[i] - m) }
            let s = s2.squareRoot()
            means[a] = m
            scales[a] = s > 0 ? s : 1
            for i in 0..<n { xs[a * n + i] = (col[i] - m) / scales[a] }
        }
        self.xs = xs; self.means = means; self.scales = scales
    }

    var nullIntercept: Double {
        var ybar = 0.0
        for i in 0..<n { ybar += v[i] * y[i] }
        return log(ybar / (1 - ybar))
    }

    func lambdaMax(mix: Double) -> Double {
        var ybar = 0.0
        for i in 0..<n { ybar += v[i] * y[i] }
        var largest = 0.0
        for a in 0..<p {
            var g = 0.0
            for i in 0..<n { g += v[i] * xs[a * n + i] * (y[i] - ybar) }
            largest = max(largest, abs(g))
        }
        return largest / max(mix, 1e-3)
    }

    func linearPredictor(b0: Double, b: [Double]) -> [Double] {
        var eta = [Double](repeating: b0, count: n)
        for a in 0..<p where b[a] != 0 {
            let c = b[a], base = a * n
            for i in 0..<n { eta[i] += c * xs[base + i] }
        }
        return eta
    }

    /// −Σ vᵢℓᵢ + λ·P(b).
    func objective(b0: Double, b: [Double], lambda: Double, mix: Double) -> Double {
        let eta = linearPredictor(b0: b0, b: b)
        var loss = 0.0
        for i in 0..<n where v[i] > 0 { loss -= v[i] * ((y[i] * eta[i] - max(eta[i], 0)) - log1p(exp(-abs(eta[i])))) }
        var l1 = 0.0, l2 = 0.0
        for c in b { l1 += abs(c); l2 += c * c }
        return loss + lambda * ((1 - mix) / 2 * l2 + mix * l1)
    }

    func deviance(b0: Double, b: [Double]) -> Double {
        let eta = linearPredictor(b0: b0, b: b)
        var ll = 0.0
        for i in 0..<n where v[i] > 0 { ll += v[i] * ((y[i] * eta[i] - max(eta[i], 0)) - log1p(exp(-abs(eta[i])))) }
        return -2 * ll * totalWeight
    }

    func originalScale(b0: Double, b: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: columnCount)
        var intercept = b0
        for (a, j) in slopeColumns.enumerated() {
            out[j] = b[a] / scales[a]
            intercept -= out[j] * means[a]
        }
        out[interceptColumn] = intercept
        return out
    }

    /// Penalised IRLS with coordinate descent at one λ, from (b0, b); returns the sweeps used and whether the
    /// coefficients settled (relative change below 1e-12) before the sweep limit and the 200 IRLS steps.
    func solve(lambda: Double, mix: Double, b0: inout Double, b: inout [Double], tolerance: Double, maxSweeps: Int) -> (sweeps: Int, converged: Bool) {
        let l1 = lambda * mix, l2 = lambda * (1 - mix)
        var sweeps = 0
        var current = objective(b0: b0, b: b, lambda: lambda, mix: mix)
        var converged = false
        for _ in 0..<200 {
            let eta = linearPredictor(b0: b0, b: b)
            var w = [Double](repeating: 0, count: n)
            var r = [Double](repeating: 0, count: n)   // working residual z − η
            var wsum = 0.0
            for i in 0..<n {
                let pi = Logistic.probability(logOdds: eta[i])
                let q = max(pi * (1 - pi), 1e-12)
                w[i] = v[i] * q
                r[i] = (y[i] - pi) / q
                wsum += w[i]
            }
            var xv = [Double](repeating: 0, count: p)
            for a in 0..<p {
                var s = 0.0
                for i in 0..<n { let t = xs[a * n + i]; s += w[i] * t * t }
                xv[a] = s
            }
            var nb0 = b0, nb = b
            // glmnet's active-set cycling: after a full sweep, sweep only the non-zero coefficients until they
            // settle, then confirm with a full sweep.
            var fullSweep = true
            while sweeps < maxSweeps {
                sweeps += 1
                var largest = 0.0
                for a in 0..<p where fullSweep || nb[a] != 0 {
                    let base = a * n
                    var g = 0.0
                    for i in 0..<n { g += w[i] * xs[base + i] * r[i] }
                    let old = nb[a]
                    let u = g + xv[a] * old
                    let new = abs(u) <= l1 ? 0 : (u - (u > 0 ? l1 : -l1)) / (xv[a] + l2)
                    if new != old {
                        let d = new - old
                        for i in 0..<n { r[i] -= d * xs[base + i] }
                        nb[a] = new
                        largest = max(largest, xv[a] * d * d)
                    }
                }
                var d0 = 0.0
                for i in 0..<n { d0 += w[i] * r[i] }
                d0 /= wsum
                if d0 != 0 {
                    for i in 0..<n { r[i] -= d0 }
                    nb0 += d0
                    largest = max(largest, wsum * d0 * d0)
                }
                if largest < tolerance {
                    if fullSweep { break }
                    fullSweep = true
                } else {
                    fullSweep = false
                }
            }
            // Step-halving safeguard on the penalised objective. The objective is a sum of n non-negative terms plus a
            // non-negative penalty, so it carries a rounding error of up to about n·ε of itself: a rise below that is
            // no evidence against the step. (Halving on such noise shrank steps that were still moving the
            // coefficients by 1e-9 below the 1e-12 change that ends the loop, stopping short of the optimum.)
            var t = 1.0
            var trialB0 = nb0, trialB = nb
            var value = objective(b0: trialB0, b: trialB, lambda: lambda, mix: mix)
            let noise = Double(n) * .ulpOfOne * abs(current)
            var halvings = 0
            while value > current + noise && halvings < 30 {
                t *= 0.5
                trialB0 = b0 + t * (nb0 - b0)
                trialB = zip(b, nb).map { $0 + t * ($1 - $0) }
                value = objective(b0: trialB0, b: trialB, lambda: lambda, mix: mix)
                halvings += 1
            }
            var change = abs(trialB0 - b0) / (1 + abs(b0))
            for a in 0..<p { change = max(change, abs(trialB[a] - b[a]) / (1 + abs(b[a]))) }
            b0 = trialB0; b = trialB
            current = min(value, current)
            if change < 1e-12 { converged = true; break }
            if sweeps >= maxSweeps { break }
        }
        return (sweeps, converged)
    }
}

extension PenalizedOptions {
    /// The most λ values on a penalised path (`lambdaCount`): 10,000; each is a coordinate-descent fit.
    package static let maxLambdaCount = 10_000
}
