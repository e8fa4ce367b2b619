#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to read a CSV file.
public struct CSVOptions: Sendable {
    /// The empty field, `NA`, `N/A`, `n/a`, `NULL`, `null`, `NaN`, `nan`, `None`, `#N/A`, `-` and `?`: what R,
    /// pandas, SQL exports, spreadsheets and Python's `str(None)` write for a missing value. Matched after
    /// trimming surrounding ASCII spaces: exactly (case-sensitive) in every column, and ignoring ASCII case
    /// where a number is expected (see `missingTokens`). A lone `-` is never a number (`NumberParser` needs a
    /// digit), so taking it as missing cannot change a number; in a text column it becomes missing too.
    public static let defaultMissingTokens: Set<String> = ["", "NA", "N/A", "n/a", "NULL", "null", "NaN", "nan",
                                                           "None", "#N/A", "-", "?"]
    /// nil: detect among `,` `;` tab `|` from the header line (the most frequent outside quotes; ties → comma).
    public var delimiter: UInt8? = nil
    /// Values that mean "missing". Quoted values count too: `""` is missing when "" is a token.
    ///
    /// In a column read as numbers (inferred numeric, or forced with `columnTypes`), a value that equals a token
    /// ignoring ASCII case is missing too (`Null`, `NONE`, `NAN`): it is not a number either way, and one such
    /// value would otherwise turn the whole column categorical. In a text column only an exact match is missing,
    /// so a level such as `none` or `Null` is kept. A column whose values are all missing tokens (in any case)
    /// is numeric and all missing. A field that parses as a number is a number unless it equals a token exactly.
    public var missingTokens: Set<String> = CSVOptions.defaultMissingTokens
    public var encoding: TextEncoding = .utf8
    /// Per-column type overrides; other columns are inferred (numeric when every non-missing value parses).
    public var columnTypes: [String: ColumnType] = [:]
    /// When true (the default), a `columnTypes` entry naming a column the header lacks is an error
    /// (`unknownColumn`, a likely typo). Scoring sets it to false: it types the columns a model knows and lets
    /// the model's own schema check name whatever is missing.
    public var typedColumnsMustExist = true
    /// R's `write.csv` (row.names = TRUE, its default) and pandas' `to_csv` (index=True) write the row names
    /// first, under an empty header name. Without this, such a header is an error (`emptyColumnName`, whose
    /// remedy says so): an empty first name may also be a real column whose name was lost, and dropping it
    /// silently would lose data. With it, an empty *first* name is taken for the row names and that column is
    /// left out (`Table` and `ColumnarCache` never have it; a streamed read names it `rowNamesColumn`, which
    /// no model or option can name). A header whose first name is not empty is read as always.
    public var rowNames = false
    /// The name a streamed read gives the row-names column (`rowNames`): it holds a NUL, which no header read
    /// from a file can (a NUL byte is an error), so it never matches a real column.
    public static let rowNamesColumn = "\u{0}row names"
    /// Inputs at least this large and free of quote characters are read by two threads (tests lower it).
    var parallelMinimumBytes = 8 << 20
    /// The size of the parts the two threads take in turn (each ends at a line feed; tests lower it).
    var parallelPartBytes = 4 << 20
    /// Set by `read(path:)` for a memory-mapped file: the pages of input already parsed are handed back
    /// (`MADV_DONTNEED`, every 8 MiB, and at the end of each part of a two-thread read), so the mapped file and
    /// the growing columns are not both resident; anything read again later (a column turning categorical
    /// re-reads its earlier fields) is mapped again from the page cache. Never set for input in process memory,
    /// where it would discard the data.
    var releasesParsedInput = false
    public init() {}
    public init(delimiter: UInt8? = nil, missingTokens: Set<String> = CSVOptions.defaultMissingTokens,
                encoding: TextEncoding = .utf8, columnTypes: [String: ColumnType] = [:]) {
        self.delimiter = delimiter; self.missingTokens = missingTokens
        self.encoding = encoding; self.columnTypes = columnTypes
    }
}

/// Reads CSV into a typed `Table`.
///
/// Decisions (each has a test in Tests/CreditTabularTests):
/// - RFC 4180 quoting (`""` escapes; delimiters and newlines inside quotes), LF or CRLF records, a last
///   record without a newline, a UTF-8 byte-order mark. A lone CR is data. Blank lines are skipped when the
///   table has more than one column (with one column a blank line is a missing value).
/// - The header row is required; names are trimmed of surrounding spaces and must be non-empty and distinct.
/// - Missing tokens match after trimming surrounding ASCII spaces, quoted or not: exactly (case-sensitive) in
///   every column, so `""` and `" NA "` are missing by default; and ignoring ASCII case where a number is
///   expected, so `Null` or `NONE` in a column of numbers is missing while `none` in a text column is a level.
///   When a column is turned categorical, values it had read as missing only through a case-insensitive match
///   are read again as text.
/// - A column is numeric when every non-missing value is a number (see `NumberParser`; values equal `strtod`
///   bit for bit; `inf`/`nan` words are not numbers; a value beyond ±1.8e308, where strtod overflows to ±inf,
///   is not a number either — the column becomes categorical, or a forced numeric column reports it as out of
///   range; underflow rounds to a subnormal or zero exactly as strtod does). Otherwise the column is
///   categorical, levels in order of first appearance, original text kept (not trimmed). When a few values
///   made an otherwise numeric column categorical, `Table.notes` says which (see `CSVNote`).
/// - A file that starts with a UTF-16 or UTF-32 byte-order mark is converted to UTF-8 first (with iconv), as if
///   its encoding had been given.
/// - A header whose first name is empty (R's `write.csv` row names) is an error whose message says so, unless
///   `options.rowNames`: then that column is left out.
/// - Input must be valid UTF-8 (or be converted with `options.encoding`); a NUL byte is an error, never data.
/// - Line numbers are physical lines (1 = header), so they stay right after quoted fields with newlines.
/// - Speed: the file is memory-mapped; numbers are parsed during the scan straight into the column arrays
///   (sized from the count of line feeds); a column that turns categorical re-extracts only its own earlier
///   fields. Inputs of 8 MB or more with no quote character are cut into parts of about 4 MB, each ending at a
///   line feed, which two threads take in turn, each writing its rows into the same arrays.
public enum CSVReader {
    /// Reads a file. - Throws: `CSVError` (`fileNotFound`, `unreadable`, and every data error).
    ///
    /// UTF-8 files are memory-mapped (no copy); other encodings are read and converted first.
    /// The path is opened once: a pipe, FIFO or device (`/dev/stdin`, `<(…)`) is read to its end from that one
    /// descriptor, never opened again.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> Table {
        let file = try FileInput.open(path: path)
        defer { close(file.fd) }
        if options.encoding == .utf8, let mapped = FileInput.map(file) {
            defer { mapped.unmap() }
            let buffer = UnsafeBufferPointer(start: mapped.base, count: mapped.count)
            // A UTF-16/32 file (by its byte-order mark) is read and converted below instead.
            if TextEncoding.wideEncoding(markedIn: buffer) == nil {
                var mappedOptions = options
                mappedOptions.releasesParsedInput = true
                return try parse(buffer, source: path, options: mappedOptions)
            }
        }
        let bytes = try FileInput.readAll(file, source: path)
        return try read(bytes: bytes, source: path, options: options)
    }

    /// Reads CSV from memory; `source` names it in errors and in `Table.source`.
    public static func read(bytes: [UInt8], source: String, options: CSVOptions = CSVOptions()) throws -> Table {
        var input = bytes
        if case .iconv(let name) = options.encoding {
            input = try Transcoder.toUTF8(bytes, from: name, source: source)
        } else if let wide = bytes.withUnsafeBufferPointer({ TextEncoding.wideEncoding(markedIn: $0) }) {
            input = try Transcoder.toUTF8(bytes, from: wide, source: source, detected: true)
        }
        return try input.withUnsafeBufferPointer { try parse($0, source: source, options: options) }
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, source: String, options: CSVOptions) throws -> Table {
        guard let base = buffer.baseAddress, buffer.count > 0 else { throw CSVError(kind: .empty, source: source) }
        var parser = CSVParser(p: base, count: buffer.count, source: source, options: options)
        defer { parser.deallocate() }
        var table = try parser.run()
        if options.rowNames, table.columnNames.first == CSVOptions.rowNamesColumn { table = table.droppingFirstColumn() }
        table.notes = CSVNote.columnsMadeCategorical(in: table, forced: options.columnTypes, missing: parser.missing)
        return table
    }
}

/// Reads whole files with `read(2)` into one buffer.
enum FileInput {
    struct Mapping {
        let base: UnsafePointer<UInt8>
        let count: Int
        let raw: UnsafeMutableRawPointer
        func unmap() { munmap(raw, count) }
    }

    /// Opens `path` and checks it is a readable regular file.
    static func open(path: String) throws -> (fd: Int32, size: Int, regular: Bool) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw CSVError(kind: .fileNotFound, source: path) }
            throw CSVError(kind: .unreadable(String(cString: strerror(e))), source: path)
        }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let e = errno
            close(fd)
            throw CSVError(kind: .unreadable(String(cString: strerror(e))), source: path)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CSVError(kind: .unreadable("it is a directory"), source: path)
        }
        return (fd, Int(st.st_size), (st.st_mode & S_IFMT) == S_IFREG)
    }

    /// Memory-maps an open non-empty regular file read-only; nil for anything else (pipes, empty files), which
    /// `readAll` handles. (A file truncated by another process while mapped would fault: inputs are not
    /// expected to change while being read.)
    static func map(_ file: (fd: Int32, size: Int, regular: Bool)) -> Mapping? {
        guard file.regular, file.size > 0 else { return nil }
        guard let raw = mmap(nil, file.size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file.fd, 0), raw != MAP_FAILED else { return nil }
        madvise(raw, file.size, MADV_SEQUENTIAL)
        return Mapping(base: UnsafePointer(raw.assumingMemoryBound(to: UInt8.self)), count: file.size, raw: raw)
    }

    /// Opens `path` and reads it whole.
    static func readAll(path: String) throws -> [UInt8] {
        let file = try open(path: path)
        defer { close(file.fd) }
        return try readAll(file, source: path)
    }

    /// Reads an open file, pipe or device to its end (`source` names it in errors).
    static func readAll(_ file: (fd: Int32, size: Int, regular: Bool), source: String) throws -> [UInt8] {
        let fd = file.fd
        var result = [UInt8]()
        var capacity = file.regular ? max(file.size, 0) + 1 : 1 << 16     // +1 so a full buffer means "maybe more"
        while true {
            var readError: Int32 = 0
            let previous = result
            result = [UInt8](unsafeUninitializedCapacity: capacity) { b, n in
                var total = previous.count
                if total > 0 { previous.withUnsafeBufferPointer { _ = memcpy(b.baseAddress!, $0.baseAddress!, total) } }
                while total < capacity {
                    let r = Glibc.read(fd, b.baseAddress! + total, capacity - total)
                    if r < 0 { if errno == EINTR { continue }; readError = errno; break }
                    if r == 0 { break }
                    total += r
                }
                n = total
            }
            if readError != 0 { throw CSVError(kind: .unreadable(String(cString: strerror(readError))), source: source) }
            if result.count < capacity { return result }
            capacity *= 2
        }
    }
}

extension Table {
    /// The table without its first column (the row names of `CSVOptions.rowNames`).
    func droppingFirstColumn() -> Table {
        Table(source: source, columnNames: Array(columnNames.dropFirst()), columns: Array(columns.dropFirst()), lineNumbers: lineNumbers,
              delimiter: delimiter, notes: notes)
    }
}
