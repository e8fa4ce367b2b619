import Dispatch
import Foundation
import Scorecard
import Tabular

/// The streaming loop of `credit score`: while one thread parses chunk k+1, the other scores chunk k and
/// formats its output bytes; the caller's `consume` then writes them (in input order) and sets aside the chunk's
/// ragged record, if any (it follows the chunk's rows).
enum ScoreStream {
    /// Bytes of input per chunk (env `CREDIT_SCORE_CHUNK_BYTES`, for tests and benchmarks).
    static var chunkBytes: Int {
        ProcessInfo.processInfo.environment["CREDIT_SCORE_CHUNK_BYTES"].flatMap { Int($0) }.map { max($0, 1) } ?? (4 << 20)
    }
    /// 2 (default): parse the next chunk while scoring this one; 1: one thread (`CREDIT_THREADS=1`, see
    /// `Concurrency`; the older `CREDIT_SCORE_THREADS`, when set, still decides for this loop alone).
    static var threads: Int {
        ProcessInfo.processInfo.environment["CREDIT_SCORE_THREADS"].map { Concurrency.parse($0) } ?? Concurrency.threads
    }

    /// One step's results, filled by the two workers.
    private final class Step: @unchecked Sendable {
        let reader: CSVStreamReader
        let model: CreditModel
        let formatter: ScoreRowFormatter
        var chunk: CSVChunk
        var next: Result<CSVChunk?, any Error> = .success(nil)
        var scored: Result<(ChunkScores, [UInt8]), any Error> = .failure(CancellationError())
        init(reader: CSVStreamReader, model: CreditModel, formatter: ScoreRowFormatter, chunk: CSVChunk) {
            self.reader = reader; self.model = model; self.formatter = formatter; self.chunk = chunk
        }
        func score() {
            scored = Result { let s = try model.score(chunk: chunk); return (s, formatter.format(chunk, s)) }
        }
        func read() { next = Result { try reader.next() } }
    }

    static func run(reader: CSVStreamReader, model: CreditModel, formatter: ScoreRowFormatter,
                    consume: (ChunkScores, [UInt8], RaggedRecord?) throws -> Void) throws {
        guard let first = try reader.next() else { return }
        let step = Step(reader: reader, model: model, formatter: formatter, chunk: first)
        let parallel = threads == 2
        while true {
            if parallel {
                DispatchQueue.concurrentPerform(iterations: 2) { k in if k == 0 { step.read() } else { step.score() } }
            } else {
                step.score()
                if case .success = step.scored { step.read() }
            }
            let (scores, bytes) = try step.scored.get()
            try consume(scores, bytes, step.chunk.ragged)
            guard let next = try step.next.get() else { return }
            step.chunk = next
        }
    }
}

/// Formats scored rows as CSV bytes: key (row number or --id), --keep columns, pd, [score, points_…, reason_…].
struct ScoreRowFormatter: Sendable {
    let card: ScorecardSection?
    let keyName: String?
    let keep: [String]
    let points: Bool
    /// Reason code bytes per characteristic (CSV-escaped).
    let reasonCodes: [[UInt8]]

    init(card: ScorecardSection?, keyName: String?, keep: [String], points: Bool) {
        self.card = card; self.keyName = keyName; self.keep = keep; self.points = points
        reasonCodes = card.map { c in
            c.characteristics.indices.map { j in
                var b: [UInt8] = []; CSVWriter.appendField(c.reasonCode(j).code, delimiter: 44, to: &b); return b
            }
        } ?? []
    }

    func header() -> [UInt8] {
        var fields = [keyName ?? "row"] + keep + ["pd"]
        if let card {
            fields.append("score")
            if points { fields += card.characteristics.map { "points_\($0.name)" } }
            fields += (0..<card.reasons.count).map { "reason_\($0 + 1)" }
        }
        var out: [UInt8] = []
        for (k, f) in fields.enumerated() {
            if k > 0 { out.append(44) }
            CSVWriter.appendField(f, delimiter: 44, to: &out)
        }
        out.append(10)
        return out
    }

    /// A column's text at `row` as read: the level for text columns, the number for numeric ones; "" if missing.
    private static func text(_ column: Column, _ row: Int) -> String {
        switch column {
        case .categorical(let c): return c[row] ?? ""
        case .numeric(let v): return v[row].isNaN ? "" : "\(v[row])"
        }
    }

    @inline(__always)
    private static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(45) }
        var v = value.magnitude
        if v < 10 { out.append(48 + UInt8(v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = 48 + UInt8(v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    func format(_ chunk: CSVChunk, _ s: ChunkScores) -> [UInt8] {
        let table = chunk.table
        let keyColumn = keyName.flatMap { table[$0] }
        let keepColumns = keep.map { table[$0]! }
        let k = card?.characteristics.count ?? 0
        var out: [UInt8] = []
        out.reserveCapacity(s.rowCount * (24 + 8 + (points ? 4 * k : 0) + 8 * s.reasonsPerRow + 8 * keep.count))
        for row in 0..<s.rowCount where s.isScored(row) {
            if let keyColumn {
                CSVWriter.appendField(Self.text(keyColumn, row), delimiter: 44, to: &out)
            } else {
                Self.appendInt(chunk.firstRow + row + 1, to: &out)
            }
            for c in keepColumns {
                out.append(44)
                CSVWriter.appendField(Self.text(c, row), delimiter: 44, to: &out)
            }
            out.append(44)
            out.append(contentsOf: s.probabilities[row].description.utf8)
            if card != nil {
                out.append(44)
                Self.appendInt(s.scores[row], to: &out)
                if points {
                    for j in 0..<k { out.append(44); Self.appendInt(Int(s.points[row * k + j]), to: &out) }
                }
                for r in 0..<s.reasonsPerRow {
                    out.append(44)
                    let j = s.reasons[row * s.reasonsPerRow + r]
                    if j >= 0 { out.append(contentsOf: reasonCodes[Int(j)]) }
                }
            }
            out.append(10)
        }
        return out
    }
}

/// A record with the wrong number of fields, as a rejected row: the summary's reason and the rejects file's line.
enum RaggedReject {
    static let reasonText = "wrong number of fields"

    static func detail(_ r: RaggedRecord) -> String {
        "line \(r.line): \(r.fields) field\(r.fields == 1 ? "" : "s"), expected \(r.expected) (as in the header)"
            + " — check for an unquoted delimiter or a missing field"
    }
}
