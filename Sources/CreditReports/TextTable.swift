import CreditTabular
/// How a command prints its results.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case text, json, csv, markdown
}

/// A table of strings that renders as aligned text, Markdown or CSV. Columns align by display width.
///
/// Text and Markdown show control characters visibly (`TerminalText.escaped(_:keepingLineBreaks:)`), so a name
/// or level from a file cannot drive the terminal; CSV neutralises cells a spreadsheet would run as formulas
/// unless told not to (`CSVWriter.isFormulaLike(_:)`).
package struct TextTable: Sendable, Equatable {
    package struct Column: Sendable, Equatable {
        package var title: String
        package var alignRight: Bool
        package init(_ title: String, alignRight: Bool = false) { self.title = title; self.alignRight = alignRight }
    }

    package var columns: [Column]
    package var rows: [[String]]

    package init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    package mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "row has \(row.count) cells, table has \(columns.count) columns")
        rows.append(row)
    }

    package func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        switch format {
        case .text, .json: return renderText()
        case .markdown: return renderMarkdown()
        case .csv: return renderCSV(csvSafe: csvSafe)
        }
    }

    /// The table with every title and cell escaped for a terminal.
    private var escaped: TextTable {
        var t = self
        for j in t.columns.indices { t.columns[j].title = TerminalText.escaped(t.columns[j].title) }
        t.rows = t.rows.map { $0.map { TerminalText.escaped($0) } }
        return t
    }

    /// Aligned columns separated by two spaces, a rule under the header; control characters escaped.
    package func renderText() -> String {
        let shown = escaped, columns = shown.columns, rows = shown.rows
        var widths = columns.map { displayWidth($0.title) }
        for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], displayWidth(cell)) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (j, cell) in cells.enumerated() {
                let last = j == cells.count - 1
                parts.append(last && !columns[j].alignRight ? cell : cell.padded(to: widths[j], alignRight: columns[j].alignRight))
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }   // no trailing blanks from empty last cells
            return text
        }
        var out = line(columns.map(\.title)) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// A Markdown table (`|` in cells escaped as `\|`); control characters escaped.
    package func renderMarkdown() -> String {
        let shown = escaped, columns = shown.columns, rows = shown.rows
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "| " + columns.map { escape($0.title) }.joined(separator: " | ") + " |\n"
        out += "|" + columns.map { $0.alignRight ? "---:|" : "---|" }.joined() + "\n"
        for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return out
    }

    /// CSV (RFC 4180 quoting); with `csvSafe` (the default), a title or cell that a spreadsheet would run as a
    /// formula is neutralised (`CSVWriter.neutralizedField(_:)`), numbers are never altered.
    package func renderCSV(csvSafe: Bool = true) -> String {
        func quote(_ s: String) -> String { CSVWriter.escapedField(s, csvSafe: csvSafe) }
        var out = columns.map { quote($0.title) }.joined(separator: ",") + "\n"
        for row in rows { out += row.map(quote).joined(separator: ",") + "\n" }
        return out
    }
}
