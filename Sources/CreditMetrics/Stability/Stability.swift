import Foundation
import CreditProbability
/// What the population stability index does with a band that one sample leaves empty (ln 0 is undefined).
///
/// - `replaceZeroShare(ε)`: a share of exactly 0 (in either sample) is replaced by ε before the band's term is
///   computed; other shares are untouched and nothing is renormalised. This is the default (ε = 1e-4), the rule
///   most practitioner write-ups use, and a band empty in both samples then contributes 0.
/// - `addToCounts(α)`: α is added to every count of both samples and the shares are recomputed (Laplace-style
///   smoothing; changes every band a little).
/// - `skipBand`: a band empty in either sample contributes nothing (what toad's `PSI` does: pandas drops the
///   NaN/inf term; see Tests/CreditMetricsTests/Fixtures/make_stability_fixtures.py).
public enum EmptyBandRule: Sendable, Codable, Equatable {
    case replaceZeroShare(Double)
    case addToCounts(Double)
    case skipBand

    public static let `default` = EmptyBandRule.replaceZeroShare(1e-4)

    public var description: String {
        switch self {
        case .replaceZeroShare(let e): return "a zero share is replaced by \(e)"
        case .addToCounts(let a): return "\(a) is added to every count"
        case .skipBand: return "bands empty in either sample are skipped"
        }
    }
}

/// One band of a stability index: counts, shares and its term (A − E)·ln(A/E).
public struct StabilityBand: Sendable, Codable, Equatable {
    public var label: String
    public var baseCount: Int
    public var recentCount: Int
    /// Share of the base (expected, E) sample: count / rows, before the empty-band rule.
    public var baseShare: Double
    /// Share of the recent (actual, A) sample: count / rows, before the empty-band rule.
    public var recentShare: Double
    /// (A − E)·ln(A/E) with the shares after the empty-band rule; never negative.
    public var contribution: Double
}

/// The population stability index (PSI) of a score, or the characteristic stability index (CSI) of one
/// characteristic: Σ over bands of (A − E)·ln(A/E), A = recent share, E = base share.
///
/// Reading (practitioner convention, depends on the number of bands): < 0.1 stable, 0.1–0.25 watch,
/// > 0.25 shifted.
public struct StabilityIndex: Sendable, Codable, Equatable {
    public let value: Double
    public let bands: [StabilityBand]
    public let emptyBandRule: EmptyBandRule
    /// Bands with a zero count in at least one sample.
    public let emptyBands: Int
    public let baseRows: Int
    public let recentRows: Int
}

/// PSI/CSI from per-band counts of the base (expected) and recent (actual) samples.
///
///     PSI = Σ_b (A_b − E_b)·ln(A_b / E_b)
///
/// - Parameters:
///   - baseCounts: rows of the base sample per band.
///   - recentCounts: rows of the recent sample per band (same bands, same order).
///   - labels: band labels (defaults to "1", "2", …).
///   - emptyBands: the rule for bands with a zero count (see `EmptyBandRule`).
/// - Precondition: equal lengths, at least one band, non-negative counts, both samples non-empty.
/// - Complexity: O(bands).
public func populationStabilityIndex(baseCounts: [Int], recentCounts: [Int], labels: [String]? = nil,
                                     emptyBands rule: EmptyBandRule = .default) -> StabilityIndex {
    precondition(baseCounts.count == recentCounts.count && !baseCounts.isEmpty, "PSI: the two samples need the same bands")
    precondition(baseCounts.allSatisfy { $0 >= 0 } && recentCounts.allSatisfy { $0 >= 0 }, "PSI: counts must be non-negative")
    let nb = baseCounts.reduce(0, +), nr = recentCounts.reduce(0, +)
    precondition(nb > 0 && nr > 0, "PSI: both samples need rows")
    let labels = labels ?? baseCounts.indices.map { String($0 + 1) }
    precondition(labels.count == baseCounts.count, "PSI: one label per band")
    var bands: [StabilityBand] = []
    var total = 0.0, empty = 0
    let k = Double(baseCounts.count)
    for i in baseCounts.indices {
        let b = baseCounts[i], r = recentCounts[i]
        if b == 0 || r == 0 { empty += 1 }
        var e = Double(b) / Double(nb), a = Double(r) / Double(nr)
        var term = 0.0
        switch rule {
        case .replaceZeroShare(let eps):
            if e == 0 { e = eps }
            if a == 0 { a = eps }
            term = (a - e) * log(a / e)
        case .addToCounts(let alpha):
            e = (Double(b) + alpha) / (Double(nb) + alpha * k)
            a = (Double(r) + alpha) / (Double(nr) + alpha * k)
            term = (a - e) * log(a / e)
        case .skipBand:
            term = (b == 0 || r == 0) ? 0 : (a - e) * log(a / e)
        }
        total += term
        bands.append(StabilityBand(label: labels[i], baseCount: b, recentCount: r, baseShare: Double(b) / Double(nb),
                                   recentShare: Double(r) / Double(nr), contribution: term))
    }
    return StabilityIndex(value: total, bands: bands, emptyBandRule: rule, emptyBands: empty, baseRows: nb, recentRows: nr)
}

/// Pearson's χ² test that two samples share one distribution over the bands (a 2 × k contingency table,
/// no continuity correction: scipy `chi2_contingency(..., correction=False)`). Bands empty in both samples are
/// left out; df = (bands used − 1).
public struct ChiSquaredHomogeneityTest: Sendable, Codable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    /// Upper tail of χ²(df); NaN when fewer than two bands hold rows.
    public let pValue: Double

    /// - Precondition: equal lengths, non-negative counts, both samples non-empty.
    public init(baseCounts: [Int], recentCounts: [Int]) {
        precondition(baseCounts.count == recentCounts.count, "χ²: the two samples need the same bands")
        let nb = Double(baseCounts.reduce(0, +)), nr = Double(recentCounts.reduce(0, +))
        precondition(nb > 0 && nr > 0, "χ²: both samples need rows")
        let n = nb + nr
        var chi = 0.0, used = 0
        for (b, r) in zip(baseCounts, recentCounts) where b + r > 0 {
            used += 1
            let col = Double(b + r)
            let eb = nb * col / n, er = nr * col / n
            chi += (Double(b) - eb) * (Double(b) - eb) / eb + (Double(r) - er) * (Double(r) - er) / er
        }
        statistic = chi
        degreesOfFreedom = used - 1
        pValue = used >= 2 ? ChiSquaredDistribution.survival(chi, degreesOfFreedom: Double(used - 1)) : .nan
    }
}

/// Interior cut points of `bands` equal-count bands of `values` (NaN ignored): at each of 1/B, …, (B−1)/B the
/// smallest data value at or above the type-7 quantile (sorted[⌈(n−1)·k/B⌉]), duplicates and the minimum removed.
/// Band i is [c_{i−1}, c_i) with c_0 = −∞ and c_B = +∞ (see `band(of:cuts:)`). Cuts are data values, so no band
/// of the sample that defined them is empty (discrete columns simply get fewer bands).
///
/// - Complexity: O(n log n).
package func quantileCuts(_ values: [Double], bands: Int) -> [Double] {
    precondition(bands >= 1, "quantileCuts: need at least one band")
    let sorted = values.filter { !$0.isNaN }.sorted()
    guard sorted.count >= 2 else { return [] }
    var cuts: [Double] = []
    for k in 1..<bands {
        let h = Double(sorted.count - 1) * Double(k) / Double(bands)
        let q = sorted[min(Int(h.rounded(.up)), sorted.count - 1)]
        // A cut at or below the minimum would leave an empty first band.
        if q > sorted[0], cuts.last.map({ q > $0 }) ?? true { cuts.append(q) }
    }
    return cuts
}

/// The band of `x` for increasing `cuts`: the number of cuts ≤ x (so bands are [c_{i−1}, c_i)).
package func band(of x: Double, cuts: [Double]) -> Int {
    var lo = 0, hi = cuts.count
    while lo < hi { let mid = (lo + hi) / 2; if cuts[mid] <= x { lo = mid + 1 } else { hi = mid } }
    return lo
}

/// Labels of the bands cut by `cuts`: "< c1", "[c1, c2)", …, "≥ cB".
package func bandLabels(cuts: [Double], format: (Double) -> String = { String(format: "%.6g", $0) }) -> [String] {
    guard !cuts.isEmpty else { return ["all"] }
    var labels = ["< " + format(cuts[0])]
    for i in 1..<cuts.count { labels.append("[" + format(cuts[i - 1]) + ", " + format(cuts[i]) + ")") }
    labels.append("≥ " + format(cuts[cuts.count - 1]))
    return labels
}

/// DeLong's test that two AUCs computed on different (independent) samples differ: z = (A₂ − A₁)/√(V₁ + V₂),
/// with V the DeLong variance of each; two-sided normal p-value. (The paired test needs the same rows.)
public struct UnpairedAUCTest: Sendable, Codable, Equatable {
    public let base: Double
    public let recent: Double
    /// recent − base.
    public let difference: Double
    public let standardError: Double
    public let z: Double
    public let pValue: Double

    public init(base: AreaUnderCurve, recent: AreaUnderCurve) {
        self.base = base.value
        self.recent = recent.value
        difference = recent.value - base.value
        standardError = (base.variance + recent.variance).squareRoot()
        z = difference / standardError
        pValue = NormalDistribution.twoSidedPValue(z)
    }
}
