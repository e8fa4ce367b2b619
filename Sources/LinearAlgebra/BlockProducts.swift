internal import CLapack

/// BLAS products on caller-owned column-major blocks, for algorithms that stream rows in blocks and keep
/// running sums (out-of-core IRLS): no `Matrix` is allocated per block.
///
/// Every block is `rows × columns`, column-major, leading dimension `rows`.
public enum BlockProducts {
    /// c ← c + AᵀA on the lower triangle of the p × p column-major `c` (BLAS `dsyrk`, beta 1).
    /// The upper triangle of `c` is not touched; fill it at the end (`Matrix.symmetrizedFromLower`).
    public static func accumulateGram(_ a: UnsafePointer<Double>, rows: Int, columns: Int,
                                      into c: UnsafeMutablePointer<Double>) {
        guard rows > 0, columns > 0 else { return }
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, Int32(columns), Int32(rows),
                    1.0, a, Int32(rows), 1.0, c, Int32(columns))
    }

    /// y ← A·x (BLAS `dgemv`); `y` has `rows` entries, `x` has `columns`.
    public static func multiply(_ a: UnsafePointer<Double>, rows: Int, columns: Int,
                                _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        guard rows > 0 else { return }
        guard columns > 0 else { for i in 0..<rows { y[i] = 0 }; return }
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(columns), 1.0, a, Int32(rows), x, 1, 0.0, y, 1)
    }

    /// g ← g + Aᵀ·v (BLAS `dgemv`, transposed, beta 1); `v` has `rows` entries, `g` has `columns`.
    public static func accumulateTransposeProduct(_ a: UnsafePointer<Double>, rows: Int, columns: Int,
                                                  _ v: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>) {
        guard rows > 0, columns > 0 else { return }
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(rows), Int32(columns), 1.0, a, Int32(rows), v, 1, 1.0, g, 1)
    }
}

extension Matrix {
    /// A square matrix whose upper triangle is copied from the lower one (after `BlockProducts.accumulateGram`).
    public func symmetrizedFromLower() -> Matrix {
        var out = self
        out.fillUpperFromLower()
        return out
    }
}
