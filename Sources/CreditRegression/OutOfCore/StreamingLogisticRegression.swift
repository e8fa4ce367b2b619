import Dispatch
import Foundation
internal import _CreditKernels
import CreditLinearAlgebra
import CreditTabular
import CreditProbability
import CreditSupport
/// `LogisticRegression` for a `StreamingDesign`: the same Newton/IRLS iterations, convergence rule,
/// step-halving, separation and collinearity checks and Wald inference, with every sum over rows accumulated
/// block by block, so memory is O(chunk·p + p²) whatever the number of rows.
///
/// Each pass over the data, at a trial β, codes `chunkRows` cache rows at a time and accumulates the
/// log-likelihood, max |y − π|, the score X'(y − π) and the information X'WX (the C kernels of `Matrix.rowPass`,
/// on the block in place) — so one pass per Newton step (plus one per halving). The first pass accumulates X'X instead, which
/// gives the collinearity check (`Design.collinearities(gram:)`), the column scales and the first information
/// c·X'X, as in memory.
///
/// Each chunk is split into `threads` contiguous parts, each accumulated by its own thread into its own sums;
/// the parts are added in a fixed order at the end of the pass. The result therefore depends only on
/// `chunkRows` and `threads`, never on thread timing; different chunk sizes change only the summation order,
/// i.e. the last bits (agreement with the in-memory fit is to about 1e-12 relative on well-conditioned data).
///
/// Not computed out of core: the Hosmer–Lemeshow test (it needs all fitted values sorted), so
/// `hosmerLemeshow` is nil. Not supported: frequency weights and Firth's penalty.
public struct StreamingLogisticRegression: Sendable {
    public var options: LogisticRegressionOptions
    /// Cache rows per block (memory: about 8·chunkRows·(cache columns + p) bytes per thread).
    public var chunkRows: Int
    /// Parts each chunk is split into (each summed on its own, then added in order). The parts run on two
    /// threads unless CREDIT_THREADS=1 (`Concurrency`), which changes only the speed: the split, and so every
    /// bit of the result, depends on `chunkRows` and `threads` alone.
    public var threads: Int
    public init(options: LogisticRegressionOptions = LogisticRegressionOptions(), chunkRows: Int = 65_536, threads: Int = 2) {
        self.options = options; self.chunkRows = max(1, chunkRows); self.threads = max(1, threads)
    }

    /// Sums of one pass at a given β (over a cache here; over a table inside a SQL engine in
    /// `EngineTraining`, which fills them from one aggregate query).
    package struct PassSums {
        /// Log-likelihood, largest |y − π| and the rows with |y − π| below 1e-6 and 1e-10 (separation checks).
        var rows = credit_logistic_partial()
        var logLikelihood: Double { rows.log_likelihood }
        var maxResidual: Double { rows.max_residual }
        var exact6: Int { rows.exact6 }
        var exact10: Int { rows.exact10 }
        var gradient: [Double]
        /// Lower triangle of X'WX (or X'X in the first pass), column-major p × p.
        var information: [Double]
        init(p: Int) { gradient = [Double](repeating: 0, count: p); information = [Double](repeating: 0, count: p * p) }
        /// Sums computed elsewhere: `information` column-major p × p with (at least) its lower triangle filled.
        package init(logLikelihood: Double, maxResidual: Double, exact6: Int, exact10: Int, gradient: [Double], information: [Double]) {
            self.gradient = gradient; self.information = information
            rows.log_likelihood = logLikelihood; rows.max_residual = maxResidual
            rows.exact6 = exact6; rows.exact10 = exact10
        }
        mutating func add(_ o: PassSums) {
            rows.add(o.rows)
            for j in gradient.indices { gradient[j] += o.gradient[j] }
            for k in information.indices { information[k] += o.information[k] }
        }
        func informationMatrix(_ p: Int) -> Matrix { Matrix(rows: p, columns: p, columnMajor: information).symmetrizedFromLower() }
    }

    private final class Slots: @unchecked Sendable {
        var sums: [PassSums?]
        var error: Error?
        let lock = NSLock()
        init(_ n: Int) { sums = [PassSums?](repeating: nil, count: n) }
    }

    /// One pass over the design at β. `unweighted`: accumulate X'X rather than X'WX.
    func pass(_ design: StreamingDesign, beta: [Double], unweighted: Bool) throws -> PassSums {
        let n = design.rowsInFile, p = design.terms.count
        let chunk = max(1, min(chunkRows, max(n, 1)))
        let threads = self.threads
        let slots = Slots(threads)
        let work: @Sendable (Int) -> Void = { t in
            let buffers = design.makeBuffers(capacity: (chunk + threads - 1) / threads + 1)
            var sums = PassSums(p: p)
            let eta = UnsafeMutablePointer<Double>.allocate(capacity: buffers.capacity)
            let r = UnsafeMutablePointer<Double>.allocate(capacity: buffers.capacity)
            defer { eta.deallocate(); r.deallocate() }
            do {
                var start = 0
                while start < n {
                    let len = min(chunk, n - start)
                    let a = start + len * t / threads, b = start + len * (t + 1) / threads
                    start += len
                    if a == b { continue }
                    let m = try design.block(rows: a..<b, into: buffers)
                    if m == 0 { continue }
                    let x = UnsafePointer(buffers.x), y = buffers.y
                    beta.withUnsafeBufferPointer { BlockProducts.multiply(x, rows: m, columns: p, $0.baseAddress!, into: eta) }
                    credit_logistic_rows(m, eta, y, nil, eta, r, &sums.rows)   // the weights overwrite η in place
                    sums.gradient.withUnsafeMutableBufferPointer {
                        BlockProducts.accumulateTransposeProduct(x, rows: m, columns: p, r, into: $0.baseAddress!)
                    }
                    sums.information.withUnsafeMutableBufferPointer {
                        BlockProducts.accumulateGram(x, rows: m, columns: p, weights: unweighted ? nil : UnsafePointer(eta),
                                                     into: $0.baseAddress!)
                    }
                }
                slots.lock.lock(); slots.sums[t] = sums; slots.lock.unlock()
            } catch {
                slots.lock.lock(); slots.error = error; slots.lock.unlock()
            }
        }
        Concurrency.perform(iterations: threads, work)
        if let error = slots.error { throw error }
        var total = PassSums(p: p)
        for t in 0..<threads { total.add(slots.sums[t]!) }
        return total
    }

    /// Fits the model.
    /// - Parameter progress: called after each pass with the number of Newton steps taken so far.
    /// - Throws: `RegressionError.rankDeficient`, `.perfectSeparation` as `LogisticRegression`; cache read errors.
    public func fit(_ design: StreamingDesign, progress: ((Int) -> Void)? = nil) throws -> LogisticRegressionResult {
        if options.firth { throw RegressionError.invalidOption("Firth's penalised likelihood is not available out of core") }
        return try fit(coding: design.coding, rowsUsed: design.rowsUsed, events: design.events,
                       constantColumns: design.constantColumns, progress: progress) { beta, unweighted in
            try pass(design, beta: beta, unweighted: unweighted)
        }
    }

    /// The Newton/IRLS fit from sums alone: `pass(β, unweighted)` returns the sums over the usable rows at β
    /// (X'X instead of X'WX when `unweighted`), wherever they are computed — over a cache (`fit(_:progress:)`)
    /// or inside a SQL engine (`EngineTraining`). Everything else (start, convergence rule, step-halving,
    /// collinearity and separation checks, inference, prior correction) is this one code path.
    package func fit(coding: DesignCoding, rowsUsed: Int, events: Int, constantColumns: [String],
                     progress: ((Int) -> Void)? = nil,
                     pass: (_ beta: [Double], _ unweighted: Bool) throws -> PassSums) throws -> LogisticRegressionResult {
        let p = coding.terms.count
        let termNames = coding.terms.map(\.name)
        let interceptColumn: Int? = coding.intercept ? 0 : nil
        let nd = Double(rowsUsed)
        let ybar = Double(events) / nd

        var beta = [Double](repeating: 0, count: p)
        if let k = interceptColumn { beta[k] = log(ybar / (1 - ybar)) }
        var current = try pass(beta, true)
        progress?(0)
        var crossProduct = current.informationMatrix(p)
        let aliases = try Design.collinearities(gram: crossProduct, termNames: termNames)
        if !aliases.isEmpty { throw RegressionError.rankDeficient(aliases: aliases) }
        let rms = (0..<p).map { (crossProduct[$0, $0] / nd).squareRoot() }
        let startWeight = interceptColumn == nil ? 0.25 : ybar * (1 - ybar)
        for k in crossProduct.elements.indices { crossProduct.elements[k] *= startWeight }
        var information = crossProduct
        var ll = current.logLikelihood, maxResidual = current.maxResidual
        var gradient = current.gradient

        var iterations = 0
        var converged = false
        var devianceChange = Double.infinity
        var lastStep = [Double](repeating: 0, count: p)
        var trialBeta = beta
        var stalled = false
        while true {
            if maxResidual < 1e-8 {
                throw RegressionError.perfectSeparation(terms: LogisticRegression.drivingTerms(
                    lastStep.contains { $0 != 0 } ? lastStep : beta, rms: rms, names: termNames, intercept: interceptColumn))
            }
            var scaledScore = 0.0
            for j in 0..<p where rms[j] > 0 { scaledScore = max(scaledScore, abs(gradient[j]) / (nd * rms[j])) }
            if iterations > 0 && scaledScore <= options.gradientTolerance && devianceChange <= options.devianceTolerance {
                converged = true
                break
            }
            if iterations >= options.maxIterations { break }
            guard let cholesky = try? Cholesky(information), let delta = try? cholesky.solve(gradient) else { break }
            var t = 1.0
            var accepted: PassSums?
            for _ in 0..<40 {
                for j in 0..<p { trialBeta[j] = beta[j] + t * delta[j] }
                let trial = try pass(trialBeta, false)
                progress?(iterations + 1)
                if trial.logLikelihood.isFinite && trial.logLikelihood >= ll - 1e-13 * (abs(ll) + 1) { accepted = trial; break }
                t *= 0.5
            }
            guard let trial = accepted else { stalled = true; break }
            devianceChange = abs(2 * (trial.logLikelihood - ll)) / (abs(2 * trial.logLikelihood) + 0.1)
            for j in 0..<p { lastStep[j] = t * delta[j] }
            beta = trialBeta
            current = trial
            ll = trial.logLikelihood
            maxResidual = trial.maxResidual
            gradient = trial.gradient
            information = trial.informationMatrix(p)
            iterations += 1
        }
        if stalled {
            // Step-halving failed: the state at β with its own X'WX, as the in-memory fit restores it.
            current = try pass(beta, false)
            ll = current.logLikelihood
            gradient = current.gradient
            information = current.informationMatrix(p)
        }

        // Separation checks, diagnostics and inference: the same code as the in-memory fit.
        var result = try LogisticRegression.conclude(
            beta: beta, information: information, gradient: gradient, lastStep: lastStep, rms: rms,
            exact6: current.exact6, exact10: current.exact10, separationRows: rowsUsed, logLikelihood: ll,
            badTotal: Double(events), total: nd, observations: rowsUsed, events: events, iterations: iterations,
            converged: converged, termNames: termNames, interceptColumn: interceptColumn, options: options,
            weighting: nil)
        if let rate = options.populationBadRate {
            result = try result.priorCorrected(populationBadRate: rate, interceptColumn: interceptColumn)
        }
        guard !constantColumns.isEmpty else { return result }
        return result.adding(diagnostic: .constantColumns(constantColumns), atStart: true)
    }
}
