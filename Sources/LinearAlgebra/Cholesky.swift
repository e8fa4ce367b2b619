internal import CLapack
import Foundation

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix.
///
/// Our own loops, not LAPACK: OpenBLAS's `dpotrf`/`dpotri` give different last bits with 1 or 2 threads (0.3.21:
/// `dpotri` from order 25, `dpotrf` from order 80), which would make model files depend on the thread count.
/// The matrices here are p × p (p = model terms), so O(p³) in plain loops costs little beside forming X'WX.
///
/// Only the lower triangle of the input is read.
///
/// ```swift
/// let c = try Cholesky(Matrix(rowMajor: [[4, 2], [2, 3]]))
/// try c.solve([2, 1])     // [0.5, 0]
/// c.logDeterminant        // log 8
/// ```
public struct Cholesky: Sendable {
    /// The order n of the factored matrix.
    public let dimension: Int
    /// L in the lower triangle (column-major), the strict upper triangle zeroed.
    private let factor: [Double]

    /// Factors `matrix`.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite(minor:)` (the first non-positive pivot, as LAPACK's `info`) or
    ///   `.dimensionMismatch` for a non-square matrix.
    /// - Complexity: O(n³/3).
    public init(_ matrix: Matrix) throws {
        guard matrix.rows == matrix.columns else {
            throw LinearAlgebraError.dimensionMismatch("Cholesky needs a square matrix, got \(matrix.rows)×\(matrix.columns)")
        }
        let n = matrix.rows
        // Row-major L (row i holds L[i, 0...i]) so both rows of every inner product are contiguous.
        var l = [Double](repeating: 0, count: n * n)
        try matrix.elements.withUnsafeBufferPointer { a in
            try l.withUnsafeMutableBufferPointer { l in
                for j in 0..<n {
                    let rowJ = j * n
                    var d = a[j * n + j]
                    for k in 0..<j { d -= l[rowJ + k] * l[rowJ + k] }
                    guard d > 0 else { throw LinearAlgebraError.notPositiveDefinite(minor: j + 1) }   // also NaN
                    let root = d.squareRoot()
                    l[rowJ + j] = root
                    for i in (j + 1)..<max(n, j + 1) {
                        let rowI = i * n
                        var t = a[j * n + i]        // A[i, j], lower triangle, column-major
                        for k in 0..<j { t -= l[rowI + k] * l[rowJ + k] }
                        l[rowI + j] = t / root
                    }
                }
            }
        }
        var a = [Double](repeating: 0, count: n * n)    // column-major L, strict upper triangle zero
        for i in 0..<n { for j in 0...i { a[j * n + i] = l[i * n + j] } }
        self.dimension = n
        self.factor = a
    }

    static func check(_ info: Int32, routine: String, positive: (Int) -> LinearAlgebraError) throws {
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info)) }
        if info > 0 { throw positive(Int(info)) }
    }

    /// The lower-triangular factor L.
    public var lower: Matrix { Matrix(rows: dimension, columns: dimension, columnMajor: factor) }

    /// log det A = 2·Σ log Lᵢᵢ.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<dimension { s += log(factor[i * dimension + i]) }
        return 2 * s
    }

    /// Solves A·x = b (forward then back substitution).
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `b.count != dimension`.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
    }

    /// Solves A·X = B for every column of B.
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == dimension else {
            throw LinearAlgebraError.dimensionMismatch("right-hand side has \(b.rows) rows, matrix is \(dimension)×\(dimension)")
        }
        var x = b
        guard dimension > 0, b.columns > 0 else { return x }
        let n = dimension
        for j in 0..<n where !(factor[j * n + j] != 0) { throw LinearAlgebraError.singular(column: j + 1) }
        factor.withUnsafeBufferPointer { f in
            x.elements.withUnsafeMutableBufferPointer { xb in
                for c in 0..<b.columns {
                    let v = xb.baseAddress! + c * n
                    for i in 0..<n {                  // L·y = b (column i of L is contiguous)
                        v[i] /= f[i * n + i]
                        let yi = v[i]
                        for r in (i + 1)..<max(n, i + 1) { v[r] -= f[i * n + r] * yi }
                    }
                    var i = n - 1
                    while i >= 0 {                    // Lᵀ·x = y
                        var t = v[i]
                        for r in (i + 1)..<max(n, i + 1) { t -= f[i * n + r] * v[r] }
                        v[i] = t / f[i * n + i]
                        i -= 1
                    }
                }
            }
        }
        return x
    }

    /// A⁻¹ with both triangles filled: (L⁻¹)ᵀ·L⁻¹, O(n³/3).
    /// - Throws: `LinearAlgebraError.singular(column:)` when L has a zero diagonal element.
    public func inverse() throws -> Matrix {
        let n = dimension
        for j in 0..<n where !(factor[j * n + j] != 0) { throw LinearAlgebraError.singular(column: j + 1) }
        var w = [Double](repeating: 0, count: n * n)      // W = L⁻¹, lower triangular, column-major
        var out = [Double](repeating: 0, count: n * n)
        factor.withUnsafeBufferPointer { f in
            w.withUnsafeMutableBufferPointer { w in
                for c in 0..<n {                          // L·w_c = e_c; w_c[i] = 0 for i < c
                    let v = w.baseAddress! + c * n
                    v[c] = 1
                    for i in c..<n {
                        v[i] /= f[i * n + i]
                        let yi = v[i]
                        for r in (i + 1)..<max(n, i + 1) { v[r] -= f[i * n + r] * yi }
                    }
                }
                out.withUnsafeMutableBufferPointer { o in
                    for j in 0..<n {                      // A⁻¹ = Wᵀ·W, (i, j) = Σ_{k ≥ i} W[k, i]·W[k, j] for i ≥ j
                        for i in j..<n {
                            var t = 0.0
                            for k in i..<n { t += w[i * n + k] * w[j * n + k] }
                            o[j * n + i] = t
                            o[i * n + j] = t
                        }
                    }
                }
            }
        }
        return Matrix(rows: n, columns: n, columnMajor: out)
    }
}
