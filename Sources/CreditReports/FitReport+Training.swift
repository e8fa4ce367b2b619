import CreditModelFile
import CreditRegression
import CreditScorecard

extension FitReport {
    /// The report of a `LogisticRegressionRequest`'s outcome: the fit, the rows dropped by reason, and every
    /// extra the request computed (selection, penalised path or its cross-validation, the out-of-fold summary of
    /// a maximum-likelihood fit, collinearity, marginal effects).
    public init(_ outcome: LogisticRegressionOutcome) {
        var dropped: [String: Int] = [:]
        for problem in outcome.design.dropped { dropped[problem.reasonText, default: 0] += 1 }
        self.init(source: outcome.source, target: outcome.target, bad: outcome.bad, rowsInFile: outcome.rowsInFile,
                  rowsDropped: outcome.design.dropped.count, droppedByReason: dropped, result: outcome.result)
        weightColumn = outcome.weightColumn
        selection = outcome.selection
        penalizedPath = outcome.penalizedPath
        penalizedCrossValidation = outcome.penalizedCrossValidation
        if outcome.penalizedCrossValidation == nil, let plan = outcome.crossValidation, let predictions = outcome.outOfFoldPredictions {
            crossValidation = CrossValidationReport(seed: plan.seed, repetitions: plan.repetitions, foldsPerRepetition: plan.folds,
                                                    predictions: predictions, outcomes: outcome.design.y)
        }
        collinearity = outcome.collinearity
        marginalEffects = outcome.marginalEffects
    }

    /// The report of a scorecard's WoE-coded fit (rows without a target are the rows dropped).
    public init(_ training: ScorecardTraining) {
        let dropped = training.rowsWithoutTarget
        self.init(source: training.source, target: training.target, bad: training.bad, rowsInFile: training.rowsInFile,
                  rowsDropped: dropped, droppedByReason: dropped > 0 ? ["missing value in \(training.target)": dropped] : [:],
                  result: training.fit)
        selection = training.selection
        collinearity = training.collinearity
        if let cv = training.crossValidation {
            crossValidation = CrossValidationReport(seed: cv.plan.seed, repetitions: cv.plan.repetitions,
                                                    foldsPerRepetition: cv.plan.folds, predictions: cv.predictions, outcomes: cv.outcomes)
        }
    }

    /// The report of a logistic regression fitted out of core (rows dropped by the column of their first
    /// missing value).
    public init(_ fit: OutOfCoreFit) {
        var dropped: [String: Int] = [:]
        for (column, count) in fit.design.droppedByColumn { dropped["missing value in \(column)"] = count }
        self.init(source: fit.source, target: fit.target, bad: fit.bad, rowsInFile: fit.design.rowsInFile,
                  rowsDropped: fit.design.rowsDropped, droppedByReason: dropped, result: fit.result)
    }
}

extension FitReport {
    /// The report of a logistic regression fitted inside a SQL engine (`credit train --db`): the source is the
    /// table and its URL, rows dropped by the column of their first missing value.
    public init(_ fit: EngineFit) {
        var dropped: [String: Int] = [:]
        for (column, count) in fit.droppedByColumn { dropped["missing value in \(column)"] = count }
        self.init(source: "\(fit.source.table) in \(fit.source.url)", target: fit.target, bad: fit.bad, rowsInFile: fit.rowsInTable,
                  rowsDropped: fit.rowsDropped, droppedByReason: dropped, result: fit.result)
    }
}

extension ScorecardReport {
    /// The report of a trained scorecard: its fit, scaling and points table.
    public init(_ training: ScorecardTraining) {
        var fit = FitReport(training)
        fit.weightColumn = training.section.weightColumn
        self.init(fit: fit, scorecard: training.section)
    }
}
