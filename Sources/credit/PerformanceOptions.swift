import ArgumentParser
import CreditPortfolio
import CreditTabular
/// The column names of a repayment-performance file (one row per loan and month on book), shared by
/// `credit vintage` and `credit report --performance`, and the one way to read such a file.
struct PerformanceColumnOptions: ParsableArguments {
    @Option(help: "Loan id column of the performance file.") var id: String = "loan_id"
    @Option(help: "Cohort column (YYYY-MM) of the performance file.") var cohort: String = "cohort"
    @Option(help: "Month-on-book column of the performance file.") var mob: String = "month_on_book"
    @Option(help: "Days-past-due column of the performance file.") var dpd: String = "days_past_due"

    /// Reads `path` with the CSV options given (id and cohort read as text unless typed otherwise); also
    /// returns the source name the reader gave the file.
    func read(_ path: String, options given: CSVOptions) throws -> (data: PerformanceData, source: String) {
        var options = given
        options.typedColumnsMustExist = false
        options.columnTypes[id] = options.columnTypes[id] ?? .categorical
        options.columnTypes[cohort] = options.columnTypes[cohort] ?? .categorical
        let table = try readTable(path, options: options, announce: false)
        var columns = PerformanceData.Columns()
        columns.id = id; columns.cohort = cohort; columns.monthOnBook = mob; columns.daysPastDue = dpd
        do { return (try PerformanceData(table: table, columns: columns), table.source) }
        catch let e as PerformanceError { throw BadDataError(description: e.cliDescription) }
    }
}
