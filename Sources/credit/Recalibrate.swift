import ArgumentParser
import Foundation
import CreditReports
import CreditModelFile
import CreditScorecard
import CreditTabular
import CreditSupport

extension RecalibrationMethod: ExpressibleByArgument {}

struct Recalibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recalibrate a saved model's PDs to recent outcomes; write a new sealed model that names its parent.",
        discussion: """
        Scores RECENT with MODEL and fits, by maximum likelihood on the rows with a PD and a target, \
        --method intercept: logit(PD_new) = a + logit(PD_old) (calibration-in-the-large: afterwards the mean PD \
        on RECENT equals its observed bad rate), or --method logistic: logit(PD_new) = a + b·logit(PD_old) \
        (b < 1: the model's PDs are too spread out; b > 1: not enough). Rows the model rejects and rows without \
        a target are left out and counted. Outcomes: the model's target and bad value; --target and --bad name \
        another outcome column or bad value of RECENT (the new model keeps the model's target). The new model's coefficients are a + b·β₀ and b·βⱼ; a scorecard keeps \
        its scaling (PDO, base score, base odds): with the intercept method every score moves by the same whole \
        points (ranks and reason codes unchanged), with the logistic method the points are recomputed. \
        The new file (version 4) names the parent's seal in its lineage and records a, b, their standard errors, \
        RECENT's SHA-256 and rows, and the parent's training fit; its own coefficient standard errors are NaN, \
        because the training fit's no longer describe the new coefficients.

        Printed: a (and b) with standard errors, mean PD against the observed bad rate and the Hosmer–Lemeshow \
        test before and after, the parent's and the new model's seals.

        Examples:
          credit recalibrate model.json recent.csv --method intercept -o model-2025.json
          credit recalibrate card.json recent.csv --method logistic --format json -o card-2025.json
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "Recent CSV with the model's columns and its target ('-' reads standard input).")
    var recent: String

    @Option(help: "intercept (a only) or logistic (a and slope b).")
    var method: RecalibrationMethod

    @Option(name: [.customShort("o"), .long], help: "Write the recalibrated model file (JSON) here.")
    var output: String?

    @Option(help: "Output format of the summary: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var outcome: OutcomeOptions

    @OptionGroup var input: InputOptions

    func validate() throws {
        if output == "-" { throw ValidationError("-o must name a file (the summary goes to standard output)") }
        if format != .text && format != .json { throw ValidationError("--format must be text or json for recalibrate") }
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output)], inputs: [("MODEL", model), ("RECENT", recent)])
            let parent = try CreditModel.load(path: model)
            progress("reading \(recent)")
            let source = try TrainingInput.open(recent, fingerprint: true)
            let table = try source.readTable(options: parent.readingOptions(try input.csvOptions()))
            printNotes(table.notes)
            let result: Recalibration
            do {
                result = try parent.recalibrated(on: table, method: method, parentFile: model, inputSHA256: source.fingerprint(),
                                                 commandLine: CommandLine.arguments, date: TrainingRecord.date(),
                                                 target: outcome.spec(for: parent))
            } catch EvaluationError.missingTargetColumn(let source, let column) {
                if column != parent.target.column {
                    throw noSuchColumn(column, option: "--target", source: source, columns: table.columnNames)
                }
                throw BadDataError(description: "\(source) has no column '\(column)', the target of the model \(model); recalibration needs outcomes")
            } catch ScoringError.missingColumns(let source, _, let inputs, _) {
                throw modelNeeds(model, inputs, source: source)
            } catch let error as EvaluationError {
                throw BadDataError(description: error.description)
            } catch let error as RecalibrationError {
                // A policy on the model is a choice of what to recalibrate (exit 64); the rest is the data (65).
                if case .modelHasPolicy = error { throw UsageError(description: "\(model): \(error)") }
                throw BadDataError(description: "\(error)")
            } catch let error as ScorecardError {
                throw BadDataError(description: "\(error)")
            }
            if let output {
                try write(try result.model.fileData(for: output), to: output)
            }
            print(try RecalibrationReport(model: model, recalibration: result, output: output).render(format), terminator: "")
            if let output { printError("recalibrated model written to \(output)") }
        }
    }

    /// Writes the model with the output policy of `credit train -o` (temporary file + rename: all or nothing).
    private func write(_ data: Data, to path: String) throws {
        let group = OutputGroup()
        try group.add(AtomicOutput(path: path)).write(data)
        try group.commit()
    }
}
