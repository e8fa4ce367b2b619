import ArgumentParser
import Foundation
import CreditReports
import CreditSynthetic
import CreditTabular
import CreditSupport
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate seeded synthetic small-borrower loans with a known true default model.",
        discussion: """
        Each row is one loan application: region, employment type (salaried, gig, micro_business, farmer), \
        monthly income and its volatility, debt-to-income, lenders already owed, recent inquiries, past \
        delinquency, savings buffer in months, a financial-literacy score, loan amount and term, and the \
        target `default` (ever 90+ days past due within 12 months on book). Thin-file applicants have no \
        bureau record: lenders_count, inquiries_6m and past_delinquency are empty. The true model is \
        documented in datasets/small_borrowers.md; --true-pd adds each row's true PD.

        --shock DATE makes a downturn from that date: in proportion to each region's exposure, incomes become \
        more volatile, borrowers owe more lenders, savings shrink, and default odds rise.

        --performance FILE also writes monthly repayment records (loan_id, cohort, month_on_book, \
        days_past_due) for `credit vintage`, up to the end of the window.

        The same seed gives the same bytes on any machine; rows are generated one at a time, so any size streams. \
        A file output grows as a visible temporary file beside it (.NAME.tmp-PID-…, so ls and du show the \
        progress) and is renamed into place at the end, with --performance at the same moment; an error, \
        Ctrl-C or kill leaves the previous files as they were and removes the temporary files (kill -9 cannot \
        be caught: then delete them).

        Examples:
          credit synth --rows 10000 --seed 7 -o loans.csv
          credit synth --rows 50000 --seed 7 --shock 2025-01-01 --performance perf.csv -o loans.csv
          credit synth --rows 1000000 --seed 1 --true-pd -o - | gzip > big.csv.gz
        """
    )

    @Option(help: "Number of loans.")
    var rows: Int

    @Option(help: "Random seed (same seed, same bytes).")
    var seed: UInt64 = 1

    @Option(name: [.customShort("o"), .long], help: "Applications CSV to write ('-' for standard output).")
    var output: String

    @Option(help: "Also write monthly performance records here.")
    var performance: String?

    @Option(help: ArgumentHelp("First application date.", valueName: "YYYY-MM-DD"))
    var start: String = "2024-01-01"

    @Option(help: "Length of the application window in months.")
    var months: Int = 24

    @Option(help: ArgumentHelp("Start of an economic downturn.", valueName: "YYYY-MM-DD"))
    var shock: String?

    @Flag(help: "Add the true PD of each loan (column true_pd).")
    var truePd = false

    func validate() throws {
        try requireOption("--rows", rows, in: 1...Self.maxRows)
        if months < 1 || months > 600 { throw ValidationError("--months must be between 1 and 600") }
        if CivilDate(start) == nil { throw ValidationError("--start must be a date like 2024-01-01 (got '\(start)')") }
        if let shock, CivilDate(shock) == nil { throw ValidationError("--shock must be a date like 2025-01-01 (got '\(shock)')") }
        if performance == "-" && output == "-" { throw ValidationError("only one of -o and --performance can be standard output") }
    }

    /// The most loans one run writes: 10¹² (at least 60 TB of CSV).
    static let maxRows = 1_000_000_000_000
    /// The fewest bytes a loan takes in the applications file, and in the performance file (the shortest line
    /// of 20,000 generated loans is 67 bytes; a loan's performance records take at least 22).
    static let minimumBytesPerLoan = (applications: 60.0, performance: 20.0)

    /// Refuses, before writing anything, outputs that cannot fit the free space of their file system: `rows`
    /// times the fewest bytes a loan takes (so a run that is refused could never have fitted). Standard output
    /// and paths that are not regular files (a device, a FIFO) are not checked.
    func checkFreeSpace() throws {
        var need: [(path: String, bytes: Double)] = [(output, Double(rows) * Self.minimumBytesPerLoan.applications)]
        if let performance { need.append((performance, Double(rows) * Self.minimumBytesPerLoan.performance)) }
        var byDevice: [UInt64: (bytes: Double, free: Double, directory: String, paths: [String])] = [:]
        for (path, bytes) in need where path != "-" {
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG { continue }
            let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            var fs = statvfs()
            guard stat(directory, &st) == 0, statvfs(directory, &fs) == 0 else { continue }   // the writer reports it
            let device = UInt64(st.st_dev)
            let free = Double(fs.f_bavail) * Double(fs.f_frsize)
            var entry = byDevice[device] ?? (0, free, directory, [])
            entry.bytes += bytes; entry.paths.append(path)
            byDevice[device] = entry
        }
        for (_, e) in byDevice where e.bytes > e.free {
            throw UsageError(description: "--rows \(NumberFormat.count(rows)) writes at least \(Self.size(e.bytes)) to \(e.paths.joined(separator: " and "))"
                + " (\(Int(Self.minimumBytesPerLoan.applications)) bytes per loan or more, \(Int(Self.minimumBytesPerLoan.performance)) more with --performance),"
                + " but \(e.directory) has \(Self.size(e.free)) free; give fewer --rows or write elsewhere")
        }
    }

    /// "1.2 GB" (powers of 1000).
    static func size(_ bytes: Double) -> String {
        bytes >= 1e9 ? "\((bytes / 1e8).rounded() / 10) GB" : "\((bytes / 1e5).rounded() / 10) MB"
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output), ("--performance", performance)], inputs: [])
            try checkFreeSpace()
            var config = SmallBorrowerGenerator.Configuration()
            config.seed = seed
            config.start = CivilDate(start)!
            config.months = months
            config.shockDate = shock.flatMap(CivilDate.init)
            let generator = SmallBorrowerGenerator(configuration: config)
            // Visible temporary files (.NAME.tmp-PID-…), so that `ls` and `du` show a long run's progress;
            // both files are renamed into place together at the end (or, on an error, neither).
            let outputs = OutputGroup()
            let applications = outputs.add(try AtomicOutput(path: output, visibleTemporary: true))
            let perf = try performance.map { outputs.add(try AtomicOutput(path: $0, visibleTemporary: true)) }
            try applications.write(SmallBorrowerGenerator.applicationHeader(includeTruePD: truePd))
            try perf?.write(SmallBorrowerGenerator.performanceHeader)
            var defaults = 0
            let step = max(rows / 20, 1)
            for i in 0..<rows {
                let loan = generator.loan(i)
                if loan.isDefault { defaults += 1 }
                try applications.write(SmallBorrowerGenerator.applicationLine(loan, includeTruePD: truePd))
                if let perf { try perf.write(SmallBorrowerGenerator.performanceLines(loan)) }
                if rows >= 200_000 && (i + 1) % step == 0 { progress("\(i + 1) of \(rows) loans") }
            }
            try outputs.commit()
            printError("\(rows) loans, \(defaults) defaults (\(String(format: "%.2f", 100 * Double(defaults) / Double(rows)))%), seed \(seed)"
                       + (shock.map { ", shock from \($0)" } ?? ""))
        }
    }
}
