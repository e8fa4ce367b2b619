import ArgumentParser
import CreditModelFile
import CreditRegression
import CreditReports
import CreditScorecard
import CreditTabular

/// `credit train --scorecard --rejected FILE --reject-inference METHOD` options: the declined applicants and how
/// they enter the refit (`RejectInference` in CreditScorecard).
struct RejectInferenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Scorecard: CSV of declined applicants (no outcome needed; a target column is ignored), scored by the accepts-only card for --reject-inference.", valueName: "FILE"))
    var rejected: String?
    @Option(help: ArgumentHelp("Scorecard with --rejected: hard-cutoff, fuzzy, parcelling (Siddiqi 2017) or augmentation (re-weighting by 1/P(accept), Banasik & Crook 2007).", valueName: "METHOD"))
    var rejectInference: RejectInferenceMethod?
    @Option(help: ArgumentHelp("hard-cutoff: the accepts-only PD at or above which a reject is bad (default: the accepts' bad rate).", valueName: "P"))
    var rejectCutoff: Double?
    @Option(help: ArgumentHelp("hard-cutoff, fuzzy, parcelling: the weight of each inferred reject row (default: 1).", valueName: "W"))
    var rejectWeight: Double?
    @Option(help: ArgumentHelp("parcelling, augmentation: equal-count bands of the accepts-only PD (default: 10).", valueName: "N"))
    var rejectBands: Int?
    @Option(help: ArgumentHelp("parcelling: rejects are bad at the band's accepts bad rate × U, capped at 1 (default: 2; Siddiqi suggests 2 to 4).", valueName: "U"))
    var parcelUplift: Double?

    /// The flags given, by name.
    var given: [(String, Bool)] {
        [("--reject-cutoff", rejectCutoff != nil), ("--reject-weight", rejectWeight != nil),
         ("--reject-bands", rejectBands != nil), ("--parcel-uplift", parcelUplift != nil)]
    }

    /// The checks that need the other option groups: --scorecard, no --population-bad-rate, the maximum reason
    /// reference, in memory; then the library's check of the parameters (`RejectInferenceSettings.check`: each
    /// only with a method that uses it, in its range), in flag terms.
    func validate(scorecard: Bool, otherFlags: [String], reasonReference: ReasonReference?, outOfCore: Bool, data: String) throws {
        guard rejected != nil || rejectInference != nil || given.contains(where: \.1) else { return }
        guard rejectInference != nil else {
            throw ValidationError(rejected != nil ? "--rejected needs --reject-inference METHOD (hard-cutoff, fuzzy, parcelling or augmentation)"
                                                  : "\(given.first(where: \.1)!.0) needs --rejected FILE and --reject-inference METHOD")
        }
        guard rejected != nil else { throw ValidationError("--reject-inference needs --rejected FILE (the declined applicants)") }
        if rejected == "-" && data == "-" { throw ValidationError("DATA and --rejected cannot both be standard input") }
        guard scorecard else { throw ValidationError("--rejected needs --scorecard (reject inference refits a points scorecard)") }
        if let flag = otherFlags.first {
            throw ValidationError("\(flag) does not apply with --rejected (the reject-inference refit is a weighted maximum-likelihood WoE regression)")
        }
        if let r = reasonReference, r != .maximum {
            throw ValidationError("--reason-reference \(r.rawValue) does not apply with --rejected (the refitted card ranks reasons below the maximum points)")
        }
        if outOfCore { throw ValidationError("--out-of-core does not apply with --rejected (reject inference runs in memory)") }
        do {
            try settings?.check()
        } catch RejectInferenceError.inapplicableParameter(let parameter, let method) {
            throw ValidationError("\(Self.flag(parameter)) does not apply to --reject-inference \(method.rawValue) (it is a parameter of \(parameter.methods.map(\.rawValue).joined(separator: ", ")))")
        } catch RejectInferenceError.invalidParameter(let parameter, _) {
            throw ValidationError("\(Self.flag(parameter)) must be \(parameter.range), e.g. \(Self.example(parameter))")
        }
    }

    /// The flag of a library parameter.
    static func flag(_ parameter: RejectInferenceSettings.Parameter) -> String {
        switch parameter {
        case .cutoff: return "--reject-cutoff"
        case .rejectWeight: return "--reject-weight"
        case .bands: return "--reject-bands"
        case .uplift: return "--parcel-uplift"
        }
    }

    /// A sensible value to show in an error.
    static func example(_ parameter: RejectInferenceSettings.Parameter) -> String {
        switch parameter {
        case .cutoff: return "0.2"
        case .rejectWeight: return "1"
        case .bands: return "10"
        case .uplift: return "2"
        }
    }

    /// The library settings of the flags (nil without --rejected).
    var settings: RejectInferenceSettings? {
        guard rejected != nil, let method = rejectInference else { return nil }
        return RejectInferenceSettings(method: method, cutoff: rejectCutoff, rejectWeight: rejectWeight, bands: rejectBands,
                                       uplift: parcelUplift)
    }
}

extension RejectInferenceMethod: ExpressibleByArgument {}

extension Train {
    /// Trains the accepts-only card on `table`, refits it with reject inference on --rejected and prints the
    /// inference summary and the refitted card (the summary on standard error for json and csv, so standard output
    /// stays one document); returns the refitted card for the model file.
    func trainWithRejects(table: Table, path: String, settings: RejectInferenceSettings) throws -> ScorecardTraining {
        let accepts = try mapBinningErrors {
            var request = try card.request(target: target, bad: bad, exclude: excluded) {
                try requireColumn($0, in: table, option: "--special")
            }
            try card.binning.checkPerCharacteristic(table)
            request.populationBadRate = nil
            progress("binning and fitting the accepts-only card on \(table.rowCount) rows")
            return try request.run(on: table)
        }
        let rejects = try readTable(path, options: try input.csvOptions())
        printNotes(rejects.notes)
        for ch in accepts.section.characteristics { try requireColumn(ch.name, in: rejects, option: "--rejected (a characteristic of the card)") }
        progress("reject inference (\(settings.method.rawValue)) on \(rejects.rowCount) rejects")
        let refit: (card: ScorecardTraining, inference: RejectInferenceResult)
        do {
            refit = try accepts.inferringRejects(accepts: table, rejects: rejects, settings: settings)
        } catch let e as RejectInferenceError {
            throw BadDataError(description: "--rejected \(path): \(e)")
        } catch RegressionError.columnTypeMismatch(let column, let expected) {
            throw BadDataError(description: "--rejected \(path): column '\(column)' is not \(expected) as in the accepts; fix the rejects file's values")
        }
        let summary = RejectInferenceReport(refit.inference)
        let lines = summary.lines()
        if format == .text || format == .markdown {
            print(lines.joined(separator: "\n"))
        } else {
            for line in lines.dropLast() { printError(line) }
        }
        // The refit's rows are the augmented sample's (fuzzy: two per reject), its weights the method's.
        var report = ScorecardReport(refit.card)
        report.fit.rowsInFile = refit.inference.sample.y.count
        report.fit.weightColumn = "the \(settings.method.rawValue) sample"
        report.fit.diagnosticMessage = { $0.withFlags }
        report.rejectInference = summary
        print(report.render(format, csvSafe: csvOutput.csvSafe), terminator: "")
        return refit.card
    }
}
