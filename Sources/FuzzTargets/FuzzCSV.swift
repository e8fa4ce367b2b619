import CreditTabular
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CSV reader: `CSVReader.read(bytes:)` must return a well-formed table or throw `CSVError`.
///
/// Checks beyond "no trap":
/// - the table's shape: every column has `rowCount` values, line numbers increase from 2, category codes
///   index their levels, numbers are finite or NaN (missing), names are distinct and non-empty;
/// - reading again with every column forced categorical gives the same rows, and the numeric columns'
///   text parses back to the same numbers, or is missing in both, or is a missing token in another case
///   (missing where a number is expected, a level in a text column) (type inference agrees with the
///   forced-type path);
/// - forcing the inferred types gives an identical table;
/// - the two-thread path (threshold lowered to 0) gives the same table as one thread;
/// - `CSVStreamReader`, from memory and from a file read 16 bytes at a time, gives the same cells as the
///   all-categorical read, and fails exactly when it fails.
public func fuzzCSV(_ data: UnsafeRawBufferPointer) {
    let bytes = [UInt8](data)
    let source = "fuzz.csv"
    let table: Table
    do {
        table = try CSVReader.read(bytes: bytes, source: source)
    } catch let error as CSVError {
        checkError(error, input: bytes)
        // A file the reader rejects is rejected by the stream reader too (except for type errors, which
        // the stream reader does not infer).
        if case .notNumeric = error.kind { return }
        if let cells = streamCells(bytes, chunkBytes: 1 << 20, fromFile: false) {
            finding("CSVReader threw '\(error)' but CSVStreamReader read \(cells.count) rows", input: bytes)
        }
        return
    } catch {
        finding("CSVReader threw a non-CSVError: \(error)", input: bytes)
    }
    checkShape(table, input: bytes)

    // Forced categorical: same rows; numeric columns' text reads back as the same numbers.
    var allText = CSVOptions()
    for name in table.columnNames { allText.columnTypes[name] = .categorical }
    let text = read(bytes, allText, input: bytes)
    guard text.rowCount == table.rowCount, text.lineNumbers == table.lineNumbers else {
        finding("all-categorical read has \(text.rowCount) rows, inferred read \(table.rowCount)", input: bytes)
    }
    for (c, column) in table.columns.enumerated() {
        guard case .categorical(let cat) = text.columns[c] else { finding("forced categorical column is numeric", input: bytes) }
        switch column {
        case .categorical(let inferred):
            for r in 0..<table.rowCount where inferred[r] != cat[r] {
                finding("column \(c) row \(r): '\(inferred[r] ?? "nil")' vs forced '\(cat[r] ?? "nil")'", input: bytes)
            }
        case .numeric(let values):
            for r in 0..<table.rowCount {
                guard let cell = cat[r] else {
                    guard values[r].isNaN else { finding("column \(c) row \(r): missing as text but \(values[r]) as number", input: bytes) }
                    continue
                }
                // A token in another case (`Null`) is missing where a number is expected, text in a text column.
                if values[r].isNaN && MissingTokenProbe.isMissingWhereNumberExpected(cell) { continue }
                let trimmed = Array(cell.utf8).trimmingSpaces()
                let parsed = trimmed.withUnsafeBufferPointer { b in
                    b.baseAddress.flatMap { NumberParserProbe.parse($0, 0, b.count) }
                }
                guard let parsed, parsed.bitPattern == values[r].bitPattern else {
                    finding("column \(c) row \(r): text '\(cell)' but number \(values[r])", input: bytes)
                }
            }
        }
    }

    // Forced to the inferred types: identical.
    var same = CSVOptions()
    for (name, column) in zip(table.columnNames, table.columns) { same.columnTypes[name] = column.type }
    let again = read(bytes, same, input: bytes)
    guard sameTable(again, table) else { finding("forcing the inferred types changed the table", input: bytes) }

    // Two threads, in parts.
    var parallel = CSVOptions()
    parallel.parallelThreshold = 0
    for partSize in [1, 64] {   // one line per part; a few lines per part
        parallel.parallelPartSize = partSize
        let split = read(bytes, parallel, input: bytes)
        guard sameTable(split, table) else { finding("two-thread read (parts of \(partSize) bytes) differs from one-thread read", input: bytes) }
    }

    // Streaming, from memory in one chunk and from a file in small reads.
    let expected: [[String?]] = text.columns.map { column in
        guard case .categorical(let cat) = column else { return [] }
        return (0..<text.rowCount).map { cat[$0] }
    }
    for fromFile in [false, true] {
        guard let cells = streamCells(bytes, chunkBytes: fromFile ? 16 : 1 << 20, fromFile: fromFile) else {
            finding("CSVReader read the input but CSVStreamReader (fromFile: \(fromFile)) threw", input: bytes)
        }
        guard cells.count == table.rowCount else {
            finding("CSVStreamReader (fromFile: \(fromFile)) read \(cells.count) rows, CSVReader \(table.rowCount)", input: bytes)
        }
        for r in 0..<cells.count {
            for c in 0..<expected.count where cells[r][c] != expected[c][r] {
                finding("stream (fromFile: \(fromFile)) row \(r) column \(c): '\(cells[r][c] ?? "nil")' vs '\(expected[c][r] ?? "nil")'", input: bytes)
            }
        }
    }
}

private func read(_ bytes: [UInt8], _ options: CSVOptions, input: [UInt8]) -> Table {
    do { return try CSVReader.read(bytes: bytes, source: "fuzz.csv", options: options) } catch {
        finding("a re-read with options that must succeed threw: \(error)", input: input)
    }
}

private func checkError(_ error: CSVError, input: [UInt8]) {
    guard !error.description.isEmpty, error.source == "fuzz.csv" else { finding("error without source", input: input) }
    if let line = error.line, line < 1 { finding("error line \(line)", input: input) }
    if let column = error.column, column < 1 { finding("error column \(column)", input: input) }
}

private func checkShape(_ t: Table, input: [UInt8]) {
    guard t.columns.count == t.columnNames.count, !t.columnNames.isEmpty else { finding("column count mismatch", input: input) }
    guard Set(t.columnNames).count == t.columnNames.count, !t.columnNames.contains("") else {
        finding("duplicate or empty column names \(t.columnNames)", input: input)
    }
    for column in t.columns {
        guard column.count == t.rowCount else { finding("column of \(column.count) values in a table of \(t.rowCount) rows", input: input) }
        switch column {
        case .numeric(let values):
            if let bad = values.first(where: { $0.isInfinite }) { finding("infinite value \(bad)", input: input) }
        case .categorical(let cat):
            if let bad = cat.codes.first(where: { $0 < -1 || Int($0) >= cat.levels.count }) { finding("code \(bad) of \(cat.levels.count) levels", input: input) }
            guard Set(cat.levels).count == cat.levels.count else { finding("repeated levels", input: input) }
        }
    }
    var previous = 1
    for line in t.lineNumbers {
        guard line > previous else { finding("line numbers not increasing: \(line) after \(previous)", input: input) }
        previous = line
    }
}

private func sameTable(_ a: Table, _ b: Table) -> Bool {
    guard a.columnNames == b.columnNames, a.lineNumbers == b.lineNumbers, a.delimiter == b.delimiter,
          a.columns.count == b.columns.count else { return false }
    for (x, y) in zip(a.columns, b.columns) {
        switch (x, y) {
        case (.numeric(let u), .numeric(let v)):
            guard u.count == v.count, zip(u, v).allSatisfy({ $0.bitPattern == $1.bitPattern }) else { return false }
        case (.categorical(let u), .categorical(let v)):
            guard u.codes.count == v.codes.count, (0..<u.codes.count).allSatisfy({ u[$0] == v[$0] }) else { return false }
        default:
            return false
        }
    }
    return true
}

/// All cells read by `CSVStreamReader` (every column text), row by row; nil when it throws.
private func streamCells(_ bytes: [UInt8], chunkBytes: Int, fromFile: Bool) -> [[String?]]? {
    do {
        let reader: CSVStreamReader
        if fromFile {
            let path = scratchFile()
            guard writeAll(path, bytes) else { return nil }
            defer { unlink(path) }
            reader = try CSVStreamReader(path: path, chunkBytes: chunkBytes)
        } else {
            reader = try CSVStreamReader(bytes: bytes, source: "fuzz.csv", chunkBytes: chunkBytes)
        }
        var rows: [[String?]] = []
        while let chunk = try reader.next() {
            let t = chunk.table
            guard chunk.firstRow == rows.count else { finding("chunk firstRow \(chunk.firstRow) after \(rows.count) rows", input: bytes) }
            for r in 0..<t.rowCount {
                rows.append(t.columns.map { column -> String? in
                    guard case .categorical(let cat) = column else { finding("stream column not text", input: bytes) }
                    return cat[r]
                })
            }
        }
        return rows
    } catch is CSVError {
        return nil
    } catch {
        finding("CSVStreamReader threw a non-CSVError: \(error)", input: bytes)
    }
}

/// One scratch file per process (the fuzzer runs inputs one after another).
private func scratchFile() -> String {
    let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    return "\(directory)/credit-fuzz-\(getpid()).csv"
}

private func writeAll(_ path: String, _ bytes: [UInt8]) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    if fd < 0 { return false }
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let r = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
        if r <= 0 { return false }
        done += r
    }
    return true
}

extension Array where Element == UInt8 {
    func trimmingSpaces() -> [UInt8] {
        var s = startIndex, e = endIndex
        while s < e && self[s] == 32 { s += 1 }
        while e > s && self[e - 1] == 32 { e -= 1 }
        return Array(self[s..<e])
    }
}
