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

/// A record whose field count differs from the header's, set aside by a reader opened with
/// `CSVStreamReader.RaggedRows.record`.
public struct RaggedRecord: Sendable, Equatable {
    /// 0-based index of the record among the data rows of the whole input (it counts as a row).
    public var row: Int
    /// 1-based physical line where the record starts.
    public var line: Int
    /// Fields found in the record.
    public var fields: Int
    /// Fields in the header.
    public var expected: Int
}

/// Consecutive rows of a streamed CSV.
public struct CSVChunk: Sendable {
    /// The rows, typed as fixed when the reader opened (columns not read are absent).
    public let table: Table
    /// 0-based index, in the whole input, of the chunk's first row.
    public let firstRow: Int
    /// Cells of lenient numeric columns that were not numbers (NaN in `table`), in row order.
    public let nonNumeric: [NonNumericCell]
    /// With `RaggedRows.record`: the record with the wrong field count that ends this chunk (it follows the
    /// table's rows: its `row` is `firstRow + table.rowCount`); the table may then have no rows.
    public var ragged: RaggedRecord? = nil
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
///   any other column read is categorical (text). No column is inferred — unless the reader is opened with
///   `inferTypes`: then each chunk infers the other columns as `CSVReader` does (numeric when every
///   non-missing value of the column in that chunk is a number), so a column's type can differ between
///   chunks; `readAsText(column:)` makes a column categorical from the next chunk on.
/// - `columns` (when given) limits the columns stored; the others are scanned (and checked for quoting and
///   field count) but not kept.
/// - Categorical levels are numbered per chunk (a level's code can differ between chunks).
/// - Non-UTF-8 input (`options.encoding`, or a UTF-16/32 byte-order mark) is only accepted through
///   `init(bytes:…)`, which converts it; from a file it is refused (`.wideEncoding` names what the mark says).
public final class CSVStreamReader {
    /// What a value that is not a number does in a numeric column.
    public enum TextInNumericColumn: Sendable {
        /// Throw `CSVError` `.notNumeric` with line and column (as `CSVReader` does for a forced column).
        case error
        /// Store NaN and list the cell in `CSVChunk.nonNumeric`, so the caller can reject the row.
        case record
    }

    /// What a record with more or fewer fields than the header does.
    public enum RaggedRows: Sendable {
        /// Throw `CSVError` `.raggedRow` with its line (as `CSVReader` does).
        case error
        /// End the chunk before it and report it in `CSVChunk.ragged`; reading goes on after it.
        case record
    }

    public let source: String
    /// Header names of the whole input, in file order.
    public private(set) var header: [String] = []
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// Target bytes per chunk (a record longer than this is still read whole).
    public let chunkBytes: Int

    private let options: CSVOptions
    private let raggedRows: RaggedRows
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
    /// After a ragged record set aside: the end of the records found (whole, UTF-8 already checked) that follow it
    /// in the buffer, parsed next without reading, searching or checking them again.
    private var pendingEnd: Int? = nil
    private var modes: [UInt8] = []

    /// Opens `path` ("-" for standard input) and reads the header.
    /// - Throws: `CSVError` (`fileNotFound`, `unreadable`, `empty`, header errors, `unknownColumn`).
    public init(path: String, options: CSVOptions = CSVOptions(), columns: Set<String>? = nil,
                textInNumericColumns: TextInNumericColumn = .error, raggedRows: RaggedRows = .error,
                chunkBytes: Int = 4 << 20, inferTypes: Bool = false) throws {
        precondition(chunkBytes > 0, "CSVStreamReader: chunkBytes must be positive")
        if case .iconv = options.encoding {
            throw CSVError(kind: .unreadable("streaming reads UTF-8 only; convert the input first (iconv)"), source: path)
        }
        self.source = path == "-" ? "<stdin>" : path
        self.options = options
        self.chunkBytes = chunkBytes
        self.raggedRows = raggedRows
        if path == "-" {
            fd = STDIN_FILENO; ownsDescriptor = false
        } else {
            fd = try FileInput.open(path: path).fd; ownsDescriptor = true
        }
        capacity = chunkBytes + 1
        buffer = .allocate(capacity: capacity)
        do { try readHeader(columns: columns, lenient: textInNumericColumns == .record, infer: inferTypes) } catch {
            close(); throw error
        }
    }

    /// A reader that records text in numeric columns and ragged rows instead of throwing (each becomes a rejected
    /// row for the caller): `path` ("-" standard input) streamed in chunks, or, in another encoding (`.iconv`), read
    /// whole and converted first. The reading of `credit score` and `credit bin --transform`.
    package static func recordingProblems(path: String, options: CSVOptions, columns: Set<String>,
                                          chunkBytes: Int) throws -> CSVStreamReader {
        if case .iconv = options.encoding {
            return try CSVStreamReader(bytes: try InputFile.readAll(path), source: path == "-" ? "<stdin>" : path,
                                       options: options, columns: columns, textInNumericColumns: .record,
                                       raggedRows: .record, chunkBytes: chunkBytes)
        }
        return try CSVStreamReader(path: path, options: options, columns: columns, textInNumericColumns: .record,
                                   raggedRows: .record, chunkBytes: chunkBytes)
    }

    /// Streams CSV held in memory (already UTF-8, or converted from `options.encoding`).
    public init(bytes: [UInt8], source: String, options: CSVOptions = CSVOptions(), columns: Set<String>? = nil,
                textInNumericColumns: TextInNumericColumn = .error, raggedRows: RaggedRows = .error,
                chunkBytes: Int = 4 << 20, inferTypes: Bool = false) throws {
        precondition(chunkBytes > 0, "CSVStreamReader: chunkBytes must be positive")
        var input = bytes
        if case .iconv(let name) = options.encoding {
            input = try Transcoder.toUTF8(bytes, from: name, source: source)
        } else if let wide = bytes.withUnsafeBufferPointer({ TextEncoding.wideEncoding(markedIn: $0) }) {
            input = try Transcoder.toUTF8(bytes, from: wide, source: source, detected: true)
        }
        self.source = source
        self.options = options
        self.chunkBytes = chunkBytes
        self.raggedRows = raggedRows
        fd = -1; ownsDescriptor = false
        capacity = max(input.count, 1)
        buffer = .allocate(capacity: capacity)
        input.withUnsafeBufferPointer { if let b = $0.baseAddress { buffer.update(from: b, count: $0.count) } }
        filled = input.count
        atEOF = true
        do { try readHeader(columns: columns, lenient: textInNumericColumns == .record, infer: inferTypes) } catch {
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
            cutsFrom = -1
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
        let quote = CSVScanner.quote, lf = CSVScanner.lf
        if memchr(buffer + from, Int32(quote), to - from) == nil {
            var i = to - 1
            while i >= from && buffer[i] != lf { i -= 1 }
            return i >= from ? i + 1 : nil
        }
        // Quotes present: walk record by record (a record may hold quoted newlines), noting a record end every
        // `cutStep` bytes or so, where `pieceBounds` may cut the chunk.
        var last: Int? = nil
        var i = from
        recordCuts.removeAll(keepingCapacity: true)
        cutsFrom = from
        var nextCut = from + Self.cutStep
        while let e = firstRecordEnd(from: i, to: to) {
            last = e; i = e
            if e >= nextCut { recordCuts.append(e); nextCut = e + Self.cutStep }
        }
        return last
    }

    /// Bytes between the record ends noted for cutting a chunk with quotes into pieces.
    static let cutStep = 1 << 15

    /// Record ends recorded by the last walk over a quoted range (`lastRecordEnd`): where a chunk with quotes can
    /// be cut into pieces (an LF there may be inside a quoted field, so the pieces cannot be cut at any LF).
    /// Offsets into `buffer`, valid for a chunk starting at `cutsFrom` (cleared when the buffer moves).
    private var recordCuts: [Int] = []
    private var cutsFrom = -1

    private func readHeader(columns: Set<String>?, lenient: Bool, infer: Bool) throws {
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
        if let wide = TextEncoding.wideEncoding(markedIn: UnsafeBufferPointer(start: buffer, count: filled)) {
            // Streaming from a file reads UTF-8 only (`init(bytes:)` converts); say what the file is.
            throw CSVError(kind: .wideEncoding(wide), source: source, line: 1)
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
            if name == CSVOptions.rowNamesColumn { return CSVParser.skipped }   // `CSVOptions.rowNames`: never read
            switch options.columnTypes[name] {
            case .numeric?: return lenient ? CSVParser.numericLenient : CSVParser.numericForced
            case .categorical?: return CSVParser.categorical
            case nil: return infer ? CSVParser.numericInferred : CSVParser.categorical
            }
        }
        start = scanner.pos
        line = scanner.line
    }

    /// Reads column `name` as text (categorical) from the next chunk on: for a reader opened with `inferTypes`,
    /// once a column has turned categorical in one chunk, so later chunks keep the text of its numbers.
    /// A column not read (see `columns`) or unknown is left alone.
    package func readAsText(column name: String) {
        guard let j = header.firstIndex(of: name), modes[j] != CSVParser.skipped else { return }
        modes[j] = CSVParser.categorical
    }

    /// The next chunk of rows, or nil at the end of the input.
    /// - Throws: `CSVError` with the physical line and column of the first bad record.
    public func next() throws -> CSVChunk? { try next(parts: 1, run: nil) }

    /// Runs `count` independent pieces of work, `work(0)` … `work(count − 1)`, in any order or concurrently, and
    /// returns when all are done (for example `DispatchQueue.concurrentPerform`, plus other work of the caller's).
    package typealias PartRunner = (_ count: Int, _ work: @escaping @Sendable (Int) -> Void) -> Void

    /// The next chunk, its records parsed in up to `parts` pieces handed to `run` (which may run them on
    /// several threads). The chunk is the same, bit for bit, as `next()` gives: the pieces are joined in order,
    /// and errors are the ones a one-piece parse reports (the first invalid byte of the range before any record
    /// error, then the first record error). A range is split only at record ends: at any line end when it holds
    /// no quote (then every LF ends a record), else at the record ends the walk that found the chunk's end noted
    /// (the rest of a chunk after a ragged record is one piece); small ranges are one piece.
    /// `run` is called at most once per parse of a range (more than once only after a ragged record).
    package func next(parts: Int, run: PartRunner?) throws -> CSVChunk? {
        while true {
            var want = chunkBytes
            var end: Int
            let validated = pendingEnd.map { $0 > start } ?? false
            if validated { end = pendingEnd! } else { end = start }
            pendingEnd = nil
            while !validated {
                try fill(want: want)
                let limit = min(filled, start + want)
                if limit == filled && atEOF { end = filled; break }
                if let e = lastRecordEnd(from: start, to: limit) { end = e; break }
                want *= 2        // one record longer than a chunk: take more
            }
            if end <= start { return nil }
            let chunk: CSVChunk
            (chunk, start) = try parse(from: start, to: end, validated: validated, parts: parts, run: run)
            if chunk.table.rowCount > 0 || chunk.ragged != nil { return chunk }
            if atEOF && start >= filled { return nil }
        }
    }

    /// Parses the records in `from..<to`; returns the chunk and the offset just past what it consumed (`to`, or
    /// the end of a ragged record when `raggedRows` is `.record`).
    private func parse(from: Int, to: Int, validated: Bool, parts: Int, run: PartRunner?) throws -> (CSVChunk, Int) {
        do {
            return (try parse(from: from, to: to, validated: validated, ragged: nil, parts: parts, run: run), to)
        } catch let e as CSVError where raggedRows == .record {
            // Only now, on the error path: no cost per field or row for well-formed input.
            guard case .raggedRow(let expected, let found) = e.kind, let badLine = e.line,
                  let badStart = recordStart(from: from, to: to, line: badLine) else { throw e }
            let badEnd = firstRecordEnd(from: badStart, to: to) ?? to
            // The rows before it (parsed again: at most once more per ragged record), then the record itself.
            let ragged = RaggedRecord(row: 0, line: badLine, fields: found, expected: expected)
            // `readBody` checked the whole range's UTF-8 before reading rows.
            let chunk = try parse(from: from, to: badStart, validated: true, ragged: ragged, parts: parts, run: run)
            var lines = 0
            for i in badStart..<badEnd where buffer[i] == CSVScanner.lf { lines += 1 }
            line = badLine + lines
            rowsRead += 1
            if badEnd < to { pendingEnd = to }
            return (chunk, badEnd)
        }
    }

    /// The offset where the record starting on physical line `first` begins, scanning `from..<to` (which starts a
    /// record on line `self.line`) with the scanner's quoting rules; blank lines count as lines.
    private func recordStart(from: Int, to: Int, line first: Int) -> Int? {
        var current = line, i = from
        while current < first {
            guard let e = firstRecordEnd(from: i, to: to) else { return nil }
            for k in i..<e where buffer[k] == CSVScanner.lf { current += 1 }
            i = e
        }
        return current == first && i < to ? i : nil
    }

    /// The offset just past the first complete record in `from..<to` (after its LF), or nil if none ends there
    /// (also when a quote is unterminated, or its next byte, maybe a second quote, is not read yet).
    private func firstRecordEnd(from: Int, to: Int) -> Int? {
        CSVScanner.recordEnd(UnsafePointer(buffer), from: from, to: to, delimiter: delimiter)
    }

    /// Piece boundaries for `from..<to`: `[from, …, to]`, each inner one just after an LF that ends a record.
    private func pieceBounds(from: Int, to: Int, parts: Int) -> [Int] {
        // Below this many bytes per piece, splitting costs more than it saves.
        let minimumPiece = 1 << 16
        guard parts > 1, to - from >= 2 * minimumPiece else { return [from, to] }
        let n = min(parts, (to - from) / minimumPiece)
        if memchr(buffer + from, Int32(CSVScanner.quote), to - from) != nil {
            // An LF may be inside a quoted field: cut only at the record ends the walk over this chunk noted.
            guard cutsFrom == from else { return [from, to] }
            var bounds = [from]
            var c = 0
            for k in 1..<n {
                let target = from + (to - from) * k / n
                while c < recordCuts.count && recordCuts[c] < target { c += 1 }
                guard c < recordCuts.count, recordCuts[c] < to else { break }
                if recordCuts[c] > bounds[bounds.count - 1] { bounds.append(recordCuts[c]) }
            }
            bounds.append(to)
            return bounds
        }
        var bounds = [from]
        for k in 1..<n {
            let target = max(from + (to - from) * k / n, bounds[bounds.count - 1])
            guard target < to, let lf = memchr(buffer + target, Int32(CSVScanner.lf), to - target) else { break }
            let cut = lf.assumingMemoryBound(to: UInt8.self) - buffer + 1
            if cut >= to { break }
            if cut > bounds[bounds.count - 1] { bounds.append(cut) }
        }
        bounds.append(to)
        return bounds
    }

    /// One piece of a range: its parser and what went wrong in it.
    private struct Piece {
        var parser: CSVParser
        var invalidBytes: (any Error)? = nil
        var error: (any Error)? = nil
    }

    private func parse(from: Int, to: Int, validated: Bool, ragged: RaggedRecord?, parts: Int, run: PartRunner?) throws -> CSVChunk {
        let bounds = pieceBounds(from: from, to: to, parts: parts)
        let n = bounds.count - 1
        let firstLine = line
        let pieces = UnsafeMutablePointer<Piece>.allocate(capacity: n)
        for k in 0..<n {
            // Every piece sees the whole chunk (`count`; it reads only its own bounds): after the join, re-reading
            // an earlier piece's rows for a column turning categorical scans from their offsets in the chunk.
            var parser = CSVParser(p: UnsafePointer(buffer), count: bounds[n], source: source, options: options)
            parser.names = header; parser.delimiter = delimiter; parser.columnCount = header.count; parser.modes = modes
            // Piece 0 takes in the other pieces' rows after the parse (`append`), so it reserves room for the whole
            // chunk; the others only for their own range.
            parser.setUpStorage(estimatedRows: parser.estimateRows(from: bounds[k], to: k == 0 ? bounds[n] : bounds[k + 1]))
            (pieces + k).initialize(to: Piece(parser: parser))
        }
        defer {
            for k in 0..<n { pieces[k].parser.deallocate() }
            pieces.deinitialize(count: n)
            pieces.deallocate()
        }
        // Piece k > 0 numbers its lines from 1 (its first line is known only once the pieces before it are read).
        // Invalid bytes are located from `from`, as one validation of the whole range would.
        let address = UInt(bitPattern: pieces)
        let work: @Sendable (Int) -> Void = { k in
            let piece = UnsafeMutablePointer<Piece>(bitPattern: address)! + k
            if !validated {
                do { try piece.pointee.parser.validate(from: bounds[k], to: bounds[k + 1], bufferStart: from) } catch {
                    piece.pointee.invalidBytes = error
                    return
                }
            }
            do { try piece.pointee.parser.readPart(from: bounds[k], to: bounds[k + 1], line: k == 0 ? firstLine : 1) }
            catch { piece.pointee.error = error }
        }
        if let run { run(n, work) } else { for k in 0..<n { work(k) } }

        do {
            for k in 0..<n { if let e = pieces[k].invalidBytes { throw e } }
        } catch var e as CSVError where e.kind == .invalidUTF8 || e.kind == .nulByte {
            // Located relative to the chunk: shift to physical lines and name the column from the header.
            e.line = e.line.map { $0 + firstLine - 1 }
            e.columnName = e.column.flatMap { $0 >= 1 && $0 <= header.count ? header[$0 - 1] : nil }
            throw e
        }
        // Join in order: piece k's lines are shifted by the line before its start.
        var lineAtEnd = firstLine
        var cells: [NonNumericCell] = []
        var rowsBefore = 0
        for k in 0..<n {
            let shift = k == 0 ? 0 : lineAtEnd - 1
            if let e = pieces[k].error {
                if var csv = e as? CSVError { csv.line = csv.line.map { $0 + shift }; throw csv }
                throw e
            }
            let parser = pieces[k].parser
            lineAtEnd = parser.lineAtEnd + shift
            for c in parser.nonNumeric {
                cells.append(NonNumericCell(row: c.row + rowsBefore, line: c.line + shift, column: header[c.column], text: c.text))
            }
            rowsBefore += parser.rows
            if k > 0 {
                pieces[k].parser.shiftLines(by: shift)
                try pieces[0].parser.append(&pieces[k].parser)
            }
        }
        line = lineAtEnd
        let table = pieces[0].parser.finish()
        var chunk = CSVChunk(table: table, firstRow: rowsRead, nonNumeric: cells)
        rowsRead += table.rowCount
        if var ragged { ragged.row = rowsRead; chunk.ragged = ragged }
        return chunk
    }
}
