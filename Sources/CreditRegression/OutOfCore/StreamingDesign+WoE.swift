import CreditBinning
import CreditTabular
extension StreamingDesign {
    /// A design of an intercept and one WoE-coded term per characteristic (named as given), over the rows whose
    /// target is present; no row is dropped for a missing characteristic (missing has its own WoE).
    /// - Parameters:
    ///   - events: the number of bad rows among them (known from binning).
    ///   - rowsUsed: rows with a known target.
    package static func woe(cache: ColumnarCache, target: String, bad: String, characteristics: [(name: String, code: WoECode)],
                           rowsUsed: Int, events: Int) throws -> StreamingDesign {
        guard let t = cache.columnIndex(named: target) else { throw RegressionError.missingColumn(target) }
        let reading = BinaryTarget(bad: bad, numeric: cache.columnTypes[t] == .numeric, levels: cache.levels[t])
        var slots: [Slot] = [], columns: [Int] = []
        for (k, c) in characteristics.enumerated() {
            guard let j = cache.columnIndex(named: c.name) else { throw RegressionError.missingColumn(c.name) }
            columns.append(j)
            slots.append(Slot(column: j, offset: k + 1, map: nil, width: 1, buffer: k + 1, woe: c.code))
        }
        let coding = DesignCoding(intercept: true, predictors: characteristics.map { Predictor(name: $0.name, kind: .numeric) })
        var design = StreamingDesign(coding: coding, cache: cache, rowsUsed: rowsUsed, events: events,
                                     droppedByColumn: rowsUsed < cache.rowCount ? [target: cache.rowCount - rowsUsed] : [:],
                                     constantColumns: [], slots: slots, targetColumn: t, target: reading,
                                     predictorColumns: columns)
        design.dropsMissing = false
        return design
    }
}
