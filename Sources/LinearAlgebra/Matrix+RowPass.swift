internal import CLapack
internal import CKernels
import Dispatch

extension Matrix {
    /// Rows at or above which `rowPass` splits the rows into two halves run on two threads.
    public static let rowPassParallelRows = 65_536

    /// How many contiguous parts `rowPass` splits `rows` rows into (1, or 2 from `rowPassParallelRows` on).
    /// It depends on the row count only, never on the number of cores, so results are the same everywhere.
    public static func rowPassParts(rows: Int) -> Int { rows >= rowPassParallelRows ? 2 : 1 }

    /// One pass over the rows of X, as a Newton step of a generalised linear model needs it, reading X once.
    ///
    /// The rows are taken in cache-sized blocks. For each block B: η_B = X_B·β (BLAS `dgemv`); then
    /// `block(part, start, η, w, r)` fills a weight wᵢ ≥ 0 and a residual rᵢ for each row of the block from η
    /// (row `start + k` of X is element k of the buffers); then X_B'·r is added to the gradient (`dgemv`) and,
    /// when `information` is set, X_B'·diag(w)·X_B to the information (`credit_syrk_lower`, a C kernel with AVX2 +
    /// FMA, on the block in place: OpenBLAS's `dsyrk` spent much of its time packing a scaled copy at these sizes).
    ///
    /// The rows are split into `rowPassParts(rows:)` contiguous parts run concurrently; each part sums its
    /// blocks in order and the parts are added in order, so the result does not depend on scheduling.
    /// `block` runs concurrently for different parts (it must only touch state of its own `part`); with
    /// `concurrently: false` the parts run one after the other on this thread (same split, same result).
    /// OpenBLAS's thread count is set to 1 during the pass (the blocks are too small to gain from it; and its
    /// transposed dgemv changes the last bits with its thread count) and restored.
    ///
    /// - Returns: Σ X'WX (both triangles; zero when `information` is false) and Σ X'r.
    /// - Complexity: O(n·p²) flops with `information`, O(n·p) without; memory O(block · p) per part.
    public func rowPass(beta: [Double], information: Bool, concurrently: Bool = true,
                        block: @Sendable (_ part: Int, _ start: Int, _ eta: UnsafeBufferPointer<Double>,
                                          _ w: UnsafeMutableBufferPointer<Double>, _ r: UnsafeMutableBufferPointer<Double>) -> Void)
        -> (information: Matrix, gradient: [Double])
    {
        precondition(beta.count == columns, "rowPass: \(beta.count) coefficients for \(columns) columns")
        let n = rows, p = columns
        let parts = Matrix.rowPassParts(rows: n)
        /// Each part writes only its own slots; the pointers outlive the concurrent section.
        final class Results: @unchecked Sendable {
            var information: [[Double]]
            var gradient: [[Double]]
            var x: UnsafePointer<Double>? = nil, beta: UnsafePointer<Double>? = nil
            init(parts: Int, p: Int) {
                information = Array(repeating: [Double](repeating: 0, count: p * p), count: parts)
                gradient = Array(repeating: [Double](repeating: 0, count: p), count: parts)
            }
        }
        let results = Results(parts: parts, p: p)
        // The per-block BLAS calls are small: OpenBLAS's own threads would cost more than they bring (and would
        // compete with the parts), so they are switched off for the pass and restored after it.
        // About 128 KiB of X per block (within L2), at least 64 rows.
        let blockRows = Swift.max(64, 16_384 / Swift.max(p, 1))
        BLASThreads.single { elements.withUnsafeBufferPointer { xBuffer in
            beta.withUnsafeBufferPointer { betaBuffer in
                results.x = xBuffer.baseAddress; results.beta = betaBuffer.baseAddress
                @Sendable func run(_ part: Int) {
                    let xs = results.x, bs = results.beta
                    let from = n * part / parts, to = n * (part + 1) / parts
                    var info = [Double](repeating: 0, count: p * p)
                    var grad = [Double](repeating: 0, count: p)
                    let eta = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows)
                    let w = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows)
                    let r = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows)
                    defer { eta.deallocate(); w.deallocate(); r.deallocate() }
                    var start = from
                    while start < to {
                        let m = Swift.min(blockRows, to - start)
                        let xb = xs.map { $0 + start }
                        if p > 0 {
                            cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(m), Int32(p), 1.0, xb, Int32(n),
                                        bs, 1, 0.0, eta.baseAddress, 1)
                        } else {
                            for k in 0..<m { eta[k] = 0 }
                        }
                        block(part, start, UnsafeBufferPointer(start: eta.baseAddress, count: m),
                              UnsafeMutableBufferPointer(start: w.baseAddress, count: m),
                              UnsafeMutableBufferPointer(start: r.baseAddress, count: m))
                        if p > 0 {
                            grad.withUnsafeMutableBufferPointer { g in
                                cblas_dgemv(CblasColMajor, CblasTrans, Int32(m), Int32(p), 1.0, xb, Int32(n),
                                            r.baseAddress, 1, 1.0, g.baseAddress, 1)
                            }
                            if information {
                                info.withUnsafeMutableBufferPointer { c in
                                    credit_syrk_lower(Int32(m), Int32(p), xb, n, UnsafePointer(w.baseAddress), c.baseAddress, p)
                                }
                            }
                        }
                        start += m
                    }
                    results.information[part] = info
                    results.gradient[part] = grad
                }
                if parts == 1 || !concurrently {
                    for part in 0..<parts { run(part) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: parts) { run($0) }
                }
            }
        } }
        var out = Matrix(rows: p, columns: p)
        var gradient = [Double](repeating: 0, count: p)
        for part in 0..<parts {
            for k in 0..<(p * p) { out.elements[k] += results.information[part][k] }
            for j in 0..<p { gradient[j] += results.gradient[part][j] }
        }
        if information { out.fillUpperFromLower() }
        return (out, gradient)
    }
}
