#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cell of a lenient numeric column (see `CSVStreamReader.TextInNumericColumn.record`) whose text is not a number.
public struct NonNumericCell: Sendable, Equatable {
    /// 0-based row within the chunk.
    public var row: Int
    /// 1-based physical line of the field.
    public var line: Int
    public var column: String
    /// The field's text, trimmed of surrounding spaces.
    public var text: String
}

/// Consecutive rows of a streamed CSV.
public struct CSVChunk: Sendable {
    /// The rows, typed as fixed when the reader opened (columns not read are absent).
    public let table: Table
    /// 0-based index, in the whole input, of the chunk's first row.
    public let firstRow: Int
    /// Cells of lenient numeric columns that were not numbers (NaN in `table`), in row order.
    public let nonNumeric: [NonNumericCell]
}

/// Reads a CSV in chunks of about `chunkBytes` bytes (whole records), so memory stays flat however long the
/// input is. Files and standard input (`"-"`) are read with `read(2)`; nothing is memory-mapped.
///
/// ```swift
/// var options = CSVOptions(); options.columnTypes = ["age": .numeric, "purpose": .categorical]
/// let reader = try CSVStreamReader(path: "applicants.csv", options: options, columns: ["age", "purpose"])
/// while let chunk = try reader.next() { use(chunk.table) }
/// ```
///
/// It shares the scanner, number parser and field rules of `CSVReader` (RFC 4180 quoting, LF/CRLF, BOM,
/// missing tokens, UTF-8 validation, physical line numbers). A chunk ends at a record boundary found by the
/// same quoting rules as the scanner, so quoted fields with newlines may straddle the bytes read from the
/// file. What differs, because a stream cannot look ahead:
/// - Column types are fixed when the reader opens: a column named in `options.columnTypes` has that type;
///   any other column read is categorical (text). No column is inferred.
/// - `columns` (when given) limits the columns stored; the others are scanned (and checked for quoting and
///   field count) but not kept.
/// - Categorical levels are numbered per chunk (a level's code can differ between chunks).
/// - Non-UTF-8 input (`options.encoding`) is only accepted through `init(bytes:…)` after conversion.
public final class CSVStreamReader {
    /// What a value that is not a number does in a numeric column.
    public enum TextInNumericColumn: Sendable {
        /// Throw `CSVError` `.notNumeric` with line and column (as `CSVReader` does for a forced column).
        case error
        /// Store NaN and list the cell in `CSVChunk.nonNumeric`, so the caller can reject the row.
        case record
    }

    public let source: String
    /// Header names of the whole input, in file order.
    public private(set) var header: [String] = []
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// Target bytes per chunk (a record longer than this is still read whole).
    public let chunkBytes: Int

    private let options: CSVOptions
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unconsumed bytes are `buffer[start..<filled]`.
    private var start = 0
    private var filled = 0
    private var atEOF = false
    /// Physical line at `start`.
    private var line = 1
    private var rowsRead = 0
    private var modes: [UInt8] = []

    /// Opens `path` ("-" for standard input) and reads the header.
    /// - Throws: `CSVError` (`fileNotFound`, `unreadable`, `empty`, header errors, `unknownColumn`).
    public init(path: String, options: CSVOptions = CSVOptions(), columns: Set<String>? = nil,
                textInNumericColumns: TextInNumericColumn = .error, chunkBytes: Int = 4 << 20) throws {
        precondition(chunkBytes > 0, "CSVStreamReader: chunkBytes must be positive")
        if case .iconv = options.encoding {
            throw CSVError(kind: .unreadable("streaming reads UTF-8 only; convert the input first (iconv)"), source: path)
        }
        self.source = path == "-" ? "<stdin>" : path
        self.options = options
        self.chunkBytes = chunkBytes
        if path == "-" {
            fd = STDIN_FILENO; ownsDescriptor = false
        } else {
            fd = try FileInput.open(path: path).fd; ownsDescriptor = true
        }
        capacity = chunkBytes + 1
        buffer = .allocate(capacity: capacity)
        do { try readHeader(columns: columns, lenient: textInNumericColumns == .record) } catch {
            close(); throw error
        }
    }

    /// Streams CSV held in memory (already UTF-8, or converted from `options.encoding`).
    public init(bytes: [UInt8], source: String, options: CSVOptions = CSVOptions(), columns: Set<String>? = nil,
                textInNumericColumns: TextInNumericColumn = .error, chunkBytes: Int = 4 << 20) throws {
        precondition(chunkBytes > 0, "CSVStreamReader: chunkBytes must be positive")
        var input = bytes
        if case .iconv(let name) = options.encoding { input = try Transcoder.toUTF8(bytes, from: name, source: source) }
        self.source = source
        self.options = options
        self.chunkBytes = chunkBytes
        fd = -1; ownsDescriptor = false
        capacity = max(input.count, 1)
        buffer = .allocate(capacity: capacity)
        input.withUnsafeBufferPointer { if let b = $0.baseAddress { buffer.update(from: b, count: $0.count) } }
        filled = input.count
        atEOF = true
        do { try readHeader(columns: columns, lenient: textInNumericColumns == .record) } catch {
            close(); throw error
        }
    }

    deinit { close() }

    private var closed = false
    private func close() {
        if closed { return }
        closed = true
        if ownsDescriptor { _ = Glibc.close(fd) }
        buffer.deallocate()
    }

    /// The columns each chunk's table holds, in file order.
    public var columnNames: [String] { zip(header, modes).filter { $0.1 != CSVParser.skipped }.map(\.0) }

    // MARK: - Reading

    /// Reads from the descriptor until `filled - start >= want` or end of input (moving unread bytes to the front).
    private func fill(want: Int) throws {
        if atEOF { return }     // everything is in the buffer already (or input held in memory)
        if start > 0 {
            let n = filled - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            filled = n; start = 0
        }
        if want > capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: want)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger; capacity = want
        }
        while !atEOF && filled < want {
            let r = Glibc.read(fd, buffer + filled, capacity - filled)
            if r < 0 {
                if errno == EINTR { continue }
                throw CSVError(kind: .unreadable(String(cString: strerror(errno))), source: source)
            }
            if r == 0 { atEOF = true; break }
            filled += r
        }
    }

    /// The offset just past the last complete record in `from..<to` (after its LF), or nil if none ends there.
    /// Follows the scanner's rules: a field is quoted only when its first byte is `"`.
    func lastRecordEnd(from: Int, to: Int) -> Int? {
        guard to > from else { return nil }
        let quote = CSVScanner.quote, lf = CSVScanner.lf, d = delimiter
        if memchr(buffer + from, Int32(quote), to - from) == nil {
            var i = to - 1
            while i >= from && buffer[i] != lf { i -= 1 }
            return i >= from ? i + 1 : nil
        }
        var last: Int? = nil
        var i = from
        var fieldStart = true
        while i < to {
            let b = buffer[i]
            if fieldStart && b == quote {
                i += 1
                while true {
                    while i < to && buffer[i] != quote { i += 1 }
                    // Unterminated here, or a quote whose next byte (maybe a second quote) is not read yet.
                    if i + 1 >= to { return last }
                    if buffer[i + 1] == quote { i += 2; continue }
                    i += 1
                    break
                }
                fieldStart = false
                continue
            }
            if b == lf { last = i + 1; fieldStart = true } else { fieldStart = b == d }
            i += 1
        }
        return last
    }

    private func readHeader(columns: Set<String>?, lenient: Bool) throws {
        // Read until the header record is complete (or the input ends).
        var want = min(chunkBytes, 1 << 16)
        while true {
            try fill(want: want)
            // After the byte-order mark, so that a quoted first name is seen as quoted (an LF inside it is not
            // the end of the header).
            let bom = filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
            if atEOF || lastRecordEnd(from: bom, to: filled) != nil { break }
            want = max(want * 2, filled + 1)
        }
        var begin = 0
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { begin = 3 }
        var onlyBlank = true
        for i in begin..<max(begin, filled) where !(buffer[i] == 32 || buffer[i] == 10 || buffer[i] == 13 || buffer[i] == 9) {
            onlyBlank = false; break
        }
        if onlyBlank && atEOF { throw CSVError(kind: .empty, source: source) }
        delimiter = options.delimiter ?? CSVScanner.detectDelimiter(UnsafePointer(buffer), start: begin, end: filled)
        let headerEnd = lastRecordEnd(from: begin, to: filled).map { min($0, filled) } ?? filled
        var parser = CSVParser(p: UnsafePointer(buffer), count: headerEnd, source: source, options: options)
        defer { parser.deallocate() }
        parser.delimiter = delimiter
        var firstLineEnd = begin
        while firstLineEnd < headerEnd && buffer[firstLineEnd] != CSVScanner.lf { firstLineEnd += 1 }
        try parser.validate(from: begin, to: firstLineEnd, bufferStart: begin)
        var scanner = CSVScanner(p: UnsafePointer(buffer), start: begin, end: headerEnd, delimiter: delimiter)
        try parser.readHeader(&scanner)
        try parser.validate(from: firstLineEnd, to: scanner.pos, bufferStart: begin)
        header = parser.names
        for name in options.columnTypes.keys where options.typedColumnsMustExist && !header.contains(name) {
            throw CSVError(kind: .unknownColumn(name), source: source)
        }
        modes = header.map { name in
            if let columns, !columns.contains(name) { return CSVParser.skipped }
            switch options.columnTypes[name] {
            case .numeric?: return lenient ? CSVParser.numericLenient : CSVParser.numericForced
            case .categorical?, nil: return CSVParser.categorical
            }
        }
        start = scanner.pos
        line = scanner.line
    }

    /// The next chunk of rows, or nil at the end of the input.
    /// - Throws: `CSVError` with the physical line and column of the first bad record.
    public func next() throws -> CSVChunk? {
        while true {
            var want = chunkBytes
            var end: Int
            while true {
                try fill(want: want)
                let limit = min(filled, start + want)
                if limit == filled && atEOF { end = filled; break }
                if let e = lastRecordEnd(from: start, to: limit) { end = e; break }
                want *= 2        // one record longer than a chunk: take more
            }
            if end <= start { return nil }
            let chunk = try parse(from: start, to: end)
            start = end
            if chunk.table.rowCount > 0 { return chunk }
            if atEOF && start >= filled { return nil }
        }
    }

    private func parse(from: Int, to: Int) throws -> CSVChunk {
        var parser = CSVParser(p: UnsafePointer(buffer), count: to, source: source, options: options)
        defer { parser.deallocate() }
        parser.names = header; parser.delimiter = delimiter; parser.columnCount = header.count; parser.modes = modes
        parser.setUpStorage(estimatedRows: parser.estimateRows(from: from))
        let firstLine = line
        do {
            try parser.readBody(from: from, to: to, line: firstLine, bufferStart: from)
        } catch var e as CSVError where e.kind == .invalidUTF8 || e.kind == .nulByte {
            // Located relative to the chunk: shift to physical lines and name the column from the header.
            e.line = e.line.map { $0 + firstLine - 1 }
            e.columnName = e.column.flatMap { $0 >= 1 && $0 <= header.count ? header[$0 - 1] : nil }
            throw e
        }
        line = parser.lineAtEnd
        let table = parser.finish()
        let cells = parser.nonNumeric.map {
            NonNumericCell(row: $0.row, line: $0.line, column: header[$0.column], text: $0.text)
        }
        let chunk = CSVChunk(table: table, firstRow: rowsRead, nonNumeric: cells)
        rowsRead += table.rowCount
        return chunk
    }
}
