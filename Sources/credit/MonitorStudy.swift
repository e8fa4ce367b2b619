import ArgumentParser
import Foundation
import CreditMonitoring
import CreditReports

/// `credit monitor-study`: the false-alarm and detection rates of `credit monitor`'s traffic lights on simulated
/// months (CreditMonitoring.AlarmStudy).
struct MonitorStudy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor-study",
        abstract: "Simulate calm and shocked months to measure monitor's false-RED and detection rates.",
        discussion: """
        Trains a plain logistic regression and a points scorecard (as credit train [--scorecard], on every column \
        but loan_id and application_date) on --development-rows synthetic loans (credit synth's population, seed \
        --seed), takes --base-rows more loans of the same population as BASE (seed + 1), and monitors simulated \
        months against it: --calm-months months of the same population and, for each --shock-sizes S, \
        --shocked-months months whose loans all come after a shock of size S (credit synth --shock-size; 1 is the \
        documented shock), each of --rows loans. A month counts as RED when credit monitor's overall light is RED \
        (the traffic-light options as credit monitor's). A month's seed depends on --seed, its size, its shock size \
        and its number only, so a cell is the same run alone or with others. For each model, month size and shock size it prints the \
        months, RED and AMBER counts and the RED rate with its Clopper–Pearson 95% interval: the false-alarm rate \
        of calm months, the detection rate of shocked ones. Seeded: the same options give the same table.

        Examples:
          credit monitor-study --rows 2000 --calm-months 100 --shocked-months 40 --shock-sizes 1
          credit monitor-study --rows 1000,5000,20000 --calm-months 200 --shocked-months 100 --shock-sizes 0.25,0.5,1
        """
    )

    @Option(help: "Seed of the development sample (base: seed + 1; months: their own seeds from it).")
    var seed: UInt64 = 2026
    @Option(help: ArgumentHelp("Loans the models are trained on.", valueName: "N")) var developmentRows: Int = 20_000
    @Option(help: ArgumentHelp("Loans of the base sample (the holdout).", valueName: "N")) var baseRows: Int = 10_000
    @Option(help: ArgumentHelp("Loans per simulated month, comma-separated sizes.", valueName: "N,...")) var rows: String = "2000"
    @Option(help: ArgumentHelp("Calm months per month size.", valueName: "N")) var calmMonths: Int = 100
    @Option(help: ArgumentHelp("Shocked months per month size and shock size.", valueName: "N")) var shockedMonths: Int = 40
    @Option(help: ArgumentHelp("Shock sizes, comma-separated (1 = the documented shock, at most 3).", valueName: "S,...")) var shockSizes: String = "1"
    @Option(help: ArgumentHelp("Models: lr, scorecard or both, comma-separated.", valueName: "M,...")) var models: String = "lr,scorecard"
    @Option(help: "Traffic-light rule of credit monitor: family-wise or per-check.") var alarmPolicy: AlarmPolicy = .familyWise
    @Option(help: ArgumentHelp("Family-wise: the overall α (credit monitor --alpha).", valueName: "A")) var alpha: Double = 0.05
    @Option(help: ArgumentHelp("Family-wise: material AUC drop (credit monitor --auc-drop).", valueName: "X")) var aucDrop: Double = 0.05
    @Option(help: ArgumentHelp("Family-wise: material relative calibration gap (credit monitor --calibration-gap).", valueName: "X")) var calibrationGap: Double = 0.5
    @Option(help: "Output format: text, markdown, csv or json.") var format: OutputFormat = .text

    func parsedRows() throws -> [Int] {
        let values = rows.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! >= 100 && $0! <= 1_000_000 }) else {
            throw ValidationError("--rows expects comma-separated month sizes between 100 and 1,000,000 (got '\(rows)')")
        }
        return values.map { $0! }
    }

    func parsedShockSizes() throws -> [Double] {
        let values = shockSizes.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 3 }) else {
            throw ValidationError("--shock-sizes expects comma-separated sizes in (0, 3] (got '\(shockSizes)')")
        }
        return values.map { $0! }
    }

    func parsedModels() throws -> [AlarmStudy.ModelKind] {
        try commaSeparated([models], trimming: true).map {
            switch $0 {
            case "lr": return .logisticRegression
            case "scorecard": return .scorecard
            default: throw ValidationError("--models expects lr, scorecard or both (got '\($0)')")
            }
        }
    }

    func validate() throws {
        try requireOption("--development-rows", developmentRows, in: 1_000...1_000_000)
        try requireOption("--base-rows", baseRows, in: 100...1_000_000)
        try requireOption("--calm-months", calmMonths, in: 0...AlarmStudy.maxMonths)
        try requireOption("--shocked-months", shockedMonths, in: 0...AlarmStudy.maxMonths)
        _ = try parsedRows(); _ = try parsedShockSizes(); _ = try parsedModels()
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1 (exclusive)") }
        try requireOption("--auc-drop", aucDrop, .positive)
        try requireOption("--calibration-gap", calibrationGap, .positive)
    }

    func run() throws {
        try runReportingErrors {
            var c = AlarmStudy.Configuration()
            c.seed = seed
            c.developmentRows = developmentRows
            c.baseRows = baseRows
            c.monthRows = try parsedRows()
            c.calmMonths = calmMonths
            c.shockedMonths = shockedMonths
            c.shockSizes = try parsedShockSizes()
            c.models = try parsedModels()
            c.options.thresholds.policy = alarmPolicy
            c.options.thresholds.alpha = alpha
            c.options.thresholds.aucDrop = aucDrop
            c.options.thresholds.calibrationGap = calibrationGap
            let cells = try AlarmStudy.run(c) { progress($0) }
            print(AlarmStudyReport(policy: alarmPolicy.rawValue, cells: cells, confidenceLevel: c.confidenceLevel).render(format), terminator: "")
        }
    }
}
