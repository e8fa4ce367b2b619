#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import _CreditKernels
/// Byte-level RFC 4180 field scanner over one UTF-8 buffer. No allocation per field.
///
/// Records end at LF or CRLF (a lone CR is data). A field that starts with `"` is quoted: it ends at the next
/// `"` not followed by another `"`; `""` inside stands for one quote; delimiters and newlines inside are data.
/// Spaces between a closing quote and the delimiter are ignored; any other text there is an error.
struct CSVScanner {
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    enum Terminator { case delimiter, record, input }

    struct Field {
        var start: Int
        var end: Int
        /// The field was quoted and contains `""` pairs that must be unescaped.
        var escaped: Bool
        var quoted: Bool
    }

    struct ScanError: Error {
        var kind: CSVError.Kind
        var line: Int
    }

    let p: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    var pos: Int
    /// 1-based physical line at `pos`.
    var line: Int

    init(p: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: UInt8, line: Int = 1) {
        self.p = p; self.pos = start; self.end = end; self.delimiter = delimiter; self.line = line
    }

    /// Consumes one field and the terminator after it.
    @inline(__always)
    mutating func scanField() throws(ScanError) -> (Field, Terminator) {
        if pos < end && p[pos] == CSVScanner.quote { return try scanQuoted() }
        var i = pos
        let d = delimiter
        while i < end {
            let b = p[i]
            if b == d || b == CSVScanner.lf { break }
            i += 1
        }
        var fieldEnd = i
        let start = pos
        if i == end {
            if fieldEnd > start && p[fieldEnd - 1] == CSVScanner.cr { fieldEnd -= 1 }
            pos = end
            return (Field(start: start, end: fieldEnd, escaped: false, quoted: false), .input)
        }
        if p[i] == d {
            pos = i + 1
            return (Field(start: start, end: fieldEnd, escaped: false, quoted: false), .delimiter)
        }
        if fieldEnd > start && p[fieldEnd - 1] == CSVScanner.cr { fieldEnd -= 1 }
        pos = i + 1
        line += 1
        return (Field(start: start, end: fieldEnd, escaped: false, quoted: false), .record)
    }

    @inline(never)
    mutating func scanQuoted() throws(ScanError) -> (Field, Terminator) {
        let openLine = line
        var i = pos + 1
        let start = i
        var escaped = false
        var fieldEnd = 0
        while true {
            while i < end && p[i] != CSVScanner.quote {
                if p[i] == CSVScanner.lf { line += 1 }
                i += 1
            }
            if i >= end { throw ScanError(kind: .unterminatedQuote, line: openLine) }
            if i + 1 < end && p[i + 1] == CSVScanner.quote { escaped = true; i += 2; continue }
            fieldEnd = i
            i += 1
            break
        }
        while i < end && p[i] == 32 { i += 1 }
        let field = Field(start: start, end: fieldEnd, escaped: escaped, quoted: true)
        if i == end { pos = end; return (field, .input) }
        let b = p[i]
        if b == delimiter { pos = i + 1; return (field, .delimiter) }
        if b == CSVScanner.lf { pos = i + 1; line += 1; return (field, .record) }
        if b == CSVScanner.cr {
            if i + 1 == end { pos = end; return (field, .input) }
            if p[i + 1] == CSVScanner.lf { pos = i + 2; line += 1; return (field, .record) }
        }
        throw ScanError(kind: .textAfterClosingQuote, line: line)
    }

    /// Skips the rest of the current record, returning how many more fields it had.
    mutating func skipRecord() throws(ScanError) -> Int {
        var count = 0
        while true {
            let (_, t) = try scanField()
            count += 1
            if t != .delimiter { return count }
        }
    }

    /// The end (just after its line feed) of the record starting at `from` in `p[from..<to]`, or nil when the
    /// record does not end there (or a quote opened in it is not closed before `to − 1`).
    ///
    /// The rule, byte by byte: a quote at a field's start (the record's start, or just after a delimiter) opens
    /// a quoted field, which ends at a quote not doubled; a line feed outside one ends the record; any other
    /// quote is text. The bytes between quotes and line feeds are skipped eight at a time. (`scanField` agrees
    /// on every record it reads without error.)
    static func recordEnd(_ p: UnsafePointer<UInt8>, from: Int, to: Int, delimiter d: UInt8) -> Int? {
        var i = from
        while true {
            let q = nextQuoteOrLineFeed(p, i, to)
            if q >= to { return nil }
            if p[q] == lf { return q + 1 }
            guard q == from || p[q - 1] == d else { i = q + 1; continue }
            var k = q + 1
            while true {
                guard let hit = memchr(p + k, Int32(quote), to - k) else { return nil }
                let c = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
                if c + 1 >= to { return nil }
                if p[c + 1] == quote { k = c + 2; continue }
                i = c + 1
                break
            }
        }
    }

    /// Record ends in `p[from..<to]` about `step` bytes apart, walking every record from `from`: `[from, …]`
    /// and, when the last record walked ends exactly at `to`, not `to` itself.
    static func recordCuts(_ p: UnsafePointer<UInt8>, from: Int, to: Int, delimiter d: UInt8, step: Int) -> [Int] {
        var cuts = [from]
        var i = from, next = from + step
        while let e = recordEnd(p, from: i, to: to, delimiter: d) {
            i = e
            if e >= next && e < to { cuts.append(e); next = e + step }
        }
        return cuts
    }

    /// The first quote or line feed in `p[from..<to]`, or `to`: eight bytes at a time while they fit (a zero
    /// byte of `w ^ pattern` marks a match; the lowest one is exact), then a byte at a time.
    @inline(__always)
    static func nextQuoteOrLineFeed(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let qq = UInt64(quote) &* ones, ll = UInt64(lf) &* ones
        var i = from
        while i &+ 8 <= to {
            let w = NumberParser.load(p, i)
            let a = w ^ qq, b = w ^ ll
            let zeros = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
            if zeros != 0 { return i &+ zeros.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < to {
            let c = p[i]
            if c == quote || c == lf { return i }
            i &+= 1
        }
        return to
    }

    /// Counts `,` `;` tab `|` outside quotes on the first line and picks the most frequent; ties go to the
    /// earlier in that order (so comma wins ties); none at all → comma.
    static func detectDelimiter(_ p: UnsafePointer<UInt8>, start: Int, end: Int) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var i = start
        while i < end {
            let b = p[i]
            if b == quote { inQuotes.toggle() } else if !inQuotes {
                if b == lf { break }
                if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
            }
            i += 1
        }
        var best = 0
        for k in 1..<candidates.count where counts[k] > counts[best] { best = k }
        return candidates[best]
    }

    /// `UTF8Validator.firstProblem` on `p[0..<n]`, the number of line feeds there and whether it has a quote
    /// character (when there is no problem). ASCII without NUL, the usual input, is checked and counted 64 bytes at
    /// a time with AVX2 (C kernel, which also looks for quotes), else 16 bytes at a time.
    static func validateCountingLineFeeds(_ p: UnsafePointer<UInt8>, _ n: Int)
        -> (problem: (offset: Int, isNul: Bool)?, lineFeeds: Int, hasQuote: Bool) {
        // The C kernel (AVX2) takes the plain-ASCII blocks from the start, up to one that is not.
        var lineFeeds = 0, quotes: Int32 = 0
        var i = credit_csv_ascii_prefix(p, n, &lineFeeds, &quotes)
        let kernelEnd = i
        let raw = UnsafeRawPointer(p)
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        let sevenF: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, lfs: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        outer: while i + 16 <= n {
            // Up to 127 blocks per round: each byte lane of `counts` adds at most 2 per block.
            var counts: UInt64 = 0
            let stop = min(n - 16, i + 126 * 16)
            while i <= stop {
                let a = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                // Some byte ≥ 0x80 or zero: with every byte in 1…0x7F nothing borrows and no high bit is set;
                // otherwise the byte ≥ 0x80, or the lowest zero byte (minus one, no borrow into it), sets one.
                let bad = (a | b | (a &- ones) | (b &- ones)) & high
                if bad != 0 { lineFeeds += CSVScanner.laneSum(counts); break outer }
                // For ASCII bytes x = byte ^ LF ≤ 0x7F, and x + 0x7F sets the high bit exactly when x ≠ 0.
                counts &+= (~((a ^ lfs) &+ sevenF) & high) &>> 7
                counts &+= (~((b ^ lfs) &+ sevenF) & high) &>> 7
                i += 16
            }
            lineFeeds += CSVScanner.laneSum(counts)
        }
        // The rest, or everything from the first block that is not plain ASCII (a character boundary).
        if i < n {
            if let problem = UTF8Validator.firstProblem(p + i, n - i) {
                return ((i + problem.offset, problem.isNul), 0, false)
            }
            lineFeeds += memchrCount(p + i, n - i)
        }
        let hasQuote = quotes != 0 || (kernelEnd < n && memchr(p + kernelEnd, Int32(CSVScanner.quote), n - kernelEnd) != nil)
        return (nil, lineFeeds, hasQuote)
    }

    /// The sum of the eight byte lanes of `w`.
    @inline(__always)
    static func laneSum(_ w: UInt64) -> Int {
        let pairs = (w & 0x00FF_00FF_00FF_00FF) &+ ((w &>> 8) & 0x00FF_00FF_00FF_00FF)
        return Int((pairs &* 0x0001_0001_0001_0001) &>> 48)
    }

    /// The number of line feeds in `p[0..<n]`.
    static func memchrCount(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var count = 0
        var q = UnsafeRawPointer(p)
        let end = q + n
        while q < end, let hit = memchr(q, Int32(lf), end - q) {
            count += 1
            q = UnsafeRawPointer(hit) + 1
        }
        return count
    }
}
