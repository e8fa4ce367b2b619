#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CreditSupport

/// The target's counts in a profile: rows whose target is the bad value, any other value, or missing.
public struct TargetCounts: Sendable, Codable, Equatable {
    public var column: String
    /// The value that means bad, as given.
    public var bad: String
    public var bads: Int
    public var goods: Int
    public var missing: Int
    public init(column: String, bad: String, bads: Int, goods: Int, missing: Int) {
        self.column = column; self.bad = bad; self.bads = bads; self.goods = goods; self.missing = missing
    }
}

/// A whole input profiled: what `credit describe` reports.
public struct DataProfile: Sendable {
    public var source: String
    public var rows: Int
    public var delimiter: UInt8
    /// One per column, in file order.
    public var columns: [ColumnProfile]
    public var target: TargetCounts?
    /// Columns read as categorical because of a few values that are not numbers (the rule of `CSVReader`).
    public var notes: [CSVNote] = []
}

/// Profiles a CSV file or standard input in one streaming pass, in memory that does not grow with the row
/// count (`ProfileLimits`): the input is read in chunks (`CSVStreamReader`, types inferred per chunk) and
/// each column's chunk goes to its `ColumnProfiler` (on two threads, one column each, unless
/// `CREDIT_THREADS=1`).
///
/// ```swift
/// let profiler = try CSVProfiler(path: "loans.csv")
/// let profile = try profiler.run(target: "default", bad: "1")
/// ```
///
/// Under the budgets the profile is the one `CSVReader.read` + `Table.profiles` gives, bit for bit, with one
/// more pass in one case. Types are inferred as `CSVReader` does (numeric when every non-missing value is a
/// number), but chunk by chunk: a column numeric in the first chunks that turns categorical in a later one has
/// lost the text of its earlier numbers. Then:
/// - input that can be read again (a regular file, standard input redirected from one, or input converted in
///   memory from another encoding): a second pass reads just those columns (all of them when the target is
///   one), typed as they ended, and their profiles replace the first pass's — the in-memory result;
/// - a pipe: the earlier numbers are counted as levels spelled from their value (`ColumnProfiler.levelText`),
///   marked in `ColumnProfile.levelsFromNumbers`; for the target, a number equal to the bad value counts as
///   bad only if the bad value is spelled that way.
/// Later chunks read such a column as text (`CSVStreamReader.readAsText(column:)`).
///
/// Errors are `CSVReader`'s, with file, line and column; an input read in one chunk reports the same first
/// error as `CSVReader`. In a longer input the first error found chunk by chunk is reported (an invalid byte
/// late in the file no longer comes before a bad record early in it). Nothing is reported before the end.
public final class CSVProfiler {
    /// Progress: the pass ("reading", "second pass"), rows read so far, and the fraction of the input read
    /// when its size is known.
    public typealias Progress = (_ pass: String, _ rows: Int, _ fraction: Double?) -> Void

    public let source: String
    /// Header names, in file order.
    public let header: [String]
    public let delimiter: UInt8
    public let limits: ProfileLimits
    private let options: CSVOptions
    private let chunkBytes: Int
    private let input: Input
    private var reader: CSVStreamReader?

    private enum Input {
        /// A regular file: read again by path.
        case file(path: String, size: Int)
        /// Standard input redirected from a regular file: read again from `offset` after seeking back.
        case seekableStandardInput(offset: off_t, size: Int)
        /// A pipe or terminal: read once.
        case stream
        /// Held in memory (converted from another encoding).
        case bytes([UInt8])
    }

    /// Opens `path` ("-": standard input) and reads its header.
    ///
    /// UTF-8 input is streamed. Input in another encoding (`options.encoding`) is read whole and converted
    /// first (iconv works on the whole text), so its memory grows with its size.
    /// - Parameters:
    ///   - limits: the budgets; default `ProfileLimits.standard(columns:)` for the header's column count.
    ///   - chunkBytes: bytes of input per chunk.
    /// - Throws: `CSVError` (`fileNotFound`, `unreadable`, `empty`, header errors).
    public init(path: String, options: CSVOptions = CSVOptions(), limits: ProfileLimits? = nil,
                chunkBytes: Int = 4 << 20) throws {
        self.options = options
        self.chunkBytes = chunkBytes
        let reader: CSVStreamReader
        var converted: [UInt8]? = nil
        if case .iconv = options.encoding {
            let bytes = try Self.readAll(path)
            input = .bytes(bytes)
            reader = try CSVStreamReader(bytes: bytes, source: path == "-" ? "<stdin>" : path, options: options,
                                         chunkBytes: chunkBytes, inferTypes: true)
        } else {
            if path == "-" {
                var st = stat()
                let offset = lseek(STDIN_FILENO, 0, SEEK_CUR)
                if fstat(STDIN_FILENO, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, offset >= 0 {
                    input = .seekableStandardInput(offset: offset, size: max(Int(st.st_size) - Int(offset), 0))
                } else {
                    input = .stream
                }
            } else {
                var st = stat()
                if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                    if let wide = try Self.wideEncoding(path) {
                        // A UTF-16/32 file (by its byte-order mark): converted whole, as `CSVReader` does.
                        converted = try Transcoder.toUTF8(try FileInput.readAll(path: path), from: wide, source: path, detected: true)
                        input = .bytes(converted!)
                    } else {
                        input = .file(path: path, size: Int(st.st_size))
                    }
                } else {
                    input = .stream
                }
            }
            if let converted {
                reader = try CSVStreamReader(bytes: converted, source: path, options: options, chunkBytes: chunkBytes, inferTypes: true)
            } else {
                reader = try CSVStreamReader(path: path, options: options, chunkBytes: chunkBytes, inferTypes: true)
            }
        }
        self.reader = reader
        source = reader.source
        // The row names of `CSVOptions.rowNames` are never read, so never profiled.
        header = reader.header.filter { $0 != CSVOptions.rowNamesColumn }
        delimiter = reader.delimiter
        self.limits = limits ?? .standard(columns: header.count)
    }

    /// The UTF-16/32 encoding a regular file's byte-order mark names (`TextEncoding.wideEncoding`), or nil.
    private static func wideEncoding(_ path: String) throws -> String? {
        let fd = try FileInput.open(path: path).fd
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4)
        let n = head.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4) }
        return head.withUnsafeBufferPointer { TextEncoding.wideEncoding(markedIn: UnsafeBufferPointer(rebasing: $0[0..<max(n, 0)])) }
    }

    /// Standard input or a file, whole.
    private static func readAll(_ path: String) throws -> [UInt8] {
        if path != "-" { return try FileInput.readAll(path: path) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let r = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if r < 0 {
                if errno == EINTR { continue }
                throw CSVError(kind: .unreadable(String(cString: strerror(errno))), source: "<stdin>")
            }
            if r == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<r])
        }
    }

    /// Reads the rest of the input and profiles every column; call once.
    /// - Parameters:
    ///   - target: a header column whose bad rate is reported, with each column's bad rate among its missing
    ///     rows. A numeric target is compared with `bad` as a number ("1" matches 1.0), a categorical one by
    ///     exact text (as `Column.holds`); every other non-missing value counts as good.
    ///   - progress: called after each chunk.
    /// - Throws: `CSVError` for bad input (with file, line and column), or `.unreadable` when a file read twice
    ///   changed in between.
    public func run(target: String? = nil, bad: String = "1", progress: Progress? = nil) throws -> DataProfile {
        guard let reader else { preconditionFailure("CSVProfiler.run: call it once") }
        self.reader = nil
        precondition(target.map(header.contains) ?? true, "CSVProfiler.run: the target is not a column of the input")
        let rule = target.map { TargetRule(column: header.firstIndex(of: $0)!, bad: bad) }
        let types = header.map { options.columnTypes[$0] == .categorical ? ColumnType.categorical : .numeric }
        var first = try pass(reader, columns: Array(header.indices), types: types, rule: rule, name: "reading",
                             talliesText: true, progress: progress)
        // Notes from the first pass (it saw every value, numbers of a column before it turned categorical included).
        var notes: [CSVNote] = []
        for k in header.indices where options.columnTypes[header[k]] == nil && first.profilers[k].type == .categorical {
            var tally = first.tallies[k]
            tally.numbers += first.profilers[k].numbersCountedAsLevels      // its numeric chunks, before it turned
            if let note = tally.note(source: source, column: header[k]) { notes.append(note) }
        }

        // Columns that turned categorical after numbers: read them again when the input allows.
        let lossy = first.lossy
        if !lossy.isEmpty, let again = try reopen(finalTypes: first.profilers.map(\.type), columns: lossy, rule: rule) {
            let columns = rule.map { lossy.contains($0.column) } == true ? Array(header.indices) : lossy.sorted()
            let finalTypes = first.profilers.map(\.type)
            let second = try pass(again, columns: columns, types: finalTypes, rule: rule, name: "second pass",
                                  talliesText: false, progress: progress)
            if second.rows != first.rows {
                throw CSVError(kind: .unreadable("the file changed while it was being read"), source: source)
            }
            for k in columns { first.profilers[k] = second.profilers[k] }
            if rule.map({ lossy.contains($0.column) }) == true { first.target = second.target; first.targetAsText = second.targetAsText }
            first.lossy = []
        }
        let targetFolded = rule.map { first.lossy.contains($0.column) } ?? false
        let counts = rule.map { r in
            TargetCounts(column: header[r.column], bad: bad,
                         bads: targetFolded ? first.targetAsText.bads : first.target.bads,
                         goods: targetFolded ? first.targetAsText.goods : first.target.goods,
                         missing: first.target.missing)
        }
        return DataProfile(source: source, rows: first.rows, delimiter: delimiter,
                           columns: first.profilers.map { $0.profile(targetNumbersAsText: targetFolded) }, target: counts,
                           notes: notes)
    }

    /// A second reader of the same input for `columns` (and the target), every column read typed as it ended;
    /// nil when the input cannot be read again.
    private func reopen(finalTypes: [ColumnType], columns: Set<Int>, rule: TargetRule?) throws -> CSVStreamReader? {
        var typed = options
        for (k, name) in header.enumerated() { typed.columnTypes[name] = finalTypes[k] }
        var read = Set(columns.map { header[$0] })
        if let rule {
            if columns.contains(rule.column) { read = Set(header) }
            read.insert(header[rule.column])
        }
        switch input {
        case .stream:
            return nil
        case .file(let path, _):
            return try CSVStreamReader(path: path, options: typed, columns: read, chunkBytes: chunkBytes)
        case .seekableStandardInput(let offset, _):
            guard lseek(STDIN_FILENO, offset, SEEK_SET) == offset else { return nil }
            return try CSVStreamReader(path: "-", options: typed, columns: read, chunkBytes: chunkBytes)
        case .bytes(let bytes):
            return try CSVStreamReader(bytes: bytes, source: source, options: typed, columns: read, chunkBytes: chunkBytes)
        }
    }

    private var inputSize: Int? {
        switch input {
        case .file(_, let size), .seekableStandardInput(_, let size): return max(size, 1)
        case .bytes(let b): return max(b.count, 1)
        case .stream: return nil
        }
    }

    /// How the target's value of a row is flagged for `ColumnProfiler.add`.
    private struct TargetRule {
        let column: Int
        let bad: String
        /// `bad` as a number (as `Column.holds` reads it), nil when it is not one.
        let badValue: Double?
        /// Whether a number equal to `badValue`, counted as a level by `ColumnProfiler.levelText`, is spelled `bad`.
        let spelledAsBad: Bool

        init(column: Int, bad: String) {
            self.column = column
            self.bad = bad
            badValue = Double(bad.trimmingCharacters(in: .whitespaces))
            spelledAsBad = badValue.map { $0.isFinite && ColumnProfiler.levelText($0) == bad } ?? true
        }

        /// 1 bad, 0 good, −1 missing, 2 bad as a number but not by its text (see `ColumnProfiler.add`).
        func flags(_ column: Column) -> [Int8] {
            switch column {
            case .numeric(let v):
                let b = badValue ?? .nan, hit: Int8 = spelledAsBad ? 1 : 2
                return v.map { $0.isNaN ? -1 : ($0 == b ? hit : 0) }
            case .categorical(let c):
                let isBad = c.levels.map { $0 == bad }
                return c.codes.map { $0 < 0 ? -1 : (isBad[Int($0)] ? 1 : 0) }
            }
        }
    }

    private struct Tally { var bads = 0, goods = 0, missing = 0 }

    /// The state of one pass.
    private struct Pass {
        var profilers: [ColumnProfiler]
        var rows = 0
        var target = Tally()
        /// The target's tally reading its numbers as text (flag 2 is good).
        var targetAsText = Tally()
        /// Columns (header indices) whose numbers were counted as levels by value (`ColumnProfiler.countsNumbersAsLevels`).
        var lossy: Set<Int> = []
        /// Per header column, for the notes (`talliesText`).
        var tallies: [TextInNumbersTally] = []
    }

    /// Reads every chunk of `reader`, profiling the header columns `columns` (the reader holds at least these
    /// and the target, in header order).
    private func pass(_ reader: CSVStreamReader, columns: [Int], types: [ColumnType], rule: TargetRule?,
                      name: String, talliesText: Bool, progress: Progress?) throws -> Pass {
        var state = Pass(profilers: header.indices.map { ColumnProfiler(name: header[$0], type: types[$0], limits: limits) })
        state.tallies = Array(repeating: TextInNumbersTally(), count: header.count)
        let missing = MissingMatcher(options.missingTokens)
        let stored = reader.columnNames
        let position = Dictionary(uniqueKeysWithValues: stored.enumerated().map { ($1, $0) })
        let parts = Concurrency.threads
        let size = inputSize
        var chunks = 0
        while let chunk = try reader.next(parts: parts, run: parts > 1 ? { DispatchQueue.concurrentPerform(iterations: $0, execute: $1) } : nil) {
            let table = chunk.table
            // A column turning categorical: read it as text from the next chunk on.
            for k in columns {
                if case .categorical = table.columns[position[header[k]]!], state.profilers[k].type == .numeric {
                    reader.readAsText(column: header[k])
                }
            }
            if talliesText {
                // Categorical chunks only: the numbers of numeric chunks are counted by the column's profiler.
                for k in columns where options.columnTypes[header[k]] == nil {
                    let column = table.columns[position[header[k]]!]
                    if column.type == .categorical { state.tallies[k].add(column, lines: table.lineNumbers, missing: missing) }
                }
            }
            var flags: [Int8]? = nil
            if let rule {
                let f = rule.flags(table.columns[position[header[rule.column]]!])
                for x in f {
                    switch x {
                    case 1: state.target.bads += 1; state.targetAsText.bads += 1
                    case 2: state.target.bads += 1; state.targetAsText.goods += 1
                    case 0: state.target.goods += 1; state.targetAsText.goods += 1
                    default: state.target.missing += 1; state.targetAsText.missing += 1
                    }
                }
                flags = f
            }
            let targetFlags = flags
            let slots = columns.map { position[header[$0]]! }
            state.profilers.withUnsafeMutableBufferPointer { profilers in
                let address = UInt(bitPattern: profilers.baseAddress)
                let work: @Sendable (Int) -> Void = { i in
                    let p = UnsafeMutablePointer<ColumnProfiler>(bitPattern: address)! + columns[i]
                    p.pointee.add(table.columns[slots[i]], isBad: targetFlags)
                }
                Concurrency.perform(iterations: columns.count, work)
            }
            state.rows += table.rowCount
            chunks += 1
            progress?(name, state.rows, size.map { min(1, Double(chunks) * Double(chunkBytes) / Double($0)) })
        }
        state.lossy = Set(columns.filter { state.profilers[$0].countsNumbersAsLevels })
        return state
    }
}
