internal import _CreditKernels
/// Products on caller-owned column-major blocks (the C kernels of `Matrix.rowPass`), for algorithms that stream rows in blocks and keep
/// running sums (out-of-core IRLS): no `Matrix` is allocated per block.
///
/// Every block is `rows × columns`, column-major, leading dimension `rows`.
package enum BlockProducts {
    /// c ← c + Aᵀ·diag(w)·A (w nil: AᵀA) on the lower triangle of the p × p column-major `c`, with the C kernel
    /// `credit_syrk_lower` (as `Matrix.gram`), over L2-sized runs of rows. The upper triangle of `c` is not
    /// touched; fill it at the end (`Matrix.symmetrizedFromLower`).
    package static func accumulateGram(_ a: UnsafePointer<Double>, rows: Int, columns: Int,
                                      weights w: UnsafePointer<Double>? = nil, into c: UnsafeMutablePointer<Double>) {
        guard rows > 0, columns > 0 else { return }
        let run = Matrix.defaultGramBlockRows(columns: columns)
        var start = 0
        while start < rows {
            let m = Swift.min(run, rows - start)
            credit_syrk_lower(Int32(m), Int32(columns), a + start, rows, w.map { $0 + start }, c, columns)
            start += m
        }
    }

    /// y ← A·x; `y` has `rows` entries, `x` has `columns` (C kernel `credit_gemv_cols`, as `Matrix.rowPass`).
    package static func multiply(_ a: UnsafePointer<Double>, rows: Int, columns: Int,
                                _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        guard rows > 0 else { return }
        guard columns > 0 else { for i in 0..<rows { y[i] = 0 }; return }
        let cols: [UnsafePointer<Double>?] = (0..<columns).map { a + $0 * rows }
        credit_gemv_cols(Int32(rows), Int32(columns), cols, 0, x, y)
    }

    /// g ← g + Aᵀ·v; `v` has `rows` entries, `g` has `columns` (C kernel `credit_gemv_t_cols`, as `Matrix.rowPass`).
    package static func accumulateTransposeProduct(_ a: UnsafePointer<Double>, rows: Int, columns: Int,
                                                  _ v: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>) {
        guard rows > 0, columns > 0 else { return }
        let cols: [UnsafePointer<Double>?] = (0..<columns).map { a + $0 * rows }
        credit_gemv_t_cols(Int32(rows), Int32(columns), cols, 0, v, g)
    }
}

extension Matrix {
    /// A square matrix whose upper triangle is copied from the lower one (after `BlockProducts.accumulateGram`).
    package func symmetrizedFromLower() -> Matrix {
        var out = self
        out.fillUpperFromLower()
        return out
    }
}
