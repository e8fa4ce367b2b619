import CreditPortfolio
/// What `credit vintage` prints: cumulative bad rates by cohort and month on book, and the roll-rate matrix.
public struct VintageReport: Sendable, Codable {
    public var source: String
    public var loans: Int
    public var asOf: String
    public var vintage: VintageAnalysis
    public var rollRates: RollRates
    /// Outcome counts of the derived target (bad, good, indeterminate), when one was derived.
    public var target: TargetSummary?

    public struct TargetSummary: Sendable, Codable {
        public var definition: TargetDefinition
        public var bad: Int
        public var good: Int
        public var indeterminate: Int
        public var file: String?

        public init(definition: TargetDefinition, bad: Int, good: Int, indeterminate: Int, file: String?) {
            self.definition = definition; self.bad = bad; self.good = good
            self.indeterminate = indeterminate; self.file = file
        }

        /// The counts of `outcomes` (as `TargetDefinition.outcomes(_:)` gives them), written to `file` if any.
        public init(definition: TargetDefinition, outcomes: [(id: String, outcome: TargetDefinition.Outcome)], file: String?) {
            var counts: [TargetDefinition.Outcome: Int] = [:]
            for (_, outcome) in outcomes { counts[outcome, default: 0] += 1 }
            self.init(definition: definition, bad: counts[.bad] ?? 0, good: counts[.good] ?? 0,
                      indeterminate: counts[.indeterminate] ?? 0, file: file)
        }
    }

    public init(source: String, loans: Int, asOf: String, vintage: VintageAnalysis, rollRates: RollRates, target: TargetSummary?) {
        self.source = source; self.loans = loans; self.asOf = asOf; self.vintage = vintage
        self.rollRates = rollRates; self.target = target
    }

    /// Cohorts down, months on book across (percent, one decimal; empty beyond the observation date).
    package func vintageTable() -> TextTable {
        var columns: [TextTable.Column] = [.init("cohort"), .init("loans", alignRight: true)]
        for m in 1...max(vintage.maxMonthOnBook, 1) { columns.append(.init("\(m)", alignRight: true)) }
        var t = TextTable(columns: columns)
        for c in vintage.cohorts {
            var row = [c.cohort, NumberFormat.count(c.loans)]
            row += (0..<max(vintage.maxMonthOnBook, 1)).map { m in
                m < c.cumulativeBadRate.count ? c.cumulativeBadRate[m].map { NumberFormat.fixed(100 * $0, 1) } ?? "" : ""
            }
            t.append(row)
        }
        return t
    }

    /// From-bucket down, to-bucket across: row percentages and the number of transitions.
    package func rollRateTable() -> TextTable {
        var t = TextTable(columns: [.init("from \\ to")] + rollRates.buckets.map { .init($0, alignRight: true) }
                          + [.init("transitions", alignRight: true)])
        for (i, name) in rollRates.buckets.enumerated() {
            t.append([name] + rollRates.rates[i].map { $0.map(NumberFormat.percent) ?? "" }
                     + [NumberFormat.count(rollRates.counts[i].reduce(0, +))])
        }
        return t
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: OutputFormat, csvSafe: Bool) -> String {
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv: return vintageTable().renderCSV(csvSafe: csvSafe) + "\n" + rollRateTable().renderCSV(csvSafe: csvSafe)
        case .text, .markdown:
            let md = format == .markdown
            var out = "\(source): \(NumberFormat.count(loans)) loans, observed to \(asOf)\n\n"
            out += "Cumulative bad rate (%) by cohort and month on book (bad = \(NumberFormat.significant(vintage.badDaysPastDue, 4))+ days past due):\n\n"
            out += md ? vintageTable().renderMarkdown() : vintageTable().renderText()
            out += "\nRoll rates between delinquency states, month to month (row = state this month):\n\n"
            out += md ? rollRateTable().renderMarkdown() : rollRateTable().renderText()
            if let t = target {
                out += "\nTarget: bad = \(NumberFormat.significant(t.definition.badDaysPastDue, 4))+ DPD within \(t.definition.horizon) months on book: "
                out += "bad \(NumberFormat.count(t.bad)), good \(NumberFormat.count(t.good)), indeterminate \(NumberFormat.count(t.indeterminate))"
                out += t.file.map { " (written to \($0))" } ?? ""
                out += "\n"
            }
            return out
        }
    }
}
