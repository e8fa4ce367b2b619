import Foundation

/// How a column's values are typed.
public enum ColumnType: String, Sendable, Codable, CaseIterable {
    case numeric, categorical
}

/// A categorical column: dictionary-coded strings.
public struct CategoricalColumn: Sendable, Equatable {
    /// Distinct non-missing values in order of first appearance.
    public var levels: [String]
    /// Index into `levels` per row; -1 marks a missing value.
    public var codes: [Int32]
    public init(levels: [String], codes: [Int32]) { self.levels = levels; self.codes = codes }
    public subscript(row: Int) -> String? { let c = codes[row]; return c < 0 ? nil : levels[Int(c)] }
}

/// One typed column. Numeric missing values are NaN.
public enum Column: Sendable, Equatable {
    case numeric([Double])
    case categorical(CategoricalColumn)

    public var type: ColumnType { if case .numeric = self { return .numeric } else { return .categorical } }
    public var count: Int {
        switch self { case .numeric(let v): return v.count; case .categorical(let c): return c.codes.count }
    }
    public func isMissing(_ row: Int) -> Bool {
        switch self { case .numeric(let v): return v[row].isNaN; case .categorical(let c): return c.codes[row] < 0 }
    }
}

/// A parsed CSV file: named, typed columns plus the source line of each row.
public struct Table: Sendable {
    public let source: String
    public let columnNames: [String]
    public let columns: [Column]
    /// 1-based physical line number where each data row starts (header is line 1).
    public let lineNumbers: [Int]
    public let delimiter: UInt8
    /// What the reader decided that a user may not expect (a column read as categorical because of a few
    /// values that are not numbers); empty for a table not read by `CSVReader`.
    public var notes: [CSVNote]

    public init(source: String, columnNames: [String], columns: [Column], lineNumbers: [Int], delimiter: UInt8,
                notes: [CSVNote] = []) {
        self.source = source; self.columnNames = columnNames; self.columns = columns
        self.lineNumbers = lineNumbers; self.delimiter = delimiter; self.notes = notes
    }
    public var rowCount: Int { lineNumbers.count }
    public func columnIndex(named name: String) -> Int? { columnNames.firstIndex(of: name) }
    public subscript(name: String) -> Column? { columnIndex(named: name).map { columns[$0] } }
}

extension Column {
    /// Whether row `row` holds `value`, read as a `BinaryTarget` with bad value `value`: numerically for numeric
    /// columns ("1" matches 1.0), by exact text for categorical ones. nil when the row is missing. For every row
    /// of a column, `BinaryTarget(bad:column:).outcomes(_:)` reads `value` once.
    public func holds(_ value: String, row: Int) -> Bool? {
        let flag: Int8
        switch self {
        case .numeric(let v): flag = BinaryTarget(bad: value, numeric: true, levels: []).flag(cell: v[row])
        case .categorical(let c): flag = BinaryTarget(bad: value, numeric: false, levels: []).flag(level: c[row])
        }
        return flag < 0 ? nil : flag == 1
    }
}

extension Table {
    /// The table with only `rows` (in that order, repeats allowed, with their line numbers); categorical levels are kept as they
    /// are. A cross-validation fold's training rows (`credit compare --cv`, `credit train --scorecard --cv-folds`) or a bootstrap sample (`InSampleBase`).
    package func selecting(rows: [Int]) -> Table {
        let columns = self.columns.map { column -> Column in
            switch column {
            case .numeric(let v): return .numeric(rows.map { v[$0] })
            case .categorical(let c): return .categorical(CategoricalColumn(levels: c.levels, codes: rows.map { c.codes[$0] }))
            }
        }
        return Table(source: source, columnNames: columnNames, columns: columns, lineNumbers: rows.map { lineNumbers[$0] },
                     delimiter: delimiter)
    }
}
