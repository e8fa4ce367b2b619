import Foundation
import CreditMetrics
import CreditScorecard

/// One band of a gains table by score in points, riskiest (lowest score) first.
public struct PointsGainsRow: Sendable, Codable, Equatable {
    /// 1 = the riskiest band (the lowest scores).
    public var band: Int
    public var rows: Int
    public var bads: Int
    /// Lowest and highest score (points) in the band.
    public var minimumPoints: Double
    public var maximumPoints: Double
    /// The PDs the scaling gives for those scores: `probabilityAtMaximum` ≤ `probabilityAtMinimum`.
    public var probabilityAtMinimum: Double
    public var probabilityAtMaximum: Double
    public var badRate: Double
    /// Bads in bands 1…band over all bads.
    public var cumulativeCapture: Double
    public var lift: Double
    public var cumulativeLift: Double
}

/// The points view of a scorecard's evaluation: KS and gains on the integer score (higher = safer), as a lender
/// reads them, beside the PD-based `Evaluation` (which it does not replace).
///
/// The score is negated so that CreditMetrics' convention (higher = riskier) holds, and the same functions are
/// used: `KolmogorovSmirnov` (KS = max over cut-offs of TPR − FPR, over the distinct score values) and
/// `gainsTable` (equal-count bands, ties in input order). Rows are classed bad when score ≤ `cutoffPoints`.
///
/// Points are rounded sums, so two rows with different PDs can share a score: the ranking by points ties where
/// the ranking by PD does not, and KS on points can differ from KS on PDs (`distinctScores` says how many values
/// the score takes; `distinctProbabilities` how many the PD takes). A tied score may straddle a gains band
/// boundary, exactly as `gainsTable` documents.
///
/// KS = max over score values s of F_bad(s) − F_good(s), F the empirical distribution function of the score in
/// each class (rows classed bad when score ≤ s); the same statistic as scipy's `ks_2samp` on the two classes'
/// points. The PD beside a score is the scaling's, 1 / (1 + e^((score − Offset)/Factor)) (`ScorecardScaling`);
/// score bands in points with their bad rates are how Siddiqi, *Intelligent Credit Scoring* (2nd ed., 2017),
/// reads a card's gains table.
///
/// ```swift
/// let sample = try EvaluationSample(model: card, table: holdout)
/// let view = try sample.pointsEvaluation(scaling: card.scorecard!.scaling)   // nil for a plain model
/// print(view!.kolmogorovSmirnov.statistic, view!.cutoffPoints)
/// ```
public struct PointsEvaluation: Sendable, Codable, Equatable {
    /// KS on the negated score (its `threshold` is minus the cut-off in points).
    public let kolmogorovSmirnov: KolmogorovSmirnov
    /// KS's cut-off in points: rows with score ≤ this are classed bad.
    public let cutoffPoints: Double
    /// The PD the scaling gives for `cutoffPoints`.
    public let cutoffProbability: Double
    public let gains: [PointsGainsRow]
    /// Distinct score values and distinct PDs among the evaluated rows.
    public let distinctScores: Int
    public let distinctProbabilities: Int

    /// - Parameters:
    ///   - points: each row's score (total points), higher = safer.
    ///   - probabilities: each row's PD (for the count of distinct PDs).
    ///   - isBad: each row's outcome.
    ///   - scaling: the card's scaling (the PD of a score).
    ///   - bands: gains bands (at most the row count).
    /// - Throws: `MetricsError` (`ScoredOutcomes`, `gainsTable`).
    public init(points: [Double], probabilities: [Double], isBad: [Bool], scaling: ScorecardScaling, bands: Int = 10) throws {
        let data = try ScoredOutcomes(scores: points.map { -$0 }, isBad: isBad)
        kolmogorovSmirnov = KolmogorovSmirnov(data)
        cutoffPoints = -kolmogorovSmirnov.threshold
        cutoffProbability = scaling.probability(score: cutoffPoints)
        gains = try gainsTable(data, bands: min(bands, data.count)).map { r in
            PointsGainsRow(band: r.band, rows: r.rows, bads: r.bads, minimumPoints: -r.maximumScore, maximumPoints: -r.minimumScore,
                           probabilityAtMinimum: scaling.probability(score: -r.maximumScore),
                           probabilityAtMaximum: scaling.probability(score: -r.minimumScore),
                           badRate: r.badRate, cumulativeCapture: r.cumulativeCapture, lift: r.lift, cumulativeLift: r.cumulativeLift)
        }
        distinctScores = Set(points).count
        distinctProbabilities = Set(probabilities).count
    }
}

extension EvaluationSample {
    /// The points view of this sample (`PointsEvaluation`), or nil when the model is not a scorecard.
    public func pointsEvaluation(scaling: ScorecardScaling?, bands: Int = 10) throws -> PointsEvaluation? {
        guard let scaling, let points else { return nil }
        return try PointsEvaluation(points: points, probabilities: scores, isBad: isBad, scaling: scaling, bands: bands)
    }
}
