import ArgumentParser
import Foundation
import Regression
import Reports
import Scorecard
import Tabular

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score applicants with a saved model: one PD per row; rows that cannot be scored are set aside.",
        discussion: """
        Columns are matched by name (order does not matter; extra columns are ignored). A row with a missing \
        value in a column the model uses, or a category not seen in training, is rejected with its line, column \
        and reason; rows in = rows scored + rows rejected, always. The output is written to a temporary file \
        and renamed into place, so an interrupted run never leaves a partial file. A summary goes to stderr.

        Output columns: the --id column (or 'row', the 1-based data row number) and 'pd', the probability \
        that the target takes the model's bad value.

        Examples:
          credit score out/model.json datasets/german_credit.csv -o out/scores.csv
          credit score model.json applicants.csv --id application_id --rejects out/rejects.csv -o -
          cat applicants.csv | credit score model.json - --format json > scores.csv
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "CSV of applicants with a header row ('-' reads standard input).")
    var data: String

    @Option(name: [.customShort("o"), .long], help: "Scores CSV to write ('-' for standard output).")
    var output: String = "-"

    @Option(help: "Column to copy into the output as the row identifier.")
    var id: String?

    @Option(help: "Write rejected rows (row, line, column, reason) to this CSV.")
    var rejects: String?

    @Option(help: "Format of the summary on stderr: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var input: InputOptions

    func validate() throws {
        if format == .csv || format == .markdown { throw ValidationError("--format for score is text or json") }
        if data == "-" && output == "-" && rejects == "-" { throw ValidationError("--rejects cannot also be standard output") }
    }

    func run() throws {
        try runReportingErrors {
            let credit = try CreditModel.load(path: model)
            var options = try input.csvOptions()
            // Read each column as the model saw it in training, so codes like "01" stay categories.
            for predictor in credit.schema.predictors where options.columnTypes[predictor.name] == nil {
                switch predictor.kind {
                case .numeric: options.columnTypes[predictor.name] = .numeric
                case .categorical: options.columnTypes[predictor.name] = .categorical
                }
            }
            options.typedColumnsMustExist = false
            if let id { options.columnTypes[id] = .categorical }
            progress("reading \(data)")
            let table = try readTable(data, options: options)
            if let id { try requireColumn(id, in: table, option: "--id") }
            let outcome: ScoringOutcome
            do {
                outcome = try credit.score(table)
            } catch RegressionError.missingColumn(let name) {
                let needed = credit.schema.predictors.map(\.name).filter { table.columnIndex(named: $0) == nil }
                throw BadDataError(description: "\(table.source): the model \(model) needs column\(needed.count == 1 ? "" : "s") "
                    + (needed.isEmpty ? [name] : needed).map { "'\($0)'" }.joined(separator: ", ")
                    + ", not in this file; no rows were scored")
            }

            let ids: CategoricalColumn? = id.flatMap { table[$0] }.flatMap {
                if case .categorical(let c) = $0 { return c } else { return nil }
            }
            let writer = try CSVWriter(path: output)
            try writer.writeRow([id ?? "row", "pd"])
            for row in 0..<table.rowCount where !outcome.probabilities[row].isNaN {
                let key = ids.map { $0[row] ?? "" } ?? String(row + 1)
                try writer.writeRow([key, "\(outcome.probabilities[row])"])
            }
            if let rejects {
                let rejectWriter = try CSVWriter(path: rejects)
                try rejectWriter.writeRow(["row", "line", "column", "reason"])
                for r in outcome.rejects {
                    try rejectWriter.writeRow([String(r.row + 1), String(r.line), r.column, r.detail])
                }
                try rejectWriter.commit()
            }
            try writer.commit()
            printError(render(outcome.summary, source: table.source))
        }
    }

    private func render(_ s: ScoringSummary, source: String) -> String {
        if format == .json { return JSONOutput.encode(s).trimmingCharacters(in: .newlines) }
        var text = "\(source): rows in \(NumberFormat.count(s.rowsIn)), scored \(NumberFormat.count(s.rowsScored)), rejected \(NumberFormat.count(s.rowsRejected))"
        for (reason, n) in s.rejectedByReason.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            text += "\n  \(NumberFormat.count(n))  \(reason)"
        }
        if s.rowsRejected > 0 && rejects == nil { text += "\n  (use --rejects FILE to list the rejected rows with line and reason)" }
        return text
    }
}
