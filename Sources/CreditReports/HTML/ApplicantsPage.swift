import Foundation
import CreditMonitoring
import CreditModelFile

/// The applicants-only page of `credit report`: what can be said of a sample without outcomes (new applicants,
/// a through-the-door sample). The distribution of the score (points for a scorecard) or the PD, the approval
/// columns of the strategy table (`StrategyReport` without outcomes), and, with a baseline, score PSI and CSI as
/// `credit monitor` computes them. No outcome metric (AUC, KS, calibration, bad rates) appears: there is none to
/// compute.
public struct ApplicantsReport: Sendable {
    public var title: String
    public var modelPath: String
    public var dataSource: String
    public var model: CreditModel
    /// The PD of each scored row.
    public var probabilities: [Double]
    /// Scorecards: the score (points) of each scored row.
    public var points: [Double]?
    public var rowsIn: Int
    public var rowsRejected: Int
    /// The approval columns per cut-off (`credit strategy` on data without outcomes).
    public var strategy: StrategyReport
    /// `credit monitor`'s comparison of the baseline (base) with this sample (recent).
    public var stability: MonitorResult?
    public var baselineSource: String?

    public init(title: String, modelPath: String, dataSource: String, model: CreditModel, probabilities: [Double], points: [Double]?,
                rowsIn: Int, rowsRejected: Int, strategy: StrategyReport) {
        self.title = title; self.modelPath = modelPath; self.dataSource = dataSource; self.model = model
        self.probabilities = probabilities; self.points = points; self.rowsIn = rowsIn; self.rowsRejected = rowsRejected
        self.strategy = strategy
    }

    /// Every chart of the page, in page order (for `--svg`).
    public func charts() -> [Chart] {
        [distributionChart()] + (stability.map(HTMLReport.stabilityCharts) ?? [])
    }

    /// Histogram of the score (scorecards) or the PD of the scored rows, as a share of them.
    package func distributionChart() -> Chart {
        let values = points ?? probabilities
        let isScore = points != nil
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let scale = NiceScale(minimum: lo, maximum: hi, count: 11)
        let bins = max(1, Int(((scale.upper - scale.lower) / scale.step).rounded())) * 2
        let width = (scale.upper - scale.lower) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, max(0, Int((v - scale.lower) / width)))] += 1 }
        let n = Double(max(values.count, 1))
        let mean = values.reduce(0, +) / n
        let what = isScore ? "score (points)" : "PD"
        var c = Chart(id: "chart-applicants-distribution", title: isScore ? "Score distribution of applicants" : "PD distribution of applicants",
                      description: "Histogram of the \(what) of \(values.count) scored applicants, \(bins) bins of width \(NumberFormat.significant(isScore ? width : width * 100))\(isScore ? " points" : " percentage points"); mean \(what) \(isScore ? HTMLReport.f(mean, 1) : HTMLReport.pct(mean)).",
                      xLabel: isScore ? "Score (points; higher = safer)" : "PD (%)", yLabel: "Share of applicants (%)")
        c.xRange = scale.lower...scale.upper; c.xPercent = !isScore; c.yPercent = true
        c.layers = [.histogram(name: "applicants (n = \(values.count))", edges: (0...bins).map { scale.lower + Double($0) * width },
                               heights: counts.map { $0 / n }, colour: Palette.blue)]
        return c
    }

    /// The whole page.
    public func html() -> String {
        let charts = Dictionary(charts().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var sections: [Markup] = []
        let t = model.training
        sections.append(HTMLReport.table("Data and model", ["Item", "Value"], [
            ["Data", dataSource + " (applicants only: no outcomes)"],
            ["Rows read", NumberFormat.count(rowsIn)],
            ["Rows rejected by the model", NumberFormat.count(rowsRejected)],
            ["Rows scored", NumberFormat.count(probabilities.count)],
            ["Model", "\(modelPath) (\(model.scorecard == nil ? "logistic regression" : "scorecard"))"],
            ["Trained on", "\(t.inputFile), \(NumberFormat.count(t.rowsUsed)) rows, \(NumberFormat.count(t.bads)) bads, \(t.date)"],
        ], id: "table-summary"))
        sections.append(HTMLReport.section("distribution", "Distribution", nil, [
            HTMLReport.grid([HTMLReport.figure(charts["chart-applicants-distribution"]!, caption: points == nil ? "PD of the scored applicants, as a share of them." : "Scorecard points of the scored applicants, as a share of them.")]),
        ]))
        sections.append(HTMLReport.strategyMarkup(strategy))
        if let s = stability {
            var figs = [HTMLReport.figure(charts["chart-psi"]!, caption: "Share of the baseline (\(baselineSource ?? "baseline")) and of this sample in each PD band of the baseline.")]
            if let csi = charts["chart-csi"] { figs.append(HTMLReport.figure(csi, caption: "CSI per characteristic with the amber and red thresholds.")) }
            sections.append(HTMLReport.section("stability", "Stability against the baseline", "As credit monitor computes it: baseline \(baselineSource ?? ""), \(s.base.scored) rows scored; this sample \(s.recent.scored) rows scored. Score PSI \(HTMLReport.f(s.score.index.value, 4)) (\(s.score.status.rawValue)).", [
                HTMLReport.grid(figs),
                HTMLReport.table("Score PSI by band", ["Band", "Baseline rows", "Sample rows", "Baseline share", "Sample share", "Contribution"], s.score.index.bands.map {
                    [$0.label, String($0.baseCount), String($0.recentCount), HTMLReport.pct($0.baseShare), HTMLReport.pct($0.recentShare), HTMLReport.f($0.contribution, 5)]
                }, id: "table-psi"),
                HTMLReport.table("Characteristic stability", ["Characteristic", "CSI", "Status", "χ² p"], s.characteristics.map {
                    [$0.name, HTMLReport.f($0.index.value, 4), $0.status.rawValue, NumberFormat.pValue($0.chiSquared.pValue)]
                }, id: "table-csi"),
            ]))
        }
        let page = Markup.el("html", [("lang", "en")], [
            .el("head", [], [
                .el("meta", [("charset", "utf-8")]),
                .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
                .el("title", text: title),
                .el("style", [], [.styleSheet(HTMLReport.pageStyle), .styleSheet(Chart.svgStyle)]),
            ]),
            .el("body", [], [
                .el("main", [("id", "applicants-only")], [
                    .el("header", [], [
                        .el("h1", text: title),
                        .el("p", [("class", "sub")], text: "credit \(ToolVersion.current) applicants-only report of \(modelPath) on \(dataSource): no outcomes, so no outcome metric. Self-contained: no scripts, no external resources."),
                    ]),
                ] + sections),
            ]),
        ])
        return "<!DOCTYPE html>\n" + page.rendered + "\n"
    }
}
