/// Exact IV-maximising partition of ordered pre-bins into contiguous bins, by dynamic programming.
///
/// Maximises IV = Σ_bins (%bad − %good)·WoE over every partition of the m pre-bins into at most `maxBins`
/// contiguous bins such that each bin has at least `minRows` rows, `minGoods` goods and `minBads` bads, the bad
/// rate follows the trend, and (optionally) neighbouring bins differ with a z-test p-value ≤ `maxPValue`.
/// Every one of these is a condition on a bin or on a pair of neighbouring bins, and IV is a sum over bins, so
/// the optimum is found exactly by a DP whose state is (bins so far, start and end of the last bin, trend
/// phase). Bad rates are compared as exact cross-products of integer counts (b₁·n₂ vs b₂·n₁), never as
/// rounded ratios. Ties in IV go to the partition found first in a fixed order (fewest bins, then leftmost
/// boundaries), so the result is the same on every run and machine.
///
/// - Complexity: O(maxBins · m³) time, O(maxBins · m²) memory.
enum OptimalPartition {
    struct Solution { var boundaries: [Int]; var iv: Double; var trend: MonotonicTrend = .none }

    /// The most memory the DP tables of one solve may take: 1 GB. With m pre-bins they hold
    /// phases × c × (m + 1)² entries of 12 bytes (an IV and a parent), c = the bin limit when it is below m, else 1:
    /// 9,000 pre-bins without a bin limit, 2,800 with a limit of 10.
    static let maximumTableBytes = 1e9

    /// The bytes of the DP tables for `m` pre-bins (see `maximumTableBytes`).
    static func tableBytes(preBins m: Int, trend: MonotonicTrend, maxBins: Int) -> Double {
        let maxC = maxBins < m ? max(1, maxBins) : 1
        let phases = (trend == .peak || trend == .valley) ? 2.0 : 1.0
        return phases * Double(maxC) * Double(m + 1) * Double(m + 1) * 12
    }

    /// The bytes of the DP tables of `bins` when they exceed `maximumTableBytes` (for `auto`, each of its two solves), else nil.
    static func excessBytes(_ bins: [ClassCounts], trend: MonotonicTrend, constraints k: BinConstraints) -> Double? {
        let bytes = tableBytes(preBins: bins.count, trend: trend == .auto || trend == .monotone ? .ascending : trend, maxBins: k.maxBins)
        return bytes > maximumTableBytes ? bytes : nil
    }

    /// nil when no partition is feasible. The caller checks `excessBytes` first.
    static func solve(_ bins: [ClassCounts], trend: MonotonicTrend, constraints k: BinConstraints) -> Solution? {
        switch trend {
        case .monotone:
            let up = solve(bins, trend: .ascending, constraints: k)
            let down = solve(bins, trend: .descending, constraints: k)
            guard let u = up else { return down }
            guard let d = down else { return u }
            return d.iv > u.iv ? d : u
        case .auto:
            let monotone = solve(bins, trend: .monotone, constraints: k)
            // A peak or a valley only when its turn earns its keep (`MonotonicTrend.auto`), and only when its
            // two-phase tables fit.
            guard tableBytes(preBins: bins.count, trend: .peak, maxBins: k.maxBins) <= maximumTableBytes else { return monotone }
            let turns = [solve(bins, trend: .peak, constraints: k), solve(bins, trend: .valley, constraints: k)].compactMap { $0 }
            guard let turn = turns.max(by: { $0.iv < $1.iv }) else { return monotone }
            guard let m = monotone else { return turn }
            let rows = k.totalGoods + k.totalBads
            return MonotonicTrend.turnEarnsItsKeep(turn: turn.iv, monotone: m.iv, rows: rows, badRate: rows > 0 ? k.totalBads / rows : 0) ? turn : m
        default:
            var s = k.maxPValue == nil ? runSorted(bins, trend: trend, k) : run(bins, trend: trend, k)
            s?.trend = trend
            return s
        }
    }

    /// One allowed step between neighbouring bins: from trend phase `from` to `to` when the bad rate goes
    /// `direction` (+1 up or equal, −1 down or equal, 0 either way).
    private static func steps(_ trend: MonotonicTrend) -> [(from: Int, to: Int, direction: Int)] {
        switch trend {
        case .ascending: return [(0, 0, 1)]
        case .descending: return [(0, 0, -1)]
        case .none, .auto, .monotone: return [(0, 0, 0)]
        case .peak: return [(0, 0, 1), (0, 1, -1), (1, 1, -1)]
        case .valley: return [(0, 0, -1), (0, 1, 1), (1, 1, 1)]
        }
    }

    /// The same optimum without the p-value test, in O(maxBins · m² · log m): for a last bin [i, j) the best
    /// predecessor [p, i) is a prefix (or suffix) maximum over the predecessors sorted by bad rate, found by
    /// binary search with exact cross-product comparisons. Without `maxBins` (or with maxBins ≥ m) the bin
    /// count is not tracked at all. This makes fine classing over every distinct value (hundreds) practical.
    static func runSorted(_ pre: [ClassCounts], trend: MonotonicTrend, _ k: BinConstraints) -> Solution? {
        let m = pre.count
        guard m > 0 else { return Solution(boundaries: [], iv: 0) }
        var G = [Double](repeating: 0, count: m + 1), B = G
        for i in 0..<m { G[i + 1] = G[i] + pre[i].goods; B[i + 1] = B[i] + pre[i].bads }
        let bounded = k.maxBins < m
        let maxC = bounded ? max(1, k.maxBins) : 1
        let phases = (trend == .peak || trend == .valley) ? 2 : 1
        let side = m + 1
        var f = [Double](repeating: -.infinity, count: phases * maxC * side * side)
        var parent = [Int32](repeating: -1, count: f.count)
        @inline(__always) func at(_ ph: Int, _ c: Int, _ i: Int, _ j: Int) -> Int { ((ph * maxC + c - 1) * side + i) * side + j }
        struct Candidates {
            var p: [Int] = []          // sorted by bad rate of [p, i), then p
            var prefix: [Int] = []     // index into p of the best value among p[0...k] (earliest on ties)
            var suffix: [Int] = []     // … among p[k...] (earliest on ties)
        }
        var lists = [Candidates?](repeating: nil, count: phases * maxC * side)
        let moves = steps(trend)
        for j in 1...m {
            for i in 0..<j {
                let g = G[j] - G[i], b = B[j] - B[i]
                guard k.feasible(g, b) else { continue }
                let term = k.iv(g, b)
                if i == 0 { f[at(0, 1, 0, j)] = term; continue }
                let n = g + b
                for c in (bounded ? 2 : 1)...maxC {
                    let pc = bounded ? c - 1 : 1
                    for ph in 0..<phases {
                        let li = (ph * maxC + pc - 1) * side + i
                        if lists[li] == nil {
                            var cand = Candidates()
                            cand.p = (0..<i).filter { f[at(ph, pc, $0, i)] > -.infinity }
                            cand.p.sort { x, y in
                                let bx = B[i] - B[x], nx = G[i] - G[x] + bx, by = B[i] - B[y], ny = G[i] - G[y] + by
                                let l = bx * ny, r = by * nx
                                return l != r ? l < r : x < y
                            }
                            let vals = cand.p.map { f[at(ph, pc, $0, i)] }
                            var best = 0
                            for t in vals.indices { if vals[t] > vals[best] { best = t }; cand.prefix.append(best) }
                            cand.suffix = [Int](repeating: 0, count: vals.count)
                            best = vals.count - 1
                            for t in vals.indices.reversed() {
                                if vals[t] > vals[best] || (vals[t] == vals[best] && cand.p[t] < cand.p[best]) { best = t }
                                cand.suffix[t] = best
                            }
                            lists[li] = cand
                        }
                        let cand = lists[li]!
                        if cand.p.isEmpty { continue }
                        // Number of predecessors with rate ≤ b/n, and the first with rate ≥ b/n.
                        func count(where pred: (Double, Double) -> Bool) -> Int {
                            var lo = 0, hi = cand.p.count
                            while lo < hi {
                                let mid = (lo + hi) >> 1, x = cand.p[mid]
                                let bx = B[i] - B[x], nx = G[i] - G[x] + bx
                                if pred(bx * n, b * nx) { lo = mid + 1 } else { hi = mid }
                            }
                            return lo
                        }
                        for move in moves where move.from == ph {
                            let pick: Int?
                            switch move.direction {
                            case 1:
                                let t = count { $0 <= $1 }
                                pick = t > 0 ? cand.prefix[t - 1] : nil
                            case -1:
                                let t = count { $0 < $1 }
                                pick = t < cand.p.count ? cand.suffix[t] : nil
                            default:
                                pick = cand.prefix[cand.p.count - 1]
                            }
                            guard let pick else { continue }
                            let p = cand.p[pick]
                            let value = f[at(ph, pc, p, i)] + term
                            let idx = at(move.to, c, i, j)
                            if value > f[idx] { f[idx] = value; parent[idx] = Int32(p * 2 + ph) }
                        }
                    }
                }
            }
        }
        return backtrack(f, parent, phases: phases, maxC: maxC, m: m, bounded: bounded, at: at)
    }

    /// The best final state of a filled table and the bin starts that lead to it (shared by both solvers).
    /// `parent` holds previous start · 2 + previous phase.
    private static func backtrack(_ f: [Double], _ parent: [Int32], phases: Int, maxC: Int, m: Int, bounded: Bool,
                                  at: (Int, Int, Int, Int) -> Int) -> Solution? {
        var best = -Double.infinity, bestState: (Int, Int, Int)? = nil
        for c in 1...maxC { for i in 0..<m { for ph in 0..<phases {
            let v = f[at(ph, c, i, m)]
            if v > best { best = v; bestState = (ph, c, i) }
        } } }
        guard var (ph, c, i) = bestState else { return nil }
        var j = m
        var starts: [Int] = []
        while i > 0 {
            starts.append(i)
            let par = Int(parent[at(ph, c, i, j)])
            j = i; i = par / 2; ph = par % 2
            if bounded { c -= 1 }
        }
        return Solution(boundaries: starts.reversed(), iv: best)
    }

    private static func run(_ pre: [ClassCounts], trend: MonotonicTrend, _ k: BinConstraints) -> Solution? {
        let m = pre.count
        guard m > 0 else { return Solution(boundaries: [], iv: 0) }
        var G = [Double](repeating: 0, count: m + 1), B = G
        for i in 0..<m { G[i + 1] = G[i] + pre[i].goods; B[i + 1] = B[i] + pre[i].bads }
        let bounded = k.maxBins < m
        let maxC = bounded ? max(1, k.maxBins) : 1
        let phases = (trend == .peak || trend == .valley) ? 2 : 1
        // f[((ph·maxC + c−1)·(m+1) + i)·(m+1) + j]: best IV of [0, j) in c bins, last bin [i, j), phase ph.
        let side = m + 1
        let size = phases * maxC * side * side
        var f = [Double](repeating: -.infinity, count: size)
        var parent = [Int32](repeating: -1, count: size)   // k·2 + previous phase
        @inline(__always) func at(_ ph: Int, _ c: Int, _ i: Int, _ j: Int) -> Int { ((ph * maxC + c - 1) * side + i) * side + j }

        // Allowed phase transitions given the comparison of bad rates (prev vs cur).
        func transitions(_ ph: Int, up: Bool, down: Bool) -> [Int] {
            switch trend {
            case .ascending: return up ? [0] : []
            case .descending: return down ? [0] : []
            case .none, .auto, .monotone: return [0]
            case .peak: return ph == 0 ? ((up ? [0] : []) + (down ? [1] : [])) : (down ? [1] : [])
            case .valley: return ph == 0 ? ((down ? [0] : []) + (up ? [1] : [])) : (up ? [1] : [])
            }
        }

        for j in 1...m {
            for i in 0..<j {
                let g = G[j] - G[i], b = B[j] - B[i]
                guard k.feasible(g, b) else { continue }
                let term = k.iv(g, b)
                if i == 0 {
                    f[at(0, 1, 0, j)] = term
                    continue
                }
                let n = g + b
                for c in (bounded ? 2 : 1)...max(bounded ? 2 : 1, maxC) where c <= maxC {
                    let pc = bounded ? c - 1 : 1
                    for p in 0..<i {
                        let pg = G[i] - G[p], pb = B[i] - B[p], pn = pg + pb
                        // Compare bad rates exactly: pb/pn vs b/n.
                        let lhs = pb * n, rhs = b * pn
                        let up = lhs <= rhs, down = lhs >= rhs
                        var pChecked = false, pOK = true
                        for ph in 0..<phases {
                            let prev = f[at(ph, pc, p, i)]
                            if prev == -.infinity { continue }
                            if !pChecked {
                                pChecked = true
                                if let maxP = k.maxPValue { pOK = twoProportionPValue(pb, pn, b, n) <= maxP }
                            }
                            if !pOK { break }
                            let cand = prev + term
                            for nph in transitions(ph, up: up, down: down) {
                                let idx = at(nph, c, i, j)
                                if cand > f[idx] { f[idx] = cand; parent[idx] = Int32(p * 2 + ph) }
                            }
                        }
                    }
                }
            }
        }
        return backtrack(f, parent, phases: phases, maxC: maxC, m: m, bounded: bounded, at: at)
    }
}
