/// Input a metric cannot be computed from. Each case says what the user can do about it.
public enum MetricsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Scores and outcomes (or two score vectors) differ in length.
    case lengthMismatch(scores: Int, outcomes: Int)
    /// No rows at all.
    case empty
    /// Only one class is present, so discrimination is undefined.
    case singleClass(bads: Int, goods: Int)
    /// A score is NaN or infinite (0-based row).
    case nonFiniteScore(row: Int)
    /// A probability is outside [0, 1] (0-based row).
    case probabilityOutOfRange(row: Int, value: Double)
    /// A parameter is out of its domain.
    case invalidParameter(String)
    /// Too few rows or groups for the statistic.
    case tooFew(String)

    public var description: String {
        switch self {
        case .lengthMismatch(let s, let o):
            return "\(s) scores but \(o) outcomes; they must be the same rows"
        case .empty:
            return "no rows to evaluate"
        case .singleClass(let b, let g):
            return "only one class present (\(b) bad, \(g) good); discrimination needs both bads and goods"
        case .nonFiniteScore(let row):
            return "row \(row + 1): the score is NaN or infinite; drop or impute it before evaluating"
        case .probabilityOutOfRange(let row, let v):
            return "row \(row + 1): \(v) is not a probability in [0, 1]; calibration metrics need PDs"
        case .invalidParameter(let text):
            return text
        case .tooFew(let text):
            return text
        }
    }
}
