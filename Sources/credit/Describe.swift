import ArgumentParser
import CreditReports
import CreditTabular
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Profile the columns of a CSV file: type, missing, distinct, mean, quantiles, top levels.",
        discussion: """
        Quantiles interpolate linearly between order statistics (type 7, as numpy, pandas and R). \
        With --target, the target's bad rate is shown, and for each column the bad rate among its missing rows.

        Examples:
          credit describe datasets/german_credit.csv
          credit describe datasets/german_credit.csv --target default --format markdown
          credit describe loans.csv --delimiter ';' --encoding GB18030 --format json
        """
    )

    @Argument(help: "CSV file with a header row ('-' reads standard input).")
    var data: String

    @Option(help: "Target column, to report its bad rate.")
    var target: String?

    @Option(help: "Target value that means bad.")
    var bad: String = "1"

    @Option(help: "Output format: text, json, csv or markdown.")
    var format: OutputFormat = .text

    @OptionGroup var input: InputOptions

    func run() throws {
        try runReportingErrors {
            let table = try readTable(data, options: try input.csvOptions())
            var summary: DescribeReport.TargetSummary?
            var isBad: [Bool?]?
            if let target {
                try requireColumn(target, in: table, option: "--target")
                let column = table[target]!
                let flags = (0..<table.rowCount).map { column.holds(bad, row: $0) }
                summary = DescribeReport.TargetSummary(column: target, bad: bad, isBad: flags)
                isBad = flags
            }
            let delimiter = table.delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(table.delimiter))
            let report = DescribeReport(source: table.source, rows: table.rowCount, delimiter: delimiter,
                                        target: summary, columns: table.profiles(isBad: isBad))
            print(report.render(format), terminator: "")
        }
    }
}
