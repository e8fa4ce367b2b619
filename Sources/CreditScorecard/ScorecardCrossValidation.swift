import CreditBinning
import CreditRegression
import CreditTabular

/// Out-of-fold PDs of a scorecard request in which everything is learned inside each fold.
///
/// For every fold of a `CrossValidationPlan` (stratified k-fold on the target over the rows that have one,
/// `CrossValidationPlan.splits(classes:)`, the same folds as `credit train --cv-folds` for a regression), the
/// whole request — binning (cut points, groups, WoE), the IV and other filters, the selection, the fit and the
/// scaling — is run on the fold's training rows alone, and the fold's test rows are scored by that card: no bin,
/// WoE or selection has seen the rows it predicts (Hastie, Tibshirani & Friedman 2009, §7.10.2, "the wrong and
/// the right way to do cross-validation"). Fixed bins (`binning.bins`) keep their cut points; their WoE is still
/// counted on the fold's training rows. The fold cards are the sample's models, as a regression's out-of-fold
/// predictions (`CrossValidation.logistic`): no prior correction (the PDs are judged against the sample's
/// outcomes), and Firth's fits skip the profile intervals. `credit compare --cv`'s scorecard configuration trains its fold cards the
/// same way (on `Table.selecting(rows:)` of the training rows), with the default options.
public struct ScorecardCrossValidation: Sendable {
    /// The folds.
    public let plan: CrossValidationPlan
    /// Table rows with a target (the rows the folds split); fold rows index this array.
    public let rows: [Int]
    /// 1 bad, 0 good, per entry of `rows`.
    public let outcomes: [Double]
    /// Every fold's test rows (indices into `rows`, ascending) and their PDs from the fold's card.
    public let predictions: [FoldPredictions]
    /// Each fold's card (bins, WoE, coefficients, points), in fold order.
    public let cards: [ScorecardSection]
    /// The line of the file each entry of `rows` came from.
    public let lineNumbers: [Int]

    /// The out-of-fold predictions CSV (`OutOfFoldPredictionsCSV`: row, line, repetition, fold, target, pd).
    public func csv() -> String {
        OutOfFoldPredictionsCSV.header + "\n"
            + OutOfFoldPredictionsCSV.lines(predictions, row: { rows[$0] + 1 }, line: { lineNumbers[$0] }, isBad: { outcomes[$0] == 1 })
    }
}

extension ScorecardTrainingRequest {
    /// Runs this request (without its own cross-validation) on each fold's training rows and scores the fold's
    /// test rows with the card it gives.
    /// - Throws: what `run(on:)` throws on a fold's rows; `ScorecardError.foldRowRejected` when a test row cannot be
    ///   scored by its fold's card (a missing value where the fold's training rows had none, under
    ///   `onUnexpectedMissing = .reject`; an unseen level under the `.reject` unseen policy).
    public func crossValidated(on table: Table, plan: CrossValidationPlan) throws -> ScorecardCrossValidation {
        let flags = try TargetCoding.flags(table: table, target: binning.target, bad: binning.bad)
        let rows = flags.indices.filter { flags[$0] >= 0 }
        let outcomes = rows.map { Double(flags[$0]) }
        var inner = self
        inner.crossValidation = nil
        inner.collinearity = false
        inner.firthProfile = false
        inner.populationBadRate = nil
        var predictions: [FoldPredictions] = [], cards: [ScorecardSection] = []
        for fold in plan.splits(classes: outcomes.map { $0 == 1 }) {
            let card = try inner.run(on: table.selecting(rows: fold.training.map { rows[$0] }))
            let bound = try BoundScorecard(section: card.section, table: table)
            var p: [Double] = []
            for i in fold.test {
                switch bound.score(row: rows[i]) {
                case .scored(let s): p.append(s.probability)
                case .rejected(let problem):
                    throw ScorecardError.foldRowRejected(fold: fold.fold + 1, repetition: fold.repetition + 1, problem: problem.message)
                }
            }
            predictions.append(FoldPredictions(repetition: fold.repetition, fold: fold.fold, rows: fold.test, predictions: p))
            cards.append(card.section)
        }
        return ScorecardCrossValidation(plan: plan, rows: rows, outcomes: outcomes, predictions: predictions,
                                        cards: cards, lineNumbers: rows.map { table.lineNumbers[$0] })
    }
}
