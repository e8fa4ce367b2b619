import ArgumentParser
import CreditRegression
import CreditReports
import CreditTabular
extension SelectionDirection: ExpressibleByArgument {}
extension CoefficientSign: ExpressibleByArgument {}

/// `--penalty`: which penalised fit.
enum PenaltyKind: String, CaseIterable, ExpressibleByArgument { case ridge, lasso, elasticNet = "elastic-net" }
/// `--select-by`.
enum SelectionCriterionKind: String, CaseIterable, ExpressibleByArgument { case aic, bic, pValue = "p-value" }
/// `--marginal-effects`.
enum MarginalEffectsKind: String, CaseIterable, ExpressibleByArgument { case average, atMeans = "at-means", both }
extension LambdaRule: ExpressibleByArgument {}

/// The research options of `credit train` (issue 3): weights, Firth, penalties, selection, diagnostics, CV.
struct RegressionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Frequency-weight column (≥ 0; row i counts wᵢ times; AIC/BIC use Σw observations).", valueName: "COL"))
    var weight: String?

    @Option(help: ArgumentHelp("Prior-correct the intercept to this population bad rate (King & Zeng 2001).", valueName: "R"))
    var populationBadRate: Double?

    @Flag(help: "Firth's penalised likelihood (as R logistf): finite estimates under separation, profile CIs, penalised LR p-values.")
    var firth = false

    @Flag(help: "With --firth: skip the profile-likelihood intervals and LR tests (Wald only; faster on many terms).")
    var noProfile = false

    @Option(help: "Penalised fit: ridge, lasso or elastic-net (glmnet coordinate descent, standardised internally).")
    var penalty: PenaltyKind?

    @Option(help: ArgumentHelp("Penalty strength λ (glmnet scale), repeatable; default: a path of --lambda-count values from λmax.", valueName: "λ"))
    var lambda: [Double] = []

    @Option(help: ArgumentHelp("Elastic-net mix α in [0, 1] (1 lasso, 0 ridge); default 0.5 for elastic-net.", valueName: "α"))
    var mix: Double?

    @Option(help: "Number of λ values on the default path.")
    var lambdaCount: Int = 100

    @Option(help: "With --penalty and --cv-folds: the λ to keep, min or 1se.")
    var lambdaRule: LambdaRule = .oneStandardError

    @Option(help: ArgumentHelp("Stratified k-fold cross-validation (choose λ with --penalty; else out-of-fold predictions).", valueName: "K"))
    var cvFolds: Int?

    @Option(help: ArgumentHelp("Repeat the k-fold split N times (N × 2 with --cv-folds 2, Lessmann et al. 2015).", valueName: "N"))
    var cvRepeats: Int = 1

    @Option(help: "Seed of the cross-validation splits (SplitMix64; the same folds on every machine).")
    var seed: UInt64 = 1

    @Option(name: [.customLong("oof"), .customLong("cv-predictions")],
            help: ArgumentHelp("Write out-of-fold predictions (row, line, repetition, fold, target, pd) to this CSV (--cv-predictions is the older spelling; compare --cv --oof writes the same columns).", valueName: "FILE"))
    var cvPredictions: String?

    @Option(help: "Variable selection: forward, backward or stepwise (predictors enter and leave whole).")
    var select: SelectionDirection?

    @Option(help: "Selection criterion: aic, bic or p-value (likelihood-ratio test).")
    var selectBy: SelectionCriterionKind = .aic

    @Option(help: "p-value to enter (with --select-by p-value).")
    var pEnter: Double = 0.05

    @Option(help: "p-value to leave (with --select-by p-value).")
    var pLeave: Double = 0.10

    @Option(help: ArgumentHelp("Predictor always kept by --select, repeatable or comma-separated.", valueName: "COL,..."))
    var force: [String] = []

    @Option(name: .customLong("select-max-vif"),
            help: ArgumentHelp("With --select: reject models whose largest VIF exceeds this.", valueName: "V"))
    var maxVif: Double?

    @Option(help: "With --select: every selectable coefficient must have this sign (positive or negative; WoE scorecards).")
    var requireSign: CoefficientSign?

    @Flag(help: "With --select stepwise: start from all predictors (as R step) instead of none.")
    var selectFromFull = false

    @Flag(help: "Print VIF per term, the condition number and the correlation table of the design.")
    var collinearity = false

    @Option(help: "Marginal effects with delta-method std errors: average, at-means or both.")
    var marginalEffects: MarginalEffectsKind?

    @Option(name: .customLong("missing-coding"), help: MissingValueHelp.option)
    var missing: MissingValueCoding = .drop

    func validate() throws {
        if let r = populationBadRate, !(r > 0 && r < 1) {
            throw ValidationError("--population-bad-rate must be strictly between 0 and 1 (got \(r))")
        }
        try requireOption("--mix", mix, .closed(0, 1))
        for l in lambda where !(l.isFinite && l >= 0) { throw ValidationError("--lambda must be ≥ 0 (got \(l))") }
        if penalty == nil && (!lambda.isEmpty || mix != nil) { throw ValidationError("--lambda and --mix need --penalty") }
        if penalty != nil && firth { throw ValidationError("--firth and --penalty are different fits; choose one") }
        if penalty != nil && select != nil { throw ValidationError("--select works with maximum-likelihood fits, not --penalty") }
        if penalty == .ridge, let m = mix, m != 0 { throw ValidationError("--penalty ridge means --mix 0") }
        if penalty == .lasso, let m = mix, m != 1 { throw ValidationError("--penalty lasso means --mix 1") }
        try requireOption("--lambda-count", lambdaCount, in: 1...PenalizedOptions.maxLambdaCount)
        try requireOption("--cv-folds", cvFolds, in: 2...CrossValidationPlan.maxFolds)
        try requireOption("--cv-repeats", cvRepeats, in: 1...CrossValidationPlan.maxRepetitions)
        if let k = cvFolds, k * cvRepeats > CrossValidationPlan.maxFoldFits {
            throw ValidationError("--cv-folds \(k) --cv-repeats \(cvRepeats) fits the model \(k * cvRepeats) times; at most \(NumberFormat.count(CrossValidationPlan.maxFoldFits)) folds in all")
        }
        if cvFolds == nil && (cvRepeats != 1 || cvPredictions != nil) { throw ValidationError("--cv-repeats and --oof need --cv-folds") }
        if !(pEnter > 0 && pEnter <= 1 && pLeave > 0 && pLeave <= 1) { throw ValidationError("--p-enter and --p-leave must be in (0, 1]") }
        if select == nil && (!force.isEmpty || maxVif != nil || requireSign != nil || selectFromFull) {
            throw ValidationError("--force, --select-max-vif, --require-sign and --select-from-full need --select")
        }
        if let v = maxVif, !(v >= 1) { throw ValidationError("--select-max-vif must be ≥ 1 (got \(v))") }
        try requireOption("--select-max-vif", maxVif, .atLeast(1))
        if noProfile && !firth { throw ValidationError("--no-profile needs --firth") }
    }

    /// The flags of this group that were given (for refusing combinations other modes do not support).
    var givenFlags: [String] {
        var given: [(String, Bool)] = [
            ("--weight", weight != nil), ("--population-bad-rate", populationBadRate != nil), ("--firth", firth),
            ("--no-profile", noProfile), ("--penalty", penalty != nil), ("--lambda", !lambda.isEmpty), ("--mix", mix != nil),
            ("--cv-folds", cvFolds != nil), ("--oof", cvPredictions != nil), ("--select", select != nil),
            ("--force", !force.isEmpty), ("--select-max-vif", maxVif != nil), ("--require-sign", requireSign != nil),
            ("--select-from-full", selectFromFull), ("--collinearity", collinearity), ("--marginal-effects", marginalEffects != nil),
        ]
        given.append(("--missing-coding indicator", missing == .indicator))
        given.removeAll { !$0.1 }
        return given.map(\.0)
    }

    /// Sets the request's estimator and extras from these flags.
    func apply(to request: inout LogisticRegressionRequest) {
        request.design.missing = missing
        request.weightColumn = weight
        request.fit.firth = firth
        request.fit.profileLikelihood = !noProfile
        request.fit.populationBadRate = populationBadRate
        if let penalty {
            var o = PenalizedOptions()
            switch penalty {
            case .ridge: o.mix = 0
            case .lasso: o.mix = 1
            case .elasticNet: o.mix = mix ?? 0.5
            }
            if !lambda.isEmpty { o.lambdas = lambda.sorted(by: >) }
            o.lambdaCount = lambdaCount
            request.penalty = o
        }
        request.lambdaRule = lambdaRule
        request.crossValidation = cvFolds.map { CrossValidationPlan(folds: $0, repetitions: cvRepeats, seed: seed) }
        if let select {
            var base = SelectionOptions()
            base.direction = select
            request.selection = selection(from: base)
        }
        request.collinearity = collinearity
        switch marginalEffects {
        case nil: request.marginalEffects = []
        case .average?: request.marginalEffects = [.average]
        case .atMeans?: request.marginalEffects = [.atMeans]
        case .both?: request.marginalEffects = [.average, .atMeans]
        }
    }

    /// The predictors named by --force.
    var forcedColumns: [String] { commaSeparated(force) }

    /// Checks the columns these flags name (--weight, then --force) against the table.
    func requireColumns(in table: Table) throws {
        if let weight { try requireColumn(weight, in: table, option: "--weight") }
        for name in forcedColumns { try requireColumn(name, in: table, option: "--force") }
    }
}

extension RegressionOptions {
    /// --select-by, --p-enter/--p-leave, --force, --select-max-vif, --require-sign and --select-from-full on top
    /// of `base` (its direction and default sign rule); nil without --select. One mapping for a plain
    /// regression's selection and a scorecard's.
    func selection(from base: SelectionOptions) -> SelectionOptions? {
        guard select != nil else { return nil }
        var o = base
        switch selectBy {
        case .aic: o.criterion = .aic
        case .bic: o.criterion = .bic
        case .pValue: o.criterion = .pValue(enter: pEnter, leave: pLeave)
        }
        o.forced = forcedColumns
        o.maxVIF = maxVif
        if let requireSign { o.requiredSign = requireSign }
        o.startFromFull = selectFromFull
        return o
    }
}
