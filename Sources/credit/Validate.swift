import ArgumentParser
import Foundation
import CreditMetrics
import CreditReports
import CreditModelFile
import CreditTabular

/// Runs a metrics command body: metric errors are bad data (exit 65).
func runMetricsReportingErrors(_ body: () throws -> Void) throws {
    try runReportingErrors {
        do { try body() } catch let error as MetricsError { throw BadDataError(description: error.description) }
    }
}

/// Scores `table` with `model` for `validate` and `report` (`EvaluationSample`), wording the library's errors as
/// the CLI prints them: exit 65, or 64 for a --grades column the data lacks. `needs` says who needs the target.
func evaluationSample(_ model: CreditModel, path: String, table: Table, grades: String? = nil, needs: String) throws -> EvaluationSample {
    do {
        return try EvaluationSample(model: model, table: table, gradeColumn: grades)
    } catch EvaluationError.missingTargetColumn(let source, let column) {
        throw BadDataError(description: "\(source) has no column '\(column)', the target of the model \(path); \(needs) needs outcomes")
    } catch EvaluationError.missingColumns(let source, let header, let columns) {
        throw noSuchColumn(columns[0], option: "--grades", source: source, columns: header)
    } catch EvaluationError.targetNotBinary(let source, let column, let bad, let values, _) {
        throw BadDataError(description: "\(source): target '\(column)' has more than two values (\(values.joined(separator: ", "))\(values.count == 5 ? ", …" : "")); validation needs the bad value '\(bad)' and one good value")
    } catch ScoringError.missingColumns(let source, _, let inputs, _) {
        throw modelNeeds(path, inputs, source: source)
    } catch EvaluationError.noUsableRows(let source, let rejected, let missingTarget) {
        throw BadDataError(description: "\(source): no row has both a PD and a target (rejected by the model \(rejected), target missing \(missingTarget))")
    }
}

/// "data.csv: the model m.json needs columns 'a', 'b', not in this file" (exit 65).
func modelNeeds(_ path: String, _ columns: [String], source: String) -> BadDataError {
    BadDataError(description: "\(source): the model \(path) needs column\(columns.count == 1 ? "" : "s") "
        + columns.map { "'\($0)'" }.joined(separator: ", ") + ", not in this file")
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a saved model on holdout or out-of-time data: discrimination, calibration, costs, with intervals.",
        discussion: """
        Scores DATA with MODEL and compares the PDs with the model's target column (and its bad value). \
        Rows the model rejects (missing or unseen values) and rows with a missing target are left out and counted.

        Reported (higher PD = riskier): AUC with DeLong SE and CI (as R pROC); Gini = 2·AUC − 1; KS with its \
        cut-off; the partial AUC over FPR ≤ 0.2 (McClish-standardised, as sklearn max_fpr); Lessmann's partial \
        Gini among PD ≤ 0.4; the H-measure with the R hmeasure default prior Beta(2, 1 + π_good/π_bad) and with \
        Beta(2, 2); EMP for credit scoring (Verbraken et al. 2014: p0 0.55, p1 0.1, ROI 0.2644); Brier with a \
        10-bin Murphy decomposition and skill score; log loss (PDs clipped to [2.2e-16, 1 − 2.2e-16]); \
        Hosmer–Lemeshow (10 quantile groups, df = G − 2); Spiegelhalter z; calibration intercept and slope \
        (joint logistic fit on logit(PD)) and calibration-in-the-large (slope fixed at 1); ECE (10 equal-width \
        bins); a reliability table; the confusion matrix, precision, recall, F1 and expected cost at the cut-off; \
        gains, capture and lift by decile; with --grades, the Jeffreys and binomial PD tests per grade (ECB 2019; \
        the grade's PD is the mean PD of its rows). Bootstrap intervals are percentile, stratified (bads and goods \
        resampled separately) and seeded.

        Examples:
          credit validate out/model.json holdout.csv
          credit validate out/model.json oot.csv --bootstrap 2000 --seed 7 --format markdown
          credit validate model.json oot.csv --format latex > table.tex
          credit validate model.json oot.csv --cost-bad-as-good 5 --cost-good-as-bad 1 --format json
          credit validate model.json oot.csv --grades rating --bootstrap 0
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "CSV with the model's columns and its target ('-' reads standard input).")
    var data: String

    @Option(help: ArgumentHelp("Column of rating grades: adds Jeffreys and binomial PD tests per grade.", valueName: "COL"))
    var grades: String?

    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func run() throws {
        try runMetricsReportingErrors {
            let credit = try CreditModel.load(path: model)
            var options = credit.readingOptions(try input.csvOptions())
            if let grades, options.columnTypes[grades] == nil { options.columnTypes[grades] = .categorical }
            let table = try readTable(data, options: options)
            let sample = try evaluationSample(credit, path: model, table: table, grades: grades, needs: "validation")
            progress("evaluating \(sample.scores.count) rows")
            let data = try ScoredOutcomes(scores: sample.scores, isBad: sample.isBad)
            let evaluation = try withBootstrapProgress(metrics.evaluationOptions) { try Evaluation(data, options: $0) }
            let gradeResults = try sample.grades.map { try gradeTests(data, grades: $0) }
            let report = ValidationReport(source: table.source, model: model, target: credit.target.column, bad: credit.target.bad,
                                          rowsIn: table.rowCount, rowsRejectedByModel: sample.rejectedByModel,
                                          rowsMissingTarget: sample.missingTarget, evaluation: evaluation,
                                          gradeColumn: grades, grades: gradeResults)
            print(report.render(metrics.format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }
}
