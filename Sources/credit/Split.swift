import ArgumentParser
import Foundation
import CreditExperiments
import CreditModelFile
import CreditReports
import CreditSupport
import CreditTabular

struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a CSV into development and holdout files (stratified random or out of time), or add fold numbers.",
        discussion: """
        Random (the default): of each class of --target (good rows, bad rows, rows without an outcome) --share \
        of the rows, rounded to the nearest row, go to -o and the rest to --holdout, chosen by --seed; without \
        --target the rows are not stratified. Out of time: --date-column COL --before DATE sends rows dated before DATE to \
        -o and rows on or after it to --holdout; COL holds ISO dates (2025-01-01, a time after the date is \
        ignored) or numbers (e.g. 202501), and every row must have one. --folds K writes one file, -o, with a \
        column (--fold-column, default fold) numbering each row's fold 1…K, stratified as the random split is: \
        each class is shuffled and dealt to the folds in turn.

        Every row goes to exactly one file, with its bytes unchanged (quoted line breaks included) and in the \
        input's order; the header is copied to each file; blank lines are dropped (they are not rows). The \
        summary shows each part's rows, bads, goods and bad rate, and the check rows in = the sum of the parts. \
        The same input, options and seed give the same files on any machine. Outputs are written to temporary \
        files and renamed into place together: an error leaves no file changed.

        Examples:
          credit split loans.csv --target default -o dev.csv --holdout holdout.csv --share 0.7 --seed 42
          credit split loans.csv --date-column application_date --before 2025-01-01 -o dev.csv --holdout recent.csv
          credit split loans.csv --target default --folds 5 --seed 42 -o loans-folds.csv
        """
    )

    @Argument(help: "Input CSV ('-' reads standard input).")
    var data: String

    @Option(help: ArgumentHelp("Outcome column: stratify by it and count bads per part.", valueName: "COL"))
    var target: String?

    @Option(help: ArgumentHelp("Value of the target that means bad.", valueName: "VALUE"))
    var bad: String = "1"

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Development file (with --folds: the file with the fold column; '-' for standard output).", valueName: "FILE"))
    var output: String

    @Option(help: ArgumentHelp("Holdout file (random and out-of-time splits).", valueName: "FILE"))
    var holdout: String?

    @Option(help: ArgumentHelp("Share of each class that goes to development, in (0, 1).", valueName: "X"))
    var share: Double = 0.7

    @Option(help: "Random seed (same seed, same split).")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Out of time: the date column.", valueName: "COL"))
    var dateColumn: String?

    @Option(help: ArgumentHelp("Out of time: rows before this go to development, the others to the holdout.", valueName: "DATE"))
    var before: String?

    @Option(help: ArgumentHelp("Number each row's fold 1…K instead of splitting in two.", valueName: "K"))
    var folds: Int?

    @Option(help: ArgumentHelp("Name of the fold column (with --folds).", valueName: "NAME"))
    var foldColumn: String = "fold"

    @Option(help: "Output format of the summary: text, markdown, csv or json.")
    var format: OutputFormat = .text

    @OptionGroup var input: InputOptions

    func validate() throws {
        if (dateColumn == nil) != (before == nil) { throw ValidationError("--date-column and --before go together (an out-of-time split)") }
        if folds != nil {
            if dateColumn != nil { throw ValidationError("--folds and --date-column are different splits; give one") }
            if holdout != nil { throw ValidationError("--folds writes one file (-o) with a fold column; --holdout is for a split in two") }
        } else {
            guard let holdout else { throw ValidationError("--holdout FILE is needed: the rows not in development go there (or give --folds K)") }
            if holdout == "-" && output == "-" { throw ValidationError("only one of -o and --holdout can be standard output") }
        }
        if dateColumn == nil && folds == nil && !(share > 0 && share < 1) {
            throw ValidationError("--share must be strictly between 0 and 1 (got \(share))")
        }
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2 (got \(folds))") }
    }

    var rule: SplitRule {
        if let folds { return .folds(folds, seed: seed) }
        if let dateColumn, let before { return .outOfTime(column: dateColumn, before: before) }
        return .random(share: share, seed: seed)
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output), ("--holdout", holdout)], inputs: [("DATA", data)])
            progress("reading \(data)")
            let records = data == "-"
                ? try CSVRecords.read(bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()), source: "<stdin>", options: try input.csvOptions())
                : try CSVRecords.read(path: data, options: try input.csvOptions())
            let table = records.table
            printNotes(table.notes)
            if let target { try requireColumn(target, in: table, option: "--target") }
            if let dateColumn { try requireColumn(dateColumn, in: table, option: "--date-column") }
            let split: DataSplit
            do {
                split = try DataSplit(table, rule: rule, target: target.map { TargetSpec(column: $0, bad: bad) })
            } catch let error as SplitError {
                switch error {
                case .undated, .notComparable: throw BadDataError(description: error.description)
                default: throw UsageError(description: error.description)
                }
            }
            let outputs = OutputGroup()
            let files: [String]
            if folds != nil {
                let out = outputs.add(try AtomicOutput(path: output))
                do {
                    try split.writeWithFolds(column: foldColumn, of: records) { try out.write($0) }
                } catch let error as SplitError {
                    throw UsageError(description: "--fold-column: \(error.description)")
                }
                files = [output]
            } else {
                let dev = outputs.add(try AtomicOutput(path: output))
                let hold = outputs.add(try AtomicOutput(path: holdout!))
                try split.write(part: 0, of: records) { try dev.write($0) }
                try split.write(part: 1, of: records) { try hold.write($0) }
                files = [output, holdout!]
            }
            try outputs.commit()
            print(SplitReport(input: data, split: split, files: files).render(format), terminator: "")
        }
    }
}
