import CreditPortfolio
import CreditSynthetic
import CreditTabular
import TestSupport
import XCTest

/// A performance file small enough to check by hand (see the comments for the expected numbers).
final class PortfolioTests: XCTestCase {
    static let text = """
        loan_id,cohort,month_on_book,days_past_due
        A,2024-01,1,0
        A,2024-01,2,30
        A,2024-01,3,60
        A,2024-01,4,90
        B,2024-01,1,0
        B,2024-01,2,0
        B,2024-01,3,0
        B,2024-01,4,0
        C,2024-02,1,15
        C,2024-02,2,0
        C,2024-02,3,0
        D,2024-02,1,0
        E,2024-04,1,0

        """
    // As of: latest cohort + MOB = 2024-01 + 4 = 2024-02 + 3 = 2024-04 + 1 = 2024-05.

    func data(_ text: String = PortfolioTests.text) throws -> PerformanceData {
        var options = CSVOptions()
        options.columnTypes = ["loan_id": .categorical, "cohort": .categorical]
        return try PerformanceData(table: CSVReader.read(bytes: Array(text.utf8), source: "perf.csv", options: options))
    }

    func testAMissingColumnIsNamedWithTheColumnsStruct() throws {
        var columns = PerformanceData.Columns()
        columns.monthOnBook = "mob"
        var options = CSVOptions()
        options.columnTypes = ["loan_id": .categorical, "cohort": .categorical]
        let table = try CSVReader.read(bytes: Array(Self.text.utf8), source: "perf.csv", options: options)
        XCTAssertThrowsError(try PerformanceData(table: table, columns: columns)) { error in
            XCTAssertEqual("\(error)", "perf.csv: no column 'mob' (columns: loan_id, cohort, month_on_book, days_past_due); name the performance file's columns (PerformanceData.Columns)")
        }
    }

    func testAsOfAndGrouping() throws {
        let d = try data()
        XCTAssertEqual(PerformanceData.cohortLabel(d.asOf), "2024-05")
        XCTAssertEqual(d.loans.map(\.id), ["A", "B", "C", "D", "E"])
        XCTAssertEqual(d.loans[0].daysPastDue, [0, 30, 60, 90])
    }

    func testVintageByHand() throws {
        let v = VintageAnalysis(try data())
        XCTAssertEqual(v.cohorts.map(\.cohort), ["2024-01", "2024-02", "2024-04"])
        XCTAssertEqual(v.cohorts.map(\.loans), [2, 2, 1])
        // 2024-01: A turns 90+ at MOB 4 → 1 of 2; observable through MOB 4.
        XCTAssertEqual(v.cohorts[0].cumulativeBadRate, [0, 0, 0, 0.5])
        // 2024-02: no bad; MOB 4 would be 2024-06, after the as-of month.
        XCTAssertEqual(v.cohorts[1].cumulativeBadRate, [0, 0, 0, nil])
        XCTAssertEqual(v.cohorts[2].cumulativeBadRate, [0, nil, nil, nil])
        XCTAssertEqual(VintageAnalysis(try data(), badDaysPastDue: 30).cohorts[0].cumulativeBadRate, [0, 0.5, 0.5, 0.5])
    }

    func testRollRatesByHand() throws {
        let r = RollRates(try data())
        // current→current: B 3 + C 1; current→30-59: A; 30-59→60-89: A; 60-89→90+: A; 1-29→current: C.
        XCTAssertEqual(r.counts, [[4, 0, 1, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]])
        XCTAssertEqual(r.rates[0], [0.8, 0, 0.2, 0, 0])
        XCTAssertEqual(r.rates[4], [nil, nil, nil, nil, nil])
    }

    func testTargetDefinitionByHand() throws {
        let d = try data()
        let three = TargetDefinition(badDaysPastDue: 90, horizon: 3).outcomes(d).map(\.outcome)
        // A: 90 only at MOB 4 → good at horizon 3; B good; C good (3 months seen); D closed in 2024-03 → good;
        // E: one month, still running at the as-of month → indeterminate.
        XCTAssertEqual(three, [.good, .good, .good, .good, .indeterminate])
        let four = TargetDefinition(badDaysPastDue: 90, horizon: 4).outcomes(d).map(\.outcome)
        XCTAssertEqual(four, [.bad, .good, .indeterminate, .good, .indeterminate])
    }

    /// The target column of the derived outcomes: bad 1, good 0, indeterminate missing (never good).
    func testTargetValues() throws {
        let four = TargetDefinition(badDaysPastDue: 90, horizon: 4).outcomes(try data())
        XCTAssertEqual(four.map(\.outcome.targetValue), ["1", "0", "", "0", ""])
    }

    func testBadRecordsNameTheLine() throws {
        XCTAssertThrowsError(try data("loan_id,cohort,month_on_book,days_past_due\nA,2024-01,1,0\nA,2024-01,1,5\n")) {
            XCTAssertEqual("\($0)", "perf.csv:3: loan A has a second record for month on book 1")
        }
        XCTAssertThrowsError(try data("loan_id,cohort,month_on_book,days_past_due\nA,Jan 2024,1,0\n")) {
            XCTAssertEqual("\($0)", "perf.csv:2: cohort 'Jan 2024' is not a month like 2024-03")
        }
        XCTAssertThrowsError(try data("loan_id,cohort,mob,days_past_due\nA,2024-01,1,0\n")) {
            XCTAssertTrue("\($0)".contains("no column 'month_on_book'"))
        }
        XCTAssertThrowsError(try data("loan_id,cohort,month_on_book,days_past_due\nA,2024-01,1.5,0\n")) {
            XCTAssertTrue("\($0)".contains("perf.csv:2"))
        }
    }

    /// On synthetic data, the target derived from performance equals the generator's `default` wherever the
    /// outcome is determinate (the generator's default is "90+ within 12 months on book").
    func testDerivedTargetMatchesSyntheticTruth() throws {
        var c = SmallBorrowerGenerator.Configuration()
        c.months = 30
        let g = SmallBorrowerGenerator(configuration: c)
        var text = SmallBorrowerGenerator.performanceHeader
        var truth: [String: Bool] = [:]
        for i in 0..<3000 {
            let loan = g.loan(i)
            truth[loan.applicant.loanID] = loan.isDefault
            text += SmallBorrowerGenerator.performanceLines(loan)
        }
        let d = try data(text)
        var determinate = 0
        for (id, outcome) in TargetDefinition().outcomes(d) where outcome != .indeterminate {
            determinate += 1
            XCTAssertEqual(outcome == .bad, truth[id], id)
        }
        XCTAssertGreaterThan(determinate, 1000)
    }
}
