import CreditTabular
/// What `credit describe` prints: one row per column.
public struct DescribeReport: Sendable, Codable {
    public var source: String
    public var rows: Int
    public var delimiter: String
    public var target: TargetSummary?
    public var columns: [ColumnProfile]

    public struct TargetSummary: Sendable, Codable {
        public var column: String
        public var bad: String
        public var bads: Int
        public var goods: Int
        public var missing: Int
        public var badRate: Double

        /// Counts bads, goods and missing targets from per-row flags (nil = missing target).
        public init(column: String, bad: String, isBad: [Bool?]) {
            var bads = 0, goods = 0
            for flag in isBad { if flag == true { bads += 1 } else if flag == false { goods += 1 } }
            self.column = column
            self.bad = bad
            self.bads = bads
            self.goods = goods
            self.missing = isBad.count - bads - goods
            self.badRate = bads + goods > 0 ? Double(bads) / Double(bads + goods) : .nan
        }

        /// From a streamed profile's counts (`CSVProfiler`).
        public init(_ counts: TargetCounts) {
            column = counts.column
            bad = counts.bad
            bads = counts.bads
            goods = counts.goods
            missing = counts.missing
            badRate = bads + goods > 0 ? Double(bads) / Double(bads + goods) : .nan
        }
    }

    public init(source: String, rows: Int, delimiter: String, target: TargetSummary?, columns: [ColumnProfile]) {
        self.source = source; self.rows = rows; self.delimiter = delimiter; self.target = target; self.columns = columns
    }

    package func table() -> TextTable {
        var cols: [TextTable.Column] = [
            .init("column"), .init("type"), .init("missing", alignRight: true), .init("distinct", alignRight: true),
            .init("mean", alignRight: true), .init("min", alignRight: true), .init("p25", alignRight: true),
            .init("median", alignRight: true), .init("p75", alignRight: true), .init("max", alignRight: true),
        ]
        if target != nil { cols.append(.init("bad rate if missing", alignRight: true)) }
        cols.append(.init("top levels"))
        var t = TextTable(columns: cols)
        func num(_ x: Double?) -> String { x.map { NumberFormat.significant($0, 6) } ?? "" }
        for c in columns {
            let distinct = (c.distinctIsLowerBound == true ? "≥ " : "") + NumberFormat.count(c.distinct)
            var row = [c.name, c.type.rawValue, NumberFormat.count(c.missing), distinct,
                       num(c.mean), num(c.minimum), num(c.quartile1), num(c.median), num(c.quartile3), num(c.maximum)]
            if target != nil { row.append(c.badRateWhenMissing.map(NumberFormat.percent) ?? "") }
            row.append(c.topLevels.map { "\(Self.shortened($0.level)) (\($0.count))" }.joined(separator: "; "))
            t.append(row)
        }
        return t
    }

    /// What a streamed profile estimated or could not count exactly (none under its budgets): one line per
    /// column concerned, shown below the text and Markdown tables.
    func notes() -> [String] {
        var lines: [String] = []
        for c in columns {
            let name = Self.shortened(c.name)
            if let bound = c.quantileRankError {
                lines.append("\(name): p25, median and p75 are estimated by a quantile sketch, each within "
                             + "\(NumberFormat.count(bound)) ranks of the exact quantile of \(NumberFormat.count(c.count)) numbers")
            }
            if c.distinctIsLowerBound == true {
                lines.append("\(name): distinct values counted up to \(NumberFormat.count(c.distinct))"
                             + (c.type == .categorical ? "; top levels are the most frequent of those" : ""))
            }
            if let n = c.levelsFromNumbers {
                lines.append("\(name): turned categorical after \(NumberFormat.count(n)) numbers in input that cannot be "
                             + "read twice; those count as levels in their shortest spelling (3, 2.5, 1e-05), not as written")
            }
        }
        return lines
    }

    /// A level as shown in the table: at most 40 characters (a 10 MB cell would otherwise fill the terminal).
    static func shortened(_ level: String) -> String {
        level.count <= 40 ? level : String(level.prefix(39)) + "…"
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: OutputFormat, csvSafe: Bool) -> String {
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv: return table().renderCSV(csvSafe: csvSafe)
        case .markdown, .text:
            var head = "\(source): \(NumberFormat.count(rows)) rows, \(columns.count) columns, delimiter '\(delimiter)'"
            if let t = target {
                head += "\ntarget \(t.column): bad (= \(t.bad)) \(NumberFormat.count(t.bads)), good \(NumberFormat.count(t.goods))"
                    + ", bad rate \(t.badRate.isNaN ? "-" : NumberFormat.percent(t.badRate))"
                    + (t.missing > 0 ? ", target missing in \(NumberFormat.count(t.missing)) rows" : "")
            }
            let notes = self.notes().joined(separator: "\n")
            return head + "\n\n" + (format == .markdown ? table().renderMarkdown() : table().renderText())
                + (notes.isEmpty ? "" : "\n" + notes + "\n")
        }
    }
}
