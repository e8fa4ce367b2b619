import CreditMetrics
/// The Hosmer–Lemeshow test of a fit on its own sample, as the result and the model file record it: groups,
/// χ², df = G − 2 and its p-value. Computed by CreditMetrics' `HosmerLemeshow` (the one implementation: R
/// `ResourceSelection::hoslem.test`'s quantile groups; see there for the formula, the df conventions and the
/// reference), with the fitted π as probabilities and the fit's frequency weights.
public struct HosmerLemeshowTest: Sendable, Codable, Equatable {
    public struct Group: Sendable, Codable, Equatable {
        public let upperBound: Double
        public let count: Double
        public let observedBad: Double
        public let expectedBad: Double
    }
    public let groups: [Group]
    public let chiSquare: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    /// Computes the test from fitted probabilities and 0/1 outcomes (one group of every row when all fitted
    /// values are equal; then df < 1 and the p-value is NaN).
    /// - Precondition: `groupCount ≥ 3`, equal lengths, at least one row.
    public init(fitted: [Double], outcomes: [Double], weights: [Double]? = nil, groupCount: Int = 10) {
        let g = HosmerLemeshow.grouped(probabilities: fitted, outcomes: outcomes, weights: weights, groups: groupCount)
        groups = g.upperEdges.indices.map {
            Group(upperBound: g.upperEdges[$0], count: g.counts[$0], observedBad: g.observed[$0], expectedBad: g.expected[$0])
        }
        chiSquare = g.statistic
        degreesOfFreedom = g.degreesOfFreedom
        pValue = g.pValue
    }
}
