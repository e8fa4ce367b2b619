import CreditTabular
/// The shape that the event (bad) rate must follow across the bins of a numeric characteristic, from the
/// lowest values to the highest (optbinning's `monotonic_trend`).
public enum MonotonicTrend: String, Sendable, Codable, CaseIterable {
    /// Bad rate never falls from one bin to the next.
    case ascending
    /// Bad rate never rises from one bin to the next.
    case descending
    /// The better (higher IV) of ascending and descending (ascending on a tie, as optbinning's
    /// `auto_asc_desc`), unless the better of peak and valley gains enough IV to pass a likelihood-ratio
    /// criterion (`turnEarnsItsKeep`): for small effects the G statistic of bins against the target is about
    /// N·π(1 − π)·IV (N rows, π their bad rate), so a turn is taken when N·π(1 − π)·ΔIV ≥ 10.83, the χ²(1)
    /// quantile at 0.999 — one extra turn's worth of freedom at a strict level, because both partitions are the
    /// best of very many. optbinning's default `auto` chooses among the four shapes with a classifier trained on
    /// the pre-binning's curve instead. The trend chosen is recorded in the bins (`CharacteristicBins.trend`)
    /// and printed.
    case auto
    /// The better (higher IV) of ascending and descending, ascending on a tie: optbinning's `auto_asc_desc`,
    /// and this toolkit's `auto` before it weighed peaks and valleys.
    case monotone
    /// Rises, then falls (one maximum).
    case peak
    /// Falls, then rises (one minimum).
    case valley
    /// No shape constraint.
    case none
}

extension MonotonicTrend {
    /// The χ²(1) quantile at 0.999 that `auto`'s turn must pass.
    public static let autoTurnCriterion = 10.827566170662733

    /// Whether a peak or valley with IV `turn` beats a monotone partition with IV `monotone` under `auto`, on
    /// `rows` rows with bad rate `badRate`: rows·π(1 − π)·(turn − monotone) ≥ `autoTurnCriterion`.
    public static func turnEarnsItsKeep(turn: Double, monotone: Double, rows: Double, badRate: Double) -> Bool {
        rows * badRate * (1 - badRate) * (turn - monotone) >= autoTurnCriterion
    }
}

/// How the coarse classes are found from the fine classes (pre-bins).
public enum BinningMethod: String, Sendable, Codable, CaseIterable {
    /// Exact IV-maximising partition of the pre-bins under the trend and size constraints (dynamic programming).
    case optimal
    /// ChiMerge (Kerber 1992): merge the adjacent pair with the smallest χ² until every pair differs at
    /// `chiMergeSignificance` and the bin count and size constraints hold.
    case chimerge
    /// Best-first binary splits of the pre-bins by information gain (entropy), under the size constraints.
    case tree
    /// Equal-frequency bins (quantiles over exact values), `maxBins` of them.
    case quantile
    /// Equal-width bins over [min, max], `maxBins` of them (empty ones dropped).
    case uniform
}

/// The weight-of-evidence zero-count rule. WoE = ln(%bad / %good) is infinite when a bin has no goods or no
/// bads, so counts are patched.
public enum ZeroCountRule: Sendable, Codable, Equatable {
    /// Only in a bin with zero goods or zero bads, add `α` to both its goods and its bads; the shares divide by
    /// the unpatched totals. Bins with both classes present are untouched (so peers' WoE is reproduced there).
    case zeroCellsOnly(Double)
    /// Laplace smoothing: add `α` to the goods and the bads of every bin, and `α · bins` to each total.
    case allCells(Double)

    public static let `default` = ZeroCountRule.zeroCellsOnly(0.5)
}

extension ZeroCountRule {
    private enum CodingKeys: String, CodingKey { case rule, alpha }
    /// Written as `{"rule": "zeroCellsOnly" | "allCells", "alpha": 0.5}` so a person can edit it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .zeroCellsOnly(let a): try c.encode("zeroCellsOnly", forKey: .rule); try c.encode(a, forKey: .alpha)
        case .allCells(let a): try c.encode("allCells", forKey: .rule); try c.encode(a, forKey: .alpha)
        }
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let alpha = try c.decode(Double.self, forKey: .alpha)
        guard alpha > 0 else { throw DecodingError.dataCorruptedError(forKey: .alpha, in: c, debugDescription: "alpha must be positive") }
        switch try c.decode(String.self, forKey: .rule) {
        case "zeroCellsOnly": self = .zeroCellsOnly(alpha)
        case "allCells": self = .allCells(alpha)
        default: throw DecodingError.dataCorruptedError(forKey: .rule, in: c, debugDescription: "rule must be zeroCellsOnly or allCells")
        }
    }
}

/// Which WoE a missing, special or "other" bin takes when it is too small to estimate its own.
public enum SmallBinFallback: String, Sendable, Codable, CaseIterable {
    /// WoE 0: the population's average risk.
    case neutral
    /// The largest WoE among the regular bins (the riskiest attribute).
    case riskiest
    /// The bin keeps its own WoE when its bad rate differs from the other rows' at the 5% level (the exact
    /// two-sided binomial test of its bads among its rows against the bad rate of the rest,
    /// `BinomialDistribution.twoSidedPValue`), and takes WoE 0 otherwise. The default: a small bin far from
    /// average keeps its signal (R modeldata's credit_data: Debt's 18 missing rows are 72% bad against 28%
    /// of the other rows, exact binomial p 0.00012, WoE 1.89 instead of 0), while one that could be average stays neutral.
    case tested

    /// The level of `tested`'s test.
    public static let testLevel = 0.05
}

/// What a categorical level not seen in training gets at scoring time.
public enum UnseenLevelPolicy: String, Sendable, Codable, CaseIterable {
    /// The characteristic's "other" bin (which also holds the pooled rare training levels).
    case other
    /// The bin with the largest WoE.
    case riskiest
    /// The row is rejected with the reason.
    case reject
}

/// A declared group of special codes sharing one bin (e.g. bureau code -999 "no record").
public struct SpecialGroup: Sendable, Codable, Equatable {
    /// Display label of the bin, e.g. "special -999" or "special -998,-997".
    public var label: String
    /// The codes, as written (numeric columns compare numerically, categorical ones by exact text).
    public var codes: [String]
    public init(label: String? = nil, codes: [String]) {
        self.codes = codes
        self.label = label ?? "special " + codes.joined(separator: ",")
    }
}

/// Everything that decides how one characteristic is binned.
public struct BinningOptions: Sendable, Codable, Equatable {
    public var method: BinningMethod = .optimal
    public var trend: MonotonicTrend = .auto
    /// Number of fine classes (quantile pre-bins over exact values; categorical levels sorted by bad rate).
    public var preBins: Int = 100
    /// Upper bound on regular bins (nil: no bound beyond the pre-bins). Also the bin count of quantile/uniform.
    public var maxBins: Int? = nil
    /// Minimum share of the characteristic's regular (non-missing, non-special) rows in each regular bin.
    public var minBinShare: Double = 0.05
    public var minGoods: Int = 1
    public var minBads: Int = 1
    /// Maximum two-proportion z-test p-value between neighbouring bins (nil: no test).
    public var maxPValue: Double? = nil
    /// ChiMerge stops merging when every adjacent pair's χ² p-value is below this.
    public var chiMergeSignificance: Double = 0.05
    public var zeroCountRule: ZeroCountRule = .default
    public var smallBinFallback: SmallBinFallback = .tested
    /// Categorical levels with fewer than this share of the regular rows are pooled into the "other" bin.
    public var rareLevelShare: Double = 0.01
    public var unseenLevels: UnseenLevelPolicy = .other
    public init() {}
}

extension BinningOptions {
    /// The most fine classes `preBins` may ask for: 10,000. The exact optimal binning's tables grow with the
    /// square of the fine classes (`OptimalPartition.maximumTableBytes`): beyond this they pass a gigabyte.
    package static let maxPreBins = 10_000
}
