/// Cumulative bad rates by origination cohort and month on book.
///
/// A loan is bad from the first month on book at which its days past due reach `badDaysPastDue` (default 90).
/// The cumulative bad rate of cohort c at MOB m is (loans of c bad by MOB m) / (loans originated in c). It is
/// reported only where the cohort can have been observed for m months by the data's as-of month
/// (cohort + m ≤ as-of); later cells are nil.
public struct VintageAnalysis: Sendable, Codable, Equatable {
    public struct Cohort: Sendable, Codable, Equatable {
        public var cohort: String
        public var loans: Int
        /// Cumulative bad rate at MOB 1, 2, …; nil once the cohort is beyond the observation date.
        public var cumulativeBadRate: [Double?]
    }

    public var badDaysPastDue: Double
    public var cohorts: [Cohort]
    public var maxMonthOnBook: Int

    public init(_ data: PerformanceData, badDaysPastDue: Double = 90, maxMonthOnBook: Int? = nil) {
        self.badDaysPastDue = badDaysPastDue
        let longest = data.loans.map(\.lastMonthOnBook).max() ?? 0
        let horizon = maxMonthOnBook ?? longest
        self.maxMonthOnBook = horizon
        var byCohort: [Int: [Int?]] = [:]    // first bad MOB per loan
        for loan in data.loans {
            let firstBad = loan.daysPastDue.firstIndex { !$0.isNaN && $0 >= badDaysPastDue }.map { $0 + 1 }
            byCohort[loan.cohort, default: []].append(firstBad)
        }
        cohorts = byCohort.keys.sorted().map { c in
            let firsts = byCohort[c]!
            let n = Double(firsts.count)
            let rates: [Double?] = (1...max(horizon, 1)).map { m in
                guard c + m <= data.asOf, m <= horizon else { return nil }
                return Double(firsts.filter { ($0 ?? Int.max) <= m }.count) / n
            }
            return Cohort(cohort: PerformanceData.cohortLabel(c), loans: firsts.count,
                          cumulativeBadRate: horizon == 0 ? [] : rates)
        }
    }
}
