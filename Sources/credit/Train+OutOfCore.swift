import ArgumentParser
import CreditBinning
import Foundation
import CreditRegression
import CreditReports
import CreditScorecard
import CreditModelFile
import CreditTabular
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
        if let m = memoryLimit, OutOfCoreOptions.parseSize(m) == nil {
            throw ValidationError("--memory-limit expects a size such as 4G, 512M or 1000000000 (got '\(m)')")
        }
        if chunkRows < 1 { throw ValidationError("--chunk-rows must be at least 1") }
    }

    /// "4G", "512M", "100K", "1000" (bytes; binary multiples).
    static func parseSize(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("B") { s.removeLast() }
        var scale = 1.0
        if let last = s.last, let k = ["K": 1.0, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = pow(1024, k); s.removeLast()
        }
        guard let v = Double(s), v > 0, v.isFinite else { return nil }
        return v * scale
    }

    /// Whether `credit train` should run out of core: asked for, or the file is too large for the memory limit.
    /// Throws a usage error when that path cannot honour the other options given.
    func decide(data: String, scorecard: Bool, regression: RegressionOptions, input: InputOptions) throws -> Bool {
        var automatic = false
        if !outOfCore {
            guard data != "-", let size = try? FileManager.default.attributesOfItem(atPath: data)[.size] as? NSNumber else { return false }
            let limit = memoryLimit.flatMap(OutOfCoreOptions.parseSize) ?? Double(ProcessInfo.processInfo.physicalMemory) / 2
            if 3 * size.doubleValue <= limit { return false }
            automatic = true
        }
        let why = automatic
            ? "the input is too large for the memory limit (see --memory-limit), so training runs out of core, which"
            : "--out-of-core"
        if data == "-" { throw UsageError(description: "--out-of-core needs a file: standard input cannot be read twice") }
        if input.encoding != nil { throw UsageError(description: "\(why) reads UTF-8 only: convert the file first (iconv) instead of --encoding") }
        if let flag = regression.givenFlags.first(where: { $0 != "--population-bad-rate" }) {
            throw UsageError(description: "\(why) does not support \(flag) (supported: plain maximum likelihood, --exclude, --reference, --bad, --population-bad-rate)")
        }
        return true
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private let enabled = isatty(STDERR_FILENO) != 0
    private var lastDrawn = -1.0
    private var lastPhase = ""
    private var shown = false

    func update(_ phase: String, fraction: Double) {
        guard enabled else { return }
        let f = min(max(fraction, 0), 1)
        if phase == lastPhase && f - lastDrawn < 0.01 && f < 1 { return }
        lastPhase = phase; lastDrawn = f
        let width = 30, filled = Int((f * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K… \(phase) [\(bar)] \(Int((f * 100).rounded()))%".utf8))
        shown = true
    }

    func note(_ message: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K… \(message)".utf8))
        shown = true
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}

extension Train {
    /// The out-of-core path: CSV → columnar cache (streamed) → design (one pass) → chunked IRLS.
    func runOutOfCore(digest: BackgroundFileDigest?) throws {
        let bar = ProgressBar()
        defer { bar.finish() }
        let exclude = Set(exclude.flatMap { $0.split(separator: ",").map(String.init) })
        let directory = outOfCoreOptions.cacheDir ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(description: "--cache-dir '\(directory)': no such directory")
        }
        let options = try input.csvOptions()
        // Read only the columns the model can use; check the named columns against the header first.
        let header = try CSVStreamReader(path: data, options: options, columns: [], chunkBytes: 1 << 16).header
        func require(_ name: String, _ option: String) throws {
            guard !header.contains(name) else { return }
            let list = header.prefix(30).joined(separator: ", ")
            throw UsageError(description: "\(option) '\(name)': no such column in \(data); columns are: \(list)\(header.count > 30 ? ", …" : "")")
        }
        try require(target, "--target")
        for name in exclude.sorted() { try require(name, "--exclude") }
        var designOptions = DesignOptions(target: target)
        designOptions.badValue = bad
        designOptions.exclude = exclude
        for spec in reference {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            try require(parts[0], "--reference")
            designOptions.referenceLevels[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        if card.scorecard {
            if !reference.isEmpty { throw UsageError(description: "--reference does not apply to --scorecard (characteristics enter as WoE)") }
            if card.binning.bins != nil { throw UsageError(description: "--out-of-core does not support --bins yet (bins are searched from the data)") }
            if card.binning.maxCorrelation != nil || card.binning.maxVIF != nil {
                throw UsageError(description: "--out-of-core does not support --max-correlation or --max-vif (they need every WoE column in memory)")
            }
            if card.reasonReference == .cutoff {
                throw UsageError(description: "--out-of-core does not support --reason-reference cutoff (it needs every applicant's score); use maximum or average")
            }
            for s in card.binning.special {
                if let column = s.split(separator: "=", maxSplits: 1).first.map(String.init) { try require(column, "--special") }
            }
        }
        let cache = try ColumnarCache.build(path: data, options: options, columns: Set(header).subtracting(exclude),
                                            directory: directory) { phase, fraction in bar.update(phase, fraction: fraction) }
        if !cache.notes.isEmpty { bar.finish(); printNotes(cache.notes) }
        if card.scorecard { return try runOutOfCoreScorecard(cache: cache, exclude: exclude, bar: bar, digest: digest) }
        bar.note("checking \(cache.rowCount) rows")
        let design = try StreamingDesign.build(cache: cache, options: designOptions, chunkRows: outOfCoreOptions.chunkRows)
        var fitOptions = LogisticRegressionOptions()
        fitOptions.maxIterations = maxIterations
        fitOptions.populationBadRate = regression.populationBadRate
        let solver = StreamingLogisticRegression(options: fitOptions, chunkRows: outOfCoreOptions.chunkRows)
        let result = try solver.fit(design) { step in bar.note("fitting on \(design.rowsUsed) rows: Newton step \(step)") }
        bar.finish()

        var droppedByReason: [String: Int] = [:]
        for (column, count) in design.droppedByColumn { droppedByReason["missing value in \(column)"] = count }
        let report = FitReport(source: cache.source, target: target, bad: bad, rowsInFile: design.rowsInFile,
                               rowsDropped: design.rowsDropped, droppedByReason: droppedByReason, result: result)
        print(report.render(format), terminator: "")
        printError("trained out of core on \(design.rowsInFile) rows; the Hosmer–Lemeshow test is not computed out of core")

        if let output {
            let record = TrainingRecord(
                inputFile: data, inputSHA256: digest?.wait() ?? "", rows: design.rowsInFile, rowsUsed: result.observations,
                bads: result.events, toolVersion: ToolVersion.current, commandLine: CommandLine.arguments,
                seed: nil, date: ISO8601DateFormatter().string(from: Date()))
            let model = CreditModel(target: TargetSpec(column: target, bad: bad), schema: design.coding, fit: result, training: record)
            try model.write(to: output)
            printError("model written to \(output)")
        }
    }
}

extension Train {
    /// `--scorecard` out of core: binning from counts over the cache, streaming IRLS on the WoE, same points.
    func runOutOfCoreScorecard(cache: ColumnarCache, exclude: Set<String>, bar: ProgressBar, digest: BackgroundFileDigest?) throws {
        try mapBinningErrors {
            var specials: [String: [SpecialGroup]] = [:]
            for s in card.binning.special {
                let (column, codes) = card.binning.parseSpecial(s)!
                specials[column, default: []].append(SpecialGroup(codes: codes))
            }
            let process = BinningProcess(options: card.binning.options, specials: specials,
                                         selection: card.binning.selection(defaultMinIV: 0.02))
            let binning = CacheBinning(process: process, chunkRows: outOfCoreOptions.chunkRows)
            let scaling = ScorecardScaling(pdo: card.pdo ?? 20, baseScore: card.baseScore ?? 600, baseOdds: card.baseOdds ?? 50)
            let settings = ReasonSettings(count: card.reasons ?? 4, reference: card.reasonReference ?? .maximum, cutoff: card.cutoff,
                                          codes: try card.reasonCodeMap())
            var fitOptions = LogisticRegressionOptions()
            fitOptions.maxIterations = maxIterations
            let columns = cache.columnNames.filter { $0 != target && !exclude.contains($0) }
            let r = try ScorecardSection.train(cache: cache, target: target, bad: bad, columns: columns, binning: binning,
                                               scaling: scaling, reasons: settings,
                                               fitter: StreamingLogisticRegression(options: fitOptions, chunkRows: outOfCoreOptions.chunkRows)) {
                bar.note($0)
            }
            bar.finish()
            let dropped = r.binning.rowsWithoutTarget
            let fitReport = FitReport(source: cache.source, target: target, bad: bad, rowsInFile: cache.rowCount, rowsDropped: dropped,
                                      droppedByReason: dropped > 0 ? ["missing value in \(target)": dropped] : [:], result: r.fit)
            print(ScorecardReport(fit: fitReport, scorecard: r.section).render(format), terminator: "")
            printError("trained out of core on \(cache.rowCount) rows")
            if let output {
                let record = TrainingRecord(inputFile: data, inputSHA256: digest?.wait() ?? "", rows: cache.rowCount,
                                            rowsUsed: r.fit.observations, bads: r.fit.events, toolVersion: ToolVersion.current,
                                            commandLine: CommandLine.arguments, seed: nil, date: ISO8601DateFormatter().string(from: Date()))
                let model = CreditModel(target: TargetSpec(column: target, bad: bad), scorecard: r.section, fit: r.fit, training: record)
                try model.write(to: output)
                printError("model written to \(output)")
            }
        }
    }
}
