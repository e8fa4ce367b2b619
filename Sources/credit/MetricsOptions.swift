import ArgumentParser
import CreditDecision
import CreditMetrics
import CreditModelFile
import CreditReports

extension MetricsFormat: ExpressibleByArgument {}

/// `--bootstrap`, `--seed`, `--confidence`: the intervals of `validate`, `compare` and `report`.
struct IntervalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stratified bootstrap replicates for percentile intervals (0 = off).", valueName: "N"))
    var bootstrap: Int = 1000

    @Option(help: "Seed of the bootstrap; the same seed gives the same intervals.")
    var seed: UInt64 = 20240601

    @Option(help: "Confidence level of every interval.")
    var confidence: Double = 0.95

    /// The range checks, called from the command's or group's `validate()` (so that its checks keep their order).
    func check() throws {
        try validateBootstrap(bootstrap)
        try validateConfidence(confidence)
    }

    /// Evaluation options with these bootstrap replicates, seed and confidence level.
    var evaluationOptions: EvaluationOptions {
        var o = EvaluationOptions()
        o.bootstrapReplicates = bootstrap
        o.seed = seed
        o.confidenceLevel = confidence
        return o
    }
}

/// Options shared by `validate` and `compare`: intervals, the cost cut-off and the output format.
struct MetricsOptions: ParsableArguments {
    @OptionGroup var intervals: IntervalOptions

    @Option(help: ArgumentHelp("Cost of classing a bad as good (German credit: 5).", valueName: "COST"))
    var costBadAsGood: Double = 5

    @Option(help: ArgumentHelp("Cost of classing a good as bad (German credit: 1).", valueName: "COST"))
    var costGoodAsBad: Double = 1

    @Option(help: ArgumentHelp("Cut-off of the confusion matrix and costs. A PD: class bad when P(bad) > this (default: the Bayes cut-off of the costs, 1/6 for 5:1); compare's is always a PD. validate, scorecards: a score in points, class bad when the score is below it (--by pd for a PD).", valueName: "CUTOFF"))
    var cutoff: Double?

    @Option(help: "Output format: text, markdown, csv (long format, full precision), json or latex (booktabs table).")
    var format: MetricsFormat = .text

    func validate() throws {
        try intervals.check()
        if !(costBadAsGood > 0) || !(costGoodAsBad > 0) { throw ValidationError("--cost-bad-as-good and --cost-good-as-bad must be positive") }
        try requireOption("--cost-bad-as-good", costBadAsGood, .positive)
        try requireOption("--cost-good-as-bad", costGoodAsBad, .positive)
        try requireOption("--cutoff", cutoff, .finite)
    }

    /// compare's --cutoff: a PD in [0, 1] (the scores of several models are compared as PDs).
    func requirePDCutoff() throws {
        if let c = cutoff, !(c >= 0 && c <= 1) { throw ValidationError("--cutoff must be a probability in [0, 1]") }
    }

    var evaluationOptions: EvaluationOptions {
        var o = intervals.evaluationOptions
        o.costs = CostMatrix(badClassedGood: costBadAsGood, goodClassedBad: costGoodAsBad)
        o.cutoff = cutoff
        return o
    }
}

/// --confidence: strictly between 0 and 1 (validate, compare, report, monitor).
func validateConfidence(_ confidence: Double) throws {
    if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.95") }
}

/// --bootstrap: 0 (off) or 2…`EvaluationOptions.maxBootstrapReplicates` replicates (validate, compare, report).
func validateBootstrap(_ bootstrap: Int) throws {
    if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 (off) or a number of replicates") }
    if bootstrap == 1 { throw ValidationError("--bootstrap needs at least 2 replicates (or 0 to turn it off)") }
    try requireOption("--bootstrap", bootstrap, in: 0...EvaluationOptions.maxBootstrapReplicates,
                      "more replicates than that do not make a percentile interval more accurate, only slower")
}

/// `--target COL` and `--bad VALUE` of a command that reads a model's outcomes (validate, report, fairness,
/// recalibrate): the outcome column and its bad value when they differ from the model's, e.g. an out-of-time file
/// whose outcome column has another name. The library call takes the override (`EvaluationSample(target:)`);
/// columns are never renamed.
struct OutcomeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Outcome column (default: the model's target).", valueName: "COL"))
    var target: String?

    @Option(help: ArgumentHelp("Value of the outcome that means bad (default: the model's).", valueName: "VALUE"))
    var bad: String?

    /// The outcome of `model`'s rows: the model's target with these overrides; nil when neither is given.
    func spec(for model: CreditModel) -> TargetSpec? {
        guard target != nil || bad != nil else { return nil }
        return TargetSpec(column: target ?? model.target.column, bad: bad ?? model.target.bad)
    }
}

/// The scale of validate's and report's --cutoff: --by, else points for a scorecard and PD for other models
/// (the default of `CreditDecision.Cutoff`). A PD cut-off outside [0, 1], points for a plain model, and a
/// scorecard cut-off in [0, 1] without --by (a PD given where a score is read) are usage errors (exit 64).
func cutoffScale(_ by: ScoreScale?, cutoff: Double?, model credit: CreditModel, path: String) throws -> ScoreScale {
    let scale = by ?? (credit.scorecard != nil ? .points : .pd)
    if scale == .points && credit.scorecard == nil {
        throw UsageError(description: "--by points needs a scorecard model; \(path) is not a scorecard, so its cut-off is a PD (--by pd)")
    }
    guard let c = cutoff else { return scale }
    if scale == .pd && !(c >= 0 && c <= 1) {
        throw UsageError(description: "--cutoff \(NumberFormat.significant(c, 6)): the cut-off is a PD and must be in [0, 1]" + (credit.scorecard == nil ? " (\(path) is not a scorecard)" : ""))
    }
    if scale == .points && by == nil && c >= 0 && c <= 1 {
        throw UsageError(description: "--cutoff \(NumberFormat.significant(c, 6)): \(path) is a scorecard, so the cut-off is a score in points (classed bad below it), e.g. --cutoff 540; for a PD cut-off add --by pd")
    }
    return scale
}
