import Foundation
import CreditRegression
import CreditScorecard
import CreditTabular

/// Training on data larger than memory: the CSV is streamed into a temporary columnar cache on disk
/// (`ColumnarCache`), then a logistic regression is fitted chunk by chunk (`StreamingDesign`,
/// `StreamingLogisticRegression`) or a scorecard is binned from counts and fitted the same way
/// (`ScorecardTrainingRequest.run(on:chunkRows:progress:)`). Memory does not grow with the rows; the estimates
/// are those of the in-memory fit up to the order of the sums.
///
/// What is not available out of core: Firth, penalties, weights, selection, cross-validation, collinearity
/// diagnostics and marginal effects (a plain maximum-likelihood fit, with prior correction, only); the
/// Hosmer–Lemeshow test; for scorecards, fixed bins, the correlation and VIF filters and the cut-off reason
/// reference. Standard input cannot be trained on (it is read twice), nor a file in another encoding than UTF-8.
///
/// ```swift
/// if OutOfCoreTraining.isTooLarge(path: "big.csv") {
///     let plan = try OutOfCoreTraining(path: "big.csv", cacheDirectory: OutOfCoreTraining.defaultCacheDirectory())
///     let fit = try plan.fit(LogisticRegressionRequest(target: "bad"))
/// }
/// ```
public struct OutOfCoreTraining: Sendable {
    /// The in-memory path needs about this many times the file's size (the parsed columns, the design and the
    /// fit's work arrays).
    package static let memoryFactor = 3.0

    /// The memory the in-memory path may use when no limit is given: half of physical memory.
    public static var defaultMemoryLimit: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

    /// Whether the file at `path` is too large to train in memory: `memoryFactor` × its size above
    /// `memoryLimit` (default `defaultMemoryLimit`). False for standard input ("-") or a file whose size cannot
    /// be read.
    public static func isTooLarge(path: String, memoryLimit: Double? = nil) -> Bool {
        guard path != "-", let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber else {
            return false
        }
        return memoryFactor * size.doubleValue > (memoryLimit ?? defaultMemoryLimit)
    }

    /// A memory size in bytes from text such as "4G", "512M", "100K", "2T" or "1000000000" (binary multiples:
    /// K = 1024; a trailing "B" and lower case allowed, surrounding spaces ignored). Nil for anything else,
    /// zero, negative or non-finite sizes.
    package static func parseMemorySize(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("B") { s.removeLast() }
        var scale = 1.0
        if let last = s.last, let k = ["K": 1.0, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = pow(1024, k); s.removeLast()
        }
        guard let v = Double(s), v > 0, v.isFinite else { return nil }
        return v * scale
    }

    /// The cache directory when none is given: `$TMPDIR` when set and not empty, else /tmp.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// The CSV file.
    public let path: String
    /// How to read it (UTF-8 only).
    public var csv: CSVOptions
    /// Where the cache's column files go (created and unlinked at once; 8 bytes × rows × columns).
    public let cacheDirectory: String
    /// Rows per chunk of the cache passes and of the streamed fit.
    public var chunkRows = 65_536

    /// A plan to train on the file at `path`, caching in `cacheDirectory`.
    /// - Throws: `TrainingError.noSuchCacheDirectory` when `cacheDirectory` is not a directory.
    public init(path: String, csv: CSVOptions = CSVOptions(), cacheDirectory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cacheDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TrainingError.noSuchCacheDirectory(cacheDirectory)
        }
        self.path = path; self.csv = csv; self.cacheDirectory = cacheDirectory
    }

    /// The column names of the file's header, in file order (reads only the header), without the row names of
    /// `CSVOptions.rowNames`.
    /// - Throws: `CSVError`.
    public func header() throws -> [String] {
        try CSVStreamReader(path: path, options: csv, columns: [], chunkBytes: 1 << 16).header.filter { $0 != CSVOptions.rowNamesColumn }
    }

    /// Streams the file into a cache of every column but `excluded`.
    /// - Throws: `CSVError` with file, line and column.
    /// The cache's notes (`ColumnarCache.notes`) go to `progress` as `.notes` once the input is read.
    public func cache(excluding excluded: Set<String>, progress: ((TrainingProgress) -> Void)? = nil) throws -> ColumnarCache {
        let cache = try ColumnarCache.build(path: path, options: csv, columns: Set(try header()).subtracting(excluded),
                                            directory: cacheDirectory) { phase, fraction in progress?(.reading(phase: phase, fraction: fraction)) }
        if !cache.notes.isEmpty { progress?(.notes(cache.notes)) }
        return cache
    }

    /// Fits a plain maximum-likelihood logistic regression (with prior correction when
    /// `request.fit.populationBadRate` is set) chunk by chunk.
    /// - Throws: `RegressionError.invalidOption` for a request that asks for more than that, `CSVError`,
    ///   `RegressionError`.
    public func fit(_ request: LogisticRegressionRequest, progress: ((TrainingProgress) -> Void)? = nil) throws -> OutOfCoreFit {
        if let missing = request.unavailableOutOfCore {
            throw RegressionError.invalidOption("\(missing) is not available out of core")
        }
        let cache = try cache(excluding: request.design.exclude, progress: progress)
        progress?(.step("checking \(cache.rowCount) rows"))
        let design = try StreamingDesign.build(cache: cache, options: request.design, chunkRows: chunkRows)
        let solver = StreamingLogisticRegression(options: request.fit, chunkRows: chunkRows)
        let result = try solver.fit(design) { step in progress?(.step("fitting on \(design.rowsUsed) rows: Newton step \(step)")) }
        return OutOfCoreFit(source: cache.source, target: request.design.target, bad: request.design.badValue,
                            design: design, result: result)
    }

    /// Trains a points scorecard: binning from counts over the cache, the WoE regression chunk by chunk, the
    /// same scaling and points as in memory.
    /// - Throws: `ScorecardError.cutoffReferenceOutOfCore`, `BinningError` (the correlation and VIF filters are
    ///   not available), `CSVError`, `RegressionError`.
    public func train(_ request: ScorecardTrainingRequest, progress: ((TrainingProgress) -> Void)? = nil) throws -> ScorecardTraining {
        precondition(request.binning.bins == nil, "fixed bins are not available out of core")
        let cache = try cache(excluding: request.binning.exclude, progress: progress)
        return try request.run(on: cache, chunkRows: chunkRows) { progress?(.step($0)) }
    }
}

/// A logistic regression fitted out of core.
public struct OutOfCoreFit: Sendable {
    /// The file name.
    public let source: String
    public let target: String
    public let bad: String
    /// The streamed design: coding, rows in the file, rows used, rows dropped by column.
    public let design: StreamingDesign
    public let result: LogisticRegressionResult
}

/// What out-of-core training reports while it runs.
public enum TrainingProgress: Sendable {
    /// A phase of streaming the input into the cache ("reading", "coding categorical columns") and the fraction
    /// of it done.
    case reading(phase: String, fraction: Double)
    /// A step of the fit: "checking 1000 rows", "binning 1000 rows", "fitting on 990 rows: Newton step 3".
    case step(String)
    /// What the reader noted once the input is read (a column read as categorical because of a few values).
    case notes([CSVNote])
}

/// Why a training could not start.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The out-of-core cache directory does not exist (or is not a directory).
    case noSuchCacheDirectory(String)

    public var description: String {
        switch self {
        case .noSuchCacheDirectory(let path): return "cache directory '\(path)': no such directory"
        }
    }
}

extension LogisticRegressionRequest {
    /// The first thing this request asks for that the out-of-core fit cannot do (nil for a plain
    /// maximum-likelihood fit, with or without prior correction).
    package var unavailableOutOfCore: String? {
        if fit.firth { return "Firth's penalised likelihood" }
        if penalty != nil { return "a penalised fit" }
        if weightColumn != nil { return "frequency weighting" }
        if selection != nil { return "variable selection" }
        if crossValidation != nil { return "cross-validation" }
        if collinearity { return "the collinearity diagnostics" }
        if !marginalEffects.isEmpty { return "marginal effects" }
        return nil
    }
}

extension OutOfCoreTraining {
    /// The most rows per chunk of the out-of-core path (`chunkRows`): 2²⁴; a chunk's design is held in memory.
    package static let maxChunkRows = 1 << 24
}
