import ArgumentParser
import Foundation
import CreditLinearAlgebra
import CreditScorecard
import CreditModelFile
import CreditTabular
import CreditSupport
@main
struct Credit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract: "Credit-scoring toolkit: profile data, fit logistic regression and scorecards with inference, score applicants, decide.",
        discussion: """
        Exit codes: 0 success, 64 usage error, 65 bad data (the message names file, line and column), 1 other; monitor --fail-on exits 3 when a check reaches that level, and score exits 3 when it scored no row or rejected more than --max-reject-rate.

        Examples:
          credit describe datasets/german_credit.csv --target default
          credit split datasets/german_credit.csv --target default -o dev.csv --holdout holdout.csv --seed 42
          credit bin datasets/german_credit.csv --target default
          credit train datasets/german_credit.csv --target default -o out/model.json
          credit score out/model.json datasets/german_credit.csv -o out/scores.csv
          credit strategy out/card.json applicants.csv --cutoffs 520,540,560
          credit policy out/card.json --cutoff 540 --refer-band 520,540 -o out/decided.json
          credit validate out/model.json holdout.csv
          credit report out/model.json holdout.csv -o report.html
          credit compare scored.csv --target default --scores pd_a,pd_b
          credit export out/model.json --to sql --dialect duckdb --table applicants -o model.sql
        """,
        version: ToolVersion.current,
        subcommands: [Describe.self, Split.self, Bin.self, Train.self, Score.self, Strategy.self, Policy.self, Validate.self, Compare.self, Monitor.self, MonitorStudy.self, Export.self, Synth.self, Vintage.self, Report.self, Fairness.self, Recalibrate.self]
    )

    /// The entry point. `CREDIT_THREADS` (1 or 2) also sets OpenBLAS's threads, unless `OPENBLAS_NUM_THREADS`
    /// is set. SIGXFSZ is ignored, so that a write beyond the file-size limit (`ulimit -f`) fails with EFBIG and
    /// is reported as "cannot write: File too large" (the output's temporary file dropped, the previous output
    /// intact) instead of the signal killing the process without a message.
    static func main() {
        signal(SIGXFSZ, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        if environment["CREDIT_THREADS"] != nil && environment["OPENBLAS_NUM_THREADS"] == nil {
            BLASThreads.useThreads(Concurrency.threads)
        }
        BLASThreads.stopIdleWorkers()
        main(nil)
    }
}
