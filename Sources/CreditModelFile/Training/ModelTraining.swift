import Foundation
import CreditRegression
import CreditScorecard
import CreditTabular

/// Where a trained model comes from, and the model file it makes: the input (with its fingerprint), the command
/// line and the environment that set the training date.
///
/// Every model file gets its `TrainingRecord` here, with one date rule for every path (in memory, scorecard,
/// out of core): `SOURCE_DATE_EPOCH` when set, else now (`TrainingRecord.date(environment:now:)`).
///
/// ```swift
/// let training = ModelTraining(input: .file("loans.csv", fingerprint: true))
/// let table = try training.readTable(options: CSVOptions())
/// let outcome = try LogisticRegressionRequest(target: "bad").run(on: table)
/// try training.model(for: outcome).write(to: "model.json")
/// ```
public struct ModelTraining: Sendable {
    /// The training data.
    public var input: TrainingInput
    /// The command line recorded in the model file.
    public var commandLine: [String]
    /// The environment whose `SOURCE_DATE_EPOCH` fixes the training date.
    public var environment: [String: String]

    public init(input: TrainingInput, commandLine: [String] = CommandLine.arguments,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.input = input; self.commandLine = commandLine; self.environment = environment
    }

    /// Reads the whole input as a table (`TrainingInput.readTable(options:)`).
    public func readTable(options: CSVOptions) throws -> Table {
        try input.readTable(options: options)
    }

    /// The training record of a fit on `rows` data rows of the input.
    public func record(rows: Int, fit: LogisticRegressionResult) -> TrainingRecord {
        TrainingRecord(input: input, rows: rows, fit: fit, commandLine: commandLine, environment: environment)
    }

    /// The model file of a logistic regression: its target, design coding, fit and training record.
    public func model(for outcome: LogisticRegressionOutcome) -> CreditModel {
        CreditModel(target: TargetSpec(column: outcome.target, bad: outcome.bad), schema: outcome.design.coding,
                    fit: outcome.result, training: record(rows: outcome.rowsInFile, fit: outcome.result))
    }

    /// The model file of a points scorecard: the scorecard section, its WoE fit and the training record.
    public func model(for training: ScorecardTraining) -> CreditModel {
        CreditModel(target: TargetSpec(column: training.target, bad: training.bad), scorecard: training.section,
                    fit: training.fit, training: record(rows: training.rowsInFile, fit: training.fit))
    }

    /// The model file of a logistic regression fitted out of core.
    public func model(for fit: OutOfCoreFit) -> CreditModel {
        CreditModel(target: TargetSpec(column: fit.target, bad: fit.bad), schema: fit.design.coding, fit: fit.result,
                    training: record(rows: fit.design.rowsInFile, fit: fit.result))
    }
}
