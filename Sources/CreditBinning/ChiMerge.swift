#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ChiMerge (Kerber 1992, "ChiMerge: discretization of numeric attributes", AAAI-92, 123–128) over pre-bins.
///
/// Repeatedly merges the adjacent pair with the smallest Pearson χ² of its 2×2 table (bin × good/bad; cells
/// with zero expected count contribute 0). While some bin violates the size constraints, only pairs touching
/// such a bin are candidates; otherwise merging continues while there are more than `maxBins` bins or the
/// smallest χ² has p-value (df = 1, p = erfc(√(χ²/2))) at or above `significance`. Ties go to the leftmost pair.
enum ChiMerge {
    static func chiSquare(_ a: ClassCounts, _ b: ClassCounts) -> Double {
        let n = a.count + b.count
        let totalG = a.goods + b.goods, totalB = a.bads + b.bads
        var chi = 0.0
        for (row, rn) in [(a, a.count), (b, b.count)] {
            for (obs, col) in [(row.goods, totalG), (row.bads, totalB)] {
                let e = rn * col / n
                if e > 0 { chi += (obs - e) * (obs - e) / e }
            }
        }
        return chi
    }

    static func solve(_ pre: [ClassCounts], significance: Double, constraints k: BinConstraints) -> [Int] {
        var bins = pre
        var starts = Array(pre.indices)
        while bins.count > 1 {
            let chis = (0..<(bins.count - 1)).map { chiSquare(bins[$0], bins[$0 + 1]) }
            let violating = bins.map { !k.feasible($0.goods, $0.bads) }
            var candidates = Array(chis.indices)
            if violating.contains(true) {
                candidates = candidates.filter { violating[$0] || violating[$0 + 1] }
            } else {
                let minChi = chis.min()!
                let pValue = erfc((minChi / 2).squareRoot())
                if bins.count <= k.maxBins && pValue < significance { break }
            }
            var best = candidates[0]
            for c in candidates where chis[c] < chis[best] { best = c }
            bins[best].goods += bins[best + 1].goods
            bins[best].bads += bins[best + 1].bads
            bins.remove(at: best + 1)
            starts.remove(at: best + 1)
        }
        return Array(starts.dropFirst())
    }
}

/// Decision-tree (entropy) binning: best-first binary splits of the pre-bins.
///
/// Each leaf's best split maximises the information gain n·H(leaf) − n_l·H(left) − n_r·H(right) (H the binary
/// entropy of the bad rate, natural log) among splits whose two sides both meet the size constraints. The leaf
/// with the largest positive gain is split next (leftmost on ties) until there are `maxBins` leaves or no
/// leaf can be split.
enum EntropyTree {
    static func entropy(_ g: Double, _ b: Double) -> Double {
        let n = g + b
        guard n > 0 else { return 0 }
        var h = 0.0
        for x in [g, b] where x > 0 { h -= x / n * log(x / n) }
        return h
    }

    static func solve(_ pre: [ClassCounts], constraints k: BinConstraints) -> [Int] {
        bestFirstSplits(pre, maxLeaves: k.maxBins, minRows: k.minRows, minGoods: k.minGoods, minBads: k.minBads,
                        impurity: entropy)
    }

    /// Gini impurity 2p(1 − p) of a node with g goods and b bads.
    static func gini(_ g: Double, _ b: Double) -> Double {
        let n = g + b
        return n > 0 ? 2 * (g / n) * (b / n) : 0
    }

    /// Best-first binary splitting (as scikit-learn's `max_leaf_nodes` builder): each leaf's best split
    /// maximises n·I(leaf) − n_l·I(left) − n_r·I(right) among splits whose sides are both feasible — at least
    /// `minRows` rows, `minGoods` goods and `minBads` bads — (leftmost on ties); the leaf with the largest
    /// positive decrease is split next (leftmost on ties). Each leaf's best split is computed once. Returns
    /// start indices of leaves 1….
    ///
    /// Exact, but not by scanning every split point of a large leaf: a side's counts grow (or shrink) with the
    /// split point, so the feasible split points form one interval, found by binary search. Over a block of
    /// consecutive split points the left side's (goods, bads) lie in the box spanned by the block's first and
    /// last point, and n·I(g/n) — for the Gini impurity 2gb/n and the entropy — is concave in (g, b), so the
    /// sum of the two sides' terms is smallest at a corner of that box: the parent's term minus that corner
    /// minimum bounds the decrease of every split in the block. The block (of 64 split points) with the largest
    /// bound is scanned first, then, left to right, every block whose bound (plus a margin of 10⁻⁹·n, far above
    /// the rounding of these sums) is not below the best decrease found so far; a skipped block cannot hold a
    /// split that reaches it. The splits that are scanned are
    /// evaluated by the same expression as a full scan, and ties go to the leftmost, so the result is the
    /// full scan's. `impurity` must have that concavity (both `gini` and `entropy` do).
    /// - Complexity: O(maxLeaves · m) in the worst case; typically O(m) for the prefix sums plus
    ///   O(maxLeaves · m / 64) for the block bounds.
    static func bestFirstSplits(_ pre: [ClassCounts], maxLeaves: Int, minRows: Double, minGoods: Double = 0,
                                minBads: Double = 0, impurity: (Double, Double) -> Double) -> [Int] {
        let m = pre.count
        // Prefix sums (written in full before any read, so not zero-filled first).
        let G = [Double](unsafeUninitializedCapacity: m + 1) { p, count in
            var s = 0.0; p[0] = 0
            for i in 0..<m { s += pre[i].goods; p[i + 1] = s }
            count = m + 1
        }
        let B = [Double](unsafeUninitializedCapacity: m + 1) { p, count in
            var s = 0.0; p[0] = 0
            for i in 0..<m { s += pre[i].bads; p[i + 1] = s }
            count = m + 1
        }
        @inline(__always) func feasible(_ g: Double, _ b: Double) -> Bool { g + b >= minRows && g >= minGoods && b >= minBads }
        func bestSplit(_ s: Int, _ e: Int) -> (at: Int, gain: Double)? {
            guard e - s >= 2 else { return nil }
            let g = G[e] - G[s], b = B[e] - B[s]
            let parent = (g + b) * impurity(g, b)
            // Feasible split points: t in [first, last) — the left side is feasible from `first` on, the right
            // side up to `last` − 1.
            var lo = s + 1, hi = e
            while lo < hi { let t = (lo + hi) >> 1; if feasible(G[t] - G[s], B[t] - B[s]) { hi = t } else { lo = t + 1 } }
            let first = lo
            hi = e
            while lo < hi { let t = (lo + hi) >> 1; if feasible(g - (G[t] - G[s]), b - (B[t] - B[s])) { lo = t + 1 } else { hi = t } }
            let last = lo
            guard first < last else { return nil }
            @inline(__always) func gain(_ t: Int) -> Double {
                let lg = G[t] - G[s], lb = B[t] - B[s], rg = g - lg, rb = b - lb
                return parent - (lg + lb) * impurity(lg, lb) - (rg + rb) * impurity(rg, rb)
            }
            var best: (at: Int, gain: Double)? = nil
            let width = 64
            if last - first <= 8 * width {
                for t in first..<last {
                    let d = gain(t)
                    if d > 1e-12 && (best == nil || d > best!.gain) { best = (t, d) }
                }
                return best
            }
            @inline(__always) func sides(_ lg: Double, _ lb: Double) -> Double {
                let rg = g - lg, rb = b - lb
                return (lg + lb) * impurity(lg, lb) + (rg + rb) * impurity(rg, rb)
            }
            var bounds: [Double] = []
            bounds.reserveCapacity((last - first) / width + 1)
            var top = 0
            for a in stride(from: first, to: last, by: width) {
                let z = min(a + width, last) - 1
                let g0 = G[a] - G[s], g1 = G[z] - G[s], b0 = B[a] - B[s], b1 = B[z] - B[s]
                let corner = min(min(sides(g0, b0), sides(g0, b1)), min(sides(g1, b0), sides(g1, b1)))
                bounds.append(parent - corner)
                if bounds[bounds.count - 1] > bounds[top] { top = bounds.count - 1 }
            }
            func scan(_ block: Int) {
                let a = first + block * width
                for t in a..<min(a + width, last) {
                    let d = gain(t)
                    if d > 1e-12 && (best == nil || d > best!.gain || (d == best!.gain && t < best!.at)) { best = (t, d) }
                }
            }
            // The block with the largest bound first (a good split early), then every block that may hold one
            // at least as good.
            let margin = 1e-9 * (g + b)
            scan(top)
            for block in bounds.indices where block != top && bounds[block] + margin >= (best?.gain ?? 1e-12) { scan(block) }
            return best
        }
        var leaves: [(start: Int, end: Int, split: (at: Int, gain: Double)?)] = [(0, m, bestSplit(0, m))]
        while leaves.count < maxLeaves {
            var choice: Int? = nil
            for (li, leaf) in leaves.enumerated() {
                if let s = leaf.split, choice == nil || s.gain > leaves[choice!].split!.gain { choice = li }
            }
            guard let c = choice else { break }
            let leaf = leaves[c], at = leaf.split!.at
            leaves.replaceSubrange(c...c, with: [(leaf.start, at, bestSplit(leaf.start, at)), (at, leaf.end, bestSplit(at, leaf.end))])
        }
        return leaves.dropFirst().map(\.start)
    }
}
