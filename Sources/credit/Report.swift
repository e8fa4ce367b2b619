import ArgumentParser
import Foundation
import CreditDecision
import CreditMetrics
import CreditMonitoring
import CreditPortfolio
import CreditRegression
import CreditReports
import CreditModelFile
import CreditTabular
import CreditSupport
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report of a saved model on data: charts and tables (applicants only when DATA has no outcomes).",
        discussion: """
        Scores DATA with MODEL exactly as 'credit validate' does (same reading, scoring and metrics) and writes one HTML file with inline SVG charts and tables: the ROC curve with the DeLong confidence interval of the AUC and a pointwise bootstrap band of the TPR (--bootstrap, --seed; none with --bootstrap 0), the KS curve with its maximum, the PD (or, for scorecards, the points) distributions of goods and bads, the calibration plot with counts, cumulative gains and lift, the coefficient table and the metric table; for scorecards, WoE and bad-rate bars and the binning table of every characteristic; with --baseline, score PSI and CSI as 'credit monitor' computes them (baseline = base, DATA = recent); with --performance, vintage curves as 'credit vintage' computes them; with --group COL and --cutoff, the approval, adverse impact, error-rate, AUC and calibration tables by group of 'credit fairness' on the evaluated rows (approve when score ≥ cut-off in points for a scorecard, PD ≤ cut-off otherwise or with --by pd). Outcomes: the model's target and bad value; --target and --bad name another outcome column or bad value.

        Scorecards, in points (every metric above stays on the PD): KS on the integer score (higher = safer) with its cut-off in points ("at score ≤ 536 points") and the PD the scaling gives for it, and gains by score band in points with the PD range of each band, as credit validate prints them (rounded points tie where PDs do not: KS runs over the distinct scores).

        Strategy table: the table of credit strategy on DATA (10 approval bands; in points for scorecards, approve when score ≥ cut-off; in PD for other models, approve when PD ≤ cut-off) with the profit G·goods approved − L·bads approved (--gain-good G, default 1; --loss-bad L, default 5, as credit strategy).

        Applicants only: when DATA has no column for the model's target, or with --applicants-only, the page has no outcome metric at all: the distribution of the score (points) or PD of the scored rows, the approval columns of the strategy table, and with --baseline score PSI and CSI as credit monitor computes them (baseline = base, DATA = recent). --group and --performance need outcomes and are refused there.

        The file has no script and loads nothing: one inline stylesheet, the system font, the Okabe–Ito palette; every name and value from the data and the model is escaped. Each chart is an <svg role="img"> with a title and a description holding its key numbers. --svg DIR also writes every chart as a standalone SVG file (chart-roc.svg, chart-ks.svg, …) for papers. Files are written atomically: an error leaves no partial file.

        Examples:
          credit train datasets/german_credit.csv --target default -o out/model.json
          credit report out/model.json datasets/german_credit.csv -o out/report.html
          credit train train.csv --target default --scorecard -o card.json
          credit report card.json holdout.csv -o card.html --title Holdout --svg charts
          credit report model.json recent.csv --baseline train.csv -o report.html
          credit report model.json recent.csv --performance perf.csv -o report.html
          credit report card.json holdout.csv --group employment_type --cutoff 540 -o card.html
          credit report card.json holdout.csv --gain-good 1 --loss-bad 4 -o card.html
          credit report card.json applicants.csv --applicants-only --baseline train.csv -o applicants.html
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "CSV with the model's columns and its target (without the target: the applicants-only page; '-' reads standard input).")
    var data: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write.", valueName: "FILE"))
    var output: String

    @Option(help: "Title of the report (default: 'Model report: MODEL on DATA').")
    var title: String?

    @Option(help: ArgumentHelp("Also write each chart as a standalone SVG file into this directory (created if missing).", valueName: "DIR"))
    var svg: String?

    @Option(help: ArgumentHelp("Baseline sample (e.g. the training data) for score PSI and CSI, as 'credit monitor' BASE.", valueName: "CSV"))
    var baseline: String?

    @Option(help: ArgumentHelp("Monthly performance CSV for vintage curves, as 'credit vintage' reads it.", valueName: "CSV"))
    var performance: String?

    @Option(help: "Days past due that make a loan bad (vintage curves).")
    var badDpd: Double = 90

    @Option(help: "Longest month on book to show (vintage curves; default: the longest in the data).")
    var maxMob: Int?

    @OptionGroup(title: "Performance file columns (--performance)") var performanceColumns: PerformanceColumnOptions

    @Option(help: ArgumentHelp("Column of DATA whose values are groups: adds a fairness section at --cutoff (as credit fairness).", valueName: "COL"))
    var group: String?

    @Option(help: ArgumentHelp("The cut-off, as validate's: of the confusion matrix and costs (classed bad below it in points for scorecards; above it as a PD for other models or with --by pd), a row of the strategy table, and with --group the approve rule of the fairness section (default: the Bayes cut-off of the costs, and no fairness section).", valueName: "CUTOFF"))
    var cutoff: Double?

    @Option(help: ArgumentHelp("Cost of classing a bad as good, as validate's (German credit: 5).", valueName: "COST"))
    var costBadAsGood: Double = 5

    @Option(help: ArgumentHelp("Cost of classing a good as bad, as validate's (German credit: 1).", valueName: "COST"))
    var costGoodAsBad: Double = 1

    @Option(help: ArgumentHelp("Scale of --cutoff: points (scorecards' default) or pd (other models' default and only scale).", valueName: "SCALE"))
    var by: ScoreScale?

    @OptionGroup var outcome: OutcomeOptions

    @Option(help: ArgumentHelp("With --group: the reference group (default: the group with the most rows).", valueName: "LEVEL"))
    var reference: String?

    @Option(help: ArgumentHelp("With --group: band edges for a numeric column, strictly increasing: E1,E2,…", valueName: "EDGES"))
    var bands: String?

    @Option(help: ArgumentHelp("Strategy table: profit per good approved (as credit strategy).", valueName: "G"))
    var gainGood: Double = 1

    @Option(help: ArgumentHelp("Strategy table: loss per bad approved (as credit strategy).", valueName: "L"))
    var lossBad: Double = 5

    @Flag(help: "Write the applicants-only page (no outcome metric), even when DATA has the target column.")
    var applicantsOnly = false

    @OptionGroup var intervals: IntervalOptions

    @OptionGroup var input: InputOptions

    func validate() throws {
        try intervals.check()
        try validateBadDpd(badDpd)
        try requireOption("--max-mob", maxMob, in: 1...PerformanceData.maxMonthsOnBook)
        if output == "-" { throw ValidationError("-o must name a file (the report is HTML, not for the terminal)") }
        if [data, baseline, performance].filter({ $0 == "-" }).count > 1 { throw ValidationError("only one input can be '-' (standard input)") }
        if group == nil, reference != nil || bands != nil { throw ValidationError("--reference and --bands need --group") }
        if group != nil, cutoff == nil {
            throw ValidationError("--group needs --cutoff: the score (scorecards) or PD at which an applicant is approved (e.g. --cutoff 540 or --cutoff 0.2)")
        }
        try requireOption("--cutoff", cutoff, .finite)
        try requireOption("--cost-bad-as-good", costBadAsGood, .positive)
        try requireOption("--cost-good-as-bad", costGoodAsBad, .positive)
        // As 'credit strategy': a gain or a loss may be 0 (only the other then counts), never negative.
        try requireOption("--gain-good", gainGood, .atLeast(0))
        try requireOption("--loss-bad", lossBad, .atLeast(0))
        if applicantsOnly, group != nil || performance != nil {
            throw ValidationError("--applicants-only has no outcomes: --group and --performance need them")
        }
        _ = try parseBandEdges(bands)
    }

    func run() throws {
        try runMetricsReportingErrors {
            let inputs: [(String, String?)] = [("MODEL", model), ("DATA", data), ("--baseline", baseline), ("--performance", performance)]
            try checkOutputs([("-o", output)], inputs: inputs)
            if let svg { try checkChartDirectory(svg, against: inputs + [("-o", output)]) }
            // Opened first: a bad output path fails before any work, and nothing is written until the report and
            // its --svg charts are committed together at the end.
            let outputs = OutputGroup()
            defer { outputs.abandon() }
            let out = outputs.add(try AtomicOutput(path: output))
            let credit = try CreditModel.load(path: model)
            let scale = try cutoffScale(by, cutoff: cutoff, model: credit, path: model)
            let spec = outcome.spec(for: credit)
            var options = credit.readingOptions(try input.csvOptions())
            let edges = try parseBandEdges(bands)
            if let group, edges != nil, options.columnTypes[group] == nil { options.columnTypes[group] = .numeric }
            let table = try readTable(data, options: options)
            // A --target the file lacks is a mistake, not an applicants file.
            if let target = outcome.target { try requireColumn(target, in: table.columnNames, source: table.source, option: "--target") }
            if applicantsOnly || table[spec?.column ?? credit.target.column] == nil {
                if group != nil || performance != nil {
                    throw UsageError(description: "\(table.source) has no column '\(credit.target.column)', the model's target: the applicants-only page has no outcomes, and --group and --performance need them")
                }
                let page = try applicantsPage(credit, table: table, options: options, scale: scale)
                try writeCharts(page.charts(), outputs: outputs, inputs: inputs)
                try out.write(page.html())
                try outputs.commit()
                return
            }
            // The scoring path of `credit validate`: model PDs, rows without a PD or a target left out and counted.
            let sample = try evaluationSample(credit, path: model, table: table, target: spec, needs: "the report")
            // The metrics of validate: its costs, and --cutoff on its scale (scores compared in points for a scorecard).
            var evaluationOptions = intervals.evaluationOptions
            evaluationOptions.costs = CostMatrix(badClassedGood: costBadAsGood, goodClassedBad: costGoodAsBad)
            evaluationOptions.cutoff = cutoff
            if scale == .points, cutoff != nil { evaluationOptions.points = sample.points }
            let (outcomes, evaluation) = try evaluate(sample, options: evaluationOptions)
            // The ROC band uses the same bootstrap settings (and so the same resamples) as the other intervals.
            let rocBand = intervals.bootstrap > 0
                ? try ROCBand(outcomes, replicates: intervals.bootstrap, seed: intervals.seed, confidenceLevel: intervals.confidence) : nil

            var report = HTMLReport(title: title ?? "Model report: \(model) on \(table.source)", modelPath: model, dataSource: table.source,
                                    model: credit, outcomes: outcomes, evaluation: evaluation,
                                    points: sample.points,
                                    rowsIn: table.rowCount, rowsRejected: sample.rejectedByModel, rowsMissingTarget: sample.missingTarget)
            report.rocBand = rocBand
            report.modelFit = failedFit(credit, path: model, stderr: true)
            report.pointsView = try sample.pointsEvaluation(scaling: credit.scorecard?.scaling, bands: intervals.evaluationOptions.gainsBands)
            report.strategy = try strategyReport(credit, table: table, cutoff: cutoff.map { Cutoff($0, scale: scale) })
            if let group, let cutoff {
                report.fairness = try fairnessSection(sample, table: table, model: model, group: group, bands: edges, reference: reference,
                                                      cutoff: Cutoff(cutoff, scale: scale), confidence: intervals.confidence)
            }
            if let baseline {
                let base = try readTable(baseline, options: options)
                var o = MonitorOptions()
                o.confidenceLevel = intervals.confidence
                report.stability = try monitor(credit, path: model, base: base, recent: table, target: spec ?? credit.target, options: o)
                report.baselineSource = base.source
            }
            if let performance {
                let (data, source) = try performanceColumns.read(performance, options: try input.csvOptions())
                report.vintage = VintageAnalysis(data, badDaysPastDue: badDpd, maxMonthOnBook: maxMob)
                report.performanceSource = source
            }

            try writeCharts(report.charts(), outputs: outputs, inputs: inputs)
            try out.write(report.html())
            try outputs.commit()
        }
    }

    /// With --svg: adds each chart as a standalone SVG file to `outputs` (committed with the report).
    func writeCharts(_ charts: [Chart], outputs: OutputGroup, inputs: [(String, String?)]) throws {
        guard let svg else { return }
        do { try FileManager.default.createDirectory(atPath: svg, withIntermediateDirectories: true) } catch {
            throw OutputError(path: svg, reason: "cannot create the directory for --svg")
        }
        let files = charts.map { (svg as NSString).appendingPathComponent($0.fileName) }
        try checkOutputs([("-o", output)] + files.map { ("--svg", $0) }, inputs: inputs)
        for (chart, file) in zip(charts, files) {
            try outputs.add(AtomicOutput(path: file)).write(chart.svgFile)
        }
    }

    /// The strategy table of `credit strategy` on `table` with its defaults (10 approval bands, the model's scale
    /// and target) and --gain-good/--loss-bad; outcomes where `table` has the target.
    func strategyReport(_ credit: CreditModel, table: Table, cutoff: Cutoff? = nil, useOutcomes: Bool = true) throws -> StrategyReport {
        // --cutoff (on its scale, --by) is a row of the table, with the 10 approval bands.
        let scale: ScoreScale = cutoff?.scale ?? (credit.scorecard != nil ? .points : .pd)
        let sample: StrategySample
        do {
            sample = try StrategySample(model: credit, table: table, scale: scale)
        } catch ScoringError.missingColumns(let source, _, let inputs, _) {
            throw modelNeeds(model, inputs, source: source)
        }
        guard !sample.scores.isEmpty else {
            throw BadDataError(description: "\(table.source): the model rejected every row (\(NumberFormat.count(sample.rejected))); nothing to set a cut-off on")
        }
        var cutoffs = try StrategyTable.bandCutoffs(scores: sample.scores, scale: scale, count: 10)
        if let cutoff, !cutoffs.contains(cutoff.value) { cutoffs = (cutoffs + [cutoff.value]).sorted() }
        let strategy = try StrategyTable(scores: sample.scores, outcomes: useOutcomes ? sample.outcomes : sample.outcomes.map { _ in nil },
                                         scale: scale, cutoffs: cutoffs, economics: StrategyEconomics(gainPerGood: gainGood, lossPerBad: lossBad))
        let target = useOutcomes ? sample.target : nil
        return StrategyReport(source: table.source, model: model, scale: scale, target: target?.column, bad: target?.bad,
                              rowsIn: table.rowCount, rowsRejected: sample.rejected, rowsMissingOutcome: useOutcomes ? sample.missingOutcome : 0,
                              cutoffsFrom: cutoff.map { "bands 10 and --cutoff \(NumberFormat.significant($0.value, 10))" } ?? "bands 10", table: strategy, targetApproval: nil, targetBadRate: nil, swap: nil)
    }

    /// The applicants-only page: no outcome used, even when `table` has the target column.
    func applicantsPage(_ credit: CreditModel, table: Table, options: CSVOptions, scale: ScoreScale) throws -> ApplicantsReport {
        let outcome: ScoringOutcome
        do { outcome = try credit.score(table) } catch RegressionError.missingColumn {
            throw modelNeeds(model, credit.missingInputs(header: table.columnNames), source: table.source)
        }
        let kept = outcome.probabilities.indices.filter { !outcome.probabilities[$0].isNaN }
        guard !kept.isEmpty else {
            throw BadDataError(description: "\(table.source): the model rejected every row (\(NumberFormat.count(table.rowCount))); nothing to report")
        }
        let points: [Double]? = outcome.scorecardRows.map { cards in kept.compactMap { cards[$0].map { Double($0.score) } } }
        // Outcomes are never used on this page, even when the table has the target column.
        var page = ApplicantsReport(title: title ?? "Applicants report: \(model) on \(table.source)", modelPath: model, dataSource: table.source,
                                    model: credit, probabilities: kept.map { outcome.probabilities[$0] }, points: points,
                                    rowsIn: table.rowCount, rowsRejected: table.rowCount - kept.count,
                                    strategy: try strategyReport(credit, table: table, cutoff: cutoff.map { Cutoff($0, scale: scale) }, useOutcomes: false))
        if let baseline {
            let base = try readTable(baseline, options: options)
            var o = MonitorOptions()
            o.confidenceLevel = intervals.confidence
            page.stability = try monitor(credit, path: model, base: base, recent: table, target: nil, options: o)
            page.baselineSource = base.source
        }
        return page
    }

    /// Refuses (exit 64), before any work, an input or the -o file that --svg would overwrite: a file named
    /// chart-*.svg in the --svg directory (symbolic links followed).
    func checkChartDirectory(_ directory: String, against paths: [(String, String?)]) throws {
        let given = paths.compactMap { name, path in path.map { (name: name, path: $0) } }
        guard let (name, path, file) = PathNames.firstFile(in: directory, matching: { $0.hasPrefix("chart-") && $0.hasSuffix(".svg") },
                                                           among: given) else { return }
        throw UsageError(description: "--svg \(directory) would overwrite \(file) there, which is "
            + (name == "-o" ? "the output -o" : "the input \(name)") + " (\(path)); choose another directory for the charts")
    }
}
