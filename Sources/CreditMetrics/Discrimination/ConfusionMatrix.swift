/// Costs of the two errors of a cut-off: classing a bad as good (a missed default) and a good as bad
/// (a lost customer). German credit's published matrix is 5:1 (`.germanCredit`), whose cost-minimising
/// cut-off for a calibrated PD is P(bad) > 1/6.
public struct CostMatrix: Sendable, Codable, Equatable {
    public var badClassedGood: Double
    public var goodClassedBad: Double
    public init(badClassedGood: Double, goodClassedBad: Double) {
        self.badClassedGood = badClassedGood; self.goodClassedBad = goodClassedBad
    }
    public static let germanCredit = CostMatrix(badClassedGood: 5, goodClassedBad: 1)
    /// The Bayes cut-off for calibrated PDs: class bad when P(bad) > goodClassedBad/(goodClassedBad + badClassedGood).
    public var bayesCutoff: Double { goodClassedBad / (goodClassedBad + badClassedGood) }
}

/// Classification at a cut-off: a row is classed bad when its score is **strictly greater** than `cutoff`
/// (so the Bayes cut-off 1/6 reads "P(bad) > 1/6"). "Positive" = bad.
///
/// A scorecard's cut-off is a score in points, higher safer (`init(points:isBad:cutoff:costs:)`): a row is
/// classed bad when its score is **strictly below** the cut-off, the complement of the approve-at-or-above rule
/// of `CreditDecision.Cutoff` on the points scale; `unit` is then "points".
public struct ConfusionMatrix: Sendable, Codable, Equatable {
    public let cutoff: Double
    /// "points" when `cutoff` is a score (classed bad below it); nil when it is a PD (classed bad above it).
    public var unit: String? = nil
    public let truePositives: Int
    public let falsePositives: Int
    public let trueNegatives: Int
    public let falseNegatives: Int
    /// TP/(TP + FP); NaN when nothing is classed bad.
    public let precision: Double
    /// TP/(TP + FN) (sensitivity, hit rate).
    public let recall: Double
    /// TN/(TN + FP).
    public let specificity: Double
    public let f1: Double
    public let accuracy: Double
    public let costs: CostMatrix
    /// (FN·cost(bad→good) + FP·cost(good→bad))/n: the average cost per applicant.
    public let expectedCost: Double
    public let totalCost: Double

    public init(_ data: ScoredOutcomes, cutoff: Double, costs: CostMatrix = .germanCredit) {
        self.init(classedBad: data.scores.map { $0 > cutoff }, isBad: data.isBad, cutoff: cutoff, costs: costs)
    }

    /// Classification of scorecard points at a score cut-off: a row is classed bad when `points[i] < cutoff`
    /// (rows are compared on the score itself, never converted to a PD through the scaling).
    /// - Precondition: `points` and `isBad` have the same, non-zero length.
    public init(points: [Double], isBad: [Bool], cutoff: Double, costs: CostMatrix = .germanCredit) {
        precondition(points.count == isBad.count && !points.isEmpty, "ConfusionMatrix: one score per outcome")
        self.init(classedBad: points.map { $0 < cutoff }, isBad: isBad, cutoff: cutoff, costs: costs)
        unit = "points"
    }

    private init(classedBad: [Bool], isBad: [Bool], cutoff: Double, costs: CostMatrix) {
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (c, b) in zip(classedBad, isBad) {
            switch (c, b) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, false): tn += 1
            case (false, true): fn += 1
            }
        }
        self.cutoff = cutoff
        truePositives = tp; falsePositives = fp; trueNegatives = tn; falseNegatives = fn
        precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : .nan
        recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : .nan
        specificity = tn + fp > 0 ? Double(tn) / Double(tn + fp) : .nan
        f1 = 2 * tp + fp + fn > 0 ? 2 * Double(tp) / Double(2 * tp + fp + fn) : .nan
        accuracy = Double(tp + tn) / Double(isBad.count)
        self.costs = costs
        totalCost = Double(fn) * costs.badClassedGood + Double(fp) * costs.goodClassedBad
        expectedCost = totalCost / Double(isBad.count)
    }
}
