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
        more volatile, borrowers owe more lenders, savings shrink, and default odds rise. --shock-size S scales \
        every one of these moves (S = 1, the default, is the documented shock; 0.5 half of it; 0 none; at most 3): \
        after the shock, income volatility rises by 0.10·S·exposure, the Poisson mean of lenders owed by \
        0.8·S·exposure, savings are multiplied by 1 − 0.3·S·exposure, and the true log-odds of default rise by \
        0.9·S·exposure (exposure 0.2 … 1.0 by region; datasets/small_borrowers.md).

        --accept-rate R makes a through-the-door population for reject inference: an earlier, deliberately \
        imperfect score — each loan's true log-odds of default plus normal noise of sd --accept-noise (default 1), \
        drawn from a separate seeded stream — accepts the round(R·rows) applicants it finds safest (ties by loan \
        order); -o gets the accepts with their outcome, --rejected the others without the outcome, --rejected-truth \
        their loan_id and true default. The loans are the same as without --accept-rate (same seed, same loans); \
        this keeps one score per loan in memory.

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
          credit synth --rows 5000 --seed 8 --shock 2024-01-01 --shock-size 0.5 -o half-shock.csv
          credit synth --rows 1000000 --seed 1 --true-pd -o - | gzip > big.csv.gz
          credit synth --rows 20000 --seed 3 --accept-rate 0.55 -o accepts.csv --rejected rejects.csv --rejected-truth truth.csv
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

    @Option(help: ArgumentHelp("Size of the --shock: 1 the documented downturn, 0.5 half of it (every move × S), 0 … 3.", valueName: "S"))
    var shockSize: Double?

    @Flag(help: "Add the true PD of each loan (column true_pd).")
    var truePd = false

    @Option(help: ArgumentHelp("Through-the-door population: accept this share of applicants by an earlier score (the true log-odds plus normal noise of sd --accept-noise); -o gets the accepts, --rejected and --rejected-truth the rest.", valueName: "R"))
    var acceptRate: Double?

    @Option(help: ArgumentHelp("With --accept-rate: the sd of the earlier score's noise on the true log-odds (default: 1).", valueName: "SD"))
    var acceptNoise: Double?

    @Option(help: ArgumentHelp("With --accept-rate: write the rejected applications here, without the outcome (and without true_pd).", valueName: "FILE"))
    var rejected: String?

    @Option(help: ArgumentHelp("With --accept-rate: write the rejects' true outcomes here (loan_id, default; true_pd too with --true-pd).", valueName: "FILE"))
    var rejectedTruth: String?

    func validate() throws {
        try requireOption("--rows", rows, in: 1...SmallBorrowerGenerator.maxRows)
        if months < 1 || months > SmallBorrowerGenerator.maxMonths { throw ValidationError("--months must be between 1 and \(SmallBorrowerGenerator.maxMonths)") }
        if CivilDate(start) == nil { throw ValidationError("--start must be a date like 2024-01-01 (got '\(start)')") }
        if let shock, CivilDate(shock) == nil { throw ValidationError("--shock must be a date like 2025-01-01 (got '\(shock)')") }
        if let shockSize {
            if shock == nil { throw ValidationError("--shock-size needs --shock DATE (the date the shock starts)") }
            if !(shockSize >= 0 && shockSize <= SmallBorrowerGenerator.maxShockSize) {
                throw ValidationError("--shock-size must be between 0 and 3 (1 is the documented shock; got \(shockSize))")
            }
        }
        if performance == "-" && output == "-" { throw ValidationError("only one of -o and --performance can be standard output") }
        try validateThroughTheDoor()
    }

    /// Refuses, before writing anything, outputs that cannot fit the free space of their file system: `rows`
    /// times the fewest bytes a loan takes (`SmallBorrowerGenerator.minimumBytesPerLoan`; `FreeSpaceShortfall`).
    func checkFreeSpace() throws {
        let perLoan = SmallBorrowerGenerator.minimumBytesPerLoan
        let need = [(output, Double(rows) * perLoan.applications)] + (performance.map { [($0, Double(rows) * perLoan.performance)] } ?? [])
        if let e = FreeSpaceShortfall.check(need).first {
            throw UsageError(description: "--rows \(NumberFormat.count(rows)) writes at least \(Self.size(e.bytesNeeded)) to \(e.paths.joined(separator: " and "))"
                + " (\(Int(perLoan.applications)) bytes per loan or more, \(Int(perLoan.performance)) more with --performance),"
                + " but \(e.directory) has \(Self.size(e.bytesFree)) free; give fewer --rows or write elsewhere")
        }
    }

    /// "1.2 GB" (powers of 1000).
    static func size(_ bytes: Double) -> String {
        bytes >= 1e9 ? "\((bytes / 1e8).rounded() / 10) GB" : "\((bytes / 1e5).rounded() / 10) MB"
    }

    func run() throws {
        try runReportingErrors {
            try checkOutputs([("-o", output), ("--performance", performance), ("--rejected", rejected), ("--rejected-truth", rejectedTruth)], inputs: [])
            try checkFreeSpace()
            if let acceptRate { return try runThroughTheDoor(rate: acceptRate) }
            let generator = SmallBorrowerGenerator(configuration: generatorConfiguration)
            // Visible temporary files (.NAME.tmp-PID-…), so that `ls` and `du` show a long run's progress;
            // both files are renamed into place together at the end (or, on an error, neither).
            let outputs = OutputGroup()
            let applications = outputs.add(try AtomicOutput(path: output, visibleTemporary: true))
            let perf = try performance.map { outputs.add(try AtomicOutput(path: $0, visibleTemporary: true)) }
            let defaults = try generator.write(rows: rows, includeTruePD: truePd, applications: { try applications.write($0) },
                                               performance: perf.map { perf in { try perf.write($0) } }) { done in
                if rows >= 200_000 { progress("\(done) of \(rows) loans") }
            }
            try outputs.commit()
            printError("\(rows) loans, \(defaults) defaults (\(String(format: "%.2f", 100 * Double(defaults) / Double(rows)))%), seed \(seed)"
                       + (shock.map { ", shock from \($0)" } ?? "") + (shockSize.map { $0 == 1 ? "" : " of size \(NumberFormat.significant($0))" } ?? ""))
        }
    }
}

extension Synth {
    /// The most loans of a through-the-door run (one earlier score and one sort index per loan in memory).
    static let maxThroughTheDoorRows = 100_000_000

    /// --accept-rate, --accept-noise, --rejected and --rejected-truth go together; not with --performance.
    func validateThroughTheDoor() throws {
        guard let rate = acceptRate else {
            if let flag = [("--accept-noise", acceptNoise != nil), ("--rejected", rejected != nil), ("--rejected-truth", rejectedTruth != nil)].first(where: \.1) {
                throw ValidationError("\(flag.0) needs --accept-rate R (the through-the-door population)")
            }
            return
        }
        if !(rate > 0 && rate < 1) { throw ValidationError("--accept-rate must be a share between 0 and 1 (exclusive), e.g. 0.55") }
        if let sd = acceptNoise, !(sd >= 0 && sd.isFinite) { throw ValidationError("--accept-noise must be a finite sd of 0 or more, e.g. 1") }
        guard rejected != nil, rejectedTruth != nil else {
            throw ValidationError("--accept-rate needs --rejected FILE and --rejected-truth FILE (where the rejects and their true outcomes go)")
        }
        if performance != nil { throw ValidationError("--performance does not apply with --accept-rate (the rejects have no repayment records)") }
        if rows > Self.maxThroughTheDoorRows { throw ValidationError("--accept-rate takes at most \(NumberFormat.count(Self.maxThroughTheDoorRows)) --rows (one score per loan in memory)") }
        if [output, rejected, rejectedTruth].filter({ $0 == "-" }).count > 1 { throw ValidationError("only one of -o, --rejected and --rejected-truth can be standard output") }
    }

    /// Writes the accepts (-o), the rejects and their true outcomes together (or, on an error, none of them).
    func runThroughTheDoor(rate: Double) throws {
        let generator = SmallBorrowerGenerator(configuration: generatorConfiguration)
        let rule = AcceptRule(rate: rate, noise: acceptNoise ?? AcceptRule.defaultNoise)
        let outputs = OutputGroup()
        let a = outputs.add(try AtomicOutput(path: output, visibleTemporary: true))
        let r = outputs.add(try AtomicOutput(path: rejected!, visibleTemporary: true))
        let t = outputs.add(try AtomicOutput(path: rejectedTruth!, visibleTemporary: true))
        let counts = try generator.writeThroughTheDoor(rows: rows, rule: rule, includeTruePD: truePd,
                                                       accepts: { try a.write($0) }, rejects: { try r.write($0) },
                                                       truth: { try t.write($0) })
        try outputs.commit()
        func pct(_ x: Int, _ n: Int) -> String { String(format: "%.2f", n == 0 ? 0 : 100 * Double(x) / Double(n)) }
        printError("\(rows) loans, seed \(seed): \(counts.accepted) accepted (\(counts.acceptedDefaults) defaults, \(pct(counts.acceptedDefaults, counts.accepted))%),"
                   + " \(counts.rejected) rejected (\(counts.rejectedDefaults) defaults, \(pct(counts.rejectedDefaults, counts.rejected))%) by an earlier score with noise sd \(NumberFormat.significant(rule.noise))")
    }
}

extension Synth {
    /// The generator's configuration of the flags (--seed, --start, --months, --shock, --shock-size), shared by the
    /// plain run and the through-the-door run (--accept-rate).
    var generatorConfiguration: SmallBorrowerGenerator.Configuration {
        var config = SmallBorrowerGenerator.Configuration()
        config.seed = seed
        config.start = CivilDate(start)!
        config.months = months
        config.shockDate = shock.flatMap(CivilDate.init)
        config.shockSize = shockSize ?? 1
        return config
    }
}
