import CreditTabular

/// One binning run over a table, as `credit bin` asks for it: which characteristics, the binning options, the
/// special codes, the selection filters, or fixed bins from an edited spec instead of the search.
///
/// The characteristics are `columns` (default: every column but the target) without `exclude`, in that order.
/// With `bins`, the spec's characteristics are applied instead (those excluded or not among `columns` are
/// dropped) and the spec's options replace `options`: an unedited spec re-applied to the same data reproduces the
/// same tables exactly (`BinningProcess.run(table:target:bad:columns:spec:)`).
///
/// ```swift
/// var request = BinningRequest(target: "default")
/// request.specials = ["income": [SpecialGroup(codes: ["-999"])]]
/// request.selection.minIV = 0.02
/// let result = try request.run(on: table)      // tables, IV ranking, the editable spec
/// ```
/// The peer is optbinning's `BinningProcess(variable_names, special_codes=…, selection_criteria=…)`.
public struct BinningRequest: Sendable {
    /// The binary target column.
    public var target: String
    /// The target value that means bad (a numeric target compares numerically: "1" matches 1.0).
    public var bad: String
    /// The characteristics to bin, in order (nil: every column but the target, in table order).
    public var columns: [String]?
    /// Columns never binned.
    public var exclude: Set<String> = []
    /// How each characteristic is binned (ignored with `bins`, whose own options apply).
    public var options = BinningOptions()
    /// Special-code groups by column, each with a bin of its own.
    public var specials: [String: [SpecialGroup]] = [:]
    /// Filters that decide which characteristics are selected (IV, missing and identical rates, correlation, VIF).
    public var selection = SelectionCriteria()
    /// Fixed bins to apply instead of searching (`BinsSpec.read(path:target:)`).
    public var bins: BinsSpec?
    /// A numeric column of frequency weights (≥ 0; row i counts wᵢ times; `BinningWeights`): never a
    /// characteristic; every count of the binning is a sum of weights (`BinningProcess.run(…weights:)`).
    public var weightColumn: String?

    public init(target: String, bad: String = "1") {
        self.target = target; self.bad = bad
    }

    /// The binning process of `options`, `specials` and `selection`.
    public var process: BinningProcess {
        var p = BinningProcess(options: options, specials: specials, selection: selection)
        p.trends = trends
        p.fixed = fixed
        return p
    }
    /// Per-characteristic trends and hand-given bins (`BinningProcess.trends`, `.fixed`; ignored with `bins`).
    public var trends: [String: MonotonicTrend] = [:]
    public var fixed: [String: CharacteristicBins] = [:]

    /// The characteristics binned from a table with these columns: `columns` (or every column but the target)
    /// without `exclude`.
    public func characteristics(among columnNames: [String]) -> [String] {
        (columns ?? columnNames.filter { $0 != target && $0 != weightColumn }).filter { !exclude.contains($0) }
    }

    /// `bins` without the characteristics that are excluded or not among `columns`.
    public var appliedBins: BinsSpec? {
        guard var spec = bins else { return nil }
        spec.characteristics.removeAll { c in
            exclude.contains(c.name) || c.name == weightColumn || (columns.map { !$0.contains(c.name) } ?? false)
        }
        return spec
    }

    /// CSV options for reading data to apply `bins` to: each characteristic of the spec is read with the type
    /// the spec gives it (unless `options` already types that column), and the typed columns need not all
    /// exist (a spec may name columns that `exclude` or `columns` drop). Without `bins`, `options` unchanged.
    public func readingOptions(_ options: CSVOptions) -> CSVOptions {
        var csv = options
        for c in bins?.characteristics ?? [] where csv.columnTypes[c.name] == nil { csv.columnTypes[c.name] = c.type }
        csv.typedColumnsMustExist = bins == nil
        return csv
    }

    /// Bins the characteristics of `table`.
    /// - Throws: `BinningError` (a missing column, a target that is not binary, constraints no partition meets,
    ///   a spec that does not fit the data, a weight that is not a finite non-negative number).
    public func run(on table: Table) throws -> BinningResult {
        try process.run(table: table, target: target, bad: bad, columns: characteristics(among: table.columnNames),
                        spec: appliedBins, weights: weights(of: table))
    }

    /// The frequency weights of `weightColumn` in `table` (`BinningWeights.read`), nil without a weight column.
    public func weights(of table: Table) throws -> [Double]? {
        guard let weightColumn else { return nil }
        return try BinningWeights.read(table: table, column: weightColumn, target: target,
                                       flags: try TargetCoding.flags(table: table, target: target, bad: bad))
    }
}

extension BinningOptions {
    /// The `maxBins` a method takes when none is given: 10 for `.quantile` and `.uniform` (their bin count),
    /// no bound for the searching methods.
    package static func defaultMaxBins(for method: BinningMethod) -> Int? {
        method == .quantile || method == .uniform ? 10 : nil
    }
}
