import ArgumentParser
import Foundation
import CreditReports
import CreditSupport
import CreditTabular
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Profile the columns of a CSV file: type, missing, distinct, mean, quantiles, top levels.",
        discussion: """
        Quantiles interpolate linearly between order statistics (type 7, as numpy, pandas and R). \
        With --target, the target's bad rate is shown, and for each column the bad rate among its missing rows.

        Memory: the input (a file, or '-' for standard input) is read in chunks of 4 MB, so memory does not grow \
        with the row count. The profile is exact, as with the whole file in memory, while each column has at most \
        1,048,576 numbers (16,777,216 / columns for more than 16 columns, at least 65,536), 100,000 distinct \
        values and 16 MB of level text. Beyond 1,048,576 numbers the mean is a compensated sum and the standard \
        deviation merges each chunk's sums; distinct and the quantiles stay exact up to 100,000 distinct numbers. \
        Beyond 100,000 distinct values, distinct shows as "≥ 100,000", p25/median/p75 come from a quantile \
        sketch (its rank-error bound is printed below the table), and top levels are the most frequent of the \
        first 100,000 levels. A column that turns categorical after its first chunk is read again from a file; \
        input that cannot be read twice (a pipe) counts its earlier numbers as levels written as numbers \
        ("3", "2.5"), noted below the table. --encoding other than UTF-8 converts the whole input in memory first.

        Examples:
          credit describe datasets/german_credit.csv
          credit describe datasets/german_credit.csv --target default --format markdown
          credit describe loans.csv --delimiter ';' --encoding GB18030 --format json
          zcat loans.csv.gz | credit describe - --target default
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
    @OptionGroup var csvOutput: CSVSafetyOptions

    /// Bytes of input per chunk (env `CREDIT_DESCRIBE_CHUNK_BYTES`, for tests).
    static var chunkBytes: Int {
        ProcessInfo.processInfo.environment["CREDIT_DESCRIBE_CHUNK_BYTES"].flatMap { Int($0) }.map { max($0, 1) } ?? (4 << 20)
    }

    func run() throws {
        try runReportingErrors {
            // Each chunk allocates and frees the same few MB: keep them for reuse (see `MemoryReuse`).
            MemoryReuse.keepFreedMemory()
            let profiler = try CSVProfiler(path: data, options: try input.csvOptions(), chunkBytes: Self.chunkBytes)
            if let target { try requireColumn(target, in: profiler.header, source: profiler.source, option: "--target") }
            let bar = ProgressBar()
            defer { bar.finish() }
            var lastDrawn = Date.distantPast
            let profile = try profiler.run(target: target, bad: bad) { pass, rows, fraction in
                guard Date().timeIntervalSince(lastDrawn) >= 0.25 else { return }
                lastDrawn = Date()
                if let fraction { bar.update("\(pass) (\(NumberFormat.count(rows)) rows)", fraction: fraction) }
                else { bar.note("\(pass): \(NumberFormat.count(rows)) rows") }
            }
            bar.finish()
            printNotes(profile.notes)
            let report = DescribeReport(source: profile.source, rows: profile.rows, delimiter: CSVOptions.delimiterName(profile.delimiter),
                                        target: profile.target.map(DescribeReport.TargetSummary.init), columns: profile.columns)
            print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }
}
