import CreditBinning
import Foundation
import CreditMetrics
import CreditMonitoring
import CreditPortfolio
import CreditScorecard
import CreditModelFile
import CreditRegression
/// Page assembly of `HTMLReport`: sections of figures (inline SVG) and tables, one inline stylesheet.
extension HTMLReport {
    /// A real table: `<caption>`, column headers `<th scope="col">`, the first cell of each row `<th scope="row">`.
    static func table(_ caption: String, _ header: [String], _ rows: [[String]], id: String? = nil) -> Markup {
        let head = Markup.el("thead", [], [.el("tr", [], header.map { .el("th", [("scope", "col")], text: $0) })])
        let body = Markup.el("tbody", [], rows.map { row in
            .el("tr", [], row.enumerated().map { i, cell in
                i == 0 ? .el("th", [("scope", "row")], text: cell) : .el("td", [], text: cell)
            })
        })
        var attrs: [(String, String)] = []
        if let id { attrs.append(("id", id)) }
        return .el("div", [("class", "tw")], [.el("table", attrs, [.el("caption", text: caption), head, body])])
    }

    static func figure(_ chart: Chart, caption: String) -> Markup {
        .el("figure", [("id", "fig-\(chart.id)")], [chart.svg(), .el("figcaption", text: caption)])
    }

    static func section(_ id: String, _ heading: String, _ intro: String?, _ children: [Markup]) -> Markup {
        var c: [Markup] = [.el("h2", text: heading)]
        if let intro { c.append(.el("p", text: intro)) }
        return .el("section", [("id", id)], c + children)
    }

    static func grid(_ figures: [Markup]) -> Markup { .el("div", [("class", "charts")], figures) }

    func interval(_ name: String) -> String {
        guard let b = evaluation.bootstrap.first(where: { $0.metric == name })?.interval else { return "" }
        return "\(Self.f(b.lower, 4))–\(Self.f(b.upper, 4)) (bootstrap, \(b.replicates) replicates)"
    }

    func metricRows() -> [[String]] {
        let e = evaluation, a = e.auc
        var rows: [[String]] = [
            ["AUC", Self.f(a.value, 4), "\(Self.f(a.confidenceInterval.lower, 4))–\(Self.f(a.confidenceInterval.upper, 4)) (DeLong, SE \(Self.f(a.standardError, 4)))"],
            ["Gini = 2·AUC − 1", Self.f(a.gini, 4), "\(Self.f(a.giniConfidenceInterval.lower, 4))–\(Self.f(a.giniConfidenceInterval.upper, 4)) (DeLong)"],
            ["KS", Self.f(e.kolmogorovSmirnov.statistic, 4), interval("ks")],
            ["KS cut-off (PD)", Self.f(e.kolmogorovSmirnov.threshold, 4), ""],
            ["Partial AUC, FPR ≤ \(NumberFormat.significant(e.partialAUCMaximumFalsePositiveRate, 3)) (McClish)", Self.f(e.partialAUC, 4), ""],
        ]
        if let pg = e.partialGini { rows.append(["Partial Gini, PD ≤ \(NumberFormat.significant(e.partialGiniMaximumProbability, 3))", Self.f(pg, 4), ""]) }
        rows += [
            ["H-measure, \(e.hMeasure.priorLabel)", Self.f(e.hMeasure.value, 4), interval("h_measure")],
            ["H-measure, \(e.hMeasureBeta22.priorLabel)", Self.f(e.hMeasureBeta22.value, 4), ""],
            ["EMP (credit scoring)", Self.f(e.expectedMaximumProfit.value, 4), interval("emp")],
        ]
        if let c = e.calibration {
            rows += [
                ["Brier score", Self.f(c.brier.value, 4), interval("brier")],
                ["Brier skill score", Self.f(c.brier.skillScore, 4), ""],
                ["Log loss", Self.f(c.logLoss, 4), ""],
                ["ECE (\(c.bins) bins)", Self.f(c.expectedCalibrationError, 4), ""],
                ["Spiegelhalter z", Self.f(c.spiegelhalter.z, 3), "p = \(NumberFormat.pValue(c.spiegelhalter.pValue))"],
            ]
            if let hl = c.hosmerLemeshow {
                rows.append(["Hosmer–Lemeshow χ² (\(hl.groups) groups, df \(hl.degreesOfFreedom))", Self.f(hl.statistic, 3), "p = \(NumberFormat.pValue(hl.pValue))"])
            }
            if let r = c.regression {
                rows += [
                    ["Calibration intercept", Self.f(r.intercept, 4), "SE \(Self.f(r.interceptStandardError, 4))"],
                    ["Calibration slope", Self.f(r.slope, 4), "SE \(Self.f(r.slopeStandardError, 4))"],
                    ["Calibration-in-the-large", Self.f(r.interceptInTheLarge, 4), "SE \(Self.f(r.interceptInTheLargeStandardError, 4))"],
                ]
            }
        }
        if let m = e.confusion {
            rows += [
                m.unit == "points"
                    ? ["Cut-off (class bad when score <, points)", NumberFormat.significant(m.cutoff, 10), "TP \(m.truePositives), FP \(m.falsePositives), TN \(m.trueNegatives), FN \(m.falseNegatives)"]
                    : ["Cut-off (class bad when PD >)", Self.f(m.cutoff, 4), "TP \(m.truePositives), FP \(m.falsePositives), TN \(m.trueNegatives), FN \(m.falseNegatives)"],
                ["Precision / recall / F1", "\(Self.f(m.precision, 3)) / \(Self.f(m.recall, 3)) / \(Self.f(m.f1, 3))", ""],
                ["Expected cost per row", Self.f(m.expectedCost, 4), "costs: bad as good \(NumberFormat.significant(m.costs.badClassedGood, 3)), good as bad \(NumberFormat.significant(m.costs.goodClassedBad, 3))"],
            ]
        }
        return rows
    }

    /// The whole page.
    public func html() -> String {
        let charts = Dictionary(charts().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let e = evaluation
        var sections: [Markup] = []

        let t = model.training
        sections.append(Self.table("Data and model", ["Item", "Value"], [
            ["Data", dataSource],
            ["Rows read", NumberFormat.count(rowsIn)],
            ["Rows rejected by the model", NumberFormat.count(rowsRejected)],
            ["Rows with missing target", NumberFormat.count(rowsMissingTarget)],
            ["Rows evaluated (bads / goods)", "\(NumberFormat.count(e.rows)) (\(NumberFormat.count(e.bads)) / \(NumberFormat.count(e.goods)))"],
            ["Target", "\(model.target.column) = \(model.target.bad) is bad"],
            ["Model", "\(modelPath) (\(model.scorecard == nil ? "logistic regression" : "scorecard"))"],
            ["Trained on", "\(t.inputFile), \(NumberFormat.count(t.rowsUsed)) rows, \(NumberFormat.count(t.bads)) bads, \(t.date)"],
            ["Training data SHA-256", t.inputSHA256],
        ], id: "table-summary"))
        if let m = modelFit?.message {
            sections.append(.el("p", [("class", "warning")], text: "Warning: the model \(modelPath) \(m)."))
        }

        sections.append(Self.section("discrimination", "Discrimination", nil, [
            Self.grid([
                Self.figure(charts["chart-roc"]!, caption: "ROC curve with the chance diagonal. " + (rocBand.map { "Shaded: the " + Self.bandText($0) + ". " } ?? "No band: the bootstrap is off. ") + "The legend gives the DeLong \(Int((e.auc.confidenceLevel * 100).rounded()))% confidence interval of the AUC (of the area, not of the curve)."),
                Self.figure(charts["chart-ks"]!, caption: "Cumulative share of bads and of goods at or above each PD cut-off; the dashed segment marks the maximum distance, KS."),
                Self.figure(charts["chart-distribution"]!, caption: points == nil ? "PD of goods and bads, each as a share of its class." : "Scorecard points of goods and bads, each as a share of its class."),
            ]),
            Self.table("Metrics (as credit validate computes them)", ["Metric", "Value", "Interval / detail"], metricRows(), id: "table-metrics"),
        ]))

        if let cal = e.calibration, let chart = charts["chart-calibration"] {
            sections.append(Self.section("calibration", "Calibration", nil, [
                Self.grid([Self.figure(chart, caption: "Mean PD against the observed bad rate per equal-width PD bin; labels give the rows in each bin; the dashed diagonal is perfect calibration.")]),
                Self.table("Reliability table", ["PD bin", "Rows", "Bads", "Mean PD", "Observed bad rate"], cal.reliability.map {
                    ["(\(Self.f($0.lower, 2)), \(Self.f($0.upper, 2))]", String($0.rows), String($0.bads), Self.pct($0.meanPredicted), Self.pct($0.observedRate)]
                }, id: "table-reliability"),
            ]))
        }

        sections.append(Self.section("gains", "Gains and lift", nil, [
            Self.grid([
                Self.figure(charts["chart-gains"]!, caption: "Share of bads captured when the riskiest rows are declined first; dots mark band ends."),
                Self.figure(charts["chart-lift"]!, caption: "Bad rate of each band and of all bands up to it, over the overall bad rate."),
            ]),
            Self.table("Gains table", ["Band", "Rows", "Bads", "PD range", "Bad rate", "Cumulative capture", "Lift", "Cumulative lift"], e.gains.map {
                [String($0.band), String($0.rows), String($0.bads), "\(Self.f($0.minimumScore, 4))–\(Self.f($0.maximumScore, 4))", Self.pct($0.badRate),
                 Self.pct($0.cumulativeCapture), Self.f($0.lift, 2), Self.f($0.cumulativeLift, 2)]
            }, id: "table-gains"),
        ]))

        if let p = pointsSection() { sections.append(p) }
        if let st = strategySection() { sections.append(st) }

        let fit = model.fit
        let level = Int((fit.confidenceLevel * 100).rounded())
        var modelChildren: [Markup] = [Self.table("Coefficients (log-odds of bad)", ["Term", "Estimate", "Std. error", "z", "p", "\(level)% CI"],
            fit.termNames.indices.map { i in
                [fit.termNames[i], NumberFormat.estimate(fit.coefficients[i]), NumberFormat.estimate(fit.standardErrors[i]), Self.f(fit.zValues[i], 2),
                 NumberFormat.pValue(fit.pValues[i]), "\(NumberFormat.estimate(fit.confidenceIntervals[i].lower))–\(NumberFormat.estimate(fit.confidenceIntervals[i].upper))"]
            }, id: "table-coefficients")]
        if let card = model.scorecard {
            modelChildren.append(.el("p", text: "Scaling: \(NumberFormat.significant(card.scaling.pdo, 4)) points to double the odds, \(NumberFormat.significant(card.scaling.baseScore, 6)) points at odds \(NumberFormat.significant(card.scaling.baseOdds, 4)):1 (good:bad). WoE = \(WeightOfEvidence.convention); positive WoE is riskier. Charts and tables below are the model's training bins."))
            for (i, c) in card.characteristics.enumerated() {
                let figs = [charts["chart-woe-\(i + 1)"]!, charts["chart-badrate-\(i + 1)"]!].map {
                    Self.figure($0, caption: $0.id.hasPrefix("chart-woe") ? "Weight of evidence per bin of \(c.name) (IV \(Self.f(c.table.informationValue, 3)))." : "Training bad rate per bin of \(c.name); the dashed line is the overall bad rate.")
                }
                modelChildren.append(.el("h3", text: c.name))
                modelChildren.append(Self.grid(figs))
                modelChildren.append(Self.table("Binning of \(c.name)", ["Bin", "Rows", "Goods", "Bads", "Bad rate", "WoE", "IV", "Points"],
                    c.table.bins.enumerated().map { k, b in
                        [b.label, String(b.count), String(b.goods), String(b.bads), b.badRate.map(Self.pct) ?? "n/a", Self.f(b.woe, 4), Self.f(b.iv, 4),
                         k < c.points.count ? String(c.points[k]) : ""]
                    }))
            }
        }
        sections.append(Self.section("model", model.scorecard == nil ? "Model" : "Model and characteristics", nil, modelChildren))

        if let s = stability {
            var figs = [Self.figure(charts["chart-psi"]!, caption: "Share of the baseline (\(baselineSource ?? "baseline")) and of this sample in each PD band of the baseline.")]
            if let csi = charts["chart-csi"] { figs.append(Self.figure(csi, caption: "CSI per characteristic with the amber and red thresholds.")) }
            sections.append(Self.section("stability", "Stability against the baseline", "As credit monitor computes it: baseline \(baselineSource ?? ""), \(s.base.scored) rows scored; this sample \(s.recent.scored) rows scored. Score PSI \(Self.f(s.score.index.value, 4)) (\(s.score.status.rawValue)).", [
                Self.grid(figs),
                Self.table("Score PSI by band", ["Band", "Baseline rows", "Sample rows", "Baseline share", "Sample share", "Contribution"], s.score.index.bands.map {
                    [$0.label, String($0.baseCount), String($0.recentCount), Self.pct($0.baseShare), Self.pct($0.recentShare), Self.f($0.contribution, 5)]
                }, id: "table-psi"),
                Self.table("Characteristic stability", ["Characteristic", "CSI", "Status", "χ² p"], s.characteristics.map {
                    [$0.name, Self.f($0.index.value, 4), $0.status.rawValue, NumberFormat.pValue($0.chiSquared.pValue)]
                }, id: "table-csi"),
            ]))
        }

        if let v = vintage, let chart = charts["chart-vintage"] {
            let marks = Array(Set([6, 12, v.maxMonthOnBook].filter { $0 >= 1 && $0 <= v.maxMonthOnBook })).sorted()
            sections.append(Self.section("vintages", "Vintage curves", "From \(performanceSource ?? "the performance file"): loans bad at \(NumberFormat.significant(v.badDaysPastDue, 4))+ days past due, as credit vintage computes them.", [
                Self.grid([Self.figure(chart, caption: "Cumulative bad rate by month on book; at most \(Self.maximumVintageLines) cohorts are drawn (evenly spaced), the table lists all.")]),
                Self.table("Cumulative bad rate by cohort", ["Cohort", "Loans"] + marks.map { "Month \($0)" }, v.cohorts.map { co in
                    [co.cohort, String(co.loans)] + marks.map { m in (m - 1 < co.cumulativeBadRate.count ? co.cumulativeBadRate[m - 1] : nil).map(Self.pct) ?? "" }
                }, id: "table-vintage"),
            ]))
        }
        if let f = fairnessSection() { sections.append(f) }
        if !e.notes.isEmpty { sections.append(.el("ul", [("class", "notes")], e.notes.map { .el("li", text: $0) })) }

        let page = Markup.el("html", [("lang", "en")], [
            .el("head", [], [
                .el("meta", [("charset", "utf-8")]),
                .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
                .el("title", text: title),
                .el("style", [], [.styleSheet(Self.pageStyle), .styleSheet(Chart.svgStyle)]),
            ]),
            .el("body", [], [
                .el("main", [], [
                    .el("header", [], [
                        .el("h1", text: title),
                        .el("p", [("class", "sub")], text: "credit \(ToolVersion.current) report of \(modelPath) on \(dataSource). Higher PD = riskier. Self-contained: no scripts, no external resources."),
                    ]),
                ] + sections),
            ]),
        ])
        return "<!DOCTYPE html>\n" + page.rendered + "\n"
    }

    static let pageStyle: StaticString = """
    :root{color-scheme:light}\
    body{margin:0;background:#fafafa;color:#111;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:15px;line-height:1.45}\
    main{max-width:1100px;margin:0 auto;padding:16px 20px 48px;background:#fff}\
    h1{font-size:1.6em;margin:.4em 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd;padding-bottom:.2em}\
    h3{font-size:1.05em;margin:1.2em 0 .3em}.sub{color:#444;margin-top:0}\
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:16px 20px}\
    figure{margin:0;border:1px solid #e5e5e5;border-radius:4px;padding:6px;background:#fff}\
    figure svg{display:block;width:100%;height:auto}\
    figcaption{font-size:.85em;color:#333;padding:4px 4px 0}\
    .tw{overflow-x:auto;margin:12px 0}\
    table{border-collapse:collapse;font-size:.88em;min-width:50%}\
    caption{text-align:left;font-weight:600;padding:4px 0}\
    th,td{border-bottom:1px solid #e3e3e3;padding:3px 10px;text-align:left;vertical-align:top}\
    thead th{border-bottom:2px solid #999;background:#f3f3f3}\
    td{font-variant-numeric:tabular-nums}\
    .notes{color:#444;font-size:.9em}\
    @media print{main{max-width:none}figure{break-inside:avoid}}
    """
}
