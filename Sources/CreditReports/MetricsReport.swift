import Foundation
import CreditMetrics
import CreditModelFile
import CreditRegression
import CreditTabular
/// Output formats of `credit validate` and `credit compare`: the usual four plus a LaTeX table for papers.
public enum MetricsFormat: String, Sendable, CaseIterable, Codable {
    case text, json, csv, markdown, latex
}

/// One line of a metric table: the value, its intervals and p-value where they exist, and what it means.
struct MetricLine {
    var section: String
    var name: String
    var value: Double
    var interval: ConfidenceInterval? = nil
    var bootstrap: BootstrapInterval? = nil
    var pValue: Double? = nil
    var note: String = ""
}

/// What `credit validate` prints: every metric of one model's PDs on one data set, with intervals.
public struct ValidationReport: Sendable, Codable {
    public var source: String
    public var model: String
    public var target: String
    public var bad: String
    public var rowsIn: Int
    /// Rows left out: rejected by the model (missing or unseen values) or with a missing target.
    public var rowsRejectedByModel: Int
    public var rowsMissingTarget: Int
    public var evaluation: Evaluation
    /// Jeffreys and binomial tests per grade (when a grade column is given), and the column's name.
    public var gradeColumn: String?
    public var grades: [GradeTest]?
    /// Approval, adverse impact, error rates, AUC and calibration by group (`validate --group`), if asked for.
    public var fairness: FairnessReport? = nil
    /// Scorecards: KS and gains on the score in points (higher = safer), PD alongside; nil for other models.
    public var points: PointsEvaluation? = nil
    /// How the model's fit ended, when it failed (did not converge, quasi-separated, iteration limit): the text
    /// output's warning line and the JSON's `modelFit`; nil for a sound fit.
    public var modelFit: FitStatus? = nil
    /// The column evaluated as the score (`credit validate DATA --score COL`), nil for a model's PDs: rows
    /// without a value are "score missing" instead of "rejected by the model".
    public var scoreColumn: String? = nil
    /// The score column is higher = safer (points), negated before evaluation; not a PD, so no calibration.
    public var higherIsSafer: Bool? = nil

    public init(source: String, model: String, target: String, bad: String, rowsIn: Int, rowsRejectedByModel: Int,
                rowsMissingTarget: Int, evaluation: Evaluation, gradeColumn: String? = nil, grades: [GradeTest]? = nil) {
        self.source = source; self.model = model; self.target = target; self.bad = bad; self.rowsIn = rowsIn
        self.rowsRejectedByModel = rowsRejectedByModel; self.rowsMissingTarget = rowsMissingTarget; self.evaluation = evaluation
        self.gradeColumn = gradeColumn; self.grades = grades
    }

    func gradeTable(latex: Bool) -> TextTable? {
        guard let grades else { return nil }
        var t = TextTable(columns: [.init(gradeColumn ?? "grade"), .init("rows", alignRight: true), .init("defaults", alignRight: true),
                                    .init("mean PD", alignRight: true), .init("default rate", alignRight: true),
                                    .init("Jeffreys p", alignRight: true), .init("binomial p", alignRight: true)])
        for g in grades {
            t.append([latex ? latexEscape(g.grade) : g.grade, NumberFormat.count(g.rows), NumberFormat.count(g.defaults),
                      NumberFormat.fixed(g.probability, 4), NumberFormat.fixed(g.observedRate, 4),
                      NumberFormat.pValue(g.jeffreysPValue), NumberFormat.pValue(g.binomialPValue)])
        }
        return t
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: MetricsFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: MetricsFormat, csvSafe: Bool) -> String {
        var lines = metricLines(evaluation)
        if let points, let k = lines.firstIndex(where: { $0.name == "KS" }) { lines.insert(pointsKSLine(points), at: k + 1) }
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv:
            var out = metricCSV(lines, score: nil, csvSafe: csvSafe)
            for g in grades ?? [] {
                let note = "\(gradeColumn ?? "grade") = \(g.grade): rows \(g.rows), defaults \(g.defaults); value = mean PD"
                out += metricCSVLine(MetricLine(section: "grade", name: "Jeffreys test \(g.grade)", value: g.probability, pValue: g.jeffreysPValue, note: note), csvSafe: csvSafe)
                out += metricCSVLine(MetricLine(section: "grade", name: "binomial test \(g.grade)", value: g.probability, pValue: g.binomialPValue, note: note), csvSafe: csvSafe)
            }
            for line in fairness?.metricLines() ?? [] { out += metricCSVLine(line, csvSafe: csvSafe) }
            return out
        case .latex:
            var out = latexPreambleComment + latexTable(metricTable(lines, latex: true),
                                 caption: "Validation of \(model) on \(source) (\(NumberFormat.count(evaluation.rows)) rows, \(NumberFormat.count(evaluation.bads)) bad)")
            if let t = gradeTable(latex: true) {
                out += "\n" + latexTable(t, caption: "PD backtests by grade: Jeffreys test (Beta(D + 1/2, N - D + 1/2) CDF at the PD) and P(Bin(N, PD) >= D)")
            }
            if let f = fairness { out += "\n" + f.section(.latex) }
            return out
        case .text, .markdown:
            let e = evaluation
            var out = "Validation of \(model) on \(source)\n"
            out += "target \(target) (bad = \(bad)): rows in \(NumberFormat.count(rowsIn)), evaluated \(NumberFormat.count(e.rows))"
            out += " (bad \(NumberFormat.count(e.bads)), good \(NumberFormat.count(e.goods)))"
            if rowsRejectedByModel > 0 {
                out += (scoreColumn == nil ? ", rejected by the model " : ", score missing ") + NumberFormat.count(rowsRejectedByModel)
            }
            if rowsMissingTarget > 0 { out += ", target missing \(NumberFormat.count(rowsMissingTarget))" }
            if higherIsSafer == true {
                out += "\ndirection: higher score = safer (scores negated before evaluation, so KS and gains thresholds are negated points); "
                    + "points are not a PD, so calibration is omitted: discrimination only"
            }
            out += "\n" + conventionNote(e) + "\n"
            if let m = modelFit?.message { out += "warning: the model \(model) \(m)\n" }
            out += "\n" + renderTable(metricTable(lines, latex: false), format)
            out += detailTables(e, format)
            if let points { out += pointsGainsSection(points, format) }
            if let t = gradeTable(latex: false) {
                out += "\nPD backtests by grade (H0: the PD is not underestimated; Jeffreys: Beta(D + ½, N − D + ½) CDF at the PD;"
                    + " binomial: P(Bin(N, PD) ≥ D); PD = the grade's mean PD)\n" + renderTable(t, format)
            }
            if let f = fairness { out += "\n" + f.section(format) }
            for note in e.notes { out += "\nnote: \(note)" }
            return out + (e.notes.isEmpty ? "" : "\n")
        }
    }
}

/// What `credit compare` prints: each score's metrics and every pair's paired tests.
public struct ComparisonReport: Sendable, Codable {
    public var source: String
    public var target: String
    public var bad: String
    public var rowsIn: Int
    public var rowsExcluded: Int
    public var higherIsSafer: Bool
    public var comparison: Comparison
    /// What asked for the negation, named in the text report's direction line (the CLI gives its flag,
    /// `--higher-is-safer`); not part of the JSON.
    public var higherIsSaferLabel: String? = nil
    /// The fits of compared models that failed (did not converge, quasi-separated, iteration limit), by score
    /// name: a warning line each in the text output, `modelFits` in JSON; nil when every model's fit is sound.
    public var modelFits: [String: FitStatus]? = nil

    private enum CodingKeys: String, CodingKey { case source, target, bad, rowsIn, rowsExcluded, higherIsSafer, comparison, modelFits }

    public init(source: String, target: String, bad: String, rowsIn: Int, rowsExcluded: Int, higherIsSafer: Bool, comparison: Comparison) {
        self.source = source; self.target = target; self.bad = bad; self.rowsIn = rowsIn; self.rowsExcluded = rowsExcluded
        self.higherIsSafer = higherIsSafer; self.comparison = comparison
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: MetricsFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: MetricsFormat, csvSafe: Bool) -> String {
        let c = comparison
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv:
            var out = "score,other,section,metric,value,ci_lower,ci_upper,bootstrap_lower,bootstrap_upper,p_value,note\n"
            for (name, e) in zip(c.names, c.evaluations) {
                for line in metricLines(e) { out += csvRow(score: name, other: "", line, csvSafe: csvSafe) + "\n" }
            }
            for p in c.pairs {
                for line in pairLines(p) { out += csvRow(score: p.first, other: p.second, line, csvSafe: csvSafe) + "\n" }
            }
            return out
        case .latex:
            return latexPreambleComment + latexTable(scoreTable(latex: true), caption: "Scores compared on \(source) (\(NumberFormat.count(c.evaluations[0].rows)) rows)")
                + (c.pairs.isEmpty ? "" : "\n" + latexTable(pairTable(latex: true), caption: "Paired comparisons (DeLong test; bootstrap percentile intervals of differences)"))
        case .text, .markdown:
            let e = c.evaluations[0]
            var out = c.names.count == 1 ? "Evaluation of 1 score on \(source) (no pair to compare)\n" : "Comparison of \(c.names.count) scores on \(source)\n"
            out += "target \(target) (bad = \(bad)): rows in \(NumberFormat.count(rowsIn)), evaluated \(NumberFormat.count(e.rows))"
            out += " (bad \(NumberFormat.count(e.bads)), good \(NumberFormat.count(e.goods)))"
            if rowsExcluded > 0 { out += ", left out \(NumberFormat.count(rowsExcluded)) (missing target or score in any compared column)" }
            let asked = higherIsSaferLabel.map { "\($0); " } ?? ""
            out += "\ndirection: " + (higherIsSafer ? "higher score = safer (\(asked)scores negated before evaluation)" : "higher score = riskier")
            out += "\n" + conventionNote(e) + "\n"
            for name in c.names { if let m = modelFits?[name]?.message { out += "warning: the model \(name) \(m)\n" } }
            out += "\n" + renderTable(scoreTable(latex: false), format)
            if !c.pairs.isEmpty { out += "\n" + renderTable(pairTable(latex: false), format) }
            var notes: [String] = []
            for (name, e) in zip(c.names, c.evaluations) { notes += e.notes.map { "\(name): \($0)" } }
            for p in c.pairs where undefined(p) {
                notes.append("\(p.first) − \(p.second): DeLong test undefined (n/a): the AUC difference has zero estimated variance (constant or perfectly separating scores); see the bootstrap intervals")
            }
            for note in Array(Set(notes)).sorted() { out += "\nnote: \(note)" }
            return out + (notes.isEmpty ? "" : "\n")
        }
    }

    func scoreTable(latex: Bool) -> TextTable {
        let level = Int((comparison.evaluations[0].auc.confidenceLevel * 100).rounded())
        var t = TextTable(columns: [.init("score"), .init("AUC", alignRight: true), .init("\(level)% CI (DeLong)"),
                                    .init("Gini", alignRight: true), .init("KS", alignRight: true), .init("H", alignRight: true),
                                    .init("EMP", alignRight: true), .init("Brier", alignRight: true)])
        for (name, e) in zip(comparison.names, comparison.evaluations) {
            t.append([latex ? latexEscape(name) : name, f4(e.auc.value), interval(e.auc.confidenceInterval), f4(e.auc.gini),
                      f4(e.kolmogorovSmirnov.statistic), f4(e.hMeasure.value), NumberFormat.significant(e.expectedMaximumProfit.value, 4),
                      e.calibration.map { f4($0.brier.value) } ?? ""])
        }
        return t
    }

    func pairTable(latex: Bool) -> TextTable {
        let level = Int((comparison.evaluations[0].auc.confidenceLevel * 100).rounded())
        var t = TextTable(columns: [.init("first − second"), .init("ΔAUC", alignRight: true), .init("\(level)% CI (DeLong)"),
                                    .init("z", alignRight: true), .init("p", alignRight: true), .init("p (Holm)", alignRight: true),
                                    .init("ΔAUC bootstrap CI"), .init("ΔKS bootstrap CI"), .init("ΔH bootstrap CI"),
                                    .init("ΔEMP bootstrap CI"), .init("ΔBrier bootstrap CI")])
        for p in comparison.pairs {
            func boot(_ m: String) -> String {
                p.bootstrapDifferences.first { $0.metric == m }.map { "\(f4($0.interval.estimate)) [\(f4($0.interval.lower)), \(f4($0.interval.upper))]" } ?? ""
            }
            let label = "\(p.first) − \(p.second)"
            t.append([latex ? latexEscape(label) : label, f4(p.delong.difference), interval(p.delong.confidenceInterval),
                      undefined(p) ? "n/a" : NumberFormat.fixed(p.delong.z, 3), undefined(p) ? "n/a" : NumberFormat.pValue(p.delong.pValue),
                      undefined(p) ? "n/a" : NumberFormat.pValue(p.holmAdjustedPValue),
                      boot("auc"), boot("ks"), boot("h_measure"), boot("emp"), boot("brier")])
        }
        return t
    }

    /// The DeLong test has no value when the AUC difference is nonzero but its variance is 0.
    func undefined(_ p: PairComparison) -> Bool { p.delong.z.isNaN || p.delong.pValue.isNaN }

    func pairLines(_ p: PairComparison) -> [MetricLine] {
        var lines = [MetricLine(section: "paired", name: "auc_difference_delong", value: p.delong.difference, interval: p.delong.confidenceInterval,
                                pValue: p.delong.pValue, note: "DeLong z = \(p.delong.z); Holm-adjusted p = \(p.holmAdjustedPValue)")]
        for d in p.bootstrapDifferences {
            lines.append(MetricLine(section: "paired", name: "\(d.metric)_difference_bootstrap", value: d.interval.estimate, bootstrap: d.interval,
                                    note: bootstrapNote(d.interval)))
        }
        return lines
    }
}

// MARK: - Shared pieces

private func f4(_ x: Double) -> String { NumberFormat.fixed(x, 4) }
private func interval(_ ci: ConfidenceInterval) -> String { "[\(f4(ci.lower)), \(f4(ci.upper))]" }

func bootstrapNote(_ b: BootstrapInterval) -> String {
    "percentile bootstrap, \(b.replicates) stratified replicates, seed \(b.seed)" + (b.failedReplicates > 0 ? ", \(b.failedReplicates) failed" : "")
}

/// The conventions every metrics report states once.
func conventionNote(_ e: Evaluation) -> String {
    var s = "conventions: higher score = riskier; AUC ties count ½; DeLong variance (Sun & Xu midranks), CI = AUC ± z·SE as pROC"
    if let b = e.bootstrap.first?.interval { s += "; bootstrap: \(bootstrapNote(b))" }
    return s
}

/// The main metric lines of an evaluation, in reading order.
func metricLines(_ e: Evaluation) -> [MetricLine] {
    func boot(_ name: String) -> BootstrapInterval? { e.bootstrap.first { $0.metric == name }?.interval }
    var lines: [MetricLine] = [
        MetricLine(section: "discrimination", name: "AUC", value: e.auc.value, interval: e.auc.confidenceInterval,
                   note: "SE \(NumberFormat.significant(e.auc.standardError, 4)) (DeLong)"),
        MetricLine(section: "discrimination", name: "Gini (AR) = 2·AUC − 1", value: e.auc.gini, interval: e.auc.giniConfidenceInterval,
                   bootstrap: boot("gini")),
        MetricLine(section: "discrimination", name: "KS", value: e.kolmogorovSmirnov.statistic, bootstrap: boot("ks"),
                   note: "at score ≥ \(NumberFormat.significant(e.kolmogorovSmirnov.threshold, 6)): TPR \(f4(e.kolmogorovSmirnov.truePositiveRate)), FPR \(f4(e.kolmogorovSmirnov.falsePositiveRate))"),
        MetricLine(section: "discrimination", name: "partial AUC, FPR ≤ \(NumberFormat.significant(e.partialAUCMaximumFalsePositiveRate, 3))",
                   value: e.partialAUC, bootstrap: boot("partial_auc"), note: "McClish-standardised (0.5 = chance), as sklearn roc_auc_score(max_fpr)"),
    ]
    if let g = e.partialGini {
        lines.append(MetricLine(section: "discrimination", name: "partial Gini, P(bad) ≤ \(NumberFormat.significant(e.partialGiniMaximumProbability, 3))",
                                value: g, bootstrap: boot("partial_gini"), note: "Lessmann et al. 2015: Gini among rows with PD ≤ \(NumberFormat.significant(e.partialGiniMaximumProbability, 3))"))
    }
    lines.append(MetricLine(section: "discrimination", name: "H-measure", value: e.hMeasure.value, bootstrap: boot("h_measure"), note: e.hMeasure.priorLabel))
    lines.append(MetricLine(section: "discrimination", name: "H-measure, Beta(2, 2)", value: e.hMeasureBeta22.value, note: e.hMeasureBeta22.priorLabel))
    let emp = e.expectedMaximumProfit
    lines.append(MetricLine(section: "discrimination", name: "EMP (credit scoring)", value: emp.value, bootstrap: boot("emp"),
                            note: "Verbraken et al. 2014, p0 \(emp.p0), p1 \(emp.p1), ROI \(emp.roi); per applicant, in loan units; reject \(NumberFormat.percent(emp.rejectionRate))"))
    if let c = e.calibration {
        let b = c.brier
        lines.append(MetricLine(section: "calibration", name: "Brier score", value: b.value, bootstrap: boot("brier"),
                                note: "\(c.bins) equal-width bins: REL \(NumberFormat.significant(b.reliability, 4)) − RES \(NumberFormat.significant(b.resolution, 4)) + UNC \(NumberFormat.significant(b.uncertainty, 4)), within-bin residual \(NumberFormat.significant(b.decompositionResidual, 3))"))
        lines.append(MetricLine(section: "calibration", name: "Brier skill score", value: b.skillScore, bootstrap: boot("brier_skill"), note: "1 − Brier/UNC (reference: the sample bad rate)"))
        lines.append(MetricLine(section: "calibration", name: "log loss", value: c.logLoss, bootstrap: boot("log_loss"), note: "PDs clipped to [ε, 1 − ε], ε = 2.2e-16 (as sklearn)"))
        if let hl = c.hosmerLemeshow {
            lines.append(MetricLine(section: "calibration", name: "Hosmer–Lemeshow χ²", value: hl.statistic, pValue: hl.pValue,
                                    note: "\(hl.groups) quantile groups, df = G − 2 = \(hl.degreesOfFreedom); with df = G: p \(NumberFormat.pValue(hl.pValueValidation))"))
        }
        lines.append(MetricLine(section: "calibration", name: "Spiegelhalter z", value: c.spiegelhalter.z, pValue: c.spiegelhalter.pValue, note: "as rms::val.prob"))
        if let r = c.regression {
            let z = NormalDistribution95.z
            lines.append(MetricLine(section: "calibration", name: "calibration intercept (joint)", value: r.intercept,
                                    interval: ConfidenceInterval(lower: r.intercept - z * r.interceptStandardError, upper: r.intercept + z * r.interceptStandardError),
                                    note: "y ~ a + b·logit(p); ideal 0; Wald 95% CI"))
            lines.append(MetricLine(section: "calibration", name: "calibration slope (joint)", value: r.slope,
                                    interval: ConfidenceInterval(lower: r.slope - z * r.slopeStandardError, upper: r.slope + z * r.slopeStandardError),
                                    bootstrap: boot("calibration_slope"), note: "ideal 1; < 1: PDs too extreme"))
            lines.append(MetricLine(section: "calibration", name: "calibration-in-the-large", value: r.interceptInTheLarge,
                                    interval: ConfidenceInterval(lower: r.interceptInTheLarge - z * r.interceptInTheLargeStandardError,
                                                                 upper: r.interceptInTheLarge + z * r.interceptInTheLargeStandardError),
                                    note: "intercept with slope fixed at 1; > 0: PDs too low on average"))
        }
        lines.append(MetricLine(section: "calibration", name: "ECE", value: c.expectedCalibrationError, bootstrap: boot("ece"), note: "\(c.bins) equal-width bins, Σ n_k/N·|ȳ_k − p̄_k|"))
    }
    if let m = e.confusion {
        let at = "at \(classingRule(m))"
        lines.append(MetricLine(section: "classification", name: "precision", value: m.precision, bootstrap: boot("precision"), note: at))
        lines.append(MetricLine(section: "classification", name: "recall", value: m.recall, bootstrap: boot("recall"), note: at))
        lines.append(MetricLine(section: "classification", name: "F1", value: m.f1, bootstrap: boot("f1"), note: at))
        lines.append(MetricLine(section: "classification", name: "expected cost per applicant", value: m.expectedCost, bootstrap: boot("expected_cost"),
                                note: "\(at); cost bad→good \(NumberFormat.significant(m.costs.badClassedGood, 4)), good→bad \(NumberFormat.significant(m.costs.goodClassedBad, 4))"))
    }
    return lines
}

/// The classing rule of a confusion matrix with its unit: "P(bad) > 0.1667" (a PD cut-off), or "score < 560
/// points" (a scorecard's cut-off in points, classed bad below it).
func classingRule(_ m: ConfusionMatrix) -> String {
    m.unit == "points" ? "score < \(NumberFormat.significant(m.cutoff, 6)) points" : "P(bad) > \(NumberFormat.significant(m.cutoff, 4))"
}

/// The metric line of KS on a scorecard's points: its cut-off in points with the scaling's PD, and the ties.
func pointsKSLine(_ p: PointsEvaluation) -> MetricLine {
    let k = p.kolmogorovSmirnov
    return MetricLine(section: "discrimination", name: "KS on points", value: k.statistic,
                      note: "at score ≤ \(NumberFormat.significant(p.cutoffPoints, 10)) points (PD \(NumberFormat.significant(p.cutoffProbability, 4)) by the scaling): "
                        + "TPR \(f4(k.truePositiveRate)), FPR \(f4(k.falsePositiveRate)); over \(NumberFormat.count(p.distinctScores)) distinct scores "
                        + "(\(NumberFormat.count(p.distinctProbabilities)) distinct PDs: rounded points tie)")
}

/// The gains table by score band in points (riskiest, lowest scores first), PD range alongside.
func pointsGainsTable(_ p: PointsEvaluation) -> TextTable {
    var g = TextTable(columns: [.init("band", alignRight: true), .init("rows", alignRight: true), .init("bads", alignRight: true),
                                .init("points"), .init("PD by the scaling"), .init("bad rate", alignRight: true),
                                .init("capture", alignRight: true), .init("lift", alignRight: true), .init("cum. lift", alignRight: true)])
    for r in p.gains {
        g.append([String(r.band), NumberFormat.count(r.rows), NumberFormat.count(r.bads),
                  "\(NumberFormat.significant(r.minimumPoints, 10)) – \(NumberFormat.significant(r.maximumPoints, 10))",
                  "\(NumberFormat.significant(r.probabilityAtMaximum, 4)) – \(NumberFormat.significant(r.probabilityAtMinimum, 4))",
                  NumberFormat.percent(r.badRate), NumberFormat.percent(r.cumulativeCapture), NumberFormat.fixed(r.lift, 2), NumberFormat.fixed(r.cumulativeLift, 2)])
    }
    return g
}

/// "gains by score band in points" with its heading, for text and markdown.
func pointsGainsSection(_ p: PointsEvaluation, _ format: MetricsFormat) -> String {
    "\ngains by score band in points (lowest scores = riskiest first; tied scores may straddle a band boundary)\n"
        + renderTable(pointsGainsTable(p), format)
}

/// z for the 95% Wald intervals of the calibration regression.
enum NormalDistribution95 { static let z = 1.959963984540054 }

func metricTable(_ lines: [MetricLine], latex: Bool) -> TextTable {
    let level = lines.first?.interval.map { _ in "95%" } ?? "95%"
    var t = TextTable(columns: [.init("metric"), .init("value", alignRight: true), .init("\(level) CI"),
                                .init("bootstrap \(level) CI"), .init("p", alignRight: true), .init("notes")])
    for l in lines {
        let cells = [l.name, NumberFormat.fixed(l.value, 4), l.interval.map(interval) ?? "",
                     l.bootstrap.map { "[\(f4($0.lower)), \(f4($0.upper))]" } ?? "", l.pValue.map(NumberFormat.pValue) ?? "", l.note]
        t.append(latex ? cells.map(latexEscape) : cells)
    }
    return t
}

func detailTables(_ e: Evaluation, _ format: MetricsFormat) -> String {
    var out = ""
    if let m = e.confusion {
        var t = TextTable(columns: [.init("at \(classingRule(m))"), .init("classed bad", alignRight: true), .init("classed good", alignRight: true)])
        t.append(["bad", NumberFormat.count(m.truePositives), NumberFormat.count(m.falseNegatives)])
        t.append(["good", NumberFormat.count(m.falsePositives), NumberFormat.count(m.trueNegatives)])
        out += "\nconfusion matrix\n" + renderTable(t, format)
    }
    if let c = e.calibration {
        var t = TextTable(columns: [.init("PD bin"), .init("rows", alignRight: true), .init("bads", alignRight: true),
                                    .init("mean PD", alignRight: true), .init("bad rate", alignRight: true)])
        for r in c.reliability {
            t.append(["(\(NumberFormat.fixed(r.lower, 2)), \(NumberFormat.fixed(r.upper, 2))]", NumberFormat.count(r.rows), NumberFormat.count(r.bads),
                      f4(r.meanPredicted), f4(r.observedRate)])
        }
        out += "\nreliability (equal-width bins, right-closed; the first includes 0)\n" + renderTable(t, format)
    }
    var g = TextTable(columns: [.init("band", alignRight: true), .init("rows", alignRight: true), .init("bads", alignRight: true),
                                .init("score range"), .init("bad rate", alignRight: true), .init("capture", alignRight: true),
                                .init("lift", alignRight: true), .init("cum. lift", alignRight: true)])
    for r in e.gains {
        g.append([String(r.band), NumberFormat.count(r.rows), NumberFormat.count(r.bads),
                  "\(NumberFormat.significant(r.minimumScore, 4)) – \(NumberFormat.significant(r.maximumScore, 4))",
                  NumberFormat.percent(r.badRate), NumberFormat.percent(r.cumulativeCapture), NumberFormat.fixed(r.lift, 2), NumberFormat.fixed(r.cumulativeLift, 2)])
    }
    out += "\ngains by band (riskiest first)\n" + renderTable(g, format)
    return out
}

func renderTable(_ t: TextTable, _ format: MetricsFormat) -> String {
    format == .markdown ? t.renderMarkdown() : t.renderText()
}

/// A text cell of a long-format CSV: quoted when needed, neutralised when `csvSafe` and formula-like
/// (`CSVWriter.escapedField(_:delimiter:csvSafe:)`).
func csvQuote(_ s: String, csvSafe: Bool) -> String {
    CSVWriter.escapedField(s, csvSafe: csvSafe)
}

private func full(_ x: Double?) -> String { x.map { $0.isNaN ? "NaN" : "\($0)" } ?? "" }

func csvRow(score: String, other: String, _ l: MetricLine, csvSafe: Bool) -> String {
    func q(_ s: String) -> String { csvQuote(s, csvSafe: csvSafe) }
    return [q(score), q(other), l.section, q(l.name), full(l.value), full(l.interval?.lower), full(l.interval?.upper),
            full(l.bootstrap?.lower), full(l.bootstrap?.upper), full(l.pValue), q(l.note)].joined(separator: ",")
}

/// Long-format CSV at full precision: one row per metric.
func metricCSV(_ lines: [MetricLine], score: String?, csvSafe: Bool) -> String {
    "section,metric,value,ci_lower,ci_upper,bootstrap_lower,bootstrap_upper,p_value,note\n"
        + lines.map { metricCSVLine($0, csvSafe: csvSafe) }.joined()
}

func metricCSVLine(_ l: MetricLine, csvSafe: Bool) -> String {
    [l.section, csvQuote(l.name, csvSafe: csvSafe), full(l.value), full(l.interval?.lower), full(l.interval?.upper),
     full(l.bootstrap?.lower), full(l.bootstrap?.upper), full(l.pValue), csvQuote(l.note, csvSafe: csvSafe)].joined(separator: ",") + "\n"
}
