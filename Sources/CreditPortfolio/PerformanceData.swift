import CreditTabular
/// Monthly repayment records grouped by loan: the input of vintage, roll-rate and target analysis.
///
/// Each record says how many days past due a loan was at the end of a month on book (MOB 1 = the first month
/// after origination). The calendar month of a record is cohort + MOB; the latest such month in the data is the
/// observation date ("as of").
public struct PerformanceData: Sendable {
    public struct Loan: Sendable, Equatable {
        public var id: String
        /// Cohort as months since year 0 (see `cohortLabel`).
        public var cohort: Int
        /// Days past due by MOB; index 0 is MOB 1. NaN where a month is absent from the file.
        public var daysPastDue: [Double]
        public var lastMonthOnBook: Int { daysPastDue.count }
    }

    public var loans: [Loan]
    /// Latest calendar month (months since year 0) of any record.
    public var asOf: Int

    /// Column names of the performance file.
    public struct Columns: Sendable {
        public var id = "loan_id"
        public var cohort = "cohort"
        public var monthOnBook = "month_on_book"
        public var daysPastDue = "days_past_due"
        public init() {}
    }

    /// Groups a table's records by loan.
    /// - Throws: `PerformanceError` naming the file, line and column of the first bad record.
    public init(table: Table, columns: Columns = Columns()) throws {
        func column(_ name: String) throws -> Column {
            guard let c = table[name] else { throw PerformanceError.missingColumn(name, source: table.source, available: table.columnNames) }
            return c
        }
        let idColumn = try column(columns.id), cohortColumn = try column(columns.cohort)
        guard case .numeric(let mob) = try column(columns.monthOnBook) else {
            throw PerformanceError.notNumeric(columns.monthOnBook, source: table.source)
        }
        guard case .numeric(let dpd) = try column(columns.daysPastDue) else {
            throw PerformanceError.notNumeric(columns.daysPastDue, source: table.source)
        }
        var index: [String: Int] = [:]
        var loans: [Loan] = []
        var asOf = Int.min
        for row in 0..<table.rowCount {
            let line = table.lineNumbers[row]
            guard let id = Self.text(idColumn, row) else { throw PerformanceError.missingValue(columns.id, source: table.source, line: line) }
            guard let cohortText = Self.text(cohortColumn, row) else {
                throw PerformanceError.missingValue(columns.cohort, source: table.source, line: line)
            }
            guard let cohort = Self.monthIndex(cohortText) else {
                throw PerformanceError.badCohort(cohortText, source: table.source, line: line)
            }
            let m = mob[row], d = dpd[row]
            guard !m.isNaN, m >= 1, m == m.rounded(), m <= 1200 else {
                throw PerformanceError.badMonthOnBook(m, source: table.source, line: line)
            }
            guard !d.isNaN, d >= 0 else { throw PerformanceError.badDaysPastDue(d, source: table.source, line: line) }
            let k = Int(m)
            let slot: Int
            if let s = index[id] {
                slot = s
                guard loans[s].cohort == cohort else {
                    throw PerformanceError.inconsistentCohort(id, source: table.source, line: line)
                }
            } else {
                slot = loans.count
                index[id] = slot
                loans.append(Loan(id: id, cohort: cohort, daysPastDue: []))
            }
            if loans[slot].daysPastDue.count < k {
                loans[slot].daysPastDue += [Double](repeating: .nan, count: k - loans[slot].daysPastDue.count)
            }
            guard loans[slot].daysPastDue[k - 1].isNaN else {
                throw PerformanceError.duplicateRecord(id, monthOnBook: k, source: table.source, line: line)
            }
            loans[slot].daysPastDue[k - 1] = d
            asOf = max(asOf, cohort + k)
        }
        guard !loans.isEmpty else { throw PerformanceError.noRecords(source: table.source) }
        self.loans = loans
        self.asOf = asOf
    }

    public init(loans: [Loan], asOf: Int) { self.loans = loans; self.asOf = asOf }

    static func text(_ column: Column, _ row: Int) -> String? {
        switch column {
        case .categorical(let c): return c[row]
        case .numeric(let v): return v[row].isNaN ? nil : (v[row] == v[row].rounded() ? String(Int(v[row])) : String(v[row]))
        }
    }

    /// `YYYY-MM` (or `YYYY-MM-DD`, day ignored) → months since year 0.
    public static func monthIndex(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count >= 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        return y * 12 + m - 1
    }

    public static func cohortLabel(_ index: Int) -> String {
        let y = index / 12, m = index % 12 + 1
        return String(y) + "-" + (m < 10 ? "0" : "") + String(m)
    }
}

/// A problem in a performance file, with file and line.
public enum PerformanceError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(String, source: String, available: [String])
    case notNumeric(String, source: String)
    case missingValue(String, source: String, line: Int)
    case badCohort(String, source: String, line: Int)
    case badMonthOnBook(Double, source: String, line: Int)
    case badDaysPastDue(Double, source: String, line: Int)
    case inconsistentCohort(String, source: String, line: Int)
    case duplicateRecord(String, monthOnBook: Int, source: String, line: Int)
    case noRecords(source: String)

    public var description: String {
        switch self {
        case .missingColumn(let c, let s, let available):
            return "\(s): no column '\(c)' (columns: \(available.joined(separator: ", "))); name the performance file's columns (PerformanceData.Columns)"
        case .notNumeric(let c, let s): return "\(s): column '\(c)' must be numeric"
        case .missingValue(let c, let s, let l): return "\(s):\(l): '\(c)' is missing"
        case .badCohort(let v, let s, let l): return "\(s):\(l): cohort '\(v)' is not a month like 2024-03"
        case .badMonthOnBook(let v, let s, let l): return "\(s):\(l): month on book \(v) is not a whole number ≥ 1"
        case .badDaysPastDue(let v, let s, let l): return "\(s):\(l): days past due \(v) is negative or missing"
        case .inconsistentCohort(let id, let s, let l): return "\(s):\(l): loan \(id) appears with two different cohorts"
        case .duplicateRecord(let id, let m, let s, let l): return "\(s):\(l): loan \(id) has a second record for month on book \(m)"
        case .noRecords(let s): return "\(s): no performance records"
        }
    }
}

extension PerformanceData {
    /// The longest month on book the analyses are asked for (a vintage curve's last month, a target
    /// definition's horizon): 1,200 months, 100 years.
    package static let maxMonthsOnBook = 1_200
}
