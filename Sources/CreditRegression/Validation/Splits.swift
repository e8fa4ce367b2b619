import CreditProbability
/// One train/test split of rows 0..<n.
public struct Fold: Sendable, Codable, Equatable {
    /// 0-based repetition (0 for plain k-fold).
    public let repetition: Int
    /// 0-based fold within the repetition.
    public let fold: Int
    /// Training rows, ascending.
    public let training: [Int]
    /// Test rows, ascending.
    public let test: [Int]
    public init(repetition: Int, fold: Int, training: [Int], test: [Int]) {
        self.repetition = repetition; self.fold = fold; self.training = training; self.test = test
    }
}

/// The predictions of one fold's model on its test rows.
public struct FoldPredictions: Sendable, Codable, Equatable {
    public let repetition: Int
    public let fold: Int
    /// Test rows, ascending.
    public let rows: [Int]
    /// One prediction per test row.
    public let predictions: [Double]
    public init(repetition: Int, fold: Int, rows: [Int], predictions: [Double]) {
        self.repetition = repetition; self.fold = fold; self.rows = rows; self.predictions = predictions
    }
}

/// Seeded cross-validation splits, identical on every machine.
///
/// ```swift
/// let folds = Splits.stratifiedKFold(classes: y.map { $0 == 1 }, folds: 5, seed: 42)
/// let fiveByTwo = Splits.repeatedTwoFold(classes: labels, repetitions: 5, seed: 42)   // Lessmann et al. 2015
/// ```
public enum Splits {
    /// Stratified k-fold: the rows of each class are shuffled (SplitMix64 from `seed`, classes in order
    /// false then true) and dealt to folds 0, 1, …, k − 1 in turn, the bad class continuing where the good one
    /// stopped, so every fold's size and class counts differ by at most one from any other's.
    /// - Precondition: 2 ≤ `folds` ≤ number of rows.
    public static func stratifiedKFold(classes: [Bool], folds k: Int, seed: UInt64, repetition: Int = 0) -> [Fold] {
        let n = classes.count
        precondition(k >= 2 && k <= n, "stratifiedKFold: need 2 ≤ folds ≤ rows (\(k) folds, \(n) rows)")
        var rng = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: n)
        var next = 0
        for label in [false, true] {
            var members = (0..<n).filter { classes[$0] == label }
            rng.shuffle(&members)
            for r in members { assignment[r] = next; next = (next + 1) % k }
        }
        return (0..<k).map { f in
            Fold(repetition: repetition, fold: f, training: (0..<n).filter { assignment[$0] != f },
                 test: (0..<n).filter { assignment[$0] == f })
        }
    }

    /// Repeated stratified two-fold cross-validation, N×2 (Dietterich 1998's 5×2cv; the protocol of
    /// Lessmann, Baesens, Seow & Thomas 2015, EJOR 247:124–136, doi:10.1016/j.ejor.2015.05.030): repetition r
    /// is `stratifiedKFold(folds: 2)` seeded with a SplitMix64 draw from `seed`, so each row is tested once per
    /// repetition.
    public static func repeatedTwoFold(classes: [Bool], repetitions: Int = 5, seed: UInt64) -> [Fold] {
        precondition(repetitions >= 1, "repeatedTwoFold: at least one repetition")
        var seeds = SplitMix64(seed: seed)
        return (0..<repetitions).flatMap { r in
            stratifiedKFold(classes: classes, folds: 2, seed: seeds.next(), repetition: r)
        }
    }

    /// Runs `predict` on every fold (given the fold, it returns one prediction per test row) and collects the
    /// per-fold predictions.
    public static func predictions(_ folds: [Fold], _ predict: (Fold) throws -> [Double]) rethrows -> [FoldPredictions] {
        try folds.map { fold in
            let p = try predict(fold)
            precondition(p.count == fold.test.count, "predictions: \(p.count) predictions for \(fold.test.count) test rows")
            return FoldPredictions(repetition: fold.repetition, fold: fold.fold, rows: fold.test, predictions: p)
        }
    }
}
