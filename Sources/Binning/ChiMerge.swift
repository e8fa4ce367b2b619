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
        bestFirstSplits(pre, maxLeaves: k.maxBins, feasible: k.feasible, impurity: entropy)
    }

    /// Gini impurity 2p(1 − p) of a node with g goods and b bads.
    static func gini(_ g: Double, _ b: Double) -> Double {
        let n = g + b
        return n > 0 ? 2 * (g / n) * (b / n) : 0
    }

    /// Best-first binary splitting (as scikit-learn's `max_leaf_nodes` builder): each leaf's best split
    /// maximises n·I(leaf) − n_l·I(left) − n_r·I(right) among splits whose sides are both feasible (leftmost on
    /// ties); the leaf with the largest positive decrease is split next (leftmost on ties). Each leaf's best split
    /// is computed once. Returns start indices of leaves 1….
    /// - Complexity: O(maxLeaves · m).
    static func bestFirstSplits(_ pre: [ClassCounts], maxLeaves: Int, feasible: (Double, Double) -> Bool,
                                impurity: (Double, Double) -> Double) -> [Int] {
        let m = pre.count
        var G = [Double](repeating: 0, count: m + 1), B = G
        for i in 0..<m { G[i + 1] = G[i] + pre[i].goods; B[i + 1] = B[i] + pre[i].bads }
        func bestSplit(_ s: Int, _ e: Int) -> (at: Int, gain: Double)? {
            let g = G[e] - G[s], b = B[e] - B[s]
            let parent = (g + b) * impurity(g, b)
            var best: (Int, Double)? = nil
            for t in (s + 1)..<max(s + 1, e) {
                let lg = G[t] - G[s], lb = B[t] - B[s], rg = g - lg, rb = b - lb
                guard feasible(lg, lb), feasible(rg, rb) else { continue }
                let gain = parent - (lg + lb) * impurity(lg, lb) - (rg + rb) * impurity(rg, rb)
                if gain > 1e-12 && (best == nil || gain > best!.1) { best = (t, gain) }
            }
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
