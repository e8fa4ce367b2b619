internal import CLapack
internal import CKernels
import Dispatch

extension Matrix {
    /// Rows per block when forming X'WX: about 128 KiB of X per block, so the block stays in L2 while the kernel
    /// makes its passes over it.
    public static func defaultGramBlockRows(columns: Int) -> Int { Swift.max(64, 16_384 / Swift.max(columns, 1)) }

    /// The weighted cross-product X'WX (the "Gram" matrix; with no weights, X'X), both triangles filled.
    ///
    /// (X'WX)ⱼₖ = Σᵢ wᵢ·xᵢⱼ·xᵢₖ, with `credit_syrk_lower` (C kernel, AVX2 + FMA when the processor has it) on
    /// blocks of `blockRows` rows read in place — no copy of X, memory O(p²). The rows are split into
    /// `rowPassParts(rows:)` contiguous parts (depending on n only) summed block by block and then added in
    /// order, so the result does not depend on the thread count; `concurrently: false` runs the parts on this thread.
    ///
    /// - Parameters:
    ///   - weights: one weight per row, or `nil` for all ones.
    ///   - blockRows: rows per block (default `defaultGramBlockRows(columns:)`); changes only the rounding.
    /// - Returns: the symmetric `columns × columns` matrix.
    /// - Complexity: O(n·p²) flops, O(p²) memory.
    public func gram(weights: [Double]? = nil, blockRows: Int? = nil, concurrently: Bool = true) -> Matrix {
        let n = rows, p = columns
        var out = Matrix(rows: p, columns: p)
        guard p > 0, n > 0 else { return out }
        if let weights { precondition(weights.count == n, "gram(weights:): \(weights.count) weights for \(n) rows") }
        let block = Swift.max(1, blockRows ?? Matrix.defaultGramBlockRows(columns: p))
        let parts = Matrix.rowPassParts(rows: n)
        final class Parts: @unchecked Sendable {
            var sums: [[Double]]
            var x: UnsafePointer<Double>? = nil, w: UnsafePointer<Double>? = nil
            init(_ parts: Int, _ p: Int) { sums = Array(repeating: [], count: parts) }
        }
        let results = Parts(parts, p)
        elements.withUnsafeBufferPointer { x in
            (weights ?? []).withUnsafeBufferPointer { w in
                results.x = x.baseAddress; results.w = weights == nil ? nil : w.baseAddress
                @Sendable func run(_ part: Int) {
                    let from = n * part / parts, to = n * (part + 1) / parts
                    var c = [Double](repeating: 0, count: p * p)
                    c.withUnsafeMutableBufferPointer { c in
                        var start = from
                        while start < to {
                            let m = Swift.min(block, to - start)
                            credit_syrk_lower(Int32(m), Int32(p), results.x.map { $0 + start }, n,
                                              results.w.map { $0 + start }, c.baseAddress, p)
                            start += m
                        }
                    }
                    results.sums[part] = c
                }
                if parts == 1 || !concurrently { for part in 0..<parts { run(part) } }
                else { DispatchQueue.concurrentPerform(iterations: parts) { run($0) } }
            }
        }
        for part in 0..<parts { for k in 0..<(p * p) { out.elements[k] += results.sums[part][k] } }
        out.fillUpperFromLower()
        return out
    }

    /// Copies the lower triangle onto the upper one (BLAS/LAPACK fill only one).
    mutating func fillUpperFromLower() {
        precondition(rows == columns)
        let p = rows
        for j in 0..<p { for i in (j + 1)..<Swift.max(p, j + 1) { elements[i * p + j] = elements[j * p + i] } }
    }

    /// The product X·v (BLAS `dgemv`).
    /// - Precondition: `v.count == columns`.
    /// - Complexity: O(n·p).
    public func multiply(_ v: [Double]) -> [Double] {
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
    /// quantiles (Hosmer–Lemeshow) splits a pattern between groups. The loop is as memory-bound as dgemv.
    ///
    /// Rows are taken in blocks of 2,048 (the block of results stays in L1 while the columns are added in), and
    /// with `concurrently` the two halves of the rows run on two threads — neither changes any result.
    public func multiply(_ v: [Double], into result: inout [Double], concurrently: Bool = false) {
        precondition(v.count == columns, "multiply: vector has \(v.count) values for \(columns) columns")
        if result.count != rows { result = [Double](repeating: 0, count: rows) }
        guard rows > 0 else { return }
        let n = rows, p = columns
        final class Pointers: @unchecked Sendable {
            var a: UnsafePointer<Double>? = nil, v: UnsafePointer<Double>? = nil, y: UnsafeMutablePointer<Double>? = nil
        }
        let pointers = Pointers()
        elements.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { v in
                result.withUnsafeMutableBufferPointer { y in
                    pointers.a = a.baseAddress; pointers.v = v.baseAddress; pointers.y = y.baseAddress
                    let parts = concurrently ? Matrix.rowPassParts(rows: n) : 1
                    @Sendable func run(_ part: Int) {
                        guard let y = pointers.y else { return }
                        var start = n * part / parts
                        let to = n * (part + 1) / parts
                        while start < to {
                            let m = Swift.min(2048, to - start)
                            let out = y + start
                            for i in 0..<m { out[i] = 0 }
                            if let a = pointers.a, let v = pointers.v {
                                for j in 0..<p {
                                    let c = v[j], column = a + j * n + start
                                    for i in 0..<m { out[i] += column[i] * c }
                                }
                            }
                            start += m
                        }
                    }
                    if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts) { run($0) } }
                }
            }
        }
    }

    /// The product X'·v: one dot product per column, summed in a fixed order.
    ///
    /// Not BLAS: OpenBLAS's transposed `dgemv` splits the rows among its threads and adds the partial sums,
    /// so its last bits depend on the thread count (0.3.21, 2 threads vs 1). Here each column is summed with
    /// eight interleaved partial sums combined in a fixed order, the same for any thread setting.
    /// - Precondition: `v.count == rows`.
    /// - Complexity: O(n·p).
    public func transposeMultiply(_ v: [Double]) -> [Double] {
        precondition(v.count == rows, "transposeMultiply: vector has \(v.count) values for \(rows) rows")
        var out = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return out }
        let n = rows, tail = n - n % 8
        elements.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                guard let a = a.baseAddress, let x = x.baseAddress else { return }
                for j in 0..<columns {
                    let c = a + j * n
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
                    var i = 0
                    while i < tail {
                        s0 += c[i] * x[i]; s1 += c[i + 1] * x[i + 1]; s2 += c[i + 2] * x[i + 2]; s3 += c[i + 3] * x[i + 3]
                        s4 += c[i + 4] * x[i + 4]; s5 += c[i + 5] * x[i + 5]; s6 += c[i + 6] * x[i + 6]; s7 += c[i + 7] * x[i + 7]
                        i += 8
                    }
                    while i < n { s0 += c[i] * x[i]; i += 1 }
                    out[j] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
                }
            }
        }
        return out
    }

    /// The matrix product A·B (BLAS `dgemm`).
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `columns != other.rows`.
    public func multiply(_ other: Matrix) throws -> Matrix {
        guard columns == other.rows else {
            throw LinearAlgebraError.dimensionMismatch("\(rows)×\(columns) times \(other.rows)×\(other.columns)")
        }
        var out = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0, columns > 0 else { return out }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                out.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(other.columns),
                                Int32(columns), 1.0, a.baseAddress, Int32(rows), b.baseAddress, Int32(other.rows),
                                0.0, c.baseAddress, Int32(rows))
                }
            }
        }
        return out
    }
}

/// OpenBLAS's thread count. The CLI calls `useThreads` when `CREDIT_THREADS` is set and `OPENBLAS_NUM_THREADS`
/// is not (that variable, when set, governs BLAS). The BLAS routines still called (dgemm, untransposed
/// dgemv) split their work by output blocks, not along the summed dimension, so their results do not depend
/// on the thread count; the transposed product, which does in OpenBLAS, is our own loop (`transposeMultiply`).
/// Checked end to end in DeterminismCLITests.
public enum BLASThreads {
    public static func useThreads(_ count: Int) { openblas_set_num_threads(Int32(max(count, 1))) }
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with one OpenBLAS thread and restores the count: for routines whose last bits change with
    /// OpenBLAS's thread count (transposed dgemv, dpotrf, dpotri in 0.3.21), so results never depend on it.
    public static func single<T>(_ body: () throws -> T) rethrows -> T {
        let threads = openblas_get_num_threads()
        if threads > 1 { openblas_set_num_threads(1) }
        defer { if threads > 1 { openblas_set_num_threads(threads) } }
        return try body()
    }
}
