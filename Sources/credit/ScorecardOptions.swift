import ArgumentParser
import CreditBinning
import CreditReports
import CreditScorecard
import CreditModelFile
import CreditRegression
import CreditTabular
/// `credit train --scorecard` options: scaling, reason codes and binning.
struct ScorecardOptions: ParsableArguments {
    @Flag(help: "Fit a points scorecard: bin every predictor, fit a logistic regression on the WoE (ln(%bad/%good)), scale to integer points.")
    var scorecard = false
    @Option(help: "Scorecard: points to double the good:bad odds (default: 20).")
    var pdo: Double?
    @Option(help: "Scorecard: score at the base odds (default: 600).")
    var baseScore: Double?
    @Option(help: "Scorecard: good:bad odds at the base score, e.g. 50 for 50:1 (default: 50).")
    var baseOdds: Double?
    @Option(help: "Scorecard: reason codes per applicant (default: 4).")
    var reasons: Int?
    @Option(help: "Scorecard: reasons rank points below the maximum attainable, the training average, or the average of the lowest-scoring 10% of training applicants at or above --cutoff (maximum, average, cutoff; default: maximum).")
    var reasonReference: ReasonReference?
    @Option(help: "Scorecard: the cut-off score for --reason-reference cutoff.")
    var cutoff: Double?
    @Option(help: ArgumentHelp("Scorecard: CSV 'characteristic,code,text' mapping reasons to your codes and texts, or 'characteristic,bin,code,text' to give a bin (missing, other, a special group, an interval as 'credit bin' labels it, quoted when it holds a comma) its own code and text; an empty bin is the characteristic's.", valueName: "FILE"))
    var reasonCodes: String?
    @Option(name: .customLong("on-unexpected-missing"), help: ArgumentHelp(
        "Scorecard: a missing value at scoring time in a characteristic that had none in training is rejected (reject), scored with the riskiest bin (riskiest), or scored with the missing bin's fallback points (neutral); recorded in the model (default: reject).",
        valueName: "POLICY"))
    var onUnexpectedMissing: UnexpectedMissingPolicy?
    @OptionGroup var binning: BinningArguments

    func validate() throws {
        if !scorecard {
            let set: [(String, Bool)] = [("--pdo", pdo != nil), ("--base-score", baseScore != nil), ("--base-odds", baseOdds != nil),
                ("--reasons", reasons != nil), ("--reason-reference", reasonReference != nil), ("--reason-codes", reasonCodes != nil), ("--on-unexpected-missing", onUnexpectedMissing != nil),
                ("--bins", binning.bins != nil), ("--method", binning.method != nil), ("--special", !binning.special.isEmpty),
                ("--min-iv", binning.minIV != nil), ("--max-bins", binning.maxBins != nil), ("--trend", !binning.trend.isEmpty), ("--cuts", !binning.cuts.isEmpty), ("--groups", !binning.groups.isEmpty),
                ("--pre-bins", binning.preBins != nil), ("--min-bin-share", binning.minBinShare != nil),
                ("--min-goods", binning.minGoods != nil), ("--min-bads", binning.minBads != nil),
                ("--max-p-value", binning.maxPValue != nil), ("--smoothing", binning.smoothing != nil), ("--laplace", binning.laplace),
                ("--fallback", binning.fallback != nil), ("--rare-share", binning.rareShare != nil), ("--unseen", binning.unseen != nil),
                ("--max-missing-rate", binning.maxMissingRate != nil), ("--max-identical-rate", binning.maxIdenticalRate != nil),
                ("--max-correlation", binning.maxCorrelation != nil), ("--max-vif", binning.maxVIF != nil)]
            if let first = set.first(where: { $0.1 }) { throw ValidationError("\(first.0) needs --scorecard") }
        }
        if let v = pdo, !(v > 0) { throw ValidationError("--pdo must be positive") }
        try requireOption("--pdo", pdo, .positive, "e.g. 20")
        if let v = baseOdds, !(v > 0) { throw ValidationError("--base-odds must be positive (good:bad odds, e.g. 50)") }
        try requireOption("--base-odds", baseOdds, .positive, "good:bad odds, e.g. 50")
        try requireOption("--base-score", baseScore, .finite, "e.g. 600")
        try requireOption("--cutoff", cutoff, .finite)
        if let v = reasons, v < 0 { throw ValidationError("--reasons must be at least 0") }
        try requireOption("--reasons", reasons, in: 0...ReasonSettings.maxCount,
                          "a scorecard gives at most one reason per characteristic (or the default 4)")
        if (reasonReference == .cutoff) != (cutoff != nil) {
            throw ValidationError("--cutoff goes with --reason-reference cutoff (both or neither)")
        }
    }

    /// The scorecard request of the flags: --bins read and checked against the target, each --special column
    /// checked by `requireSpecial`, the --reason-codes file read (in that order).
    func request(target: String, bad: String, exclude: Set<String>, requireSpecial: (String) throws -> Void) throws -> ScorecardTrainingRequest {
        var request = ScorecardTrainingRequest(target: target, bad: bad)
        request.binning = try binning.request(target: target, bad: bad)
        request.binning.exclude = exclude
        request.binning.specials = try binning.specials(requiring: requireSpecial)
        request.binning.selection = binning.selection(defaultMinIV: ScorecardTrainingRequest.defaultMinimumIV)
        if let pdo { request.scaling.pdo = pdo }
        if let baseScore { request.scaling.baseScore = baseScore }
        if let baseOdds { request.scaling.baseOdds = baseOdds }
        if let reasons { request.reasons.count = reasons }
        if let reasonReference { request.reasons.reference = reasonReference }
        request.reasons.cutoff = cutoff
        try reasonCodes.map(ReasonCode.readTable)?.apply(to: &request.reasons)
        if let onUnexpectedMissing { request.onUnexpectedMissing = onUnexpectedMissing }
        return request
    }

    /// Trains and prints the points table (called from Train.run, which writes the model).
    func train(table: Table, target: String, bad: String, exclude: Set<String>, populationBadRate: Double? = nil,
               selection: SelectionOptions? = nil, collinearity: Bool = false, firth: Bool = false, firthProfile: Bool = true,
               crossValidation: CrossValidationPlan? = nil, penalty: PenalizedOptions? = nil, weightColumn: String? = nil,
               format: OutputFormat, csvSafe: Bool) throws -> ScorecardTraining {
        try mapBinningErrors {
            var request = try request(target: target, bad: bad, exclude: exclude) {
                try requireColumn($0, in: table, option: "--special")
            }
            try binning.checkPerCharacteristic(table)
            request.populationBadRate = populationBadRate
            request.selection = selection
            request.collinearity = collinearity
            request.firth = firth
            request.firthProfile = firthProfile
            request.crossValidation = crossValidation
            request.penalty = penalty
            request.binning.weightColumn = weightColumn
            progress("binning and fitting on \(table.rowCount) rows")
            let card = try request.run(on: table)
            report(card, format: format, csvSafe: csvSafe)
            return card
        }
    }

    /// Prints the scorecard report (then `note` on standard error).
    func report(_ card: ScorecardTraining, format: OutputFormat, csvSafe: Bool, note: String? = nil) {
        var report = ScorecardReport(card)
        report.fit.diagnosticMessage = { $0.withFlags }
        print(report.render(format, csvSafe: csvSafe), terminator: "")
        if let note { printError(note) }
    }
}

extension ScorecardOptions {
    /// The options of `RegressionOptions` that `--scorecard` takes (in memory): the prior correction, the
    /// selection of characteristics on the WoE design, the collinearity diagnostics of the WoE design and Firth's
    /// penalised likelihood or a penalty at one λ for the WoE fit, and out-of-fold PDs with everything re-learned
    /// inside each fold.
    static let regressionFlags = ["--weight", "--population-bad-rate", "--select", "--force", "--select-max-vif", "--require-sign",
                                  "--select-from-full", "--collinearity", "--firth", "--no-profile", "--cv-folds", "--cv-repeats",
                                  "--oof", "--penalty", "--lambda", "--mix"]

    /// What --scorecard cannot take of the fit options it accepts (exit 64, with the reason).
    static func checkFitOptions(_ regression: RegressionOptions) throws {
        if regression.penalty != nil && regression.lambda.count != 1 {
            throw ValidationError("--penalty with --scorecard needs one --lambda λ (the penalised WoE fit is at one λ; a λ chosen by cross-validation on the WoE design would be chosen on bins and WoE learned from every row, test folds included)")
        }
        if regression.requireSign == .negative {
            throw ValidationError("--require-sign negative does not apply to --scorecard: under WoE = ln(%bad/%good) a characteristic that ranks risk as the data do has a positive coefficient, and scorecard selection already requires positive ones")
        }
    }
}

extension RegressionOptions {
    /// The penalised WoE fit of `--scorecard --penalty … --lambda λ`: ridge (mix 0), lasso (mix 1) or elastic-net
    /// (--mix, default 0.5) at the one λ. Nil without --penalty.
    var scorecardPenalty: PenalizedOptions? {
        guard let penalty else { return nil }
        var o = PenalizedOptions()
        switch penalty {
        case .ridge: o.mix = 0
        case .lasso: o.mix = 1
        case .elasticNet: o.mix = mix ?? 0.5
        }
        o.lambdas = lambda
        return o
    }

    /// The selection of characteristics of `--scorecard --select`: `SelectionOptions.scorecard(direction:)`
    /// (coefficients positive unless --require-sign says otherwise) with --select-by, --p-enter/--p-leave,
    /// --force, --select-max-vif and --select-from-full. Nil without --select.
    var scorecardSelection: SelectionOptions? {
        guard let select else { return nil }
        return selection(from: SelectionOptions.scorecard(direction: select))
    }
}

extension ReasonReference: ExpressibleByArgument {}
extension UnexpectedMissingPolicy: ExpressibleByArgument {}
