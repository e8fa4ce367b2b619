internal import _CreditKernels
import Dispatch

import CreditSupport
extension Matrix {
    /// Rows at or above which `rowPass` splits the rows into two halves run on two threads.
    package static let rowPassParallelRows = 65_536

    /// How many contiguous parts `rowPass` splits `rows` rows into (1, or 2 from `rowPassParallelRows` on).
    /// It depends on the row count only, never on the number of cores, so results are the same everywhere.
    package static func rowPassParts(rows: Int) -> Int { rows >= rowPassParallelRows ? 2 : 1 }

    /// Rows per block when forming X'WX: about 128 KiB of X per block, so the block stays in L2 while the kernel
    /// makes its passes over it.
    package static func defaultGramBlockRows(columns: Int) -> Int { Swift.max(64, 16_384 / Swift.max(columns, 1)) }
}

/// Runs `run(part)` for `parts` parts, concurrently when asked; pointers reach the parts through this box.
private final class Shared<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

private func runParts(_ parts: Int, concurrently: Bool, _ run: @Sendable (Int) -> Void) {
    if parts == 1 || !concurrently { for part in 0..<parts { run(part) } }
    else { DispatchQueue.concurrentPerform(iterations: parts) { run($0) } }
}

extension RowBlockMatrix {
    /// One pass over the rows of X, as a Newton step of a generalised linear model needs it, reading X once.
    ///
    /// The rows are taken in cache-sized blocks (about 128 KiB of X). For each block B: η_B = X_B·β; then
    /// `block(part, start, η, w, r)` fills a weight wᵢ ≥ 0 and a residual rᵢ for each row of the block from η
    /// (row `start + k` of X is element k of the buffers); then X_B'·r is added to the gradient and, when
    /// `information` is set, X_B'·diag(w)·X_B to the information. All three are C kernels on the block in place
    /// (`credit_gemv_cols`, `credit_gemv_t_cols`, `credit_syrk_lower_cols`: AVX2 + FMA when the processor has
    /// them); OpenBLAS's `dsyrk` spent much of its time packing a scaled copy at these sizes.
    ///
    /// The rows are split into `Matrix.rowPassParts(rows:)` contiguous parts run concurrently; each part sums its
    /// blocks in order and the parts are added in order, so the result does not depend on scheduling or on the
    /// number of cores. `block` runs concurrently for different parts (it must only touch state of its own
    /// `part`); with `concurrently: false` the parts run one after the other on this thread (same split, same result).
    ///
    /// - Returns: Σ X'WX (both triangles; zero when `information` is false) and Σ X'r.
    /// - Complexity: O(n·p²) flops with `information`, O(n·p) without; memory O(block) per part.
    package func rowPass(beta: [Double], information: Bool, concurrently: Bool = true,
                        block: @Sendable (_ part: Int, _ start: Int, _ eta: UnsafeBufferPointer<Double>,
                                          _ w: UnsafeMutableBufferPointer<Double>, _ r: UnsafeMutableBufferPointer<Double>) -> Void)
        -> (information: Matrix, gradient: [Double])
    {
        precondition(beta.count == columns, "rowPass: \(beta.count) coefficients for \(columns) columns")
        let n = rows, p = columns
        let parts = Matrix.rowPassParts(rows: n)
        let blockRows = Matrix.defaultGramBlockRows(columns: p)
        let informationParts = PartSlots<[Double]>(repeating: [], count: parts)
        let gradientParts = PartSlots<[Double]>(repeating: [], count: parts)
        withColumnPointers { columns in
            beta.withUnsafeBufferPointer { betaBuffer in
                let shared = Shared((columns.base, betaBuffer.baseAddress))
                runParts(parts, concurrently: concurrently) { part in
                    let (cols, bs) = shared.value
                    let from = n * part / parts, to = n * (part + 1) / parts
                    var info = [Double](repeating: 0, count: information ? p * p : 0)
                    var grad = [Double](repeating: 0, count: p)
                    let eta = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows)
                    let w = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows)
                    let r = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows)
                    defer { eta.deallocate(); w.deallocate(); r.deallocate() }
                    cols.withUnsafeBufferPointer { cols in
                        var start = from
                        while start < to {
                            let m = Swift.min(blockRows, to - start)
                            if p > 0 {
                                credit_gemv_cols(Int32(m), Int32(p), cols.baseAddress, start, bs, eta.baseAddress)
                            } else {
                                for k in 0..<m { eta[k] = 0 }
                            }
                            block(part, start, UnsafeBufferPointer(start: eta.baseAddress, count: m),
                                  UnsafeMutableBufferPointer(start: w.baseAddress, count: m),
                                  UnsafeMutableBufferPointer(start: r.baseAddress, count: m))
                            if p > 0 {
                                grad.withUnsafeMutableBufferPointer { g in
                                    credit_gemv_t_cols(Int32(m), Int32(p), cols.baseAddress, start, r.baseAddress, g.baseAddress)
                                }
                                if !info.isEmpty {
                                    info.withUnsafeMutableBufferPointer { c in
                                        credit_syrk_lower_cols(Int32(m), Int32(p), cols.baseAddress, start,
                                                               UnsafePointer(w.baseAddress), c.baseAddress, p)
                                    }
                                }
                            }
                            start += m
                        }
                    }
                    informationParts.set(part, info)
                    gradientParts.set(part, grad)
                }
            }
        }
        var out = Matrix(rows: p, columns: p)
        var total = [Double](repeating: 0, count: p)
        for part in 0..<parts {
            if information { let info = informationParts[part]; for k in 0..<(p * p) { out.elements[k] += info[k] } }
            let grad = gradientParts[part]
            for j in 0..<p { total[j] += grad[j] }
        }
        if information { out.fillUpperFromLower() }
        return (out, total)
    }

    /// The weighted cross-product X'WX (the "Gram" matrix; with no weights, X'X), both triangles filled.
    ///
    /// (X'WX)ⱼₖ = Σᵢ wᵢ·xᵢⱼ·xᵢₖ, with the C kernel `credit_syrk_lower_cols` (AVX2 + FMA when the processor has it)
    /// on blocks of `blockRows` rows read in place — no copy of X, memory O(p²). The rows are split into
    /// `Matrix.rowPassParts(rows:)` contiguous parts (depending on n only) summed block by block and then added in
    /// order, so the result does not depend on the thread count; `concurrently: false` runs the parts on this thread.
    ///
    /// - Parameters:
    ///   - weights: one weight per row, or `nil` for all ones.
    ///   - blockRows: rows per block (default `Matrix.defaultGramBlockRows(columns:)`); changes only the rounding.
    /// - Returns: the symmetric `columns × columns` matrix.
    /// - Complexity: O(n·p²) flops, O(p²) memory.
    package func gram(weights: [Double]? = nil, blockRows: Int? = nil, concurrently: Bool = true) -> Matrix {
        gramPass(weights: weights, blockRows: blockRows, concurrently: concurrently, product: nil).gram
    }

    /// X'X and X'r in one pass over X: `gram()` (the same bits) and the product X'r of each block added while the
    /// block is in cache (`credit_gemv_t_cols`, the same kernel and order as `rowPass`'s gradient), so a vector
    /// product that would cost a second pass over X costs only its arithmetic.
    /// - Precondition: `r.count == rows`.
    /// - Complexity: O(n·p²) flops, O(p²) memory.
    package func gram(product r: [Double], concurrently: Bool = true) -> (gram: Matrix, product: [Double]) {
        precondition(r.count == rows, "gram(product:): \(r.count) values for \(rows) rows")
        return gramPass(weights: nil, blockRows: nil, concurrently: concurrently, product: r)
    }

    /// X'r alone, with the same bits as `gram(product:)`'s product (the same blocks, parts and kernel).
    /// - Precondition: `r.count == rows`.
    /// - Complexity: O(n·p).
    package func transposeProduct(_ r: [Double], concurrently: Bool = true) -> [Double] {
        precondition(r.count == rows, "transposeProduct: \(r.count) values for \(rows) rows")
        return gramPass(weights: nil, blockRows: nil, concurrently: concurrently, product: r, formsGram: false).product
    }

    private func gramPass(weights: [Double]?, blockRows: Int?, concurrently: Bool, product: [Double]?,
                          formsGram: Bool = true) -> (gram: Matrix, product: [Double])
    {
        let n = rows, p = columns
        var out = Matrix(rows: p, columns: p)
        var total = [Double](repeating: 0, count: p)
        guard p > 0, n > 0 else { return (out, total) }
        if let weights { precondition(weights.count == n, "gram(weights:): \(weights.count) weights for \(n) rows") }
        let block = Swift.max(1, blockRows ?? Matrix.defaultGramBlockRows(columns: p))
        let parts = Matrix.rowPassParts(rows: n)
        let sums = PartSlots<[Double]>(repeating: [], count: parts)
        let products = PartSlots<[Double]>(repeating: [], count: parts)
        withColumnPointers { columns in
            (weights ?? []).withUnsafeBufferPointer { w in
                (product ?? []).withUnsafeBufferPointer { r in
                    let shared = Shared((columns.base, weights == nil ? nil : w.baseAddress, product == nil ? nil : r.baseAddress))
                    runParts(parts, concurrently: concurrently) { part in
                        let (cols, ws, rs) = shared.value
                        let from = n * part / parts, to = n * (part + 1) / parts
                        var c = [Double](repeating: 0, count: p * p)
                        var g = [Double](repeating: 0, count: rs == nil ? 0 : p)
                        cols.withUnsafeBufferPointer { cols in
                            c.withUnsafeMutableBufferPointer { c in
                                g.withUnsafeMutableBufferPointer { g in
                                    var start = from
                                    while start < to {
                                        let m = Swift.min(block, to - start)
                                        if formsGram {
                                            credit_syrk_lower_cols(Int32(m), Int32(p), cols.baseAddress, start, ws.map { $0 + start },
                                                                   c.baseAddress, p)
                                        }
                                        if let rs {
                                            credit_gemv_t_cols(Int32(m), Int32(p), cols.baseAddress, start, rs + start, g.baseAddress)
                                        }
                                        start += m
                                    }
                                }
                            }
                        }
                        sums.set(part, c)
                        products.set(part, g)
                    }
                }
            }
        }
        for part in 0..<parts {
            let c = sums[part]; for k in 0..<(p * p) { out.elements[k] += c[k] }
            if product != nil { let g = products[part]; for j in 0..<p { total[j] += g[j] } }
        }
        out.fillUpperFromLower()
        return (out, total)
    }

    /// The product X·v.
    /// - Precondition: `v.count == columns`.
    /// - Complexity: O(n·p).
    package func multiply(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        multiply(v, into: &out)
        return out
    }

    /// Writes X·v into `result` (count = rows), reusing its storage.
    ///
    /// Every row's sum is taken in column order with separate multiplies and adds, so identical rows give
    /// bit-identical results wherever they sit. OpenBLAS's dgemv does not guarantee that (its kernel handles
    /// rows in groups with fused multiply-adds and the leftover rows another way): fitted values of one
    /// covariate pattern then differ in the last bit, and a test that groups rows by fitted value at tied
    /// quantiles (Hosmer–Lemeshow) splits a pattern between groups. Rows are taken in blocks of 2,048 (the block
    /// of results stays in L1 while the columns are added in), and with `concurrently` the two halves of the
    /// rows run on two threads — neither changes any result.
    package func multiply(_ v: [Double], into result: inout [Double], concurrently: Bool = false) {
        precondition(v.count == columns, "multiply: vector has \(v.count) values for \(columns) columns")
        if result.count != rows { result = [Double](repeating: 0, count: rows) }
        guard rows > 0 else { return }
        let n = rows, p = columns
        withColumnPointers { columns in
            v.withUnsafeBufferPointer { v in
                result.withUnsafeMutableBufferPointer { y in
                    let shared = Shared((columns.base, v.baseAddress, y.baseAddress))
                    let parts = concurrently ? Matrix.rowPassParts(rows: n) : 1
                    runParts(parts, concurrently: true) { part in
                        let (cols, v, y) = shared.value
                        guard let y else { return }
                        var start = n * part / parts
                        let to = n * (part + 1) / parts
                        while start < to {
                            let m = Swift.min(2048, to - start)
                            let out = y + start
                            for i in 0..<m { out[i] = 0 }
                            if let v {
                                for j in 0..<p {
                                    let c = v[j], column = cols[j]! + start
                                    for i in 0..<m { out[i] += column[i] * c }
                                }
                            }
                            start += m
                        }
                    }
                }
            }
        }
    }
}
