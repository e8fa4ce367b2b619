import CreditLinearAlgebra
import CreditTabular
import CreditSupport
/// A coding bound to a concrete table: columns resolved by name (order and extra columns do not matter),
/// types checked, and each categorical column's levels mapped to indicator positions once.
///
/// ```swift
/// let bound = try BoundDesign(coding: model.coding, table: applicants)
/// var values = [Double](repeating: 0, count: bound.terms.count)
/// if let problem = bound.encode(row: 0, into: &values) { reject(problem) } else { score(values) }
/// ```
public struct BoundDesign: Sendable {
    /// How one predictor reads its table column.
    enum Source: Sendable {
        case numeric([Double])
        /// `map[code]` is the indicator index within the predictor's terms, −1 for the reference level,
        /// −2 for a level unseen in training.
        case categorical(codes: [Int32], levels: [String], map: [Int])
    }
    struct Slot: Sendable {
        let name: String
        let source: Source
        /// Index of the predictor's first term in the design row.
        let offset: Int
        /// Number of terms (1 for numeric, levels − 1 for categorical, one more with a missing coding).
        let width: Int
        /// The predictor's missing coding: its last term is the `name=missing` indicator (nil: a missing value
        /// is the row's problem).
        let missing: MissingCoding?
    }

    /// The coding this design applies.
    public let coding: DesignCoding
    /// The design-matrix columns, `coding.terms`.
    public let terms: [Term]
    let slots: [Slot]
    let lineNumbers: [Int]

    /// Number of rows in the bound table.
    public var rowCount: Int { lineNumbers.count }

    /// The 1-based source line of `row`.
    package func lineNumber(_ row: Int) -> Int { lineNumbers[row] }

    /// Resolves every predictor of `coding` in `table` by name.
    /// - Throws: `RegressionError.missingColumn` / `.columnTypeMismatch` when the table lacks a needed column
    ///   or has it with the wrong type.
    public init(coding: DesignCoding, table: Table) throws {
        self.coding = coding
        self.terms = coding.terms
        self.lineNumbers = table.lineNumbers
        var slots: [Slot] = []
        var offset = coding.intercept ? 1 : 0
        for p in coding.predictors {
            guard let column = table[p.name] else { throw RegressionError.missingColumn(p.name) }
            switch (p.kind, column) {
            case (.numeric, .numeric(let values)):
                slots.append(Slot(name: p.name, source: .numeric(values), offset: offset, width: p.width, missing: p.missing))
                offset += p.width
            case (.categorical(let levels, let reference), .categorical(let c)):
                var index: [String: Int] = [:]
                var k = 0
                for level in levels where level != reference { index[level] = k; k += 1 }
                let map = c.levels.map { level -> Int in
                    if level == reference { return -1 }
                    return index[level] ?? -2
                }
                slots.append(Slot(name: p.name, source: .categorical(codes: c.codes, levels: c.levels, map: map),
                                  offset: offset, width: p.width, missing: p.missing))
                offset += p.width
            case (.numeric, _):
                throw RegressionError.columnTypeMismatch(column: p.name, expected: "numeric")
            case (.categorical, _):
                throw RegressionError.columnTypeMismatch(column: p.name, expected: "categorical (text)")
            }
        }
        precondition(offset == terms.count, "BoundDesign: term count mismatch")
        self.slots = slots
    }

    /// Writes the row's term values into `values` (resized to `terms.count` if needed).
    /// - Returns: the first problem in predictor order (missing value, level unseen in training), or `nil`.
    ///   On a problem, `values` is left partly written. A missing value of a predictor with a missing coding
    ///   is no problem: a numeric one's term takes the fill, a categorical one's level terms are 0, and its own
    ///   `name=missing` term, if it has one (`MissingCoding.sharedWith`), is 1 (0 when the value is present).
    public func encode(row: Int, into values: inout [Double]) -> RowProblem? {
        precondition(row >= 0 && row < rowCount, "encode(row:): row \(row) out of range 0..<\(rowCount)")
        if values.count != terms.count { values = [Double](repeating: 0, count: terms.count) }
        if coding.intercept { values[0] = 1 }
        for slot in slots {
            switch slot.source {
            case .numeric(let v):
                let x = v[row]
                if x.isNaN {
                    guard let fill = slot.missing?.fill else { return problem(row, slot, .missingValue) }
                    values[slot.offset] = fill
                    if slot.width == 2 { values[slot.offset + 1] = 1 }
                } else {
                    values[slot.offset] = x
                    if slot.width == 2 { values[slot.offset + 1] = 0 }
                }
            case .categorical(let codes, let levels, let map):
                let code = Int(codes[row])
                if code < 0 {
                    guard let missing = slot.missing else { return problem(row, slot, .missingValue) }
                    for k in 0..<slot.width { values[slot.offset + k] = 0 }
                    if missing.sharedWith == nil { values[slot.offset + slot.width - 1] = 1 }
                    continue
                }
                let m = map[code]
                if m == -2 { return problem(row, slot, .unseenLevel(levels[code])) }
                for k in 0..<slot.width { values[slot.offset + k] = 0 }
                if m >= 0 { values[slot.offset + m] = 1 }
            }
        }
        return nil
    }

    /// The column to blame when a row's log-odds xᵀβ is not finite (`RowProblem.Reason.logOddsOverflow`): the
    /// first predictor (in predictor order) whose terms' sum Σ xⱼβⱼ is not finite, else the one with the
    /// largest |Σ xⱼβⱼ| (a finite sum that overflowed only when added up); "(intercept)" when only the
    /// intercept is not finite.
    /// - Parameters:
    ///   - values: the row as `encode(row:into:)` wrote it.
    ///   - coefficients: β, one per term.
    package func overflowColumn(values: [Double], coefficients: [Double]) -> String {
        var largest: (name: String, size: Double)? = nil
        for slot in slots {
            var term = 0.0
            for j in slot.offset..<(slot.offset + slot.width) { term += values[j] * coefficients[j] }
            if !term.isFinite { return slot.name }
            if largest == nil || abs(term) > largest!.size { largest = (slot.name, abs(term)) }
        }
        if coding.intercept, !coefficients[0].isFinite { return "(intercept)" }
        return largest?.name ?? "(intercept)"
    }

    /// The first problem of `row`, without encoding it.
    public func problem(row: Int) -> RowProblem? {
        for slot in slots {
            switch slot.source {
            case .numeric(let v):
                if v[row].isNaN && slot.missing == nil { return problem(row, slot, .missingValue) }
            case .categorical(let codes, let levels, let map):
                let code = Int(codes[row])
                if code < 0 { if slot.missing == nil { return problem(row, slot, .missingValue) } else { continue } }
                if map[code] == -2 { return problem(row, slot, .unseenLevel(levels[code])) }
            }
        }
        return nil
    }

    private func problem(_ row: Int, _ slot: Slot, _ reason: RowProblem.Reason) -> RowProblem {
        RowProblem(row: row, line: lineNumbers[row], column: slot.name, reason: reason)
    }

    /// The n × p design for `rows` (all of which must encode without a problem), one array per column.
    /// A numeric predictor with every row kept in order (the usual case) keeps the table's own array — no copy;
    /// otherwise its values are gathered. Categorical predictors get one 0/1 array per indicator. Large designs
    /// are built by two threads, half of the predictors each.
    func designColumns(rows: [Int]) -> ColumnMatrix {
        let n = rows.count
        let identity = n > 0 && rows[0] == 0 && rows[n - 1] == n - 1 && n == rowCount
        let built = PartSlots<[[Double]]>(repeating: [], count: slots.count)
        let slots = self.slots
        let parts = n * terms.count >= 1 << 20 ? 2 : 1
        Concurrency.perform(iterations: parts) { part in
            for k in (slots.count * part / parts)..<(slots.count * (part + 1) / parts) {
                let slot = slots[k]
                switch slot.source {
                case .numeric(let v):
                    if let fill = slot.missing?.fill {
                        let filled = rows.map { v[$0].isNaN ? fill : v[$0] }
                        built.set(k, slot.width == 2 ? [filled, rows.map { v[$0].isNaN ? 1.0 : 0.0 }] : [filled])
                    } else {
                        built.set(k, identity ? [v] : [rows.map { v[$0] }])
                    }
                case .categorical(let codes, _, let map):
                    var indicators = [[Double]](repeating: [Double](repeating: 0, count: n), count: slot.width)
                    for (i, row) in rows.enumerated() {
                        let code = Int(codes[row])
                        if code < 0 {   // a missing coding (the rows encode): its own term, or a shared one
                            if slot.missing?.sharedWith == nil { indicators[slot.width - 1][i] = 1 }
                            continue
                        }
                        let m = map[code]
                        if m >= 0 { indicators[m][i] = 1 }
                    }
                    built.set(k, indicators)
                }
            }
        }
        let intercept: [[Double]] = coding.intercept ? [[Double](repeating: 1, count: n)] : []
        return ColumnMatrix(rows: n, columns: intercept + (0..<slots.count).flatMap { built[$0] })
    }
}
