#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// One pass over a validated UTF-8 buffer that builds typed columns.
///
/// Every column starts numeric (unless overridden) and numbers are parsed during the scan straight into
/// `Double` storage (a cache-sized chunk of rows, appended to columns reserved for the estimated row count). When a value in an inferred column is not a number, that column turns
/// categorical: only its earlier rows are re-extracted (from the saved row offsets), then the pass goes on.
/// Categorical codes live in the same `Double` storage until the end.
struct CSVParser {
    let p: UnsafePointer<UInt8>
    let count: Int
    /// End of the rows this parser reads (all of the input, or one part of it).
    var end: Int
    let source: String
    let options: CSVOptions
    let missing: MissingMatcher

    var names: [String] = []
    var delimiter: UInt8 = UInt8(ascii: ",")
    var columnCount = 0
    /// Per column: 0 numeric (inferred), 1 numeric (forced), 2 categorical, 3 skipped (scanned, not stored),
    /// 4 numeric (forced, lenient: a value that is not a number becomes NaN and is listed in `nonNumeric`).
    var modes: [UInt8] = []
    /// Lenient numeric columns: the cells whose text is not a number (row, column index, line, text).
    var nonNumeric: [(row: Int, column: Int, line: Int, text: String)] = []
    /// Finished rows per column (numeric values, or categorical codes as Double until `finish`).
    var output: [[Double]] = []
    /// The rows being parsed, column-major: `chunk[j * chunkRows + r]`. Small enough to stay in cache.
    var chunk: UnsafeMutablePointer<Double>? = nil
    var chunkRows = 2048
    /// Rows already moved from `chunk` to `output`.
    var flushed = 0
    var rows = 0
    var rowOffsets: [Int] = []
    /// The physical line at the end of the part read.
    var lineAtEnd = 0
    var lineNumbers: [Int] = []
    var levels: [[String]] = []
    var levelIndex: [[String: Int32]] = []
    var scratch: UnsafeMutablePointer<UInt8>? = nil
    var scratchCapacity = 0

    static let numericInferred: UInt8 = 0, numericForced: UInt8 = 1, categorical: UInt8 = 2
    static let skipped: UInt8 = 3, numericLenient: UInt8 = 4

    init(p: UnsafePointer<UInt8>, count: Int, source: String, options: CSVOptions) {
        self.p = p; self.count = count; self.end = count; self.source = source; self.options = options
        self.missing = MissingMatcher(options.missingTokens)
    }

    mutating func deallocate() {
        chunk?.deallocate()
        chunk = nil
        scratch?.deallocate()
        scratch = nil
    }

    func error(_ kind: CSVError.Kind, line: Int?, column j: Int? = nil) -> CSVError {
        CSVError(kind: kind, source: source, line: line, column: j.map { $0 + 1 },
                 columnName: j.flatMap { $0 < names.count ? names[$0] : nil })
    }

    // MARK: - Driver

    mutating func run() throws -> Table {
        var start = 0
        if count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { start = 3 }
        var onlyBlank = true
        for i in start..<count where !(p[i] == 32 || p[i] == 10 || p[i] == 13 || p[i] == 9) { onlyBlank = false; break }
        if onlyBlank { throw CSVError(kind: .empty, source: source) }
        delimiter = options.delimiter ?? CSVScanner.detectDelimiter(p, start: start, end: count)
        var firstLineEnd = start
        while firstLineEnd < count && p[firstLineEnd] != CSVScanner.lf { firstLineEnd += 1 }
        try validate(from: start, to: firstLineEnd, bufferStart: start)
        var scanner = CSVScanner(p: p, start: start, end: count, delimiter: delimiter)
        try readHeader(&scanner)
        let bodyStart = scanner.pos, bodyLine = scanner.line
        try validate(from: firstLineEnd, to: bodyStart, bufferStart: start)
        try setUpTypes()
        let estimatedRows = estimateRows(from: bodyStart)
        if Concurrency.threads > 1, count - bodyStart >= options.parallelMinimumBytes,
           memchr(p + bodyStart, Int32(CSVScanner.quote), count - bodyStart) == nil {
            var mid = bodyStart + (count - bodyStart) / 2
            while mid < count && p[mid] != CSVScanner.lf { mid += 1 }
            if mid < count - 1 {
                return try runInTwoParts(bodyStart: bodyStart, bodyLine: bodyLine, split: mid + 1,
                                         bufferStart: start, estimatedRows: estimatedRows)
            }
        }
        setUpStorage(estimatedRows: estimatedRows)
        try readBody(from: bodyStart, to: count, line: bodyLine, bufferStart: start)
        return finish()
    }

    func validate(from: Int, to: Int, bufferStart: Int) throws {
        guard to > from else { return }
        if let problem = UTF8Validator.firstProblem(p + from, to - from) {
            throw locate(problem.isNul ? .nulByte : .invalidUTF8, offset: from + problem.offset, from: bufferStart)
        }
    }

    /// Validates and reads the rows in `from..<to`, which starts a record on physical line `line`.
    mutating func readBody(from: Int, to: Int, line: Int, bufferStart: Int) throws {
        try validate(from: from, to: to, bufferStart: bufferStart)
        try readPart(from: from, to: to, line: line)
    }

    /// Reads the rows in `from..<to` (already validated), numbering lines from `line`.
    mutating func readPart(from: Int, to: Int, line: Int) throws {
        end = to
        var scanner = CSVScanner(p: p, start: from, end: to, delimiter: delimiter, line: line)
        try readRows(&scanner)
        flushChunk()
        lineAtEnd = scanner.line
    }

    /// Shifts line numbers by `offset` (for a part read before its first line number was known).
    mutating func shiftLines(by offset: Int) {
        for k in lineNumbers.indices { lineNumbers[k] += offset }
    }

    /// A parser for one part of the body, sharing the header and types of this one.
    func part(estimatedRows: Int) -> CSVParser {
        var q = CSVParser(p: p, count: count, source: source, options: options)
        q.names = names; q.delimiter = delimiter; q.columnCount = columnCount; q.modes = modes
        q.setUpStorage(estimatedRows: estimatedRows)
        return q
    }

    /// Two threads read the two halves (split at a line boundary; only for input without quotes, where
    /// every LF ends a record); the halves are then joined, turning a column categorical in both if it is in either.
    mutating func runInTwoParts(bodyStart: Int, bodyLine: Int, split: Int, bufferStart: Int, estimatedRows: Int) throws -> Table {
        final class Parts: @unchecked Sendable {
            var first: CSVParser, second: CSVParser
            var firstError: (any Error)?, secondError: (any Error)?
            /// An error in the second part whose line is counted from the split.
            var secondRelativeError: CSVError?
            init(_ a: CSVParser, _ b: CSVParser) { first = a; second = b }
        }
        let parts = Parts(part(estimatedRows: estimatedRows), part(estimatedRows: estimatedRows / 2 + 1024))
        defer { parts.first.deallocate(); parts.second.deallocate() }
        let total = count
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            if k == 0 {
                do { try parts.first.readBody(from: bodyStart, to: split, line: bodyLine, bufferStart: bufferStart) }
                catch { parts.firstError = error }
            } else {
                // Lines are counted from 1 at the split and shifted once the first part knows where it ends.
                do { try parts.second.validate(from: split, to: total, bufferStart: bufferStart) }
                catch { parts.secondError = error; return }
                do { try parts.second.readPart(from: split, to: total, line: 1) }
                catch let error as CSVError { parts.secondRelativeError = error }
                catch { parts.secondError = error }
            }
        }
        if let e = parts.firstError { throw e }
        if let e = parts.secondError { throw e }
        let offset = parts.first.lineAtEnd - 1
        if var e = parts.secondRelativeError {
            e.line = e.line.map { $0 + offset }
            throw e
        }
        parts.second.shiftLines(by: offset)
        try parts.first.append(&parts.second)
        return parts.first.finish()
    }

    /// Appends the rows of `other` (the following part of the same input).
    mutating func append(_ other: inout CSVParser) throws {
        for j in 0..<columnCount {
            if modes[j] == CSVParser.categorical || other.modes[j] == CSVParser.categorical {
                if modes[j] != CSVParser.categorical { try becomeCategorical(j, rowsBefore: rows) }
                if other.modes[j] != CSVParser.categorical { try other.becomeCategorical(j, rowsBefore: other.rows) }
                var map: [Double] = []
                for level in other.levels[j] { map.append(Double(code(level, column: j))) }
                output[j].append(contentsOf: other.output[j].lazy.map { $0 < 0 ? -1 : map[Int($0)] })
            } else {
                output[j].append(contentsOf: other.output[j])
            }
            other.output[j] = []
        }
        rowOffsets.append(contentsOf: other.rowOffsets)
        lineNumbers.append(contentsOf: other.lineNumbers)
        rows += other.rows
        flushed = rows
    }

    mutating func readHeader(_ scanner: inout CSVScanner) throws {
        var seen = Set<String>()
        while true {
            let f: CSVScanner.Field, t: CSVScanner.Terminator
            do { (f, t) = try scanner.scanField() } catch { throw self.error(error.kind, line: error.line, column: names.count) }
            let raw = text(f)
            let name = String(raw.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            if name.isEmpty { throw self.error(.emptyColumnName, line: 1, column: names.count) }
            if !seen.insert(name).inserted {
                names.append(name)
                throw self.error(.duplicateColumnName(name), line: 1, column: names.count - 1)
            }
            names.append(name)
            if t != .delimiter { break }
        }
        columnCount = names.count
    }

    func estimateRows(from pos: Int) -> Int {
        var i = pos
        while i < count && p[i] != CSVScanner.lf { i += 1 }
        let lineLength = max(i - pos + 1, 2)
        return (count - pos) / lineLength + (count - pos) / lineLength / 16 + 16
    }

    mutating func setUpTypes() throws {
        modes = [UInt8](repeating: CSVParser.numericInferred, count: columnCount)
        for (name, type) in options.columnTypes {
            guard let j = names.firstIndex(of: name) else {
                if options.typedColumnsMustExist { throw error(.unknownColumn(name), line: nil) }
                continue
            }
            modes[j] = type == .numeric ? CSVParser.numericForced : CSVParser.categorical
        }
    }

    mutating func setUpStorage(estimatedRows: Int) {
        levels = Array(repeating: [], count: columnCount)
        levelIndex = Array(repeating: [:], count: columnCount)
        output = Array(repeating: [], count: columnCount)
        for j in 0..<columnCount where j >= modes.count || modes[j] != CSVParser.skipped { output[j].reserveCapacity(estimatedRows) }
        chunk = .allocate(capacity: chunkRows * columnCount)
        rowOffsets.reserveCapacity(estimatedRows)
        lineNumbers.reserveCapacity(estimatedRows)
    }

    /// Moves the parsed rows from `chunk` to `output`.
    mutating func flushChunk() {
        let n = rows - flushed
        guard n > 0 else { return }
        for j in 0..<columnCount where modes[j] != CSVParser.skipped {
            output[j].append(contentsOf: UnsafeBufferPointer(start: chunk! + j * chunkRows, count: n))
        }
        flushed = rows
    }

    /// Value (or code) of column `j` at `row`, wherever it lives now.
    func value(_ j: Int, _ row: Int) -> Double {
        row < flushed ? output[j][row] : chunk![j * chunkRows + row - flushed]
    }

    mutating func setValue(_ j: Int, _ row: Int, _ v: Double) {
        if row < flushed { output[j][row] = v } else { chunk![j * chunkRows + row - flushed] = v }
    }

    // MARK: - Rows

    mutating func readRows(_ scanner: inout CSVScanner) throws {
        let last = columnCount - 1
        let fast = !missing.hasNumericToken
        let d = delimiter
        let end = self.end
        let chunkRows = self.chunkRows
        let p = self.p
        // Columns whose numbers are parsed in place (refreshed when `store` turns a column categorical).
        let inPlace = UnsafeMutablePointer<Bool>.allocate(capacity: max(columnCount, 1))
        defer { inPlace.deallocate() }
        for j in 0..<columnCount {
            inPlace[j] = fast && modes[j] != CSVParser.categorical && modes[j] != CSVParser.skipped
        }
        while scanner.pos < end {
            let rowStart = scanner.pos
            let rowLine = scanner.line
            if columnCount > 1 {
                // Skip blank lines.
                let b = p[rowStart]
                if b == CSVScanner.lf { scanner.pos += 1; scanner.line += 1; continue }
                if b == CSVScanner.cr && rowStart + 1 < end && p[rowStart + 1] == CSVScanner.lf {
                    scanner.pos += 2; scanner.line += 1; continue
                }
                if b == CSVScanner.cr && rowStart + 1 == end { break }
            }
            if rows - flushed == chunkRows { flushChunk() }
            let row = rows
            let slot = chunk! + (row - flushed)
            rowOffsets.append(rowStart)
            lineNumbers.append(rowLine)
            var j = 0
            var pos = rowStart
            while j <= last {
                if inPlace[j] {
                    // Parse the number in place; accept it when the right terminator follows.
                    let r = NumberParser.scan(p, pos, end)
                    if r.status == .ok {
                        let s = r.stop
                        if j < last {
                            if s < end && p[s] == d {
                                slot[j &* chunkRows] = r.value; pos = s &+ 1; j &+= 1; continue
                            }
                        } else if s == end {
                            slot[j &* chunkRows] = r.value; pos = s; j &+= 1; continue
                        } else if p[s] == CSVScanner.lf {
                            slot[j &* chunkRows] = r.value; pos = s &+ 1; scanner.line += 1; j &+= 1; continue
                        } else if p[s] == CSVScanner.cr && (s + 1 == end || p[s + 1] == CSVScanner.lf) {
                            slot[j &* chunkRows] = r.value; pos = min(s + 2, end); scanner.line += 1; j &+= 1; continue
                        }
                    }
                }
                scanner.pos = pos
                let fieldLine = scanner.line
                let f: CSVScanner.Field, t: CSVScanner.Terminator
                do { (f, t) = try scanner.scanField() } catch { throw self.error(error.kind, line: error.line, column: j) }
                try store(f, column: j, row: row, line: fieldLine)
                inPlace[j] = fast && modes[j] != CSVParser.categorical && modes[j] != CSVParser.skipped
                if j < last && t != .delimiter {
                    throw error(.raggedRow(expected: columnCount, found: j + 1), line: rowLine)
                }
                if j == last && t == .delimiter {
                    var more = 0
                    do { more = try scanner.skipRecord() } catch { throw self.error(error.kind, line: error.line) }
                    throw self.error(.raggedRow(expected: columnCount, found: columnCount + more), line: rowLine)
                }
                pos = scanner.pos
                j += 1
            }
            scanner.pos = pos
            rows += 1
        }
    }

    /// Stores one field through the general path: unescape, trim, missing tokens, number or level.
    @inline(never)
    mutating func store(_ f: CSVScanner.Field, column j: Int, row: Int, line: Int) throws {
        if modes[j] == CSVParser.skipped { return }
        var base = p
        var s = f.start, e = f.end
        if f.escaped {
            base = UnsafePointer(unescape(f))
            e = unescapedCount
            s = 0
        }
        let rawStart = s, rawEnd = e
        while s < e && base[s] == 32 { s += 1 }
        while e > s && base[e - 1] == 32 { e -= 1 }
        let isMissing = missing.matches(base, s, e)
        if modes[j] != CSVParser.categorical {
            if isMissing { setValue(j, row, .nan); return }
            if let v = NumberParser.parse(base, s, e) { setValue(j, row, v); return }
            let value = String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self)
            if modes[j] == CSVParser.numericForced { throw error(.notNumeric(value: value), line: line, column: j) }
            if modes[j] == CSVParser.numericLenient {
                setValue(j, row, .nan)
                nonNumeric.append((row, j, line, value))
                return
            }
            // Copy the field text before re-scanning earlier rows (which reuses the scratch buffer).
            let original = String(decoding: UnsafeBufferPointer(start: base + rawStart, count: rawEnd - rawStart), as: UTF8.self)
            try becomeCategorical(j, rowsBefore: row)
            setValue(j, row, Double(code(original, column: j)))
            return
        }
        if isMissing { setValue(j, row, -1); return }
        let original = String(decoding: UnsafeBufferPointer(start: base + rawStart, count: rawEnd - rawStart), as: UTF8.self)
        setValue(j, row, Double(code(original, column: j)))
    }

    @inline(__always)
    mutating func code(_ value: String, column j: Int) -> Int32 {
        if let c = levelIndex[j][value] { return c }
        let c = Int32(levels[j].count)
        levels[j].append(value)
        levelIndex[j][value] = c
        return c
    }

    /// Turns column `j` categorical and re-extracts its text for rows `0..<rowsBefore` from the input.
    mutating func becomeCategorical(_ j: Int, rowsBefore: Int) throws {
        modes[j] = CSVParser.categorical
        for r in 0..<rowsBefore {
            if value(j, r).isNaN { setValue(j, r, -1); continue }
            var scanner = CSVScanner(p: p, start: rowOffsets[r], end: count, delimiter: delimiter, line: lineNumbers[r])
            var f: CSVScanner.Field
            do {
                for _ in 0..<j { _ = try scanner.scanField() }
                f = try scanner.scanField().0
            } catch { throw self.error(error.kind, line: error.line, column: j) }
            var base = p
            var s = f.start, e = f.end
            if f.escaped { base = UnsafePointer(unescape(f)); s = 0; e = unescapedCount }
            let original = String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self)
            setValue(j, r, Double(code(original, column: j)))
        }
    }

    var unescapedCount = 0

    /// Copies a quoted field into the scratch buffer with `""` turned into `"`.
    mutating func unescape(_ f: CSVScanner.Field) -> UnsafeMutablePointer<UInt8> {
        let n = f.end - f.start
        if scratchCapacity < n {
            scratch?.deallocate()
            scratchCapacity = max(n, 256)
            scratch = .allocate(capacity: scratchCapacity)
        }
        let out = scratch!
        var i = f.start, k = 0
        while i < f.end {
            out[k] = p[i]
            k += 1
            i += (p[i] == CSVScanner.quote) ? 2 : 1
        }
        unescapedCount = k
        return out
    }

    func text(_ f: CSVScanner.Field) -> String {
        var bytes = [UInt8]()
        var i = f.start
        while i < f.end {
            bytes.append(p[i])
            i += (f.escaped && p[i] == CSVScanner.quote) ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Result

    mutating func finish() -> Table {
        flushChunk()
        var columns: [Column] = []
        var kept: [String] = []
        columns.reserveCapacity(columnCount)
        for j in 0..<columnCount where modes[j] != CSVParser.skipped {
            kept.append(names[j])
            let values = output[j]
            output[j] = []
            if modes[j] == CSVParser.categorical {
                columns.append(.categorical(CategoricalColumn(levels: levels[j], codes: values.map { Int32($0) })))
            } else {
                columns.append(.numeric(values))
            }
        }
        return Table(source: source, columnNames: kept, columns: columns, lineNumbers: lineNumbers, delimiter: delimiter)
    }

    // MARK: - Locating byte-level problems

    /// The line, field number and column name of a byte offset, for invalid UTF-8 and NUL errors.
    /// Assumes the offending physical line starts a record (true unless it lies inside a multi-line quoted field).
    func locate(_ kind: CSVError.Kind, offset: Int, from start: Int) -> CSVError {
        var line = 1
        var lineStart = start
        for i in start..<offset where p[i] == CSVScanner.lf { line += 1; lineStart = i + 1 }
        var field = 0
        var inQuotes = false
        for i in lineStart..<offset {
            if p[i] == CSVScanner.quote { inQuotes.toggle() } else if !inQuotes && p[i] == delimiter { field += 1 }
        }
        var name: String?
        if line > 1 {
            var headerFields: [String] = []
            var current: [UInt8] = []
            var q = false
            var i = start
            while i < count && p[i] != CSVScanner.lf {
                let b = p[i]
                if b == CSVScanner.quote { q.toggle() } else if !q && b == delimiter {
                    headerFields.append(String(decoding: current, as: UTF8.self)); current = []
                } else if b != CSVScanner.cr { current.append(b) }
                i += 1
            }
            headerFields.append(String(decoding: current, as: UTF8.self))
            if field < headerFields.count { name = headerFields[field].trimmingSpaces }
        }
        return CSVError(kind: kind, source: source, line: line, column: field + 1, columnName: name)
    }
}

extension String {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
