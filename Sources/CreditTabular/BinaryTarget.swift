import Foundation

/// Which rows of a target column are bad, good or unknown: the one reading of a binary target behind fitting
/// (`Design`, `StreamingDesign`), binning (`TargetCoding`, out-of-core binning), cross-validated comparison and
/// monitoring, in memory and out of core.
///
/// - A numeric column compares numerically with `bad` read as a number, spaces around it ignored: "1", " 1 " and
///   "1.0" all match 1.0. When `bad` is not a number, no row is bad.
/// - A categorical column compares the level's text with `bad` exactly ("Yes" does not match "yes").
/// - A missing value (NaN, no level) is unknown.
///
/// Cells are read as `Column` and `ColumnarCache` store them: numbers as themselves (NaN when missing), categorical
/// values as level codes (negative when missing).
public struct BinaryTarget: Sendable, Equatable {
    /// The bad value as given.
    public let bad: String
    public let numeric: Bool
    /// The column's levels (categorical; empty for a numeric column).
    public let levels: [String]
    /// The stored cell that is bad: `bad` as a number, or its level code; NaN when no cell can be bad.
    public let badCell: Double

    /// - Parameter levels: the column's levels (categorical; ignored for a numeric column).
    public init(bad: String, numeric: Bool, levels: [String]) {
        self.bad = bad
        self.numeric = numeric
        self.levels = numeric ? [] : levels
        badCell = numeric ? Double(bad.trimmingCharacters(in: .whitespaces)) ?? .nan
                          : levels.firstIndex(of: bad).map(Double.init) ?? .nan
    }

    public init(bad: String, column: Column) {
        switch column {
        case .numeric: self.init(bad: bad, numeric: true, levels: [])
        case .categorical(let c): self.init(bad: bad, numeric: false, levels: c.levels)
        }
    }

    /// 1 bad, 0 good, −1 unknown, for a stored cell (a number, or a level code).
    @inlinable @inline(__always)
    public func flag(cell: Double) -> Int8 {
        (numeric ? cell.isNaN : cell < 0) ? -1 : (cell == badCell ? 1 : 0)
    }

    /// 1 bad, 0 good, −1 unknown, for a categorical level's text (nil = missing); the same answer as
    /// `flag(cell:)` on its code, without the levels.
    @inlinable
    public func flag(level: String?) -> Int8 {
        level.map { $0 == bad ? 1 : 0 } ?? -1
    }

    /// The flag of every row of `column` (built with this target's `init(bad:column:)`).
    public func flags(_ column: Column) -> [Int8] {
        switch column {
        case .numeric(let v): return v.map { flag(cell: $0) }
        case .categorical(let c): return c.codes.map { flag(cell: Double($0)) }
        }
    }

    /// The rows' outcomes: true bad, false good, nil unknown.
    public func outcomes(_ column: Column) -> [Bool?] {
        flags(column).map { $0 < 0 ? nil : $0 == 1 }
    }
}

extension BinaryTarget {
    /// What the known rows of a target hold, gathered one cell at a time: enough to say whether the target is
    /// binary with the bad value among its values (each module words that error its own way).
    public struct Values: Sendable {
        /// Numeric: the first six distinct values met, in that order (six are enough to show a target that is not
        /// binary).
        public var numbers: [Double] { seen }
        /// Whether any known row is bad.
        public var anyBad: Bool { bad }
        @usableFromInline var seen: [Double] = []
        @usableFromInline var used: [Bool]
        @usableFromInline var bad = false

        /// - Parameter levels: the number of levels (0 for a numeric column).
        public init(levels: Int) { used = [Bool](repeating: false, count: levels) }

        /// Adds a known cell (flag 0 or 1) of `target`'s column.
        @inlinable @inline(__always)
        public mutating func add(cell: Double, flag: Int8, of target: BinaryTarget) {
            if flag == 1 { bad = true }
            if target.numeric {
                if seen.count <= 5 && !seen.contains(cell) { seen.append(cell) }
            } else {
                used[Int(cell)] = true
            }
        }

        /// Categorical: the levels of `target` that occur in known rows, in level-code order.
        public func usedLevels(of target: BinaryTarget) -> [String] {
            target.levels.indices.filter { used[$0] }.map { target.levels[$0] }
        }
    }

    /// The flags of every row of `column` and what its known rows hold (one pass).
    public func scan(_ column: Column) -> (flags: [Int8], values: Values) {
        var values: Values
        var flags: [Int8]
        switch column {
        case .numeric(let v):
            values = Values(levels: 0)
            flags = v.map { x in
                let f = flag(cell: x)
                if f >= 0 { values.add(cell: x, flag: f, of: self) }
                return f
            }
        case .categorical(let c):
            values = Values(levels: c.levels.count)
            flags = c.codes.map { code in
                let f = flag(cell: Double(code))
                if f >= 0 { values.add(cell: Double(code), flag: f, of: self) }
                return f
            }
        }
        return (flags, values)
    }
}
