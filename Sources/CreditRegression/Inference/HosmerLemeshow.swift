import Foundation
import CreditProbability
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
        let n = fitted.count
        // Type-7 quantiles need only the order statistics at ⌊h⌋ and ⌊h⌋ + 1, not a full sort.
        let positions = (0...groupCount).map { k -> (h: Double, lo: Int, hi: Int) in
            let h = Double(n - 1) * (Double(k) / Double(groupCount))
            let lo = Int(h.rounded(.down))
            return (h, lo, min(lo + 1, n - 1))
        }
        let order = HosmerLemeshowTest.orderStatistics(fitted, ranks: positions.flatMap { [$0.lo, $0.hi] })
        var breaks: [Double] = []
        for (h, lo, hi) in positions {
            let b = order[lo]! + (h - Double(lo)) * (order[hi]! - order[lo]!)
            if breaks.last != b { breaks.append(b) }
        }
        let intervals = max(breaks.count - 1, 1)
        var count = [Double](repeating: 0, count: intervals)
        var observed = count, expected = count
        let upper = Array(breaks.dropFirst())
        fitted.withUnsafeBufferPointer { fitted in
            upper.withUnsafeBufferPointer { upper in
                for i in 0..<n {
                    let v = fitted[i], f = weights?[i] ?? 1
                    // The first k with v ≤ breaks[k + 1], interval 0 closed below: the breaks are increasing, so k is
                    // the number of inner breaks below v (counted without branches; the last interval takes the rest).
                    var k = 0
                    for b in 0..<(intervals - 1) { k += v > upper[b] ? 1 : 0 }
                    count[k] += f
                    observed[k] += f * outcomes[i]
                    expected[k] += f * v
                }
            }
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

extension HosmerLemeshowTest {
    /// The values at `ranks` (0-based) in increasing order — `values.sorted()[r]` for each r — found by a
    /// quickselect that partitions three ways (ties in one block) and goes only into the parts holding a wanted
    /// rank: O(n log k) for k distinct ranks instead of a sort's O(n log n). Values must not be NaN.
    static func orderStatistics(_ values: [Double], ranks: [Int]) -> [Int: Double] {
        var result: [Int: Double] = [:]
        let wanted = Array(Set(ranks)).sorted()
        guard let first = wanted.first, let last = wanted.last else { return result }
        precondition(first >= 0 && last < values.count, "orderStatistics: rank out of range")
        var a = values
        a.withUnsafeMutableBufferPointer { a in
            // Work list of (lo, hi, ranks in lo..<hi), processed until every rank is settled.
            var work: [(lo: Int, hi: Int, ranks: ArraySlice<Int>)] = [(0, a.count, wanted[...])]
            while let (lo, hi, ranks) = work.popLast() {
                if hi - lo <= 32 {
                    var part = Array(a[lo..<hi])
                    part.sort()
                    for r in ranks { result[r] = part[r - lo] }
                    continue
                }
                // Pivot: median of the first, middle and last values.
                let x = a[lo], y = a[(lo + hi) / 2], z = a[hi - 1]
                let pivot = max(min(x, y), min(max(x, y), z))
                // [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot. Two-way partitions without branches (the
                // comparisons are unpredictable): first < pivot against the rest; the rest is split into == and >
                // only when that made no progress (the pivot is the least value), since ties must not stall it.
                func partition(_ from: Int, _ to: Int, _ goesLeft: (Double) -> Bool) -> Int {
                    var store = from
                    for i in from..<to {
                        let v = a[i]
                        a[i] = a[store]
                        a[store] = v
                        store += goesLeft(v) ? 1 : 0
                    }
                    return store
                }
                let lt = partition(lo, hi) { $0 < pivot }
                let gt = lt == lo ? partition(lo, hi) { $0 <= pivot } : lt
                let below = ranks.prefix { $0 < lt }
                let above = ranks.drop { $0 < gt }
                for r in ranks[(ranks.startIndex + below.count)..<above.startIndex] { result[r] = pivot }
                if !below.isEmpty { work.append((lo, lt, below)) }
                if !above.isEmpty { work.append((gt, hi, above)) }
            }
        }
        return result
    }
}
