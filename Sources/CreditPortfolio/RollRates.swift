/// Month-to-month transitions between delinquency buckets (current, 1–29, 30–59, 60–89, 90+ days past due).
///
/// Every pair of consecutive months on book (m, m + 1) of the same loan counts once, from its bucket at m to its
/// bucket at m + 1; months absent from the file break the chain. `rates[i][j]` = counts[i][j] / Σⱼ counts[i][j].
public struct RollRates: Sendable, Codable, Equatable {
    public var buckets: [String]
    public var counts: [[Int]]
    public var rates: [[Double?]]

    public init(_ data: PerformanceData) {
        let k = DelinquencyBucket.allCases.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for loan in data.loans {
            let d = loan.daysPastDue
            for m in 0..<max(d.count - 1, 0) where !d[m].isNaN && !d[m + 1].isNaN {
                counts[DelinquencyBucket(daysPastDue: d[m]).rawValue][DelinquencyBucket(daysPastDue: d[m + 1]).rawValue] += 1
            }
        }
        self.buckets = DelinquencyBucket.allCases.map(\.label)
        self.counts = counts
        self.rates = counts.map { row in
            let total = row.reduce(0, +)
            return row.map { total == 0 ? nil : Double($0) / Double(total) }
        }
    }
}
