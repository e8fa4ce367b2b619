internal import CLapack
import Foundation

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// The LAPACK calls run with one OpenBLAS thread (`BLASThreads.single`): OpenBLAS 0.3.21's `dpotrf`/`dpotri`
/// give different last bits with 1 or 2 threads (`dpotri` from order 25, `dpotrf` from order 80), which would
/// make model files depend on the thread count. The matrices here are p × p (p = model terms), small beside
/// forming X'WX, so one thread costs little.
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
    /// LAPACK's packed result: L in the lower triangle (column-major), the strict upper triangle zeroed.
    private let factor: [Double]

    /// Factors `matrix`.
    /// - Throws: `LinearAlgebraError.notPositiveDefinite(minor:)` (LAPACK `info > 0`) or
    ///   `.dimensionMismatch` for a non-square matrix.
    /// - Complexity: O(n³/3).
    public init(_ matrix: Matrix) throws {
        guard matrix.rows == matrix.columns else {
            throw LinearAlgebraError.dimensionMismatch("Cholesky needs a square matrix, got \(matrix.rows)×\(matrix.columns)")
        }
        let n = matrix.rows
        var a = matrix.elements
        if n > 0 {
            let info = a.withUnsafeMutableBufferPointer { p in BLASThreads.single {
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
            } }
            try Cholesky.check(info, routine: "dpotrf") { .notPositiveDefinite(minor: $0) }
        }
        for j in 0..<n { for i in 0..<j { a[j * n + i] = 0 } }
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

    /// Solves A·x = b (LAPACK `dpotrs`).
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `b.count != dimension`.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
    }

    /// Solves A·X = B for every column of B (LAPACK `dpotrs`).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == dimension else {
            throw LinearAlgebraError.dimensionMismatch("right-hand side has \(b.rows) rows, matrix is \(dimension)×\(dimension)")
        }
        var x = b
        guard dimension > 0, b.columns > 0 else { return x }
        let n = dimension
        let info = factor.withUnsafeBufferPointer { f in
            x.elements.withUnsafeMutableBufferPointer { xb in BLASThreads.single {
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), Int32(b.columns),
                               f.baseAddress, Int32(n), xb.baseAddress, Int32(n))
            } }
        }
        try Cholesky.check(info, routine: "dpotrs") { .singular(column: $0) }
        return x
    }

    /// A⁻¹ with both triangles filled (LAPACK `dpotri`).
    /// - Throws: `LinearAlgebraError.singular(column:)` when L has a zero diagonal element.
    public func inverse() throws -> Matrix {
        let n = dimension
        var a = factor
        if n > 0 {
            let info = a.withUnsafeMutableBufferPointer { p in BLASThreads.single {
                LAPACKE_dpotri(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
            } }
            try Cholesky.check(info, routine: "dpotri") { .singular(column: $0) }
        }
        var m = Matrix(rows: n, columns: n, columnMajor: a)
        m.fillUpperFromLower()
        return m
    }
}

