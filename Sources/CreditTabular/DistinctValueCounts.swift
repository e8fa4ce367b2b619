/// Counts of distinct numbers in order of first appearance, up to a cap: an open-addressing hash table keyed
/// by the value's bits (−0 counted as +0, as `==` does), with the last value remembered so that a run of
/// equal values costs one comparison each. Used by `ColumnProfiler` once a column has more numbers than it
/// keeps, so its distinct count and quantiles stay exact while the distinct values fit.
///
/// Once `cap` distinct values are held, a new value is not added (`add` returns false) and `isCapped` is set.
struct DistinctValueCounts: Sendable {
    let cap: Int
    /// Distinct values in order of first appearance, and how often each was added.
    private(set) var values: [Double] = []
    private(set) var counts: [Int] = []
    private(set) var isCapped = false
    /// Slot → index + 1 into `values` (0: empty). The slot count is a power of two, at least twice `values.count`.
    private var slots: [Int32]
    private var shift: UInt64
    private var lastBits: UInt64 = 0
    private var lastIndex = -1

    init(cap: Int) {
        precondition(cap >= 1, "DistinctValueCounts: cap must be at least 1")
        self.cap = min(cap, Int(Int32.max) - 1)
        slots = [Int32](repeating: 0, count: 1024)
        shift = 64 - 10
    }

    var count: Int { values.count }

    @inline(__always)
    private static func key(_ x: Double) -> UInt64 { x == 0 ? 0 : x.bitPattern }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Adds `n` occurrences of `x` (not NaN). False when `x` is new and the table already holds `cap` values
    /// (then nothing is counted and `isCapped` is set).
    @inline(__always)
    @discardableResult
    mutating func add(_ x: Double, count n: Int = 1) -> Bool {
        let k = Self.key(x)
        if k == lastBits && lastIndex >= 0 { counts[lastIndex] &+= n; return true }
        let mask = slots.count - 1
        var s = slot(k)
        while true {
            let e = Int(slots[s])
            if e == 0 { break }
            if Self.key(values[e - 1]) == k {
                counts[e - 1] &+= n
                lastBits = k; lastIndex = e - 1
                return true
            }
            s = (s + 1) & mask
        }
        if values.count >= cap { isCapped = true; return false }
        values.append(x == 0 ? 0 : x)
        counts.append(n)
        slots[s] = Int32(values.count)
        lastBits = k; lastIndex = values.count - 1
        if values.count * 2 > slots.count { grow() }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        shift -= 1
        let mask = size - 1
        for (i, v) in values.enumerated() {
            var s = slot(Self.key(v))
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(i + 1)
        }
    }

    /// The values and counts sorted by value.
    func sorted() -> (values: [Double], counts: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        return (order.map { values[$0] }, order.map { counts[$0] })
    }
}
