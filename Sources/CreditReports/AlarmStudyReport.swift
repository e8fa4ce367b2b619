import CreditMonitoring

/// What `credit monitor-study` prints: per model, month size and shock size, the months monitored, how many were
/// RED and AMBER, and the RED rate with its Clopper–Pearson interval (the false-alarm rate for calm months, the
/// detection rate for shocked ones).
public struct AlarmStudyReport: Sendable, Codable {
    public var policy: String
    public var cells: [AlarmStudy.Cell]
    public var confidenceLevel: Double

    public init(policy: String, cells: [AlarmStudy.Cell], confidenceLevel: Double) {
        self.policy = policy; self.cells = cells; self.confidenceLevel = confidenceLevel
    }

    package func table() -> TextTable {
        let pct = NumberFormat.significant(100 * confidenceLevel)
        var t = TextTable(columns: [.init("model"), .init("rows", alignRight: true), .init("shock", alignRight: true),
                                    .init("months", alignRight: true), .init("red", alignRight: true), .init("amber", alignRight: true),
                                    .init("red rate", alignRight: true), .init("\(pct)% CI (Clopper–Pearson)", alignRight: true)])
        for c in cells {
            t.append([c.model.rawValue, NumberFormat.count(c.rows), c.shockSize == 0 ? "calm" : NumberFormat.significant(c.shockSize),
                      String(c.months), String(c.red), String(c.amber), NumberFormat.percent(c.redRate),
                      NumberFormat.percent(c.redRateLower) + "–" + NumberFormat.percent(c.redRateUpper)])
        }
        return t
    }

    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv:
            var t = TextTable(columns: ["model", "rows", "shock_size", "months", "red", "amber", "red_rate", "red_rate_lower", "red_rate_upper"].map { .init($0) })
            for c in cells {
                t.append([c.model.rawValue, String(c.rows), "\(c.shockSize)", String(c.months), String(c.red), String(c.amber),
                          "\(c.redRate)", "\(c.redRateLower)", "\(c.redRateUpper)"])
            }
            return t.renderCSV(csvSafe: csvSafe)
        case .markdown:
            return "Alarm study (\(policy) policy): share of months whose overall light is RED\n\n" + table().renderMarkdown()
        case .text:
            return "Alarm study (\(policy) policy): share of months whose overall light is RED\n\n" + table().renderText()
        }
    }
}
