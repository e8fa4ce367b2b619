import ArgumentParser
import Foundation
import CreditDecision
import CreditMetrics
import CreditModelFile
import CreditReports
import CreditTabular

struct Fairness: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Approval, adverse impact, error rates, AUC and calibration by group (a column of DATA) at a cut-off.",
        discussion: """
        Scores DATA with MODEL and approves each row by the one cut-off rule: score ≥ --cutoff (points) for a \
        scorecard, PD ≤ --cutoff for other models. Groups are the values of --group (a column of DATA, in the \
        model or not); a numeric column is cut into bands at the --bands edges, closed on the left ("< 25", \
        "[25, 40)", "≥ 60"); a missing value forms the group "(missing)". Rows the model rejects are left out \
        and counted; rows without an outcome (target missing, or no target column) count for approval only. Outcomes: the model's target and bad value (--target/--bad override).

        Per group, with approval the favourable decision and good the favourable outcome:
          approval rate    approved / rows.
          AIR              adverse impact ratio = approval rate / approval rate of the reference group, with a \
        confidence interval by Katz's log method for the ratio of two independent proportions: \
        exp(ln AIR ± z·√(1/x₁ − 1/n₁ + 1/x₀ − 1/n₀)) (Katz, Baptista, Azen & Pike 1978, Biometrics 34:469–474); \
        when a cell of the 2×2 table (approved/declined × group/reference) is zero, the interval uses ½ added to \
        all four cells (marked "½ added"); AIR is n/a when the reference approves nobody.
          AIR < 0.8        the four-fifths rule of the US Uniform Guidelines on Employee Selection Procedures, \
        29 CFR 1607.4(D) (a rule of thumb for adverse impact, not a test).
          bad rate approved  bads among the approved rows with an outcome.
          TPR, FPR         share of goods approved, share of bads approved.
          EOD              equal-opportunity difference TPR − TPR(reference): equal opportunity asks equal \
        true-positive rates among the qualified (Hardt, Price & Srebro 2016, NeurIPS, arXiv:1610.02413).
          AUC              of the PD within the group, with the DeLong interval (DeLong, DeLong & \
        Clarke-Pearson 1988, Biometrics 44:837–845), as credit validate; n/a when the group lacks bads or goods, \
        and no interval with a single bad or good.
          calibration      mean PD against the observed bad rate; z = (bads − ΣPD)/√Σ PD(1 − PD), the normal \
        approximation to the number of bads under H0 that every PD is right, two-sided p.
        The reference group is --reference, or else the group with the most rows (say so in the output). A \
        group of one row is shown, with n/a for what one row cannot give.

        Examples:
          credit fairness card.json datasets/small_borrowers.csv --group employment_type --cutoff 560
          credit fairness model.json datasets/small_borrowers.csv --group monthly_income --bands 800,1500,3000 --cutoff 0.1
          credit fairness card.json applicants.csv --group region --reference capital --cutoff 560 --format json
        """
    )

    @Argument(help: "Model file written by 'credit train -o'.")
    var model: String

    @Argument(help: "CSV with the model's columns and the group column; the target is optional ('-' reads standard input).")
    var data: String

    @Option(help: ArgumentHelp("Column whose values are the groups.", valueName: "COL"))
    var group: String

    @Option(help: ArgumentHelp("Approve at score ≥ S points (scorecards) or PD ≤ S (other models); required.", valueName: "S"))
    var cutoff: Double?

    @Option(help: ArgumentHelp("Reference group of the AIR and EOD (default: the group with the most rows).", valueName: "LEVEL"))
    var reference: String?

    @Option(help: ArgumentHelp("Band edges for a numeric --group column, strictly increasing: E1,E2,…", valueName: "EDGES"))
    var bands: String?

    @Option(help: "Confidence level of every interval.")
    var confidence: Double = 0.95

    @Option(help: "Output format: text, markdown, csv (one row per group, full precision), json or latex (booktabs tables).")
    var format: MetricsFormat = .text

    @OptionGroup var outcome: OutcomeOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions

    func validate() throws {
        guard let cutoff else {
            throw ValidationError("--cutoff is required: approve at score ≥ S points for a scorecard, PD ≤ S for other models (e.g. --cutoff 560 or --cutoff 0.08)")
        }
        try requireOption("--cutoff", cutoff, .finite)
        try validateConfidence(confidence)
        _ = try bandEdges()
    }

    func bandEdges() throws -> [Double]? { try parseBandEdges(bands) }

    func run() throws {
        try runReportingErrors {
            let credit = try CreditModel.load(path: model)
            let scale: ScoreScale = credit.scorecard != nil ? .points : .pd
            if scale == .pd, let c = cutoff, !(c >= 0 && c <= 1) {
                throw UsageError(description: "--cutoff \(FairnessReport.edge(c)): \(model) is not a scorecard, so the cut-off is a PD in [0, 1] (approve when PD ≤ cut-off), e.g. --cutoff 0.08")
            }
            var options = credit.readingOptions(try input.csvOptions())
            let edges = try bandEdges()
            if edges != nil, options.columnTypes[group] == nil { options.columnTypes[group] = .numeric }
            let table = try readTable(data, options: options)
            try requireRows(table, for: "fairness")
            let groups = try fairnessGroups(table, column: group, bands: edges)
            let missing = credit.inputs.map(\.name).filter { table.columnIndex(named: $0) == nil }
            if !missing.isEmpty { throw modelNeeds(model, missing, source: table.source) }
            let outcomes = try outcomesOf(credit, table: table, target: outcome.spec(for: credit))

            progress("scoring \(table.rowCount) rows")
            let scored = try credit.score(table)
            var scores: [Double] = [], pds: [Double] = [], isBad: [Bool?] = [], labels: [String] = []
            for row in 0..<table.rowCount where !scored.probabilities[row].isNaN {
                let pd = scored.probabilities[row]
                if scale == .points {
                    guard let card = scored.scorecardRows?[row] else { continue }
                    scores.append(Double(card.score))
                } else {
                    scores.append(pd)
                }
                pds.append(pd)
                isBad.append(outcomes?[row] ?? nil)
                labels.append(groups.labels[row])
            }
            guard !scores.isEmpty else {
                throw BadDataError(description: "\(table.source): the model \(model) rejected every row (\(NumberFormat.count(table.rowCount))); no row to compare groups on")
            }
            let kept = FairnessGroups(labels: labels, order: groups.levels)
            let fairness: GroupFairness
            do throws(FairnessError) {
                fairness = try GroupFairness(scores: scores, probabilities: pds, isBad: isBad, groups: kept,
                                             cutoff: Cutoff(cutoff!, scale: scale), reference: reference, confidenceLevel: confidence)
            } catch .referenceNotFound(let r, let levels) {
                throw noSuchReference(r, levels: levels, column: group, source: table.source)
            } catch {
                throw BadDataError(description: "\(table.source): \(error)")
            }
            var report = FairnessReport(source: table.source, model: model, groupColumn: group, bands: edges,
                                        rowsIn: table.rowCount, rowsRejectedByModel: table.rowCount - scores.count,
                                        rowsWithoutOutcome: isBad.filter { $0 == nil }.count, fairness: fairness)
            report.referenceOptionLabel = "--reference"
            print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
        }
    }

    /// The outcome of every table row (nil where the target is missing), or nil when DATA has no target column.
    /// A target with more than two values is bad data (exit 65). `spec` (--target, --bad) overrides the model's
    /// outcome column and bad value; a --target column DATA lacks is a usage error (exit 64).
    func outcomesOf(_ credit: CreditModel, table: Table, target spec: TargetSpec? = nil) throws -> [Bool?]? {
        let name = spec?.column ?? credit.target.column, bad = spec?.bad ?? credit.target.bad
        guard let target = table[name] else {
            if let spec, spec.column != credit.target.column {
                throw noSuchColumn(name, option: "--target", source: table.source, columns: table.columnNames)
            }
            printError("credit: note: \(table.source) has no column '\(name)' (the model's target): approval columns only")
            return nil
        }
        var values = Set<String>()
        switch target {
        case .numeric(let v): for x in v where !x.isNaN { values.insert(FairnessReport.edge(x)) }
        case .categorical(let c): for (i, l) in c.levels.enumerated() where c.codes.contains(Int32(i)) { values.insert(l) }
        }
        if values.count > 2 {
            throw BadDataError(description: "\(table.source): target '\(name)' has more than two values (\(values.sorted().prefix(5).joined(separator: ", "))\(values.count > 5 ? ", …" : "")); fairness needs the bad value '\(bad)' and one good value")
        }
        return (0..<table.rowCount).map { target.holds(bad, row: $0) }
    }
}

/// The --bands edges, checked: finite numbers, strictly increasing (a usage error otherwise); nil without --bands.
func parseBandEdges(_ bands: String?) throws -> [Double]? {
    guard let bands else { return nil }
    let items = bands.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    var edges: [Double] = []
    for item in items {
        guard let x = Double(item), x.isFinite else {
            throw ValidationError("--bands '\(bands)': '\(item)' is not a finite number; give edges like 25,40,60")
        }
        edges.append(x)
    }
    if let i = edges.indices.dropFirst().first(where: { !(edges[$0 - 1] < edges[$0]) }) {
        throw ValidationError("--bands must be strictly increasing (got \(items[i - 1]) then \(items[i])); e.g. 25,40,60")
    }
    return edges
}

/// The groups of column `name` of `table` (`FairnessGroups`), with the library's refusals worded as usage
/// errors naming --group, --bands and --type (exit 64): no such column (with the nearest name), a numeric column
/// without bands (with its quartiles), bands for a categorical column.
func fairnessGroups(_ table: Table, column name: String, bands edges: [Double]?) throws -> FairnessGroups {
    guard let column = table[name] else {
        let hint = nearestName(name, among: table.columnNames).map { "did you mean '\($0)'? " } ?? ""
        throw UsageError(description: "--group '\(name)': no such column in \(table.source); \(hint)columns are: "
            + table.columnNames.prefix(30).joined(separator: ", ") + (table.columnNames.count > 30 ? ", …" : ""))
    }
    do throws(FairnessError) {
        return try FairnessGroups(column, name: name, bands: edges)
    } catch .numericWithoutBands(_, let quartiles) {
        let example = quartiles.isEmpty ? "" : " (its quartiles: --bands \(quartiles.map(FairnessReport.edge).joined(separator: ",")))"
        throw UsageError(description: "--group '\(name)' is numeric in \(table.source); cut it into bands with --bands E1,E2,…\(example), or read it as categories with --type \(name)=categorical")
    } catch .bandsOnCategorical {
        throw UsageError(description: "--bands: column '\(name)' of \(table.source) is categorical, so it has no numeric bands; leave --bands out (each value is a group) or read it as numbers with --type \(name)=numeric")
    } catch {
        throw UsageError(description: "--bands: \(error)")
    }
}

/// The fairness section of `validate --group` and `report --group` on the evaluated rows (each with a PD and an
/// outcome) at `cutoff` (points: approve when score ≥ cutoff, on the scorecard's points; PD: approve when PD ≤
/// cutoff), the same `GroupFairness` call as `credit fairness`.
func fairnessSection(_ sample: EvaluationSample, table: Table, model: String, group: String, bands edges: [Double]?,
                     reference: String?, cutoff: Cutoff, confidence: Double) throws -> FairnessReport {
    let all = try fairnessGroups(table, column: group, bands: edges)
    let groups = FairnessGroups(labels: sample.rows.map { all.labels[$0] }, order: all.levels)
    let scores = cutoff.scale == .points ? (sample.points ?? sample.scores) : sample.scores
    do throws(FairnessError) {
        let fairness = try GroupFairness(scores: scores, probabilities: sample.scores, isBad: sample.isBad.map { $0 },
                                         groups: groups, cutoff: cutoff, reference: reference,
                                         confidenceLevel: confidence)
        return FairnessReport(source: table.source, model: model, groupColumn: group, bands: edges, rowsIn: table.rowCount,
                              rowsRejectedByModel: sample.rejectedByModel, rowsWithoutOutcome: 0, fairness: fairness)
    } catch .referenceNotFound(let r, let levels) {
        throw noSuchReference(r, levels: levels, column: group, source: table.source)
    } catch {
        throw BadDataError(description: "\(table.source): \(error)")
    }
}

/// "--reference 'X': no such group in COL of FILE …; did you mean 'x'? groups are: …" (exit 64).
func noSuchReference(_ reference: String, levels: [String], column: String, source: String) -> UsageError {
    let hint = nearestName(reference, among: levels).map { "did you mean '\($0)'? " } ?? ""
    return UsageError(description: "--reference '\(reference)': no such group in \(column) of \(source) (among the rows the model scored); \(hint)groups are: \(levels.joined(separator: ", "))")
}

/// The name in `names` closest to `name` for a "did you mean" hint: the rule grammar's nearest name
/// (`RuleBindingError.nearestName`, case-insensitive edit distance at most a third of its length, at least 2), else
/// one containing the other; nil when none is close.
func nearestName(_ name: String, among names: [String]) -> String? {
    if let close = RuleBindingError.nearestName(to: name, in: names) { return close }
    let lower = name.lowercased()
    return names.first { !lower.isEmpty && ($0.lowercased().contains(lower) || lower.contains($0.lowercased())) }
}
