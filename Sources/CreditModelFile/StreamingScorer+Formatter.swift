import CreditScorecard
import CreditDecision
import CreditSupport
import CreditTabular

/// Formats scored rows as CSV bytes (`ScoreLayout`): key (row number or id column), kept columns, pd, [score,
/// points_…, reason_…]. The hot path of `StreamingScorer`: each chunk's bytes are written through a pointer into
/// room sized beforehand, with text cells escaped once per level, not per row.
struct ScoreRowFormatter: Sendable {
    let card: ScorecardSection?
    let keyName: String?
    let keep: [String]
    let points: Bool
    /// Reason cell bytes per (characteristic, bin), at `binOffsets[j] + bin`: the CSV-escaped code, and with
    /// `ScoreLayout.reasonTexts` a comma and the escaped text.
    let reasonCells: [[UInt8]]
    /// `reasonCells` end to end: cell i is `reasonBytes[reasonStarts[i]..<reasonStarts[i + 1]]` (copied into a
    /// row without taking an array out of an array per reason).
    let reasonBytes: [UInt8]
    let reasonStarts: [Int]
    let binOffsets: [Int]
    /// Bytes of an empty reason cell: nothing, or a comma (an empty code and an empty text).
    let emptyReason: [UInt8]
    let reasonTexts: Bool
    /// Neutralise formula-like text cells (`ScoreLayout.csvSafe`).
    let csvSafe: Bool
    let policy: DecisionPolicy?
    /// Decision cells (`,decision,code[,text]`, escaped) per `DecisionPolicy.outcomes` entry.
    let decisionCells: [[UInt8]]

    init(card: ScorecardSection?, policy: DecisionPolicy?, layout: ScoreLayout) {
        self.policy = policy
        self.card = card; self.keyName = layout.idColumn; self.keep = layout.keepColumns; self.points = layout.points
        self.csvSafe = layout.csvSafe
        self.reasonTexts = layout.reasonTexts
        emptyReason = layout.reasonTexts ? [44] : []
        let table = card?.binReasonCodes
        binOffsets = table?.binOffsets ?? []
        if let policy {
            decisionCells = policy.outcomes.map { decision, basis in
                var b: [UInt8] = [44]
                CSVWriter.appendField(decision.rawValue, delimiter: 44, csvSafe: false, to: &b)
                b.append(44)
                CSVWriter.appendField(policy.code(basis), delimiter: 44, csvSafe: layout.csvSafe, to: &b)
                if layout.reasonTexts {
                    b.append(44)
                    CSVWriter.appendField(policy.text(basis, decision: decision), delimiter: 44, csvSafe: layout.csvSafe, to: &b)
                }
                return b
            }
        } else {
            decisionCells = []
        }
        reasonCells = (table?.codes ?? []).map { r in
            var b: [UInt8] = []
            CSVWriter.appendField(r.code, delimiter: 44, csvSafe: layout.csvSafe, to: &b)
            if layout.reasonTexts { b.append(44); CSVWriter.appendField(r.text, delimiter: 44, csvSafe: layout.csvSafe, to: &b) }
            return b
        }
        reasonBytes = reasonCells.flatMap { $0 }
        reasonStarts = reasonCells.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    }

    /// The output's column names, in order.
    var columnNames: [String] {
        var fields = [keyName ?? "row"] + keep + ["pd"]
        if let card {
            fields.append("score")
            if points { fields += card.characteristics.map { "points_\($0.name)" } }
            fields += (0..<card.reasonsPerRow).flatMap { r in
                reasonTexts ? ["reason_\(r + 1)", "reason_\(r + 1)_text"] : ["reason_\(r + 1)"]
            }
        }
        if policy != nil { fields += ["decision", "decision_code"] + (reasonTexts ? ["decision_text"] : []) }
        return fields
    }


    func header() -> [UInt8] {
        var out: [UInt8] = []
        for (k, f) in columnNames.enumerated() {
            if k > 0 { out.append(44) }
            CSVWriter.appendField(f, delimiter: 44, csvSafe: csvSafe, to: &out)
        }
        out.append(10)
        return out
    }

    /// Output bytes of a column's cells: CSV-escaped levels of a text column (empty for a missing value), or a
    /// numeric column's numbers as `"\(x)"` writes them (empty for NaN). Escaped once per level, not per row.
    private enum Cells {
        case levels(codes: [Int32], escaped: [[UInt8]])
        case numbers([Double])

        init(_ column: Column, csvSafe: Bool) {
            switch column {
            case .categorical(let c):
                let escaped = c.levels.map { level in
                    var b: [UInt8] = []; CSVWriter.appendField(level, delimiter: 44, csvSafe: csvSafe, to: &b); return b
                }
                self = .levels(codes: c.codes, escaped: escaped)
            case .numeric(let v):
                self = .numbers(v)
            }
        }

        /// Most bytes the cells of all rows take.
        var total: Int {
            switch self {
            case .levels(let codes, let escaped):
                var n = 0
                for c in codes where c >= 0 { n &+= escaped[Int(c)].count }
                return n
            case .numbers(let v): return v.count * ShortestDouble.capacity
            }
        }

        @inline(__always)
        func write(_ row: Int, to out: inout ByteWriter) {
            switch self {
            case .levels(let codes, let escaped):
                let c = codes[row]
                if c >= 0 { out.append(escaped[Int(c)]) }
            case .numbers(let v):
                // A Double's text never holds a comma, quote or line break: nothing to escape.
                if !v[row].isNaN { out.appendShortest(v[row]) }
            }
        }
    }

    func format(_ chunk: CSVChunk, _ s: ChunkScores) -> [UInt8] {
        let table = chunk.table
        let keyCells = keyName.flatMap { table[$0] }.map { Cells($0, csvSafe: csvSafe) }
        let keepCells = keep.map { Cells(table[$0]!, csvSafe: csvSafe) }
        let isScorecard = card != nil       // once: comparing the optional section to nil copies it
        let hasPolicy = policy != nil
        let k = card?.characteristics.count ?? 0
        let m = s.reasonsPerRow
        // Room for every row: the text cells' bytes, plus per row the most the other fields take (a row number
        // or score ≤ 20 bytes, a number ≤ `shortestCapacity`, points ≤ 11), the commas and the LF.
        let longestCode = max(reasonCells.map(\.count).max() ?? 0, emptyReason.count)
        let longestDecision = decisionCells.map(\.count).max() ?? 0
        let perRow = (keyCells == nil ? 20 : 0) + keepCells.count + 1 + ShortestDouble.capacity
            + (isScorecard ? 21 + (points ? 12 * k : 0) + m * (longestCode + 1) : 0) + longestDecision + 1
        let capacity = max(1, s.rowCount * perRow + (keyCells?.total ?? 0) + keepCells.reduce(0) { $0 + $1.total })
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var out = ByteWriter(base: buffer.baseAddress!)
            reasonBytes.withUnsafeBufferPointer { cellBytes in
            reasonStarts.withUnsafeBufferPointer { starts in
            binOffsets.withUnsafeBufferPointer { binOffsets in
            s.bins.withUnsafeBufferPointer { bins in
            s.reasons.withUnsafeBufferPointer { reasons in
                for row in 0..<s.rowCount where s.isScored(row) {
                    if let keyCells { keyCells.write(row, to: &out) } else { out.appendInt(chunk.firstRow + row + 1) }
                    for c in keepCells {
                        out.append(44)
                        c.write(row, to: &out)
                    }
                    out.append(44)
                    out.appendShortest(s.probabilities[row])        // = description
                    if isScorecard {
                        out.append(44)
                        out.appendInt(s.scores[row])
                        if points {
                            for j in 0..<k { out.append(44); out.appendInt(Int(s.points[row &* k &+ j])) }
                        }
                        for r in 0..<m {
                            out.append(44)
                            let j = Int(reasons[row &* m &+ r])
                            if j >= 0 {
                                let cell = binOffsets[j] &+ Int(bins[row &* k &+ j])
                                out.append(cellBytes.baseAddress.unsafelyUnwrapped + starts[cell], count: starts[cell &+ 1] &- starts[cell])
                            } else {
                                out.append(emptyReason)
                            }
                        }
                    }
                    if hasPolicy, let d = s.decisions[row] { out.append(decisionCells[policy!.outcomeIndex(d.decision, d.basis)]) }
                    out.append(10)
                }
            }
            }
            }
            }
            }
            precondition(out.count <= capacity, "score output overran its buffer")
            initialized = out.count
        }
    }
}

/// Output bytes written through a pointer into room sized beforehand (the appends do not check).
private struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always) mutating func append(_ byte: UInt8) { base[count] = byte; count &+= 1 }

    @inline(__always) mutating func append(_ p: UnsafePointer<UInt8>, count n: Int) {
        (base + count).update(from: p, count: n)
        count &+= n
    }

    @inline(__always) mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { b in
            if let p = b.baseAddress { (base + count).update(from: p, count: b.count) }
            count &+= b.count
        }
    }

    /// At most 20 bytes.
    @inline(__always) mutating func appendInt(_ value: Int) {
        if value < 0 { append(45) }
        var v = value.magnitude
        if v < 10 { append(48 &+ UInt8(truncatingIfNeeded: v)); return }
        var n = 0
        var t = v
        while t > 0 { n &+= 1; t /= 10 }
        var i = count &+ n
        while v > 0 { i &-= 1; base[i] = 48 &+ UInt8(truncatingIfNeeded: v % 10); v /= 10 }
        count &+= n
    }

    /// `x.description`'s bytes, at most `ShortestDouble.capacity`.
    @inline(__always) mutating func appendShortest(_ x: Double) {
        count &+= ShortestDouble.write(x, to: base + count)
    }
}
