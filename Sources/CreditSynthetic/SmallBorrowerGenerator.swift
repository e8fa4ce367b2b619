import Foundation
import CreditTabular

/// Seeded generator of small-borrower loans with known truth: applications and, optionally, their monthly
/// repayment performance.
///
/// Each loan is drawn from its own random stream (seed, loan index), so the output is the same bytes on every
/// machine and for any chunking. Applications are spread uniformly over `months` months from `start`; from
/// `shockDate` on, the population shifts (more income volatility and more lenders owed, in proportion to the
/// region's exposure, and smaller savings) and the true default odds rise by `model.shock × exposure`. Every one
/// of these moves is multiplied by `shockSize` S (1 = the documented shock, 0.5 half of it, 0 none): the shift is
/// S × exposure wherever the documentation says exposure.
///
/// The target `default` is "ever 90+ days past due within 12 months on book" — the eventual truth, drawn from
/// the true PD. The performance file shows only the months observable by the end of the window
/// (`start + months`), so the most recent cohorts have not yet shown all their defaults, as in real books.
public struct SmallBorrowerGenerator: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var seed: UInt64 = 1
        public var start = CivilDate(year: 2024, month: 1, day: 1)
        public var months = 24
        public var shockDate: CivilDate?
        /// The size S of the shock: each documented move (volatility +0.10·S·exposure, lenders' Poisson mean
        /// +0.8·S·exposure, savings ×(1 − 0.3·S·exposure), log-odds +`model.shock`·S·exposure), in
        /// 0…`maxShockSize`; 1 is the documented shock.
        public var shockSize = 1.0
        public var model = SmallBorrowerModel.standard
        public init() {}
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        precondition(configuration.months >= 1, "months must be at least 1")
        precondition(configuration.shockSize >= 0 && configuration.shockSize <= Self.maxShockSize,
                     "shockSize must be in 0…\(Self.maxShockSize)")
        self.configuration = configuration
    }

    /// A generated loan: the applicant, its true PD, the outcome and its month-by-month days past due.
    public struct Loan: Sendable {
        public var applicant: Applicant
        public var truePD: Double
        public var isDefault: Bool
        /// Days past due at the end of month on book 1, 2, … (only months observable by the window's end).
        public var daysPastDue: [Int]
    }

    public func loan(_ index: Int) -> Loan {
        let c = configuration
        var rng = RandomStream(seed: c.seed, stream: UInt64(index))
        let windowDays = c.start.addingMonths(c.months).dayNumber - c.start.dayNumber
        let date = CivilDate(dayNumber: c.start.dayNumber + Int(rng.uniform() * Double(windowDays)))
        let afterShock = c.shockDate.map { date >= $0 } ?? false
        let region = Region.allCases[rng.choice(Region.allCases.map(\.share))]
        let shift = afterShock ? c.shockSize * region.shockExposure : 0
        let employment = EmploymentType.allCases[rng.choice(EmploymentType.allCases.map(\.share))]

        let (medianIncome, volBase, volSpread, lenderMean, savingsMean, thinRate): (Double, Double, Double, Double, Double, Double)
        switch employment {
        case .salaried: (medianIncome, volBase, volSpread, lenderMean, savingsMean, thinRate) = (900, 0.08, 0.05, 1.0, 2.0, 0.10)
        case .gig: (medianIncome, volBase, volSpread, lenderMean, savingsMean, thinRate) = (650, 0.35, 0.15, 1.8, 0.8, 0.35)
        case .microBusiness: (medianIncome, volBase, volSpread, lenderMean, savingsMean, thinRate) = (800, 0.30, 0.15, 1.5, 1.2, 0.25)
        case .farmer: (medianIncome, volBase, volSpread, lenderMean, savingsMean, thinRate) = (500, 0.45, 0.20, 0.8, 1.0, 0.45)
        }
        let income = (medianIncome * exp(0.5 * rng.normal())).rounded()
        let volatility = min(1.5, volBase + volSpread * abs(rng.normal()) + 0.10 * shift)
        let thin = rng.uniform() < thinRate
        let lenders = rng.poisson(mean: lenderMean + 0.8 * shift)
        let inquiries = rng.poisson(mean: 0.8 + 0.6 * Double(lenders))
        let pastDelinquency = rng.uniform() < min(0.08 + 0.05 * Double(lenders), 0.5) ? 1 : 0
        let savings = rng.exponential(mean: savingsMean * (afterShock ? 1 - 0.3 * shift : 1))
        let literacy = Int(max(0, min(100, (60 + (employment == .salaried ? 5 : 0) + 15 * rng.normal()).rounded())))
        let term = [3, 6, 9, 12, 18, 24][rng.choice([0.10, 0.25, 0.15, 0.25, 0.15, 0.10])]
        let amount = max(50, (1.5 * income * exp(0.4 * rng.normal()) / 10).rounded() * 10)
        let existingDebt = max(0, 0.15 + 0.08 * Double(thin ? 0 : lenders) + 0.08 * rng.normal())
        let dti = min(2.0, existingDebt + (amount / Double(term)) / income)

        let applicant = Applicant(
            loanID: "L\(String(index + 1).leftPadded(8))", applicationDate: date, region: region,
            employment: employment, monthlyIncome: income, incomeVolatility: rounded(volatility, 3),
            debtToIncome: rounded(dti, 3), lendersCount: thin ? nil : lenders, inquiries: thin ? nil : inquiries,
            pastDelinquency: thin ? nil : pastDelinquency, savingsMonths: rounded(savings, 2),
            financialLiteracy: literacy, loanAmount: amount, termMonths: term, afterShock: afterShock,
            shockSize: c.shockSize)
        let pd = c.model.probability(applicant)
        let isDefault = rng.uniform() < pd

        // Repayment: a defaulter misses a first payment in month k (1…min(9, term)) and rolls 1–29 → 30–59 → 60–89 → 90+;
        // a good loan may slip into 1–29 or 30–59 days once and cure.
        let observable = c.start.addingMonths(c.months).monthIndex - date.monthIndex
        var dpd: [Int] = []
        if isDefault {
            let k = 1 + Int(rng.uniform() * Double(min(9, term)))  // the first missed payment falls within the term
            let length = min(observable, max(term, k + 3))
            for m in 1...max(length, 1) where m <= length {
                dpd.append(m < k ? 0 : 30 * (m - k) + 15)
            }
        } else {
            let slips = rng.uniform() < min(0.5, 3 * pd)
            let j = 1 + Int(rng.uniform() * Double(term))
            let deep = rng.uniform() < 0.3
            let length = min(observable, term)
            for m in 1...max(length, 1) where m <= length {
                if slips && m == j { dpd.append(15) } else if slips && deep && m == j + 1 { dpd.append(45) } else { dpd.append(0) }
            }
        }
        return Loan(applicant: applicant, truePD: pd, isDefault: isDefault, daysPastDue: dpd)
    }

    // MARK: - Sizes

    /// The most loans one run of `credit synth` writes: 10¹², at least 60 TB of applications CSV.
    package static let maxRows = 1_000_000_000_000

    /// The largest `Configuration.shockSize`: 3, so that savings keep a positive mean (×(1 − 0.3·3·exposure) ≥ 0.1).
    public static let maxShockSize = 3.0

    /// The longest application window (`Configuration.months`): 600 months, 50 years.
    package static let maxMonths = 600

    /// The fewest bytes one loan takes in the applications CSV and in the performance CSV: lower bounds, so that
    /// rows × these bytes never exceeds what a run writes (`FreeSpaceShortfall` refuses, before writing, a run
    /// that could never fit its disk).
    ///
    /// The shortest application line of 20,000 generated loans is 67 bytes (a loan id, a date, a region and an
    /// employment type alone take 40), and a loan's performance records take at least 22 bytes; the bounds leave
    /// a margin for other seeds and windows. `SyntheticTests.testMinimumBytesPerLoan` checks both.
    package static let minimumBytesPerLoan = (applications: 60.0, performance: 20.0)

    // MARK: - Streaming

    /// Writes loans 0 ..< `rows` as CSV, one loan at a time, so that any number of rows streams in constant memory:
    /// the applications header and lines to `applications`, and, when given, the performance header and each
    /// loan's monthly records to `performance`. The bytes are those of `applicationHeader(includeTruePD:)`,
    /// `applicationLine(_:includeTruePD:)`, `performanceHeader` and `performanceLines(_:)`, in loan order.
    ///
    /// ```swift
    /// var csv = ""
    /// let defaults = try SmallBorrowerGenerator(configuration: .init()).write(rows: 1000, applications: { csv += $0 })
    /// ```
    /// - Parameters:
    ///   - progress: called with the loans written so far after every twentieth of `rows` (and at the end).
    /// - Returns: the number of loans that defaulted (`Loan.isDefault`).
    /// - Throws: whatever `applications` or `performance` throws (a write error); nothing after it is written.
    @discardableResult
    public func write(rows: Int, includeTruePD: Bool = false, applications: (String) throws -> Void,
                      performance: ((String) throws -> Void)? = nil, progress: ((Int) -> Void)? = nil) throws -> Int {
        try applications(Self.applicationHeader(includeTruePD: includeTruePD))
        try performance?(Self.performanceHeader)
        var defaults = 0
        let step = max(rows / 20, 1)
        for i in 0..<rows {
            let loan = self.loan(i)
            if loan.isDefault { defaults += 1 }
            try applications(Self.applicationLine(loan, includeTruePD: includeTruePD))
            if let performance { try performance(Self.performanceLines(loan)) }
            if (i + 1) % step == 0 { progress?(i + 1) }
        }
        return defaults
    }

    // MARK: - CSV

    /// Header of the applications CSV (`includeTruePD` adds `true_pd` before `default`).
    public static func applicationHeader(includeTruePD: Bool) -> String {
        "loan_id,application_date,region,employment_type,monthly_income,income_volatility,debt_to_income,"
            + "lenders_count,inquiries_6m,past_delinquency,savings_months,financial_literacy,loan_amount,term_months,"
            + (includeTruePD ? "true_pd," : "") + "default\n"
    }

    public static let performanceHeader = "loan_id,cohort,month_on_book,days_past_due\n"

    /// One applications CSV line (missing bureau fields are empty).
    public static func applicationLine(_ loan: Loan, includeTruePD: Bool) -> String {
        let a = loan.applicant
        var s = a.loanID + "," + a.applicationDate.description + "," + a.region.rawValue + "," + a.employment.rawValue
        s += "," + fixed(a.monthlyIncome, 0) + "," + fixed(a.incomeVolatility, 3) + "," + fixed(a.debtToIncome, 3)
        s += "," + (a.lendersCount.map(String.init) ?? "") + "," + (a.inquiries.map(String.init) ?? "")
        s += "," + (a.pastDelinquency.map(String.init) ?? "")
        s += "," + fixed(a.savingsMonths, 2) + "," + String(a.financialLiteracy) + "," + fixed(a.loanAmount, 0)
        s += "," + String(a.termMonths)
        if includeTruePD { s += "," + fixed(loan.truePD, 6) }
        return s + "," + (loan.isDefault ? "1" : "0") + "\n"
    }

    /// The performance CSV lines of one loan.
    public static func performanceLines(_ loan: Loan) -> String {
        var s = ""
        let cohort = loan.applicant.applicationDate.monthLabel
        for (m, d) in loan.daysPastDue.enumerated() {
            s += loan.applicant.loanID + "," + cohort + "," + String(m + 1) + "," + String(d) + "\n"
        }
        return s
    }
}

private func rounded(_ x: Double, _ decimals: Int) -> Double {
    let scale = pow(10, Double(decimals))
    return (x * scale).rounded() / scale
}

/// Fixed decimals without locale or platform formatting: an integer scaled by 10^decimals, split.
func fixed(_ x: Double, _ decimals: Int) -> String {
    let scale = pow(10, Double(decimals))
    let n = Int((abs(x) * scale).rounded())
    let sign = x < 0 && n != 0 ? "-" : ""
    if decimals == 0 { return sign + String(n) }
    let whole = n / Int(scale), frac = n % Int(scale)
    return sign + String(whole) + "." + String(frac).leftPadded(decimals)
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
