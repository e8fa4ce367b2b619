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
        --reference says otherwise). Rows with a missing target or predictor are left out and counted. \
        The fit is Newton/IRLS on LAPACK; standard errors come from the inverse Fisher information. \
        Separation and collinear columns are reported, never hidden.

        Reject inference (--scorecard --rejected REJECTS.csv --reject-inference METHOD): the card is trained on the accepts (DATA), scores the rejects, and its WoE regression is refitted with frequency weights on the augmented sample, keeping the accepts-only bins and WoE. hard-cutoff: a reject with PD ≥ --reject-cutoff (default: the accepts' bad rate) is bad, else good. fuzzy: each reject is bad with weight p and good with weight 1 − p (p its PD). parcelling: in each of --reject-bands equal-count bands of the accepts' PD, rejects are bad at the band's accepts bad rate × --parcel-uplift, the highest-PD rejects of the band first (deterministic, no seed). augmentation: accepts are weighted by 1/P(accept | band), bands over accepts and rejects; no reject enters the fit. The model records the method and its parameters.

        A file too large for memory (about 3 × its size above --memory-limit, default half of RAM), or any file with --out-of-core, is trained out of core: streamed into a temporary columnar cache on disk and fitted chunk by chunk with the same estimates, so memory does not grow with the rows (plain maximum likelihood only; no Hosmer–Lemeshow test). With --scorecard the bins are found from counts (exact goods and bads per distinct value while a column has at most 200,000 distinct values, which gives the in-memory bins; beyond that, fine classes on a grid of 4,096 quantile-sketch values plus the exact equal-frequency cut points, with exact counts per cell, so only the optimal method's tree cuts are approximate), then the WoE regression is fitted chunk by chunk and scaled to the same points; --bins, --max-correlation, --max-vif and --reason-reference cutoff are not available there.

        Examples:
          credit train datasets/german_credit.csv --target default -o out/model.json
          credit train loans.csv --target status --bad default --exclude id,branch --format json
          credit train loans.csv --target bad --reference purpose=car --reference housing=own
          credit train sex2.csv --target case --firth
          credit train loans.csv --target bad --weight w --population-bad-rate 0.04
          credit train loans.csv --target bad --penalty lasso --cv-folds 10 --seed 7 --lambda-rule 1se
          credit train loans.csv --target bad --select stepwise --select-by bic --force income --select-max-vif 5
          credit train loans.csv --target bad --collinearity --marginal-effects both --cv-folds 2 --cv-repeats 5
          credit train datasets/german_credit.csv --target default --scorecard --pdo 20 --base-score 600 --base-odds 50 -o card.json
          credit train big.csv --target bad --out-of-core --cache-dir /scratch -o model.json
          credit train big.csv --target bad --scorecard --out-of-core --special bureau=-999 -o card.json
          credit train accepts.csv --target default --exclude loan_id --scorecard --rejected rejects.csv --reject-inference parcelling --reject-bands 10 --parcel-uplift 2 -o card.json
        """
    )

    @Argument(help: "Training CSV with a header row ('-' reads standard input).")
    var data: String

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

    func validate() throws {
        try requireOption("--max-iterations", maxIterations, in: 1...LogisticRegressionOptions.maxIterationsLimit)
        try requireOption("--max-levels", maxLevels, in: 1...DesignOptions.maxLevelsLimit,
                          "one design column per level; the design's size is also checked against --memory-limit")
        if card.scorecard, let flag = regression.givenFlags.first(where: { $0 != "--population-bad-rate" }) {
            throw ValidationError("\(flag) does not apply to --scorecard yet (the scorecard fits a plain maximum-likelihood regression on WoE; of these options it takes --population-bad-rate)")
        }
        for spec in reference where !spec.contains("=") {
            throw ValidationError("--reference expects COL=LEVEL (got '\(spec)')")
        }
        if output == "-" { throw ValidationError("-o must name a file (the report goes to standard output)") }
        try rejects.validate(scorecard: card.scorecard, otherFlags: regression.givenFlags, reasonReference: card.reasonReference,
                             outOfCore: outOfCoreOptions.outOfCore, data: data)
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output), ("--cv-predictions", regression.cvPredictions)],
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
                if let settings = rejects.settings, let path = rejects.rejected {
                    let refitted = try trainWithRejects(table: table, path: path, settings: settings)
                    return try save(model: output == nil ? nil : training.model(for: refitted))
                }
                let scorecard = try card.train(table: table, target: target, bad: bad, exclude: excluded,
                                               populationBadRate: regression.populationBadRate, format: format, csvSafe: csvOutput.csvSafe)
                return try save(model: output == nil ? nil : training.model(for: scorecard))
            }
            progress("fitting on \(table.rowCount) rows")
            try regression.requireColumns(in: table)
            let outcome = try request.run(on: table)
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

    /// Writes the model (-o) and the out-of-fold predictions (--cv-predictions) together: both or, on an error,
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
