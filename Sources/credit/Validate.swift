import ArgumentParser
import Foundation
import CreditDecision
import CreditMetrics
import CreditReports
import CreditModelFile
import CreditRegression
import CreditTabular

/// Runs a metrics command body: metric errors are bad data (exit 65).
func runMetricsReportingErrors(_ body: () throws -> Void) throws {
    try runReportingErrors {
        do { try body() } catch let error as MetricsError { throw BadDataError(description: error.description) }
    }
}

/// Scores `table` with `model` for `validate` and `report` (`EvaluationSample`), wording the library's errors as
/// the CLI prints them: exit 65, or 64 for a --grade-column column the data lacks. `needs` says who needs the
/// target; `target` overrides the model's outcome column and bad value (--target, --bad).
func evaluationSample(_ model: CreditModel, path: String, table: Table, grades: String? = nil, target: TargetSpec? = nil,
                      needs: String) throws -> EvaluationSample {
    do {
        return try EvaluationSample(model: model, table: table, gradeColumn: grades, target: target)
    } catch EvaluationError.missingTargetColumn(let source, let column) {
        if target != nil && column != model.target.column {
            throw noSuchColumn(column, option: "--target", source: source, columns: table.columnNames)
        }
        throw BadDataError(description: "\(source) has no column '\(column)', the target of the model \(path); \(needs) needs outcomes (name another with --target COL)")
    } catch EvaluationError.missingColumns(let source, let header, let columns) {
        throw noSuchColumn(columns[0], option: "--grade-column", source: source, columns: header)
    } catch EvaluationError.targetNotBinary(let source, let column, let bad, let values, _) {
        throw BadDataError(description: "\(source): target '\(column)' has more than two values (\(values.joined(separator: ", "))\(values.count == 5 ? ", …" : "")); validation needs the bad value '\(bad)' and one good value")
    } catch ScoringError.missingColumns(let source, _, let inputs, _) {
        throw modelNeeds(path, inputs, source: source)
    } catch EvaluationError.noUsableRows(let source, let rejected, let missingTarget) {
        throw BadDataError(description: "\(source): no row has both a PD and a target (rejected by the model \(rejected), target missing \(missingTarget))")
    }
}

/// The model's PDs in `sample` against their outcomes, evaluated with `options` (the bootstrap drawing a progress
/// bar on a terminal): the one evaluation of `validate` and `report`.
func evaluate(_ sample: EvaluationSample, options: EvaluationOptions) throws -> (outcomes: ScoredOutcomes, evaluation: Evaluation) {
    progress("evaluating \(sample.scores.count) rows")
    let outcomes = try ScoredOutcomes(scores: sample.scores, isBad: sample.isBad)
    return (outcomes, try withBootstrapProgress(options) { try Evaluation(outcomes, options: $0) })
}

/// How `model`'s fit ended when it failed (not converged, quasi-separated, iteration limit), nil when sound; for
/// an output with no place for a warning line (`stderr`: CSV, LaTeX, HTML), the line goes to standard error.
func failedFit(_ model: CreditModel, path: String, stderr: Bool) -> FitStatus? {
    let status = model.fit.status
    guard let message = status.message else { return nil }
    if stderr { printError("warning: the model \(path) \(message)") }
    return status
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
        Scores DATA with MODEL and compares the PDs with the model's target column and its bad value (--target, \
        --bad: another outcome column or bad value, e.g. an out-of-time file whose outcome has another name). \
        Rows the model rejects (missing or unseen values) and rows with a missing target are left out and counted.

        Reported (higher PD = riskier): AUC with DeLong SE and CI (as R pROC); Gini = 2·AUC − 1; KS with its \
        cut-off; the partial AUC over FPR ≤ 0.2 (McClish-standardised, as sklearn max_fpr); Lessmann's partial \
        Gini among PD ≤ 0.4; the H-measure with the R hmeasure default prior Beta(2, 1 + π_good/π_bad) and with \
        Beta(2, 2); EMP for credit scoring (Verbraken et al. 2014: p0 0.55, p1 0.1, ROI 0.2644); Brier with a \
        10-bin Murphy decomposition and skill score; log loss (PDs clipped to [2.2e-16, 1 − 2.2e-16]); \
        Hosmer–Lemeshow (10 quantile groups, df = G − 2); Spiegelhalter z; calibration intercept and slope \
        (joint logistic fit on logit(PD)) and calibration-in-the-large (slope fixed at 1); ECE (10 equal-width \
        bins); a reliability table; the confusion matrix, precision, recall, F1 and expected cost at the cut-off; \
        gains, capture and lift by decile; with --grade-column, the Jeffreys and binomial PD tests per grade (ECB 2019; \
        the grade's PD is the mean PD of its rows). Bootstrap intervals are percentile, stratified (bads and goods \
        resampled separately) and seeded.

        --cutoff (the confusion matrix and costs, printed with its unit): for a scorecard a score in points, \
        a row classed bad when its score is below it (the scores themselves, not PDs converted through the \
        scaling); for other models, and with --by pd, a PD, classed bad when P(bad) > it (default: the Bayes \
        cut-off of the costs).

        Scorecards, in points (the lender's unit; every number above stays on the PD): KS on the integer score \
        (higher = safer) with its cut-off in points ("at score ≤ 536 points", classed bad at or below) and the PD \
        the scaling gives for that score, and gains by score band in points (deciles, lowest scores first) with \
        the PD range of each band by the scaling. Points are rounded sums, so rows with different PDs can tie on \
        the score: KS runs over the distinct score values, and a tied score may straddle a band boundary.

        Examples:
          credit validate out/model.json holdout.csv
          credit validate out/model.json oot.csv --bootstrap 2000 --seed 7 --format markdown
          credit validate model.json oot.csv --format latex > table.tex
          credit validate model.json oot.csv --cost-bad-as-good 5 --cost-good-as-bad 1 --format json
          credit validate model.json oot.csv --grade-column rating --bootstrap 0
          credit validate model.json oot.csv --group employment_type --cutoff 0.2
          credit validate card.json oot.csv --cutoff 540 --target default_12m
          credit validate scored.csv --score pd_vendor --target default
          credit validate scored.csv --score points --higher-is-safer --target default --bad yes

        Any score column (--score COL, no model file): DATA's column COL is evaluated against --target (required) and \
        --bad (default 1) exactly as a model's PDs are: the same metrics, intervals, --cutoff, --grade-column and \
        --group sections; rows with a missing score or target are left out and counted. The score must be a PD in \
        [0, 1] for the calibration metrics; otherwise (log-odds, points) discrimination only is reported, with a \
        note. --higher-is-safer (points): the column is negated, --cutoff is in its unit (classed bad below it), \
        and calibration is omitted because points are not a probability.

        A model whose fit did not converge, was quasi-separated or stopped at its iteration limit (as its file \
        records) is validated with a warning line naming the failure (JSON: modelFit; with --format csv or latex \
        on standard error): its PDs come from estimates that are not a maximum.

        With --group COL and --cutoff, adds the fairness section of credit fairness on the evaluated rows \
        (approve when score ≥ cut-off for a scorecard, PD ≤ cut-off otherwise: the rule of --cutoff here): approval rate, adverse impact ratio with Katz interval \
        and the four-fifths flag, bad rate among the approved, TPR, FPR, equal-opportunity difference, AUC with \
        DeLong interval and calibration-in-the-large per group (see credit fairness --help for the definitions).
        """
    )

    @Argument(help: "Model file written by 'credit train -o' (with --score: DATA, the only argument).")
    var model: String

    @Argument(help: "CSV with the model's columns and its target ('-' reads standard input).")
    var data: String?

    @Option(help: ArgumentHelp("Evaluate this column of DATA as the score instead of a model's PDs: credit validate DATA --score COL --target T.", valueName: "COL"))
    var score: String?

    @Flag(help: "With --score: the column is higher = safer (e.g. scorecard points); it is negated, and calibration is omitted (not a PD).")
    var higherIsSafer = false

    @Option(name: .customLong("grade-column"), help: ArgumentHelp("Column of rating grades: adds Jeffreys and binomial PD tests per grade.", valueName: "COL"))
    var gradeColumn: String?

    @Option(name: .customLong("grades"), help: .hidden)
    var deprecatedGrades: String?

    @OptionGroup var outcome: OutcomeOptions

    @Option(help: ArgumentHelp("Scale of --cutoff: points (scorecards' default) or pd (other models' default and only scale).", valueName: "SCALE"))
    var by: ScoreScale?

    @Option(help: ArgumentHelp("Column of DATA whose values are groups: adds approval, adverse impact and error rates by group at --cutoff.", valueName: "COL"))
    var group: String?

    @Option(help: ArgumentHelp("With --group: the reference group (default: the group with the most rows).", valueName: "LEVEL"))
    var reference: String?

    @Option(help: ArgumentHelp("With --group: band edges for a numeric column, strictly increasing: E1,E2,…", valueName: "EDGES"))
    var bands: String?

    @OptionGroup var metrics: MetricsOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func validate() throws {
        try validateScoreColumn()
        try DeprecatedSpelling.validateGrades.check(gradeColumn, old: deprecatedGrades)
        if group == nil, reference != nil || bands != nil { throw ValidationError("--reference and --bands need --group") }
        if group != nil, metrics.cutoff == nil {
            throw ValidationError("--group needs --cutoff: the score (scorecards) or PD at which an applicant is approved (e.g. --cutoff 540 or --cutoff 0.2)")
        }
        _ = try parseBandEdges(bands)
    }

    func run() throws {
        if score != nil { return try runScoreColumn() }
        let data = data!
        try runMetricsReportingErrors {
            let grades = DeprecatedSpelling.validateGrades.resolve(gradeColumn, old: deprecatedGrades)
            let credit = try CreditModel.load(path: model)
            let scale = try cutoffScale(by, cutoff: metrics.cutoff, model: credit, path: model)
            let spec = outcome.spec(for: credit)
            var options = credit.readingOptions(try input.csvOptions())
            if let grades, options.columnTypes[grades] == nil { options.columnTypes[grades] = .categorical }
            let edges = try parseBandEdges(bands)
            if let group, edges != nil, options.columnTypes[group] == nil { options.columnTypes[group] = .numeric }
            let table = try readTable(data, options: options)
            let sample = try evaluationSample(credit, path: model, table: table, grades: grades, target: spec, needs: "validation")
            printMissingValueDrops(MissingValueDrops.line(table: table, rejects: sample.outcome.rejects, columns: credit.inputs.map(\.name)),
                                   hint: "; a model trained with --missing-coding indicator keeps them")
            var evaluationOptions = metrics.evaluationOptions
            if scale == .points, metrics.cutoff != nil { evaluationOptions.points = sample.points }
            let (data, evaluation) = try evaluate(sample, options: evaluationOptions)
            let gradeResults = try sample.grades.map { try gradeTests(data, grades: $0) }
            let target = spec ?? credit.target
            var report = ValidationReport(source: table.source, model: model, target: target.column, bad: target.bad,
                                          rowsIn: table.rowCount, rowsRejectedByModel: sample.rejectedByModel,
                                          rowsMissingTarget: sample.missingTarget, evaluation: evaluation,
                                          gradeColumn: grades, grades: gradeResults)
            report.modelFit = failedFit(credit, path: model, stderr: metrics.format == .csv || metrics.format == .latex)
            report.points = try sample.pointsEvaluation(scaling: credit.scorecard?.scaling, bands: metrics.evaluationOptions.gainsBands)
            if let group {
                report.fairness = try fairnessSection(sample, table: table, model: model, group: group, bands: edges, reference: reference,
                                                      cutoff: Cutoff(metrics.cutoff!, scale: scale), confidence: metrics.intervals.confidence)
            }
            print(report.render(metrics.format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }
}

extension Validate {
    /// Usage checks of the score-column form: one positional argument (DATA), --target given, and no option that
    /// needs a model (--by).
    func validateScoreColumn() throws {
        guard let score else {
            if data == nil { throw ValidationError("validate needs MODEL and DATA, or DATA --score COL --target T (a score column, no model)") }
            if higherIsSafer { throw ValidationError("--higher-is-safer applies to --score (a model's PDs are always higher = riskier)") }
            return
        }
        if data != nil { throw ValidationError("--score evaluates a column of DATA, with no model: give DATA alone (credit validate DATA --score \(score) --target T)") }
        if score.isEmpty { throw ValidationError("--score has an empty column name") }
        if outcome.target == nil { throw ValidationError("--score needs --target: with no model, the outcome column must be named (--bad: its bad value, default 1)") }
        if outcome.target == score { throw ValidationError("--target '\(score)' is also the --score column") }
        if by != nil { throw ValidationError("--by needs a model; with --score the --cutoff is a PD, or in the column's unit with --higher-is-safer") }
        if higherIsSafer && (gradeColumn != nil || deprecatedGrades != nil) {
            throw ValidationError("--grade-column tests each grade's PD; a --higher-is-safer score is not a PD")
        }
        if let c = metrics.cutoff, !higherIsSafer, !(c >= 0 && c <= 1) {
            throw ValidationError("--cutoff \(NumberFormat.significant(c, 6)): the --score column is read as a PD, so the cut-off must be in [0, 1] (points: add --higher-is-safer)")
        }
    }

    /// `credit validate DATA --score COL --target T`: the column as the score, evaluated as a model's PDs.
    func runScoreColumn() throws {
        let score = score!, path = model
        let spec = TargetSpec(column: outcome.target!, bad: outcome.bad ?? "1")
        try runMetricsReportingErrors {
            let grades = DeprecatedSpelling.validateGrades.resolve(gradeColumn, old: deprecatedGrades)
            var options = try input.csvOptions()
            if options.columnTypes[score] == nil { options.columnTypes[score] = .numeric }
            if let grades, options.columnTypes[grades] == nil { options.columnTypes[grades] = .categorical }
            let edges = try parseBandEdges(bands)
            if let group, edges != nil, options.columnTypes[group] == nil { options.columnTypes[group] = .numeric }
            options.typedColumnsMustExist = false
            let table = try readTable(path, options: options)
            let sample: EvaluationSample
            do {
                sample = try EvaluationSample(table: table, scoreColumn: score, target: spec, higherIsSafer: higherIsSafer, gradeColumn: grades)
            } catch EvaluationError.missingColumns(let source, let header, let columns) {
                let option = columns[0] == spec.column ? "--target" : columns[0] == score ? "--score" : "--grade-column"
                throw noSuchColumn(columns[0], option: option, source: source, columns: header)
            } catch EvaluationError.scoreColumnNotNumeric(let source, let column) {
                throw BadDataError(description: "\(source): --score column '\(column)' is not numeric")
            } catch EvaluationError.targetNotBinary(let source, let column, let bad, let values, _) {
                throw BadDataError(description: "\(source): target '\(column)' has more than two values (\(values.joined(separator: ", "))\(values.count == 5 ? ", …" : "")); validation needs the bad value '\(bad)' and one good value")
            } catch EvaluationError.noUsableRows(let source, let missingScore, let missingTarget) {
                throw BadDataError(description: "\(source): no row has both a score and a target (score missing \(missingScore), target missing \(missingTarget))")
            }
            var evaluationOptions = metrics.evaluationOptions
            if higherIsSafer, metrics.cutoff != nil { evaluationOptions.points = sample.points }
            let (data, evaluation) = try evaluate(sample, options: evaluationOptions)
            let gradeResults = try sample.grades.map { try gradeTests(data, grades: $0) }
            var report = ValidationReport(source: table.source, model: "score column '\(score)'", target: spec.column, bad: spec.bad,
                                          rowsIn: table.rowCount, rowsRejectedByModel: sample.rejectedByModel,
                                          rowsMissingTarget: sample.missingTarget, evaluation: evaluation,
                                          gradeColumn: grades, grades: gradeResults)
            report.scoreColumn = score
            report.higherIsSafer = higherIsSafer ? true : nil
            if let group {
                report.fairness = try fairnessSection(sample, table: table, model: "score column '\(score)'", group: group, bands: edges,
                                                      reference: reference,
                                                      cutoff: Cutoff(metrics.cutoff!, scale: higherIsSafer ? .points : .pd),
                                                      confidence: metrics.intervals.confidence)
            }
            print(report.render(metrics.format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }
}
