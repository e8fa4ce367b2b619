import CreditBinning
import Foundation

/// What `credit bin` prints: one binning table per characteristic and the IV ranking.
public struct BinningReport: Sendable, Codable {
    public var source: String
    public var rowsInFile: Int
    public var result: BinningResult
    /// The spec file the bins were read from (`--bins`), or nil when they were searched.
    public var binsFrom: String?
    /// Characteristics whose bins were given by hand (`--cuts`, `--groups`).
    public var givenByHand: [String]
    /// The frequency-weight column (`--weight`), or nil (then omitted from the JSON).
    public var weightColumn: String?
    public init(source: String, rowsInFile: Int, result: BinningResult, binsFrom: String? = nil, givenByHand: [String] = [],
                weightColumn: String? = nil) {
        self.source = source; self.rowsInFile = rowsInFile; self.result = result
        self.binsFrom = binsFrom; self.givenByHand = givenByHand; self.weightColumn = weightColumn
    }

    /// Siddiqi's reading of IV (notebooks-docs/definitions.md, §Weight of evidence and information value).
    package static func strength(_ iv: Double) -> String {
        iv < 0.02 ? "unpredictive" : iv < 0.1 ? "weak" : iv < 0.3 ? "medium" : "strong"
    }

    package func summaryLines() -> [String] {
        let r = result, s = r.spec
        var lines = ["Binning of \(s.target) (bad = \(s.bad)) on \(source)"]
        let first = r.tables.first
        lines.append("rows \(NumberFormat.count(rowsInFile))" + (first.map { "  (bad \(NumberFormat.count($0.bads)), good \(NumberFormat.count($0.goods)))" } ?? "")
            + (r.rowsWithoutTarget > 0 ? "  rows without a target \(NumberFormat.count(r.rowsWithoutTarget)) (left out)" : ""))
        if let weightColumn, let t = first, let g = t.weightedGoods, let b = t.weightedBads {
            lines.append("frequency weights from column \(weightColumn): total weight \(NumberFormat.significant(g + b)) (bad \(NumberFormat.significant(b)), good \(NumberFormat.significant(g))); shares, bad rates, WoE, IV and the size constraints use the weights")
        }
        let o = s.options
        var rule: String
        switch o.zeroCountRule {
        case .zeroCellsOnly(let a): rule = "+\(NumberFormat.significant(a)) to both classes of a bin missing one"
        case .allCells(let a): rule = "+\(NumberFormat.significant(a)) to every cell (Laplace)"
        }
        lines.append("WoE = \(WeightOfEvidence.convention) (positive = riskier); zero counts: \(rule); small missing/special/other bins: \(Self.fallbackRule(o.smallBinFallback))")
        if let binsFrom {
            lines.append("bins from \(binsFrom) (fixed: no search; counts, WoE and IV from this data)")
        } else {
            lines.append("method \(o.method.rawValue), trend \(o.trend.rawValue), fine classes \(o.preBins), min bin share \(NumberFormat.percent(o.minBinShare)), min goods \(o.minGoods), min bads \(o.minBads)"
                + (o.maxBins.map { ", max bins \($0)" } ?? "") + (o.maxPValue.map { ", max p-value \(NumberFormat.significant($0))" } ?? ""))
            if !givenByHand.isEmpty { lines.append("bins given by hand (--cuts, --groups): " + givenByHand.joined(separator: ", ")) }
        }
        if let warning = Self.trendWarning(r.tables) { lines.append(warning) }
        return lines
    }

    /// "fallback" for a too-small bin that took the fallback WoE; under the tested fallback, the test's p too,
    /// and "own WoE" when the test kept the bin's own.
    package static func note(_ b: BinRow) -> String {
        guard let p = b.smallBinTest else { return b.fallback ? "fallback" : "" }
        return (b.fallback ? "fallback (small; bad rate vs the rest p " : "own WoE (small; bad rate vs the rest p ") + NumberFormat.pValue(p) + ")"
    }

    package static func fallbackRule(_ f: SmallBinFallback) -> String {
        switch f {
        case .neutral: return "WoE 0"
        case .riskiest: return "the riskiest regular bin's WoE"
        case .tested: return "own WoE if its bad rate differs from the rest's (exact binomial test, p < \(NumberFormat.significant(SmallBinFallback.testLevel))), else 0"
        }
    }

    /// With frequency weights two more columns, the bins' weighted goods and bads (the counts stay row counts);
    /// the share and bad rate are then weighted.
    package static func binTable(_ t: BinningTable) -> TextTable {
        let weighted = t.weightedGoods != nil
        var columns: [TextTable.Column] = [
            .init("bin"), .init("count", alignRight: true), .init("share", alignRight: true), .init("goods", alignRight: true),
            .init("bads", alignRight: true)]
        if weighted { columns += [.init("wt goods", alignRight: true), .init("wt bads", alignRight: true)] }
        columns += [.init("bad rate", alignRight: true), .init("WoE", alignRight: true), .init("IV", alignRight: true), .init("note")]
        var table = TextTable(columns: columns)
        for b in t.bins {
            var cells = [b.label, NumberFormat.count(b.count), NumberFormat.percent(b.share), NumberFormat.count(b.goods),
                         NumberFormat.count(b.bads)]
            if weighted { cells += [NumberFormat.fixed(b.weightedGoods ?? 0, 2), NumberFormat.fixed(b.weightedBads ?? 0, 2)] }
            table.append(cells + [b.badRate.map(NumberFormat.percent) ?? "-", NumberFormat.fixed(b.woe, 4),
                                  NumberFormat.fixed(b.iv, 4), note(b)])
        }
        var total = ["total", NumberFormat.count(t.rows), "100.0%", NumberFormat.count(t.goods), NumberFormat.count(t.bads)]
        var rate = t.rows > 0 ? NumberFormat.percent(Double(t.bads) / Double(t.rows)) : "-"
        if let g = t.weightedGoods, let b = t.weightedBads {
            total += [NumberFormat.fixed(g, 2), NumberFormat.fixed(b, 2)]
            rate = g + b > 0 ? NumberFormat.percent(b / (g + b)) : "-"
        }
        table.append(total + [rate, "", NumberFormat.fixed(t.informationValue, 4), ""])
        return table
    }

    /// One warning naming every characteristic whose regular bins' bad rates break their trend (an edited
    /// spec), or nil.
    package static func trendWarning(_ tables: [BinningTable]) -> String? {
        let broken = tables.filter { $0.breaksTrend == true }
        guard !broken.isEmpty else { return nil }
        return "warning: the bad rates break the declared trend in " + broken.map { "\($0.name) (\($0.trend!.rawValue))" }.joined(separator: ", ")
            + "; merge or move bins, or declare the trend the data show"
    }

    package static func title(_ t: BinningTable) -> String {
        "\(t.name)  (\(t.type.rawValue)\(t.trend.map { ", trend \($0.rawValue)" } ?? ""); IV \(NumberFormat.fixed(t.informationValue, 4)) \(strength(t.informationValue)); KS \(NumberFormat.fixed(t.ks, 4)); Gini \(NumberFormat.fixed(t.gini, 4)); missing \(NumberFormat.percent(t.missingRate)); identical \(NumberFormat.percent(t.identicalRate)))"
    }

    package func rankingTable() -> TextTable {
        var table = TextTable(columns: [
            .init("rank", alignRight: true), .init("characteristic"), .init("IV", alignRight: true), .init("strength"),
            .init("KS", alignRight: true), .init("Gini", alignRight: true), .init("missing", alignRight: true),
            .init("identical", alignRight: true), .init("bins", alignRight: true), .init("selected"),
        ])
        for (i, r) in result.ranking.enumerated() {
            table.append([String(i + 1), r.name, NumberFormat.fixed(r.informationValue, 4), Self.strength(r.informationValue),
                          NumberFormat.fixed(r.ks, 4), NumberFormat.fixed(r.gini, 4), NumberFormat.percent(r.missingRate),
                          NumberFormat.percent(r.identicalRate), String(r.bins), r.selected ? "yes" : "no: \(r.reason ?? "")"])
        }
        return table
    }

    /// Every bin of every characteristic at full precision, one row per bin (CSV).
    package func csvTable() -> TextTable {
        let weighted = result.tables.contains { $0.weightedGoods != nil }
        var table = TextTable(columns: (["characteristic", "bin", "kind", "count", "goods", "bads", "share", "bad_rate", "woe", "iv",
                                         "fallback", "characteristic_iv", "selected"]
                                        + (weighted ? ["weighted_goods", "weighted_bads"] : [])).map { TextTable.Column($0) })
        let selected = Set(result.selected)
        for t in result.tables {
            for b in t.bins {
                table.append([t.name, b.label, b.kind, String(b.count), String(b.goods), String(b.bads), "\(b.share)",
                              b.badRate.map { "\($0)" } ?? "", "\(b.woe)", "\(b.iv)", b.fallback ? "true" : "false",
                              "\(t.informationValue)", selected.contains(t.name) ? "true" : "false"]
                             + (weighted ? ["\(b.weightedGoods ?? 0)", "\(b.weightedBads ?? 0)"] : []))
            }
        }
        return table
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: OutputFormat, csvSafe: Bool) -> String {
        switch format {
        case .json:
            return JSONOutput.encode(self)
        case .csv:
            return csvTable().renderCSV(csvSafe: csvSafe)
        case .text:
            var out = summaryLines().joined(separator: "\n") + "\n"
            for t in result.tables { out += "\n" + Self.title(t) + "\n" + Self.binTable(t).renderText() }
            return out + "\nIV ranking\n" + rankingTable().renderText()
        case .markdown:
            var out = summaryLines().map { $0 + "  " }.joined(separator: "\n") + "\n"
            for t in result.tables { out += "\n### " + Self.title(t) + "\n\n" + Self.binTable(t).renderMarkdown() }
            return out + "\n### IV ranking\n\n" + rankingTable().renderMarkdown()
        }
    }
}
