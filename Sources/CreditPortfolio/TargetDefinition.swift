/// Derives a binary target from repayment performance: bad = days past due reached `badDaysPastDue` within
/// the first `horizon` months on book ("ever 90+ DPD within 12 MOB" by default).
///
/// A loan that is not bad is good when its performance window is complete: observed for `horizon` months, or
/// its records stop before the data's as-of month (the loan closed). A loan still running at the as-of month with
/// fewer than `horizon` months and no bad month is *indeterminate*: its outcome is not known yet, so it must not
/// be counted as good.
public struct TargetDefinition: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable { case bad, good, indeterminate }

    public var badDaysPastDue: Double
    public var horizon: Int

    public init(badDaysPastDue: Double = 90, horizon: Int = 12) {
        precondition(horizon >= 1, "horizon must be at least 1 month")
        self.badDaysPastDue = badDaysPastDue
        self.horizon = horizon
    }

    public func outcome(of loan: PerformanceData.Loan, asOf: Int) -> Outcome {
        let window = loan.daysPastDue.prefix(horizon)
        if window.contains(where: { !$0.isNaN && $0 >= badDaysPastDue }) { return .bad }
        if loan.lastMonthOnBook >= horizon { return .good }
        let lastCalendarMonth = loan.cohort + loan.lastMonthOnBook
        return lastCalendarMonth < asOf ? .good : .indeterminate
    }

    /// Outcomes for every loan, in the data's loan order.
    public func outcomes(_ data: PerformanceData) -> [(id: String, outcome: Outcome)] {
        data.loans.map { ($0.id, outcome(of: $0, asOf: data.asOf)) }
    }
}

extension TargetDefinition.Outcome {
    /// The cell of the binary target column for this outcome: "1" bad, "0" good, and "" (missing) for an
    /// indeterminate loan, so that a reader treats it as unknown rather than as good (the file `credit vintage
    /// --target-out` writes, columns id, bad, outcome).
    public var targetValue: String {
        switch self {
        case .bad: return "1"
        case .good: return "0"
        case .indeterminate: return ""
        }
    }
}
