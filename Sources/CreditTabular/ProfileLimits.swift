/// The budgets that keep a streaming profile's memory independent of the row count (`ColumnProfiler`,
/// `CSVProfiler`). Under every budget a profile is exactly the in-memory one (`Table.profiles`), bit for bit.
///
/// Per column, at most: `exactValues` numbers (8 bytes each); `distinctValues` distinct numbers with their
/// counts (about 24 bytes each) or `distinctValues` levels holding at most `levelBytes` bytes of text; and,
/// beyond the distinct budget, a quantile sketch of about (L + 1)·`sketchCapacity` numbers, L = ⌈log₂(n /
/// `sketchCapacity`)⌉ + 1 for n numbers (14 levels, 7.3 MB, at 500 million).
public struct ProfileLimits: Sendable, Equatable {
    /// Numbers kept per numeric column. While a column has at most this many, its mean, standard deviation,
    /// distinct count and type-7 quantiles are computed from all of them in sorted order, as in memory.
    /// Beyond: the mean is a compensated (Neumaier) sum, the standard deviation merges each chunk's
    /// two-pass sum of squares (Chan, Golub and LeVeque), and the distinct values are counted.
    public var exactValues: Int
    /// Distinct numbers or levels counted per column. Numbers: while there are at most this many, the
    /// distinct count and the quantiles (from the counts) stay exact at any row count; beyond, the count is
    /// reported as at least this many and the quantiles come from the sketch. Levels: counted exactly up to
    /// this many; a level first seen after that is counted in `count` but not as a level.
    public var distinctValues: Int
    /// Bytes of level text kept per categorical column (a level that would go beyond is not counted as a
    /// level, as beyond `distinctValues`).
    public var levelBytes: Int
    /// Items per level of the `QuantileSketch` used beyond `distinctValues`.
    public var sketchCapacity: Int

    public init(exactValues: Int, distinctValues: Int, levelBytes: Int, sketchCapacity: Int) {
        precondition(exactValues >= 0 && distinctValues >= 1 && levelBytes >= 0 && sketchCapacity >= 2,
                     "ProfileLimits: budgets must be positive (sketchCapacity at least 2)")
        self.exactValues = exactValues; self.distinctValues = distinctValues
        self.levelBytes = levelBytes; self.sketchCapacity = sketchCapacity
    }

    /// Numbers kept in all the columns together by `standard(columns:)`: 2^24 (128 MiB).
    package static let exactValuesInAll = 1 << 24

    /// `credit describe`'s budgets for a file of `columns` columns: `exactValues` = 2^24 / columns, between
    /// 65,536 and 1,048,576 (8 MiB per column); 100,000 distinct values or levels; 16 MiB of level text;
    /// a sketch of 65,536 items per level (rank error at most about L·n / 65,536).
    public static func standard(columns: Int) -> ProfileLimits {
        ProfileLimits(exactValues: min(1 << 20, max(1 << 16, exactValuesInAll / max(columns, 1))),
                      distinctValues: 100_000, levelBytes: 16 << 20, sketchCapacity: 1 << 16)
    }

    /// No budget binds: everything is kept (for a table already in memory).
    public static let unlimited = ProfileLimits(exactValues: .max, distinctValues: .max, levelBytes: .max,
                                                sketchCapacity: 1 << 16)
}
