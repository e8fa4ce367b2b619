import CreditRegression
import CreditTabular

/// The one line a command prints on standard error when it leaves rows out for a missing predictor value:
/// "dropped 1,204 of 5,000 rows with a missing value in lenders_count, inquiries_6m, past_delinquency".
///
/// A row is counted once however many of its values are missing; the columns are every listed column that is
/// missing in at least one dropped row, in table order (not only the first missing column of each row, which is
/// what `RowProblem` records). The command adds what to do ("; use --missing-coding indicator to keep them").
public enum MissingValueDrops {
    /// The line for `rows` (0-based table rows) of `table` left out for a missing value in one of `columns`;
    /// nil when `rows` is empty.
    public static func line(table: Table, rows: [Int], columns: [String]) -> String? {
        guard !rows.isEmpty else { return nil }
        let wanted = Set(columns)
        var named: [String] = []
        for (j, name) in table.columnNames.enumerated() where wanted.contains(name) {
            let missing: Bool
            switch table.columns[j] {
            case .numeric(let v): missing = rows.contains { v[$0].isNaN }
            case .categorical(let c): missing = rows.contains { c.codes[$0] < 0 }
            }
            if missing { named.append(name) }
        }
        return "dropped \(NumberFormat.count(rows.count)) of \(NumberFormat.count(table.rowCount)) rows with a missing value in "
            + named.joined(separator: ", ")
    }

    /// The line for the rows of a design (`Design.dropped`) left out for a missing predictor value; rows whose
    /// target is missing are not counted (no coding keeps them). `predictors`: the columns the design read as
    /// predictors (every column but the target and the excluded ones). Nil when there are none.
    public static func line(table: Table, dropped: [RowProblem], target: String, predictors: [String]) -> String? {
        let rows = dropped.filter { $0.reason == .missingValue && $0.column != target }.map(\.row)
        return line(table: table, rows: rows, columns: predictors)
    }

    /// The line for the rows of `table` not among `usedRows` (ascending) whose `target` is present: the rows a
    /// comparison left out for a missing predictor. Nil when there are none.
    public static func line(table: Table, usedRows: [Int], target: String, predictors: [String]) -> String? {
        guard let column = table[target] else { return nil }
        var used = [Bool](repeating: false, count: table.rowCount)
        for r in usedRows { used[r] = true }
        let rows = (0..<table.rowCount).filter { r in
            guard !used[r] else { return false }
            switch column {
            case .numeric(let v): return !v[r].isNaN
            case .categorical(let c): return c.codes[r] >= 0
            }
        }
        return line(table: table, rows: rows, columns: predictors)
    }

    /// The line for the rows a model rejected for a missing value (`RowProblem.Reason.missingValue`) when
    /// scoring `table`; nil when there are none.
    public static func line(table: Table, rejects: [RowProblem], columns: [String]) -> String? {
        line(table: table, rows: rejects.filter { $0.reason == .missingValue }.map(\.row), columns: columns)
    }
}
