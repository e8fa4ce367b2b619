/// Why a row could not be encoded.
public struct RowProblem: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case missingValue
        case unseenLevel(String)
        /// Text in a numeric column (kept trimmed): the model cannot score it, so the row is rejected.
        case notANumber(String)
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
        }
    }
}
