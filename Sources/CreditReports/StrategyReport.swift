import Foundation
import CreditDecision

/// What `credit strategy` prints: the strategy table of a model's score on a data set, the profit-maximising
/// and target cut-offs, and the swap set against an incumbent when one is given.
public struct StrategyReport: Sendable, Encodable {
    /// A cut-off found by a search, with what was asked (`value`: the target rate; nil for the profit maximum).
    public struct Choice: Sendable, Encodable {
        public var target: Double?
        /// nil when no cut-off meets the target.
        public var row: StrategyRow?
        public init(target: Double?, row: StrategyRow?) { self.target = target; self.row = row }
    }

    /// The swap set at one cut-off against an incumbent.
    public struct Swap: Sendable, Encodable {
        /// The new score's cut-off.
        public var cutoff: Double
        /// How it was chosen: "given" (--cutoff) or "profit-maximising".
        public var cutoffChosenBy: String
        /// The incumbent in words ("rule: income < 1000", "bureau_pd ≤ 0.06 (matched approvals)").
        public var incumbent: String
        /// Rows where the incumbent score was missing (declined by the incumbent); nil for a rule.
        public var incumbentMissing: Int?
        public var set: SwapSet
        public init(cutoff: Double, cutoffChosenBy: String, incumbent: String, incumbentMissing: Int?, set: SwapSet) {
            self.cutoff = cutoff; self.cutoffChosenBy = cutoffChosenBy; self.incumbent = incumbent
            self.incumbentMissing = incumbentMissing; self.set = set
        }
    }

    public var source: String
    public var model: String
    public var scale: ScoreScale
    /// The outcome column and bad value, nil when DATA has no target column.
    public var target: String?
    public var bad: String?
    public var rowsIn: Int
    public var rowsRejected: Int
    public var rowsScored: Int
    public var rowsMissingOutcome: Int
    public var bads: Int
    public var goods: Int
    /// Where the cut-offs came from: "given" or "bands N".
    public var cutoffsFrom: String
    public var economics: StrategyEconomics
    public var rows: [StrategyRow]
    public var profitMaximising: StrategyRow?
    public var targetApproval: Choice?
    public var targetBadRate: Choice?
    public var swap: Swap?

    public init(source: String, model: String, scale: ScoreScale, target: String?, bad: String?, rowsIn: Int,
                rowsRejected: Int, rowsMissingOutcome: Int, cutoffsFrom: String, table: StrategyTable,
                targetApproval: Choice?, targetBadRate: Choice?, swap: Swap?) {
        self.source = source; self.model = model; self.scale = scale; self.target = target; self.bad = bad
        self.rowsIn = rowsIn; self.rowsRejected = rowsRejected; self.rowsScored = table.count
        self.rowsMissingOutcome = rowsMissingOutcome; self.bads = table.bads; self.goods = table.withOutcome - table.bads
        self.cutoffsFrom = cutoffsFrom; self.economics = table.economics; self.rows = table.rows
        self.profitMaximising = table.profitMaximising?.row
        self.targetApproval = targetApproval; self.targetBadRate = targetBadRate; self.swap = swap
    }

    private var hasOutcomes: Bool { bads + goods > 0 }

    /// The report in `format`, safe to print and to open in a spreadsheet.
    public func render(_ format: MetricsFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    // MARK: Formatting

    /// A cut-off value: an integer as an integer, else Swift's shortest form (0.0969).
    package static func value(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
    /// A cut-off as the text and Markdown tables show it: `value`, or 6 significant digits when that is longer
    /// (a PD taken from the data, 0.0335047); JSON and CSV carry every digit.
    static func shown(_ x: Double) -> String {
        let full = value(x)
        return full.count <= 9 ? full : NumberFormat.significant(x, 6)
    }
    private func cut(_ x: Double) -> String {
        scale == .points ? "score ≥ \(Self.shown(x)) points" : "PD ≤ \(Self.shown(x))"
    }
    private static func rate(_ x: Double) -> String { x.isNaN ? "–" : NumberFormat.percent(x) }
    private static func odds(_ x: Double) -> String { x.isNaN ? "–" : x.isInfinite ? "∞" : NumberFormat.fixed(x, 2) }
    private static func money(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? NumberFormat.count(Int(x)) : NumberFormat.fixed(x, 2)
    }

    package func strategyTable(_ rows: [StrategyRow], latex: Bool) -> TextTable {
        let head = scale == .points ? "score ≥" : "PD ≤"
        var columns: [TextTable.Column] = [.init(head, alignRight: true), .init("approved", alignRight: true), .init("approval", alignRight: true)]
        if hasOutcomes {
            columns += [.init("bads", alignRight: true), .init("goods", alignRight: true), .init("bad rate approved", alignRight: true),
                        .init("bad rate declined", alignRight: true), .init("band rows", alignRight: true),
                        .init("band bad rate", alignRight: true), .init("band odds", alignRight: true),
                        .init("cum. odds", alignRight: true), .init("profit", alignRight: true)]
        }
        var t = TextTable(columns: columns)
        for r in rows {
            var cells = [Self.shown(r.cutoff), NumberFormat.count(r.approved), NumberFormat.percent(r.approvalRate)]
            if hasOutcomes {
                cells += [NumberFormat.count(r.badsApproved), NumberFormat.count(r.goodsApproved), Self.rate(r.approvedBadRate),
                          Self.rate(r.declinedBadRate), NumberFormat.count(r.bandCount), Self.rate(r.marginalBadRate),
                          Self.odds(r.marginalOdds), Self.odds(r.cumulativeOdds), Self.money(r.profit)]
            }
            t.append(latex ? cells.map(latexEscape) : cells)
        }
        return t
    }

    private func swapTable(_ s: SwapSet, latex: Bool) -> TextTable {
        var t = TextTable(columns: [.init("cell"), .init("rows", alignRight: true), .init("bads", alignRight: true),
                                    .init("goods", alignRight: true), .init("bad rate", alignRight: true)])
        for (name, c) in [("approved by both", s.bothApprove), ("swap-ins (new approves, incumbent declines)", s.swapIns),
                          ("swap-outs (new declines, incumbent approves)", s.swapOuts), ("declined by both", s.bothDecline)] {
            let cells = [name, NumberFormat.count(c.count), NumberFormat.count(c.bads), NumberFormat.count(c.goods), Self.rate(c.badRate)]
            t.append(latex ? cells.map(latexEscape) : cells)
        }
        return t
    }

    private func choiceLine(_ row: StrategyRow) -> String {
        var out = "\(cut(row.cutoff)): approves \(NumberFormat.count(row.approved)) (\(NumberFormat.percent(row.approvalRate)))"
        if hasOutcomes {
            out += ", bad rate \(Self.rate(row.approvedBadRate)), profit \(Self.money(row.profit))"
        }
        return out
    }

    private static func signed(_ n: Int) -> String { n > 0 ? "+" + NumberFormat.count(n) : NumberFormat.count(n) }

    private var profitFormula: String {
        "profit = \(Self.money(economics.gainPerGood))·goods approved − \(Self.money(economics.lossPerBad))·bads approved"
    }

    private func rendered(_ format: MetricsFormat, csvSafe: Bool) -> String {
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv: return csv(csvSafe: csvSafe)
        case .latex:
            var out = latexPreambleComment + latexTable(strategyTable(rows, latex: true),
                                 caption: "Strategy table of \(model) on \(source) (\(NumberFormat.count(rowsScored)) rows; approve when \(scale == .points ? "score ≥ cut-off" : "PD ≤ cut-off"); \(profitFormula))")
            if let swap {
                out += "\n" + latexTable(swapTable(swap.set, latex: true),
                                         caption: "Swap set at \(cut(swap.cutoff)) against \(swap.incumbent)")
            }
            return out
        case .text, .markdown:
            var out = "Strategy table of \(model) on \(source) (approve when \(scale == .points ? "score ≥ cut-off, in points" : "PD ≤ cut-off"))\n"
            out += "rows in \(NumberFormat.count(rowsIn)), scored \(NumberFormat.count(rowsScored))"
            if rowsRejected > 0 { out += ", rejected by the model \(NumberFormat.count(rowsRejected))" }
            if let target, let bad {
                out += "; outcome \(target) (bad = \(bad)): bad \(NumberFormat.count(bads)), good \(NumberFormat.count(goods))"
                if rowsMissingOutcome > 0 { out += ", missing \(NumberFormat.count(rowsMissingOutcome)) (counted in approvals only)" }
            } else {
                out += "; no outcome column: approvals only"
            }
            out += "\ncut-offs: \(cutoffsFrom == "given" ? "as given" : cutoffsFrom + " (equal shares of the scored rows)")"
            if hasOutcomes {
                out += "; \(profitFormula); band = rows between the cut-off and the next safer one"
            }
            out += "\n\n" + renderTable(strategyTable(rows, latex: false), format)
            if let best = profitMaximising {
                out += "\nprofit-maximising cut-off (over every distinct score): " + choiceLine(best) + "\n"
            }
            if let c = targetApproval {
                out += "target approval ≥ \(NumberFormat.percent(c.target ?? 0)) (the safest cut-off that meets it): "
                    + (c.row.map(choiceLine) ?? "no cut-off approves that many") + "\n"
            }
            if let c = targetBadRate {
                out += "target bad rate ≤ \(NumberFormat.percent(c.target ?? 0)) (the most lenient cut-off that meets it): "
                    + (c.row.map(choiceLine) ?? "no cut-off keeps the approved bad rate that low") + "\n"
            }
            if let swap {
                let s = swap.set
                out += "\nSwap set at \(cut(swap.cutoff)) (\(swap.cutoffChosenBy)) against the incumbent \(swap.incumbent)"
                if let m = swap.incumbentMissing, m > 0 { out += "; incumbent missing for \(NumberFormat.count(m)) rows (declined by it)" }
                out += "\n" + renderTable(swapTable(s, latex: false), format)
                out += "new approves \(NumberFormat.count(s.newApproved.count)), incumbent approves \(NumberFormat.count(s.incumbentApproved.count)): "
                out += "net change in approvals \(Self.signed(s.netApprovals))"
                if hasOutcomes {
                    out += ", in bads approved \(Self.signed(s.netBads)), in goods approved \(Self.signed(s.netGoods))"
                }
                out += "\n"
            }
            return out
        }
    }

    /// Long format, full precision: section, cut-off, metric, value (a rate as a fraction; infinite odds as inf;
    /// no value for an undefined rate).
    private func csv(csvSafe: Bool) -> String {
        var out = "section,cutoff,metric,value\n"
        func number(_ x: Double) -> String { x.isNaN ? "" : x.isInfinite ? (x > 0 ? "inf" : "-inf") : "\(x)" }
        func add(_ section: String, _ cutoff: Double?, _ metric: String, _ value: String) {
            out += [csvQuote(section, csvSafe: csvSafe), cutoff.map { "\($0)" } ?? "", metric, value].joined(separator: ",") + "\n"
        }
        func addRow(_ section: String, _ r: StrategyRow) {
            add(section, r.cutoff, "approved", String(r.approved))
            add(section, r.cutoff, "approval_rate", number(r.approvalRate))
            guard hasOutcomes else { return }
            for (name, v) in [("bads_approved", r.badsApproved), ("goods_approved", r.goodsApproved), ("bads_declined", r.badsDeclined),
                              ("goods_declined", r.goodsDeclined), ("band_rows", r.bandCount), ("band_bads", r.bandBads), ("band_goods", r.bandGoods)] {
                add(section, r.cutoff, name, String(v))
            }
            for (name, v) in [("approved_bad_rate", r.approvedBadRate), ("declined_bad_rate", r.declinedBadRate),
                              ("band_bad_rate", r.marginalBadRate), ("band_odds", r.marginalOdds), ("cumulative_odds", r.cumulativeOdds),
                              ("profit", r.profit)] {
                add(section, r.cutoff, name, number(v))
            }
        }
        for r in rows { addRow("table", r) }
        if let best = profitMaximising { addRow("profit maximum", best) }
        if let c = targetApproval, let r = c.row { addRow("target approval \(number(c.target ?? 0))", r) }
        if let c = targetBadRate, let r = c.row { addRow("target bad rate \(number(c.target ?? 0))", r) }
        if let swap {
            for (name, cell) in [("both_approve", swap.set.bothApprove), ("swap_ins", swap.set.swapIns),
                                 ("swap_outs", swap.set.swapOuts), ("both_decline", swap.set.bothDecline)] {
                add("swap set", swap.cutoff, "\(name)_rows", String(cell.count))
                add("swap set", swap.cutoff, "\(name)_bads", String(cell.bads))
                add("swap set", swap.cutoff, "\(name)_goods", String(cell.goods))
            }
            add("swap set", swap.cutoff, "net_approvals", String(swap.set.netApprovals))
            add("swap set", swap.cutoff, "net_bads", String(swap.set.netBads))
        }
        return out
    }
}
