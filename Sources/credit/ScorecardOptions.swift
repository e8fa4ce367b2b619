import ArgumentParser
import CreditBinning
import Foundation
import CreditRegression
import CreditReports
import CreditScorecard
import CreditModelFile
import CreditTabular
/// `credit train --scorecard` options: scaling, reason codes and binning.
struct ScorecardOptions: ParsableArguments {
    @Flag(help: "Fit a points scorecard: bin every predictor, fit a logistic regression on the WoE (ln(%bad/%good)), scale to integer points.")
    var scorecard = false
    @Option(help: "Scorecard: points to double the good:bad odds (default: 20).")
    var pdo: Double?
    @Option(help: "Scorecard: score at the base odds (default: 600).")
    var baseScore: Double?
    @Option(help: "Scorecard: good:bad odds at the base score, e.g. 50 for 50:1 (default: 50).")
    var baseOdds: Double?
    @Option(help: "Scorecard: reason codes per applicant (default: 4).")
    var reasons: Int?
    @Option(help: "Scorecard: reasons rank points below the maximum attainable, the training average, or the average of the lowest-scoring 10% of training applicants at or above --cutoff (maximum, average, cutoff; default: maximum).")
    var reasonReference: ReasonReference?
    @Option(help: "Scorecard: the cut-off score for --reason-reference cutoff.")
    var cutoff: Double?
    @Option(help: ArgumentHelp("Scorecard: CSV 'characteristic,code,text' mapping reasons to your codes and texts.", valueName: "FILE"))
    var reasonCodes: String?
    @OptionGroup var binning: BinningArguments

    func validate() throws {
        if !scorecard {
            let set: [(String, Bool)] = [("--pdo", pdo != nil), ("--base-score", baseScore != nil), ("--base-odds", baseOdds != nil),
                ("--reasons", reasons != nil), ("--reason-reference", reasonReference != nil), ("--reason-codes", reasonCodes != nil),
                ("--bins", binning.bins != nil), ("--method", binning.method != nil), ("--special", !binning.special.isEmpty),
                ("--min-iv", binning.minIV != nil), ("--max-bins", binning.maxBins != nil), ("--trend", binning.trend != nil),
                ("--pre-bins", binning.preBins != nil), ("--min-bin-share", binning.minBinShare != nil),
                ("--min-goods", binning.minGoods != nil), ("--min-bads", binning.minBads != nil),
                ("--max-p-value", binning.maxPValue != nil), ("--smoothing", binning.smoothing != nil), ("--laplace", binning.laplace),
                ("--fallback", binning.fallback != nil), ("--rare-share", binning.rareShare != nil), ("--unseen", binning.unseen != nil),
                ("--max-missing-rate", binning.maxMissingRate != nil), ("--max-identical-rate", binning.maxIdenticalRate != nil),
                ("--max-correlation", binning.maxCorrelation != nil), ("--max-vif", binning.maxVIF != nil)]
            if let first = set.first(where: { $0.1 }) { throw ValidationError("\(first.0) needs --scorecard") }
        }
        if let v = pdo, !(v > 0) { throw ValidationError("--pdo must be positive") }
        if let v = baseOdds, !(v > 0) { throw ValidationError("--base-odds must be positive (good:bad odds, e.g. 50)") }
        if let v = reasons, v < 0 { throw ValidationError("--reasons must be at least 0") }
        if (reasonReference == .cutoff) != (cutoff != nil) {
            throw ValidationError("--cutoff goes with --reason-reference cutoff (both or neither)")
        }
    }

    /// Reads the reason-code map (header optional; quoted fields allowed).
    func reasonCodeMap() throws -> [String: ReasonCode] {
        guard let path = reasonCodes else { return [:] }
        var options = CSVOptions(); options.columnTypes = [:]
        let table = try CSVReader.read(path: path, options: options)
        guard table.columnNames.count >= 3 else {
            throw UsageError(description: "--reason-codes \(path): expected columns characteristic,code,text")
        }
        func text(_ j: Int, _ i: Int) -> String {
            switch table.columns[j] {
            case .categorical(let c): return c[i] ?? ""
            case .numeric(let v): return v[i].isNaN ? "" : (v[i] == v[i].rounded() ? String(Int64(v[i])) : "\(v[i])")
            }
        }
        var map: [String: ReasonCode] = [:]
        for i in 0..<table.rowCount { map[text(0, i)] = ReasonCode(code: text(1, i), text: text(2, i)) }
        return map
    }

    /// Trains, prints the points table and writes the model (called from Train.run).
    func train(table: Table, target: String, bad: String, exclude: Set<String>, hasReference: Bool, format: OutputFormat,
               output: String?, record: () -> TrainingRecord) throws {
        try mapBinningErrors {
            if hasReference { throw UsageError(description: "--reference does not apply to --scorecard (characteristics enter as WoE)") }
            let spec = try binning.loadSpec(target: target)
            let columns = table.columnNames.filter { $0 != target && !exclude.contains($0) }
            var useSpec = spec
            useSpec?.characteristics.removeAll { exclude.contains($0.name) }
            let process = BinningProcess(options: binning.options, specials: try binning.specials(in: table),
                                         selection: binning.selection(defaultMinIV: 0.02))
            let scaling = ScorecardScaling(pdo: pdo ?? 20, baseScore: baseScore ?? 600, baseOdds: baseOdds ?? 50)
            let settings = ReasonSettings(count: reasons ?? 4, reference: reasonReference ?? .maximum, cutoff: cutoff,
                                         codes: try reasonCodeMap())
            progress("binning and fitting on \(table.rowCount) rows")
            let r = try ScorecardSection.train(table: table, target: target, bad: bad, columns: spec == nil ? columns : nil,
                                               process: process, spec: useSpec, scaling: scaling, reasons: settings)
            let fitReport = FitReport(source: table.source, target: target, bad: bad, rowsInFile: table.rowCount,
                                      rowsDropped: r.binning.rowsWithoutTarget,
                                      droppedByReason: r.binning.rowsWithoutTarget > 0 ? ["missing value in \(target)": r.binning.rowsWithoutTarget] : [:],
                                      result: r.fit)
            print(ScorecardReport(fit: fitReport, scorecard: r.section).render(format), terminator: "")
            if let output {
                let model = CreditModel(target: TargetSpec(column: target, bad: bad), scorecard: r.section, fit: r.fit, training: record())
                try model.write(to: output)
                printError("model written to \(output)")
            }
        }
    }
}

extension ReasonReference: ExpressibleByArgument {}
