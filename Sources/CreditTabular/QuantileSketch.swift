/// A quantile sketch of a stream of numbers with a deterministic rank-error bound (a hierarchy of
/// compactors, as in Munro–Paterson and KLL, but with equal capacities and alternating, not random, offsets).
///
/// Level h holds items of weight 2^h, at most `capacity` of them. Values enter level 0; a full level is
/// sorted and every other item (odd positions and even positions in turn) moves up a level with twice the
/// weight (an odd count leaves its largest item behind). A level compacts when it exceeds `capacity`, so while
/// there are at most `capacity` values the sketch holds every one and its quantiles are exact.
///
/// Rank error: one compaction of level h changes the estimated number of values ≤ y of any y by at most
/// 2^h (of the c items ≤ y among the compacted ones, ⌊c/2⌋ or ⌈c/2⌉ survive with weight 2^(h+1)). So
/// |estimated − true rank| ≤ `rankErrorBound` = Σ over compactions of 2^h, at most L·n/capacity for n values
/// and L = ⌈log₂(n/capacity)⌉ + 1 levels, and `quantile(rank:)` returns a data value whose true rank is within
/// `rankErrorBound` of the requested one. Memory: at most (L + 1)·(capacity + 1) values.
///
/// A value with a count (`insert(_:count:)`, e.g. from a table of distinct values) enters as one item of
/// weight 2^h at level h for every bit h set in the count: that is exact (the weights sum to the count and
/// no compaction is made for it), so it adds nothing to the bound beyond the compactions it triggers.
///
/// Used by out-of-core binning (`CreditBinning`) and by `credit describe`'s streaming profile
/// (`ColumnProfiler`), which is why it lives here rather than in either.
package struct QuantileSketch: Sendable {
    package let capacity: Int
    /// Values inserted.
    package private(set) var count = 0
    /// Bound on the rank error of every quantile (0 while exact).
    package private(set) var rankErrorBound = 0
    private var levels: [[Double]] = [[]]
    private var keepOdd: [Bool] = [false]

    /// - Parameter capacity: items per level (at least 2).
    package init(capacity: Int = 200_000) {
        precondition(capacity >= 2, "QuantileSketch: capacity must be at least 2")
        self.capacity = capacity
        levels[0].reserveCapacity(min(self.capacity, 1 << 16))
    }

    /// True while no compaction has been made: the retained items and their weights are every value inserted.
    package var isExact: Bool { rankErrorBound == 0 }

    /// Adds a value (NaN is not allowed).
    @inline(__always)
    package mutating func insert(_ x: Double) {
        levels[0].append(x)
        count += 1
        if levels[0].count > capacity { compact(0) }
    }

    /// Adds `x` `n` times: one item of weight 2^h at level h per bit h set in `n` (exact; O(log n) items).
    package mutating func insert(_ x: Double, count n: Int) {
        precondition(n >= 0, "QuantileSketch: a count cannot be negative")
        var rest = n, h = 0
        while rest > 0 {
            if rest & 1 == 1 {
                while levels.count <= h { levels.append([]); keepOdd.append(false) }
                levels[h].append(x)
                if levels[h].count > capacity { compact(h) }
            }
            rest >>= 1
            h += 1
        }
        count += n
    }

    private mutating func compact(_ h: Int) {
        if h + 1 == levels.count { levels.append([]); keepOdd.append(false) }
        var items = levels[h]
        levels[h] = []
        levels[h].reserveCapacity(min(capacity, 1 << 16))
        items.sort()
        // An odd count leaves its largest item where it is, so the compacted block is even and weight is kept.
        let even = items.count - items.count % 2
        if even < items.count { levels[h].append(items[even]) }
        var i = keepOdd[h] ? 1 : 0
        while i < even { levels[h + 1].append(items[i]); i += 2 }
        keepOdd[h].toggle()
        rankErrorBound += 1 << h
        if levels[h + 1].count > capacity { compact(h + 1) }
    }

    /// The retained items with their weights, sorted by value.
    package func weightedItems() -> [(value: Double, weight: Int)] {
        var all: [(value: Double, weight: Int)] = []
        for (h, level) in levels.enumerated() { for x in level { all.append((x, 1 << h)) } }
        all.sort { $0.value < $1.value }
        return all
    }

    /// Values at the 0-based ranks `ranks` (each in 0..<count; need not be sorted): the smallest retained value
    /// whose estimated count of values ≤ it exceeds the rank. Exact while `isExact`.
    package func quantiles(ranks: [Int]) -> [Double] {
        let items = weightedItems()
        guard !items.isEmpty else { return ranks.map { _ in .nan } }
        var cumulative = [Int](repeating: 0, count: items.count)
        var total = 0
        for (i, item) in items.enumerated() { total += item.weight; cumulative[i] = total }
        return ranks.map { r in
            var lo = 0, hi = items.count - 1
            while lo < hi {
                let mid = (lo + hi) >> 1
                if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
            }
            return items[lo].value
        }
    }

    package func quantile(rank: Int) -> Double { quantiles(ranks: [rank])[0] }
}
