import ArgumentParser
import Foundation
import CreditReports
import CreditModelFile
import CreditRegression
import CreditTabular
import CreditSupport
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score applicants with a saved model: one PD per row; rows that cannot be scored are set aside.",
        discussion: """
        Columns are matched by name (order does not matter; extra columns are ignored). A row with a missing \
        value in a column the model uses, a category not seen in training, or values that overflow the model's \
        log-odds (its PD would not be a number), is rejected with its line, column and reason; rows in = rows scored + rows rejected, always. The output is written to a temporary file \
        and renamed into place, so an interrupted run never leaves a partial file; with --rejects both files are \
        renamed together, only once both are complete, so a failure (a full disk) leaves both previous files. \
        Standard output, /dev/fd/N, a device or a FIFO is written as the rows come. An output that is also \
        the model or the data (or -o and --rejects on one file) is refused before anything is read (exit 64). \
        A summary goes to stderr; it starts with a warning line when the model's fit did not converge, was \
        quasi-separated or stopped at its iteration limit (as the model file records; JSON: modelFit).

        The input is streamed: read in chunks of a few megabytes and scored on two threads (the next chunk \
        is parsed while the current one is scored and written), so memory stays flat however long the file. \
        A needed column missing from the header is an error before any row is scored (exit 65). A row with \
        text in a column the model reads as a number is rejected ('not a number') like any other bad row, and so \
        is a row with more or fewer fields than the header ('wrong number of fields'; the other rows are still \
        scored). A quote never closed or text that is not UTF-8 stops the run (exit 65): the rows cannot be told apart.

        Output columns: the --id column (or 'row', the 1-based data row number), the --keep columns (as \
        read, except that a text cell a spreadsheet would run as a formula is written as '… in quotes, see \
        --csv-safe; a column may be copied once), and 'pd', the probability that the target takes the model's bad value. Scorecard models add 'score' (the sum of the points table's \
        entries for the row's bins; higher = safer), 'points_<characteristic>' with --points, and 'reason_1'… \
        (characteristics ranked by points below the reference, ties in scorecard order; codes from the model, \
        per bin where the reason-codes file gave a bin its own), with --reason-texts each followed by \
        'reason_N_text'. Scorecard models score missing and special values by their own bins; an unseen category \
        follows the model's policy (other bin, riskiest bin, or reject), and so does a missing value in a \
        characteristic that had none in training (train --on-unexpected-missing: reject, riskiest or neutral); \
        the summary counts the rows scored that way per characteristic. A model with a decision policy ('credit \
        policy') adds 'decision' (approve, refer, decline) and 'decision_code' (the hard rule's code, \
        'refer-band' or 'cutoff'; with --reason-texts also 'decision_text'), and the summary counts the \
        decisions and the rows each hard rule decided.

        Exit codes: 0 success; 3 when no row was scored (an input with no rows, or every row rejected) or, with \
        --max-reject-rate R, when more than R of the rows were rejected (the outputs and the summary are still \
        written: a nightly batch can alert on it); 64 usage error, 65 bad data, 1 other.

        In a SQL engine (--db URL --table NAME --into OUT_TABLE [--keep COLS] [--replace] [--dry-run]): the model's own SQL export (credit export --sql, dialect sqlite or postgres) runs inside the engine as CREATE TABLE OUT_TABLE AS SELECT …, so no row leaves it; rows in, scored and rejected (NULL pd) are counted by the engine. An existing OUT_TABLE is refused unless --replace; the statement runs in one transaction, so a failure writes nothing. --dry-run prints the statement without connecting.

        Examples:
          credit score out/model.json datasets/german_credit.csv -o out/scores.csv
          credit score model.json applicants.csv --id application_id --keep branch --rejects out/rejects.csv -o -
          cat applicants.csv | credit score model.json - --format json > scores.csv
          credit score model.json tonight.csv --id application_id --rejects rejects.csv --max-reject-rate 0.05 -o scores.csv
          credit score model.json --db sqlite:///loans.db --table applications --into scores --keep application_id
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: ArgumentHelp("CSV of applicants with a header row ('-' reads standard input); leave it out with --db.", valueName: "data"))
    var dataPath: String?
    /// The CSV (validate() makes sure it is given unless --db is).
    var data: String { dataPath ?? "-" }

    @OptionGroup(title: "Scoring in a SQL engine") var engine: EngineOptions
    @OptionGroup(title: "Scoring in a SQL engine") var inEngine: InEngineScoringOptions

    @Option(name: [.customShort("o"), .long], help: "Scores CSV to write ('-' for standard output).")
    var output: String = "-"

    @Option(help: "Column to copy into the output as the row identifier.")
    var id: String?

    @Option(help: "Write rejected rows ([the --id value,] row, line, column, reason) to this CSV.")
    var rejects: String?

    @Option(help: "Format of the summary on stderr: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Scorecard models: also write each characteristic's points (points_<name> columns).")
    var points = false

    @Flag(name: .customLong("reason-texts"), help: "Scorecard models: write each reason's text next to its code (reason_1_text after reason_1, …), from the model's reason codes (per bin where a bin has its own).")
    var reasonTexts = false

    @Option(name: .customLong("max-reject-rate"), help: ArgumentHelp(
        "Exit \(ScoreExit.shortfall) when more than this share of the rows (0 to 1) is rejected; the outputs are still written.",
        valueName: "R"))
    var maxRejectRate: Double?
    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func validate() throws {
        try engine.validate(data: dataPath)
        try inEngine.validate(engine: engine)
        if format == .csv || format == .markdown { throw ValidationError("--format for score is text or json") }
        try requireOption("--max-reject-rate", maxRejectRate, .closed(0, 1), "e.g. 0.05")
        if rejects != nil, let id, RejectedRow.fieldNames(idColumn: nil).contains(id) {
            throw ValidationError("--id '\(id)' would give the rejects file two columns named '\(id)' (it has row, line, column and reason after the id); rename the column in the data")
        }
        if data == "-" && output == "-" && rejects == "-" { throw ValidationError("--rejects cannot also be standard output") }
        let kept = keptColumns
        if kept.contains(where: \.isEmpty) { throw ValidationError("--keep has an empty column name") }
        if let twice = kept.enumerated().first(where: { kept[..<$0.offset].contains($0.element) })?.element {
            throw ValidationError("--keep names column '\(twice)' twice; the scores file would have two columns of that name")
        }
        if let id, kept.contains(id) {
            throw ValidationError("--id '\(id)' is also in --keep; the scores file would have two columns of that name (the --id column is always written first)")
        }
    }

    @Option(help: ArgumentHelp("Columns to copy into the output after the row/--id column, comma-separated (repeatable).", valueName: "COL,..."))
    var keep: [String] = []

    /// Pass-through columns, in output order.
    var keptColumns: [String] { commaSeparated(keep, trimming: true) }

    /// Bytes of input per chunk (env `CREDIT_SCORE_CHUNK_BYTES`, for tests and benchmarks).
    static var chunkBytes: Int {
        ProcessInfo.processInfo.environment["CREDIT_SCORE_CHUNK_BYTES"].flatMap { Int($0) }.map { max($0, 1) }
            ?? StreamingScorer.defaultChunkBytes
    }

    /// Threads of the read/score pipeline: `CREDIT_THREADS` (see `Concurrency`), unless the older
    /// `CREDIT_SCORE_THREADS` is set, which then decides for this loop alone.
    static var threads: Int? {
        ProcessInfo.processInfo.environment["CREDIT_SCORE_THREADS"].map { Concurrency.parse($0) }
    }

    func run() throws {
        try runReportingErrors {
            if engine.given { return try runInEngine() }
            try checkOutputs([("-o", output), ("--rejects", rejects)], inputs: [("MODEL", model), ("DATA", data)])
            let credit = try CreditModel.load(path: model)
            if reasonTexts && credit.scorecard == nil {
                throw UsageError(description: "--reason-texts needs a scorecard model (\(model) is a \(credit.model) model, which gives no reasons)")
            }
            let layout = ScoreLayout(idColumn: id, keepColumns: keptColumns, points: points, csvSafe: csvOutput.csvSafe,
                                     reasonTexts: reasonTexts)
            let scorer: StreamingScorer
            do {
                scorer = try StreamingScorer(model: credit, path: data, options: try input.csvOptions(), layout: layout,
                                             chunkBytes: Self.chunkBytes)
            } catch ScoringError.duplicateOutputColumn(let name) {
                let flag = id == name ? "--id" : "--keep"
                throw UsageError(description: "\(flag) '\(name)': the scores file already has an output column '\(name)'; leave it out of \(flag) (or rename the column in the data)")
            } catch ScoringError.pointsNeedScorecard(let kind) {
                throw UsageError(description: "--points needs a scorecard model (\(model) is a \(kind) model)")
            } catch ScoringError.missingColumns(let source, let header, let inputs, let copied) {
                if !inputs.isEmpty {
                    throw BadDataError(description: "\(source): the model \(model) needs column\(inputs.count == 1 ? "" : "s") "
                        + inputs.map { "'\($0)'" }.joined(separator: ", ") + ", not in this file; no rows were scored")
                }
                throw noSuchColumn(copied[0], option: id == copied[0] ? "--id" : "--keep", source: source, columns: header)
            }
            // The scores and the rejects are committed together: both new or, on an error, both as they were.
            let outputs = OutputGroup()
            let output = outputs.add(try AtomicOutput(path: self.output))
            let rejectWriter = try rejects.map { CSVWriter(output: outputs.add(try AtomicOutput(path: $0)), csvSafe: csvOutput.csvSafe) }
            try rejectWriter?.writeRow(RejectedRow.fieldNames(idColumn: id))
            let summary = try scorer.run(threads: Self.threads, output: { try output.write($0) },
                                         rejects: rejectWriter.map { writer in { try writer.writeRow($0.fields) } })
            try outputs.commit()
            var summaryReport = ScoringSummaryReport(source: scorer.source, summary: summary,
                                                     rejectsHint: rejects == nil ? "(use --rejects FILE to list the rejected rows with line and reason)" : nil)
            if !credit.fit.status.isSound { summaryReport.modelFit = (model, credit.fit.status) }
            printError(summaryReport.render(format))
            if let shortfall = summary.shortfall(maxRejectRate: maxRejectRate) {
                printError("credit: score: \(shortfall)\(maxRejectRate == nil ? "" : " (--max-reject-rate)") (exit \(ScoreExit.shortfall))")
                throw ExitCode(ScoreExit.shortfall)
            }
        }
    }
}

/// Exit status of `credit score` when the batch scored no row, or rejected more than --max-reject-rate.
enum ScoreExit {
    static let shortfall: Int32 = 3
}
