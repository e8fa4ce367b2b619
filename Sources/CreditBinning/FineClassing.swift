/// Goods and bads of one ordered unit (a distinct value, a categorical level, or a pre-bin).
package struct ClassCounts: Sendable, Equatable {
    package var goods: Double
    package var bads: Double
    package init(goods: Double, bads: Double) { self.goods = goods; self.bads = bads }
    package var count: Double { goods + bads }
}

/// Fine classing: ordered atoms (distinct values or sorted levels) grouped into at most `m` pre-bins of about
/// equal frequency.
///
/// Rule (deterministic, exact — no interpolation): with at most m atoms every atom is its own pre-bin;
/// otherwise, with n rows in atom order, pre-bin k (k = 1…m−1) starts at
/// the atom that holds row ⌊k·n/m⌋ (0-based), unless that is the first atom; duplicates collapse. With
/// frequency weights n is the total weight and an atom "holds" the rows of its cumulative weight. So the cut
/// points of a numeric characteristic are data values, the lower quantiles in the "lower" (type 1) sense, and a
/// value's ties never straddle two pre-bins. For the optimal method, the cut points of a 20-leaf Gini tree with
/// leaves of at least 5% of the rows (optbinning's CART pre-binning) are added to the grid (see `Binner`).
package enum FineClassing {
    /// Start indices (into `atoms`) of pre-bins 1…; pre-bin 0 starts at atom 0.
    package static func boundaries(_ atoms: [ClassCounts], preBins m: Int) -> [Int] {
        precondition(m >= 1, "preBins must be at least 1")
        // Row counts, or sums of frequency weights: whole-number sums below 2⁵³ are exact, and then ⌊k·n/m⌋
        // below is the integer quotient, so weight w and w repeated rows give the same pre-bins.
        var n = 0.0
        for a in atoms { n += a.count }
        guard n > 0, m > 1 else { return [] }
        if atoms.count <= m { return Array(atoms.indices.dropFirst()) }
        var result: [Int] = []
        var atom = 0, before = 0.0   // rows (weight) in atoms < atom
        for k in 1..<m {
            let t = (Double(k) * n / Double(m)).rounded(.down)
            while atom < atoms.count - 1 && before + atoms[atom].count <= t { before += atoms[atom].count; atom += 1 }
            if atom > 0 && result.last != atom { result.append(atom) }
        }
        return result
    }

    /// Sums atoms into the groups that start at `boundaries`.
    package static func group(_ atoms: [ClassCounts], boundaries: [Int]) -> [ClassCounts] {
        let starts = [0] + boundaries, ends = boundaries + [atoms.count]
        return zip(starts, ends).map { s, e in
            var c = ClassCounts(goods: 0, bads: 0)
            for a in s..<e { c.goods += atoms[a].goods; c.bads += atoms[a].bads }
            return c
        }
    }
}

/// Size constraints every regular bin must meet.
struct BinConstraints {
    var minRows: Double
    var minGoods: Double
    var minBads: Double
    var maxBins: Int
    var maxPValue: Double?
    var totalGoods: Double
    var totalBads: Double
    var rule: ZeroCountRule

    @inline(__always) func feasible(_ g: Double, _ b: Double) -> Bool {
        g + b >= minRows && g >= minGoods && b >= minBads
    }
    /// IV contribution used as the objective (the `.allCells` rule is optimised as zero-cells-only with its α).
    @inline(__always) func iv(_ g: Double, _ b: Double) -> Double {
        let rule: ZeroCountRule
        switch self.rule { case .allCells(let a): rule = .zeroCellsOnly(a); default: rule = self.rule }
        return WeightOfEvidence.bin(goods: g, bads: b, totalGoods: totalGoods, totalBads: totalBads, bins: 1, rule: rule).iv
    }
}

/// Two-sided p-value of the pooled two-proportion z-test of the bad rates of two bins (optbinning's
/// neighbour test): z = (p₁ − p₂)/√(p̄(1 − p̄)(1/n₁ + 1/n₂)), p = erfc(|z|/√2). 1 when p̄ is 0 or 1.
func twoProportionPValue(_ b1: Double, _ n1: Double, _ b2: Double, _ n2: Double) -> Double {
    let p = (b1 + b2) / (n1 + n2)
    let v = p * (1 - p) * (1 / n1 + 1 / n2)
    guard v > 0 else { return 1 }
    let z = (b1 / n1 - b2 / n2) / v.squareRoot()
    return erfc(abs(z) / 2.0.squareRoot())
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
