import Foundation
import Probability

/// The Hosmer–Lemeshow goodness-of-fit test (Hosmer & Lemeshow 1980, Communications in Statistics A
/// 9:1043–1069, doi:10.1080/03610928008827941), grouped as R `ResourceSelection::hoslem.test`:
///
/// - breaks are the quantiles of the fitted π at 0, 1/G, …, 1 (R's type 7, linear interpolation), duplicates
///   removed; a row falls in (bₖ₋₁, bₖ], the first interval closed on the left (R `cut(…, include.lowest = TRUE)`);
/// - χ² = Σ over groups and both outcomes of (O − E)²/E, E₁ = Σπ, E₀ = Σ(1 − π) (frequency-weighted when weights
///   are given);
/// - df = G − 2 with G the number of non-empty groups (development sample).
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

    /// Computes the test from fitted probabilities and 0/1 outcomes.
    /// - Precondition: `groupCount ≥ 3`, equal lengths.
    public init(fitted: [Double], outcomes: [Double], weights: [Double]? = nil, groupCount: Int = 10) {
        precondition(groupCount >= 3, "Hosmer–Lemeshow needs at least 3 groups")
        precondition(fitted.count == outcomes.count, "Hosmer–Lemeshow: \(fitted.count) fitted values for \(outcomes.count) outcomes")
        let sorted = fitted.sorted()
        let n = sorted.count
        func quantile(_ q: Double) -> Double {
            let h = Double(n - 1) * q
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, n - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        var breaks: [Double] = []
        for k in 0...groupCount {
            let b = quantile(Double(k) / Double(groupCount))
            if breaks.last != b { breaks.append(b) }
        }
        let intervals = max(breaks.count - 1, 1)
        var count = [Double](repeating: 0, count: intervals)
        var observed = count, expected = count
        for i in 0..<n {
            let v = fitted[i], f = weights?[i] ?? 1
            // First k with v ≤ breaks[k + 1] (binary search), interval 0 closed below.
            var lo = 0, hi = intervals - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if v <= breaks[mid + 1] { hi = mid } else { lo = mid + 1 }
            }
            count[lo] += f
            observed[lo] += f * outcomes[i]
            expected[lo] += f * v
        }
        var groups: [Group] = []
        var chi = 0.0
        for k in 0..<intervals where count[k] > 0 {
            let e1 = expected[k], e0 = count[k] - expected[k]
            let o1 = observed[k], o0 = count[k] - observed[k]
            chi += (o1 - e1) * (o1 - e1) / e1 + (o0 - e0) * (o0 - e0) / e0
            groups.append(Group(upperBound: breaks[min(k + 1, breaks.count - 1)], count: count[k], observedBad: o1, expectedBad: e1))
        }
        self.groups = groups
        self.chiSquare = chi
        self.degreesOfFreedom = groups.count - 2
        self.pValue = groups.count > 2 ? ChiSquaredDistribution.survival(chi, degreesOfFreedom: Double(groups.count - 2)) : .nan
    }
}
