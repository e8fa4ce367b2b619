import CreditDecision
import CreditMetrics

/// What `credit fairness` prints (and the fairness section of `validate`/`report`): approval, adverse impact,
/// error rates, AUC and calibration-in-the-large by group at a cut-off (`GroupFairness`).
public struct FairnessReport: Sendable, Codable {
    public var source: String
    public var model: String
    /// The column the groups come from.
    public var groupColumn: String
    /// Band edges when the column is numeric.
    public var bands: [Double]?
    public var rowsIn: Int
    public var rowsRejectedByModel: Int
    /// Scored rows without an outcome (they count for approval only).
    public var rowsWithoutOutcome: Int
    public var fairness: GroupFairness
    /// How to choose another reference group, named in the text report's header when the reference was the
    /// largest group (the CLI gives its flag, "--reference"); not part of the JSON.
    public var referenceOptionLabel: String? = nil

    private enum CodingKeys: String, CodingKey {
        case source, model, groupColumn, bands, rowsIn, rowsRejectedByModel, rowsWithoutOutcome, fairness
    }

    public init(source: String, model: String, groupColumn: String, bands: [Double]?, rowsIn: Int, rowsRejectedByModel: Int,
                rowsWithoutOutcome: Int, fairness: GroupFairness) {
        self.source = source; self.model = model; self.groupColumn = groupColumn; self.bands = bands; self.rowsIn = rowsIn
        self.rowsRejectedByModel = rowsRejectedByModel; self.rowsWithoutOutcome = rowsWithoutOutcome; self.fairness = fairness
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: MetricsFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private var level: String { NumberFormat.significant(100 * fairness.confidenceLevel, 4) + "%" }

    private static func na(_ x: Double, _ f: (Double) -> String) -> String { x.isNaN ? "n/a" : f(x) }
    private static func rate(_ x: Double) -> String { na(x) { NumberFormat.fixed($0, 4) } }
    private static func interval(_ c: ConfidenceInterval?) -> String {
        guard let c, !c.lower.isNaN, !c.upper.isNaN else { return "n/a" }
        return NumberFormat.fixed(c.lower, 3) + "–" + NumberFormat.fixed(c.upper, 3)
    }

    /// What a line of the tables is: a group, the reference group, or every row together.
    private enum Kind { case group, reference, all }

    /// The groups in order, then every row together.
    private var lines: [(group: GroupFairness.Group, kind: Kind)] {
        fairness.groups.map { ($0, $0.group == fairness.reference ? Kind.reference : .group) } + [(fairness.all, .all)]
    }

    private func name(_ g: GroupFairness.Group, _ kind: Kind, latex: Bool) -> String {
        kind == .all ? "all rows" : g.group
    }

    /// `t` with every cell escaped for LaTeX when `latex`: "<" of a band's label as \textless{}, and a leading
    /// "[" (a band "[25, 40)") behind {}, so that the row break before it is not read as `\\[length]`.
    private static func escaped(_ t: TextTable, latex: Bool) -> TextTable {
        guard latex else { return t }
        var out = t
        out.rows = t.rows.map {
            $0.map {
                let e = latexEscape($0).replacingOccurrences(of: "<", with: "\\textless{}")
                return e.hasPrefix("[") ? "{}" + e : e
            }
        }
        return out
    }

    /// The approval table: rows, approved, rate, AIR with its interval, the four-fifths flag.
    package func approvalTable(latex: Bool = false) -> TextTable {
        var t = TextTable(columns: [.init(groupColumn), .init("rows", alignRight: true),
                                    .init("approved", alignRight: true), .init("approval rate", alignRight: true),
                                    .init("AIR", alignRight: true), .init("AIR \(level) CI (Katz)", alignRight: true),
                                    .init("four-fifths flag")])
        for (g, kind) in lines {
            var air = "", ci = "", flag = ""
            if kind == .reference { air = "1 (reference)" }
            if let a = g.adverseImpact {
                air = Self.na(a.value) { NumberFormat.fixed($0, 3) }
                ci = Self.interval(a.confidenceInterval) + (a.zeroCellCorrected && !a.value.isNaN ? " (½ added)" : "")
                flag = a.value.isNaN ? "n/a" : (a.belowFourFifths ? "AIR < 0.8" : "no")
            }
            t.append([name(g, kind, latex: latex), NumberFormat.count(g.rows), NumberFormat.count(g.approved),
                      Self.rate(g.approvalRate), air, ci, flag])
        }
        return Self.escaped(t, latex: latex)
    }

    /// The outcome table: bads and goods, bad rate among the approved, TPR, FPR, equal-opportunity difference,
    /// AUC with its DeLong interval.
    package func outcomeTable(latex: Bool = false) -> TextTable {
        var t = TextTable(columns: [.init(groupColumn), .init("with outcome", alignRight: true),
                                    .init("bads", alignRight: true), .init("bad rate approved", alignRight: true),
                                    .init("TPR", alignRight: true), .init("FPR", alignRight: true),
                                    .init("EOD", alignRight: true), .init("AUC", alignRight: true),
                                    .init("AUC \(level) CI (DeLong)", alignRight: true), .init("note")])
        for (g, kind) in lines {
            let eod = kind == .all ? "" : kind == .reference ? "0 (reference)"
                : Self.na(g.equalOpportunityDifference) { NumberFormat.fixed($0, 4) }
            t.append([name(g, kind, latex: latex), NumberFormat.count(g.rowsWithOutcome), NumberFormat.count(g.bads),
                      Self.rate(g.badRateApproved), Self.rate(g.truePositiveRate), Self.rate(g.falsePositiveRate),
                      eod, g.auc.map { NumberFormat.fixed($0.value, 4) } ?? "n/a",
                      Self.interval(g.auc?.confidenceInterval), g.aucNote ?? ""])
        }
        return Self.escaped(t, latex: latex)
    }

    /// Calibration-in-the-large: mean PD against the observed bad rate, with the z-test.
    package func calibrationTable(latex: Bool = false) -> TextTable {
        var t = TextTable(columns: [.init(groupColumn), .init("with outcome", alignRight: true),
                                    .init("mean PD", alignRight: true), .init("bad rate", alignRight: true),
                                    .init("expected bads", alignRight: true), .init("bads", alignRight: true),
                                    .init("z", alignRight: true), .init("p", alignRight: true)])
        for (g, kind) in lines {
            guard let c = g.calibration else {
                t.append([name(g, kind, latex: latex), "0", "n/a", "n/a", "n/a", "0", "n/a", "n/a"])
                continue
            }
            t.append([name(g, kind, latex: latex), NumberFormat.count(c.rows), NumberFormat.fixed(c.meanPD, 4),
                      NumberFormat.fixed(c.observedBadRate, 4), NumberFormat.fixed(c.expectedBads, 1),
                      NumberFormat.count(c.observedBads), Self.na(c.z) { NumberFormat.fixed(abs($0) < 0.005 ? 0 : $0, 2) }, NumberFormat.pValue(c.pValue)])
        }
        return Self.escaped(t, latex: latex)
    }

    /// One wide CSV row per group (and "all rows"), every number at full precision; empty where not applicable.
    private func csv(csvSafe: Bool) -> String {
        func full(_ x: Double?) -> String { x.map { $0.isNaN ? "NaN" : "\($0)" } ?? "" }
        var out = "group_column,group,reference,rows,approved,approval_rate,air,air_ci_lower,air_ci_upper,air_zero_cell_corrected,"
            + "air_below_four_fifths,rows_with_outcome,bads,goods,approved_bads,approved_goods,bad_rate_approved,tpr,fpr,"
            + "equal_opportunity_difference,auc,auc_se,auc_ci_lower,auc_ci_upper,auc_note,mean_pd,observed_bad_rate,"
            + "expected_bads,calibration_z,calibration_p\n"
        for (g, kind) in lines {
            let a = g.adverseImpact, c = g.calibration
            let cells: [String] = [
                csvQuote(groupColumn, csvSafe: csvSafe), csvQuote(kind == .all ? "(all rows)" : g.group, csvSafe: csvSafe),
                kind == .reference ? "true" : "false", "\(g.rows)", "\(g.approved)", full(g.approvalRate),
                full(kind == .reference ? 1 : a?.value), full(a?.confidenceInterval.lower), full(a?.confidenceInterval.upper),
                a.map { "\($0.zeroCellCorrected)" } ?? "", a.map { $0.value.isNaN ? "" : "\($0.belowFourFifths)" } ?? "",
                "\(g.rowsWithOutcome)", "\(g.bads)", "\(g.goods)", "\(g.approvedBads)", "\(g.approvedGoods)",
                full(g.badRateApproved), full(g.truePositiveRate), full(g.falsePositiveRate),
                kind == .all ? "" : full(g.equalOpportunityDifference),
                full(g.auc?.value), full(g.auc?.standardError), full(g.auc?.confidenceInterval.lower), full(g.auc?.confidenceInterval.upper),
                csvQuote(g.aucNote ?? "", csvSafe: csvSafe),
                full(c?.meanPD), full(c?.observedBadRate), full(c?.expectedBads), full(c?.z), full(c?.pValue),
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The header lines of the text and Markdown reports.
    private var header: String {
        let f = fairness
        var out = "Fairness of \(model) on \(source) by \(groupColumn)"
        if let bands { out += " (bands at \(bands.map(FairnessReport.edge).joined(separator: ", ")))" }
        out += "\nrows in \(NumberFormat.count(rowsIn)), scored \(NumberFormat.count(f.all.rows))"
        if rowsRejectedByModel > 0 { out += ", rejected by the model \(NumberFormat.count(rowsRejectedByModel))" }
        out += ", with an outcome \(NumberFormat.count(f.all.rowsWithOutcome))"
        if rowsWithoutOutcome > 0 { out += " (\(NumberFormat.count(rowsWithoutOutcome)) without: approval columns only)" }
        out += "\napprove when \(f.cutoff); reference group: \(f.reference)"
        if f.referenceIsLargest {
            out += " (the largest group" + (referenceOptionLabel.map { "; \($0) to choose another" } ?? "") + ")"
        }
        out += "\n"
        return out
    }

    package static func edge(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }

    /// The definitions printed under the tables.
    package static let definitions = """
        AIR: adverse impact ratio = approval rate / the reference group's, Katz log interval (Katz et al. 1978;
          ½ added to every cell of the 2×2 table when one is zero); AIR < 0.8: the four-fifths rule, 29 CFR 1607.4(D).
        TPR: share of goods approved; FPR: share of bads approved; EOD: equal-opportunity difference
          TPR − TPR(reference) (Hardt, Price & Srebro 2016). AUC of the PD within the group, DeLong interval
          (DeLong et al. 1988). Calibration-in-the-large: z = (bads − ΣPD)/√Σ PD(1 − PD), two-sided normal p
          (H0: every PD is right).
        """

    /// One line: the column (and bands), the cut-off rule and the reference group.
    package var sectionIntro: String {
        var out = "Groups of \(groupColumn)"
        if let bands { out += " (bands at \(bands.map(FairnessReport.edge).joined(separator: ", ")))" }
        out += ", as credit fairness computes them on the evaluated rows: approve when \(fairness.cutoff); reference group \(fairness.reference)"
        return out + (fairness.referenceIsLargest ? " (the largest group)." : ".")
    }

    /// The fairness section of another report (`credit validate --group`): a heading, the three tables and the
    /// definitions (text, Markdown), or the three booktabs tables (LaTeX); CSV and JSON go through
    /// `metricLines()` and the embedding report's encoding.
    package func section(_ format: MetricsFormat) -> String {
        switch format {
        case .latex: return latexTables()
        case .csv, .json: return ""
        case .text, .markdown:
            var out = "Fairness by \(groupColumn)"
            if let bands { out += " (bands at \(bands.map(FairnessReport.edge).joined(separator: ", ")))" }
            out += ": approve when \(fairness.cutoff); reference group: \(fairness.reference)"
            out += fairness.referenceIsLargest ? " (the largest group)\n\n" : "\n\n"
            out += "Approval at the cut-off:\n" + renderTable(approvalTable(), format)
            out += "\nOutcomes:\n" + renderTable(outcomeTable(), format)
            out += "\nCalibration-in-the-large:\n" + renderTable(calibrationTable(), format)
            return out + "\n" + Self.definitions + "\n"
        }
    }

    /// The section as lines of a long-format metric CSV (section "fairness"): per group, the approval rate, the
    /// AIR with its Katz interval, TPR, FPR, EOD, the AUC with its DeLong interval and the calibration z with its p.
    func metricLines() -> [MetricLine] {
        var out: [MetricLine] = []
        for (g, kind) in lines {
            let who = kind == .all ? "all rows" : "\(groupColumn) = \(g.group)"
            let note = "\(who): rows \(g.rows), approved \(g.approved) at \(fairness.cutoff)"
            out.append(MetricLine(section: "fairness", name: "approval rate \(who)", value: g.approvalRate, note: note))
            if let a = g.adverseImpact {
                out.append(MetricLine(section: "fairness", name: "adverse impact ratio \(who)", value: a.value, interval: a.confidenceInterval,
                                      note: "vs \(fairness.reference); Katz interval" + (a.zeroCellCorrected ? ", ½ added to every cell" : "")
                                        + (a.belowFourFifths ? "; below four fifths" : "")))
            }
            out.append(MetricLine(section: "fairness", name: "TPR \(who)", value: g.truePositiveRate, note: "goods approved / goods"))
            out.append(MetricLine(section: "fairness", name: "FPR \(who)", value: g.falsePositiveRate, note: "bads approved / bads"))
            if kind != .all {
                out.append(MetricLine(section: "fairness", name: "equal-opportunity difference \(who)", value: g.equalOpportunityDifference,
                                      note: "TPR - TPR(\(fairness.reference))"))
            }
            if let auc = g.auc {
                out.append(MetricLine(section: "fairness", name: "AUC \(who)", value: auc.value, interval: auc.confidenceInterval, note: "DeLong interval"))
            }
            if let c = g.calibration {
                out.append(MetricLine(section: "fairness", name: "calibration-in-the-large z \(who)", value: c.z, pValue: c.pValue,
                                      note: "mean PD \(c.meanPD), bad rate \(c.observedBadRate)"))
            }
        }
        return out
    }

    private func rendered(_ format: MetricsFormat, csvSafe: Bool) -> String {
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv: return csv(csvSafe: csvSafe)
        case .latex: return latexPreambleComment + latexTables()
        case .text, .markdown:
            var out = header + "\n"
            out += "Approval at the cut-off:\n" + renderTable(approvalTable(), format)
            out += "\nOutcomes (rows with an outcome):\n" + renderTable(outcomeTable(), format)
            out += "\nCalibration-in-the-large:\n" + renderTable(calibrationTable(), format)
            out += "\n" + Self.definitions + "\n"
            return out
        }
    }

    /// The three booktabs tables, without the preamble comment (`section(_:)` puts them into another report).
    private func latexTables() -> String {
        let what = "\(groupColumn) at \(fairness.cutoff), reference \(fairness.reference)"
        return latexTable(approvalTable(latex: true), caption: "Approval by \(what): adverse impact ratio with Katz \(level) interval")
            + "\n" + latexTable(outcomeTable(latex: true), caption: "Outcomes by \(what): TPR = goods approved, FPR = bads approved, EOD = TPR - TPR(reference); AUC with DeLong \(level) interval")
            + "\n" + latexTable(calibrationTable(latex: true), caption: "Calibration-in-the-large by \(groupColumn): z = (bads - sum PD)/sqrt(sum PD(1 - PD))")
    }
}
