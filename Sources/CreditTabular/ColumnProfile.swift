/// A one-column summary for `credit describe`.
///
/// Quantiles use linear interpolation between order statistics (Hyndman–Fan type 7, the default of
/// numpy `quantile`, pandas `describe` and R `quantile`).
public struct ColumnProfile: Sendable, Codable, Equatable {
    public var name: String
    public var type: ColumnType
    /// Non-missing values.
    public var count: Int
    public var missing: Int
    public var distinct: Int
    public var mean: Double?
    public var standardDeviation: Double?
    public var minimum: Double?
    public var quartile1: Double?
    public var median: Double?
    public var quartile3: Double?
    public var maximum: Double?
    /// Most frequent categorical levels with counts (up to 3), ties broken by first appearance.
    public var topLevels: [LevelCount]
    /// Bad rate among rows with this column missing, when a target was given.
    public var badRateWhenMissing: Double?
    /// True when the column had more distinct values (or level text) than a streaming profile counts
    /// (`ProfileLimits.distinctValues`, `levelBytes`): `distinct` is then a lower bound, and `topLevels` are the
    /// most frequent of the levels counted (those first seen before the budget was reached). nil otherwise.
    public var distinctIsLowerBound: Bool?
    /// Set when `quartile1`, `median` and `quartile3` come from a `QuantileSketch` (more distinct numbers than
    /// `ProfileLimits.distinctValues`): each is within this many ranks of the exact type-7 quantile of the
    /// `count` numbers (it lies between the exact order statistics at ⌊h⌋ − bound and ⌈h⌉ + bound, h = (n − 1)q).
    public var quantileRankError: Int?
    /// Set for a column read from input that cannot be read twice (a pipe) which was numeric in its first
    /// chunks and turned categorical later: how many of its values had been read as numbers. Those count as
    /// levels spelled from their value (`ColumnProfiler.levelText`: "3", "2.5", "1e-05"), which is their text
    /// when the input wrote them that way ("3.0" or " 3" would be distinct levels in memory).
    public var levelsFromNumbers: Int?

    public struct LevelCount: Sendable, Codable, Equatable {
        public var level: String
        public var count: Int
    }
}

extension Table {
    /// Profiles every column. `isBad` (per row, nil for a missing target) adds bad rates.
    ///
    /// The statistics are `ColumnProfiler`'s with no budget binding (`ProfileLimits.unlimited`): the same code
    /// that profiles a CSV stream chunk by chunk (`CSVProfiler`), here given each column whole.
    public func profiles(isBad: [Bool?]? = nil) -> [ColumnProfile] {
        let flags = isBad.map(Self.targetFlags)
        return columns.indices.map { profile(column: $0, flags: flags) }
    }

    public func profile(column index: Int, isBad: [Bool?]? = nil) -> ColumnProfile {
        profile(column: index, flags: isBad.map(Self.targetFlags))
    }

    private func profile(column index: Int, flags: [Int8]?) -> ColumnProfile {
        var profiler = ColumnProfiler(name: columnNames[index], type: columns[index].type, limits: .unlimited)
        profiler.add(columns[index], isBad: flags)
        return profiler.profile()
    }

    /// Per-row target flags as `ColumnProfiler.add` takes them: 1 bad, 0 good, −1 missing.
    static func targetFlags(_ isBad: [Bool?]) -> [Int8] {
        isBad.map { $0.map { $0 ? 1 : 0 } ?? -1 }
    }

    /// Type-7 quantile of sorted values.
    static func quantile(sorted x: [Double], _ q: Double) -> Double {
        let h = Double(x.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }
}
