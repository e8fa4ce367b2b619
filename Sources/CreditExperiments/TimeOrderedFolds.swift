import CreditRegression
import CreditTabular
/// Time-ordered validation folds: rolling origin (an expanding window) over a date column, so that every test
/// row is later than every row its model was trained on — out-of-time folds.
///
/// The rule: the rows are sorted by date (ties in table order) and cut into K + 1 blocks of equal counts of rows
/// (block boundaries at round(m·n/(K + 1)), m = 1…K), each boundary moved later until it falls between two
/// different dates, so one date is never split between training and test. Fold k = 1…K trains on blocks 0…k − 1
/// (every row before its cut) and tests on block k. The folds are not stratified and not shuffled; the seed
/// does not apply. This is the "evaluation on a rolling forecasting origin" of Tashman (2000, International
/// Journal of Forecasting 16:437–450, doi:10.1016/S0169-2070(00)00065-0), with blocks of rows.
public enum TimeOrderedFolds {
    /// The sort key of each of `rows` in `column`: a numeric column as it is (e.g. 202401 or a year); a text
    /// column as an ISO 8601 date, `YYYY-MM-DD` or `YYYY-MM` (a time after the day, `T…` or ` …`, is ignored),
    /// read as `credit split --date-column` reads it (`DataSplit.isoDate`).
    /// - Throws: `ExperimentError.invalidOption` naming the column and line when a row has no date or a value
    ///   that is not an ISO date, or when the column does not exist.
    public static func keys(table: Table, column: String, rows: [Int]) throws -> [Double] {
        guard let values = table[column] else { throw ExperimentError.invalidOption("the date column '\(column)' is not in \(table.source)") }
        switch values {
        case .numeric(let v):
            return try rows.map { r in
                guard v[r].isFinite else {
                    throw ExperimentError.invalidOption("line \(table.lineNumbers[r]), column '\(column)': no date; time-ordered folds need one on every row used (fill it, or leave the row out)")
                }
                return v[r]
            }
        case .categorical(let c):
            var parsed: [Int32: Double] = [:]
            return try rows.map { r in
                let code = c.codes[r]
                guard code >= 0 else {
                    throw ExperimentError.invalidOption("line \(table.lineNumbers[r]), column '\(column)': no date; time-ordered folds need one on every row used (fill it, or leave the row out)")
                }
                if let k = parsed[code] { return k }
                guard let k = isoDateKey(c.levels[Int(code)]) else {
                    throw ExperimentError.invalidOption("line \(table.lineNumbers[r]), column '\(column)': '\(c.levels[Int(code)])' is not a date; use ISO 8601 YYYY-MM-DD or YYYY-MM, or a number such as 202401")
                }
                parsed[code] = k
                return k
            }
        }
    }

    /// The day number of an ISO date (`DataSplit.isoDate`, the rule of `credit split --date-column`:
    /// `YYYY-MM-DD`, a time after `T` or a space ignored), or of the first day of a month `YYYY-MM`; nil when the
    /// text is neither (or not a real date).
    static func isoDateKey(_ text: String) -> Double? {
        if let day = DataSplit.isoDate(text) { return Double(day.dayNumber) }
        let t = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard t.utf8.count == 7, let first = CivilDate(t + "-01") else { return nil }
        return Double(first.dayNumber)
    }

    /// K rolling-origin folds over rows with these sort keys (indices into `keys`); the rule is the type's.
    /// - Throws: `ExperimentError.invalidOption` when the dates cannot be cut into K + 1 non-empty blocks.
    public static func rollingOrigin(keys: [Double], folds k: Int) throws -> [Fold] {
        let n = keys.count
        guard k >= 1 else { throw ExperimentError.invalidOption("time-ordered validation needs at least 1 fold") }
        let order = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var cuts = [0]
        for m in 1...k {
            var b = Int((Double(m) * Double(n) / Double(k + 1)).rounded())
            b = max(b, cuts.last! + 1)
            while b < n && b > 0 && keys[order[b]] == keys[order[b - 1]] { b += 1 }
            guard b < n else {
                let distinct = Set(keys).count
                throw ExperimentError.invalidOption("\(k) time-ordered folds need \(k + 1) blocks of rows with different dates; the \(n) rows have \(distinct) distinct date\(distinct == 1 ? "" : "s") and the blocks cannot be cut (use fewer folds)")
            }
            cuts.append(b)
        }
        cuts.append(n)
        return (0..<k).map { f in
            Fold(repetition: 0, fold: f, training: order[0..<cuts[f + 1]].sorted(), test: order[cuts[f + 1]..<cuts[f + 2]].sorted())
        }
    }
}
