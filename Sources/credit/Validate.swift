import ArgumentParser
import Foundation
import CreditMetrics
import CreditRegression
import CreditReports
import CreditScorecard
import CreditModelFile
import CreditTabular
extension MetricsFormat: ExpressibleByArgument {}

/// Options shared by `validate` and `compare`: intervals, the cost cut-off and the output format.
struct MetricsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stratified bootstrap replicates for percentile intervals (0 = off).", valueName: "N"))
    var bootstrap: Int = 1000

    @Option(help: "Seed of the bootstrap; the same seed gives the same intervals.")
    var seed: UInt64 = 20240601

    @Option(help: "Confidence level of every interval.")
    var confidence: Double = 0.95

    @Option(help: ArgumentHelp("Cost of classing a bad as good (German credit: 5).", valueName: "COST"))
    var costBadAsGood: Double = 5

    @Option(help: ArgumentHelp("Cost of classing a good as bad (German credit: 1).", valueName: "COST"))
    var costGoodAsBad: Double = 1

    @Option(help: ArgumentHelp("Class bad when P(bad) > this (default: the Bayes cut-off of the costs, 1/6 for 5:1).", valueName: "P"))
    var cutoff: Double?

    @Option(help: "Output format: text, markdown, csv (long format, full precision), json or latex (booktabs table).")
    var format: MetricsFormat = .text

    func validate() throws {
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 (off) or a number of replicates") }
        if bootstrap == 1 { throw ValidationError("--bootstrap needs at least 2 replicates (or 0 to turn it off)") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.95") }
        if !(costBadAsGood > 0) || !(costGoodAsBad > 0) { throw ValidationError("--cost-bad-as-good and --cost-good-as-bad must be positive") }
        if let c = cutoff, !(c >= 0 && c <= 1) { throw ValidationError("--cutoff must be a probability in [0, 1]") }
    }

    var evaluationOptions: EvaluationOptions {
        var o = EvaluationOptions()
        o.bootstrapReplicates = bootstrap
        o.seed = seed
        o.confidenceLevel = confidence
        o.costs = CostMatrix(badClassedGood: costBadAsGood, goodClassedBad: costGoodAsBad)
        o.cutoff = cutoff
        return o
    }
}

/// Runs a metrics command body: metric errors are bad data (exit 65).
func runMetricsReportingErrors(_ body: () throws -> Void) throws {
    try runReportingErrors {
        do { try body() } catch let error as MetricsError { throw BadDataError(description: error.description) }
    }
}

/// Sets each model column's type as the model saw it in training (`CreditModel.inputs`, as `credit score`
/// does); types the user gave with --type win.
func applyModelTypes(_ model: CreditModel, to options: inout CSVOptions) {
    for input in model.inputs where options.columnTypes[input.name] == nil { options.columnTypes[input.name] = input.type }
    options.typedColumnsMustExist = false
}

/// Scores `table` with `model`, naming the missing columns when the data lacks some.
func scoreOrExplain(_ model: CreditModel, path: String, table: Table) throws -> ScoringOutcome {
    do {
        return try model.score(table)
    } catch RegressionError.missingColumn(let name) {
        let needed = model.schema.predictors.map(\.name).filter { table.columnIndex(named: $0) == nil }
        throw BadDataError(description: "\(table.source): the model \(path) needs column\(needed.count == 1 ? "" : "s") "
            + (needed.isEmpty ? [name] : needed).map { "'\($0)'" }.joined(separator: ", ") + ", not in this file")
    }
}

/// A target with more than two values cannot be split into bad and good without guessing which value is
/// good (the model records only the bad value): say which values there are (exit 65).
func requireTwoValues(_ column: Column, name: String, bad: String, source: String) throws {
    var values: [String] = []
    switch column {
    case .numeric(let v):
        let distinct = Set(v.filter { !$0.isNaN })
        if distinct.count <= 2 { return }
        values = distinct.sorted().prefix(5).map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }
    case .categorical(let c):
        let used = Set(c.codes.filter { $0 >= 0 })
        if used.count <= 2 { return }
        values = used.sorted().prefix(5).map { c.levels[Int($0)] }
    }
    throw BadDataError(description: "\(source): target '\(name)' has more than two values (\(values.joined(separator: ", "))\(values.count == 5 ? ", …" : "")); validation needs the bad value '\(bad)' and one good value")
}

/// Per-row bad flags of the target column (nil = missing target).
func badFlags(_ column: Column, bad: String, rows: Int) -> [Bool?] {
    (0..<rows).map { column.holds(bad, row: $0) }
}

/// The rows of a table with both a model PD and a target, as `validate` and `report` evaluate them: rows the
/// model rejects and rows with a missing target are left out and counted.
struct ScoredSample {
    let outcome: ScoringOutcome
    var scores: [Double] = [], isBad: [Bool] = []
    /// Table row of each kept row.
    var rows: [Int] = []
    var rejected = 0, missingTarget = 0

    init(model: CreditModel, path: String, table: Table, target: Column) throws {
        try requireTwoValues(target, name: model.target.column, bad: model.target.bad, source: table.source)
        outcome = try scoreOrExplain(model, path: path, table: table)
        let flags = badFlags(target, bad: model.target.bad, rows: table.rowCount)
        for row in 0..<table.rowCount {
            if outcome.probabilities[row].isNaN { rejected += 1; continue }
            guard let b = flags[row] else { missingTarget += 1; continue }
            scores.append(outcome.probabilities[row]); isBad.append(b); rows.append(row)
        }
        guard !scores.isEmpty else {
            throw BadDataError(description: "\(table.source): no row has both a PD and a target (rejected by the model \(rejected), target missing \(missingTarget))")
        }
    }
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

    func run() throws {
        try runMetricsReportingErrors {
            let credit = try CreditModel.load(path: model)
            var options = try input.csvOptions()
            applyModelTypes(credit, to: &options)
            if let grades, options.columnTypes[grades] == nil { options.columnTypes[grades] = .categorical }
            progress("reading \(data)")
            let table = try readTable(data, options: options)
            let target = credit.target.column
            guard let targetColumn = table[target] else {
                throw BadDataError(description: "\(table.source) has no column '\(target)', the target of the model \(model); validation needs outcomes")
            }
            if let grades { try requireColumn(grades, in: table, option: "--grades") }
            let gradeColumn: CategoricalColumn? = grades.flatMap { table[$0] }.flatMap {
                if case .categorical(let c) = $0 { return c } else { return nil }
            }
            let sample = try ScoredSample(model: credit, path: model, table: table, target: targetColumn)
            let scores = sample.scores, isBad = sample.isBad, rejected = sample.rejected, missingTarget = sample.missingTarget
            let gradeLabels = gradeColumn.map { c in sample.rows.map { c[$0] ?? "(missing)" } } ?? []
            progress("evaluating \(scores.count) rows")
            let data = try ScoredOutcomes(scores: scores, isBad: isBad)
            let evaluation = try Evaluation(data, options: metrics.evaluationOptions)
            let gradeResults = gradeColumn == nil ? nil : try gradeTests(data, grades: gradeLabels)
            let report = ValidationReport(source: table.source, model: model, target: target, bad: credit.target.bad, rowsIn: table.rowCount,
                                          rowsRejectedByModel: rejected, rowsMissingTarget: missingTarget, evaluation: evaluation,
                                          gradeColumn: grades, grades: gradeResults)
            print(report.render(metrics.format), terminator: "")
        }
    }
}
