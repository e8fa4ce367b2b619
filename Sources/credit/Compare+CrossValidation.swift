import ArgumentParser
import CreditExperiments
import Foundation
import CreditMetrics
import CreditRegression
import CreditReports
import CreditTabular
import CreditSupport
extension FoldMetric: ExpressibleByArgument {}
extension FitFailurePolicy: ExpressibleByArgument {}

/// `credit compare --cv K | --nx2 N`: model configurations cross-validated on one or more datasets.
struct CrossValidationArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Cross-validate model configurations with stratified K-fold CV on each DATA file (instead of comparing --scores/--models).", valueName: "K"))
    var cv: Int?

    @Option(help: ArgumentHelp("With --cv: repeat the K-fold split N times (each repetition newly shuffled).", valueName: "N"))
    var repeats: Int?

    @Option(help: ArgumentHelp("N×2-fold CV (Dietterich 1998; Lessmann et al. 2015): the same as --cv 2 --repeats N.", valueName: "N"))
    var nx2: Int?

    @Option(help: ArgumentHelp("Configurations, comma-separated (repeatable): lr, firth, ridge, lasso, elastic-net (λ by inner CV, or NAME:λ for a fixed λ, e.g. lasso:0.01), scorecard (default: lr,scorecard).", valueName: "NAME,..."))
    var configs: [String] = []

    @Option(help: ArgumentHelp("Elastic-net mix α in [0, 1] for the elastic-net configuration (default: 0.5).", valueName: "α"))
    var mix: Double?

    @Option(help: ArgumentHelp("Folds of the inner λ cross-validation, run on each outer fold's training rows (default: 5).", valueName: "K"))
    var innerFolds: Int?

    @Option(name: .customLong("lambda-rule"), help: "The λ the inner cross-validation keeps: min or 1se (default: 1se).")
    var lambdaRule: LambdaRule?

    @Option(help: "Metric ranked by the Friedman test and the paired tests: auc, gini, ks, brier, log_loss, h_measure, emp, partial_gini, ece (default: auc).")
    var rankBy: FoldMetric?

    @Option(name: .customLong("cv-by"), help: ArgumentHelp("With --cv K: time-ordered folds by this date column (ISO YYYY-MM-DD or YYYY-MM, or a number such as 202401) instead of random ones: rows sorted by date and cut into K + 1 blocks of equal counts of rows (a date never split), fold k trains on every row before its cut and tests on the next block (rolling origin, out of time). The column is not a predictor.", valueName: "DATE_COL"))
    var cvBy: String?

    @Option(help: ArgumentHelp("With --cv/--nx2: write every configuration's out-of-fold PDs to this CSV (dataset, configuration, row, line, repetition, fold, target, pd; as train --oof).", valueName: "FILE"))
    var oof: String?

    @Option(help: ArgumentHelp("With --cv/--nx2: columns that are not predictors, comma-separated (repeatable).", valueName: "COL,..."))
    var exclude: [String] = []

    @Option(name: .customLong("on-fit-failure"), help: ArgumentHelp("A fold fit that did not converge, was quasi-separated or hit the iteration limit: warn (count it, keep its metrics; default), exclude (leave its fold out of the summaries and the Friedman test) or error (stop, exit 65).", valueName: "POLICY"))
    var onFitFailure: FitFailurePolicy?

    @Option(name: .customLong("missing-coding"), help: ArgumentHelp("With --cv/--nx2: missing predictor values in the regression configurations (lr, firth, ridge, lasso, elastic-net): drop (leave the row out of every configuration, the scorecard's too, so all are compared on the same rows; default) or indicator (keep every row with a target: each fold's regression fills a numeric column with its training mean plus a COL=missing term, and gives a categorical one a 'missing' level). One setting for all configurations; the scorecard always bins missing values.", valueName: "drop|indicator"))
    var missing: MissingValueCoding?

    var enabled: Bool { cv != nil || nx2 != nil }
    var configList: [String] {
        let list = commaSeparated(configs, trimming: true, keepingEmpty: true)
        return list.isEmpty ? ["lr", "scorecard"] : list
    }
    var excluded: Set<String> { Set(commaSeparated(exclude, trimming: true)) }

    func validate() throws {
        try requireOption("--cv", cv, in: 2...CrossValidationPlan.maxFolds)
        try requireOption("--nx2", nx2, in: 1...CrossValidationPlan.maxRepetitions)
        try requireOption("--repeats", repeats, in: 1...CrossValidationPlan.maxRepetitions)
        if let k = cv, let n = repeats, k * n > CrossValidationPlan.maxFoldFits {
            throw ValidationError("--cv \(k) --repeats \(n) fits every configuration \(k * n) times; at most \(NumberFormat.count(CrossValidationPlan.maxFoldFits)) folds in all")
        }
        if cv != nil && nx2 != nil { throw ValidationError("--cv and --nx2 are two fold schemes; choose one (--nx2 N is --cv 2 --repeats N)") }
        if repeats != nil && cv == nil { throw ValidationError("--repeats needs --cv (--nx2 sets its own repetitions)") }
        if cvBy != nil {
            if cv == nil { throw ValidationError("--cv-by needs --cv K (the number of time-ordered test blocks); --nx2 folds are random") }
            if repeats != nil { throw ValidationError("--cv-by folds are fixed by the dates and cannot be repeated; drop --repeats") }
            if cvBy!.isEmpty { throw ValidationError("--cv-by needs a column name") }
        }
        if let m = rankBy, !m.isRankable {
            throw ValidationError("--rank-by \(m.rawValue) cannot rank configurations (its best value is not an end of the scale); use one of \(FoldMetric.rankable.map(\.rawValue).joined(separator: ", "))")
        }
        try requireOption("--mix", mix, .closed(0, 1))
        try requireOption("--inner-folds", innerFolds, in: 2...ModelConfiguration.maxInnerFolds)
        if !enabled {
            let given: [(String, Bool)] = [("--configs", !configs.isEmpty), ("--mix", mix != nil), ("--inner-folds", innerFolds != nil),
                                           ("--lambda-rule", lambdaRule != nil), ("--rank-by", rankBy != nil), ("--exclude", !exclude.isEmpty),
                                           ("--cv-by", cvBy != nil), ("--oof", oof != nil), ("--on-fit-failure", onFitFailure != nil),
                                           ("--missing-coding", missing != nil)]
            if let flag = given.first(where: \.1) { throw ValidationError("\(flag.0) needs --cv K or --nx2 N") }
            return
        }
        let list = configList
        if list.contains(where: \.isEmpty) { throw ValidationError("--configs has an empty name") }
        if Set(list).count != list.count { throw ValidationError("--configs names a configuration twice") }
        let parsed = try configurations()
        let crossValidatedLambda = parsed.contains(where: \.choosesLambdaByInnerCV)
        if mix != nil && !list.contains(where: { $0.hasPrefix("elastic-net") }) { throw ValidationError("--mix needs the elastic-net configuration") }
        if (innerFolds != nil || lambdaRule != nil) && !crossValidatedLambda {
            throw ValidationError("--inner-folds and --lambda-rule need a penalised configuration without a fixed λ (e.g. lasso, not lasso:0.01)")
        }
    }

    func configurations() throws -> [ModelConfiguration] {
        do {
            return try configList.map {
                try ModelConfiguration(parsing: $0, mix: mix ?? 0.5, rule: lambdaRule ?? .oneStandardError, innerFolds: innerFolds ?? 5)
            }
        } catch let e as ExperimentError {
            throw ValidationError("--configs: \(e.description)")
        }
    }

    func options(seed: UInt64, confidence: Double) -> CrossValidationOptions {
        var o = CrossValidationOptions()
        o.folds = nx2 != nil ? 2 : cv!
        o.repeats = nx2 ?? repeats ?? 1
        o.seed = seed
        o.confidenceLevel = confidence
        o.rankMetric = rankBy ?? .auc
        o.exclude = excluded
        o.timeOrder = cvBy
        o.onFitFailure = onFitFailure ?? .warn
        o.missing = missing ?? .drop
        return o
    }

    /// Reads every DATA file, cross-validates the configurations on each, compares across files when several.
    func run(data: [String], target: String, bad: String, metrics: MetricsOptions, input: InputOptions, csvSafe: Bool) throws {
        try runMetricsReportingErrors {
            if oof != nil { try checkOutputs([("--oof", oof)], inputs: data.map { ("DATA", $0) }) }
            let configurations = try configurations()
            let options = options(seed: metrics.intervals.seed, confidence: metrics.intervals.confidence)
            var results: [CrossValidatedComparison] = []
            for path in data {
                let table = try readTable(path, options: try input.csvOptions())
                try requireColumn(target, in: table, option: "--target")
                for name in options.exclude.sorted() { try requireColumn(name, in: table, option: "--exclude") }
                if let dateColumn = cvBy {
                    try requireColumn(dateColumn, in: table, option: "--cv-by")
                    if dateColumn == target { throw UsageError(description: "--cv-by '\(dateColumn)' is the target") }
                }
                let bar = ProgressBar()
                defer { bar.finish() }
                do {
                    results.append(try CrossValidatedComparison(table: table, target: target, bad: bad, configurations: configurations,
                                                                options: options) { done, total in
                        bar.update("cross-validating \(path): fit \(done) of \(total)", fraction: Double(done) / Double(total))
                    })
                    bar.finish()
                    if let d = results.last, options.missing == .drop, configurations.contains(where: \.isRegression) {
                        let predictors = table.columnNames.filter { $0 != target && !options.exclude.contains($0) && $0 != cvBy }
                        if let line = MissingValueDrops.line(table: table, usedRows: d.rows, target: target, predictors: predictors) {
                            printError("\(table.source): \(line)\(MissingValueHelp.keepThem)")
                        }
                    }
                } catch let e as ExperimentError {
                    throw BadDataError(description: "\(table.source): \(e.withFlags)")
                } catch let e as RegressionError {
                    throw BadDataError(description: "\(table.source): \(e.withFlags)")
                }
            }
            var across: DatasetComparison?
            var note: String?
            if results.count >= 2 {
                do { across = try DatasetComparison(results, metric: options.rankMetric, confidenceLevel: options.confidenceLevel) } catch {
                    note = "the comparison across datasets was not computed: \(error)"
                }
            } else if configurations.count >= 2 {
                note = "give several DATA files for the Friedman test across datasets (Demšar 2006)"
            }
            if metrics.format == .csv || metrics.format == .latex {
                for d in results {
                    for c in d.configurations { if let w = c.failureSummary { printError("warning: \(d.source): \(c.configuration.label): \(w)") } }
                }
            }
            let report = CrossValidatedComparisonReport(datasets: results, acrossDatasets: across, acrossDatasetsNote: note)
            if let path = oof {
                let quote = { (s: String) in CSVWriter.escapedField(s, csvSafe: csvSafe) }
                let text = "dataset,configuration," + OutOfFoldPredictionsCSV.header + "\n"
                    + results.map { $0.outOfFoldPredictionsCSVLines(quote: quote) }.joined()
                try writeFileAtomically(path: path, bytes: Array(text.utf8))
            }
            print(report.render(metrics.format, csvSafe: csvSafe), terminator: "")
            if let path = oof { progress("out-of-fold predictions written to \(path)") }
        }
    }
}
