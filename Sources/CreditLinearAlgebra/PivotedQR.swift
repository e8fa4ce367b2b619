internal import CLapack

/// A rank-revealing QR factorisation with column pivoting, A·P = Q·R (LAPACK `dgeqp3`).
///
/// The numerical rank r is the number of diagonal elements with |Rₖₖ| > `relativeTolerance`·|R₁₁|.
/// For every column beyond the rank, `dependencies` gives its expression as a combination of the r
/// independent columns, from solving R₁₁·c = R₁₂ (exact when the columns are exactly collinear,
/// a least-squares fit otherwise).
///
/// Example: for columns x1, x2, x3 = x1 + x2, the rank is 2 and the dependency of x3 is
/// `[(x1, 1), (x2, 1)]` (which column is called dependent follows the pivot order).
///
/// Scale the columns comparably first (e.g. to unit norm) when they have very different magnitudes:
/// the tolerance is relative to the largest pivot.
public struct PivotedQR: Sendable {
    /// One column that is (numerically) a combination of independent columns:
    /// column[`column`] ≈ Σₖ `coefficients[k]` · column[`basis[k]`].
    public struct Dependency: Sendable, Equatable {
        /// The 0-based index of the dependent column in the original matrix.
        public let column: Int
        /// 0-based indices of the independent columns, in pivot order.
        public let basis: [Int]
        /// The coefficient of each basis column.
        public let coefficients: [Double]
    }

    /// Numerical rank.
    public let rank: Int
    /// 0-based original column index at each pivot position (LAPACK's `jpvt`, made 0-based).
    public let pivots: [Int]
    /// |Rₖₖ| in pivot order.
    public let diagonal: [Double]
    /// The tolerance used, relative to |R₁₁|.
    public let relativeTolerance: Double
    /// The dependent columns, in pivot order.
    public let dependencies: [Dependency]

    /// The 0-based original indices of the independent columns (the first `rank` pivots), sorted.
    public var independentColumns: [Int] { pivots.prefix(rank).sorted() }

    /// Factors `matrix`.
    /// - Parameters:
    ///   - matrix: m × n, any shape.
    ///   - relativeTolerance: a pivot counts as zero when |Rₖₖ| ≤ tolerance·|R₁₁|.
    /// - Throws: `LinearAlgebraError.illegalArgument` (programming error only).
    /// - Complexity: O(m·n·min(m, n)).
    public init(_ matrix: Matrix, relativeTolerance: Double = 1e-10) throws {
        let m = matrix.rows, n = matrix.columns
        var a = matrix.elements
        var jpvt = [Int32](repeating: 0, count: n)
        var tau = [Double](repeating: 0, count: Swift.max(1, Swift.min(m, n)))
        if m > 0 && n > 0 {
            let info = a.withUnsafeMutableBufferPointer { ap in
                jpvt.withUnsafeMutableBufferPointer { jp in
                    tau.withUnsafeMutableBufferPointer { tp in
                        LAPACKE_dgeqp3(LAPACK_COL_MAJOR, Int32(m), Int32(n), ap.baseAddress, Int32(m),
                                       jp.baseAddress, tp.baseAddress)
                    }
                }
            }
            if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgeqp3", position: Int(-info)) }
        } else {
            for j in 0..<n { jpvt[j] = Int32(j + 1) }
        }
        let pivots = jpvt.map { Int($0) - 1 }
        let k = Swift.min(m, n)
        let diagonal = (0..<k).map { Swift.abs(a[$0 * m + $0]) }
        var rank = 0
        if let first = diagonal.first, first > 0 {
            let threshold = relativeTolerance * first
            while rank < k && diagonal[rank] > threshold { rank += 1 }
        }
        // Dependencies: solve R11 · C = R12 by back substitution (R11 is rank × rank upper triangular).
        var dependencies: [Dependency] = []
        let r = rank
        for d in r..<n {
            var c = [Double](repeating: 0, count: r)
            for i in 0..<r { c[i] = a[d * m + i] }     // column d of R (rows 0..<r) = R12 column
            var i = r - 1
            while i >= 0 {
                var s = c[i]
                for j in (i + 1)..<Swift.max(r, i + 1) { s -= a[j * m + i] * c[j] }
                c[i] = s / a[i * m + i]
                i -= 1
            }
            dependencies.append(Dependency(column: pivots[d], basis: Array(pivots.prefix(r)), coefficients: c))
        }
        self.rank = rank
        self.pivots = pivots
        self.diagonal = diagonal
        self.relativeTolerance = relativeTolerance
        self.dependencies = dependencies
    }
}
