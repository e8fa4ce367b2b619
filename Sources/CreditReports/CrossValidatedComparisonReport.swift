import CreditExperiments
import Foundation
import CreditMetrics
import CreditRegression
/// What `credit compare --cv` prints: per dataset, every configuration's per-fold metrics, their mean, SD and
/// t interval across folds, and the Friedman test over the folds; with several datasets, the Friedman test
/// across datasets on the mean metric (Demšar 2006).
public struct CrossValidatedComparisonReport: Sendable, Codable {
    public var datasets: [CrossValidatedComparison]
    public var acrossDatasets: DatasetComparison?
    /// Why the across-datasets comparison is missing (one dataset, or the test could not run).
    public var acrossDatasetsNote: String?

    public init(datasets: [CrossValidatedComparison], acrossDatasets: DatasetComparison?, acrossDatasetsNote: String? = nil) {
        self.datasets = datasets; self.acrossDatasets = acrossDatasets; self.acrossDatasetsNote = acrossDatasetsNote
    }

    static let metricTitles: [(FoldMetric, String)] = [
        (.auc, "AUC"), (.gini, "Gini"), (.ks, "KS"), (.brier, "Brier"), (.logLoss, "log loss"), (.hMeasure, "H"),
        (.emp, "EMP"), (.partialGini, "partial Gini"),
    ]
    static let calibrationTitles: [(FoldMetric, String)] = [
        (.calibrationIntercept, "calibration intercept"), (.calibrationSlope, "calibration slope"), (.ece, "ECE"),
    ]
    static func title(_ m: FoldMetric) -> String { (metricTitles + calibrationTitles).first { $0.0 == m }!.1 }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: MetricsFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: MetricsFormat, csvSafe: Bool) -> String {
        switch format {
        case .json: return JSONOutput.encode(JSONView(self))
        case .csv: return csv(csvSafe: csvSafe)
        case .latex:
            var out = latexPreambleComment
            for d in datasets {
                out += latexTable(summaryTable(d, latex: true), caption: "Mean (SD) over \(schemeText(d)) on \(d.source)") + "\n"
                out += latexTable(calibrationSummaryTable(d, latex: true),
                                  caption: "Calibration over the folds of \(d.source): intercept a and slope b of logit P(bad) = a + b·logit(PD), ECE over \(FoldMetrics.eceBins) equal-width bins; mean (SD)") + "\n"
                if let p = d.pairedTests, let table = pairedTestsTable(p, d, latex: true) {
                    out += latexTable(table, caption: pairedTestsCaption(p, d)) + "\n"
                }
                if let f = d.friedman {
                    out += latexTable(rankTable(f, labels: labels(d), latex: true),
                                      caption: "Average ranks by \(Self.title(d.options.rankMetric)) over the \(f.datasets) folds of \(d.source); "
                                        + friedmanLine(f)) + "\n"
                }
            }
            if let a = acrossDatasets {
                out += latexTable(meansTable(a, latex: true), caption: "Mean \(Self.title(a.metric)) per dataset") + "\n"
                out += latexTable(rankTable(a.friedman, labels: a.configurations, latex: true),
                                  caption: "Average ranks by mean \(Self.title(a.metric)) over \(a.datasets.count) datasets; "
                                    + (a.warning == nil ? friedmanLine(a.friedman) : "descriptive only: fewer than \(DatasetComparison.minimumDatasets) datasets (Demšar 2006)"))
            }
            return out
        case .text, .markdown:
            var out = ""
            for d in datasets { out += section(d, format) + "\n" }
            if let a = acrossDatasets {
                out += "Across \(a.datasets.count) datasets (Demšar 2006): ranks of the mean \(Self.title(a.metric)) within each dataset, "
                    + (a.metric.higherIsBetter ? "higher is better" : "lower is better") + "\n\n"
                out += renderTable(meansTable(a, latex: false), format) + "\n"
                if let warning = a.warning {
                    out += "warning: \(warning)\n\n"
                    out += renderTable(rankTable(a.friedman, labels: a.configurations, latex: false), format)
                } else {
                    out += friedmanLine(a.friedman) + "\n\n"
                    out += renderTable(rankTable(a.friedman, labels: a.configurations, latex: false), format) + "\n"
                    out += renderTable(pairTable(a.friedman, labels: a.configurations), format)
                }
            } else if let note = acrossDatasetsNote {
                out += "note: \(note)\n"
            }
            return out
        }
    }

    func labels(_ d: CrossValidatedComparison) -> [String] { d.configurations.map(\.configuration.label) }

    func schemeText(_ d: CrossValidatedComparison) -> String {
        let o = d.options
        let n = o.folds * o.repeats
        if let column = o.timeOrder {
            return "\(n) time-ordered folds by \(column) (rolling origin: \(n + 1) blocks of rows by date, each tested on a model of the blocks before it)"
        }
        if o.repeats == 1 { return "\(n) folds (stratified \(o.folds)-fold CV, seed \(o.seed))" }
        return "\(n) folds (stratified \(o.repeats)×\(o.folds)-fold CV, seed \(o.seed))"
    }

    func section(_ d: CrossValidatedComparison, _ format: MetricsFormat) -> String {
        let level = Int((d.options.confidenceLevel * 100).rounded())
        var out = "Cross-validated comparison of \(d.configurations.count) configuration\(d.configurations.count == 1 ? "" : "s") on \(d.source)\n"
        out += "target \(d.target) (bad = \(d.bad)): rows in \(NumberFormat.count(d.rowsIn)), used \(NumberFormat.count(d.rows.count))"
        out += " (bad \(NumberFormat.count(d.bads)), good \(NumberFormat.count(d.rows.count - d.bads)))\n"
        out += "folds: \(schemeText(d)); every configuration sees the same folds; each fold's model (coding, binning, "
            + "characteristic selection, λ) is fitted on its training rows only\n"
        if d.options.missing == .indicator {
            out += "missing values: the regressions code them (indicator: a numeric column's fill is its fold's training mean, "
                + "plus a COL=missing term; a categorical column gets a missing level); the scorecard bins them\n"
        }
        out += "PDs: higher = riskier; H-measure with the R hmeasure default prior; EMP with Verbraken et al. 2014 defaults; "
            + "partial Gini over PD ≤ \(d.options.partialGiniMaximumProbability)\n\n"
        for c in d.configurations { if let w = c.failureSummary { out += "warning: \(c.configuration.label): \(w)\n" } }
        if d.configurations.contains(where: { $0.failureSummary != nil }) { out += "\n" }
        out += "Mean (SD) over the folds\n\n" + renderTable(summaryTable(d, latex: false), format) + "\n"
        // Folds left out for a failed fit (--on-fit-failure exclude) give configurations different fold counts.
        let dfs = Set(d.configurations.map { $0.summary(.auc).folds - 1 })
        let df = dfs.count == 1 ? "\(dfs.first!)" : "folds − 1"
        out += "\(level)% t interval of the mean across folds: mean ± t(\(df) df)·SD/√folds. "
            + "Folds share training rows, so this treats dependent values as independent and is optimistic (Nadeau & Bengio 2003).\n\n"
        out += renderTable(intervalTable(d), format) + "\n"
        out += "Per fold\n\n" + renderTable(foldTable(d), format) + "\n"
        out += "Calibration per fold: intercept and slope of the logistic recalibration y ~ a + b·logit(PD) (calibrated: 0 and 1), "
            + "ECE over \(FoldMetrics.eceBins) equal-width PD bins; mean (SD) over the folds\n\n"
        out += renderTable(calibrationSummaryTable(d), format) + "\n"
        out += renderTable(calibrationFoldTable(d), format) + "\n"
        if let p = d.pairedTests { out += pairedTestsText(p, d, format) }
        if let f = d.friedman {
            out += "Friedman test over the \(f.datasets) folds on \(Self.title(d.options.rankMetric)) ("
                + (d.options.rankMetric.higherIsBetter ? "higher" : "lower") + " is better; rank 1 = best). "
                + "Folds are not independent datasets: read the p-values as descriptive.\n"
            out += friedmanLine(f) + "\n\n"
            out += renderTable(rankTable(f, labels: labels(d), latex: false), format) + "\n"
            out += renderTable(pairTable(f, labels: labels(d)), format)
        }
        var notes = d.notes
        for c in d.configurations {
            if let l = c.lambdas { notes.append("\(c.configuration.label): λ per fold " + l.map { NumberFormat.significant($0, 4) }.joined(separator: ", ")) }
            if let k = c.characteristics {
                let counts = k.map(\.count)
                notes.append("\(c.configuration.label): characteristics kept per fold \(counts.map(String.init).joined(separator: ", "))")
            }
        }
        for n in notes { out += "note: \(n)\n" }
        return out
    }

    func summaryTable(_ d: CrossValidatedComparison, latex: Bool) -> TextTable {
        var t = TextTable(columns: [.init("configuration")] + Self.metricTitles.map { .init($0.1, alignRight: true) })
        for c in d.configurations {
            t.append([latex ? latexEscape(c.configuration.label) : c.configuration.label] + Self.metricTitles.map { m, _ in
                let s = c.summary(m)
                return "\(cell(s.mean, m)) (\(cell(s.standardDeviation, m)))"
            })
        }
        return t
    }

    func calibrationSummaryTable(_ d: CrossValidatedComparison, latex: Bool = false) -> TextTable {
        var t = TextTable(columns: [.init("configuration")] + Self.calibrationTitles.map { .init($0.1, alignRight: true) })
        for c in d.configurations {
            t.append([latex ? latexEscape(c.configuration.label) : c.configuration.label] + Self.calibrationTitles.map { m, _ in
                let s = c.summary(m)
                return "\(cell(s.mean, m)) (\(cell(s.standardDeviation, m)))"
            })
        }
        return t
    }

    func calibrationFoldTable(_ d: CrossValidatedComparison) -> TextTable {
        let repeated = d.options.repeats > 1
        var t = TextTable(columns: [.init("configuration")] + (repeated ? [.init("rep", alignRight: true)] : [])
                          + [.init("fold", alignRight: true)] + Self.calibrationTitles.map { .init($0.1, alignRight: true) })
        for c in d.configurations {
            for f in c.folds {
                t.append([c.configuration.label] + (repeated ? ["\(f.repetition + 1)"] : []) + ["\(f.fold + 1)"]
                         + Self.calibrationTitles.map { m, _ in cell(f[m], m) })
            }
        }
        return t
    }

    /// The paired tests over the folds, with the formula of the test the fold scheme allows.
    func pairedTestsText(_ p: PairedFoldTests, _ d: CrossValidatedComparison, _ format: MetricsFormat) -> String {
        guard let table = pairedTestsTable(p, d, latex: false) else { return p.note.map { "note: \($0)\n\n" } ?? "" }
        let metric = Self.title(p.metric)
        let family = "first − second (Holm over the \(p.pairs.count) pair\(p.pairs.count == 1 ? "" : "s"))"
        var out: String
        if p.scheme == .fiveByTwo {
            let n = d.options.repeats
            out = "Paired tests over the \(n)×2 folds on \(metric), \(family): "
                + "Dietterich's 5×2cv t = d(1,1)/√(Σ s²/\(n)) on \(n) df, with d(i,j) the difference on fold j of repetition i and s² = Σ_j (d(i,j) − mean_j d(i,j))² per repetition; "
                + "Alpaydın's combined F = Σ d(i,j)²/(2·Σ s²) on (\(2 * n), \(n)) df"
                + (n == 5 ? "" : " (the papers' tests are 5×2; here \(n)×2)") + "\n\n"
        } else {
            let level = Int((d.options.confidenceLevel * 100).rounded())
            let j = d.options.folds * d.options.repeats
            out = "Paired tests over the \(j) folds on \(metric), \(family): "
                + "Nadeau–Bengio corrected resampled t = mean/√((1/\(j) + n_test/n_train)·SD²) on \(j - 1) df, n_test/n_train ≈ 1/\(d.options.folds - 1); "
                + "\(level)% interval mean ± t·√((1/\(j) + n_test/n_train)·SD²)\n\n"
        }
        out += renderTable(table, format)
        let names = labels(d)
        for pair in p.pairs { if let n = pair.note { out += "note: \(names[pair.first]) − \(names[pair.second]): \(n)\n" } }
        return out + "\n"
    }

    /// The LaTeX caption of the paired tests (ASCII names; `latexTable` escapes the rest).
    func pairedTestsCaption(_ p: PairedFoldTests, _ d: CrossValidatedComparison) -> String {
        let metric = Self.title(p.metric)
        if p.scheme == .fiveByTwo {
            let n = d.options.repeats
            return "Paired tests on \(metric) over the \(n)x2 folds of \(d.source), first − second: Dietterich's 5x2cv t (\(n) df) and Alpaydin's combined 5x2cv F (\(2 * n), \(n) df); p Holm-adjusted over the pairs"
        }
        let j = d.options.folds * d.options.repeats
        return "Paired tests on \(metric) over the \(j) folds of \(d.source), first − second: Nadeau-Bengio corrected resampled t (\(j - 1) df) with its \(Int((d.options.confidenceLevel * 100).rounded()))% interval; p Holm-adjusted over the pairs"
    }

    /// The paired tests' table; nil for time-ordered folds (no test).
    func pairedTestsTable(_ p: PairedFoldTests, _ d: CrossValidatedComparison, latex: Bool) -> TextTable? {
        let names = labels(d)
        func pairName(_ pair: PairedFoldTests.Pair) -> String {
            let name = "\(names[pair.first]) − \(names[pair.second])"
            return latex ? latexEscape(name) : name
        }
        switch p.scheme {
        case .timeOrdered:
            return nil
        case .fiveByTwo:
            var t = TextTable(columns: [.init("first − second"), .init("mean difference", alignRight: true), .init("t", alignRight: true),
                                        .init("p", alignRight: true), .init("p (Holm)", alignRight: true), .init("F", alignRight: true),
                                        .init("p", alignRight: true), .init("p (Holm)", alignRight: true)])
            for pair in p.pairs {
                t.append([pairName(pair), NumberFormat.fixed(pair.meanDifference, 4),
                          pair.fiveByTwoT.map { NumberFormat.fixed($0.statistic, 3) } ?? "–", pValueCell(pair.fiveByTwoT?.pValue),
                          pValueCell(pair.fiveByTwoTHolm), pair.fiveByTwoF.map { NumberFormat.fixed($0.statistic, 3) } ?? "–",
                          pValueCell(pair.fiveByTwoF?.pValue), pValueCell(pair.fiveByTwoFHolm)].map { latex ? latexCell($0) : $0 })
            }
            return t
        case .repeatedKFold:
            var t = TextTable(columns: [.init("first − second"), .init("mean difference", alignRight: true), .init("interval"),
                                        .init("t", alignRight: true), .init("p", alignRight: true), .init("p (Holm)", alignRight: true)])
            for pair in p.pairs {
                let c = pair.correctedT
                t.append([pairName(pair), NumberFormat.fixed(pair.meanDifference, 4),
                          c.map { "[\(NumberFormat.fixed($0.lower, 4)), \(NumberFormat.fixed($0.upper, 4))]" } ?? "–",
                          c.map { NumberFormat.fixed($0.statistic, 3) } ?? "–", pValueCell(c?.pValue), pValueCell(pair.correctedTHolm)]
                    .map { latex ? latexCell($0) : $0 })
            }
            return t
        }
    }

    /// A number cell in LaTeX: the dash of a missing value and `<` in "<1e-300" as math.
    private func latexCell(_ s: String) -> String {
        if s == "–" { return "--" }
        if s.hasPrefix("<") { return "$<$" + s.dropFirst() }
        return s
    }

    func pValueCell(_ p: Double?) -> String { p.map { NumberFormat.pValue($0) } ?? "–" }

    func intervalTable(_ d: CrossValidatedComparison) -> TextTable {
        var t = TextTable(columns: [.init("configuration")] + Self.metricTitles.map { .init($0.1) })
        for c in d.configurations {
            t.append([c.configuration.label] + Self.metricTitles.map { m, _ in
                let s = c.summary(m)
                return "[\(cell(s.lower, m)), \(cell(s.upper, m))]"
            })
        }
        return t
    }

    func foldTable(_ d: CrossValidatedComparison) -> TextTable {
        let repeated = d.options.repeats > 1
        // A "fit" column only when some fold's fit failed: ok, failed (kept) or excluded.
        let failures = d.configurations.contains { !$0.failedFits.isEmpty }
        var t = TextTable(columns: [.init("configuration")] + (repeated ? [.init("rep", alignRight: true)] : [])
                          + [.init("fold", alignRight: true), .init("trained", alignRight: true), .init("tested", alignRight: true),
                             .init("bads", alignRight: true)]
                          + Self.metricTitles.map { .init($0.1, alignRight: true) } + (failures ? [.init("fit")] : []))
        for c in d.configurations {
            for f in c.folds {
                let failed = c.failedFits.first { $0.repetition == f.repetition && $0.fold == f.fold }
                t.append([c.configuration.label] + (repeated ? ["\(f.repetition + 1)"] : [])
                         + ["\(f.fold + 1)", f.trainingRows.map(NumberFormat.count) ?? "", NumberFormat.count(f.rows), NumberFormat.count(f.bads)]
                         + Self.metricTitles.map { m, _ in cell(f[m], m) }
                         + (failures ? [failed.map { $0.excluded ? "excluded" : "failed" } ?? "ok"] : []))
            }
        }
        return t
    }

    func meansTable(_ a: DatasetComparison, latex: Bool) -> TextTable {
        var t = TextTable(columns: [.init("dataset")] + a.configurations.map { .init(latex ? latexEscape($0) : $0, alignRight: true) })
        for (name, row) in zip(a.datasets, a.means) {
            t.append([latex ? latexEscape(name) : name] + row.map { cell($0, a.metric) })
        }
        return t
    }

    func friedmanLine(_ f: FriedmanTest) -> String {
        "χ²_F = \(NumberFormat.fixed(f.statistic, 4)) (df \(f.degreesOfFreedom), p \(NumberFormat.pValue(f.pValue))); "
            + "Iman–Davenport F = \(NumberFormat.fixed(f.imanDavenportStatistic, 4)) (p \(NumberFormat.pValue(f.imanDavenportPValue))); "
            + "Nemenyi critical difference at α = \(NumberFormat.significant(f.alpha, 3)): \(NumberFormat.fixed(f.criticalDifference, 4))"
    }

    func rankTable(_ f: FriedmanTest, labels: [String], latex: Bool) -> TextTable {
        var t = TextTable(columns: [.init("configuration"), .init("average rank", alignRight: true)])
        for (name, r) in zip(labels, f.averageRanks) { t.append([latex ? latexEscape(name) : name, NumberFormat.fixed(r, 3)]) }
        return t
    }

    func pairTable(_ f: FriedmanTest, labels: [String]) -> TextTable {
        var t = TextTable(columns: [.init("first − second"), .init("rank difference", alignRight: true), .init("z", alignRight: true),
                                    .init("p", alignRight: true), .init("p (Holm)", alignRight: true), .init("p (Nemenyi)", alignRight: true),
                                    .init("beyond CD")])
        for p in f.pairs {
            t.append(["\(labels[p.first]) − \(labels[p.second])", NumberFormat.fixed(p.rankDifference, 3), NumberFormat.fixed(p.z, 3),
                      NumberFormat.pValue(p.pValue), NumberFormat.pValue(p.holmAdjustedPValue), NumberFormat.pValue(p.nemenyiPValue),
                      abs(p.rankDifference) > f.criticalDifference ? "yes" : "no"])
        }
        return t
    }

    func cell(_ x: Double, _ m: FoldMetric) -> String { m == .emp ? NumberFormat.significant(x, 4) : NumberFormat.fixed(x, 4) }

    /// Long-format CSV at full precision: one row per fold and metric, one per mean, one per rank and pair.
    func csv(csvSafe: Bool) -> String {
        func csvQuote(_ s: String) -> String { CreditReports.csvQuote(s, csvSafe: csvSafe) }
        var out = "dataset,configuration,other,kind,repetition,fold,metric,value,sd,ci_lower,ci_upper,p_value,p_holm,p_nemenyi\n"
        func row(_ cells: [String]) { out += cells.joined(separator: ",") + "\n" }
        func full(_ x: Double) -> String { x.isNaN ? "NaN" : "\(x)" }
        for d in datasets {
            let source = csvQuote(d.source)
            for c in d.configurations {
                let label = csvQuote(c.configuration.label)
                for f in c.folds {
                    for m in FoldMetric.allCases {
                        row([source, label, "", "fold", "\(f.repetition + 1)", "\(f.fold + 1)", m.rawValue, full(f[m]), "", "", "", "", "", ""])
                    }
                }
                for f in c.failedFits {
                    row([source, label, "", f.excluded ? "failed_fit_excluded" : "failed_fit", "\(f.repetition + 1)", "\(f.fold + 1)",
                         f.status.failures.map(\.rawValue).joined(separator: ";"), "\(f.status.iterations)", "", "", "", "", "", ""])
                }
                for s in c.summaries {
                    row([source, label, "", "mean", "", "", s.metric.rawValue, full(s.mean), full(s.standardDeviation), full(s.lower),
                         full(s.upper), "", "", ""])
                }
            }
            if let f = d.friedman { friedmanRows(f, labels: labels(d), dataset: source, metric: d.options.rankMetric, scope: "folds", csvSafe: csvSafe, row) }
            if let p = d.pairedTests {
                let names = labels(d)
                for pair in p.pairs {
                    let cells = [source, csvQuote(names[pair.first]), csvQuote(names[pair.second])]
                    row(cells + ["mean_difference", "", "", p.metric.rawValue, full(pair.meanDifference), "", "", "", "", "", ""])
                    if let t = pair.fiveByTwoT {
                        row(cells + ["5x2cv_t", "", "", p.metric.rawValue, full(t.statistic), "", "", "", full(t.pValue), pair.fiveByTwoTHolm.map(full) ?? "", ""])
                    }
                    if let f = pair.fiveByTwoF {
                        row(cells + ["5x2cv_f", "", "", p.metric.rawValue, full(f.statistic), "", "", "", full(f.pValue), pair.fiveByTwoFHolm.map(full) ?? "", ""])
                    }
                    if let c = pair.correctedT {
                        row(cells + ["corrected_resampled_t", "", "", p.metric.rawValue, full(c.statistic), full(c.standardDeviation), full(c.lower),
                                     full(c.upper), full(c.pValue), pair.correctedTHolm.map(full) ?? "", ""])
                    }
                }
            }
        }
        if let a = acrossDatasets {
            for (name, means) in zip(a.datasets, a.means) {
                for (label, v) in zip(a.configurations, means) {
                    row([csvQuote(name), csvQuote(label), "", "dataset_mean", "", "", a.metric.rawValue, full(v), "", "", "", "", "", ""])
                }
            }
            if a.warning == nil {
                friedmanRows(a.friedman, labels: a.configurations, dataset: "", metric: a.metric, scope: "datasets", csvSafe: csvSafe, row)
            } else {
                for (label, r) in zip(a.configurations, a.friedman.averageRanks) {
                    row(["", csvQuote(label), "", "average_rank_datasets", "", "", a.metric.rawValue, "\(r)", "", "", "", "", "", ""])
                }
            }
        }
        return out
    }

    private func friedmanRows(_ f: FriedmanTest, labels: [String], dataset: String, metric: FoldMetric, scope: String,
                              csvSafe: Bool, _ row: ([String]) -> Void) {
        func csvQuote(_ s: String) -> String { CreditReports.csvQuote(s, csvSafe: csvSafe) }
        row([dataset, "", "", "friedman_\(scope)", "", "", metric.rawValue, "\(f.statistic)", "", "", "", "\(f.pValue)", "", ""])
        row([dataset, "", "", "nemenyi_cd_\(scope)", "", "", metric.rawValue, "\(f.criticalDifference)", "", "", "", "", "", ""])
        for (label, r) in zip(labels, f.averageRanks) {
            row([dataset, csvQuote(label), "", "average_rank_\(scope)", "", "", metric.rawValue, "\(r)", "", "", "", "", "", ""])
        }
        for p in f.pairs {
            row([dataset, csvQuote(labels[p.first]), csvQuote(labels[p.second]), "pair_\(scope)", "", "", metric.rawValue, "\(p.z)",
                 "", "", "", "\(p.pValue)", "\(p.holmAdjustedPValue)", "\(p.nemenyiPValue)"])
        }
    }

    /// JSON without the per-row predictions.
    struct JSONView: Encodable {
        struct Dataset: Encodable {
            var source: String, target: String, bad: String, rowsIn: Int, rowsUsed: Int, bads: Int
            var options: CrossValidationOptions
            var configurations: [Configuration]
            var friedman: FriedmanTest?
            var pairedTests: PairedFoldTests?
            var notes: [String]
        }
        struct Configuration: Encodable {
            var configuration: ModelConfiguration
            var folds: [FoldMetrics]
            var summaries: [MetricSummary]
            var lambdas: [Double]?
            var characteristics: [[String]]?
            /// The folds whose fit failed, and their count by kind (nil when every fit was sound).
            var failedFits: [FailedFit]?
            var failedFitCounts: [String: Int]?
        }
        var datasets: [Dataset]
        var acrossDatasets: DatasetComparison?
        var acrossDatasetsNote: String?
        var intervalNote = "t interval of the mean across folds (mean ± t·SD/√folds); folds share training rows, so it is optimistic (Nadeau & Bengio 2003)"
        init(_ r: CrossValidatedComparisonReport) {
            datasets = r.datasets.map { d in
                Dataset(source: d.source, target: d.target, bad: d.bad, rowsIn: d.rowsIn, rowsUsed: d.rows.count, bads: d.bads,
                        options: d.options,
                        configurations: d.configurations.map {
                            Configuration(configuration: $0.configuration, folds: $0.folds, summaries: $0.summaries, lambdas: $0.lambdas,
                                          characteristics: $0.characteristics,
                                          failedFits: $0.failedFits.isEmpty ? nil : $0.failedFits,
                                          failedFitCounts: $0.failedFits.isEmpty ? nil
                                            : Dictionary(uniqueKeysWithValues: $0.failureCounts.map { ($0.key.rawValue, $0.value) }))
                        }, friedman: d.friedman, pairedTests: d.pairedTests, notes: d.notes)
            }
            acrossDatasets = r.acrossDatasets; acrossDatasetsNote = r.acrossDatasetsNote
        }
    }
}
