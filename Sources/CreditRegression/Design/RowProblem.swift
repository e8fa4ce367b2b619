/// Why a row could not be encoded.
public struct RowProblem: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case missingValue
        case unseenLevel(String)
        /// Text in a numeric column (kept trimmed): the model cannot score it, so the row is rejected.
        case notANumber(String)
        /// The row's log-odds (intercept + Σ coefficient × value) is not a finite number: a term overflowed
        /// the floating-point range (±1.8·10³⁰⁸), e.g. a coefficient of 10³⁰⁰ times a value of 10¹⁰, or two
        /// infinite terms of opposite sign gave NaN. The PD would be NaN (or a 0 or 1 that no finite log-odds
        /// gives), so the row is rejected. `column` is the first column whose term is not finite, else the one
        /// with the largest term.
        case logOddsOverflow
        /// A scorecard bin the row falls in has points beyond ±2,147,483,647 (`Int32`), the range a score's
        /// points are kept in: only an edited or damaged model has them. `column` is the characteristic.
        case pointsOutOfRange(Int)
        /// A scorecard characteristic whose training data had no missing value is missing here, and the model's
        /// policy (`UnexpectedMissingPolicy.reject`) rejects such rows.
        case unexpectedMissing
        /// A decision-policy rule could not be evaluated on the row (text where it compares a number): the
        /// rule's code and the explanation. `column` is the field the rule read.
        case policyRule(code: String, explanation: String)
    }
    /// 0-based table row.
    public var row: Int
    /// 1-based source line.
    public var line: Int
    /// The column that caused the problem (the first one, in predictor order).
    public var column: String
    public var reason: Reason
    public init(row: Int, line: Int, column: String, reason: Reason) {
        self.row = row; self.line = line; self.column = column; self.reason = reason
    }

    /// One line for a rejects file or a log: "line 12, column 'age': missing value".
    public var message: String {
        switch reason {
        case .missingValue: return "line \(line), column '\(column)': missing value"
        case .unseenLevel(let level): return "line \(line), column '\(column)': level '\(level)' was not seen in training"
        case .notANumber(let text): return "line \(line), column '\(column)': '\(text)' is not a number"
        case .logOddsOverflow: return "line \(line), column '\(column)': the log-odds overflowed, so the PD is not a number"
        case .pointsOutOfRange(let points): return "line \(line), column '\(column)': the bin's points \(points) are out of range"
        case .unexpectedMissing: return "line \(line), column '\(column)': missing value, and training had none in this column"
        case .policyRule(_, let explanation): return "line \(line), column '\(column)': \(explanation)"
        }
    }
}
