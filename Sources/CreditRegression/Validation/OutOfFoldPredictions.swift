/// The out-of-fold predictions CSV, one format for `credit train --cv-folds … --oof FILE` and
/// `credit compare --cv … --oof FILE`: one line per test row of every fold,
/// `row,line,repetition,fold,target,pd` — the 1-based data row, the line of the file it came from, the
/// repetition and fold numbered from 1, the target as 1 (bad) or 0, and the PD at full precision (shortest
/// round-trip decimal). Folds in order, rows ascending within a fold. `compare` puts its own leading columns
/// (dataset, configuration) before these.
public enum OutOfFoldPredictionsCSV {
    public static let header = "row,line,repetition,fold,target,pd"

    /// The lines (no header) of `predictions`, each after `prefix` (e.g. `"data.csv,lr,"`).
    /// - Parameters:
    ///   - row: the 1-based data row of a prediction's row index.
    ///   - line: the file line of a row index.
    ///   - isBad: the target of a row index.
    public static func lines(_ predictions: [FoldPredictions], prefix: String = "", row: (Int) -> Int, line: (Int) -> Int,
                             isBad: (Int) -> Bool) -> String {
        var text = ""
        for f in predictions {
            for (r, p) in zip(f.rows, f.predictions) {
                text += "\(prefix)\(row(r)),\(line(r)),\(f.repetition + 1),\(f.fold + 1),\(isBad(r) ? 1 : 0),\(p)\n"
            }
        }
        return text
    }
}
