import Foundation
import CreditProbability
/// The Hosmer–Lemeshow goodness-of-fit test over quantile groups of the PD.
///
/// Group edges are the type-7 quantiles of p at 0, 1/G, …, 1 (duplicates removed); groups are the intervals
/// (e_{k−1}, e_k], the first including its lower edge — as R `ResourceSelection::hoslem.test`
/// (`cut(yhat, quantile(yhat, 0:g/g), include.lowest = TRUE)`). χ² = Σ over groups and both outcome columns
/// of (O − E)²/E; df = G − 2 with G the number of non-empty groups (the development-sample convention; on
/// independent validation data G is often used instead — both p-values are reported).
public struct HosmerLemeshow: Sendable, Codable, Equatable {
    public let statistic: Double
    public let groups: Int
    public let degreesOfFreedom: Int
    public let pValue: Double
    /// p-value with df = G (for data not used in fitting).
    public let pValueValidation: Double
    public let table: [Group]

    public struct Group: Sendable, Codable, Equatable {
        public var upperEdge: Double
        public var rows: Int
        public var observedBads: Int
        public var expectedBads: Double
    }

    public init(_ data: ScoredOutcomes, groups requested: Int = 10) throws {
        try data.requireProbabilities()
        guard requested >= 3 else { throw MetricsError.invalidParameter("Hosmer–Lemeshow needs at least 3 groups, got \(requested)") }
        let sorted = data.scores.sorted()
        func quantile(_ q: Double) -> Double {
            let h = Double(sorted.count - 1) * q
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        var edges: [Double] = []
        for k in 0...requested {
            let e = quantile(Double(k) / Double(requested))
            if edges.last != e { edges.append(e) }
        }
        guard edges.count >= 2 else { throw MetricsError.tooFew("Hosmer–Lemeshow: all PDs are equal, no groups can be formed") }
        let g = edges.count - 1
        var rows = [Int](repeating: 0, count: g), obs = rows
        var exp = [Double](repeating: 0, count: g)
        for (p, b) in zip(data.scores, data.isBad) {
            // First k with p ≤ edges[k+1] (binary search); the lowest edge belongs to group 0.
            var lo = 0, hi = g - 1
            while lo < hi { let mid = (lo + hi) / 2; if p <= edges[mid + 1] { hi = mid } else { lo = mid + 1 } }
            rows[lo] += 1; exp[lo] += p; if b { obs[lo] += 1 }
        }
        var chi = 0.0
        var table: [Group] = []
        for k in 0..<g where rows[k] > 0 {
            let o1 = Double(obs[k]), e1 = exp[k], o0 = Double(rows[k] - obs[k]), e0 = Double(rows[k]) - exp[k]
            chi += (o1 - e1) * (o1 - e1) / e1 + (o0 - e0) * (o0 - e0) / e0
            table.append(Group(upperEdge: edges[k + 1], rows: rows[k], observedBads: obs[k], expectedBads: e1))
        }
        statistic = chi
        groups = table.count
        degreesOfFreedom = table.count - 2
        pValue = degreesOfFreedom > 0 ? ChiSquaredDistribution.survival(chi, degreesOfFreedom: Double(degreesOfFreedom)) : .nan
        pValueValidation = ChiSquaredDistribution.survival(chi, degreesOfFreedom: Double(table.count))
        self.table = table
    }
}

/// Spiegelhalter's z test of calibration (Spiegelhalter 1986, Statistics in Medicine 5:421–433), as R
/// `rms::val.prob`: z = Σ(y − p)(1 − 2p)/√(Σ(1 − 2p)²·p(1 − p)), two-sided normal p-value.
public struct SpiegelhalterTest: Sendable, Codable, Equatable {
    public let z: Double
    public let pValue: Double

    public init(_ data: ScoredOutcomes) throws {
        try data.requireProbabilities()
        var num = 0.0, den = 0.0
        for (p, b) in zip(data.scores, data.isBad) {
            num += ((b ? 1 : 0) - p) * (1 - 2 * p)
            den += (1 - 2 * p) * (1 - 2 * p) * p * (1 - p)
        }
        z = num / den.squareRoot()
        pValue = NormalDistribution.twoSidedPValue(z)
    }
}
