import Foundation
import CreditMetrics
import CreditProbability

/// The adverse impact ratio of a group: its approval rate over the reference group's, with a Katz interval.
///
/// AIR = (x₁/n₁) / (x₀/n₀), where x₁ of the group's n₁ applicants and x₀ of the reference group's n₀ are
/// approved. The interval is Katz's log method for the ratio of two independent proportions (Katz, Baptista,
/// Azen & Pike 1978, "Obtaining confidence intervals for the risk ratio in cohort studies", Biometrics
/// 34(3):469–474, doi:10.2307/2530610):
///
///     exp( ln(R) ± z · √(1/x₁ − 1/n₁ + 1/x₀ − 1/n₀) ),   z = Φ⁻¹(½ + level/2)
///
/// Zero counts: when any cell of the 2×2 table (approved and declined, group and reference) is zero, the
/// interval is computed on the table with ½ added to all four cells (x + ½ approved of n + 1), the
/// Haldane–Anscombe correction; `zeroCellCorrected` says so. The point estimate is never corrected: it is 0
/// when the group approves nobody, and undefined (NaN, with no interval) when the reference approves nobody.
/// statsmodels `Table2x2(table, shift_zeros=False).riskratio_confint()` on the (corrected) table agrees; its
/// own `shift_zeros=True` is a different rule (statsmodels 0.15 replaces only the zero cells by ½).
///
/// The four-fifths rule (US Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D)) reads a
/// ratio below 0.8 as evidence of adverse impact; `belowFourFifths` is that flag, on the point estimate.
public struct AdverseImpactRatio: Sendable, Codable, Equatable {
    /// AIR = (x₁/n₁)/(x₀/n₀); NaN when the reference approves nobody.
    public let value: Double
    /// Katz interval (NaN bounds when `value` is NaN).
    public let confidenceInterval: ConfidenceInterval
    public let confidenceLevel: Double
    /// True when the interval was computed on the table with ½ added to every cell (a zero cell).
    public let zeroCellCorrected: Bool
    /// AIR < 0.8 (false when the ratio is undefined).
    public let belowFourFifths: Bool

    /// The four-fifths threshold of 29 CFR 1607.4(D).
    public static let fourFifths = 0.8

    /// - Parameters:
    ///   - approved: x₁, approved applicants of the group; `rows`: n₁ ≥ 1.
    ///   - referenceApproved: x₀; `referenceRows`: n₀ ≥ 1.
    public init(approved: Int, rows: Int, referenceApproved: Int, referenceRows: Int, confidenceLevel: Double = 0.95) {
        precondition(rows >= 1 && referenceRows >= 1, "a group and its reference need at least one row each")
        precondition((0...rows).contains(approved) && (0...referenceRows).contains(referenceApproved), "approved counts out of range")
        self.confidenceLevel = confidenceLevel
        let x1 = Double(approved), n1 = Double(rows), x0 = Double(referenceApproved), n0 = Double(referenceRows)
        value = referenceApproved == 0 ? .nan : (x1 / n1) / (x0 / n0)
        belowFourFifths = value < Self.fourFifths
        let corrected = approved == 0 || approved == rows || referenceApproved == 0 || referenceApproved == referenceRows
        zeroCellCorrected = corrected
        guard !value.isNaN else {
            confidenceInterval = ConfidenceInterval(lower: .nan, upper: .nan)
            return
        }
        let a = corrected ? x1 + 0.5 : x1, m1 = corrected ? n1 + 1 : n1
        let c = corrected ? x0 + 0.5 : x0, m0 = corrected ? n0 + 1 : n0
        let logRatio = Foundation.log(a / m1 / (c / m0))
        let se = (1 / a - 1 / m1 + 1 / c - 1 / m0).squareRoot()
        let z = NormalDistribution.quantile(0.5 + confidenceLevel / 2)
        confidenceInterval = ConfidenceInterval(lower: Foundation.exp(logRatio - z * se), upper: Foundation.exp(logRatio + z * se))
    }
}
