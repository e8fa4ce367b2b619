import Foundation
import CreditTabular
/// The target read as bad (1) / good (0) / unknown (−1) per row, as `BinaryTarget` reads it.
package enum TargetCoding {
    /// A numeric target compares numerically with `bad` ("1" matches 1.0), a categorical one as text.
    /// - Throws: `BinningError.missingColumn`, `.singleClass`, `.targetNotBinary`.
    package static func flags(table: Table, target: String, bad: String) throws -> [Int8] {
        guard let column = table[target] else { throw BinningError.missingColumn(target) }
        let reading = BinaryTarget(bad: bad, column: column)
        let (flags, values) = reading.scan(column)
        try values.checkBinary(column: target, target: reading)
        return flags
    }
}

extension BinaryTarget.Values {
    /// The checks binning makes of a target, in memory (`TargetCoding.flags`) and out of core
    /// (`CountBinning.target`): one value, then more than two values or none of them the bad value. The values
    /// are listed as text in sorted order (numbers as `CharacteristicBins.format` writes them), up to 5.
    /// - Throws: `BinningError.singleClass`, `.targetNotBinary`.
    func checkBinary(column: String, target: BinaryTarget) throws {
        let values = target.numeric ? Set(numbers.map(CharacteristicBins.format)).sorted() : Set(usedLevels(of: target)).sorted()
        if values.count == 1 { throw BinningError.singleClass(column: column, value: values[0]) }
        if values.count != 2 || !anyBad {
            throw BinningError.targetNotBinary(column: column, values: Array(values.prefix(5)))
        }
    }
}
