import CreditModelFile
import CreditProbability
import CreditTabular

/// How `DataSplit` assigns the rows of a file.
public enum SplitRule: Sendable, Equatable {
    /// Random: of each stratum's rows, `share` (rounded to the nearest row, halves up) go to the development part
    /// and the rest to the holdout. With a target the strata are the good rows, the bad rows and the rows without
    /// an outcome, so each part's count of each class is within half a row of `share` (or `1 − share`) times the
    /// file's; without a target all rows are one stratum.
    case random(share: Double, seed: UInt64)
    /// Out of time: rows whose `column` is before `boundary` go to development, rows on or after it to the
    /// holdout. The column holds ISO dates (`YYYY-MM-DD`, optionally followed by `T` or a space and a time,
    /// which is ignored) or numbers (e.g. a month index 202501); `boundary` is of the same kind.
    case outOfTime(column: String, before: String)
    /// K folds for cross-validation, stratified as `random` is: each stratum's rows are shuffled and dealt to
    /// folds 1, 2, …, K in turn, each stratum continuing where the previous one stopped (good rows, then bad,
    /// then rows without an outcome), so fold sizes and class counts differ by at most one. With a target and
    /// no missing outcome this is `Splits.stratifiedKFold` (the folds of `compare --cv`'s shuffle for the
    /// same seed, on the same rows).
    case folds(Int, seed: UInt64)
}

/// Why a file cannot be split.
public enum SplitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `share` is not strictly between 0 and 1.
    case share(Double)
    /// Fewer than 2 folds, or more folds than rows.
    case folds(Int, rows: Int)
    /// The out-of-time boundary is neither an ISO date nor a number.
    case boundary(String)
    /// A row has no value in the date column.
    case undated(source: String, line: Int, column: String)
    /// A row's value in the date column is not of the boundary's kind.
    case notComparable(source: String, line: Int, column: String, value: String, expected: String)
    /// The fold column's name is already a column of the file.
    case foldColumnExists(String)

    public var description: String {
        switch self {
        case .share(let s): return "the development share must be strictly between 0 and 1 (got \(s))"
        case .folds(let k, let rows): return "\(k) folds for \(rows) rows: need 2 ≤ folds ≤ rows"
        case .boundary(let b): return "the out-of-time boundary '\(b)' is neither a date like 2025-01-01 nor a number"
        case .undated(let source, let line, let column):
            return "\(source) line \(line), column '\(column)': no value; an out-of-time split needs every row dated"
        case .notComparable(let source, let line, let column, let value, let expected):
            return "\(source) line \(line), column '\(column)': '\(value)' is not \(expected) like the boundary"
        case .foldColumnExists(let name):
            return "the file already has a column '\(name)'; name the fold column another way"
        }
    }
}

/// Rows of one part of a split and their outcomes.
public struct SplitPart: Sendable, Codable, Equatable {
    /// "development", "holdout", or "fold 1" … "fold K".
    public let name: String
    public let rows: Int
    /// Rows with a bad / good outcome and rows without one (nil without a target).
    public let bads: Int?
    public let goods: Int?
    public let unknown: Int?
    /// Out of time: the earliest and latest value of the date column in the part (as written in the file).
    public let first: String?
    public let last: String?

    /// Bads over rows with an outcome; nil without a target or outcomes.
    public var badRate: Double? {
        guard let bads, let goods, bads + goods > 0 else { return nil }
        return Double(bads) / Double(bads + goods)
    }
}

/// A partition of a file's rows into development and holdout parts, or into folds.
///
/// Every row goes to exactly one part, so rows in = the sum of the parts' rows; `write` copies each row's bytes
/// unchanged (`CSVRecords`), and in the same order as the input. The same file, rule and seed give the same
/// parts on every machine (SplitMix64, integer arithmetic only).
///
/// ```swift
/// let records = try CSVRecords.read(path: "loans.csv")
/// let split = try DataSplit(records.table, rule: .random(share: 0.7, seed: 42),
///                           target: TargetSpec(column: "default", bad: "1"))
/// var dev: [UInt8] = []
/// split.write(part: 0, of: records) { dev += $0 }
/// ```
public struct DataSplit: Sendable {
    public let rule: SplitRule
    /// The part of each row: 0 development and 1 holdout, or the fold 0..<K.
    public let assignment: [Int]
    public let parts: [SplitPart]
    public let target: TargetSpec?

    /// - Throws: `SplitError`; `ExperimentError.invalidConfiguration` when the target column is missing.
    public init(_ table: Table, rule: SplitRule, target: TargetSpec? = nil) throws {
        self.rule = rule
        self.target = target
        let n = table.rowCount
        var outcomes: [Bool?]? = nil
        if let target {
            guard let column = table[target.column] else {
                throw ExperimentError.invalidConfiguration("\(table.source) has no column '\(target.column)'")
            }
            outcomes = BinaryTarget(bad: target.bad, column: column).outcomes(column)
        }
        /// Row indices per stratum: good, bad, no outcome (or all rows).
        func strata() -> [[Int]] {
            guard let outcomes else { return [Array(0..<n)] }
            var s: [[Int]] = [[], [], []]
            for (r, o) in outcomes.enumerated() { s[o == nil ? 2 : o! ? 1 : 0].append(r) }
            return s
        }
        var assignment = [Int](repeating: 0, count: n)
        var names: [String]
        var times: (keys: [Double], boundary: Double, texts: [String])? = nil
        switch rule {
        case .random(let share, let seed):
            guard share > 0 && share < 1 else { throw SplitError.share(share) }
            var rng = SplitMix64(seed: seed)
            for var members in strata() {
                rng.shuffle(&members)
                let keep = Int((share * Double(members.count)).rounded(.toNearestOrAwayFromZero))
                for r in members[keep...] { assignment[r] = 1 }
            }
            names = ["development", "holdout"]
        case .folds(let k, let seed):
            guard k >= 2 && k <= n else { throw SplitError.folds(k, rows: n) }
            var rng = SplitMix64(seed: seed)
            var next = 0
            for var members in strata() {
                rng.shuffle(&members)
                for r in members { assignment[r] = next; next = (next + 1) % k }
            }
            names = (1...k).map { "fold \($0)" }
        case .outOfTime(let name, let boundary):
            guard let column = table[name] else {
                throw ExperimentError.invalidConfiguration("\(table.source) has no column '\(name)'")
            }
            let time = try Self.times(column, table: table, name: name, boundary: boundary)
            for r in 0..<n where !(time.keys[r] < time.boundary) { assignment[r] = 1 }
            times = time
            names = ["development", "holdout"]
        }
        self.assignment = assignment
        parts = names.indices.map { p in
            let members = (0..<n).filter { assignment[$0] == p }
            let flags = outcomes.map { o in members.map { o[$0] } }
            var first: String? = nil, last: String? = nil
            if let times, let lo = members.min(by: { times.keys[$0] < times.keys[$1] }),
               let hi = members.max(by: { times.keys[$0] < times.keys[$1] }) {
                first = times.texts[lo]; last = times.texts[hi]
            }
            return SplitPart(name: names[p], rows: members.count,
                             bads: flags.map { $0.filter { $0 == true }.count },
                             goods: flags.map { $0.filter { $0 == false }.count },
                             unknown: flags.map { $0.filter { $0 == nil }.count },
                             first: first, last: last)
        }
    }

    /// Each row's time as a number (the value of a numeric column, or the day number of an ISO date), the
    /// boundary's, and each row's value as text.
    private static func times(_ column: Column, table: Table, name: String, boundary: String) throws
        -> (keys: [Double], boundary: Double, texts: [String]) {
        let b = boundary.trimmingSpaces
        switch column {
        case .numeric(let values):
            if let r = values.firstIndex(where: { $0.isNaN }) {
                throw SplitError.undated(source: table.source, line: table.lineNumbers[r], column: name)
            }
            guard let limit = Double(b), limit.isFinite else {
                if isoDate(b) != nil, let v = values.first {
                    throw SplitError.notComparable(source: table.source, line: table.lineNumbers[0], column: name,
                                                   value: shortest(v), expected: "a date")
                }
                throw SplitError.boundary(boundary)
            }
            return (values, limit, values.map(shortest))
        case .categorical(let c):
            guard let limit = isoDate(b) else { throw SplitError.boundary(boundary) }
            let days = c.levels.map { isoDate($0).map { Double($0.dayNumber) } }
            var keys: [Double] = []
            keys.reserveCapacity(c.codes.count)
            for (r, code) in c.codes.enumerated() {
                guard code >= 0 else { throw SplitError.undated(source: table.source, line: table.lineNumbers[r], column: name) }
                guard let day = days[Int(code)] else {
                    throw SplitError.notComparable(source: table.source, line: table.lineNumbers[r], column: name,
                                                   value: c.levels[Int(code)], expected: "a date")
                }
                keys.append(day)
            }
            return (keys, Double(limit.dayNumber), c.codes.map { c.levels[Int($0)] })
        }
    }

    /// The date of a value that is an ISO date (`YYYY-MM-DD`, optionally followed by `T` or a space and a time,
    /// which is ignored), else nil.
    static func isoDate(_ text: String) -> CivilDate? {
        let utf8 = Array(text.trimmingSpaces.utf8)
        guard utf8.count >= 10 else { return nil }
        if utf8.count > 10 && utf8[10] != UInt8(ascii: "T") && utf8[10] != UInt8(ascii: " ") { return nil }
        return CivilDate(String(decoding: utf8[0..<10], as: UTF8.self))
    }

    private static func shortest(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    /// Writes part `part`: the header, then the part's rows in file order, each as read (`CSVRecords.rowBytes`).
    public func write(part: Int, of records: CSVRecords, to sink: ([UInt8]) throws -> Void) rethrows {
        try sink(records.headerBytes)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        for r in assignment.indices where assignment[r] == part {
            buffer += records.rowBytes(r)
            if buffer.count >= 1 << 20 { try sink(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        if !buffer.isEmpty { try sink(buffer) }
    }

    /// Writes every row with one more column, `column`, holding its fold number (1…K; the header gets the name):
    /// each row's bytes as read, then the delimiter and the number, then its line ending.
    /// - Throws: `SplitError.foldColumnExists` when the file already has that column.
    public func writeWithFolds(column: String, of records: CSVRecords, to sink: ([UInt8]) throws -> Void) throws {
        if records.table.columnNames.contains(column) { throw SplitError.foldColumnExists(column) }
        let d = records.table.delimiter
        try sink(Array(records.headerContent) + [d] + Self.quoted(column, delimiter: d) + records.lineEnding)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        for r in assignment.indices {
            buffer += records.rowContent(r)
            buffer.append(d)
            buffer += Array(String(assignment[r] + 1).utf8)
            buffer += records.lineEnding
            if buffer.count >= 1 << 20 { try sink(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        if !buffer.isEmpty { try sink(buffer) }
    }

    /// A header name as a CSV field: quoted (RFC 4180) when it holds the delimiter, a quote or a line break.
    static func quoted(_ name: String, delimiter: UInt8) -> [UInt8] {
        let bytes = Array(name.utf8)
        guard bytes.contains(where: { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return bytes }
        return [UInt8(ascii: "\"")] + bytes.flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] } + [UInt8(ascii: "\"")]
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
