import CreditTabular

/// A logistic-regression fit as `credit train` asks for it: the design, the estimator (maximum likelihood,
/// Firth, or a penalised path), and the extras around it — frequency weights, variable selection with a refit,
/// cross-validation with out-of-fold predictions, prior correction, collinearity diagnostics and marginal effects.
///
/// `run(on:)` does, in this order:
/// 1. builds the `Design` (the weight column is never a predictor) and reads the weights;
/// 2. with `selection`, runs `VariableSelection` and rebuilds the design on the selected predictors;
/// 3. with `penalty`, fits the elastic-net path (`PenalizedLogisticRegression`); with `crossValidation` too,
///    chooses λ by `PenalizedCrossValidation` and `lambdaRule`, else keeps the smallest λ of the path; the
///    intercept is then prior-corrected when `fit.populationBadRate` is set (King & Zeng 2001);
/// 4. without `penalty`, fits by maximum likelihood or Firth (`LogisticRegression`, which prior-corrects
///    itself), and with `crossValidation` predicts every fold's test rows from a model fitted on its training
///    rows (`CrossValidation.logistic`);
/// 5. adds `DesignDiagnostics` when `collinearity` is set and `MarginalEffects` (maximum-likelihood and Firth
///    fits only) at each of `marginalEffects`.
///
/// ```swift
/// var request = LogisticRegressionRequest(target: "bad")
/// request.penalty = PenalizedOptions()                  // lasso, a path of 100 λ from λmax
/// request.crossValidation = CrossValidationPlan(folds: 10, seed: 7)
/// let outcome = try request.run(on: table)              // the fit at glmnet's lambda.1se
/// ```
/// Peers: statsmodels `Logit(y, X).fit()` (with `GLM(…, freq_weights=w)` for weights), R `logistf` (Firth),
/// glmnet `cv.glmnet(x, y, family = "binomial")` (penalised), R `step` (selection).
public struct LogisticRegressionRequest: Sendable {
    /// Target, bad value, excluded columns, reference levels, intercept, the level limit.
    public var design: DesignOptions
    /// Newton iterations and tolerances, Firth (with or without profile likelihood), the population bad rate.
    public var fit = LogisticRegressionOptions()
    /// A numeric column of frequency weights (≥ 0; row i counts wᵢ times); never a predictor.
    public var weightColumn: String?
    /// A penalised fit (elastic-net mix α, λ values or the path length) instead of maximum likelihood.
    public var penalty: PenalizedOptions?
    /// With `penalty` and `crossValidation`: the λ to keep.
    public var lambdaRule = LambdaRule.oneStandardError
    /// Stratified k-fold (optionally repeated) cross-validation: chooses λ with `penalty`, else gives
    /// out-of-fold predictions of the fitted model.
    public var crossValidation: CrossValidationPlan?
    /// Variable selection (maximum likelihood or Firth only), followed by a refit on the selected predictors.
    public var selection: SelectionOptions?
    /// Whether to compute VIF, the condition number and the correlation table of the final design.
    public var collinearity = false
    /// Marginal effects to compute, in this order (not for penalised fits).
    public var marginalEffects: [MarginalEffects.At] = []

    /// A plain maximum-likelihood request for `target`, bad value `bad`.
    public init(target: String, bad: String = "1") {
        design = DesignOptions(target: target)
        design.badValue = bad
    }

    /// Fits what the request asks for on `table`.
    /// - Throws: `RegressionError` (a design that cannot be built, weights that are not frequency weights, a
    ///   fit that cannot be made, a selection whose first model cannot be fitted).
    public func run(on table: Table) throws -> LogisticRegressionOutcome {
        var designOptions = design
        if let weightColumn { designOptions.exclude.insert(weightColumn) }
        var design = try Design.build(from: table, options: designOptions)
        var weights = try weightColumn.map { try design.weights(from: table, column: $0) }

        var selected: SelectionResult?
        if let selection {
            let s = try VariableSelection(options: selection, fitOptions: fit).run(design, weights: weights)
            selected = s
            var narrowed = designOptions
            narrowed.exclude.formUnion(Set(design.coding.predictors.map(\.name)).subtracting(s.selected))
            design = try Design.build(from: table, options: narrowed)
            weights = try weightColumn.map { try design.weights(from: table, column: $0) }
        }

        let folds = crossValidation?.splits(classes: design.y.map { $0 == 1 })
        var result: LogisticRegressionResult
        var path: PenalizedPath?
        var penalizedCV: PenalizedCrossValidation?
        var predictions: [FoldPredictions]?
        if let penalty {
            if let folds {
                let cv = try PenalizedCrossValidation(design: design, weights: weights, options: penalty, folds: folds)
                penalizedCV = cv
                result = cv.path.result(at: cv.index(by: lambdaRule), design: design, weights: weights)
                predictions = cv.predictions(by: lambdaRule)
            } else {
                let fitted = try PenalizedLogisticRegression(options: penalty).path(design, weights: weights)
                path = fitted
                result = fitted.result(at: fitted.fits.count - 1, design: design, weights: weights)
            }
            if let rate = fit.populationBadRate {
                result = try result.priorCorrected(populationBadRate: rate, interceptColumn: design.coding.intercept ? 0 : nil)
            }
        } else {
            result = try LogisticRegression(options: fit).fit(design, weights: weights)
            if let folds {
                predictions = try CrossValidation.logistic(design: design, weights: weights, options: fit, folds: folds)
            }
        }

        var effects: [MarginalEffects]?
        if penalty == nil && !marginalEffects.isEmpty {
            let intercept = design.coding.intercept ? 0 : nil
            effects = marginalEffects.map {
                MarginalEffects(result: result, x: design.x, interceptColumn: intercept, at: $0, weights: weights)
            }
        }
        return LogisticRegressionOutcome(
            source: table.source, target: self.design.target, bad: self.design.badValue, rowsInFile: table.rowCount, lineNumbers: design.rows.map { table.lineNumbers[$0] },
            design: design, weights: weights, result: result, weightColumn: weightColumn, selection: selected,
            penalizedPath: path, penalizedCrossValidation: penalizedCV, crossValidation: crossValidation,
            outOfFoldPredictions: predictions, collinearity: collinearity ? DesignDiagnostics(design: design) : nil,
            marginalEffects: effects)
    }
}

/// What a `LogisticRegressionRequest` gives: the design and the fit to report and save (the selected or
/// penalised model when one was asked for), and every extra the request computed.
public struct LogisticRegressionOutcome: Sendable {
    /// Where the rows came from (the file name, or "<stdin>").
    public let source: String
    /// The target column.
    public let target: String
    /// The target value that means bad.
    public let bad: String
    /// Data rows in the table (rows left out of the design included).
    public let rowsInFile: Int
    /// The 1-based source line of each design row.
    public let lineNumbers: [Int]
    /// The final design (after selection).
    public let design: Design
    /// The frequency weight of each design row (nil without a weight column).
    public let weights: [Double]?
    /// The fitted model.
    public let result: LogisticRegressionResult
    /// The frequency-weight column, if any.
    public let weightColumn: String?
    /// The selection path (with `selection`).
    public let selection: SelectionResult?
    /// The regularisation path (with `penalty` and no cross-validation).
    public let penalizedPath: PenalizedPath?
    /// The cross-validated path (with `penalty` and `crossValidation`).
    public let penalizedCrossValidation: PenalizedCrossValidation?
    /// The cross-validation plan, if any.
    public let crossValidation: CrossValidationPlan?
    /// Out-of-fold predictions of the model returned, per fold (design rows): of the maximum-likelihood or
    /// Firth fit, or of the penalised path at the λ kept.
    public let outOfFoldPredictions: [FoldPredictions]?
    /// VIF, condition number and correlation table of the final design (with `collinearity`).
    public let collinearity: DesignDiagnostics?
    /// Marginal effects (with `marginalEffects`, for maximum-likelihood and Firth fits).
    public let marginalEffects: [MarginalEffects]?

    /// The out-of-fold predictions as CSV, one line per test row of every fold, folds in order:
    ///
    ///     row,line,repetition,fold,target,pd
    ///     12,13,1,1,0,0.0831…
    ///
    /// `row` is the 1-based data row of the table, `line` its source line, `repetition` and `fold` 1-based,
    /// `target` 1 for bad and 0 for good, `pd` the predicted probability of bad (shortest round-trip form).
    /// Nil without cross-validation.
    public func outOfFoldPredictionsCSV() -> String? {
        guard let outOfFoldPredictions else { return nil }
        return OutOfFoldPredictionsCSV.header + "\n"
            + OutOfFoldPredictionsCSV.lines(outOfFoldPredictions, row: { design.rows[$0] + 1 }, line: { lineNumbers[$0] },
                                            isBad: { design.y[$0] == 1 })
    }
}
