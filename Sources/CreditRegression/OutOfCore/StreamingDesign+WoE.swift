import CreditTabular
/// How a cached column is replaced by the weight of evidence of its bin (bins as `CharacteristicBins`:
/// numeric bin i is [cuts[i−1], cuts[i]), then special values, then the missing bin; categorical: per level code).
package struct WoECode: Sendable {
    /// Numeric: ascending cut points and the WoE of each of the cuts.count + 1 regular bins.
    package var cuts: [Double]
    package var regular: [Double]
    /// Numeric special values and their bins' WoE (the first listed wins for a repeated value).
    package var specialValues: [Double]
    package var specialWoE: [Double]
    package var missing: Double
    /// Categorical: WoE per cache level code (nil for a numeric column).
    package var levels: [Double]?

    package init(cuts: [Double], regular: [Double], specialValues: [Double], specialWoE: [Double], missing: Double) {
        self.cuts = cuts; self.regular = regular; self.specialValues = specialValues; self.specialWoE = specialWoE
        self.missing = missing; self.levels = nil
    }
    package init(levels: [Double], missing: Double) {
        self.cuts = []; self.regular = []; self.specialValues = []; self.specialWoE = []; self.missing = missing
        self.levels = levels
    }

    /// The WoE of a cached value (a level code for a categorical column).
    @inline(__always)
    package func value(_ x: Double) -> Double {
        if let levels { return x < 0 ? missing : levels[Int(x)] }
        if x.isNaN { return missing }
        for (k, s) in specialValues.enumerated() where s == x { return specialWoE[k] }
        var lo = 0, hi = cuts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cuts[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return regular[lo]
    }
}

extension StreamingDesign {
    /// A design of an intercept and one WoE-coded term per characteristic (named as given), over the rows whose
    /// target is present; no row is dropped for a missing characteristic (missing has its own WoE).
    /// - Parameters:
    ///   - events: the number of bad rows among them (known from binning).
    ///   - rowsUsed: rows with a known target.
    package static func woe(cache: ColumnarCache, target: String, bad: String, characteristics: [(name: String, code: WoECode)],
                           rowsUsed: Int, events: Int) throws -> StreamingDesign {
        guard let t = cache.columnIndex(named: target) else { throw RegressionError.missingColumn(target) }
        let numeric = cache.columnTypes[t] == .numeric
        let badValue: Double = numeric ? Double(bad.trimmingCharacters(in: .whitespaces)) ?? .nan
                                       : cache.levels[t].firstIndex(of: bad).map(Double.init) ?? -1
        var slots: [Slot] = [], columns: [Int] = []
        for (k, c) in characteristics.enumerated() {
            guard let j = cache.columnIndex(named: c.name) else { throw RegressionError.missingColumn(c.name) }
            columns.append(j)
            slots.append(Slot(column: j, offset: k + 1, map: nil, width: 1, buffer: k + 1, woe: c.code))
        }
        let coding = DesignCoding(intercept: true, predictors: characteristics.map { Predictor(name: $0.name, kind: .numeric) })
        var design = StreamingDesign(coding: coding, cache: cache, rowsUsed: rowsUsed, events: events,
                                     droppedByColumn: rowsUsed < cache.rowCount ? [target: cache.rowCount - rowsUsed] : [:],
                                     constantColumns: [], slots: slots, targetColumn: t, targetBad: badValue,
                                     targetNumeric: numeric, predictorColumns: columns)
        design.dropsMissing = false
        return design
    }
}
