import Foundation
import CreditTabular
/// The target read as bad (1) / good (0) / unknown (−1) per row.
package enum TargetCoding {
    /// A numeric target compares numerically with `bad` ("1" matches 1.0), a categorical one as text.
    /// - Throws: `BinningError.missingColumn`, `.singleClass`, `.targetNotBinary`.
    package static func flags(table: Table, target: String, bad: String) throws -> [Int8] {
        guard let column = table[target] else { throw BinningError.missingColumn(target) }
        var flags = [Int8](repeating: -1, count: table.rowCount)
        var distinct = Set<String>()
        switch column {
        case .numeric(let v):
            let badValue = Double(bad.trimmingCharacters(in: .whitespaces))
            var seen = Set<Double>()
            for i in v.indices where !v[i].isNaN {
                flags[i] = v[i] == badValue ? 1 : 0
                if seen.count <= 5 { seen.insert(v[i]) }
            }
            distinct = Set(seen.map(CharacteristicBins.format))
        case .categorical(let c):
            let badCode = c.levels.firstIndex(of: bad).map(Int32.init) ?? -2
            var used = [Bool](repeating: false, count: c.levels.count)
            for i in c.codes.indices where c.codes[i] >= 0 {
                flags[i] = c.codes[i] == badCode ? 1 : 0
                used[Int(c.codes[i])] = true
            }
            distinct = Set(c.levels.indices.filter { used[$0] }.map { c.levels[$0] })
        }
        let values = distinct.sorted()
        if values.count == 1 { throw BinningError.singleClass(column: target, value: values[0]) }
        if values.count != 2 || !flags.contains(1) {
            throw BinningError.targetNotBinary(column: target, values: Array(values.prefix(5)))
        }
        return flags
    }
}
