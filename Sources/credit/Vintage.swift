import ArgumentParser
import CreditPortfolio
import CreditReports
import CreditTabular
struct Vintage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Vintage curves and roll rates from monthly repayment records; derive a bad definition.",
        discussion: """
        Input: one row per loan and month on book, with columns loan_id, cohort (YYYY-MM of origination), \
        month_on_book (1 = first month after origination) and days_past_due; other names via --id, --cohort, \
        --mob, --dpd. `credit synth --performance FILE` writes such a file.

        Cumulative bad rate of a cohort at month m = loans bad (days past due ≥ --bad-dpd) by month m, divided by \
        all loans of the cohort; cells after the data's last month are left empty. Roll rates count every pair \
        of consecutive months of a loan, from its state (current, 1-29, 30-59, 60-89, 90+) to the next.

        --target-out FILE writes loan_id, bad (1, 0, or empty when indeterminate) and outcome: bad when the \
        loan reached --bad-dpd within --horizon months on book; good when it did not and its window is complete \
        (observed --horizon months, or closed earlier); indeterminate when it is still running with a shorter \
        history — those must not be counted as good.

        Examples:
          credit synth --rows 20000 --seed 3 --performance perf.csv -o loans.csv
          credit vintage perf.csv
          credit vintage perf.csv --bad-dpd 60 --horizon 6 --target-out target.csv --format json
        """
    )

    @Argument(help: "Performance CSV ('-' reads standard input).")
    var data: String

    @Option(help: "Days past due that make a loan bad.")
    var badDpd: Double = 90

    @Option(help: "Months on book within which the bad event counts (for --target-out).")
    var horizon: Int = 12

    @Option(help: "Longest month on book to show (default: the longest in the data).")
    var maxMob: Int?

    @Option(help: "Write the derived target per loan here.")
    var targetOut: String?

    @OptionGroup(title: "Performance file columns") var columns: PerformanceColumnOptions

    @Option(help: "Output format: text, json, csv or markdown.")
    var format: OutputFormat = .text

    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func validate() throws {
        if badDpd <= 0 { throw ValidationError("--bad-dpd must be positive") }
        try requireOption("--bad-dpd", badDpd, .positive)
        try requireOption("--horizon", horizon, in: 1...PerformanceData.maxMonthsOnBook)
        try requireOption("--max-mob", maxMob, in: 1...PerformanceData.maxMonthsOnBook)
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("--target-out", targetOut)], inputs: [("DATA", data)])
            let (performance, source) = try columns.read(data, options: try input.csvOptions())
            var summary: VintageReport.TargetSummary?
            if let targetOut {
                let definition = TargetDefinition(badDaysPastDue: badDpd, horizon: horizon)
                let outcomes = definition.outcomes(performance)
                let writer = try CSVWriter(path: targetOut, csvSafe: csvOutput.csvSafe)
                try writer.writeRow([columns.id, "bad", "outcome"])
                for (loan, outcome) in outcomes {
                    try writer.writeRow([loan, outcome.targetValue, outcome.rawValue])
                }
                try writer.commit()
                summary = .init(definition: definition, outcomes: outcomes, file: targetOut)
            }
            let report = VintageReport(
                source: source, loans: performance.loans.count, asOf: PerformanceData.cohortLabel(performance.asOf),
                vintage: VintageAnalysis(performance, badDaysPastDue: badDpd, maxMonthOnBook: maxMob),
                rollRates: RollRates(performance), target: summary)
            print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }
}
