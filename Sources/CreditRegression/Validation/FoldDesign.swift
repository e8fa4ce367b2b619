import CreditLinearAlgebra

extension Design {
    /// The design matrix's rows of one fold, training and test, with every numeric predictor's missing values
    /// filled from the fold's training rows alone.
    ///
    /// Under `MissingValueCoding.indicator` a numeric predictor's missing value takes `MissingCoding.fill`, the
    /// mean of its present values — over every row of the design. A fold's model must not learn anything from
    /// its test rows, so here each such column is refilled with the mean of its present values among
    /// `fold.training` (the rows whose `=missing` term — its own, or the one it shares — is 0), in the training
    /// and the test rows alike; this is the fill a model trained on the training rows alone would record.
    /// Designs without a numeric missing coding give the plain row subsets.
    ///
    /// A fold whose training rows miss a column on every row gives it the fill 0 (its column is then 0 in
    /// training, and the fit reports it as collinear with the intercept).
    public func foldMatrices(_ fold: Fold) -> (training: Matrix, test: Matrix) {
        let x = self.x
        var training = PenalizedCrossValidation.rows(x, fold.training), test = PenalizedCrossValidation.rows(x, fold.test)
        for (column, indicator) in refilledColumns {
            var sum = 0.0, count = 0
            for i in 0..<training.rows where training[i, indicator] == 0 { sum += training[i, column]; count += 1 }
            let fill = count == 0 ? 0 : sum / Double(count)
            for i in 0..<training.rows where training[i, indicator] == 1 { training[i, column] = fill }
            for i in 0..<test.rows where test[i, indicator] == 1 { test[i, column] = fill }
        }
        return (training, test)
    }

    /// (the numeric term, its `=missing` term) of each numeric predictor with a fill, by term index.
    var refilledColumns: [(column: Int, indicator: Int)] {
        let terms = self.terms
        return coding.predictors.compactMap { p in
            guard let missing = p.missing, missing.fill != nil,
                  let column = terms.firstIndex(where: { $0.kind == .numeric(column: p.name) }),
                  let indicator = terms.firstIndex(where: { $0.kind == .missing(column: missing.sharedWith ?? p.name) })
            else { return nil }
            return (column, indicator)
        }
    }
}
