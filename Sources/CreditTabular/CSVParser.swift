#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
internal import _CreditKernels
import CreditSupport
/// One pass over a validated UTF-8 buffer that builds typed columns.
///
/// Every column starts numeric (unless overridden) and numbers are parsed during the scan straight into the
/// column arrays that become the table (no intermediate copy; sized from the count of line feeds, which bounds
/// the rows, or from an estimate that grows). When a value in an inferred column is not a number, that column
/// turns categorical: only its earlier rows are re-extracted (from the saved row offsets), then the pass goes on.
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
    /// Rows per column (numeric values, or categorical codes as Double until `finish`). Each array's count
    /// is the storage capacity until `finish` trims it to the rows read: the rows not yet read are
    /// uninitialized (Double is a trivial type) and are written through `columns` while the arrays are not
    /// touched as arrays. The arrays are held only here, so their storage never moves under those pointers.
    var output: [[Double]] = []
    /// Per column, row 0 of its storage (nil for a skipped column); `columnCount` entries.
    var columns: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>? = nil
    /// The storage row of this parser's row 0: 0, or where its part of a two-thread read starts.
    var rowBase = 0
    /// Rows the storage holds.
    var capacity = 0
    /// The storage row this parser must not reach: `capacity` when it may grow the arrays (it owns them
    /// alone), else its proven bound (a part of a two-thread read).
    var rowLimit = 0
    var ownsStorage = true
    /// Rows read by this parser.
    var rows = 0
    /// `prefault` left the mapping of storage to `readRows` (input handed back as it is parsed); rows mapped so far.
    var populatesProgressively = false
    var populatedRows = 0
    /// Byte offset where each of this parser's rows starts (for re-extracting a column's text).
    var rowOffsets: UnsafeMutablePointer<Int>? = nil
    /// The physical line at the end of the part read.
    var lineAtEnd = 0
    /// Line number per storage row, stored like `output` (count = capacity until `finish`).
    var lineNumbers: [Int] = []
    var lineBase: UnsafeMutablePointer<Int>? = nil
    var levels: [[String]] = []
    var levelIndex: [[String: Int32]] = []
    /// Per column, the level codes by the field's raw bytes (`LevelInterner`): a level seen before is coded
    /// without building or hashing a `String`.
    var interned: [LevelInterner] = []
    /// Per column: true while every level is ASCII text entered in `interned` and `levelIndex` is not kept. A
    /// new ASCII text then needs no `String` lookup (no two different ASCII texts are canonically equivalent, so
    /// a miss of its bytes is a new level); a column with a unique text per row (an id) would otherwise hash each
    /// row twice. The first non-ASCII text, or any level entered as a `String` (`code(_:column:)`), builds the
    /// dictionary from `levels` and ends this for the column (the reader itself enters every level by its bytes).
    var indexDeferred: [Bool] = []
    /// Inferred numeric columns in which a value was read as missing only by a case-insensitive match (`Null`):
    /// if such a column turns categorical, its missing rows are read again, as text unless a token matches exactly.
    var foldedMissing: Set<Int> = []
    var scratch: UnsafeMutablePointer<UInt8>? = nil
    var scratchCapacity = 0

    static let numericInferred: UInt8 = 0, numericForced: UInt8 = 1, categorical: UInt8 = 2
    static let skipped: UInt8 = 3, numericLenient: UInt8 = 4

    init(p: UnsafePointer<UInt8>, count: Int, source: String, options: CSVOptions) {
        self.p = p; self.count = count; self.end = count; self.source = source; self.options = options
        self.missing = MissingMatcher(options.missingTokens)
    }

    mutating func deallocate() {
        columns?.deallocate()
        columns = nil
        rowOffsets?.deallocate()
        rowOffsets = nil
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
        if Concurrency.threads > 1, count - bodyStart >= options.parallelMinimumBytes {
            let bounds = partBounds(from: bodyStart)
            if bounds.count > 2 { return try runInParts(bounds, bodyLine: bodyLine, bufferStart: start) }
        }
        // Every record but the last ends at a line feed, so line feeds + 1 bound the rows.
        let lineFeeds = try validateCountingLineFeeds(from: bodyStart, to: count, bufferStart: start).lineFeeds
        setUpStorage(estimatedRows: lineFeeds + 1)
        prefault(inputBytes: count - bodyStart)
        try readPart(from: bodyStart, to: count, line: bodyLine)
        return finish()
    }

    func validate(from: Int, to: Int, bufferStart: Int) throws {
        guard to > from else { return }
        if let problem = UTF8Validator.firstProblem(p + from, to - from) {
            throw locate(problem.isNul ? .nulByte : .invalidUTF8, offset: from + problem.offset, from: bufferStart)
        }
    }

    /// `validate`, returning the number of line feeds in `from..<to` and whether it has a quote character.
    func validateCountingLineFeeds(from: Int, to: Int, bufferStart: Int) throws -> (lineFeeds: Int, hasQuote: Bool) {
        guard to > from else { return (0, false) }
        let r = CSVScanner.validateCountingLineFeeds(p + from, to - from)
        if let problem = r.problem {
            throw locate(problem.isNul ? .nulByte : .invalidUTF8, offset: from + problem.offset, from: bufferStart)
        }
        return (r.lineFeeds, r.hasQuote)
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
        lineAtEnd = scanner.line
    }

    /// Where the parts of a two-thread read start: `from`, then just after the first line feed at least
    /// `options.parallelPartBytes` further on, and so on; the last entry is the end of the input.
    func partBounds(from: Int) -> [Int] {
        var bounds = [from]
        let step = Swift.max(options.parallelPartBytes, 1)
        var at = from
        while count - at > step {
            guard let lf = memchr(p + at + step, Int32(CSVScanner.lf), count - at - step) else { break }
            let next = p.distance(to: lf.assumingMemoryBound(to: UInt8.self)) + 1
            if next >= count { break }
            bounds.append(next)
            at = next
        }
        bounds.append(count)
        return bounds
    }

    /// Two threads read the input in parts (`bounds`, each part ending at a line feed that ends a record: any LF
    /// in input without quotes), taking the next part from a shared counter, so a thread that
    /// runs slower (a busier core) reads fewer parts instead of holding up the end. First each part is
    /// validated, its line feeds counted and its quotes looked for; the counts bound each part's rows, which
    /// fixes where its rows start in the shared column arrays and the physical line it starts on. The parts
    /// are then joined in order: a column categorical in any part becomes categorical in all, and rows are
    /// closed up where a part had blank lines. The error reported is the first in the input, as when one
    /// thread reads it all (parts after a failed one are not read).
    /// Input with a quote character is cut again at record ends found by walking every record from the start
    /// (`CSVScanner.recordCuts`, about `options.parallelPartBytes` apart; `atRecordEnds`) and read the same way:
    /// each part then starts a record, its rows are still at most its line feeds, and its first physical line
    /// is still the line after the line feeds before it. Without such a cut it is read on this thread.
    mutating func runInParts(_ bounds: [Int], bodyLine: Int, bufferStart: Int, atRecordEnds: Bool = false) throws -> Table {
        final class Parts: @unchecked Sendable {
            let count: Int
            let parsers: UnsafeMutablePointer<CSVParser>
            // Slot i is written only by the thread that took part i.
            let lineFeeds: UnsafeMutablePointer<Int>
            let quoted: UnsafeMutablePointer<Bool>
            let errors: UnsafeMutablePointer<(any Error)?>
            private var next = 0, firstFailed = Int.max
            private let lock = NSLock()
            init(_ template: CSVParser, count: Int) {
                self.count = count
                parsers = .allocate(capacity: count)
                parsers.initialize(repeating: template, count: count)
                lineFeeds = .allocate(capacity: count)
                lineFeeds.initialize(repeating: 0, count: count)
                quoted = .allocate(capacity: count)
                quoted.initialize(repeating: false, count: count)
                errors = .allocate(capacity: count)
                errors.initialize(repeating: nil, count: count)
            }
            /// The next part not yet taken, nil when none is left or an earlier part failed.
            func take() -> Int? {
                lock.lock(); defer { lock.unlock() }
                guard next < count, next < firstFailed else { return nil }
                next += 1
                return next - 1
            }
            func fail(_ i: Int, _ error: any Error) {
                errors[i] = error
                lock.lock(); defer { lock.unlock() }
                firstFailed = Swift.min(firstFailed, i)
            }
            func restart() { next = 0 }
            var firstError: (any Error)? { (0..<count).lazy.compactMap { self.errors[$0] }.first }
            deinit {
                for i in 0..<count { parsers[i].deallocate() }
                parsers.deinitialize(count: count); parsers.deallocate()
                lineFeeds.deallocate(); quoted.deallocate()
                errors.deinitialize(count: count); errors.deallocate()
            }
        }
        var template = CSVParser(p: p, count: count, source: source, options: options)
        template.names = names; template.delimiter = delimiter; template.columnCount = columnCount; template.modes = modes
        let n = bounds.count - 1
        let parts = Parts(template, count: n)
        // Every part is validated (no early stop), so the error is the first in the input as with one thread.
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while let i = parts.take() {
                let from = bounds[i], to = bounds[i + 1]
                do {
                    (parts.lineFeeds[i], parts.quoted[i]) = try parts.parsers[i].validateCountingLineFeeds(from: from, to: to, bufferStart: bufferStart)
                } catch {
                    parts.errors[i] = error
                }
            }
        }
        if let e = parts.firstError { throw e }
        var lineFeeds = 0
        for i in 0..<n { lineFeeds += parts.lineFeeds[i] }
        if !atRecordEnds && (0..<n).contains(where: { parts.quoted[$0] }) {
            let cuts = CSVScanner.recordCuts(p, from: bounds[0], to: count, delimiter: delimiter,
                                             step: Swift.max(options.parallelPartBytes, 1))
            if cuts.count >= 2 {
                return try runInParts(cuts + [count], bodyLine: bodyLine, bufferStart: bufferStart, atRecordEnds: true)
            }
            setUpStorage(estimatedRows: lineFeeds + 1)
            prefault(inputBytes: count - bounds[0])
            try readPart(from: bounds[0], to: count, line: bodyLine)
            return finish()
        }
        // Part i's rows start at the line feeds before it (each part but the last ends with one, so it has at
        // most its own line feeds' rows), on the line after them.
        parts.parsers[0].setUpStorage(estimatedRows: lineFeeds + 1)
        parts.parsers[0].rowLimit = parts.lineFeeds[0]    // n ≥ 2: the first part ends with a line feed
        var before = parts.lineFeeds[0]
        for i in 1..<n {
            let limit = i == n - 1 ? parts.parsers[0].capacity : before + parts.lineFeeds[i]
            parts.parsers[i].share(parts.parsers[0], rowBase: before, rowLimit: limit)
            before += parts.lineFeeds[i]
        }
        parts.restart()
        let releases = options.releasesParsedInput
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while let i = parts.take() {
                let from = bounds[i], to = bounds[i + 1]
                // Its first storage row is the count of line feeds before it: so is its first line's offset.
                let line = bodyLine + parts.parsers[i].rowBase
                parts.parsers[i].prefault(inputBytes: to - from, isPart: true)
                do { try parts.parsers[i].readPart(from: from, to: to, line: line) } catch { parts.fail(i, error) }
                if releases { _ = parts.parsers[i].releaseParsedInput(from: from, to: to) }
            }
        }
        if let e = parts.firstError { throw e }
        for i in 1..<n { try parts.parsers[0].join(&parts.parsers[i]) }
        return parts.parsers[0].finish()
    }

    /// Makes this parser write its rows into `owner`'s arrays, storage rows `rowBase..<rowLimit`.
    mutating func share(_ owner: CSVParser, rowBase: Int, rowLimit: Int) {
        output = []
        lineNumbers = []
        levels = Array(repeating: [], count: columnCount)
        levelIndex = Array(repeating: [:], count: columnCount)
        interned = Array(repeating: LevelInterner(), count: columnCount)
        indexDeferred = Array(repeating: true, count: columnCount)
        columns = .allocate(capacity: max(columnCount, 1))
        columns!.update(from: owner.columns!, count: columnCount)
        lineBase = owner.lineBase
        capacity = owner.capacity
        self.rowLimit = rowLimit
        self.rowBase = rowBase
        ownsStorage = false
        rowOffsets = .allocate(capacity: max(rowLimit - rowBase, 1))
    }

    /// Takes in the rows of `other`, the following part of the same input, which wrote into this parser's
    /// arrays (line numbers included) from its `rowBase` on (so `rowBase ≥ rows`).
    mutating func join(_ other: inout CSVParser) throws {
        let base = other.rowBase, n = other.rows
        for j in 0..<columnCount where modes[j] != CSVParser.skipped {
            if modes[j] == CSVParser.categorical || other.modes[j] == CSVParser.categorical {
                if modes[j] != CSVParser.categorical { try becomeCategorical(j, rowsBefore: rows) }
                if other.modes[j] != CSVParser.categorical { try other.becomeCategorical(j, rowsBefore: n) }
                let map = levelMap(from: other, column: j)
                let c = columns![j]! + base
                for r in 0..<n where c[r] >= 0 { c[r] = map[Int(c[r])] }
            }
            // Close the gap left by blank lines in the first part.
            if base != rows { (columns![j]! + rows).update(from: columns![j]! + base, count: n) }
        }
        let lines = lineBase!
        if base != rows { (lines + rows).update(from: lines + base, count: n) }
        // Where its rows start, for a column that turns categorical in a part joined later.
        (rowOffsets! + rows).update(from: other.rowOffsets!, count: n)
        for cell in other.nonNumeric { nonNumeric.append((cell.row + rows, cell.column, cell.line, cell.text)) }
        foldedMissing.formUnion(other.foldedMissing)
        rows += n
    }

    /// Takes in the rows of `other`, a parser with storage of its own that read the following piece of the same
    /// input (the streaming reader's pieces): its values are copied after this parser's rows, the storage growing
    /// as needed; a column categorical in either becomes categorical in both first. Line numbers are taken as
    /// they are (`shiftLines` the other parser first).
    mutating func append(_ other: inout CSVParser) throws {
        let n = other.rows
        while rowBase + rows + n > capacity { grow() }
        for j in 0..<columnCount where modes[j] != CSVParser.skipped {
            let source = other.columns![j]! + other.rowBase, target = columns![j]! + rowBase + rows
            if modes[j] == CSVParser.categorical || other.modes[j] == CSVParser.categorical {
                if modes[j] != CSVParser.categorical { try becomeCategorical(j, rowsBefore: rows) }
                if other.modes[j] != CSVParser.categorical { try other.becomeCategorical(j, rowsBefore: n) }
                let map = levelMap(from: other, column: j)
                for r in 0..<n { let c = source[r]; target[r] = c < 0 ? -1 : map[Int(c)] }
            } else {
                target.update(from: source, count: n)
            }
        }
        (lineBase! + rowBase + rows).update(from: other.lineBase! + other.rowBase, count: n)
        (rowOffsets! + rows).update(from: other.rowOffsets!, count: n)
        foldedMissing.formUnion(other.foldedMissing)
        rows += n
    }

    /// Shifts this parser's line numbers by `offset` (a piece read before its first line number was known).
    mutating func shiftLines(by offset: Int) {
        for r in 0..<rows { lineBase![rowBase + r] += offset }
    }

    mutating func readHeader(_ scanner: inout CSVScanner) throws {
        var seen = Set<String>()
        while true {
            let f: CSVScanner.Field, t: CSVScanner.Terminator
            do { (f, t) = try scanner.scanField() } catch { throw self.error(error.kind, line: error.line, column: names.count) }
            let raw = text(f)
            var name = String(raw.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            // R's and pandas' row names (`CSVOptions.rowNames`): read under a name no header can have, then dropped.
            if name.isEmpty && names.isEmpty && options.rowNames { name = CSVOptions.rowNamesColumn }
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

    /// Rows to reserve for `p[pos..<to]`, from the length of its first line (plus a sixteenth and 16; `grow`
    /// takes more if the lines are shorter).
    func estimateRows(from pos: Int, to: Int) -> Int {
        var i = pos
        while i < to && p[i] != CSVScanner.lf { i += 1 }
        let lineLength = max(i - pos + 1, 2)
        return (to - pos) / lineLength + (to - pos) / lineLength / 16 + 16
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

    /// Allocates the column arrays for `estimatedRows` rows (grown later if more come).
    mutating func setUpStorage(estimatedRows: Int) {
        levels = Array(repeating: [], count: columnCount)
        levelIndex = Array(repeating: [:], count: columnCount)
        interned = Array(repeating: LevelInterner(), count: columnCount)
        indexDeferred = Array(repeating: true, count: columnCount)
        capacity = max(estimatedRows, 1)
        rowLimit = capacity
        rowBase = 0
        ownsStorage = true
        output = Array(repeating: [], count: columnCount)
        columns = .allocate(capacity: max(columnCount, 1))
        for j in 0..<columnCount {
            if j < modes.count && modes[j] == CSVParser.skipped { columns![j] = nil; continue }
            (output[j], columns![j]) = CSVParser.storage(Double.self, capacity)
        }
        (lineNumbers, lineBase) = CSVParser.storage(Int.self, capacity)
        rowOffsets = .allocate(capacity: capacity)
    }

    /// An array of `n` uninitialized elements of a trivial type, and where its elements live. (Asking for
    /// transparent huge pages here, `madvise(MADV_HUGEPAGE)`, was measured and made the read slower: the
    /// kernel then spent more time zeroing 2 MB pages than it saved in page faults.)
    static func storage<T>(_ type: T.Type, _ n: Int) -> ([T], UnsafeMutablePointer<T>) {
        var base: UnsafeMutablePointer<T>? = nil
        let array = [T](unsafeUninitializedCapacity: n) { buffer, count in
            base = buffer.baseAddress
            count = n
        }
        return (array, base!)
    }

    /// Maps the storage rows this parser may write, in every column, with one call per column
    /// (`MADV_POPULATE_WRITE`) rather than a page fault per 4 KB page while writing them (measured: about a
    /// fifth less processor time in the kernel on the 211 MB bench file). Each part of a two-thread read
    /// maps its own rows, on its own thread. Only when the rows are bounded by line feeds (not an estimate)
    /// and the storage is at most 4 bytes per byte of its `inputBytes`: input that is mostly blank lines
    /// would otherwise map far more memory than it fills.
    /// A part of a two-thread read (`isPart`, a few MB of input) maps all its rows at once.
    mutating func prefault(inputBytes: Int, isPart: Bool = false) {
        let n = rowLimit - rowBase
        var arrays = 2
        for j in 0..<columnCount where columns![j] != nil { arrays += 1 }
        guard n * arrays * 8 <= 4 * inputBytes else { return }
        // While parsed input is handed back, the columns are mapped a window at a time as the parse reaches them
        // (`readRows`), so the mapped file and the full columns are never resident together.
        if options.releasesParsedInput && !isPart { populatesProgressively = true; return }
        populate(rows: 0, n)
    }

    /// Maps storage rows `from..<to` (counted from `rowBase`) of every array (see `prefault`).
    func populate(rows from: Int, _ to: Int) {
        func advise(_ start: UnsafeMutableRawPointer, _ bytes: Int) {
            let page = 4096
            let first = (Int(bitPattern: start) + page - 1) & ~(page - 1)
            let last = (Int(bitPattern: start) + bytes) & ~(page - 1)
            // Best effort: older kernels reject the advice and the pages fault in as they are written.
            if last - first >= 16 * page { madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, MADV_POPULATE_WRITE) }
        }
        guard to > from else { return }
        for j in 0..<columnCount {
            if let base = columns![j] { advise(base + rowBase + from, (to - from) * 8) }
        }
        advise(lineBase! + rowBase + from, (to - from) * 8)
        advise(rowOffsets! + from, (to - from) * 8)
    }

    /// Doubles the storage (only the parser that owns the arrays; a part sharing them has a proven bound).
    mutating func grow() {
        precondition(ownsStorage && rowLimit == capacity, "a part writing into shared arrays ran past its bound")
        let used = rowBase + rows
        capacity *= 2
        rowLimit = capacity
        for j in 0..<columnCount where columns![j] != nil {
            let (array, base) = CSVParser.storage(Double.self, capacity)
            base.update(from: columns![j]!, count: used)
            output[j] = array
            columns![j] = base
        }
        let (lines, base) = CSVParser.storage(Int.self, capacity)
        base.update(from: lineBase!, count: used)
        lineNumbers = lines
        lineBase = base
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        offsets.update(from: rowOffsets!, count: rows)
        rowOffsets!.deallocate()
        rowOffsets = offsets
    }

    /// Value (or code) of column `j` at this parser's row `row`.
    func value(_ j: Int, _ row: Int) -> Double {
        columns![j]![rowBase + row]
    }

    mutating func setValue(_ j: Int, _ row: Int, _ v: Double) {
        columns![j]![rowBase + row] = v
    }

    // MARK: - Rows

    mutating func readRows(_ scanner: inout CSVScanner) throws {
        let last = columnCount - 1
        let d = delimiter
        let end = self.end
        let p = self.p
        let lf = CSVScanner.lf, cr = CSVScanner.cr
        // Columns whose numbers are parsed in place (refreshed when `store` turns a column categorical).
        let inPlace = UnsafeMutablePointer<Bool>.allocate(capacity: max(columnCount, 1))
        defer { inPlace.deallocate() }
        for j in 0..<columnCount { inPlace[j] = parsesInPlace(j) }
        let skips = UnsafeMutablePointer<Bool>.allocate(capacity: max(columnCount, 1))
        defer { skips.deallocate() }
        for j in 0..<columnCount { skips[j] = modes[j] == CSVParser.skipped }
        let columns = self.columns!
        // With AVX2 the C kernel reads the short numbers (its portable version is slower than `scanShort`, which
        // runs without AVX2). What it reads: the storage of each column parsed in place, nil for the others
        // (refreshed with `inPlace` and when `grow` moves the storage).
        let usesKernel = CSVParser.kernelReadsNumbers
        let kernelColumns = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: max(columnCount, 1))
        defer { kernelColumns.deallocate() }
        for j in 0..<columnCount { kernelColumns[j] = inPlace[j] ? columns[j] : nil }
        let releases = options.releasesParsedInput
        var released = scanner.pos
        let partStart = scanner.pos
        while scanner.pos < end {
            let rowStart = scanner.pos
            if releases && rowStart &- released >= CSVParser.releaseStep {
                released = releaseParsedInput(from: released, to: rowStart)
                if populatesProgressively {
                    // Map the rows the next two steps of input should hold (from the rows per byte so far).
                    let want = Swift.min(rowLimit - rowBase,
                                         rows &+ rows * (2 * CSVParser.releaseStep) / Swift.max(rowStart - partStart, 1) &+ 1024)
                    if want > populatedRows { populate(rows: populatedRows, want); populatedRows = want }
                }
            }
            let rowLine = scanner.line
            if columnCount > 1 {
                // Skip blank lines.
                let b = p[rowStart]
                if b == lf { scanner.pos += 1; scanner.line += 1; continue }
                if b == cr && rowStart + 1 < end && p[rowStart + 1] == lf {
                    scanner.pos += 2; scanner.line += 1; continue
                }
                if b == cr && rowStart + 1 == end { break }
            }
            if rowBase &+ rows == rowLimit {
                grow()
                for j in 0..<columnCount { kernelColumns[j] = inPlace[j] ? columns[j] : nil }
            }
            let row = rows
            let slot = rowBase &+ row
            rowOffsets![row] = rowStart
            lineBase![slot] = rowLine
            var j = 0
            var pos = rowStart
            while j <= last {
                // The common case: short numbers, each followed by the terminator its column needs.
                if usesKernel {
                    // In C (AVX2), for as long as the row has them; the field after those goes the general way.
                    // Not called for a field of a column not parsed in place (text, skipped), which the kernel
                    // would give back untouched after loading its block of bytes.
                    if kernelColumns[j] != nil {
                        j = credit_csv_read_numbers(p, &pos, end, d, kernelColumns, j, columnCount, slot)
                        if j > last { scanner.line &+= 1; break }
                    }
                } else if inPlace[j] && pos &+ NumberParser.shortReach <= end {
                    let r = NumberParser.scanShort(p, pos)
                    let s = r.stop
                    if s != pos {
                        let b = p[s]
                        if j < last {
                            if b == d { columns[j].unsafelyUnwrapped[slot] = r.value; pos = s &+ 1; j &+= 1; continue }
                        } else if b == lf {
                            columns[j].unsafelyUnwrapped[slot] = r.value; pos = s &+ 1; scanner.line &+= 1; j &+= 1; continue
                        } else if b == cr && p[s &+ 1] == lf {
                            columns[j].unsafelyUnwrapped[slot] = r.value; pos = s &+ 2; scanner.line &+= 1; j &+= 1; continue
                        }
                    }
                }
                if skips[j] && pos < end && p[pos] != CSVScanner.quote {
                    // A column not kept, unquoted field: only its end matters (the scoring path skips the columns
                    // a model does not use this way). A wrong terminator (a ragged row) takes the general path.
                    let (stop, found) = CSVParser.skipUnquoted(p, pos, end, d)
                    if found {
                        if p[stop] == d {
                            if j < last { pos = stop &+ 1; j &+= 1; continue }
                        } else if j == last {
                            pos = stop &+ 1; scanner.line &+= 1; j &+= 1; continue
                        }
                    } else if j == last {
                        pos = end; j &+= 1; continue
                    }
                }
                if !inPlace[j] && pos < end && p[pos] != CSVScanner.quote && modes[j] == CSVParser.categorical {
                    // A text column, unquoted field: its end found eight bytes at a time and its level coded from
                    // its bytes, as `readField` and `store` code it (CR before the LF dropped, the missing tokens
                    // matched on the trimmed text), without the general scan. A wrong terminator, or a last field
                    // without one, takes the general path.
                    let (stop, found) = CSVParser.skipUnquoted(p, pos, end, d)
                    if found {
                        if p[stop] == d {
                            if j < last { storeText(j, row, from: pos, to: stop); pos = stop &+ 1; j &+= 1; continue }
                        } else if j == last {
                            storeText(j, row, from: pos, to: stop > pos && p[stop &- 1] == cr ? stop &- 1 : stop)
                            pos = stop &+ 1; scanner.line &+= 1; j &+= 1; continue
                        }
                    }
                }
                pos = try readField(j, at: pos, row: row, rowLine: rowLine, inPlace: inPlace, &scanner)
                kernelColumns[j] = inPlace[j] ? columns[j] : nil
                j &+= 1
            }
            scanner.pos = pos
            rows &+= 1
        }
    }

    /// Whether `readRows` reads short numbers with the C kernel (a processor with AVX2), else with `scanShort`.
    /// Settable for tests, which run both paths.
    nonisolated(unsafe) static var kernelReadsNumbers = credit_csv_kernels_use_avx2() != 0

    /// Input handed back per step when `options.releasesParsedInput` is set.
    static let releaseStep = 8 << 20

    /// Hands back the whole pages of input in `from..<to` (already parsed); returns the new release point.
    func releaseParsedInput(from: Int, to: Int) -> Int {
        let page = 4096
        let start = (Int(bitPattern: p + from) + page - 1) & ~(page - 1)
        let stop = Int(bitPattern: p + to) & ~(page - 1)
        if stop > start, let address = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(address, stop - start, MADV_DONTNEED)
        }
        return to
    }

    /// Whether column `j`'s numbers are parsed straight from the input (no missing token is itself a number,
    /// and the delimiter cannot be read as part of a number). Inlined: it runs after every field `readField`
    /// takes (measured: called, it cost 1% of the read of a file with four text columns).
    @inline(__always)
    func parsesInPlace(_ j: Int) -> Bool {
        !missing.hasNumericToken && !NumberParser.isNumberByte(delimiter)
            && modes[j] != CSVParser.categorical && modes[j] != CSVParser.skipped
    }

    /// Reads field `j` of the row being read (storage row `rowBase + row`) at `pos`, the slower way: a number
    /// of any shape in place, else the field scanned and stored. Returns where the next field starts.
    @inline(never)
    mutating func readField(_ j: Int, at pos: Int, row: Int, rowLine: Int, inPlace: UnsafeMutablePointer<Bool>,
                            _ scanner: inout CSVScanner) throws -> Int {
        let last = columnCount - 1
        if inPlace[j] {
            // Parse the number in place; accept it when the right terminator follows.
            let r = NumberParser.scan(p, pos, end)
            if r.status == .ok {
                let s = r.stop
                if j < last {
                    if s < end && p[s] == delimiter { setValue(j, row, r.value); return s + 1 }
                } else if s == end {
                    setValue(j, row, r.value); return s
                } else if p[s] == CSVScanner.lf {
                    setValue(j, row, r.value); scanner.line += 1; return s + 1
                } else if p[s] == CSVScanner.cr && (s + 1 == end || p[s + 1] == CSVScanner.lf) {
                    setValue(j, row, r.value); scanner.line += 1; return min(s + 2, end)
                }
            }
        }
        scanner.pos = pos
        let fieldLine = scanner.line
        let f: CSVScanner.Field, t: CSVScanner.Terminator
        do { (f, t) = try scanner.scanField() } catch { throw self.error(error.kind, line: error.line, column: j) }
        try store(f, column: j, row: row, line: fieldLine)
        inPlace[j] = parsesInPlace(j)
        if j < last && t != .delimiter {
            throw error(.raggedRow(expected: columnCount, found: j + 1), line: rowLine)
        }
        if j == last && t == .delimiter {
            var more = 0
            do { more = try scanner.skipRecord() } catch { throw self.error(error.kind, line: error.line) }
            throw self.error(.raggedRow(expected: columnCount, found: columnCount + more), line: rowLine)
        }
        return scanner.pos
    }

    /// The first delimiter or line feed in `p[from..<end]`: its offset and true, or `end` and false. Eight bytes
    /// at a time while they fit (a zero byte of `w ^ pattern` marks a match; the lowest one is exact), then a
    /// byte at a time — the same bytes `CSVScanner.scanField` stops at for an unquoted field.
    @inline(__always)
    static func skipUnquoted(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int, _ d: UInt8) -> (Int, Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let dd = UInt64(d) &* ones, ll = UInt64(CSVScanner.lf) &* ones
        var i = from
        while i &+ 8 <= end {
            let w = NumberParser.load(p, i)
            let a = w ^ dd, b = w ^ ll
            let zeros = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
            if zeros != 0 { return (i &+ zeros.trailingZeroBitCount &>> 3, true) }
            i &+= 8
        }
        while i < end {
            let c = p[i]
            if c == d || c == CSVScanner.lf { return (i, true) }
            i &+= 1
        }
        return (end, false)
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
        if modes[j] == CSVParser.categorical {
            setValue(j, row, Double(textValue(bytes: base + rawStart, count: rawEnd - rawStart, column: j)))
            return
        }
        while s < e && base[s] == 32 { s += 1 }
        while e > s && base[e - 1] == 32 { e -= 1 }
        let isMissing = missing.matches(base, s, e)
        if isMissing { setValue(j, row, .nan); return }
        if let v = NumberParser.parse(base, s, e) { setValue(j, row, v); return }
        // Where a number is expected, a token in another case (`Null`, `NONE`) is missing too.
        if missing.matchesIgnoringCase(base, s, e) {
            if modes[j] == CSVParser.numericInferred { foldedMissing.insert(j) }
            setValue(j, row, .nan)
            return
        }
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
        setValue(j, row, Double(code(textOf: original, column: j)))
    }

    /// Stores the unquoted field `p[from..<to]` of text column `j` at `row` (`textValue`, as `store` does for a
    /// field not escaped).
    @inline(__always)
    mutating func storeText(_ j: Int, _ row: Int, from: Int, to: Int) {
        setValue(j, row, Double(textValue(bytes: p + from, count: to &- from, column: j)))
    }

    /// What text column `j` stores for the field text `p[0..<n]`: −1 (missing) when the text trimmed of spaces is
    /// a missing token, else the code of the level whose text is `p[0..<n]` untrimmed. From the bytes when they
    /// were seen before (`interned`, which keeps the −1 too: the decision depends on the bytes alone), else as
    /// the missing tokens and `code(_:column:)` decide, which is then entered under these bytes.
    @inline(__always)
    mutating func textValue(bytes p: UnsafePointer<UInt8>, count n: Int, column j: Int) -> Int32 {
        let h = LevelInterner.hash(p, n)
        if let c = interned[j].code(p, n, hash: h) { return c }
        var s = 0, e = n
        while s < e && p[s] == 32 { s &+= 1 }
        while e > s && p[e &- 1] == 32 { e &-= 1 }
        if missing.matches(p, s, e) { interned[j].insert(p, n, hash: h, code: -1); return -1 }
        return newLevel(p, n, hash: h, column: j)
    }

    /// The code of the level whose text is `p[0..<n]` (a text that is not a missing token): from the bytes when
    /// they were seen before, else entered as a new level (`newLevel`).
    @inline(__always)
    mutating func code(bytes p: UnsafePointer<UInt8>, count n: Int, column j: Int) -> Int32 {
        let h = LevelInterner.hash(p, n)
        if let c = interned[j].code(p, n, hash: h) { return c }
        return newLevel(p, n, hash: h, column: j)
    }

    /// Enters the bytes `p[0..<n]`, not interned yet in column `j`, under their level's code: while the column's
    /// levels are all ASCII (`indexDeferred`) a new ASCII text is a new level without a `String` lookup; otherwise
    /// `code(_:column:)` decides (canonically equivalent spellings are one level).
    mutating func newLevel(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, column j: Int) -> Int32 {
        if indexDeferred[j] && CSVParser.isASCII(p, n) {
            let c = Int32(levels[j].count)
            levels[j].append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
            interned[j].insert(p, n, hash: h, code: c)
            return c
        }
        let c = code(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self), column: j)
        interned[j].insert(p, n, hash: h, code: c)
        return c
    }

    /// Whether `p[0..<n]` is all ASCII (eight bytes at a time).
    @inline(__always)
    static func isASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0, high: UInt64 = 0
        while i &+ 8 <= n { high |= NumberParser.load(p, i); i &+= 8 }
        while i < n { high |= UInt64(p[i]); i &+= 1 }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Builds column `j`'s `levelIndex` from `levels` if it was deferred (see `indexDeferred`).
    mutating func keepLevelIndex(_ j: Int) {
        guard indexDeferred[j] else { return }
        indexDeferred[j] = false
        var index: [String: Int32] = [:]
        index.reserveCapacity(levels[j].count)
        for (c, level) in levels[j].enumerated() { index[level] = Int32(c) }
        levelIndex[j] = index
    }

    /// This parser's code of each of `other`'s levels in column `j` (new levels entered in `other`'s order).
    mutating func levelMap(from other: CSVParser, column j: Int) -> [Double] {
        var map: [Double] = []
        map.reserveCapacity(other.levels[j].count)
        for level in other.levels[j] { map.append(Double(code(textOf: level, column: j))) }
        return map
    }

    /// `code(bytes:count:column:)` of the UTF-8 bytes of `text`: the same code as `code(_:column:)` gives, through
    /// the interned bytes (so a column of ASCII levels keeps its `String` dictionary deferred).
    mutating func code(textOf text: String, column j: Int) -> Int32 {
        var text = text
        return text.withUTF8 { b in
            if let base = b.baseAddress { return code(bytes: base, count: b.count, column: j) }
            var none: UInt8 = 0   // the empty text: no bytes to point at
            return withUnsafePointer(to: &none) { code(bytes: $0, count: 0, column: j) }
        }
    }

    @inline(__always)
    mutating func code(_ value: String, column j: Int) -> Int32 {
        keepLevelIndex(j)
        if let c = levelIndex[j][value] { return c }
        let c = Int32(levels[j].count)
        levels[j].append(value)
        levelIndex[j][value] = c
        return c
    }

    /// Turns column `j` categorical and re-extracts its text for rows `0..<rowsBefore` from the input. Missing
    /// rows stay missing, except, in a column where a token matched only ignoring case, those whose text
    /// matches no token exactly: in a text column they are levels (`none`).
    mutating func becomeCategorical(_ j: Int, rowsBefore: Int) throws {
        modes[j] = CSVParser.categorical
        let rereadsMissing = foldedMissing.remove(j) != nil
        for r in 0..<rowsBefore {
            let wasMissing = value(j, r).isNaN
            if wasMissing && !rereadsMissing { setValue(j, r, -1); continue }
            var scanner = CSVScanner(p: p, start: rowOffsets![r], end: count, delimiter: delimiter, line: lineBase![rowBase + r])
            var f: CSVScanner.Field
            do {
                for _ in 0..<j { _ = try scanner.scanField() }
                f = try scanner.scanField().0
            } catch { throw self.error(error.kind, line: error.line, column: j) }
            var base = p
            var s = f.start, e = f.end
            if f.escaped { base = UnsafePointer(unescape(f)); s = 0; e = unescapedCount }
            if wasMissing {
                var ts = s, te = e
                while ts < te && base[ts] == 32 { ts += 1 }
                while te > ts && base[te - 1] == 32 { te -= 1 }
                if missing.matches(base, ts, te) { setValue(j, r, -1); continue }
            }
            setValue(j, r, Double(code(bytes: base + s, count: e - s, column: j)))
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

    /// The table of the rows read (by this parser and any part joined into it).
    mutating func finish() -> Table {
        precondition(ownsStorage && rowBase == 0, "finish is for the parser that owns the arrays")
        var columns: [Column] = []
        var kept: [String] = []
        columns.reserveCapacity(columnCount)
        for j in 0..<columnCount where modes[j] != CSVParser.skipped {
            kept.append(names[j])
            var values: [Double] = []
            swap(&values, &output[j])
            self.columns![j] = nil
            values.removeLast(values.count - rows)
            if modes[j] == CSVParser.categorical {
                columns.append(.categorical(CategoricalColumn(levels: levels[j], codes: values.map { Int32($0) })))
            } else {
                columns.append(.numeric(values))
            }
        }
        var lines: [Int] = []
        swap(&lines, &lineNumbers)
        lineBase = nil
        lines.removeLast(lines.count - rows)
        return Table(source: source, columnNames: kept, columns: columns, lineNumbers: lines, delimiter: delimiter)
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
