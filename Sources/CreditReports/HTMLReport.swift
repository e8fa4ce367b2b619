import CreditBinning
import Foundation
import CreditMetrics
import CreditMonitoring
import CreditPortfolio
import CreditScorecard
import CreditModelFile
import CreditRegression
/// A self-contained HTML validation report of a saved model on a sample with outcomes: inline SVG charts
/// and tables only (no script, no external resource), every chart drawn from the numbers the Metrics,
/// Monitoring and Portfolio modules compute.
public struct HTMLReport: Sendable {
    public var title: String
    public var modelPath: String
    public var dataSource: String
    public var model: CreditModel
    /// PDs and outcomes of the rows with both.
    public var outcomes: ScoredOutcomes
    public var evaluation: Evaluation
    /// Scorecard points of the same rows (scorecard models), for the score distribution.
    public var points: [Double]?
    public var rowsIn: Int
    public var rowsRejected: Int
    public var rowsMissingTarget: Int
    /// `credit monitor`'s comparison of a baseline sample (base) with the data (recent).
    public var stability: MonitorResult?
    public var baselineSource: String?
    public var vintage: VintageAnalysis?
    public var performanceSource: String?
    /// Pointwise bootstrap band of the ROC curve (nil: no band drawn, e.g. with the bootstrap off).
    public var rocBand: ROCBand?
    /// Approval, adverse impact, error rates, AUC and calibration by group (`credit report --group`).
    public var fairness: FairnessReport?
    /// Scorecards: KS and gains on the score in points, PD alongside (`PointsEvaluation`).
    public var pointsView: PointsEvaluation?
    /// The strategy table of `credit strategy` on the same data (`credit report --gain-good/--loss-bad`).
    public var strategy: StrategyReport?
    /// How the model's fit ended when it failed (not converged, quasi-separated, iteration limit): a warning
    /// paragraph under the summary table; nil for a sound fit.
    public var modelFit: FitStatus?

    public init(title: String, modelPath: String, dataSource: String, model: CreditModel, outcomes: ScoredOutcomes,
                evaluation: Evaluation, points: [Double]?, rowsIn: Int, rowsRejected: Int, rowsMissingTarget: Int) {
        self.title = title; self.modelPath = modelPath; self.dataSource = dataSource; self.model = model
        self.outcomes = outcomes; self.evaluation = evaluation; self.points = points
        self.rowsIn = rowsIn; self.rowsRejected = rowsRejected; self.rowsMissingTarget = rowsMissingTarget
    }

    /// ROC vertices beyond this many are thinned to evenly spaced ones (first and last kept) so the page stays small.
    package static let maximumCurvePoints = 2000

    static func thin(_ p: [CurvePoint]) -> [CurvePoint] {
        guard p.count > maximumCurvePoints else { return p }
        let step = Double(p.count - 1) / Double(maximumCurvePoints - 1)
        return (0..<maximumCurvePoints).map { p[Int((Double($0) * step).rounded())] }
    }

    static func pct(_ x: Double) -> String { NumberFormat.percent(x) }
    /// Fixed decimals without a sign on a value that rounds to zero ("-0.0000" → "0.0000").
    static func f(_ x: Double, _ d: Int = 3) -> String {
        let s = NumberFormat.fixed(x, d)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }

    // MARK: charts

    /// Every chart of the report, in page order.
    public func charts() -> [Chart] {
        var out = [rocChart(), ksChart(), distributionChart()]
        if let c = calibrationChart() { out.append(c) }
        out += [gainsChart(), liftChart()]
        if let card = model.scorecard {
            for (i, c) in card.characteristics.enumerated() { out += characteristicCharts(c, index: i) }
        }
        if let s = stability { out += Self.stabilityCharts(s) }
        if let v = vintage, let c = vintageChart(v) { out.append(c) }
        return out
    }

    package func rocChart() -> Chart { Self.rocChart(outcomes, auc: evaluation.auc, band: rocBand) }

    /// The ROC curve of `outcomes` (Metrics' `rocCurve`, thinned past `maximumCurvePoints`) with the AUC and its DeLong CI,
    /// and, when given, the pointwise bootstrap band of the TPR (Metrics' `ROCBand`) shaded under it.
    package static func rocChart(_ outcomes: ScoredOutcomes, auc: AreaUnderCurve, band: ROCBand? = nil) -> Chart {
        let roc = rocCurve(outcomes)
        let level = Int((auc.confidenceLevel * 100).rounded())
        let ciText = "\(level)% CI \(Self.f(auc.confidenceInterval.lower))–\(Self.f(auc.confidenceInterval.upper))"
        var description = "ROC curve of \(outcomes.count) rows (\(outcomes.bads) bads): AUC \(Self.f(auc.value)), DeLong \(ciText); Gini \(Self.f(auc.gini)). \(roc.count) vertices\(roc.count > Self.maximumCurvePoints ? ", \(Self.maximumCurvePoints) drawn" : "")."
        if let band { description += " Shaded: " + bandText(band) + "." }
        var c = Chart(id: "chart-roc", title: "ROC curve", description: description,
                      xLabel: "False-positive rate: goods classed bad (%)", yLabel: "True-positive rate: bads classed bad (%)")
        c.xRange = 0...1; c.yRange = 0...1; c.xPercent = true; c.yPercent = true
        c.layers = [
            .line(name: "chance (AUC 0.5)", points: [ChartPoint(0, 0), ChartPoint(1, 1)], colour: "#888888", dash: "5 4", width: 1.2),
            .line(name: "ROC: AUC \(Self.f(auc.value)) (DeLong \(ciText))", points: Self.thin(roc).map { ChartPoint($0.x, $0.y) }, colour: Palette.blue),
        ]
        if let band {
            // Drawn under the lines whatever its place in the list; listed last so the legend reads curve, then band.
            let x = band.falsePositiveRates
            c.layers.append(.band(name: "pointwise \(Int((band.confidenceLevel * 100).rounded()))% band of the TPR (bootstrap)",
                                  lower: zip(x, band.lower).map { ChartPoint($0.0, $0.1) }, upper: zip(x, band.upper).map { ChartPoint($0.0, $0.1) },
                                  colour: Palette.blue))
        }
        return c
    }

    /// What the ROC band is, in words (chart description and figure caption).
    static func bandText(_ band: ROCBand) -> String {
        let level = Int((band.confidenceLevel * 100).rounded())
        let step = NumberFormat.significant(100 / Double(band.falsePositiveRates.count - 1), 3)
        return "pointwise \(level)% confidence band of the true-positive rate at each false-positive rate 0%, \(step)%, …, 100% (\(band.falsePositiveRates.count) points, joined by straight lines): percentile intervals from \(band.replicates) stratified bootstrap replicates (bads and goods resampled separately, seed \(band.seed)); on a vertical step of a curve the top of the step is read, between vertices the curve is interpolated linearly. Each point's interval is for the TPR at that FPR alone (\(level)% there); it is not a simultaneous \(level)% band for the whole curve"
    }

    package func ksChart() -> Chart {
        let ks = evaluation.kolmogorovSmirnov
        let roc = rocCurve(outcomes).dropFirst()  // the (0, 0) start has threshold +∞
        let pts = Self.thin(Array(roc))
        var c = Chart(id: "chart-ks", title: "Kolmogorov–Smirnov",
                      description: "Share of bads and of goods with PD at or above each cut-off. KS \(Self.f(ks.statistic)) at PD cut-off \(Self.f(ks.threshold, 4)): \(Self.pct(ks.truePositiveRate)) of bads and \(Self.pct(ks.falsePositiveRate)) of goods at or above it.",
                      xLabel: "PD cut-off (%)", yLabel: "Share with PD ≥ cut-off (%)")
        c.yRange = 0...1; c.xPercent = true; c.yPercent = true
        c.layers = [
            .line(name: "bads", points: pts.map { ChartPoint($0.threshold, $0.y) }, colour: Palette.bad),
            .line(name: "goods", points: pts.map { ChartPoint($0.threshold, $0.x) }, colour: Palette.good, dash: "6 3"),
            .marker(x: ks.threshold, y1: ks.falsePositiveRate, y2: ks.truePositiveRate,
                    label: "KS \(Self.f(ks.statistic)) at PD \(Self.pct(ks.threshold))", colour: Palette.black),
        ]
        return c
    }

    /// Equal-width histogram of goods and bads, each as a share of its class.
    package func distributionChart() -> Chart {
        let values = points ?? outcomes.scores
        let isScore = points != nil
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let scale = NiceScale(minimum: lo, maximum: hi, count: 11)
        let bins = max(1, Int(((scale.upper - scale.lower) / scale.step).rounded())) * 2
        let width = (scale.upper - scale.lower) / Double(bins)
        var good = [Double](repeating: 0, count: bins), bad = good
        for (v, b) in zip(values, outcomes.isBad) {
            let k = min(bins - 1, max(0, Int((v - scale.lower) / width)))
            if b { bad[k] += 1 } else { good[k] += 1 }
        }
        let g = Double(outcomes.goods), bd = Double(outcomes.bads)
        let edges = (0...bins).map { scale.lower + Double($0) * width }
        func mean(_ bad: Bool) -> Double {
            let v = zip(values, outcomes.isBad).filter { $0.1 == bad }.map(\.0)
            return v.reduce(0, +) / Double(max(v.count, 1))
        }
        let what = isScore ? "score (points)" : "PD"
        var c = Chart(id: "chart-distribution", title: isScore ? "Score distribution" : "PD distribution",
                      description: "Histogram of the \(what) of \(outcomes.goods) goods and \(outcomes.bads) bads, \(bins) bins of width \(NumberFormat.significant(isScore ? width : width * 100))\(isScore ? " points" : " percentage points"); mean \(what) of goods \(isScore ? Self.f(mean(false), 1) : Self.pct(mean(false))), of bads \(isScore ? Self.f(mean(true), 1) : Self.pct(mean(true))).",
                      xLabel: isScore ? "Score (points; higher = safer)" : "PD (%)", yLabel: "Share of class (%)")
        c.xRange = scale.lower...scale.upper; c.xPercent = !isScore; c.yPercent = true
        c.layers = [
            .histogram(name: "goods (n = \(outcomes.goods))", edges: edges, heights: good.map { $0 / g }, colour: Palette.good),
            .histogram(name: "bads (n = \(outcomes.bads))", edges: edges, heights: bad.map { $0 / bd }, colour: Palette.bad),
        ]
        return c
    }

    package func calibrationChart() -> Chart? {
        guard let cal = evaluation.calibration, !cal.reliability.isEmpty else { return nil }
        let rows = cal.reliability
        let top = max(rows.map(\.meanPredicted).max() ?? 0, rows.map(\.observedRate).max() ?? 0)
        let s = NiceScale(minimum: 0, maximum: top)
        var c = Chart(id: "chart-calibration", title: "Calibration (reliability)",
                      description: "Mean PD against observed bad rate in \(cal.bins) equal-width PD bins (\(rows.count) not empty); labels are rows per bin. Brier \(Self.f(cal.brier.value, 4)), ECE \(Self.f(cal.expectedCalibrationError, 4))\(cal.hosmerLemeshow.map { ", Hosmer–Lemeshow p \(NumberFormat.pValue($0.pValue))" } ?? "").",
                      xLabel: "Mean predicted PD in bin (%)", yLabel: "Observed bad rate (%)")
        c.xRange = 0...s.upper; c.yRange = 0...s.upper; c.xPercent = true; c.yPercent = true
        let pts = rows.map { ChartPoint($0.meanPredicted, $0.observedRate) }
        c.layers = [
            .line(name: "perfect calibration", points: [ChartPoint(0, 0), ChartPoint(s.upper, s.upper)], colour: "#888888", dash: "5 4", width: 1.2),
            .line(name: nil, points: pts, colour: Palette.vermillion, width: 1.5),
            .points(name: "bins (label: rows)", points: pts, labels: rows.map { "n=\($0.rows)" }, colour: Palette.vermillion),
        ]
        return c
    }

    var cumulativeRowShares: [Double] {
        var n = 0
        return evaluation.gains.map { n += $0.rows; return Double(n) / Double(evaluation.rows) }
    }

    package func gainsChart() -> Chart {
        let gains = evaluation.gains
        let shares = cumulativeRowShares
        let first = gains.first
        var c = Chart(id: "chart-gains", title: "Cumulative gains",
                      description: "Share of all bads captured in the riskiest share of rows, \(gains.count) bands by PD. Riskiest \(Self.pct(shares.first ?? 0)) of rows hold \(Self.pct(first?.cumulativeCapture ?? 0)) of bads; half of the rows hold \(Self.pct(gains.first { $0.band * 2 >= gains.count }?.cumulativeCapture ?? 0)).",
                      xLabel: "Share of rows, riskiest first (%)", yLabel: "Share of bads captured (%)")
        c.xRange = 0...1; c.yRange = 0...1; c.xPercent = true; c.yPercent = true
        let pts = [ChartPoint(0, 0)] + zip(shares, gains).map { ChartPoint($0.0, $0.1.cumulativeCapture) }
        c.layers = [
            .line(name: "random", points: [ChartPoint(0, 0), ChartPoint(1, 1)], colour: "#888888", dash: "5 4", width: 1.2),
            .line(name: "model", points: pts, colour: Palette.blue),
            .points(name: nil, points: Array(pts.dropFirst()), labels: [], colour: Palette.blue),
        ]
        return c
    }

    package func liftChart() -> Chart {
        let gains = evaluation.gains
        let labels = gains.map { String($0.band) }
        var c = Chart(id: "chart-lift", title: "Lift by band",
                      description: "Bad rate of each PD band (1 = riskiest) over the overall bad rate. Band 1 lift \(Self.f(gains.first?.lift ?? 0, 2)), cumulative lift of the top band \(Self.f(gains.first?.cumulativeLift ?? 0, 2)).",
                      xLabel: "Band, riskiest first (each ≈ \(Self.pct(1 / Double(max(gains.count, 1)))) of rows)", yLabel: "Lift (× overall bad rate)")
        c.xAxis = .categories(labels)
        c.layers = [
            .bars(name: "lift", values: gains.map(\.lift), labels: gains.map { "band \($0.band): lift \(Self.f($0.lift, 2))" }, colour: Palette.blue, group: 0, groups: 2),
            .bars(name: "cumulative lift", values: gains.map(\.cumulativeLift), labels: gains.map { "bands 1–\($0.band): \(Self.f($0.cumulativeLift, 2))" }, colour: Palette.orange, group: 1, groups: 2),
            .reference(y: 1, label: "no lift", colour: "#555555"),
        ]
        return c
    }

    /// The WoE and bad-rate bars of one scorecard characteristic (the model's training bins).
    package func characteristicCharts(_ c: ScorecardCharacteristic, index: Int) -> [Chart] {
        let bins = c.table.bins
        let labels = bins.map(\.label)
        var woe = Chart(id: "chart-woe-\(index + 1)", title: "WoE: \(c.name)",
                        description: "Weight of evidence of the \(bins.count) training bins of \(c.name) (WoE = \(WeightOfEvidence.convention), positive = riskier); IV \(Self.f(c.table.informationValue, 3)). " + bins.map { "\($0.label): \(Self.f($0.woe, 3))" }.joined(separator: "; ") + ".",
                        xLabel: "Bin of \(c.name)", yLabel: "Weight of evidence")
        woe.xAxis = .categories(labels)
        woe.layers = [.bars(name: nil, values: bins.map(\.woe), labels: bins.map { "\($0.label): WoE \(Self.f($0.woe, 3)), \($0.count) rows" }, colour: Palette.green)]
        var rate = Chart(id: "chart-badrate-\(index + 1)", title: "Bad rate: \(c.name)",
                         description: "Training bad rate per bin of \(c.name): " + bins.map { "\($0.label): \($0.badRate.map(Self.pct) ?? "n/a") of \($0.count)" }.joined(separator: "; ") + ".",
                         xLabel: "Bin of \(c.name)", yLabel: "Bad rate in training (%)")
        rate.xAxis = .categories(labels)
        rate.yPercent = true
        let overall = Double(c.table.bads) / Double(max(c.table.rows, 1))
        rate.layers = [
            .bars(name: nil, values: bins.map { $0.badRate ?? .nan }, labels: bins.map { "\($0.label): \($0.badRate.map(Self.pct) ?? "n/a"), \($0.count) rows" }, colour: Palette.vermillion),
            .reference(y: overall, label: "overall \(Self.pct(overall))", colour: "#555555"),
        ]
        return [woe, rate]
    }

    package static func stabilityCharts(_ s: MonitorResult) -> [Chart] {
        let bands = s.score.index.bands
        var psi = Chart(id: "chart-psi", title: "Score stability (PSI \(Self.f(s.score.index.value, 3)))",
                        description: "Share of baseline and of this sample in \(bands.count) PD bands of the baseline (\(s.score.banding)); PSI \(Self.f(s.score.index.value, 4)), status \(s.score.status.rawValue).",
                        xLabel: "PD band of the baseline", yLabel: "Share of rows (%)")
        psi.xAxis = .categories(bands.map(\.label))
        psi.yPercent = true
        psi.layers = [
            .bars(name: "baseline (\(s.base.scored) rows)", values: bands.map(\.baseShare), labels: bands.map { "\($0.label): baseline \(Self.pct($0.baseShare))" }, colour: Palette.skyBlue, group: 0, groups: 2),
            .bars(name: "this sample (\(s.recent.scored) rows)", values: bands.map(\.recentShare), labels: bands.map { "\($0.label): sample \(Self.pct($0.recentShare))" }, colour: Palette.orange, group: 1, groups: 2),
        ]
        var out = [psi]
        if !s.characteristics.isEmpty {
            var csi = Chart(id: "chart-csi", title: "Characteristic stability (CSI)",
                            description: "CSI of each characteristic between the baseline and this sample: " + s.characteristics.map { "\($0.name) \(Self.f($0.index.value, 4))" }.joined(separator: "; ") + ".",
                            xLabel: "Characteristic", yLabel: "CSI")
            csi.xAxis = .categories(s.characteristics.map(\.name))
            let top = max(s.characteristics.map(\.index.value).max() ?? 0, s.thresholds.csiAmber * 1.2)
            csi.yRange = 0...NiceScale(minimum: 0, maximum: top).upper
            csi.layers = [
                .bars(name: nil, values: s.characteristics.map(\.index.value), labels: s.characteristics.map { "\($0.name): CSI \(Self.f($0.index.value, 4))" }, colour: Palette.purple),
                .reference(y: s.thresholds.csiAmber, label: "amber \(NumberFormat.significant(s.thresholds.csiAmber, 3))", colour: Palette.orange),
            ]
            if s.thresholds.csiRed <= csi.yRange!.upperBound {
                csi.layers.append(.reference(y: s.thresholds.csiRed, label: "red \(NumberFormat.significant(s.thresholds.csiRed, 3))", colour: Palette.vermillion))
            }
            out.append(csi)
        }
        return out
    }

    /// Cohorts drawn at most (evenly spaced, first and last kept); the table lists them all.
    package static let maximumVintageLines = 8

    package func vintageChart(_ v: VintageAnalysis) -> Chart? {
        let cohorts = v.cohorts.filter { $0.cumulativeBadRate.contains { $0 != nil } }
        guard !cohorts.isEmpty else { return nil }
        let shown: [VintageAnalysis.Cohort]
        if cohorts.count <= Self.maximumVintageLines { shown = cohorts } else {
            let step = Double(cohorts.count - 1) / Double(Self.maximumVintageLines - 1)
            shown = (0..<Self.maximumVintageLines).map { cohorts[Int((Double($0) * step).rounded())] }
        }
        var c = Chart(id: "chart-vintage", title: "Vintage curves",
                      description: "Cumulative bad rate (\(NumberFormat.significant(v.badDaysPastDue, 4))+ days past due) by month on book for \(shown.count) of \(cohorts.count) cohorts: " + shown.map { co in
                          let last = co.cumulativeBadRate.lastIndex { $0 != nil }!
                          return "\(co.cohort) \(Self.pct(co.cumulativeBadRate[last]!)) at month \(last + 1)"
                      }.joined(separator: "; ") + ".",
                      xLabel: "Month on book", yLabel: "Cumulative bad rate (%)")
        c.yPercent = true
        c.xRange = 1...Double(max(v.maxMonthOnBook, 2))
        c.layers = shown.enumerated().map { i, co in
            .line(name: co.cohort, points: co.cumulativeBadRate.enumerated().compactMap { m, r in r.map { ChartPoint(Double(m + 1), $0) } },
                  colour: Palette.cycle[i % Palette.cycle.count], dash: Palette.dashes[(i / 2) % Palette.dashes.count], width: 1.8)
        }
        return c
    }
}

