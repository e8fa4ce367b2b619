import Foundation

/// A CSV text (header line first) with some cells replaced, for tests that plant bad values in a real file.
public enum EditedCSV {
    /// `text` with each edit's `value` in its `column` on its 0-based data rows; everything else, the line ends
    /// included, as it was. Records are split on their unquoted commas (quoted fields may hold commas); a record
    /// is one line (no quoted line breaks).
    public static func edit(_ text: String, _ edits: [(column: String, value: String, rows: Set<Int>)]) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        for edit in edits {
            let j = header.firstIndex(of: edit.column)!
            for r in edit.rows {
                var fields: [String] = [], field = "", quoted = false
                for ch in lines[r + 1] {
                    if ch == "\"" { quoted.toggle() }
                    if ch == "," && !quoted { fields.append(field); field = "" } else { field.append(ch) }
                }
                fields.append(field)
                fields[j] = edit.value
                lines[r + 1] = fields.joined(separator: ",")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A dataset with whole-number frequency weights, and the same rows written out as often as they weigh: the
/// reference of every weighted estimator (a row of weight w counts as w rows).
public enum ReplicatedCSV {
    /// `datasets/NAME` with a column `w` = 1 + 7i mod 3 appended to data row i (0-based), and the file with row i
    /// written wᵢ times, both in a fresh temporary directory: (weighted, repeated) paths.
    public static func files(_ dataset: String) throws -> (weighted: String, repeated: String) {
        let text = try String(contentsOfFile: PackagePaths.path("datasets/\(dataset)"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        var weighted = header + ",w\n", repeated = header + "\n"
        for (i, line) in lines.enumerated() {
            let w = 1 + (i * 7) % 3
            weighted += line + ",\(w)\n"
            for _ in 0..<w { repeated += line + "\n" }
        }
        let dir = PackagePaths.temporaryDirectory()
        let a = dir.appendingPathComponent("weighted.csv"), b = dir.appendingPathComponent("repeated.csv")
        try weighted.write(to: a, atomically: true, encoding: .utf8)
        try repeated.write(to: b, atomically: true, encoding: .utf8)
        return (a.path, b.path)
    }
}
