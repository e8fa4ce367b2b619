import CreditBinning
import CreditRegression
import CreditTabular

/// Training a points scorecard, as `credit train --scorecard` asks for it: bin the characteristics, fit the
/// WoE-coded logistic regression, scale it to integer points and fix the reason-code references.
///
/// With `binning.weightColumn` the card is trained with frequency weights (`ScorecardSection.train(…weightColumn:)`:
/// weighted bins, WoE and WoE regression; in memory only).
///
/// The characteristics are `binning.characteristics(among:)`: every column but the target and
/// `binning.exclude` unless `binning.columns` names them (or the spec's, with `binning.bins`). The selection filters default to IV ≥ 0.02 (`defaultMinimumIV`, Siddiqi's "unpredictive"
/// bound); the scaling to 600 points at 50:1 good:bad odds with PDO 20; four reasons ranked below the maximum
/// points attainable.
///
/// ```swift
/// var request = ScorecardTrainingRequest(target: "default")
/// request.scaling = ScorecardScaling(pdo: 20, baseScore: 600, baseOdds: 50)
/// let card = try request.run(on: table)           // the section, the WoE fit, the binning
/// ```
/// In memory this is `ScorecardSection.train(table:…)`; `run(on:chunkRows:progress:)` trains from a
/// `ColumnarCache` with the same bins, fit and points (`ScorecardSection.train(cache:…)`). The peer is
/// optbinning's `Scorecard(binning_process, LogisticRegression(), scaling_method="pdo_odds")`.
public struct ScorecardTrainingRequest: Sendable {
    /// The IV below which a characteristic is left out unless `binning.selection.minIV` says otherwise.
    public static let defaultMinimumIV = 0.02

    /// Target, bad value, characteristics, binning options, special codes, selection filters, fixed bins.
    public var binning: BinningRequest
    /// Points scaling.
    public var scaling = ScorecardScaling()
    /// Reason codes: how many, ranked against which reference, and the user's codes and texts.
    public var reasons = ReasonSettings()
    /// Newton iterations of the WoE regression out of core. The in-memory fit keeps the default
    /// (`LogisticRegressionOptions.maxIterations`), as `credit train --scorecard` always has.
    public var maxIterations = LogisticRegressionOptions().maxIterations
    /// The population bad rate τ, when the training sample's differs (oversampled bads): the WoE regression's
    /// intercept is prior-corrected (King & Zeng 2001, `PriorCorrection`) before scaling, in memory and out of core.
    public var populationBadRate: Double? = nil
    /// What a missing value does at scoring time in a characteristic whose training data had none (recorded in
    /// the section; default `UnexpectedMissingPolicy.trainingDefault`, reject).
    public var onUnexpectedMissing = UnexpectedMissingPolicy.trainingDefault
    /// Forward, backward or stepwise selection of the characteristics on the WoE design, after the binning's
    /// filters (`ScorecardSection.train(table:…selection:)`); `SelectionOptions.scorecard(direction:)` requires
    /// positive coefficients. Nil: every characteristic the filters keep. In memory only.
    public var selection: SelectionOptions? = nil
    /// Compute the VIF, condition number and correlation of the final WoE design (`DesignDiagnostics`). In memory only.
    public var collinearity = false
    /// A penalised WoE fit at one λ (`PenalizedOptions.lambdas` = [λ], glmnet's scale): ridge (mix 0), lasso (mix 1)
    /// or elastic-net; a characteristic whose coefficient is 0 leaves the card. Not with `selection` or `firth`.
    /// In memory only.
    public var penalty: PenalizedOptions? = nil
    /// Out-of-fold PDs with the bins, filters, selection and fit re-learned inside each fold
    /// (`crossValidated(on:plan:)`, `ScorecardTraining.crossValidation`). In memory only.
    public var crossValidation: CrossValidationPlan? = nil
    /// Fit the WoE regression by Firth's penalised likelihood (`FirthLogisticRegression`, as R logistf): the
    /// points are scaled from the Firth coefficients. In memory only.
    public var firth = false
    /// With `firth`: profile penalised-likelihood intervals and LR tests (slower on many characteristics).
    public var firthProfile = true

    /// A request for `target` with the default binning, selection (IV ≥ `defaultMinimumIV`), scaling and reasons.
    public init(target: String, bad: String = "1") {
        binning = BinningRequest(target: target, bad: bad)
        binning.selection.minIV = Self.defaultMinimumIV
    }

    /// Bins, fits and scales on a table.
    /// - Throws: `BinningError`, `RegressionError`, `ScorecardError`.
    public func run(on table: Table) throws -> ScorecardTraining {
        let columns = binning.characteristics(among: table.columnNames)
        let spec = binning.appliedBins
        let r = try ScorecardSection.train(table: table, target: binning.target, bad: binning.bad,
                                           columns: spec == nil ? columns : nil, process: binning.process, spec: spec,
                                           scaling: scaling, reasons: reasons, populationBadRate: populationBadRate,
                                           selection: selection, collinearity: collinearity, fitOptions: inMemoryFitOptions,
                                           penalty: penalty, weightColumn: binning.weightColumn)
        return ScorecardTraining(section: try finished(r.section), fit: r.fit, binning: r.binning, source: table.source,
                                 target: binning.target, bad: binning.bad, rowsInFile: table.rowCount,
                                 selection: r.selection, collinearity: r.collinearity,
                                 crossValidation: try crossValidation.map { try crossValidated(on: table, plan: $0) })
    }

    /// Bins from counts, fits chunk by chunk and scales, on data in a columnar cache: memory does not grow with
    /// the rows. Fixed bins (`binning.bins`), the correlation and VIF filters and the cut-off reason reference
    /// are not available here.
    /// - Parameters:
    ///   - chunkRows: rows per chunk of the binning counts and of the streamed fit.
    ///   - progress: a note per phase ("binning 1000 rows", "fitting on 990 rows: Newton step 3").
    /// - Throws: `BinningError`, `RegressionError`, `ScorecardError.cutoffReferenceOutOfCore`.
    public func run(on cache: ColumnarCache, chunkRows: Int = 65_536,
                    progress: ((String) -> Void)? = nil) throws -> ScorecardTraining {
        precondition(binning.bins == nil, "fixed bins are not available out of core")
        precondition(binning.weightColumn == nil, "frequency weights are not available for a scorecard out of core")
        precondition(selection == nil && !collinearity && !firth && crossValidation == nil && penalty == nil,
                     "selection, collinearity diagnostics, Firth, penalties and cross-validation are not available out of core")
        var fitOptions = LogisticRegressionOptions()
        fitOptions.maxIterations = maxIterations
        fitOptions.populationBadRate = populationBadRate
        let columns = binning.characteristics(among: cache.columnNames)
        let r = try ScorecardSection.train(cache: cache, target: binning.target, bad: binning.bad, columns: columns,
                                           binning: CacheBinning(process: binning.process, chunkRows: chunkRows),
                                           scaling: scaling, reasons: reasons,
                                           fitter: StreamingLogisticRegression(options: fitOptions, chunkRows: chunkRows),
                                           progress: progress)
        return ScorecardTraining(section: try finished(r.section), fit: r.fit, binning: r.binning, source: cache.source,
                                 target: binning.target, bad: binning.bad, rowsInFile: cache.rowCount)
    }

    /// The in-memory WoE fit's options: the defaults, with `firth` and `firthProfile`.
    var inMemoryFitOptions: LogisticRegressionOptions {
        var o = LogisticRegressionOptions()
        o.firth = firth
        o.profileLikelihood = firthProfile
        return o
    }

    /// The trained section with the request's scoring settings, its per-bin reason codes checked against its bins.
    /// - Throws: `ScorecardError.unknownReasonBin`.
    private func finished(_ trained: ScorecardSection) throws -> ScorecardSection {
        var section = trained
        section.onUnexpectedMissing = onUnexpectedMissing
        try section.checkBinReasonCodes()
        return section
    }
}

/// A trained points scorecard: the section of the model file, the WoE-coded fit and the binning behind it.
public struct ScorecardTraining: Sendable {
    /// Bins, WoE, coefficients, points, scaling and reason settings.
    public let section: ScorecardSection
    /// The WoE-coded logistic regression (terms "const" and the characteristic names).
    public let fit: LogisticRegressionResult
    /// Every characteristic's bins and table, and the IV ranking with the selection's verdicts.
    public let binning: BinningResult
    /// Where the rows came from (the file name, or "<stdin>").
    public let source: String
    /// The target column.
    public let target: String
    /// The target value that means bad.
    public let bad: String
    /// Data rows read (rows with a missing target included).
    public let rowsInFile: Int
    /// The selection path of the characteristics (with `ScorecardTrainingRequest.selection`).
    public var selection: SelectionResult? = nil
    /// VIF, condition number and correlation of the final WoE design (with `ScorecardTrainingRequest.collinearity`).
    public var collinearity: DesignDiagnostics? = nil
    /// Out-of-fold PDs, every fold's card trained on its training rows alone (with `ScorecardTrainingRequest.crossValidation`).
    public var crossValidation: ScorecardCrossValidation? = nil

    /// Rows left out of the fit because their target is missing.
    public var rowsWithoutTarget: Int { binning.rowsWithoutTarget }
}
