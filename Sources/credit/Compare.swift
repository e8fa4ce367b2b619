import ArgumentParser
import Foundation
import CreditMetrics
import CreditReports
import CreditModelFile
import CreditRegression
import CreditTabular
import CreditSupport
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare score columns and saved models with paired tests, or cross-validate model configurations (--cv/--nx2).",
        discussion: """
        Every score is evaluated on the same rows: rows with a missing target, a missing score in any compared \
        column, or rejected by any compared model are left out (and counted), so the paired tests are paired. \
        Direction: a higher score means riskier (as a PD). Use --higher-is-safer for --scores columns where a \
        higher value means safer (scorecard points); they are negated before evaluation. Model PDs from \
        --models are always riskier-is-higher.

        For each score: AUC with its DeLong CI, Gini, KS, H-measure (R hmeasure default prior), EMP, Brier (when \
        the score is a probability); the full set as 'credit validate' in --format csv or json. For each pair: \
        the paired DeLong test of the AUCs (as pROC roc.test) with Holm-adjusted p-values over all pairs, and \
        stratified, seeded percentile bootstrap intervals of the differences in AUC, KS, H, EMP and Brier.

        Examples:
          credit compare scored.csv --target default --scores pd_logit,pd_xgb
          credit compare scored.csv --target status --bad default --scores points --higher-is-safer --scores pd_new
          credit compare holdout.csv --target default --models out/a.json out/b.json --format latex
          credit compare holdout.csv --target default --scores pd_vendor --models out/model.json --bootstrap 0
          credit compare holdout.csv --target default --scores pd_vendor

        One score alone is evaluated as in 'credit validate DATA --score COL' (no pairs). A model whose fit did not \
        converge, was quasi-separated or stopped at its iteration limit (as its file records) is compared with a \
        warning line naming it (JSON: modelFits; with --format csv or latex on standard error).

        Cross-validated comparison (--cv K [--repeats N] or --nx2 N): fits each --configs configuration on the \
        training rows of every fold of seeded stratified CV (--seed seeds the folds; every configuration sees the same \
        folds) and scores the test rows; nothing of a fold's test rows (targets, levels, bins, λ) reaches its model. \
        Reports per fold and the mean, SD and t interval across folds (--confidence) of AUC, Gini, KS, Brier, log \
        loss, H-measure, EMP and partial Gini, with the Friedman test, Nemenyi critical difference (α = 1 − \
        --confidence) and Holm-corrected pairwise tests over the folds on --rank-by; with several DATA files, the \
        same across datasets on the mean metric (Demšar 2006). Penalised configurations without a fixed λ choose it \
        by an inner --inner-folds CV on each training part only (--lambda-rule). --bootstrap and the cost options \
        do not apply.

        Calibration per fold: the intercept and slope of the logistic recalibration y ~ a + b·logit(PD) and the ECE \
        over 10 equal-width PD bins. Paired tests of every pair of configurations on --rank-by, Holm-adjusted over \
        the pairs: with --nx2 N, Dietterich's 5×2cv paired t (N df) and Alpaydın's combined 5×2cv F (2N, N df); \
        with --cv K (K ≥ 3, any --repeats), the Nadeau–Bengio corrected resampled t, whose variance term \
        1/folds + n_test/n_train allows for the overlap of the training sets. Across fewer than 11 datasets the \
        Friedman p-values are not reported (Demšar 2006: N > 10 for the χ² approximation); the ranks are shown \
        with a warning. --oof FILE writes every configuration's out-of-fold PDs. --cv-by DATE_COL makes the \
        --cv K folds time-ordered (rolling origin): the rows sorted by date are cut into K + 1 blocks of equal \
        counts of rows (one date never split), and fold k trains on all rows before its cut and tests on the \
        next block, so every test row is later than the rows its model saw; rows without a date are an error. \
        Rows with a missing predictor are left out of every configuration (one line on standard error says how \
        many) unless --missing-coding indicator keeps them: each fold's regressions then fill and flag missing \
        values from their training rows (as train --missing-coding indicator). Each fold's training and test rows \
        are printed.

        Examples (cross-validation):
          credit compare datasets/german_credit.csv --target default --cv 5 --configs lr,firth,lasso,ridge,scorecard
          credit compare a.csv b.csv c.csv --target bad --nx2 5 --configs lr,lasso:0.01,scorecard --seed 7 --format latex
          credit compare loans.csv --target bad --cv 10 --repeats 3 --configs lr,elastic-net --mix 0.3 --rank-by brier
          credit compare loans.csv --target bad --cv 4 --cv-by application_date --configs lr,scorecard --oof oof.csv
          credit compare datasets/small_borrowers.csv --target default --exclude loan_id,application_date,true_pd --cv 5 --configs lr,firth,lasso,scorecard --missing-coding indicator
        """
    )

    @Argument(help: "CSV with the target and the score columns ('-' reads standard input); with --cv/--nx2, one or more datasets.")
    var data: [String]

    @Option(help: "Target column (binary).")
    var target: String

    @Option(help: "Target value that means bad.")
    var bad: String = "1"

    @Option(help: ArgumentHelp("Score columns to compare, comma-separated (repeatable).", valueName: "COL,..."))
    var scores: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Model files to score DATA with and compare.", valueName: "MODEL.json"))
    var models: [String] = []

    @Flag(help: "The --scores columns are higher = safer (e.g. scorecard points); negate them.")
    var higherIsSafer = false

    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions
    @OptionGroup(title: "Cross-validated comparison") var crossValidation: CrossValidationArguments

    private var scoreColumns: [String] { commaSeparated(scores, trimming: true) }

    func validate() throws {
        try metrics.requirePDCutoff()
        if crossValidation.enabled {
            if !scoreColumns.isEmpty || !models.isEmpty { throw ValidationError("--cv/--nx2 fit their own models; --scores and --models compare given scores (choose one)") }
            if higherIsSafer { throw ValidationError("--higher-is-safer applies to --scores, not to --cv/--nx2") }
            if metrics.cutoff != nil || metrics.intervals.bootstrap != 1000 || metrics.costBadAsGood != 5 || metrics.costGoodAsBad != 1 {
                throw ValidationError("--bootstrap, --cutoff and the cost options do not apply to --cv/--nx2")
            }
            if data.contains("-") && data.count > 1 { throw ValidationError("'-' (standard input) can only be the only DATA") }
            if let (a, b) = PathNames.firstSameFile(in: data) {
                throw ValidationError("DATA '\(a)' and '\(b)' are the same file; the comparison across datasets (Friedman, Demšar 2006) would count it twice — give each dataset once")
            }
            return
        }
        if data.count != 1 { throw ValidationError("several DATA files need --cv K or --nx2 N (a comparison across datasets)") }
        let columns = scoreColumns
        if columns.contains(where: \.isEmpty) { throw ValidationError("--scores has an empty column name") }
        if Set(columns).count != columns.count { throw ValidationError("--scores names a column twice") }
        if columns.count + models.count < 1 {
            throw ValidationError("compare needs a score: give --scores COL[,COL2] and/or --models A.json [B.json] (one score is evaluated alone, as validate; two or more are also compared pairwise)")
        }
        if columns.contains(target) { throw ValidationError("--target '\(target)' is also listed in --scores") }
    }

    func run() throws {
        if crossValidation.enabled {
            return try crossValidation.run(data: data, target: target, bad: bad, metrics: metrics, input: input, csvSafe: csvOutput.csvSafe)
        }
        let data = data[0]
        try runMetricsReportingErrors {
            let loaded = try models.map { ($0, try CreditModel.load(path: $0)) }
            var options = try input.csvOptions()
            for column in scoreColumns where options.columnTypes[column] == nil { options.columnTypes[column] = .numeric }
            for (_, m) in loaded { options = m.readingOptions(options) }
            options.typedColumnsMustExist = false
            let table = try readTable(data, options: options)
            // Models are named by their file stem, or by their path when stems clash or name a score column.
            let named = zip(ComparisonSample.modelNames(paths: models, scoreColumns: scoreColumns), loaded).map { (name: $0, model: $1.1) }
            let sample: ComparisonSample
            do {
                sample = try ComparisonSample(table: table, target: TargetSpec(column: target, bad: bad), scoreColumns: scoreColumns,
                                              negateScoreColumns: higherIsSafer, models: named)
            } catch EvaluationError.missingColumns(let source, let header, let columns) {
                throw noSuchColumn(columns[0], option: columns[0] == target ? "--target" : "--scores", source: source, columns: header)
            } catch EvaluationError.scoreColumnNotNumeric(let source, let column) {
                throw BadDataError(description: "\(source): score column '\(column)' is not numeric")
            } catch EvaluationError.modelMissingColumns(let source, let name, let columns) {
                throw modelNeeds(loaded[named.firstIndex { $0.name == name }!].0, columns, source: source)
            } catch EvaluationError.noComparableRows(let source) {
                throw BadDataError(description: "\(source): no row has a target and every compared score")
            }
            let names = sample.names, isBad = sample.isBad, kept = sample.scores
            progress("comparing \(names.count) scores on \(isBad.count) rows")
            let comparison = try withBootstrapProgress(metrics.evaluationOptions) {
                try Comparison(names: names, scores: kept, isBad: isBad, options: $0)
            }
            var report = ComparisonReport(source: table.source, target: target, bad: bad, rowsIn: table.rowCount,
                                          rowsExcluded: sample.rowsExcluded, higherIsSafer: higherIsSafer, comparison: comparison)
            report.higherIsSaferLabel = "--higher-is-safer"
            // A model whose fit failed is still compared, with a warning line (JSON: modelFits).
            let failed = named.filter { !$0.model.fit.status.isSound }
            if !failed.isEmpty {
                report.modelFits = Dictionary(uniqueKeysWithValues: failed.map { ($0.name, $0.model.fit.status) })
                if metrics.format == .csv || metrics.format == .latex {
                    for m in failed { printError("warning: the model \(m.name) \(m.model.fit.status.message!)") }
                }
            }
            print(report.render(metrics.format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }
}
