/// A failure reported by a LAPACK routine, turned into a Swift error at the call site.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Cholesky failed: the leading minor of this order (1-based, LAPACK's `info`) is not positive definite.
    case notPositiveDefinite(minor: Int)
    /// A triangular factor has an exact zero on the diagonal at this column (1-based).
    case singular(column: Int)
    /// LAPACK rejected argument number `position` (1-based) of `routine`: a programming error in this module.
    case illegalArgument(routine: String, position: Int)
    /// Operand shapes do not fit together.
    case dimensionMismatch(String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let minor):
            return "matrix is not positive definite (leading minor of order \(minor) fails)"
        case .singular(let column):
            return "matrix is singular (zero pivot in column \(column))"
        case .illegalArgument(let routine, let position):
            return "internal error: \(routine) rejected argument \(position)"
        case .dimensionMismatch(let what):
            return "dimension mismatch: \(what)"
        }
    }
}
