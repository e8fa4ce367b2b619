import Tabular

/// Finds the bins of one characteristic from data (fine classing, then coarse classing by `options.method`).
///
/// Rows with an unknown target (flag −1) are ignored. Missing values and each special group get bins of
/// their own and take no part in the search; categorical levels rarer than `rareLevelShare` of the regular rows
/// are pooled into "other". Categorical levels are ordered by bad rate (exact comparison; ties by Unicode
/// scalar order of the level) and then binned like ordered values with an ascending trend, as optbinning does.
public enum Binner {
    /// - Throws: `BinningError.infeasible` naming the constraint to relax, `.invalidSpecial`.
    public static func bin(name: String, column: Column, flags: [Int8], specials: [SpecialGroup] = [],
                           options o: BinningOptions) throws -> CharacteristicBins {
        try binCountingValues(name: name, column: column, flags: flags, specials: specials, options: o).bins
    }

    /// `bin`, plus the row count of the most frequent single non-missing value (for the identical-value rate).
    static func binCountingValues(name: String, column: Column, flags: [Int8], specials: [SpecialGroup] = [],
                                  options o: BinningOptions) throws -> (bins: CharacteristicBins, mostFrequent: Int) {
        precondition(o.preBins >= 1, "preBins must be at least 1")
        switch column {
        case .numeric(let v):
            var specialValues = Set<Double>()
            for g in specials { for code in g.codes {
                guard let x = Double(code) else { throw BinningError.invalidSpecial(characteristic: name, code: code) }
                specialValues.insert(x)
            } }
            // Goods' and bads' values sorted apart (plain Double sorts), then merged into distinct-value atoms.
            var goodValues: [Double] = [], badValues: [Double] = []
            var totalGoods = 0.0, totalBads = 0.0
            var specialCounts: [Double: Int] = [:]
            for i in v.indices where flags[i] >= 0 {
                let x = v[i], bad = flags[i] == 1
                if bad { totalBads += 1 } else { totalGoods += 1 }
                if x.isNaN { continue }
                if !specialValues.isEmpty && specialValues.contains(x) { specialCounts[x, default: 0] += 1; continue }
                if bad { badValues.append(x) } else { goodValues.append(x) }
            }
            RadixSort.sort(&goodValues); RadixSort.sort(&badValues)
            var values: [Double] = [], atoms: [ClassCounts] = []
            var gi = 0, bi = 0
            while gi < goodValues.count || bi < badValues.count {
                let x = bi == badValues.count || (gi < goodValues.count && goodValues[gi] <= badValues[bi]) ? goodValues[gi] : badValues[bi]
                var c = ClassCounts(goods: 0, bads: 0)
                while gi < goodValues.count && goodValues[gi] == x { c.goods += 1; gi += 1 }
                while bi < badValues.count && badValues[bi] == x { c.bads += 1; bi += 1 }
                values.append(x); atoms.append(c)
            }
            let mostFrequent = max(Int(atoms.map(\.count).max() ?? 0), specialCounts.values.max() ?? 0)
            return (try numericBins(name: name, values: values, atoms: atoms, totalGoods: totalGoods, totalBads: totalBads,
                                    specials: specials, options: o), mostFrequent)

        case .categorical(let c):
            var counts = [ClassCounts](repeating: ClassCounts(goods: 0, bads: 0), count: c.levels.count)
            var totalGoods = 0.0, totalBads = 0.0
            for i in c.codes.indices where flags[i] >= 0 {
                if flags[i] == 1 { totalBads += 1 } else { totalGoods += 1 }
                let code = Int(c.codes[i])
                if code < 0 { continue }
                if flags[i] == 1 { counts[code].bads += 1 } else { counts[code].goods += 1 }
            }
            return (try categoricalBins(name: name, levels: c.levels, counts: counts, totalGoods: totalGoods,
                                        totalBads: totalBads, specials: specials, options: o),
                    Int(counts.map(\.count).max() ?? 0))
        }
    }

    /// Coarse classing of ordered atoms; returns start indices (into `atoms`) of bins 1….
    static func coarse(name: String, atoms: [ClassCounts], trend: MonotonicTrend, totalGoods: Double,
                       totalBads: Double, options o: BinningOptions) throws -> [Int] {
        guard !atoms.isEmpty else { return [] }
        let nRegular = atoms.reduce(0.0) { $0 + $1.count }
        if o.method == .quantile {
            return FineClassing.boundaries(atoms, preBins: o.maxBins ?? 10)
        }
        let k = BinConstraints(
            minRows: max(1, (o.minBinShare * nRegular).rounded(.up)), minGoods: Double(o.minGoods),
            minBads: Double(o.minBads), maxBins: o.maxBins ?? Int.max, maxPValue: o.maxPValue,
            totalGoods: totalGoods, totalBads: totalBads, rule: o.zeroCountRule)
        let regularGoods = atoms.reduce(0.0) { $0 + $1.goods }, regularBads = atoms.reduce(0.0) { $0 + $1.bads }
        if regularGoods < k.minGoods {
            throw BinningError.infeasible(characteristic: name, reason: "--min-goods \(o.minGoods) but the non-missing, non-special rows have only \(Int(regularGoods)) goods", relax: "--min-goods")
        }
        if regularBads < k.minBads {
            throw BinningError.infeasible(characteristic: name, reason: "--min-bads \(o.minBads) but the non-missing, non-special rows have only \(Int(regularBads)) bads", relax: "--min-bads")
        }
        var preStarts = FineClassing.boundaries(atoms, preBins: o.preBins)
        if o.method == .optimal && atoms.count > o.preBins {
            // Add the cut points of a 20-leaf Gini tree with leaves of at least 5% of the rows (the CART
            // pre-binning of optbinning), so the exact optimum over the fine classes is at least as good as an
            // exact optimum over that pre-binning under the same constraints.
            let minLeaf = (0.05 * nRegular).rounded(.up)
            let tree = EntropyTree.bestFirstSplits(atoms, maxLeaves: 20, feasible: { $0 + $1 >= minLeaf },
                                                   impurity: EntropyTree.gini)
            preStarts = Array(Set(preStarts).union(tree)).sorted()
        }
        let pre = FineClassing.group(atoms, boundaries: preStarts)
        let starts: [Int]
        switch o.method {
        case .optimal:
            guard let s = OptimalPartition.solve(pre, trend: trend, constraints: k) else {
                throw BinningError.infeasible(characteristic: name, reason: "no partition of the \(pre.count) pre-bins meets the size constraints", relax: "--min-bin-share, --min-goods or --min-bads")
            }
            starts = s.boundaries
        case .chimerge:
            starts = ChiMerge.solve(pre, significance: o.chiMergeSignificance, constraints: k)
        case .tree:
            starts = EntropyTree.solve(pre, constraints: k)
        case .quantile, .uniform:
            starts = []
        }
        let atomStarts = [0] + preStarts
        return starts.map { atomStarts[$0] }
    }

    /// Equal-width cuts over [min, max] moved to the first data value at or above each cut, dropping empty bins.
    static func uniformStarts(_ values: [Double], atoms: [ClassCounts], bins: Int) -> [Int] {
        guard let lo = values.first, let hi = values.last, lo < hi, bins > 1 else { return [] }
        var starts: [Int] = []
        let width = (hi - lo) / Double(bins)
        for k in 1..<bins {
            let cut = lo + Double(k) * width
            guard let a = values.firstIndex(where: { $0 >= cut }), a > 0 else { continue }
            if starts.last != a { starts.append(a) }
        }
        return starts
    }
}
