import Foundation
import CreditTabular
import CreditSupport
/// Which characteristics to keep after binning (each filter off when nil).
public struct SelectionCriteria: Sendable, Codable, Equatable {
    /// Drop characteristics with IV below this.
    public var minIV: Double?
    /// Drop characteristics with a larger missing rate.
    public var maxMissingRate: Double?
    /// Drop characteristics whose most frequent value has a larger share.
    public var maxIdenticalRate: Double?
    /// Of two characteristics whose WoE-coded columns correlate (|Pearson r|) above this, keep the higher IV.
    public var maxCorrelation: Double?
    /// Then, while the largest variance inflation factor of the kept WoE columns exceeds this, drop that one.
    public var maxVIF: Double?
    public init(minIV: Double? = nil, maxMissingRate: Double? = nil, maxIdenticalRate: Double? = nil,
                maxCorrelation: Double? = nil, maxVIF: Double? = nil) {
        self.minIV = minIV; self.maxMissingRate = maxMissingRate; self.maxIdenticalRate = maxIdenticalRate
        self.maxCorrelation = maxCorrelation; self.maxVIF = maxVIF
    }
}

/// One row of the IV ranking.
public struct RankingRow: Sendable, Codable, Equatable {
    public var name: String
    public var informationValue: Double
    public var ks: Double
    public var gini: Double
    public var missingRate: Double
    public var identicalRate: Double
    /// Regular bins (missing, special and other bins not counted).
    public var bins: Int
    public var selected: Bool
    /// Why it was dropped ("IV 0.004 < 0.02", "correlated with age (r = 0.81)", "VIF 12.3 > 10").
    public var reason: String?
}

/// The result of binning many characteristics.
public struct BinningResult: Sendable, Codable, Equatable {
    public var spec: BinsSpec
    public var tables: [BinningTable]
    /// Sorted by IV, highest first (ties: column order).
    public var ranking: [RankingRow]
    /// Rows whose target is missing or unrecognised (left out, counted).
    public var rowsWithoutTarget: Int
    public var selected: [String] { ranking.filter(\.selected).map(\.name) }
}

/// Bins every characteristic of a table (or applies a spec), ranks them by IV and applies the selection filters.
public struct BinningProcess: Sendable {
    public var options: BinningOptions
    /// Special groups per column (`--special COL=CODE[,CODE...]`, one group per occurrence).
    public var specials: [String: [SpecialGroup]]
    public var selection: SelectionCriteria
    /// Per-characteristic trend (`--trend COL=TREND`), in place of `options.trend` for that column.
    public var trends: [String: MonotonicTrend] = [:]
    /// Per-characteristic bins given by hand (`--cuts COL=a,b`, `--groups COL=a|b,c`): counted, not searched.
    /// Their special groups are `specials[name]`; a `trends` entry for the column becomes their declared trend,
    /// so a table whose bad rates break it is flagged (`BinningTable.breaksTrend`).
    public var fixed: [String: CharacteristicBins] = [:]

    public init(options: BinningOptions = BinningOptions(), specials: [String: [SpecialGroup]] = [:],
                selection: SelectionCriteria = SelectionCriteria()) {
        self.options = options; self.specials = specials; self.selection = selection
    }

    /// The options of characteristic `name`: `options` with its `trends` entry.
    public func options(for name: String) -> BinningOptions {
        var o = options
        if let t = trends[name] { o.trend = t }
        return o
    }

    /// The hand-given bins of `name` with its special groups and declared trend, or nil.
    public func fixedBins(_ name: String) -> CharacteristicBins? {
        guard var c = fixed[name] else { return nil }
        c.specials = specials[name] ?? []
        c.trend = trends[name]
        if c.type == .categorical { c.unseen = c.unseen ?? options.unseenLevels }
        return c
    }

    /// - Parameters:
    ///   - columns: characteristics in order (default: every column except the target).
    ///   - spec: bins to apply instead of searching (its options replace `options`).
    ///   - weights: frequency weights per table row (`BinningWeights.read`): every good and bad count of the
    ///     fine classing, the search, its constraints, the WoE, IV, strength and rates is a sum of weights, so a
    ///     row of weight w counts as w rows; the correlation and VIF filters use weighted correlations. Row
    ///     counts are kept beside the sums (`BinRow.count`, `.weightedGoods`).
    public func run(table: Table, target: String, bad: String, columns: [String]? = nil,
                    spec: BinsSpec? = nil, weights: [Double]? = nil) throws -> BinningResult {
        let flags = try TargetCoding.flags(table: table, target: target, bad: bad)
        let o = spec?.options ?? options
        let names = spec?.characteristics.map(\.name) ?? columns ?? table.columnNames.filter { $0 != target }
        for name in names where table[name] == nil { throw BinningError.missingColumn(name) }
        // Characteristics are independent: bin them on all cores; results land in their own slots, and the
        // first error in column order is thrown, so the outcome does not depend on scheduling.
        let slots = ResultSlots<(CharacteristicBins, BinningTable)>(count: names.count)
        Concurrency.perform(iterations: names.count) { j in
            slots.set(j, Result {
                let column = table[names[j]]!
                if let spec {
                    let c = spec.characteristics[j]
                    return (c, try BinningTable.build(spec: c, column: column, flags: flags, options: o, weights: weights))
                }
                if let c = fixedBins(names[j]) {
                    try c.validate()
                    return (c, try BinningTable.build(spec: c, column: column, flags: flags, options: o, weights: weights))
                }
                let (c, frequent, counts) = try Binner.binCountingValues(name: names[j], column: column, flags: flags,
                                                                         specials: specials[names[j]] ?? [], options: options(for: names[j]),
                                                                         weights: weights)
                if let counts {
                    // The binner counted every bin already (from its sorted atoms): no second pass over the rows.
                    try c.validate()
                    return (c, BinningTable.make(spec: c, goods: counts.goods, bads: counts.bads, mostFrequent: frequent, options: o))
                }
                return (c, try BinningTable.build(spec: c, column: column, flags: flags, options: o, mostFrequent: frequent,
                                                  weights: weights))
            })
        }
        var characteristics: [CharacteristicBins] = [], tables: [BinningTable] = []
        for r in slots.values {
            let (c, t) = try r!.get()
            characteristics.append(c); tables.append(t)
        }
        let ranking = try rank(tables: tables, specs: characteristics, table: table, flags: flags, weights: weights)
        return BinningResult(spec: BinsSpec(target: target, bad: bad, options: o, characteristics: characteristics),
                             tables: tables, ranking: ranking, rowsWithoutTarget: flags.filter { $0 < 0 }.count)
    }

    func rank(tables: [BinningTable], specs: [CharacteristicBins], table: Table, flags: [Int8],
              weights: [Double]? = nil) throws -> [RankingRow] {
        let order = tables.indices.sorted { tables[$0].informationValue > tables[$1].informationValue
            || (tables[$0].informationValue == tables[$1].informationValue && $0 < $1) }
        var rows = order.map { i -> RankingRow in
            let t = tables[i]
            return RankingRow(name: t.name, informationValue: t.informationValue, ks: t.ks, gini: t.gini,
                              missingRate: t.missingRate, identicalRate: t.identicalRate, bins: t.bins.filter { $0.kind == "regular" }.count,
                              selected: true, reason: nil)
        }
        let s = selection
        for r in rows.indices {
            if let v = s.minIV, rows[r].informationValue < v {
                rows[r].selected = false; rows[r].reason = "IV \(fmt(rows[r].informationValue)) < \(fmt(v))"
            } else if let v = s.maxMissingRate, rows[r].missingRate > v {
                rows[r].selected = false; rows[r].reason = "missing rate \(fmt(rows[r].missingRate)) > \(fmt(v))"
            } else if let v = s.maxIdenticalRate, rows[r].identicalRate > v {
                rows[r].selected = false; rows[r].reason = "identical-value rate \(fmt(rows[r].identicalRate)) > \(fmt(v))"
            }
        }
        guard s.maxCorrelation != nil || s.maxVIF != nil else { return rows }
        // WoE-coded columns over the rows with a known target, in ranking order.
        let used = flags.indices.filter { flags[$0] >= 0 }
        let w = weights.map { w in used.map { w[$0] } }
        var woeColumns: [String: [Double]] = [:]
        for (t, spec) in zip(tables, specs) where rows.contains(where: { $0.name == t.name && $0.selected }) {
            let a = try BinAssigner(spec: spec, column: table[spec.name]!)
            let woe = t.woes
            woeColumns[t.name] = used.map { woe[a.countedBin($0)] }
        }
        if let maxR = s.maxCorrelation {
            var kept: [Int] = []
            for r in rows.indices where rows[r].selected {
                let x = woeColumns[rows[r].name]!
                if let k = kept.first(where: { abs(pearson(x, woeColumns[rows[$0].name]!, weights: w)) > maxR }) {
                    let rv = pearson(x, woeColumns[rows[k].name]!, weights: w)
                    rows[r].selected = false
                    rows[r].reason = "correlated with \(rows[k].name) (r = \(fmt(rv))) > \(fmt(maxR))"
                } else { kept.append(r) }
            }
        }
        if let maxV = s.maxVIF {
            while true {
                let kept = rows.indices.filter { rows[$0].selected }
                guard kept.count > 1 else { break }
                let vifs = varianceInflation(kept.map { woeColumns[rows[$0].name]! }, weights: w)
                // Largest VIF; ties drop the weaker (later in the ranking).
                var worst = 0
                for i in vifs.indices where vifs[i] >= vifs[worst] { worst = i }
                guard vifs[worst] > maxV else { break }
                rows[kept[worst]].selected = false
                rows[kept[worst]].reason = "VIF \(fmt(vifs[worst])) > \(fmt(maxV))"
            }
        }
        return rows
    }

    private func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "inf" }
}

/// Pearson correlation (0 when either column is constant); with `weights`, the frequency-weighted correlation
/// (weighted means and cross-products, numpy `cov(x, y, fweights=w)` normalised).
package func pearson(_ x: [Double], _ y: [Double], weights: [Double]? = nil) -> Double {
    if let w = weights {
        var sw = 0.0, sx = 0.0, sy = 0.0
        for i in x.indices { sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i] }
        guard sw > 0 else { return 0 }
        let mx = sx / sw, my = sy / sw
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { let a = x[i] - mx, b = y[i] - my; sxy += w[i] * a * b; sxx += w[i] * a * a; syy += w[i] * b * b }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices { let a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b }
    return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
}

/// Variance inflation factors VIF_j = 1/(1 − R²_j) = (R⁻¹)_jj, R the correlation matrix (Gauss–Jordan with
/// partial pivoting); +∞ for a column that is a linear combination of the others.
package func varianceInflation(_ columns: [[Double]], weights: [Double]? = nil) -> [Double] {
    let p = columns.count
    var a = [[Double]](repeating: [Double](repeating: 0, count: 2 * p), count: p)
    for i in 0..<p {
        for j in i..<p { let r = i == j ? 1 : pearson(columns[i], columns[j], weights: weights); a[i][j] = r; a[j][i] = r }
        a[i][p + i] = 1
    }
    for c in 0..<p {
        var piv = c
        for r in c..<p where abs(a[r][c]) > abs(a[piv][c]) { piv = r }
        if abs(a[piv][c]) < 1e-12 { return (0..<p).map { _ in .infinity } }
        a.swapAt(c, piv)
        let d = a[c][c]
        for j in 0..<(2 * p) { a[c][j] /= d }
        for r in 0..<p where r != c {
            let f = a[r][c]
            if f != 0 { for j in 0..<(2 * p) { a[r][j] -= f * a[c][j] } }
        }
    }
    return (0..<p).map { a[$0][p + $0] }
}

/// Per-index results written from concurrent workers (each index written once, read after all finish).
final class ResultSlots<T>: @unchecked Sendable {
    private var storage: [Result<T, any Error>?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<T, any Error>) { lock.lock(); storage[i] = value; lock.unlock() }
    var values: [Result<T, any Error>?] { lock.lock(); defer { lock.unlock() }; return storage }
}
