import ArgumentParser
import CreditBinning
import CreditModelFile
import CreditReports
import CreditSupport
import CreditTabular

/// `credit bin --transform`: DATA coded by its bins (WoE, bin label or points) for other tools.
struct TransformArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Write DATA coded instead of the tables: each characteristic's WoE, bin label or points (points need --model).", valueName: "woe|bin|points"))
    var transform: TransformValue?
    @Option(help: ArgumentHelp("With --transform: code with this scorecard model's bins, WoE and points instead of binning DATA.", valueName: "card.json"))
    var model: String?
    @Option(name: [.customShort("o"), .long], help: "With --transform: the coded CSV to write ('-' for standard output; default: -).")
    var output: String?
    @Option(help: ArgumentHelp("With --transform: columns to copy in front of the coded ones, comma-separated (repeatable), e.g. the id and the target.", valueName: "COL,..."))
    var keep: [String] = []
    @Option(help: "With --transform: write the rejected rows (row, line, column, reason) to this CSV.")
    var rejects: String?

    /// Kept columns, in output order.
    var keptColumns: [String] { commaSeparated(keep, trimming: true) }

    func validate(binning: BinningArguments, target: String?, bad: String?, columns: Bool, writeBins: String?,
                  format: OutputFormat) throws {
        guard let transform else {
            let given: [(String, Bool)] = [("--model", model != nil), ("-o", output != nil), ("--keep", !keep.isEmpty), ("--rejects", rejects != nil)]
            if let flag = given.first(where: { $0.1 }) {
                throw ValidationError("\(flag.0) belongs to --transform woe|bin|points (the coded output); without it bin prints the tables")
            }
            if target == nil && binning.bins == nil { throw ValidationError("bin needs --target (or --bins spec.json, whose target is used)") }
            return
        }
        if format != .text {
            throw ValidationError("--format applies to the tables; with --transform the coded rows are CSV (-o) and the summary on stderr is text")
        }
        let kept = keptColumns
        if kept.contains(where: \.isEmpty) { throw ValidationError("--keep has an empty column name") }
        if let twice = kept.enumerated().first(where: { kept[..<$0.offset].contains($0.element) })?.element {
            throw ValidationError("--keep names column '\(twice)' twice; the coded file would have two columns of that name")
        }
        if (output ?? "-") == "-" && rejects == "-" { throw ValidationError("--rejects cannot also be standard output") }
        if model != nil {
            let clashes: [(String, Bool)] = [("--bins", binning.bins != nil), ("--target", target != nil), ("--bad", bad != nil),
                ("--columns/--exclude", columns), ("--write-bins", writeBins != nil)] + binning.searchOptions
                + [("--min-iv", binning.minIV != nil), ("--max-missing-rate", binning.maxMissingRate != nil),
                   ("--max-identical-rate", binning.maxIdenticalRate != nil), ("--max-correlation", binning.maxCorrelation != nil),
                   ("--max-vif", binning.maxVIF != nil)]
            if let clash = clashes.first(where: { $0.1 }) {
                throw ValidationError("--model codes every characteristic of the card with its own bins, WoE and points; leave out \(clash.0)"
                    + (clash.0 == "--target" ? " (copy the target with --keep)" : ""))
            }
        } else {
            if transform == .points {
                throw ValidationError("--transform points needs --model card.json (a scorecard's points); bins fitted on DATA give WoE and labels only")
            }
            if target == nil && binning.bins == nil {
                throw ValidationError("--transform needs --model card.json, --bins spec.json or --target (to bin DATA first)")
            }
        }
    }
}

extension TransformValue: ExpressibleByArgument {}

extension BinningArguments {
    /// The options that steer the search of bins (refused where the bins are given).
    var searchOptions: [(String, Bool)] {
        [("--method", method != nil), ("--trend", !trend.isEmpty), ("--cuts", !cuts.isEmpty), ("--groups", !groups.isEmpty), ("--pre-bins", preBins != nil),
         ("--max-bins", maxBins != nil), ("--min-goods", minGoods != nil), ("--min-bads", minBads != nil),
         ("--max-p-value", maxPValue != nil), ("--rare-share", rareShare != nil), ("--special", !special.isEmpty),
         ("--smoothing", smoothing != nil), ("--laplace", laplace), ("--fallback", fallback != nil), ("--unseen", unseen != nil),
         ("--min-bin-share", minBinShare != nil)]
    }
}

extension Bin {
    /// `--transform`: the coding (from --model, or from binning DATA), then DATA streamed through it.
    func runTransform(_ value: TransformValue) throws {
        try runReportingErrors {
            let output = coded.output ?? "-"
            try checkOutputs([("-o", output), ("--rejects", coded.rejects), ("--write-bins", writeBins)],
                             inputs: [("DATA", data), ("--bins", binning.bins), ("--model", coded.model)])
            let coding: WoECoding, from: String
            if let model = coded.model {
                let credit = try CreditModel.load(path: model)
                guard let card = credit.scorecard else {
                    throw UsageError(description: "--model \(model) is a \(credit.model) model; --transform needs a scorecard model (credit train --scorecard)")
                }
                coding = WoECoding(scorecard: card)
                from = "the model \(model)"
            } else {
                if data == "-" {
                    throw UsageError(description: "--transform without --model reads DATA twice (to bin it, then to code it); give a file, not standard input, or code with --model card.json")
                }
                if let kind = PathNames.readOnceKind(data) {
                    throw UsageError(description: "--transform without --model reads DATA twice (to bin it, then to code it); \(data) is \(kind), which can be read only once: give a regular file, or code with --model card.json")
                }
                coding = try mapBinningErrors {
                    let (_, result) = try binData()
                    if let writeBins {
                        try writeFileAtomically(path: writeBins, bytes: [UInt8](try result.spec.jsonData()))
                        printError("bins spec written to \(writeBins)")
                    }
                    // Only the characteristics the selection filters keep (all of them without filters).
                    let selected = Set(result.selected)
                    var spec = result.spec
                    spec.characteristics.removeAll { !selected.contains($0.name) }
                    return try WoECoding(spec: spec, tables: result.tables)
                }
                from = binning.bins.map { "the bins spec \($0)" } ?? "the bins"
            }
            let coder: WoETransform
            do {
                coder = try WoETransform(coding: coding, path: data, value: value, keep: coded.keptColumns,
                                         options: try input.csvOptions(), csvSafe: csvOutput.csvSafe, chunkBytes: Score.chunkBytes)
            } catch TransformError.missingColumns(let source, let header, let characteristics, let kept) {
                if !characteristics.isEmpty {
                    throw BadDataError(description: "\(source): \(from) need\(coded.model == nil ? "" : "s") column\(characteristics.count == 1 ? "" : "s") "
                        + characteristics.map { "'\($0)'" }.joined(separator: ", ") + ", not in this file; no rows were coded")
                }
                throw noSuchColumn(kept[0], option: "--keep", source: source, columns: header)
            } catch TransformError.duplicateOutputColumn(let name) {
                throw UsageError(description: "--keep '\(name)': the coded file already has a column '\(name)' (a characteristic); leave it out of --keep (or rename the column in the data)")
            }
            // The coded rows and the rejects are committed together: both new or, on an error, both as they were.
            let outputs = OutputGroup()
            let out = outputs.add(try AtomicOutput(path: output))
            let rejectWriter = try coded.rejects.map { CSVWriter(output: outputs.add(try AtomicOutput(path: $0)), csvSafe: csvOutput.csvSafe) }
            try rejectWriter?.writeRow(RejectedRow.fieldNames(idColumn: nil))
            let summary = try coder.run(threads: Score.threads, output: { try out.write($0) },
                                        rejects: rejectWriter.map { writer in { try writer.writeRow($0.fields) } })
            try outputs.commit()
            var lines = summary.lines
            lines[0] = "\(coder.source): " + lines[0] + " (\(value.rawValue) of \(coding.characteristics.count) characteristic\(coding.characteristics.count == 1 ? "" : "s"))"
            if summary.rowsRejected > 0 && coded.rejects == nil { lines.append("(use --rejects FILE to list the rejected rows with line and reason)") }
            printError(lines.joined(separator: "\n"))
        }
    }
}
