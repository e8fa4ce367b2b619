import Foundation
import CreditLinearAlgebra
import CreditTabular
import CreditSupport
/// Collinearity diagnostics of a design matrix: variance inflation factors, the condition number and the
/// correlation table.
///
/// - **VIF** of term j = 1/(1 − R²ⱼ), R²ⱼ the centred R² of regressing column j on all the other columns and a
///   constant; equivalently the j-th diagonal element of the inverse correlation matrix of the non-intercept
///   columns. This is statsmodels `variance_inflation_factor(exog, j)` with `exog` including the constant.
/// - **Condition number** κ = σmax/σmin of the design with every column (the intercept included) scaled to unit
///   Euclidean length (Belsley, Kuh & Welsch 1980, *Regression Diagnostics*, ch. 3), from the eigenvalues of the
///   scaled X'X (cyclic Jacobi). Belsley's reading: κ > 30 signals harmful collinearity.
/// - **Correlation** of the non-intercept columns (Pearson).
public struct DesignDiagnostics: Sendable, Codable, Equatable {
    /// Names of the non-intercept terms (the rows/columns of `correlation`, the entries of `varianceInflation`).
    public let termNames: [String]
    public let varianceInflation: [Double]
    public let conditionNumber: Double
    public let correlation: [[Double]]

    /// Computes the diagnostics of `x`; `interceptColumn` is left out of the VIF and correlation table.
    public init(x: Matrix, termNames allNames: [String], interceptColumn: Int?) {
        let n = x.rows, p = x.columns
        let keep = (0..<p).filter { $0 != interceptColumn }
        termNames = keep.map { allNames[$0] }
        // Centred, unit-length copies of the non-intercept columns: their Gram matrix is the correlation.
        var centred = Matrix(rows: n, columns: keep.count)
        for (a, j) in keep.enumerated() {
            let col = x.column(j)
            let mean = col.reduce(0, +) / Double(n)
            var c = col.map { $0 - mean }
            let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { c = c.map { $0 / norm } }
            centred.setColumn(a, to: c)
        }
        let r = centred.gram(concurrently: Concurrency.threads > 1)
        correlation = r.rowMajor
        if let inverse = try? Cholesky(r).inverse() {
            varianceInflation = (0..<keep.count).map { inverse[$0, $0] }
        } else {
            varianceInflation = [Double](repeating: .infinity, count: keep.count)
        }
        // Unit-length columns (not centred) for the condition number.
        var scaled = x
        for j in 0..<p {
            let col = x.column(j)
            let norm = col.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { scaled.setColumn(j, to: col.map { $0 / norm }) }
        }
        let eigen = SymmetricEigen.values(scaled.gram(concurrently: Concurrency.threads > 1))
        let largest = eigen.max() ?? 0, smallest = eigen.min() ?? 0
        conditionNumber = smallest > 0 ? (largest / smallest).squareRoot() : .infinity
    }

    /// For a built design.
    public init(design: Design) {
        self.init(x: design.x, termNames: design.terms.map(\.name), interceptColumn: design.coding.intercept ? 0 : nil)
    }
}

/// Eigenvalues of a small symmetric matrix by the cyclic Jacobi method (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §8.5); accurate to a few ulps relative to the largest eigenvalue.
enum SymmetricEigen {
    static func values(_ m: Matrix) -> [Double] {
        let p = m.rows
        var a = m.rowMajor
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<p { for j in (i + 1)..<max(p, i + 1) { off += a[i][j] * a[i][j] } }
            if off < 1e-30 { break }
            for i in 0..<p {
                for j in (i + 1)..<max(p, i + 1) where a[i][j] != 0 {
                    let theta = (a[j][j] - a[i][i]) / (2 * a[i][j])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<p {
                        let aki = a[k][i], akj = a[k][j]
                        a[k][i] = c * aki - s * akj
                        a[k][j] = s * aki + c * akj
                    }
                    for k in 0..<p {
                        let aik = a[i][k], ajk = a[j][k]
                        a[i][k] = c * aik - s * ajk
                        a[j][k] = s * aik + c * ajk
                    }
                }
            }
        }
        return (0..<p).map { a[$0][$0] }
    }
}
