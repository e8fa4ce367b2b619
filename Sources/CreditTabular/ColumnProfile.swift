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

    public struct LevelCount: Sendable, Codable, Equatable {
        public var level: String
        public var count: Int
    }
}

extension Table {
    /// Profiles every column. `isBad` (per row, nil for a missing target) adds bad rates.
    public func profiles(isBad: [Bool?]? = nil) -> [ColumnProfile] {
        columns.indices.map { profile(column: $0, isBad: isBad) }
    }

    public func profile(column index: Int, isBad: [Bool?]? = nil) -> ColumnProfile {
        let column = columns[index]
        var p = ColumnProfile(name: columnNames[index], type: column.type, count: 0, missing: 0, distinct: 0,
                              topLevels: [])
        switch column {
        case .numeric(let values):
            var present = values.filter { !$0.isNaN }
            p.count = present.count
            p.missing = values.count - present.count
            present.sort()
            if !present.isEmpty {
                var distinct = 1
                for i in 1..<present.count where present[i] != present[i - 1] { distinct += 1 }
                p.distinct = distinct
                let mean = present.reduce(0, +) / Double(present.count)
                p.mean = mean
                if present.count > 1 {
                    let ss = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                    p.standardDeviation = (ss / Double(present.count - 1)).squareRoot()
                }
                p.minimum = present.first
                p.quartile1 = Self.quantile(sorted: present, 0.25)
                p.median = Self.quantile(sorted: present, 0.5)
                p.quartile3 = Self.quantile(sorted: present, 0.75)
                p.maximum = present.last
            }
        case .categorical(let c):
            var counts = [Int](repeating: 0, count: c.levels.count)
            for code in c.codes where code >= 0 { counts[Int(code)] += 1 }
            p.count = counts.reduce(0, +)
            p.missing = c.codes.count - p.count
            p.distinct = counts.filter { $0 > 0 }.count
            let order = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
            p.topLevels = order.prefix(3).filter { counts[$0] > 0 }.map { .init(level: c.levels[$0], count: counts[$0]) }
        }
        if let isBad, p.missing > 0 {
            var bads = 0, known = 0
            for row in 0..<rowCount where column.isMissing(row) {
                if let b = isBad[row] { known += 1; if b { bads += 1 } }
            }
            if known > 0 { p.badRateWhenMissing = Double(bads) / Double(known) }
        }
        return p
    }

    /// Type-7 quantile of sorted values.
    static func quantile(sorted x: [Double], _ q: Double) -> Double {
        let h = Double(x.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }
}
