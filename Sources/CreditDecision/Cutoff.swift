/// The scale a cut-off, a refer band or a strategy table is stated on.
///
/// Scorecards are read in points (higher = safer); every model has a PD (lower = safer). One rule serves both:
/// an applicant is on the approve side of a cut-off when its score is at or above it (points) or its PD is at or
/// below it (PD). The same rule is used by `credit strategy`, `credit fairness`, a decision policy in a model file
/// and the reports, so a cut-off means one thing everywhere.
public enum ScoreScale: String, Sendable, Codable, CaseIterable {
    /// Scorecard points: higher is safer.
    case points
    /// Probability of default: lower is safer.
    case pd

    /// The unit as printed next to a value ("points", "PD").
    public var unit: String { self == .points ? "points" : "PD" }

    /// True when `value` is on the approve side of `cutoff`: value ≥ cutoff in points, value ≤ cutoff in PD.
    @inlinable
    public func approves(_ value: Double, cutoff: Double) -> Bool {
        self == .points ? value >= cutoff : value <= cutoff
    }

    /// True when `a` is strictly safer than `b` on this scale.
    @inlinable
    public func isSafer(_ a: Double, than b: Double) -> Bool { self == .points ? a > b : a < b }
}

/// A cut-off on a score scale: applicants on its approve side (`ScoreScale.approves`) are approved.
public struct Cutoff: Sendable, Codable, Equatable, CustomStringConvertible {
    public var value: Double
    public var scale: ScoreScale

    public init(_ value: Double, scale: ScoreScale) { self.value = value; self.scale = scale }

    /// True when an applicant with this score (points) or PD is approved at the cut-off.
    @inlinable
    public func approves(_ score: Double) -> Bool { scale.approves(score, cutoff: value) }

    /// "score ≥ 520 points" or "PD ≤ 0.08": the rule in words, with its unit.
    public var description: String {
        let shown = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        return scale == .points ? "score ≥ \(shown) points" : "PD ≤ \(shown)"
    }
}
