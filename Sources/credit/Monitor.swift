import ArgumentParser
import Foundation
import CreditMetrics
import CreditMonitoring
import CreditRegression
import CreditReports
import CreditModelFile
import CreditTabular
import CreditSupport
extension TrafficLight: ExpressibleByArgument {}
extension ScoreBanding: ExpressibleByArgument {}
extension AlarmPolicy: ExpressibleByArgument {}

/// How `--empty-band` names the rules of `EmptyBandRule`.
enum EmptyBandChoice: String, CaseIterable, ExpressibleByArgument {
    case replace, add, skip
}

/// Exit status of `credit monitor` when a check reaches the `--fail-on` level.
enum MonitorExit {
    static let thresholdReached: Int32 = 3
}

/// Runs `CreditMonitoring.Monitor` (monitor, report --baseline), naming the samples that lack a column the
/// model needs (exit 65).
func monitor(_ model: CreditModel, path: String, base: Table, recent: Table, target: TargetSpec?, options: MonitorOptions) throws -> MonitorResult {
    do {
        return try CreditMonitoring.Monitor.run(model: model, base: base, recent: recent, target: target, options: options)
    } catch RegressionError.missingColumn(let name) {
        let missing = [base, recent].filter { $0[name] == nil }.map(\.source)
        throw BadDataError(description: "\(missing.joined(separator: " and ")): the model \(path) needs column '\(name)', not in this file")
    }
}

struct Monitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Monitor a saved model on a base and a recent sample: PSI/CSI, χ² tests, AUC/KS drift, calibration by grade.",
        discussion: """
        Scores BASE (e.g. the development holdout) and RECENT with MODEL and compares them. Every check gets a \
        traffic light (GREEN, AMBER, RED); --fail-on amber|red exits with status 3 when any check reaches that \
        level, after printing the report, so a pipeline can stop.

        Score stability: PSI = Σ (A − E)·ln(A/E) of the model's PD over bands of BASE (--band-by quantiles: \
        --score-bands equal-count bands, cut at data values; or --band-by grades: the master scale). Rows the model \
        rejects are left out of the score PSI and counted. Empty bands (--empty-band): replace (default) puts \
        --empty-band-value (default 1e-4) in place of a zero share; add adds it (default 0.5) to every count; \
        skip drops bands empty in either sample (as toad's PSI).

        Characteristic stability, on every row: CSI per characteristic with each bin's contribution, and a χ² test \
        of homogeneity of the binned distribution (2 × bins, no continuity correction; bins empty in both left \
        out). Scorecards use the model's bins (unseen levels in the 'other' bin); plain logistic regression uses \
        each categorical column's levels and --characteristic-bands equal-count bands of each numeric column in \
        BASE, plus a 'missing' bin.

        With outcomes (--target, or the model's target column when RECENT has it): AUC with DeLong CI and KS on \
        each sample, and the unpaired test of the change z = (AUC_recent − AUC_base)/√(V_base + V_recent); \
        calibration by master-scale grade on RECENT: Jeffreys (CDF of Beta(D + ½, N − D + ½) at the PD) and \
        binomial (P(Bin(N, PD) ≥ D)) tests that the PD is not underestimated, PD = mean model PD of the grade's \
        rows; Hosmer–Lemeshow on RECENT (--hl-groups quantile groups, df = G since the model was not fitted on it).

        Master scale: --grade-bounds 0.01,0.03,0.1 (grades G1 … safest first, PD in [lower, upper)), or --grades \
        FILE (CSV with columns grade,upper_pd, safest first; the last upper_pd may be empty or 1), or built from \
        BASE: --grade-bands equal-count PD bands, adjacent bands pooled (pool-adjacent-violators) until the \
        observed default rates increase strictly. For a scorecard the master-scale table also gives each grade's \
        bounds in points (the scaling's score at each PD bound, Offset − Factor · ln(PD/(1 − PD)), unrounded; a \
        grade holds the scores above its first and up to its second), PD alongside; the score PSI's bands get \
        their points the same way. --write-grades FILE writes the scale of this run (built or given) in the \
        format --grades reads, atomically: build it once at launch and pass --grades FILE to later runs, so the \
        grades stay fixed. The report says whether the scale was built from BASE in this run.

        In-sample base: when BASE is the model's training data — its SHA-256 is the one the model file records \
        (also after changing CRLF/LF line endings), or its rows reproduce the training fit (as many scored rows \
        with an outcome and bads, and the same log-likelihood at the model's coefficients, to 1e-9: a copy in \
        any row or column order) — the report says so (JSON: result.inSampleBase) and the AUC change is judged \
        from an out-of-sample base AUC: the bootstrap optimism-corrected AUC (Efron/Harrell: \
        --optimism-replicates refits on samples of BASE drawn with replacement, optimism = mean of AUC on the \
        sample − AUC on BASE, default 50). Refitted: a plain logistic regression (maximum likelihood or Firth) on \
        the model's design; a scorecard by credit train --scorecard's default procedure (binning, IV selection, \
        WoE regression, the recorded --exclude), used only when it reproduces the model on BASE. A scorecard \
        trained with other options, or a model trained with selection, penalties or weights, is not refitted: \
        the in-sample AUC change is shown but not judged, and the report asks for a holdout base.

        With outcomes in BASE too, calibration also compares RECENT with what BASE observed ("recent vs base"), \
        per grade and overall: the pooled two-proportion z test, or Fisher's exact test when an expected cell count \
        is below 5 (two-sided); the Jeffreys/binomial/HL tests against the model's PD are "model vs observed".

        Traffic lights (--alarm-policy family-wise, the default): a calm month is RED with probability at most \
        --alpha (0.05), for any number of grades and characteristics. RED needs both evidence and a material \
        effect. Evidence: the checks fall in up to k = 4 areas (score: χ² of the score bands; characteristics: χ² \
        of each; discrimination: the AUC change; calibration: model-vs-observed Jeffreys and recent-vs-base per \
        grade, recent-vs-base overall, Hosmer–Lemeshow); --alpha is split equally over the areas present (α/k, \
        Bonferroni) and, within an area, Holm's step-down adjustment is compared with α/k. Material: PSI or CSI \
        ≥ --psi-red/--csi-red (0.25); AUC drop (base − recent) ≥ --auc-drop (0.05); relative calibration gap ≥ \
        --calibration-gap (0.5): (observed − PD)/PD model vs observed, |recent − base|/base recent vs base; \
        Hosmer–Lemeshow has no effect size and is at most AMBER. RED = significant and material; AMBER = \
        significant but not material, material with p ≤ --alpha before the adjustment but not after it, or \
        PSI/CSI ≥ --psi-amber/--csi-amber (0.1) without significance; a material gap with unadjusted p > --alpha \
        is GREEN (noise in a small grade); each check says which. The bound holds when every test's null holds (the tests are \
        asymptotic except Jeffreys and Fisher); measured on simulated months in notebooks-docs/monitoring.md.

        --alarm-policy per-check is the old rule, each check alone: PSI and CSI amber ≥ 0.1, red ≥ 0.25; every test \
        (χ², AUC change, Jeffreys per grade, Hosmer–Lemeshow) amber p < --p-amber (0.05), red p < --p-red (0.01), \
        unadjusted — a calm month's chance of RED grows with the number of checks. --p-amber/--p-red without \
        --alarm-policy still select it, with a note.

        --format csv is one long table with the header check,item,statistic,value,p,light: one row per check \
        and item (score PSI and each band's contribution, each characteristic's CSI, χ² and bins, AUC and KS, the \
        AUC change, each grade's counts and tests, Hosmer–Lemeshow, the master scale), exact values.

        Exit codes: 0 success, 3 a check reached --fail-on, 64 usage error, 65 bad data, 1 other.

        Examples:
          credit monitor out/model.json holdout.csv recent.csv
          credit monitor model.json base.csv recent.csv --target default --fail-on red
          credit monitor model.json base.csv recent.csv --alpha 0.01 --calibration-gap 0.3
          credit monitor model.json base.csv recent.csv --grade-bounds 0.01,0.02,0.05,0.1,0.2 --band-by grades
          credit monitor model.json base.csv recent.csv --format json > monitor.json
          credit monitor model.json holdout.csv recent.csv --write-grades grades.csv
          credit monitor model.json holdout.csv recent.csv --grades grades.csv
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "Base sample CSV (e.g. the development holdout; '-' reads standard input).")
    var base: String

    @Argument(help: "Recent sample CSV ('-' reads standard input).")
    var recent: String

    @Option(help: ArgumentHelp("Outcome column (default: the model's target, when RECENT has it).", valueName: "COL"))
    var target: String?

    @Option(help: ArgumentHelp("Value of the target that means bad (default: the model's).", valueName: "VALUE"))
    var bad: String?

    @Option(help: "Score bands: quantiles (of the base PD) or grades (the master scale).")
    var bandBy: ScoreBanding = .quantiles

    @Option(help: ArgumentHelp("Equal-count bands of the base PD for the score PSI.", valueName: "N"))
    var scoreBands: Int = 10

    @Option(help: ArgumentHelp("Equal-count bands of each numeric characteristic of a plain logistic regression.", valueName: "N"))
    var characteristicBands: Int = 10

    @Option(help: "Empty-band rule: replace (a zero share by the value), add (the value to every count) or skip.")
    var emptyBand: EmptyBandChoice = .replace

    @Option(help: ArgumentHelp("Value for --empty-band (default 1e-4 for replace, 0.5 for add).", valueName: "X"))
    var emptyBandValue: Double?

    @Option(help: ArgumentHelp("Master-scale bounds: increasing PDs in (0, 1), comma-separated.", valueName: "P1,P2,..."))
    var gradeBounds: String?

    @Option(help: ArgumentHelp("Master scale from a CSV with columns grade,upper_pd (safest grade first).", valueName: "FILE"))
    var grades: String?

    @Option(help: ArgumentHelp("Initial PD bands of a master scale built from BASE.", valueName: "N"))
    var gradeBands: Int = 10

    @Option(help: ArgumentHelp("Write the master scale of this run (grade,upper_pd; the format --grades reads) to FILE, so later runs can keep it.", valueName: "FILE"))
    var writeGrades: String?

    @Option(help: ArgumentHelp("Bootstrap replicates of the optimism-corrected AUC when BASE is the model's training data (0: detect only).", valueName: "N"))
    var optimismReplicates: Int = InSampleBase.defaultReplicates

    @Option(help: ArgumentHelp("Seed of the optimism bootstrap; the same seed gives the same samples.", valueName: "S"))
    var optimismSeed: UInt64 = InSampleBase.defaultSeed

    @Option(help: ArgumentHelp("PSI of the score at or above this is amber.", valueName: "X")) var psiAmber: Double = 0.10
    @Option(help: ArgumentHelp("PSI of the score at or above this is red.", valueName: "X")) var psiRed: Double = 0.25
    @Option(help: ArgumentHelp("CSI of a characteristic at or above this is amber.", valueName: "X")) var csiAmber: Double = 0.10
    @Option(help: ArgumentHelp("CSI of a characteristic at or above this is red.", valueName: "X")) var csiRed: Double = 0.25
    @Option(help: "Traffic-light rule: family-wise (RED = significant after Holm at --alpha/k and material) or per-check (each test alone, --p-amber/--p-red).")
    var alarmPolicy: AlarmPolicy?
    @Option(help: ArgumentHelp("Family-wise: the chance of any RED in a calm month is at most this.", valueName: "A")) var alpha: Double = 0.05
    @Option(help: ArgumentHelp("Family-wise: an AUC drop (base − recent) at or above this is material.", valueName: "X")) var aucDrop: Double = 0.05
    @Option(help: ArgumentHelp("Family-wise: a relative calibration gap at or above this is material.", valueName: "X")) var calibrationGap: Double = 0.5
    @Option(help: ArgumentHelp("Per-check: a test with p below this is amber (default 0.05; alone it selects --alarm-policy per-check).", valueName: "P")) var pAmber: Double?
    @Option(help: ArgumentHelp("Per-check: a test with p below this is red (default 0.01; alone it selects --alarm-policy per-check).", valueName: "P")) var pRed: Double?

    @Option(help: ArgumentHelp("Hosmer–Lemeshow quantile groups.", valueName: "N"))
    var hlGroups: Int = 10

    @Option(help: "Confidence level of the AUC intervals.")
    var confidence: Double = 0.95

    @Option(help: "Exit with status 3 when any check is at least this: amber or red.")
    var failOn: TrafficLight?

    @Option(help: "Output format: text, markdown, csv (one long table: check,item,statistic,value,p,light) or json.")
    var format: OutputFormat = .text

    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func validate() throws {
        if base == "-" && recent == "-" { throw ValidationError("only one of BASE and RECENT can be '-' (standard input)") }
        try requireOption("--score-bands", scoreBands, in: 2...MonitorOptions.maxBands)
        try requireOption("--characteristic-bands", characteristicBands, in: 2...MonitorOptions.maxBands)
        try requireOption("--grade-bands", gradeBands, in: 1...MonitorOptions.maxBands)
        try requireOption("--hl-groups", hlGroups, in: 3...MonitorOptions.maxBands)
        try requireOption("--optimism-replicates", optimismReplicates, in: 0...InSampleBase.maxReplicates)
        if writeGrades == "-" { throw ValidationError("--write-grades must name a file (the report goes to standard output)") }
        try validateConfidence(confidence)
        if gradeBounds != nil && grades != nil { throw ValidationError("give the master scale by --grade-bounds or --grades, not both") }
        if let v = emptyBandValue {
            if emptyBand == .skip { throw ValidationError("--empty-band-value has no effect with --empty-band skip") }
            if !(v > 0 && v.isFinite) { throw ValidationError("--empty-band-value must be positive") }
        }
        if failOn == .green { throw ValidationError("--fail-on must be amber or red") }
        for (flag, value) in [("--psi-amber", psiAmber), ("--psi-red", psiRed), ("--csi-amber", csiAmber), ("--csi-red", csiRed)] {
            try requireOption(flag, value, .positive)
        }
        if !(psiAmber > 0 && psiAmber <= psiRed) { throw ValidationError("--psi-amber must be positive and at most --psi-red") }
        if !(csiAmber > 0 && csiAmber <= csiRed) { throw ValidationError("--csi-amber must be positive and at most --csi-red") }
        let pa = pAmber ?? 0.05, pr = pRed ?? 0.01
        if !(pr > 0 && pr <= pa && pa < 1) { throw ValidationError("need 0 < --p-red ≤ --p-amber < 1") }
        if alarmPolicy == .familyWise && (pAmber != nil || pRed != nil) {
            throw ValidationError("--p-amber and --p-red belong to --alarm-policy per-check; the family-wise policy uses --alpha")
        }
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be between 0 and 1 (exclusive)") }
        try requireOption("--auc-drop", aucDrop, .positive)
        try requireOption("--calibration-gap", calibrationGap, .positive)
        if let gradeBounds { _ = try parseBounds(gradeBounds) }
    }

    func parseBounds(_ text: String) throws -> MasterScale {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--grade-bounds expects comma-separated PDs, e.g. 0.01,0.03,0.1 (got '\(text)')")
        }
        do { return try MasterScale(bounds: values.map { $0! }) } catch let e as MetricsError {
            throw ValidationError("--grade-bounds: \(e.description)")
        }
    }

    func readScale(_ path: String) throws -> MasterScale {
        do {
            return try MasterScale.read(path: path)
        } catch MasterScaleFileError.missingColumns {
            throw UsageError(description: "--grades \(path): needs columns 'grade' and 'upper_pd'")
        } catch MasterScaleFileError.missingBound {
            throw BadDataError(description: "--grades \(path): every grade but the last needs an upper_pd; the last has none or 1")
        } catch MasterScaleFileError.invalidScale(_, let e) {
            throw BadDataError(description: "--grades \(path): \(e.description)")
        }
    }

    func run() throws {
        try runMetricsReportingErrors {
            try checkOutputs([("--write-grades", writeGrades)], inputs: [("MODEL", model), ("BASE", base), ("RECENT", recent), ("--grades", grades)])
            let credit = try CreditModel.load(path: model)
            let options = credit.readingOptions(try input.csvOptions())
            let (baseTable, baseBytes) = try readBase(base, options: options)
            let recentTable = try readTable(recent, options: options)
            if let target { try requireColumn(target, in: recentTable, option: "--target") }
            let column = target ?? credit.target.column
            let spec: TargetSpec? = recentTable[column] == nil ? nil : TargetSpec(column: column, bad: bad ?? credit.target.bad)

            var o = MonitorOptions()
            o.scoreBanding = bandBy
            o.scoreBands = scoreBands
            o.characteristicBands = characteristicBands
            switch emptyBand {
            case .replace: o.emptyBands = .replaceZeroShare(emptyBandValue ?? 1e-4)
            case .add: o.emptyBands = .addToCounts(emptyBandValue ?? 0.5)
            case .skip: o.emptyBands = .skipBand
            }
            o.thresholds.psiAmber = psiAmber; o.thresholds.psiRed = psiRed
            o.thresholds.csiAmber = csiAmber; o.thresholds.csiRed = csiRed
            o.thresholds.pValueAmber = pAmber ?? 0.05; o.thresholds.pValueRed = pRed ?? 0.01
            o.thresholds.alpha = alpha; o.thresholds.aucDrop = aucDrop; o.thresholds.calibrationGap = calibrationGap
            if let alarmPolicy { o.thresholds.policy = alarmPolicy }
            else if pAmber != nil || pRed != nil {
                printError("credit: note: --p-amber/--p-red select the per-check policy (each test alone); say --alarm-policy per-check, or use the default family-wise policy with --alpha")
                o.thresholds.policy = .perCheck
            }
            if let gradeBounds { o.masterScale = .given(try parseBounds(gradeBounds)) }
            else if let grades { o.masterScale = .given(try readScale(grades)) }
            else { o.masterScale = .built(initialBands: gradeBands) }
            o.hosmerLemeshowGroups = hlGroups
            o.confidenceLevel = confidence

            progress("monitoring")
            var result = try monitor(credit, path: model, base: baseTable, recent: recentTable, target: spec, options: o)
            // The optimism bootstrap only serves the AUC change: none without discrimination.
            let replicates = result.discrimination == nil ? 0 : optimismReplicates
            progress("checking whether BASE is the training data")
            result.applyInSampleBase(try InSampleBase.check(model: credit, base: baseTable, baseBytes: baseBytes, target: spec,
                                                            replicates: replicates, seed: optimismSeed))
            var report = MonitorReport(model: model, result: result, failOn: failOn)
            report.failOnLabel = "--fail-on"
            report.masterScaleFile = gradeBounds == nil ? grades : nil
            if let writeGrades {
                try writeFileAtomically(path: writeGrades, bytes: Array(result.masterScale.csv().utf8))
                report.masterScaleWrittenTo = writeGrades
                printError("master scale written to \(writeGrades)")
            }
            print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
            if let failOn, result.overall >= failOn {
                printError("credit: monitor: overall status \(result.overall.rawValue.uppercased()) reaches --fail-on \(failOn.rawValue) (exit \(MonitorExit.thresholdReached))")
                throw ExitCode(MonitorExit.thresholdReached)
            }
        }
    }
}

/// BASE read once: its table, and its bytes for the training-data check (`InSampleBase`). A regular file is
/// parsed by path and read again for the bytes; standard input, a pipe or a FIFO is read whole and parsed from
/// those bytes.
func readBase(_ path: String, options: CSVOptions) throws -> (Table, [UInt8]) {
    switch try InputFile.open(path) {
    case .regularFile(let file):
        return (try readTable(file, options: options), try InputFile.readAll(file))
    case .bytes(let bytes, let source):
        progress("reading \(path)")
        let table = try CSVReader.read(bytes: bytes, source: source, options: options)
        printNotes(table.notes)
        return (table, bytes)
    }
}
