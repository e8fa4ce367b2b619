import CreditProbability

/// How to cross-validate a fit: stratified k-fold, repeated `repetitions` times, seeded.
///
/// One repetition is `Splits.stratifiedKFold(folds: k, seed: seed)`. With several, k = 2 is the N×2 scheme of
/// Dietterich (1998) and Lessmann, Baesens, Seow & Thomas (2015, doi:10.1016/j.ejor.2015.05.030),
/// `Splits.repeatedTwoFold(repetitions:seed:)`; any other k draws each repetition's seed from a SplitMix64
/// stream seeded with `seed`. The same plan gives the same folds on every machine.
///
/// ```swift
/// let plan = CrossValidationPlan(folds: 2, repetitions: 5, seed: 1)     // 5×2
/// let folds = plan.splits(classes: design.y.map { $0 == 1 })          // 10 folds
/// ```
public struct CrossValidationPlan: Sendable, Codable, Equatable {
    /// Folds per repetition, k ≥ 2 (fewer when the data has fewer rows).
    public var folds: Int
    /// Repetitions, each newly shuffled (≥ 1).
    public var repetitions: Int
    /// Seed of the splits.
    public var seed: UInt64

    public init(folds: Int, repetitions: Int = 1, seed: UInt64 = 1) {
        precondition(folds >= 2 && repetitions >= 1, "CrossValidationPlan: need folds ≥ 2 and repetitions ≥ 1")
        self.folds = folds; self.repetitions = repetitions; self.seed = seed
    }

    /// The folds over rows of these classes (true = bad), repetition-major; their row indices index `classes`.
    public func splits(classes: [Bool]) -> [Fold] {
        if folds == 2 && repetitions > 1 { return Splits.repeatedTwoFold(classes: classes, repetitions: repetitions, seed: seed) }
        var seeds = SplitMix64(seed: seed)
        return (0..<repetitions).flatMap { r in
            Splits.stratifiedKFold(classes: classes, folds: min(folds, classes.count),
                                   seed: repetitions == 1 ? seed : seeds.next(), repetition: r)
        }
    }
}

extension CrossValidationPlan {
    /// The most folds of one k-fold split (`folds`) and the most repetitions of it (`repetitions`): 1,000 each.
    package static let maxFolds = 1_000
    package static let maxRepetitions = 1_000
    /// The most fits one cross-validation makes, folds × repetitions: 10,000 (each fold refits the model, so
    /// the work grows with the product; `credit train --cv-folds`/`--cv-repeats` and `compare --cv`/`--repeats`).
    package static let maxFoldFits = 10_000
}
