import Foundation
import CreditTabular
extension Binner {
    /// The bins of a numeric characteristic from its ordered atoms: `values[i]` is the smallest value of atom i
    /// (ascending) and `atoms[i]` its goods and bads. The same coarse classing as `bin(name:column:…)` after
    /// it has formed its atoms, so distinct-value atoms give the same bins as the in-memory path.
    package static func numericBins(name: String, values: [Double], atoms: [ClassCounts], totalGoods: Double,
                                   totalBads: Double, specials: [SpecialGroup], options o: BinningOptions) throws -> CharacteristicBins {
        let (starts, trend) = try numericStarts(name: name, values: { values }, atoms: atoms, totalGoods: totalGoods,
                                                totalBads: totalBads, options: o)
        var bins = CharacteristicBins(name: name, cuts: starts.map { values[$0] }, specials: specials)
        bins.trend = trend
        return bins
    }

    /// `numericBins` as the start indices (into `atoms`) of bins 1…; `values` is called only when the method
    /// needs every atom's value (uniform).
    static func numericStarts(name: String, values: () -> [Double], atoms: [ClassCounts], totalGoods: Double,
                              totalBads: Double, options o: BinningOptions) throws -> (starts: [Int], trend: MonotonicTrend?) {
        if o.method == .uniform {
            return (uniformStarts(values(), atoms: atoms, bins: o.maxBins ?? 10), nil)
        }
        return try coarseWithTrend(name: name, atoms: atoms, trend: o.trend, totalGoods: totalGoods, totalBads: totalBads, options: o)
    }

    /// The bins of a categorical characteristic from its goods and bads per level (levels without rows allowed),
    /// as `bin(name:column:…)` finds them.
    package static func categoricalBins(name: String, levels: [String], counts: [ClassCounts], totalGoods: Double,
                                       totalBads: Double, specials: [SpecialGroup], options o: BinningOptions) throws -> CharacteristicBins {
        let specialCodes = Set(specials.flatMap(\.codes))
        let regular = levels.indices.filter { counts[$0].count > 0 && !specialCodes.contains(levels[$0]) }
        let nRegular = regular.reduce(0.0) { $0 + counts[$1].count }
        let rare = regular.filter { counts[$0].count < o.rareLevelShare * nRegular }
        let rareSet = Set(rare)
        let kept = regular.filter { !rareSet.contains($0) }.sorted { a, b in
            let ra = counts[a].bads * counts[b].count, rb = counts[b].bads * counts[a].count
            if ra != rb { return ra < rb }
            return levels[a].unicodeScalars.lexicographicallyPrecedes(levels[b].unicodeScalars) { $0.value < $1.value }
        }
        let atoms = kept.map { counts[$0] }
        let starts: [Int]
        if o.method == .quantile || o.method == .uniform {
            starts = Array(atoms.indices.dropFirst())
        } else {
            starts = try coarse(name: name, atoms: atoms, trend: o.trend == .none ? .none : .ascending,
                                totalGoods: totalGoods, totalBads: totalBads, options: o)
        }
        let bounds = [0] + starts, ends = starts + [atoms.count]
        let groups = atoms.isEmpty ? [] : zip(bounds, ends).map { s, e in kept[s..<e].map { levels[$0] } }
        let other = rare.map { levels[$0] }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
        return CharacteristicBins(name: name, groups: groups, other: other, specials: specials, unseen: o.unseenLevels)
    }
}

/// `BinningProcess.run` for data in a `ColumnarCache`: every characteristic is binned from counts, reading
/// the cache a chunk at a time, so memory does not grow with the row count.
///
/// Numeric characteristic, first pass: the goods and bads of every distinct regular value (not missing, not
/// special, known target) are counted while there are at most `sketchCapacity` distinct values, and every
/// regular value also enters a `QuantileSketch`. When the distinct values fit (whatever the row count), the
/// atoms are exactly those of the in-memory `Binner`, so the bins, counts and WoE are identical. Otherwise a
/// second pass finds the exact values at the equal-frequency ranks the fine classing cuts at (⌊k·n/m⌋ for the
/// pre-bins and, for the quantile method, the bins: an exact-selection window around each sketch quantile),
/// and a third pass counts goods and bads exactly per cell [g_j, g_{j+1}) of a grid made of those values, the
/// column's minimum and `gridSize` sketch quantiles. The fine and coarse classing then run on these cells: the
/// equal-frequency pre-bins (and quantile-method bins) are exactly the in-memory ones, but the optimal method's
/// tree cuts are searched among grid values only, so its bins can differ from the in-memory ones.
/// Categorical characteristics: exact goods and bads per level code in one pass.
///
/// The identical-value rate is exact when the distinct values fit; on a grid it counts the rows equal to grid
/// values, exact for any value more frequent than a cell (such a value is always a grid value).
/// Not supported here: the `maxCorrelation` and `maxVIF` selection filters (they need the WoE columns whole).
package struct CacheBinning: Sendable {
    package var process: BinningProcess
    package var sketchCapacity: Int
    package var gridSize: Int
    package var chunkRows: Int

    package init(process: BinningProcess, sketchCapacity: Int = 200_000, gridSize: Int = 4096, chunkRows: Int = 65_536) {
        self.process = process; self.sketchCapacity = max(2, sketchCapacity); self.gridSize = max(2, gridSize)
        self.chunkRows = max(1, chunkRows)
    }

    /// The coding of the target column: rows with a missing target are unknown (−1).
    package struct TargetReader: Sendable {
        package let column: Int
        let target: BinaryTarget
        /// Flags (1 bad, 0 good, −1 unknown) of cache rows `rows` into `flags`.
        package func flags(_ cache: ColumnarCache, rows: Range<Int>, buffer: UnsafeMutablePointer<Double>,
                          into flags: UnsafeMutablePointer<Int8>) throws {
            try cache.read(column: column, rows: rows, into: buffer)
            for i in 0..<rows.count { flags[i] = target.flag(cell: buffer[i]) }
        }
    }

    /// Checks the target as `TargetCoding.flags` does (one pass) and returns its reader and the unknown count.
    package static func target(cache: ColumnarCache, target: String, bad: String, chunkRows: Int) throws -> (TargetReader, unknown: Int) {
        guard let t = cache.columnIndex(named: target) else { throw BinningError.missingColumn(target) }
        let reading = BinaryTarget(bad: bad, numeric: cache.columnTypes[t] == .numeric, levels: cache.levels[t])
        let reader = TargetReader(column: t, target: reading)
        let n = cache.rowCount, chunk = max(1, min(chunkRows, max(n, 1)))
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var values = BinaryTarget.Values(levels: reading.levels.count)
        var unknown = 0
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            try cache.read(column: t, rows: start..<(start + m), into: buffer)
            for i in 0..<m {
                let flag = reading.flag(cell: buffer[i])
                if flag < 0 { unknown += 1 } else { values.add(cell: buffer[i], flag: flag, of: reading) }
            }
            start += m
        }
        try values.checkBinary(column: target, target: reading)
        return (reader, unknown)
    }

    /// Bins `columns` (default: every cached column except the target). Correlation and VIF filters throw
    /// `BinningError.invalidSpec`.
    package func run(cache: ColumnarCache, target: String, bad: String, columns: [String]? = nil) throws -> BinningResult {
        let o = process.options
        if process.selection.maxCorrelation != nil || process.selection.maxVIF != nil {
            throw BinningError.invalidSpec("the correlation and VIF filters are not available out of core")
        }
        if let name = process.fixed.keys.sorted().first {
            throw BinningError.invalidSpec("\(name): bins given by hand (--cuts, --groups) are not available out of core; write a spec with them and give it with --bins")
        }
        let (reader, unknown) = try Self.target(cache: cache, target: target, bad: bad, chunkRows: chunkRows)
        let names = columns ?? cache.columnNames.filter { $0 != target }
        var indices: [Int] = []
        for name in names {
            guard let j = cache.columnIndex(named: name) else { throw BinningError.missingColumn(name) }
            indices.append(j)
        }
        let columnIndices = indices
        let slots = ResultSlots<(CharacteristicBins, BinningTable)>(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { k in
            slots.set(k, Result {
                try binColumn(cache: cache, column: columnIndices[k], reader: reader,
                              specials: process.specials[names[k]] ?? [], options: process.options(for: names[k]))
            })
        }
        var characteristics: [CharacteristicBins] = [], tables: [BinningTable] = []
        for r in slots.values {
            let (c, t) = try r!.get()
            characteristics.append(c); tables.append(t)
        }
        let ranking = try process.rank(tables: tables, specs: characteristics,
                                       table: Table(source: cache.source, columnNames: [], columns: [], lineNumbers: [], delimiter: 44),
                                       flags: [])
        return BinningResult(spec: BinsSpec(target: target, bad: bad, options: o, characteristics: characteristics),
                             tables: tables, ranking: ranking, rowsWithoutTarget: unknown)
    }

    /// Streams cache column `column` (and the target) in chunks, calling `body(values, flags, count)`.
    private func stream(_ cache: ColumnarCache, column: Int, reader: TargetReader,
                        _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int8>, Int) throws -> Void) throws {
        let n = cache.rowCount, chunk = max(1, min(chunkRows, max(n, 1)))
        let values = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        let flags = UnsafeMutablePointer<Int8>.allocate(capacity: chunk)
        defer { values.deallocate(); scratch.deallocate(); flags.deallocate() }
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            try reader.flags(cache, rows: start..<(start + m), buffer: scratch, into: flags)
            try cache.read(column: column, rows: start..<(start + m), into: values)
            try body(values, flags, m)
            start += m
        }
    }

    /// The 0-based ranks ⌊k·n/m⌋ (k = 1…m−1) at which `FineClassing.boundaries` cuts, for m = the pre-bins and,
    /// for the quantile method, the bin count.
    static func equalFrequencyRanks(n: Int, options o: BinningOptions) -> [Int] {
        var ms = [o.preBins]
        if o.method == .quantile { ms.append(o.maxBins ?? 10) }
        var ranks = Set<Int>()
        for m in ms where m > 1 { for k in 1..<m { ranks.insert((k * n) / m) } }
        return ranks.sorted()
    }

    /// The exact values at 0-based `ranks` (sorted) among the regular values, in one pass: the sketch brackets
    /// each rank r by lo = q(r − ε − 1) ≤ value(r) ≤ hi = q(r + ε + 1) (ε its rank-error bound), and the pass counts
    /// the values below lo and equal to lo or hi and keeps those strictly between (at most 4ε + 1 per rank).
    func exactQuantiles(_ cache: ColumnarCache, column: Int, reader: TargetReader, specialIndex: [Double: Int],
                        sketch: QuantileSketch, ranks: [Int]) throws -> [Double] {
        let n = sketch.count, eps = sketch.rankErrorBound
        guard !ranks.isEmpty, n > 0 else { return [] }
        let los = sketch.quantiles(ranks: ranks.map { max(0, $0 - eps - 1) })
        let his = sketch.quantiles(ranks: ranks.map { min(n - 1, $0 + eps + 1) })
        let w = ranks.count
        var belowHistogram = [Int](repeating: 0, count: w + 1)   // [k]: values x with lo[k−1] ≤ x < lo[k] (lo[−1] = −∞)
        var equalLo = [Int](repeating: 0, count: w), equalHi = equalLo
        var inside = [[Double]](repeating: [], count: w)
        try stream(cache, column: column, reader: reader) { v, f, m in
            for i in 0..<m where f[i] >= 0 {
                let x = v[i]
                if x.isNaN || (!specialIndex.isEmpty && specialIndex[x] != nil) { continue }
                // First window whose lo exceeds x: x is below lo of that window and all later ones.
                var a = 0, b = w
                while a < b { let mid = (a + b) >> 1; if los[mid] <= x { a = mid + 1 } else { b = mid } }
                belowHistogram[a] += 1
                // Windows with lo ≤ x ≤ hi: a contiguous run ending at a − 1 (los and his are ascending).
                var k = a - 1
                while k >= 0 && his[k] >= x {
                    if x == los[k] { equalLo[k] += 1 } else if x == his[k] { equalHi[k] += 1 } else { inside[k].append(x) }
                    k -= 1
                }
            }
        }
        var result: [Double] = []
        var below = 0
        for k in 0..<w {
            below += belowHistogram[k]   // values < lo[k]
            var j = ranks[k] - below
            if j < equalLo[k] { result.append(los[k]); continue }
            j -= equalLo[k]
            inside[k].sort()
            if j < inside[k].count { result.append(inside[k][j]); continue }
            result.append(his[k])
        }
        return result
    }

    func binColumn(cache: ColumnarCache, column: Int, reader: TargetReader, specials: [SpecialGroup],
                   options o: BinningOptions) throws -> (CharacteristicBins, BinningTable) {
        let name = cache.columnNames[column]
        var totalGoods = 0, totalBads = 0
        if cache.columnTypes[column] == .categorical {
            let levels = cache.levels[column]
            var goods = [Int](repeating: 0, count: levels.count), bads = goods
            var missingGoods = 0, missingBads = 0
            try stream(cache, column: column, reader: reader) { v, f, m in
                for i in 0..<m where f[i] >= 0 {
                    let code = Int(v[i]), bad = f[i] == 1
                    if code < 0 { if bad { missingBads += 1 } else { missingGoods += 1 }; continue }
                    if bad { bads[code] += 1 } else { goods[code] += 1 }
                }
            }
            totalGoods = goods.reduce(missingGoods, +); totalBads = bads.reduce(missingBads, +)
            let counts = levels.indices.map { ClassCounts(goods: Double(goods[$0]), bads: Double(bads[$0])) }
            let spec = try Binner.categoricalBins(name: name, levels: levels, counts: counts, totalGoods: Double(totalGoods),
                                                  totalBads: Double(totalBads), specials: specials, options: o)
            try spec.validate()
            var binGoods = [Int](repeating: 0, count: spec.binCount), binBads = binGoods
            let rule = spec.rule
            for (l, level) in levels.enumerated() {
                let b = rule.counted(rule.bin(level: level))
                binGoods[b] += goods[l]; binBads[b] += bads[l]
            }
            binGoods[spec.missingIndex] += missingGoods; binBads[spec.missingIndex] += missingBads
            let mostFrequent = levels.indices.map { goods[$0] + bads[$0] }.max() ?? 0
            return (spec, BinningTable.make(spec: spec, goods: binGoods, bads: binBads, mostFrequent: mostFrequent, options: o))
        }

        var specialIndex: [Double: Int] = [:]
        for (g, group) in specials.enumerated() { for code in group.codes {
            guard let x = Double(code) else { throw BinningError.invalidSpecial(characteristic: name, code: code) }
            if specialIndex[x] == nil { specialIndex[x] = g }
        } }
        // Pass 1: exact counts per distinct value while they fit, and the sketch.
        var exact: [Double: (goods: Int, bads: Int)]? = [:]
        var sketch = QuantileSketch(capacity: sketchCapacity)
        var specialGoods = [Int](repeating: 0, count: specials.count), specialBads = specialGoods
        var specialValueCounts: [Double: Int] = [:]
        var missingGoods = 0, missingBads = 0
        var minimum = Double.infinity
        try stream(cache, column: column, reader: reader) { v, f, m in
            for i in 0..<m where f[i] >= 0 {
                let x = v[i], bad = f[i] == 1
                if bad { totalBads += 1 } else { totalGoods += 1 }
                if x.isNaN { if bad { missingBads += 1 } else { missingGoods += 1 }; continue }
                if !specialIndex.isEmpty, let g = specialIndex[x] {
                    if bad { specialBads[g] += 1 } else { specialGoods[g] += 1 }
                    specialValueCounts[x, default: 0] += 1
                    continue
                }
                sketch.insert(x)
                if x < minimum { minimum = x }
                if exact != nil {
                    if bad { exact![x, default: (0, 0)].bads += 1 } else { exact![x, default: (0, 0)].goods += 1 }
                    if exact!.count > sketchCapacity { exact = nil }
                }
            }
        }
        var values: [Double], atoms: [ClassCounts], mostFrequent: Int
        if let exact {
            values = exact.keys.sorted()
            atoms = values.map { let c = exact[$0]!; return ClassCounts(goods: Double(c.goods), bads: Double(c.bads)) }
            mostFrequent = Int(atoms.map(\.count).max() ?? 0)
        } else {
            // Grid of sketch quantiles and exact equal-frequency cuts (pass 2); pass 3 counts each cell exactly.
            let n = sketch.count
            let ranks = (1..<gridSize).map { Int((Double($0) * Double(n) / Double(gridSize)).rounded(.down)) }
            var grid = [minimum] + sketch.quantiles(ranks: Array(ranks))
            // The equal-frequency cut points the fine classing (and the quantile method) will ask for, made exact.
            grid += try exactQuantiles(cache, column: column, reader: reader, specialIndex: specialIndex, sketch: sketch,
                                       ranks: Self.equalFrequencyRanks(n: n, options: o))
            grid.sort()
            var unique: [Double] = []
            for x in grid where unique.last != x { unique.append(x) }
            values = unique
            var goods = [Int](repeating: 0, count: values.count), bads = goods, equal = goods
            var below = (goods: 0, bads: 0)
            try stream(cache, column: column, reader: reader) { v, f, m in
                for i in 0..<m where f[i] >= 0 {
                    let x = v[i]
                    if x.isNaN || (!specialIndex.isEmpty && specialIndex[x] != nil) { continue }
                    var lo = 0, hi = values.count
                    while lo < hi { let mid = (lo + hi) >> 1; if values[mid] <= x { lo = mid + 1 } else { hi = mid } }
                    let cell = lo - 1
                    if cell < 0 { if f[i] == 1 { below.bads += 1 } else { below.goods += 1 }; continue }
                    if f[i] == 1 { bads[cell] += 1 } else { goods[cell] += 1 }
                    if values[cell] == x { equal[cell] += 1 }
                }
            }
            // Values below the first grid value (the sketch may have compacted the minimum away) join cell 0.
            goods[0] += below.goods; bads[0] += below.bads
            atoms = values.indices.map { ClassCounts(goods: Double(goods[$0]), bads: Double(bads[$0])) }
            mostFrequent = equal.max() ?? 0
        }
        mostFrequent = max(mostFrequent, specialValueCounts.values.max() ?? 0)
        let spec = try Binner.numericBins(name: name, values: values, atoms: atoms, totalGoods: Double(totalGoods),
                                          totalBads: Double(totalBads), specials: specials, options: o)
        try spec.validate()
        // Bin counts from the atoms (every atom lies inside one bin: cut points are atom starts).
        let cuts = spec.cuts ?? []
        var binGoods = [Int](repeating: 0, count: spec.binCount), binBads = binGoods
        var b = 0
        for (a, x) in values.enumerated() {
            while b < cuts.count && cuts[b] <= x { b += 1 }
            binGoods[b] += Int(atoms[a].goods); binBads[b] += Int(atoms[a].bads)
        }
        for g in specials.indices { binGoods[spec.regularCount + g] = specialGoods[g]; binBads[spec.regularCount + g] = specialBads[g] }
        binGoods[spec.missingIndex] = missingGoods; binBads[spec.missingIndex] = missingBads
        return (spec, BinningTable.make(spec: spec, goods: binGoods, bads: binBads, mostFrequent: mostFrequent, options: o))
    }
}
