import ArgumentParser
import Foundation
import CreditReports
import CreditModelFile
import CreditSupport
/// `credit train` options for data larger than memory.
struct OutOfCoreOptions: ParsableArguments {
    @Flag(help: "Train out of core: stream the CSV into a temporary columnar cache on disk and fit chunk by chunk (memory does not grow with the rows). Chosen automatically for large files, see --memory-limit.")
    var outOfCore = false

    @Option(help: ArgumentHelp("Memory the in-memory path may use, e.g. 8G or 512M (default: half of physical memory); a file needing more (about 3 × its size) is trained out of core.", valueName: "SIZE"))
    var memoryLimit: String?

    @Option(help: ArgumentHelp("Directory for the out-of-core cache (default: $TMPDIR, else /tmp); needs 8 bytes × rows × columns free.", valueName: "DIR"))
    var cacheDir: String?

    @Option(help: .hidden)
    var chunkRows: Int = 65_536

    func validate() throws {
        if let m = memoryLimit, OutOfCoreTraining.parseMemorySize(m) == nil {
            throw ValidationError("--memory-limit expects a size such as 4G, 512M or 1000000000 (got '\(m)')")
        }
        try requireOption("--chunk-rows", chunkRows, in: 1...OutOfCoreTraining.maxChunkRows)
    }

    /// Whether `credit train` should run out of core: asked for, or the file is too large for the memory limit.
    /// Throws a usage error when that path cannot honour the other options given.
    func decide(data: String, scorecard: Bool, regression: RegressionOptions, input: InputOptions) throws -> Bool {
        let automatic = !outOfCore
        if automatic && !OutOfCoreTraining.isTooLarge(path: data, memoryLimit: memoryLimit.flatMap(OutOfCoreTraining.parseMemorySize)) {
            return false
        }
        let why = automatic
            ? "the input is too large for the memory limit (see --memory-limit), so training runs out of core, which"
            : "--out-of-core"
        if data == "-" { throw UsageError(description: "--out-of-core needs a file: standard input cannot be read twice") }
        if let kind = PathNames.readOnceKind(data) {
            throw UsageError(description: "--out-of-core needs a regular file: \(data) is \(kind), which can be read only once and out-of-core training reads its input several times; save it to a file first")
        }
        if input.encoding != nil { throw UsageError(description: "\(why) reads UTF-8 only: convert the file first (iconv) instead of --encoding") }
        if let flag = regression.givenFlags.first(where: { $0 != "--population-bad-rate" }) {
            throw UsageError(description: "\(why) does not support \(flag) (supported: plain maximum likelihood, --exclude, --reference, --bad, --population-bad-rate)")
        }
        return true
    }
}

extension Train {
    /// The out-of-core path: CSV → columnar cache (streamed) → design (one pass) → chunked IRLS, or the
    /// scorecard's binning from counts and WoE fit (`OutOfCoreTraining`). Checks the flags' columns against the
    /// header first, and the flags the scorecard cannot honour out of core.
    func runOutOfCore(_ training: ModelTraining) throws {
        let bar = ProgressBar()
        defer { bar.finish() }
        var plan: OutOfCoreTraining
        do {
            plan = try OutOfCoreTraining(path: data, csv: try input.csvOptions(),
                                         cacheDirectory: outOfCoreOptions.cacheDir ?? OutOfCoreTraining.defaultCacheDirectory())
        } catch TrainingError.noSuchCacheDirectory(let directory) {
            throw UsageError(description: "--cache-dir '\(directory)': no such directory")
        }
        plan.chunkRows = outOfCoreOptions.chunkRows
        let header = try plan.header()
        func require(_ name: String, _ option: String) throws { try requireColumn(name, in: header, source: data, option: option) }
        try require(target, "--target")
        for name in excluded.sorted() { try require(name, "--exclude") }
        for (column, _) in referenceLevels { try require(column, "--reference") }
        let progress: (TrainingProgress) -> Void = {
            switch $0 {
            case .reading(let phase, let fraction): bar.update(phase, fraction: fraction)
            case .step(let note): bar.note(note)
            case .notes(let notes): bar.finish(); printNotes(notes)
            }
        }
        if card.scorecard {
            try refuseReferenceForScorecard()
            if card.binning.bins != nil { throw UsageError(description: "--out-of-core does not support --bins yet (bins are searched from the data)") }
            if card.binning.maxCorrelation != nil || card.binning.maxVIF != nil {
                throw UsageError(description: "--out-of-core does not support --max-correlation or --max-vif (they need every WoE column in memory)")
            }
            if card.reasonReference == .cutoff {
                throw UsageError(description: "--out-of-core does not support --reason-reference cutoff (it needs every applicant's score); use maximum or average")
            }
            return try mapBinningErrors {
                var request = try card.request(target: target, bad: bad, exclude: excluded) { try require($0, "--special") }
                request.maxIterations = maxIterations
                request.populationBadRate = regression.populationBadRate
                let scorecard = try plan.train(request, progress: progress)
                bar.finish()
                card.report(scorecard, format: format, csvSafe: csvOutput.csvSafe, note: "trained out of core on \(scorecard.rowsInFile) rows")
                try save(model: output == nil ? nil : training.model(for: scorecard))
            }
        }
        let fit = try plan.fit(request, progress: progress)
        bar.finish()
        printFitReport(FitReport(fit))
        printError("trained out of core on \(fit.design.rowsInFile) rows; the Hosmer–Lemeshow test is not computed out of core")
        try save(model: output == nil ? nil : training.model(for: fit))
    }
}
