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
