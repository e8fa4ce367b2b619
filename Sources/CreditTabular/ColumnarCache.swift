#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV file converted, by streaming, into one binary column file per column (Float64 per row), so that
/// algorithms can re-read the data many times without parsing text and without holding it in memory.
///
/// Built in at most two streaming passes over the CSV (`CSVStreamReader`, memory independent of the row count):
/// 1. every column is read as numeric; a value that is not a number (nor a missing token) makes the column
///    categorical, exactly as `CSVReader` infers types ("numeric when every non-missing value parses");
///    numeric columns are written as they are parsed (NaN = missing);
/// 2. only when some column is categorical: those columns are read again as text and written as level codes
///    (levels numbered in order of first appearance over the whole file, as `CSVReader`; −1 = missing).
///
/// Forced types (`CSVOptions.columnTypes`) are honoured: a forced numeric column with text throws the same
/// `CSVError.notNumeric` (file, line, column) as `CSVReader`; a forced categorical column is read as text.
///
/// The column files are created in `directory` and unlinked at once, so they vanish when the cache is released
/// or the process ends, whatever happens. Reads use `pread` into caller buffers: nothing is memory-mapped, so
/// the resident set does not grow with the row count (the kernel's page cache may keep the files, but that
/// memory is reclaimable and not counted as the process's).
///
/// Disk use: 8 bytes × rows × columns.
public final class ColumnarCache: @unchecked Sendable {
    public let source: String
    /// Every column name of the input, in file order (including columns not cached).
    public let header: [String]
    /// The cached columns, in file order.
    public let columnNames: [String]
    public let columnTypes: [ColumnType]
    /// Per cached column: levels in order of first appearance (empty for numeric columns).
    public let levels: [[String]]
    public let rowCount: Int
    /// Columns read as categorical because of a few values that are not numbers (the rule of `CSVReader`).
    public let notes: [CSVNote]
    private let descriptors: [Int32]

    /// Reports a phase ("reading", "coding categorical columns") and the approximate fraction done.
    public typealias Progress = (_ phase: String, _ fraction: Double) -> Void

    private init(source: String, header: [String], columnNames: [String], columnTypes: [ColumnType], levels: [[String]],
                 rowCount: Int, notes: [CSVNote], descriptors: [Int32]) {
        self.source = source; self.header = header; self.columnNames = columnNames; self.columnTypes = columnTypes
        self.levels = levels; self.rowCount = rowCount; self.notes = notes; self.descriptors = descriptors
    }

    deinit { for fd in descriptors { _ = close(fd) } }

    public func columnIndex(named name: String) -> Int? { columnNames.firstIndex(of: name) }

    /// Streams `path` into a cache.
    /// - Parameters:
    ///   - columns: the columns to cache (nil: all); the others are scanned and checked but not stored.
    ///   - directory: where the (immediately unlinked) column files go.
    ///   - chunkBytes: CSV bytes per streamed chunk.
    /// - Throws: `CSVError` as `CSVStreamReader` (with file, line and column), `.unreadable` for an I/O error
    ///   on the cache files or an input that changed between the passes.
    public static func build(path: String, options: CSVOptions = CSVOptions(), columns: Set<String>? = nil,
                             directory: String, chunkBytes: Int = 4 << 20, progress: Progress? = nil) throws -> ColumnarCache {
        if path == "-" {
            throw CSVError(kind: .unreadable("out-of-core reading needs a file (standard input cannot be read twice)"), source: "<stdin>")
        }
        let probe = try CSVStreamReader(path: path, options: options, columns: [], chunkBytes: 1 << 16)
        let header = probe.header
        let source = probe.source
        let kept = header.filter { $0 != CSVOptions.rowNamesColumn && (columns?.contains($0) ?? true) }
        var size = stat()
        let fileSize = stat(path, &size) == 0 ? max(Int(size.st_size), 1) : 1

        // Pass 1: every column numeric (lenient), unless forced categorical.
        var pass1 = options
        for name in kept where options.columnTypes[name] != .categorical { pass1.columnTypes[name] = .numeric }
        let forcedNumeric = Set(kept.filter { options.columnTypes[$0] == .numeric })
        var categorical = Set(kept.filter { options.columnTypes[$0] == .categorical })

        var descriptors: [Int32] = []
        do {
            for _ in kept { descriptors.append(try createUnlinked(in: directory, source: source)) }
        } catch {
            for fd in descriptors { _ = close(fd) }
            throw error
        }
        func fail(_ error: Error) -> Error { for fd in descriptors { _ = close(fd) }; return error }

        var rows = 0
        // For the notes: per inferred column, the values that are numbers and the texts (distinct, with counts and
        // first lines; nil once there are more than `CSVNote.fewDistinct`, when no note can follow).
        var numbers = [Int](repeating: 0, count: kept.count)
        var texts = [[CSVNote.TextValue]?](repeating: [], count: kept.count)
        do {
            let reader = try CSVStreamReader(path: path, options: pass1, columns: Set(kept), textInNumericColumns: .record,
                                             chunkBytes: chunkBytes)
            let stored = reader.columnNames      // == kept, in file order
            let position = Dictionary(uniqueKeysWithValues: stored.enumerated().map { ($1, $0) })
            var chunks = 0
            while let chunk = try reader.next() {
                for cell in chunk.nonNumeric {
                    if forcedNumeric.contains(cell.column) {
                        throw CSVError(kind: .notNumeric(value: cell.text), source: source, line: cell.line,
                                       column: (header.firstIndex(of: cell.column) ?? 0) + 1, columnName: cell.column)
                    }
                    categorical.insert(cell.column)
                    if let k = position[cell.column], var list = texts[k] {
                        if let i = list.firstIndex(where: { $0.text == cell.text }) {
                            list[i].count += 1
                            if list[i].lines.count < CSVNote.linesShown { list[i].lines.append(cell.line) }
                            texts[k] = list
                        } else if list.count < CSVNote.fewDistinct {
                            list.append(CSVNote.TextValue(text: cell.text, count: 1, lines: [cell.line]))
                            texts[k] = list
                        } else {
                            texts[k] = nil
                        }
                    }
                }
                for (k, name) in stored.enumerated() where texts[k] != nil && options.columnTypes[name] == nil {
                    guard case .numeric(let values) = chunk.table.columns[k] else { continue }
                    var n = 0
                    for v in values where !v.isNaN { n += 1 }
                    numbers[k] += n
                }
                for (k, name) in stored.enumerated() where !categorical.contains(name) {
                    guard case .numeric(let values) = chunk.table.columns[k] else { continue }
                    try values.withUnsafeBytes { try writeAll(descriptors[k], $0, at: rows * 8, source: source) }
                }
                rows += chunk.table.rowCount
                chunks += 1
                progress?("reading", min(1, Double(chunks) * Double(chunkBytes) / Double(fileSize)))
            }
        } catch { throw fail(error) }

        // Pass 2: categorical columns as level codes.
        var levels = [[String]](repeating: [], count: kept.count)
        if !categorical.isEmpty {
            do {
                var pass2 = options
                for name in categorical { pass2.columnTypes[name] = .categorical }
                let reader = try CSVStreamReader(path: path, options: pass2, columns: categorical, chunkBytes: chunkBytes)
                let stored = reader.columnNames
                let targets = stored.map { kept.firstIndex(of: $0)! }
                var index = [[String: Int32]](repeating: [:], count: stored.count)
                var row = 0, chunks = 0
                var codes: [Double] = []
                while let chunk = try reader.next() {
                    let n = chunk.table.rowCount
                    if row + n > rows { throw CSVError(kind: .unreadable("the file changed while it was being read"), source: source) }
                    for k in stored.indices {
                        guard case .categorical(let c) = chunk.table.columns[k] else { continue }
                        let target = targets[k]
                        let map = c.levels.map { level -> Double in
                            if let code = index[k][level] { return Double(code) }
                            let code = Int32(levels[target].count)
                            levels[target].append(level)
                            index[k][level] = code
                            return Double(code)
                        }
                        codes.removeAll(keepingCapacity: true)
                        for code in c.codes { codes.append(code < 0 ? -1 : map[Int(code)]) }
                        try codes.withUnsafeBytes { try writeAll(descriptors[target], $0, at: row * 8, source: source) }
                    }
                    row += n
                    chunks += 1
                    progress?("coding categorical columns", min(1, Double(chunks) * Double(chunkBytes) / Double(fileSize)))
                }
                if row != rows { throw CSVError(kind: .unreadable("the file changed while it was being read"), source: source) }
            } catch { throw fail(error) }
        }
        let types = kept.map { categorical.contains($0) ? ColumnType.categorical : .numeric }
        var notes: [CSVNote] = []
        for (k, name) in kept.enumerated() where options.columnTypes[name] == nil {
            if let list = texts[k], let note = CSVNote.textInNumbers(source: source, column: name, numbers: numbers[k], texts: list) {
                notes.append(note)
            }
        }
        return ColumnarCache(source: source, header: header, columnNames: kept, columnTypes: types, levels: levels,
                             rowCount: rows, notes: notes, descriptors: descriptors)
    }

    /// Copies rows `rows` of cached column `column` into `buffer` (numeric values, or level codes as Double).
    /// Safe to call from several threads at once.
    package func read(column: Int, rows: Range<Int>, into buffer: UnsafeMutablePointer<Double>) throws {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= rowCount, "ColumnarCache.read: rows out of range")
        var done = 0
        let total = rows.count * 8
        let raw = UnsafeMutableRawPointer(buffer)
        while done < total {
            let r = pread(descriptors[column], raw + done, total - done, off_t(rows.lowerBound * 8 + done))
            if r < 0 {
                if errno == EINTR { continue }
                throw CSVError(kind: .unreadable("cache file: \(String(cString: strerror(errno)))"), source: source)
            }
            if r == 0 { throw CSVError(kind: .unreadable("cache file is shorter than expected"), source: source) }
            done += r
        }
    }

    /// Opens a new file in `directory` and unlinks it (O_TMPFILE where the file system allows it).
    private static func createUnlinked(in directory: String, source: String) throws -> Int32 {
        #if os(Linux)
        // __O_TMPFILE (0o20000000) | O_DIRECTORY: an unnamed file.
        let fd = open(directory, Int32(0o20000000) | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)
        if fd >= 0 { return fd }
        #endif
        var template = Array("\(directory)/credit-cache-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if made < 0 {
            throw CSVError(kind: .unreadable("cannot create a cache file in \(directory): \(String(cString: strerror(errno)))"),
                           source: source)
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return made
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, source: String) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let r = pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
            if r < 0 {
                if errno == EINTR { continue }
                throw CSVError(kind: .unreadable("writing the cache file: \(String(cString: strerror(errno))) (free disk space, or set TMPDIR)"),
                               source: source)
            }
            done += r
        }
    }
}
