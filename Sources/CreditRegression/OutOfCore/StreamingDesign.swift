import CreditBinning
import Foundation
import CreditTabular
/// The design of `Design.build`, for data held in a `ColumnarCache` instead of memory: the same target
/// coding, listwise deletion, predictor kinds, reference levels, constant columns and coding, found in one
/// streaming pass over the cache. The design matrix itself is never formed whole: `block(rows:…)` codes the
/// usable rows of a range of cache rows into a caller buffer.
///
/// What differs from `Design`: the dropped rows are counted per first offending column (`droppedByColumn`)
/// rather than listed with their lines.
public struct StreamingDesign: Sendable {
    public let coding: DesignCoding
    public let cache: ColumnarCache
    /// Rows in the input file.
    public var rowsInFile: Int { cache.rowCount }
    /// Rows used (target and every predictor present).
    public let rowsUsed: Int
    /// Of those, rows with the bad value.
    public let events: Int
    /// Rows left out, by the first column in which they miss a value (the target first).
    public let droppedByColumn: [String: Int]
    public var rowsDropped: Int { droppedByColumn.values.reduce(0, +) }
    /// Predictors left out because they are constant over the usable rows.
    public let constantColumns: [String]
    public var terms: [Term] { coding.terms }

    /// How each term block reads its cache column.
    struct Slot: Sendable {
        let column: Int
        let offset: Int
        /// nil for numeric; else global level code → indicator index (−1 reference).
        let map: [Int]?
        /// Number of terms (1 for numeric).
        let width: Int
        /// Position of the column in the block buffers (after the target).
        let buffer: Int
        /// WoE-coded column (`woe(cache:…)`): the value is replaced by its bin's WoE.
        var woe: WoECode? = nil
    }
    let slots: [Slot]
    let targetColumn: Int
    /// Which cached target cells are bad, good or missing.
    let target: BinaryTarget
    /// Every predictor column (constant ones included): a missing value in any of them drops the row.
    let predictorColumns: [Int]
    /// False for a WoE design: a missing value has a bin (and a WoE) of its own.
    var dropsMissing = true

    /// Builds the design from a cache (one pass over it).
    /// - Throws: the `RegressionError`s of `Design.build` (except `.rankDeficient`, which the fit checks from X'X);
    ///   `.invalidOption` for `MissingValueCoding.indicator`, which is in memory only (the fill is a mean over
    ///   the training rows, a pass this design does not make).
    public static func build(cache: ColumnarCache, options: DesignOptions, chunkRows: Int = 65_536) throws -> StreamingDesign {
        if options.missing != .drop {
            throw RegressionError.invalidOption("the missing-indicator coding is fitted in memory only, not out of core")
        }
        guard let target = cache.columnIndex(named: options.target) else { throw RegressionError.missingColumn(options.target) }
        for name in options.exclude.sorted() where !cache.header.contains(name) { throw RegressionError.missingColumn(name) }
        let predictorColumns = cache.columnNames.indices.filter {
            $0 != target && !options.exclude.contains(cache.columnNames[$0])
        }
        for (column, _) in options.referenceLevels.sorted(by: { $0.key < $1.key }) {
            guard let j = cache.columnIndex(named: column) else { throw RegressionError.missingColumn(column) }
            if cache.columnTypes[j] == .numeric {
                throw RegressionError.columnTypeMismatch(column: column, expected: "categorical to have a reference level")
            }
        }
        let reading = BinaryTarget(bad: options.badValue, numeric: cache.columnTypes[target] == .numeric,
                                   levels: cache.levels[target])

        // One pass: target values seen, first missing column, constant numeric columns, levels used.
        let n = cache.rowCount
        let chunk = max(1, min(chunkRows, max(n, 1)))
        let needed = [target] + predictorColumns
        var buffers = needed.map { _ in [Double](repeating: 0, count: chunk) }
        var values = BinaryTarget.Values(levels: reading.levels.count)
        var droppedAt = [Int](repeating: 0, count: needed.count)
        var first = [Double](repeating: .nan, count: needed.count)
        var varies = [Bool](repeating: false, count: needed.count)
        var levelUsed = needed.map { [Bool](repeating: false, count: cache.levels[$0].count) }
        let isNumeric = needed.map { cache.columnTypes[$0] == .numeric }
        var kept = 0, bads = 0
        var start = 0
        while start < n {
            let m = min(chunk, n - start)
            for (k, column) in needed.enumerated() {
                try buffers[k].withUnsafeMutableBufferPointer { try cache.read(column: column, rows: start..<(start + m), into: $0.baseAddress!) }
            }
            for i in 0..<m {
                let t = buffers[0][i], y = reading.flag(cell: t)
                if y < 0 { droppedAt[0] += 1; continue }
                values.add(cell: t, flag: y, of: reading)
                var missing = 0
                for k in 1..<needed.count {
                    let v = buffers[k][i]
                    if isNumeric[k] ? v.isNaN : v < 0 { missing = k; break }
                }
                if missing > 0 { droppedAt[missing] += 1; continue }
                kept += 1
                bads += Int(y)
                for k in 1..<needed.count {
                    let v = buffers[k][i]
                    if isNumeric[k] {
                        if kept == 1 { first[k] = v } else if v != first[k] { varies[k] = true }
                    } else {
                        levelUsed[k][Int(v)] = true
                    }
                }
            }
            start += m
        }

        // The checks of Design.build, in its order.
        let distinct = try values.checkedBinary(column: options.target, target: reading)
        guard kept > 0 else { throw RegressionError.noUsableRows }
        if bads == 0 || bads == kept {
            let value = bads == 0 ? distinct.first { $0 != options.badValue } ?? distinct[0] : options.badValue
            throw RegressionError.singleClass(column: options.target, value: value)
        }

        var predictors: [Predictor] = []
        var constant: [String] = []
        var slots: [Slot] = []
        var offset = options.intercept ? 1 : 0
        for (k, column) in needed.enumerated() where k > 0 {
            let name = cache.columnNames[column]
            if isNumeric[k] {
                if options.intercept && !varies[k] { constant.append(name); continue }
                predictors.append(Predictor(name: name, kind: .numeric))
                slots.append(Slot(column: column, offset: offset, map: nil, width: 1, buffer: k))
                offset += 1
            } else {
                let all = cache.levels[column]
                let levels = all.indices.filter { levelUsed[k][$0] }.map { all[$0] }.sorted(by: unicodeScalarOrder)
                let reference = options.referenceLevels[name] ?? levels[0]
                guard levels.contains(reference) else {
                    throw RegressionError.unknownLevel(column: name, level: reference, levels: levels)
                }
                if options.intercept && levels.count == 1 { constant.append(name); continue }
                var index: [String: Int] = [:]
                for level in levels where level != reference { index[level] = index.count }
                slots.append(Slot(column: column, offset: offset, map: all.map { index[$0] ?? -1 }, width: index.count, buffer: k))
                offset += levels.count - 1
                predictors.append(Predictor(name: name, kind: .categorical(levels: levels, reference: reference)))
            }
        }
        var dropped: [String: Int] = [:]
        for (k, column) in needed.enumerated() where droppedAt[k] > 0 { dropped[cache.columnNames[column]] = droppedAt[k] }
        let coding = DesignCoding(intercept: options.intercept, predictors: predictors)
        precondition(offset == coding.terms.count, "StreamingDesign: term count mismatch")
        return StreamingDesign(coding: coding, cache: cache, rowsUsed: kept, events: bads, droppedByColumn: dropped,
                               constantColumns: constant, slots: slots, targetColumn: target, target: reading,
                               predictorColumns: predictorColumns)
    }

    /// Reusable buffers for `block(rows:into:)`, sized for `capacity` cache rows.
    package final class BlockBuffers: @unchecked Sendable {
        let capacity: Int
        /// Raw cache columns: target first, then every predictor column.
        var columns: [UnsafeMutablePointer<Double>]
        /// The coded block, column-major, `rows × p` (leading dimension `rows`).
        package let x: UnsafeMutablePointer<Double>
        /// 1 bad, 0 good, per block row.
        package let y: UnsafeMutablePointer<Double>
        package private(set) var rows = 0
        init(capacity: Int, cacheColumns: Int, terms: Int) {
            self.capacity = capacity
            columns = (0..<cacheColumns).map { _ in .allocate(capacity: capacity) }
            x = .allocate(capacity: max(1, capacity * terms))
            y = .allocate(capacity: capacity)
        }
        deinit { for c in columns { c.deallocate() }; x.deallocate(); y.deallocate() }
        fileprivate func setRows(_ m: Int) { rows = m }
    }

    package func makeBuffers(capacity: Int) -> BlockBuffers {
        BlockBuffers(capacity: capacity, cacheColumns: 1 + predictorColumns.count, terms: coding.terms.count)
    }

    /// Codes the usable rows among cache rows `rows` into `buffers.x` / `buffers.y`; returns how many.
    @discardableResult
    package func block(rows: Range<Int>, into buffers: BlockBuffers) throws -> Int {
        precondition(rows.count <= buffers.capacity, "StreamingDesign.block: more rows than the buffers hold")
        let all = [targetColumn] + predictorColumns
        for (k, column) in all.enumerated() { try cache.read(column: column, rows: rows, into: buffers.columns[k]) }
        // Usable rows (kept in order), and y.
        let t = buffers.columns[0]
        var keep: [Int32] = []
        keep.reserveCapacity(rows.count)
        let numeric = predictorColumns.map { cache.columnTypes[$0] == .numeric }
        rowLoop: for i in 0..<rows.count {
            let flag = target.flag(cell: t[i])
            if flag < 0 { continue }
            if dropsMissing { for k in numeric.indices {
                let u = buffers.columns[k + 1][i]
                if numeric[k] ? u.isNaN : u < 0 { continue rowLoop }
            } }
            buffers.y[keep.count] = Double(flag)
            keep.append(Int32(i))
        }
        let m = keep.count
        let x = buffers.x
        if coding.intercept { for i in 0..<m { x[i] = 1 } }
        for slot in slots {
            let source = buffers.columns[slot.buffer]
            if let woe = slot.woe {
                let base = x + slot.offset * m
                for (i, r) in keep.enumerated() { base[i] = woe.value(source[Int(r)]) }
            } else if let map = slot.map {
                let width = slot.width
                let base = x + slot.offset * m
                for q in 0..<(width * m) { base[q] = 0 }
                for (i, r) in keep.enumerated() {
                    let e = map[Int(source[Int(r)])]
                    if e >= 0 { base[e * m + i] = 1 }
                }
            } else {
                let base = x + slot.offset * m
                for (i, r) in keep.enumerated() { base[i] = source[Int(r)] }
            }
        }
        buffers.setRows(m)
        return m
    }
}
