import ArgumentParser
import Foundation
import CreditScorecard
import CreditModelFile
import CreditTabular
import CreditSupport
enum ExportFormat: String, CaseIterable, ExpressibleByArgument { case sql, pmml }
extension SQLDialect: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deploy a model outside this tool: one SQL SELECT or a PMML 4.4 document.",
        discussion: """
        SQL (--to sql): a single SELECT over --table that gives, per row, the kept columns (--keep), pd and, for scorecards, score, points_<characteristic> and reason_1… with the same bins, points, PD and reasons as 'credit score'. Columns may be loaded the ordinary way, numbers as text included (sqlite3 .import, read_csv with every column VARCHAR): SQL NULL and text that is a missing token (empty, NA, NULL, …, as the CSV reader's defaults) are missing, a numeric column's text is converted to a number in the statement, and a row whose numeric column holds text that is not a number is rejected, as natively (SQLite, without regular expressions, takes text of digits, '.', 'e', '+', '-' as a number; ANSI SQL has no safe cast). Rows the native scorer rejects (an unseen level under --unseen reject, or a missing value in a plain regression) get NULL pd and score. Reasons: characteristics whose points fall below the model's reference, largest shortfall first, ties to the characteristic listed first; unused reason columns are NULL; a bin with its own reason code gives it, and --reason-texts adds reason_N_text. A missing value where training had none follows the model's --on-unexpected-missing (NULL output for reject). A model with a decision policy ('credit policy') adds decision and decision_code (and decision_text): its rules read their columns as the inputs are read, then the refer band and the cut-off. Dialects: sqlite, duckdb, postgres, spark, ansi — they differ in quoting, string escapes and double literals. --table is quoted as one identifier.

        PMML (--to pmml): a Scorecard model (reasonCodeAlgorithm pointsBelow, baselineScore = the reference points, one reason code per characteristic; output fields score, pd, points_<characteristic>, reason_1…) or, for plain logistic regression, a RegressionModel with logit normalisation (output field pd). Checked with the JPMML evaluator.

        Numbers are written with full round-trip precision; names and values are quoted and escaped for the target language.

        --to names the artefact (the language the model is exported to); --format is the display format of the other commands. The old spelling --format sql|pmml still works in this release, with a note on standard error.

        Examples:
          credit export out/card.json --to sql --dialect duckdb --table applicants --keep id -o card.sql
          credit export out/card.json --to pmml -o card.pmml
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Option(help: ArgumentHelp("The artefact: sql (one SELECT) or pmml (a PMML 4.4 document).", valueName: "sql|pmml"))
    var to: ExportFormat?

    @Option(name: .customLong("format"), help: .hidden)
    var deprecatedFormat: ExportFormat?

    /// --to, or the deprecated --format.
    var format: ExportFormat? { DeprecatedSpelling.exportFormat.value(to, old: deprecatedFormat) }

    @Option(help: "SQL dialect: sqlite, duckdb, postgres, spark or ansi (default ansi).")
    var dialect: SQLDialect?

    @Option(help: "SQL: the table of applicants to select from.")
    var table: String?

    @Option(help: ArgumentHelp("SQL: columns to pass through first, e.g. an applicant id, comma-separated (repeatable).", valueName: "COL,..."))
    var keep: [String] = []

    /// The --keep columns, comma-separated and repeatable as in 'credit score'.
    var keptColumns: [String] { commaSeparated(keep, trimming: true) }

    @Flag(name: .customLong("reason-texts"), help: "SQL, scorecards: write each reason's text after its code (reason_N_text), and a policy's decision_text, as 'credit score --reason-texts' does.")
    var reasonTexts = false

    @Option(name: .shortAndLong, help: "Output file ('-' for standard output, the default). Written to a temporary file and renamed.")
    var output: String = "-"

    func validate() throws {
        try DeprecatedSpelling.exportFormat.check(to, old: deprecatedFormat)
        switch format {
        case nil:
            throw ValidationError("give the artefact with --to sql or --to pmml")
        case .sql?:
            guard table != nil else { throw ValidationError("--to sql needs --table NAME (the table of applicants)") }
        case .pmml?:
            if dialect != nil { throw ValidationError("--dialect applies to --to sql only") }
            if table != nil { throw ValidationError("--table applies to --to sql only") }
            if !keep.isEmpty { throw ValidationError("--keep applies to --to sql only") }
            if reasonTexts { throw ValidationError("--reason-texts applies to --to sql only (PMML's reason codes carry no text)") }
        }
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output)], inputs: [("MODEL", model)])
            let format = DeprecatedSpelling.exportFormat.resolve(to, old: deprecatedFormat)!
            let credit = try CreditModel.load(path: model)
            let text: String
            do {
                switch format {
                case .sql: text = try SQLExport(dialect: dialect ?? .ansi, table: table!, keep: keptColumns, reasonTexts: reasonTexts).sql(for: credit)
                case .pmml:
                    text = try PMMLExport().pmml(for: credit)
                    if credit.policy != nil { printError("note: the model's decision policy is not in the PMML (PMML has no place for it): the PMML gives pd, score, points and reasons; use --to sql for the decision columns") }
                }
            } catch let error as ExportError {
                throw UsageError(description: error.cliDescription)
            }
            let out = try AtomicOutput(path: output)
            try out.write(Array(text.utf8))
            try out.commit()
            if output != "-" { printError("\(format.rawValue) written to \(output)") }
        }
    }
}
