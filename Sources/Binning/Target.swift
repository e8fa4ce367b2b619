import Tabular

/// The target read as bad (1) / good (0) / unknown (−1) per row.
public enum TargetCoding {
    /// A numeric target compares numerically with `bad` ("1" matches 1.0), a categorical one as text.
    /// - Throws: `BinningError.missingColumn`, `.singleClass`, `.targetNotBinary`.
    public static func flags(table: Table, target: String, bad: String) throws -> [Int8] {
        guard let column = table[target] else { throw BinningError.missingColumn(target) }
        var flags = [Int8](repeating: -1, count: table.rowCount)
        var distinct = Set<String>()
        for i in 0..<table.rowCount {
            guard let isBad = column.holds(bad, row: i) else { continue }
            flags[i] = isBad ? 1 : 0
            if distinct.count <= 5 {
                switch column {
                case .numeric(let v): distinct.insert(CharacteristicBins.format(v[i]))
                case .categorical(let c): distinct.insert(c[i]!)
                }
            }
        }
        let values = distinct.sorted()
        if values.count == 1 { throw BinningError.singleClass(column: target, value: values[0]) }
        if values.count != 2 || !flags.contains(1) {
            throw BinningError.targetNotBinary(column: target, values: Array(values.prefix(5)))
        }
        return flags
    }
}
