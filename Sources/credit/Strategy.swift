import ArgumentParser
import Foundation
import CreditDecision
import CreditMetrics
import CreditReports
import CreditModelFile
import CreditTabular

struct Strategy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose a cut-off: approvals, bads, band odds and profit per cut-off; swap set against an incumbent.",
        discussion: """
        Scores DATA with MODEL (rows the model rejects are left out and counted) and, for each cut-off, reports the \
        applicants approved and the approval rate, the bads and goods approved, the bad rate among the approved and \
        the declined, the band just above the cut-off (rows approved at it but not at the next safer cut-off) with \
        its bad rate and odds (goods/bads), the cumulative odds of the approved, and the profit \
        G·goods approved − L·bads approved (--gain-good G, default 1; --loss-bad L, default 5: the German credit \
        5:1 cost ratio, whose profit-maximising PD cut-off is 1/6 for a calibrated model).

        One cut-off rule everywhere: in points (scorecards, the default) approve when score ≥ cut-off; in PD \
        (--by pd; the default for other models) approve when PD ≤ cut-off. Cut-offs: --cutoffs (increasing, \
        distinct) or --bands N (cut-off j is the score of the ⌈j·n/N⌉-th safest row, j = 1…N, so at least j/N of \
        the rows are approved; ties can merge two); neither: --bands 10.

        Searches over every distinct score: the profit-maximising cut-off (ties: the safer one), with \
        --target-approval R the safest cut-off approving at least R, with --target-bad-rate B the most lenient \
        cut-off whose approved bad rate is at most B.

        Outcomes: the model's target and bad value (--target/--bad override). Rows with a missing outcome count in \
        approvals only; bads, goods, rates, odds and profit are over rows with an outcome. DATA without the target \
        column gives the approval columns only.

        Swap set: the 2×2 of the new decision (at --cutoff, or the profit-maximising cut-off) against an incumbent: \
        --incumbent COL, a score column in DATA (higher = riskier, like a PD, unless --incumbent-higher-is-safer), \
        approving at --incumbent-cutoff X by the same at-or rule, or without it at the cut-off that approves as \
        many applicants as the new score (as near as ties allow), so the comparison is at equal volume; a missing \
        incumbent score is a decline. Or --incumbent-rule 'EXPR', approving where the rule is true (see \
        notebooks-docs/decisions.md for the rule grammar: comparisons, and/or/not, 'is missing', 'in'; a \
        comparison with a missing value is false). Swap-ins: approved by the new score only; swap-outs: by the \
        incumbent only.

        Examples:
          credit strategy card.json applicants.csv --cutoffs 520,540,560,580
          credit strategy card.json applicants.csv --bands 10 --target-approval 0.7 --target-bad-rate 0.05
          credit strategy model.json applicants.csv --cutoffs 0.05,0.1,0.15 --gain-good 1 --loss-bad 4
          credit strategy card.json applicants.csv --incumbent-rule 'monthly_income >= 1000 and past_delinquency == 0'
          credit strategy card.json applicants.csv --incumbent bureau_pd --cutoff 560 --format json
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "CSV with the model's columns (and its target for bads and profit; '-' reads standard input).")
    var data: String

    @Option(help: ArgumentHelp("Cut-offs, increasing and distinct, comma-separated.", valueName: "C1,C2,..."))
    var cutoffs: String?

    @Option(help: ArgumentHelp("N cut-offs at the approval shares 1/N, 2/N, …, 1 (default 10 without --cutoffs).", valueName: "N"))
    var bands: Int?

    @Option(name: .customLong("by"), help: ArgumentHelp("Scale of the cut-offs: points (scorecards; the default for them) or pd.", valueName: "SCALE"))
    var scale: ScoreScale?

    @Option(help: ArgumentHelp("Profit per good approved.", valueName: "G"))
    var gainGood: Double = 1

    @Option(help: ArgumentHelp("Loss per bad approved.", valueName: "L"))
    var lossBad: Double = 5

    @Option(help: ArgumentHelp("Also find the safest cut-off approving at least this share, in (0, 1].", valueName: "R"))
    var targetApproval: Double?

    @Option(help: ArgumentHelp("Also find the most lenient cut-off whose approved bad rate is at most this, in [0, 1].", valueName: "B"))
    var targetBadRate: Double?

    @Option(help: ArgumentHelp("Outcome column (default: the model's target).", valueName: "COL"))
    var target: String?

    @Option(help: ArgumentHelp("Value of the outcome that means bad (default: the model's).", valueName: "VALUE"))
    var bad: String?

    @Option(help: ArgumentHelp("Swap set against this incumbent score column of DATA (higher = riskier unless --incumbent-higher-is-safer).", valueName: "COL"))
    var incumbent: String?

    @Flag(help: "The incumbent score is higher for safer applicants (points).")
    var incumbentHigherIsSafer = false

    @Option(help: ArgumentHelp("The incumbent's cut-off (default: the one approving as many as the new score).", valueName: "X"))
    var incumbentCutoff: Double?

    @Option(help: ArgumentHelp("Swap set against a rule: the incumbent approves where EXPR is true.", valueName: "EXPR"))
    var incumbentRule: String?

    @Option(help: ArgumentHelp("The new score's cut-off for the swap set (default: the profit-maximising one).", valueName: "S"))
    var cutoff: Double?

    @Option(help: "Output format: text, markdown, csv (long format, full precision), json or latex (booktabs tables).")
    var format: MetricsFormat = .text

    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func validate() throws {
        if cutoffs != nil && bands != nil { throw ValidationError("give the cut-offs by --cutoffs or --bands, not both") }
        if let cutoffs { _ = try Self.parseCutoffs(cutoffs) }
        try requireOption("--bands", bands, in: 1...10_000)
        try requireOption("--gain-good", gainGood, .atLeast(0))
        try requireOption("--loss-bad", lossBad, .atLeast(0))
        try requireOption("--target-approval", targetApproval, .openClosed(0, 1), "e.g. 0.7")
        try requireOption("--target-bad-rate", targetBadRate, .closed(0, 1), "e.g. 0.05")
        try requireOption("--incumbent-cutoff", incumbentCutoff, .finite)
        try requireOption("--cutoff", cutoff, .finite)
        if incumbent != nil && incumbentRule != nil { throw ValidationError("give the incumbent by --incumbent or --incumbent-rule, not both") }
        if incumbent == nil {
            if incumbentCutoff != nil { throw ValidationError("--incumbent-cutoff needs --incumbent COL") }
            if incumbentHigherIsSafer { throw ValidationError("--incumbent-higher-is-safer needs --incumbent COL") }
        }
        if cutoff != nil && incumbent == nil && incumbentRule == nil {
            throw ValidationError("--cutoff sets the cut-off of the swap set; give --incumbent or --incumbent-rule (or list it in --cutoffs)")
        }
    }

    /// "500,520,540" → [500, 520, 540]: numbers, finite, increasing, distinct (a usage error otherwise).
    static func parseCutoffs(_ text: String) throws -> [Double] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Double] = []
        for item in items {
            guard let v = Double(item), v.isFinite else {
                throw ValidationError("--cutoffs expects comma-separated numbers in increasing order, e.g. 500,520,540 (got '\(item)' in '\(text)')")
            }
            if let last = values.last, v <= last {
                throw ValidationError(v == last ? "--cutoffs lists \(item) twice; give each cut-off once"
                                      : "--cutoffs must be increasing (got \(item) after \(StrategyReport.value(last)))")
            }
            values.append(v)
        }
        return values
    }

    func run() throws {
        try runReportingErrors {
            let rule: RuleExpression?
            do { rule = try incumbentRule.map { try RuleExpression($0) } } catch let e as RuleSyntaxError {
                throw UsageError(description: "--incumbent-rule: \(e.description)")
            }
            let credit = try CreditModel.load(path: model)
            let scale = self.scale ?? (credit.scorecard != nil ? .points : .pd)
            if scale == .points && credit.scorecard == nil {
                throw UsageError(description: "--by points needs a scorecard model; \(model) is a \(credit.model) model, whose cut-offs are PDs (--by pd)")
            }
            let given = try cutoffs.map(Self.parseCutoffs)
            if scale == .pd, let given, let out = given.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw UsageError(description: "--cutoffs: \(StrategyReport.value(out)) is not a PD; with --by pd every cut-off is in [0, 1]")
            }
            var options = credit.readingOptions(try input.csvOptions())
            // Columns the rule reads keep their text (the rule compares text exactly), unless the model types them.
            for column in rule?.columns ?? [] where options.columnTypes[column] == nil { options.columnTypes[column] = .categorical }
            if let incumbent, options.columnTypes[incumbent] == nil { options.columnTypes[incumbent] = .numeric }
            options.typedColumnsMustExist = false
            let table = try readTable(data, options: options)
            if let target { try requireColumn(target, in: table, option: "--target") }
            if let incumbent { try requireColumn(incumbent, in: table, option: "--incumbent") }
            let bound: BoundRule?
            do { bound = try rule?.bind(table: table, missingTokens: options.missingTokens) } catch let e as RuleBindingError {
                throw UsageError(description: "--incumbent-rule: \(e.description)")
            }
            let spec = target.map { TargetSpec(column: $0, bad: bad ?? credit.target.bad) }
                ?? bad.map { TargetSpec(column: credit.target.column, bad: $0) }
            let sample = try strategySample(credit, table: table, scale: scale, target: spec)
            guard !sample.scores.isEmpty else {
                throw BadDataError(description: "\(table.source): the model rejected every row (\(NumberFormat.count(sample.rejected))); nothing to set a cut-off on")
            }
            let cutoffList = try given ?? StrategyTable.bandCutoffs(scores: sample.scores, scale: scale, count: bands ?? 10)
            let strategy = try StrategyTable(scores: sample.scores, outcomes: sample.outcomes, scale: scale, cutoffs: cutoffList,
                                             economics: StrategyEconomics(gainPerGood: gainGood, lossPerBad: lossBad))
            let swap = try swapSet(strategy, sample: sample, table: table, bound: bound, scale: scale)
            let report = StrategyReport(
                source: table.source, model: model, scale: scale, target: sample.target?.column, bad: sample.target?.bad,
                rowsIn: table.rowCount, rowsRejected: sample.rejected, rowsMissingOutcome: sample.missingOutcome,
                cutoffsFrom: given == nil ? "bands \(bands ?? 10)" : "given", table: strategy,
                targetApproval: targetApproval.map { .init(target: $0, row: strategy.forApprovalRate($0)?.row) },
                targetBadRate: targetBadRate.map { .init(target: $0, row: strategy.forBadRate($0)?.row) }, swap: swap)
            print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }

    /// The rows to build the table on, the library's errors worded as the CLI prints them.
    func strategySample(_ credit: CreditModel, table: Table, scale: ScoreScale, target: TargetSpec?) throws -> StrategySample {
        do {
            return try StrategySample(model: credit, table: table, scale: scale, target: target)
        } catch EvaluationError.missingColumns(let source, let header, let columns) {
            throw noSuchColumn(columns[0], option: "--target", source: source, columns: header)
        } catch EvaluationError.targetNotBinary(let source, let column, let bad, let values, let distinct) {
            throw BadDataError(description: "\(source): target '\(column)' has more than two values (\(values.joined(separator: ", "))\(distinct > values.count ? ", …" : "")); a strategy table needs the bad value '\(bad)' and one good value")
        } catch ScoringError.missingColumns(let source, _, let inputs, _) {
            throw modelNeeds(model, inputs, source: source)
        }
    }

    /// The swap set at `--cutoff` (or the profit-maximising cut-off) against the incumbent, nil without one.
    func swapSet(_ strategy: StrategyTable, sample: StrategySample, table: Table, bound: BoundRule?, scale: ScoreScale) throws -> StrategyReport.Swap? {
        guard incumbent != nil || bound != nil else { return nil }
        let chosenBy: String
        let at: Double
        if let cutoff {
            if scale == .pd && !(cutoff >= 0 && cutoff <= 1) {
                throw UsageError(description: "--cutoff \(StrategyReport.value(cutoff)) is not a PD; with --by pd the cut-off is in [0, 1]")
            }
            at = cutoff; chosenBy = "given"
        } else if let best = strategy.profitMaximising {
            at = best.cutoff; chosenBy = "the profit-maximising cut-off"
        } else {
            throw UsageError(description: "\(table.source) has no outcomes, so there is no profit-maximising cut-off for the swap set; give --cutoff S")
        }
        let rule = Cutoff(at, scale: scale)
        let newApproves = sample.scores.map(rule.approves)
        let incumbentApproves: [Bool]
        let description: String
        var missing: Int? = nil
        if let bound {
            incumbentApproves = try sample.rows.map { row in
                do { return try bound.evaluate(table: table, row: row) } catch let e as RuleEvaluationError {
                    let k = (table.columnIndex(named: e.column) ?? 0) + 1
                    throw BadDataError(description: "\(table.source):\(table.lineNumbers[row]):\(k) (\(e.column)): \(e.reason) (--incumbent-rule)")
                }
            }
            description = "rule: \(bound.rule.source)"
        } else {
            let name = incumbent!
            guard case .numeric(let column) = table[name]! else {
                throw BadDataError(description: "\(table.source): --incumbent '\(name)' is not a numeric column (the model reads it as categories); the incumbent must be a score")
            }
            let values = sample.rows.map { column[$0] }
            let incumbentScale: ScoreScale = incumbentHigherIsSafer ? .points : .pd
            let matched = incumbentCutoff == nil
            let x = incumbentCutoff ?? SwapSet.matchingCutoff(incumbent: values, scale: incumbentScale, approvals: newApproves.count { $0 })
            let sign = incumbentScale == .points ? "≥" : "≤"
            if let x {
                let c = Cutoff(x, scale: incumbentScale)
                incumbentApproves = values.map(c.approves)
                description = "\(name) \(sign) \(StrategyReport.value(x))" + (matched ? " (the cut-off approving as many as the new score)" : "")
            } else {
                incumbentApproves = values.map { _ in false }
                description = "\(name) (declines everyone: too few incumbent values to match the new score's approvals)"
            }
            missing = values.count { $0.isNaN }
        }
        let set = try SwapSet(newApproves: newApproves, incumbentApproves: incumbentApproves, outcomes: sample.outcomes)
        return .init(cutoff: at, cutoffChosenBy: chosenBy, incumbent: description, incumbentMissing: missing, set: set)
    }
}
