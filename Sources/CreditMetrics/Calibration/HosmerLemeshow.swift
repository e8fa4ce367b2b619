import Foundation
import CreditProbability
/// The Hosmer–Lemeshow goodness-of-fit test over quantile groups of the PD (Hosmer & Lemeshow 1980,
/// Communications in Statistics A 9:1043–1069, doi:10.1080/03610928008827941): the one implementation, behind
/// `credit metrics`, `credit monitor` and the test every logistic fit records (`HosmerLemeshowTest` in
/// CreditRegression, through `grouped(probabilities:outcomes:weights:groups:)`).
///
/// Groups, as R `ResourceSelection::hoslem.test` (`cut(yhat, quantile(yhat, 0:g/g), include.lowest = TRUE)`):
/// the breaks are the type-7 quantiles of p at 0, 1/G, …, 1 (linear interpolation, R's default), duplicates
/// removed; a row falls in (bₖ₋₁, bₖ], the first interval closed below. Empty groups are left out; G below is
/// the number of non-empty groups.
///
/// χ² = Σ over groups and both outcomes of (O − E)²/E, with E₁ = Σ p and E₀ = Σ (1 − p) over the group's rows
/// (frequency-weighted when weights are given; the breaks are quantiles over the rows, unweighted).
///
/// Degrees of freedom: df = G − 2 on the sample the model was fitted on (`pValue`; Hosmer & Lemeshow, and R's
/// hoslem.test), df = G on data the model was not fitted on (`pValueValidation`; Hosmer, Lemeshow & Sturdivant
/// 2013, Applied Logistic Regression, 3rd ed., §5.2.2). The p-value with df = G − 2 is NaN when G ≤ 2.
///
/// Reference: statsmodels and scikit-learn have no Hosmer–Lemeshow test and R's ResourceSelection is not packaged
/// by Debian, so the fixtures reimplement hoslem.test's grouping with numpy and pandas (`numpy.quantile` breaks,
/// `pandas.cut(include_lowest=True)`, scipy `chi2.sf`): on the metrics fixture's scores
/// (`make_metrics_fixtures.py`) and on statsmodels `Logit` PDs of German credit (`make_issue3_fixtures.py`).
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

    /// - Throws: `MetricsError.probabilityOutOfRange`, `.invalidParameter` for fewer than 3 groups, `.tooFew`
    ///   when every PD is equal (no groups can be formed).
    public init(_ data: ScoredOutcomes, groups requested: Int = 10) throws {
        try data.requireProbabilities()
        guard requested >= 3 else { throw MetricsError.invalidParameter("Hosmer–Lemeshow needs at least 3 groups, got \(requested)") }
        let g = HosmerLemeshow.grouped(probabilities: data.scores, outcomes: data.isBad.map { $0 ? 1 : 0 }, weights: nil,
                                       groups: requested)
        guard g.breaks >= 2 else { throw MetricsError.tooFew("Hosmer–Lemeshow: all PDs are equal, no groups can be formed") }
        statistic = g.statistic
        groups = g.upperEdges.count
        degreesOfFreedom = g.degreesOfFreedom
        pValue = g.pValue
        pValueValidation = g.pValueValidation
        table = g.upperEdges.indices.map {
            Group(upperEdge: g.upperEdges[$0], rows: Int(g.counts[$0]), observedBads: Int(g.observed[$0]), expectedBads: g.expected[$0])
        }
    }
}

extension HosmerLemeshow {
    /// The non-empty groups and χ² of the test (see `HosmerLemeshow`), with the weights' sums per group.
    package struct Groups: Sendable {
        /// Distinct quantile breaks (1 when every probability is equal: then one group holds every row).
        package var breaks: Int
        /// Per non-empty group: its upper break, Σ f, Σ f·y, Σ f·p (f the frequency weight, 1 without weights).
        package var upperEdges: [Double], counts: [Double], observed: [Double], expected: [Double]
        package var statistic: Double
        /// G − 2 (the development-sample convention).
        package var degreesOfFreedom: Int { upperEdges.count - 2 }
        /// p-value with df = G − 2; NaN when G ≤ 2.
        package var pValue: Double {
            degreesOfFreedom > 0 ? ChiSquaredDistribution.survival(statistic, degreesOfFreedom: Double(degreesOfFreedom)) : .nan
        }
        /// p-value with df = G.
        package var pValueValidation: Double {
            ChiSquaredDistribution.survival(statistic, degreesOfFreedom: Double(upperEdges.count))
        }
    }

    /// Groups `probabilities` (finite, in [0, 1]) with their 0/1 `outcomes` and optional frequency `weights`.
    ///
    /// Built for the regression's million-row fits: the type-7 breaks need only the order statistics at ⌊h⌋ and
    /// ⌊h⌋ + 1 (`orderStatistics`, a quickselect) rather than a sort, and a row's group is counted without
    /// branches.
    /// - Precondition: `groups ≥ 3`, at least one row, equal lengths.
    package static func grouped(probabilities fitted: [Double], outcomes: [Double], weights: [Double]?, groups groupCount: Int) -> Groups {
        precondition(groupCount >= 3, "Hosmer–Lemeshow needs at least 3 groups")
        precondition(fitted.count == outcomes.count, "Hosmer–Lemeshow: \(fitted.count) fitted values for \(outcomes.count) outcomes")
        let n = fitted.count
        // Type-7 quantiles need only the order statistics at ⌊h⌋ and ⌊h⌋ + 1, not a full sort.
        let positions = (0...groupCount).map { k -> (h: Double, lo: Int, hi: Int) in
            let h = Double(n - 1) * (Double(k) / Double(groupCount))
            let lo = Int(h.rounded(.down))
            return (h, lo, min(lo + 1, n - 1))
        }
        let order = orderStatistics(fitted, ranks: positions.flatMap { [$0.lo, $0.hi] })
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
        var result = Groups(breaks: breaks.count, upperEdges: [], counts: [], observed: [], expected: [], statistic: 0)
        var chi = 0.0
        for k in 0..<intervals where count[k] > 0 {
            let e1 = expected[k], e0 = count[k] - expected[k]
            let o1 = observed[k], o0 = count[k] - observed[k]
            chi += (o1 - e1) * (o1 - e1) / e1 + (o0 - e0) * (o0 - e0) / e0
            result.upperEdges.append(breaks[min(k + 1, breaks.count - 1)])
            result.counts.append(count[k]); result.observed.append(o1); result.expected.append(e1)
        }
        result.statistic = chi
        return result
    }

    /// The values at `ranks` (0-based) in increasing order — `values.sorted()[r]` for each r — found by a
    /// quickselect that partitions three ways (ties in one block) and goes only into the parts holding a wanted
    /// rank: O(n log k) for k distinct ranks instead of a sort's O(n log n). Values must not be NaN.
    package static func orderStatistics(_ values: [Double], ranks: [Int]) -> [Int: Double] {
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
