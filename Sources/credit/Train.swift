import ArgumentParser
import Foundation
import CreditRegression
import CreditReports
import CreditScorecard
import CreditModelFile
import CreditTabular
import CreditSupport
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a logistic regression of a binary target; print the coefficient table; save the model.",
        discussion: """
        Every column except the target and --exclude'd ones is a predictor. Numeric columns enter as they are; \
        categorical columns are one-hot coded against a reference level (the first level in sorted order unless \
        --reference says otherwise). Rows with a missing target or predictor are left out and counted (one line on \
        standard error says how many); with --missing-coding indicator only a missing target leaves a row out: a numeric \
        column with missing values in training takes its training mean there plus a term COL=missing (1 when \
        missing), a categorical one a level 'missing'; the fill and the terms are saved in the model and applied by \
        score, export --sql and export --pmml (a column without missing values in training still rejects a row \
        missing it at scoring). \
        The fit is Newton/IRLS on LAPACK; standard errors come from the inverse Fisher information. \
        Separation and collinear columns are reported, never hidden.

        Reject inference (--scorecard --rejected REJECTS.csv --reject-inference METHOD): the card is trained on the accepts (DATA), scores the rejects, and its WoE regression is refitted with frequency weights on the augmented sample, keeping the accepts-only bins and WoE. hard-cutoff: a reject with PD ≥ --reject-cutoff (default: the accepts' bad rate) is bad, else good. fuzzy: each reject is bad with weight p and good with weight 1 − p (p its PD). parcelling: in each of --reject-bands equal-count bands of the accepts' PD, rejects are bad at the band's accepts bad rate × --parcel-uplift, the highest-PD rejects of the band first (deterministic, no seed). augmentation: accepts are weighted by 1/P(accept | band), bands over accepts and rejects; no reject enters the fit. The model records the method and its parameters.

        A file too large for memory (about 3 × its size above --memory-limit, default half of RAM), or any file with --out-of-core, is trained out of core: streamed into a temporary columnar cache on disk and fitted chunk by chunk with the same estimates, so memory does not grow with the rows (plain maximum likelihood only; no Hosmer–Lemeshow test). With --scorecard the bins are found from counts (exact goods and bads per distinct value while a column has at most 200,000 distinct values, which gives the in-memory bins; beyond that, fine classes on a grid of 4,096 quantile-sketch values plus the exact equal-frequency cut points, with exact counts per cell, so only the optimal method's tree cuts are approximate), then the WoE regression is fitted chunk by chunk and scaled to the same points; --bins, --max-correlation, --max-vif and --reason-reference cutoff are not available there.

        With --scorecard, --select forward|backward|stepwise (with --select-by, --p-enter/--p-leave, --force, --select-max-vif, --select-from-full) selects characteristics on the WoE design after the binning's filters: each characteristic is one WoE column, so it enters or leaves whole, and the selected ones are the card's (the others are listed as excluded, with the selection's reason). Under WoE = ln(%bad/%good) a characteristic that ranks risk as the data do has a positive coefficient, so scorecard selection requires positive coefficients by default (--require-sign positive): a candidate card with a negative one is not accepted. A backward selection (or --select-from-full) first removes, one at a time, the characteristic with the most negative Wald z until no coefficient is negative (steps "by sign"). --collinearity prints the VIF, condition number and correlation of the final WoE design. --firth fits the WoE regression by Firth's penalised likelihood and scales the points from its coefficients (a selection still compares maximum-likelihood fits). --cv-folds K (with --cv-repeats, --seed, --oof FILE) gives out-of-fold PDs in which the bins, WoE, filters, selection and fit are all re-learned on each fold's training rows alone, so no fold's card has seen the rows it predicts. --penalty ridge|lasso|elastic-net with one --lambda λ (glmnet's scale; --mix for elastic-net) fits the WoE regression penalised and scales the points from its coefficients; a characteristic whose lasso or elastic-net coefficient is 0 leaves the card (it would give every bin the same points) and is listed as excluded. A λ chosen by cross-validation is not offered with --scorecard: it would be chosen on bins and WoE learned from every row. --weight COL (frequency weights, each ≥ 0; row i counts wᵢ times) weights the binning (fine classes, search, size constraints, WoE, IV) and the WoE regression (and the selection's, Firth's and the penalised fits, the cross-validation folds' cards, the average and cut-off reason references); with whole-number weights the card is the card of the file with each row repeated wᵢ times. Not yet with --scorecard: --marginal-effects; out of core none of these.

        Data in a SQL engine (--db sqlite:///loans.db or postgresql://user@host/db, --table NAME, optionally --where PREDICATE): the columns' kinds, levels and missing values are found by queries, read as the CSV reader reads a file (a table of text made by `sqlite3 .import` reads like its CSV), and each Newton step is one aggregate query returning X'WX, X'(y − p) and the log-likelihood; only those sums leave the engine, and the model equals the one trained on the same rows as a CSV (to rounding). --where is your own SQL, inserted as written; table and column names are quoted identifiers; every value is a bound parameter. --show-sql prints the statements. Plain maximum likelihood only (with --exclude, --reference, --bad, --population-bad-rate); not yet with --db: --scorecard, weights, penalties, selection, cross-validation, --missing-coding indicator. The model file records the URL (never a password), table, predicate and rows.

        Examples:
          credit train datasets/german_credit.csv --target default -o out/model.json
          credit train loans.csv --target status --bad default --exclude id,branch --format json
          credit train loans.csv --target bad --reference purpose=car --reference housing=own
          credit train sex2.csv --target case --firth
          credit train loans.csv --target bad --weight w --population-bad-rate 0.04
          credit train loans.csv --target bad --penalty lasso --cv-folds 10 --seed 7 --lambda-rule 1se
          credit train loans.csv --target bad --select stepwise --select-by bic --force income --select-max-vif 5
          credit train loans.csv --target bad --collinearity --marginal-effects both --cv-folds 2 --cv-repeats 5
          credit train datasets/small_borrowers.csv --target default --exclude loan_id,application_date,true_pd --missing-coding indicator -o model.json
          credit train datasets/german_credit.csv --target default --scorecard --pdo 20 --base-score 600 --base-odds 50 -o card.json
          credit train datasets/german_credit.csv --target default --scorecard --select stepwise --force duration_in_month --collinearity
          credit train datasets/german_credit.csv --target default --scorecard --penalty lasso --lambda 0.01 --cv-folds 5 --oof oof.csv
          credit train loans.csv --target bad --exclude id --scorecard --weight w -o card.json
          credit train big.csv --target bad --out-of-core --cache-dir /scratch -o model.json
          credit train big.csv --target bad --scorecard --out-of-core --special bureau=-999 -o card.json
          credit train --db sqlite:///loans.db --table applications --where "channel = 'web'" --target default --show-sql -o model.json
          PGPASSWORD=… credit train --db postgresql://credit@warehouse/risk --table loans_2025 --target bad --exclude id -o model.json
          credit train accepts.csv --target default --exclude loan_id --scorecard --rejected rejects.csv --reject-inference parcelling --reject-bands 10 --parcel-uplift 2 -o card.json
        """
    )

    @Argument(help: ArgumentHelp("Training CSV with a header row ('-' reads standard input); leave it out with --db.", valueName: "data"))
    var dataPath: String?
    /// The CSV (validate() makes sure it is given unless --db is).
    var data: String { dataPath ?? "-" }

    @Option(help: "Target column (binary).")
    var target: String

    @Option(help: "Target value that means bad; the model predicts its probability.")
    var bad: String = "1"

    @Option(help: ArgumentHelp("Columns to leave out, comma-separated (repeatable).", valueName: "COL,..."))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Reference level of a categorical column, repeatable.", valueName: "COL=LEVEL"))
    var reference: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Write the model file (JSON) here.")
    var output: String?

    @Option(help: "Maximum Newton iterations.")
    var maxIterations: Int = 100

    @Option(help: "Most levels a categorical predictor may have (one design column each); more is an error.")
    var maxLevels: Int = 1000

    @Option(help: "Output format: text, json, csv or markdown.")
    var format: OutputFormat = .text

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Scorecard") var card: ScorecardOptions

    @OptionGroup(title: "Weights, Firth, penalties, selection, diagnostics, cross-validation") var regression: RegressionOptions

    @OptionGroup(title: "Data larger than memory") var outOfCoreOptions: OutOfCoreOptions

    @OptionGroup var csvOutput: CSVSafetyOptions

    @OptionGroup(title: "Reject inference (with --scorecard)") var rejects: RejectInferenceOptions

    @OptionGroup(title: "Data in a SQL engine (plain logistic regression)") var engine: EngineOptions

    func validate() throws {
        try engine.validate(data: dataPath)
        try requireOption("--max-iterations", maxIterations, in: 1...LogisticRegressionOptions.maxIterationsLimit)
        try requireOption("--max-levels", maxLevels, in: 1...DesignOptions.maxLevelsLimit,
                          "one design column per level; the design's size is also checked against --memory-limit")
        if card.scorecard && regression.missing == .indicator {
            throw ValidationError("--missing-coding indicator does not apply to --scorecard: the scorecard keeps every row and bins missing values (a missing bin of their own)")
        }
        if card.scorecard, let flag = regression.givenFlags.first(where: { !ScorecardOptions.regressionFlags.contains($0) }) {
            throw ValidationError("\(flag) does not apply to --scorecard yet (of the fit options the scorecard's WoE regression takes \(ScorecardOptions.regressionFlags.joined(separator: ", ")))")
        }
        if card.scorecard { try ScorecardOptions.checkFitOptions(regression) }
        for spec in reference where !spec.contains("=") {
            throw ValidationError("--reference expects COL=LEVEL (got '\(spec)')")
        }
        if output == "-" { throw ValidationError("-o must name a file (the report goes to standard output)") }
        try rejects.validate(scorecard: card.scorecard, otherFlags: regression.givenFlags, reasonReference: card.reasonReference,
                             outOfCore: outOfCoreOptions.outOfCore, data: data)
    }

    func run() throws {
        try runReportingErrors {
            if engine.given { return try runInEngine() }
            try checkOutputs([("-o", output), ("--oof", regression.cvPredictions)],
                             inputs: [("DATA", data), ("--bins", card.binning.bins), ("--reason-codes", card.reasonCodes),
                                      ("--rejected", rejects.rejected)])
            if try outOfCoreOptions.decide(data: data, scorecard: card.scorecard, regression: regression, input: input) {
                if rejects.rejected != nil { throw UsageError(description: "\(data) is too large for memory: reject inference (--rejected) runs in memory; raise --memory-limit") }
                // A regular file (decide refuses anything else): read by path, fingerprinted in the background.
                return try runOutOfCore(ModelTraining(input: .file(data, fingerprint: output != nil)))
            }
            progress("reading \(data)")
            // Opened once: a file's fingerprint is computed alongside the read and the fit; a pipe, FIFO or
            // standard input is read whole first, and those bytes are both hashed and parsed.
            let training = ModelTraining(input: try TrainingInput.open(data, fingerprint: output != nil))
            let table = try training.readTable(options: try input.csvOptions())
            printNotes(table.notes)
            try requireColumn(target, in: table, option: "--target")
            try requireRows(table, for: "train")
            for name in excluded.sorted() { try requireColumn(name, in: table, option: "--exclude") }
            for (column, _) in referenceLevels { try requireColumn(column, in: table, option: "--reference") }
            if card.scorecard {
                try refuseReferenceForScorecard()
                for name in regression.forcedColumns { try requireColumn(name, in: table, option: "--force") }
                if let weight = regression.weight { try requireColumn(weight, in: table, option: "--weight") }
                if let settings = rejects.settings, let path = rejects.rejected {
                    let refitted = try trainWithRejects(table: table, path: path, settings: settings)
                    return try save(model: output == nil ? nil : training.model(for: refitted))
                }
                let scorecard = try card.train(table: table, target: target, bad: bad, exclude: excluded,
                                               populationBadRate: regression.populationBadRate,
                                               selection: regression.scorecardSelection, collinearity: regression.collinearity,
                                               firth: regression.firth, firthProfile: !regression.noProfile,
                                               crossValidation: regression.cvFolds.map {
                                                   CrossValidationPlan(folds: $0, repetitions: regression.cvRepeats, seed: regression.seed) },
                                               penalty: regression.scorecardPenalty, weightColumn: regression.weight,
                                               format: format, csvSafe: csvOutput.csvSafe)
                return try save(model: output == nil ? nil : training.model(for: scorecard),
                                cvPredictions: scorecard.crossValidation?.csv())
            }
            progress("fitting on \(table.rowCount) rows")
            try regression.requireColumns(in: table)
            let outcome = try request.run(on: table)
            printMissingValueDrops(MissingValueDrops.line(table: table, dropped: outcome.design.dropped, target: target,
                                                          predictors: table.columnNames.filter { $0 != target && !excluded.contains($0) && $0 != regression.weight }))
            printFitReport(FitReport(outcome))
            try save(model: output == nil ? nil : training.model(for: outcome),
                     cvPredictions: regression.cvPredictions == nil ? nil : outcome.outOfFoldPredictionsCSV())
        }
    }

    /// Prints the coefficient table, its diagnostics worded with this command's flags (in memory and out of core).
    func printFitReport(_ report: FitReport) {
        var report = report
        report.diagnosticMessage = { $0.withFlags }
        print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
    }

    /// --reference names levels of one-hot coded columns; a scorecard enters characteristics as WoE (exit 64).
    func refuseReferenceForScorecard() throws {
        if !reference.isEmpty { throw UsageError(description: "--reference does not apply to --scorecard (characteristics enter as WoE)") }
    }

    /// Writes the model (-o) and the out-of-fold predictions (--oof) together: both or, on an error,
    /// neither (`OutputGroup`); then says where they went.
    func save(model: CreditModel?, cvPredictions: String? = nil) throws {
        let group = OutputGroup()
        var written: [String] = []
        if let path = regression.cvPredictions, let cvPredictions {
            try group.add(AtomicOutput(path: path)).write(cvPredictions)
            written.append("out-of-fold predictions written to \(path)")
        }
        if let output, let model {
            try group.add(AtomicOutput(path: output)).write(try model.fileData(for: output))
            written.append("model written to \(output)")
        }
        try group.commit()
        for line in written { printError(line) }
    }

    /// The columns given with --exclude.
    var excluded: Set<String> { Set(commaSeparated(exclude)) }

    /// The --reference levels, in the order given (COL=LEVEL; a missing "=LEVEL" part is an empty level).
    var referenceLevels: [(column: String, level: String)] {
        reference.map { spec in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    /// The logistic-regression request of the flags.
    var request: LogisticRegressionRequest {
        var request = LogisticRegressionRequest(target: target, bad: bad)
        request.design.maxLevels = maxLevels
        request.design.memoryLimit = outOfCoreOptions.memoryLimit.flatMap(OutOfCoreTraining.parseMemorySize)
        request.design.exclude = excluded
        for (column, level) in referenceLevels { request.design.referenceLevels[column] = level }
        request.fit.maxIterations = maxIterations
        regression.apply(to: &request)
        return request
    }
}
