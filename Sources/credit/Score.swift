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
        that the target takes the model's bad value. Scorecard models add 'score' (the sum of the points table's \
        entries for the row's bins; higher = safer), 'points_<characteristic>' with --points, and 'reason_1'… \
        (characteristics ranked by points below the reference, ties in scorecard order; codes from the model). \
        Scorecard models score missing and special values by their own bins; an unseen category follows the \
        model's policy (other bin, riskiest bin, or reject).

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

    @Flag(help: "Scorecard models: also write each characteristic's points (points_<name> columns).")
    var points = false
    @OptionGroup var input: InputOptions

    func validate() throws {
        if format == .csv || format == .markdown { throw ValidationError("--format for score is text or json") }
        if data == "-" && output == "-" && rejects == "-" { throw ValidationError("--rejects cannot also be standard output") }
    }

    func run() throws {
        try runReportingErrors {
            let credit = try CreditModel.load(path: model)
            if points && credit.scorecard == nil {
                throw UsageError(description: "--points needs a scorecard model (\(model) is a \(credit.model) model)")
            }
            var options = try input.csvOptions()
            // Read each column as the model saw it in training, so codes like "01" stay categories.
            for ch in credit.scorecard?.characteristics ?? [] where options.columnTypes[ch.name] == nil {
                options.columnTypes[ch.name] = ch.bins.type
            }
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
            if let card = credit.scorecard, let rows = outcome.scorecardRows {
                try writeScorecardRows(writer, card: card, rows: rows, outcome: outcome, ids: ids)
            } else {
                try writer.writeRow([id ?? "row", "pd"])
                for row in 0..<table.rowCount where !outcome.probabilities[row].isNaN {
                    let key = ids.map { $0[row] ?? "" } ?? String(row + 1)
                    try writer.writeRow([key, "\(outcome.probabilities[row])"])
                }
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

    /// Scorecard output: pd, score (sum of the points), optional points per characteristic, reason codes.
    private func writeScorecardRows(_ writer: CSVWriter, card: ScorecardSection, rows: [ScorecardRowResult?],
                                    outcome: ScoringOutcome, ids: CategoricalColumn?) throws {
        let k = card.reasons.count
        try writer.writeRow([id ?? "row", "pd", "score"] + (points ? card.characteristics.map { "points_\($0.name)" } : [])
                            + (0..<k).map { "reason_\($0 + 1)" })
        for (row, result) in rows.enumerated() {
            guard let r = result else { continue }
            let key = ids.map { $0[row] ?? "" } ?? String(row + 1)
            let reasons = r.reasons.map { card.reasonCode($0).code }
            try writer.writeRow([key, "\(r.probability)", String(r.score)] + (points ? r.points.map(String.init) : [])
                                + (0..<k).map { $0 < reasons.count ? reasons[$0] : "" })
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
