import CreditTabular
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

    /// `bin`, plus the row count of the most frequent single non-missing value (for the identical-value rate)
    /// and, for a numeric column, the goods and bads of every bin of the result in its bin order (the counts
    /// `BinningTable.build` would find row by row; nil for a categorical column).
    ///
    /// With `weights` (frequency weights per row) every atom's goods and bads are sums of weights, so fine
    /// classing, the search and its constraints see a row of weight w as w rows; the counts are then left to
    /// `BinningTable.build` (nil `binCounts`, and `mostFrequent` 0).
    static func binCountingValues(name: String, column: Column, flags: [Int8], specials: [SpecialGroup] = [],
                                  options o: BinningOptions, weights: [Double]? = nil) throws -> (bins: CharacteristicBins, mostFrequent: Int,
                                                                         binCounts: (goods: [Int], bads: [Int])?) {
        precondition(o.preBins >= 1, "preBins must be at least 1")
        if let weights, case .numeric(let v) = column {
            var specialValues = Set<Double>()
            for group in specials { for code in group.codes {
                guard let x = Double(code) else { throw BinningError.invalidSpecial(characteristic: name, code: code) }
                specialValues.insert(x)
            } }
            let a = weightedAtoms(values: v, flags: flags, weights: weights, specials: specialValues)
            let (starts, trend) = try numericStarts(name: name, values: { a.values }, atoms: a.atoms,
                                                    totalGoods: a.goods, totalBads: a.bads, options: o)
            var spec = CharacteristicBins(name: name, cuts: starts.map { a.values[$0] }, specials: specials)
            spec.trend = trend
            return (spec, 0, nil)
        }
        switch column {
        case .numeric(let v):
            // Each special value goes to the first group that names it (as `BinAssigner` assigns it).
            var specialGroup: [Double: Int] = [:]
            for (g, group) in specials.enumerated() { for code in group.codes {
                guard let x = Double(code) else { throw BinningError.invalidSpecial(characteristic: name, code: code) }
                if specialGroup[x] == nil { specialGroup[x] = g }
            } }
            let a = NumericAtoms(values: v, flags: flags, specialGroup: specialGroup, specialGroups: specials.count)
            let atoms = a.atoms
            let (starts, trend) = try numericStarts(name: name, values: { atoms.indices.map(a.value) }, atoms: atoms,
                                                    totalGoods: Double(a.goods), totalBads: Double(a.bads), options: o)
            var spec = CharacteristicBins(name: name, cuts: starts.map(a.value), specials: specials)
            spec.trend = trend
            // Bin counts from the atoms: bin b holds atoms starts[b − 1]..<starts[b] (sums of whole numbers, exact).
            var binGoods = [Int](repeating: 0, count: spec.binCount), binBads = binGoods
            let bounds = [0] + starts + [atoms.count]
            for b in 0..<(bounds.count - 1) {
                var g = 0.0, d = 0.0
                for i in bounds[b]..<bounds[b + 1] { g += atoms[i].goods; d += atoms[i].bads }
                binGoods[b] = Int(g); binBads[b] = Int(d)
            }
            for g in specials.indices { binGoods[spec.regularCount + g] = a.specialGoods[g]; binBads[spec.regularCount + g] = a.specialBads[g] }
            binGoods[spec.missingIndex] = a.missingGoods; binBads[spec.missingIndex] = a.missingBads
            return (spec, a.mostFrequent, (binGoods, binBads))

        case .categorical(let c):
            var counts = [ClassCounts](repeating: ClassCounts(goods: 0, bads: 0), count: c.levels.count)
            var totalGoods = 0.0, totalBads = 0.0
            for i in c.codes.indices where flags[i] >= 0 {
                let w = weights?[i] ?? 1
                if flags[i] == 1 { totalBads += w } else { totalGoods += w }
                let code = Int(c.codes[i])
                if code < 0 { continue }
                if flags[i] == 1 { counts[code].bads += w } else { counts[code].goods += w }
            }
            return (try categoricalBins(name: name, levels: c.levels, counts: counts, totalGoods: totalGoods,
                                        totalBads: totalBads, specials: specials, options: o),
                    Int(counts.map(\.count).max() ?? 0), nil)
        }
    }

    /// The distinct regular values of a numeric column (not missing, not a special code, known target) in
    /// ascending order with the summed weights of their goods and bads, and the weights of all goods and bads
    /// with a known target (the `NumericAtoms` of frequency-weighted rows). A value whose rows all weigh 0 is
    /// not an atom (it stands for no case, as it would be absent from the rows the weights stand for).
    static func weightedAtoms(values v: [Double], flags: [Int8], weights: [Double], specials: Set<Double>)
        -> (values: [Double], atoms: [ClassCounts], goods: Double, bads: Double) {
        var goods = 0.0, bads = 0.0
        var regular: [Int] = []
        for i in flags.indices where flags[i] >= 0 {
            if flags[i] == 1 { bads += weights[i] } else { goods += weights[i] }
            if weights[i] > 0 && !v[i].isNaN && !specials.contains(v[i]) { regular.append(i) }
        }
        regular.sort { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
        var values: [Double] = [], atoms: [ClassCounts] = []
        for i in regular {
            if values.last != v[i] { values.append(v[i] + 0); atoms.append(ClassCounts(goods: 0, bads: 0)) }
            if flags[i] == 1 { atoms[atoms.count - 1].bads += weights[i] } else { atoms[atoms.count - 1].goods += weights[i] }
        }
        return (values, atoms, goods, bads)
    }

    /// Coarse classing of ordered atoms; returns start indices (into `atoms`) of bins 1….
    static func coarse(name: String, atoms: [ClassCounts], trend: MonotonicTrend, totalGoods: Double,
                       totalBads: Double, options o: BinningOptions) throws -> [Int] {
        try coarseWithTrend(name: name, atoms: atoms, trend: trend, totalGoods: totalGoods, totalBads: totalBads, options: o).starts
    }

    /// `coarse`, and the trend the optimal method's bins follow (nil for the other methods).
    static func coarseWithTrend(name: String, atoms: [ClassCounts], trend: MonotonicTrend, totalGoods: Double,
                                totalBads: Double, options o: BinningOptions) throws -> (starts: [Int], trend: MonotonicTrend?) {
        guard !atoms.isEmpty else { return ([], nil) }
        var regularGoods = 0.0, regularBads = 0.0
        for a in atoms { regularGoods += a.goods; regularBads += a.bads }
        let nRegular = regularGoods + regularBads   // whole numbers without weights: the same sum in any order
        if o.method == .quantile {
            return (FineClassing.boundaries(atoms, preBins: o.maxBins ?? 10), nil)
        }
        let k = BinConstraints(
            minRows: max(1, (o.minBinShare * nRegular).rounded(.up)), minGoods: Double(o.minGoods),
            minBads: Double(o.minBads), maxBins: o.maxBins ?? Int.max, maxPValue: o.maxPValue,
            totalGoods: totalGoods, totalBads: totalBads, rule: o.zeroCountRule)
        if regularGoods < k.minGoods {
            throw BinningError.infeasible(characteristic: name, constraint: .minGoods(required: o.minGoods, available: Int(regularGoods)))
        }
        if regularBads < k.minBads {
            throw BinningError.infeasible(characteristic: name, constraint: .minBads(required: o.minBads, available: Int(regularBads)))
        }
        var preStarts = FineClassing.boundaries(atoms, preBins: o.preBins)
        if o.method == .optimal && atoms.count > o.preBins {
            // Add the cut points of a 20-leaf Gini tree with leaves of at least 5% of the rows (the CART
            // pre-binning of optbinning), so the exact optimum over the fine classes is at least as good as an
            // exact optimum over that pre-binning under the same constraints.
            let minLeaf = (0.05 * nRegular).rounded(.up)
            let tree = EntropyTree.bestFirstSplits(atoms, maxLeaves: 20, minRows: minLeaf, impurity: EntropyTree.gini)
            preStarts = Array(Set(preStarts).union(tree)).sorted()
        }
        let pre = FineClassing.group(atoms, boundaries: preStarts)
        let starts: [Int]
        var chosen: MonotonicTrend? = nil
        switch o.method {
        case .optimal:
            if let bytes = OptimalPartition.excessBytes(pre, trend: trend, constraints: k) {
                throw BinningError.tooManyFineClasses(characteristic: name, fineClasses: pre.count, bins: o.maxBins, bytes: bytes,
                                                      limit: OptimalPartition.maximumTableBytes)
            }
            guard let s = OptimalPartition.solve(pre, trend: trend, constraints: k) else {
                throw BinningError.infeasible(characteristic: name, constraint: .sizeConstraints(preBins: pre.count))
            }
            starts = s.boundaries
            chosen = s.trend
        case .chimerge:
            starts = ChiMerge.solve(pre, significance: o.chiMergeSignificance, constraints: k)
        case .tree:
            starts = EntropyTree.solve(pre, constraints: k)
        case .quantile, .uniform:
            starts = []
        }
        let atomStarts = [0] + preStarts
        return (starts.map { atomStarts[$0] }, chosen)
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
