#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CSV file read as a `Table` together with each row's original bytes, for work that copies rows unchanged
/// (`credit split`): a row written out is the row as it was read, byte for byte.
///
/// - Row `r` of `table` is `rows[r]`: from the first byte of its first physical line through its line ending,
///   quoted line breaks included. Blank lines after a row are not part of it (the reader skips them, so they are
///   not rows; with a one-column table a blank line is a row, a missing value, and is kept).
/// - The header is everything before the first row (a UTF-8 byte-order mark included), blank lines after it
///   excepted.
/// - The last row may lack a line ending; `rowBytes(_:)` then adds the header's (CRLF or LF).
/// - A file in another encoding (`CSVOptions.encoding`, or a UTF-16/32 byte-order mark) is converted to UTF-8
///   first: its rows are then the UTF-8 text of the original rows.
///
/// The whole file is held in memory, once as text and once as the parsed table.
public struct CSVRecords: Sendable {
    public let table: Table
    /// The file's text (UTF-8).
    public let text: [UInt8]
    /// The header line (with the byte-order mark, if any, and its line ending).
    public let header: Range<Int>
    /// The bytes of each row, in file order.
    public let rows: [Range<Int>]
    /// The header's line ending: CRLF or LF (LF when the file has no line ending at all).
    public let lineEnding: [UInt8]

    /// Reads `path` (a regular file, pipe or device, read once to its end).
    /// - Throws: `CSVError`, as `CSVReader.read`.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws -> CSVRecords {
        let file = try FileInput.open(path: path)
        defer { close(file.fd) }
        return try read(bytes: try FileInput.readAll(file, source: path), source: path, options: options)
    }

    /// Reads CSV held in memory; `source` names it in errors.
    public static func read(bytes: [UInt8], source: String, options: CSVOptions = CSVOptions()) throws -> CSVRecords {
        var text = bytes
        if case .iconv(let name) = options.encoding {
            text = try Transcoder.toUTF8(bytes, from: name, source: source)
        } else if let wide = bytes.withUnsafeBufferPointer({ TextEncoding.wideEncoding(markedIn: $0) }) {
            text = try Transcoder.toUTF8(bytes, from: wide, source: source, detected: true)
        }
        var utf8Options = options
        utf8Options.encoding = .utf8
        let table = try text.withUnsafeBufferPointer { try CSVReader.parse($0, source: source, options: utf8Options) }
        return CSVRecords(table: table, text: text)
    }

    init(table: Table, text: [UInt8]) {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        // Start offset of each physical line (line k starts at lineStarts[k - 1]).
        var lineStarts = [0]
        lineStarts.reserveCapacity(table.rowCount + 2)
        text.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                guard let hit = memchr(p.baseAddress! + i, Int32(lf), p.count - i) else { break }
                i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p.baseAddress! + 1
                lineStarts.append(i)
            }
        }
        let trims = table.columnNames.count > 1
        /// `start..<end` without the blank lines at its end.
        func trimmed(_ start: Int, _ end: Int) -> Range<Int> {
            var end = end
            while trims && end - start >= 2 && text[end - 1] == lf {
                if text[end - 2] == lf { end -= 1 }
                else if text[end - 2] == cr && end - start >= 3 && text[end - 3] == lf { end -= 2 }
                else { break }
            }
            return start..<end
        }
        let starts = table.lineNumbers.map { lineStarts[$0 - 1] }
        var rows: [Range<Int>] = []
        rows.reserveCapacity(starts.count)
        for (r, start) in starts.enumerated() {
            rows.append(trimmed(start, r + 1 < starts.count ? starts[r + 1] : text.count))
        }
        let header = trimmed(0, starts.first ?? text.count)
        self.table = table
        self.text = text
        self.header = header
        self.rows = rows
        let h = header.upperBound
        lineEnding = h >= 2 && text[h - 1] == lf && text[h - 2] == cr ? [cr, lf] : [lf]
    }

    /// Whether `range` ends with a line feed.
    private func terminated(_ range: Range<Int>) -> Bool { !range.isEmpty && text[range.upperBound - 1] == UInt8(ascii: "\n") }

    /// The header line's bytes, ending with a line ending.
    public var headerBytes: [UInt8] { Array(text[header]) + (terminated(header) ? [] : lineEnding) }

    /// Row `r`'s bytes, ending with a line ending (`lineEnding` added to a last row that has none).
    public func rowBytes(_ r: Int) -> [UInt8] {
        let range = rows[r]
        return Array(text[range]) + (terminated(range) ? [] : lineEnding)
    }

    /// Row `r`'s bytes without their line ending (LF or CRLF).
    public func rowContent(_ r: Int) -> ArraySlice<UInt8> { content(rows[r]) }

    /// The header's bytes without their line ending.
    public var headerContent: ArraySlice<UInt8> { content(header) }

    private func content(_ range: Range<Int>) -> ArraySlice<UInt8> {
        var end = range.upperBound
        if terminated(range) {
            end -= 1
            if end > range.lowerBound && text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        }
        return text[range.lowerBound..<end]
    }
}
