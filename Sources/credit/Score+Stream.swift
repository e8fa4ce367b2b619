import Dispatch
import Foundation
import Reports
import Scorecard
import Tabular

/// The streaming loop of `credit score`. With two threads, each step scores chunk k, formats its output bytes
/// and hands them to the caller's `consume` (which writes them and sets aside the chunk's ragged record, if
/// any: it follows the chunk's rows) on one thread, while chunk k+1 is read and parsed in pieces
/// (`parseParts`, see `CSVStreamReader.next(parts:run:)`) on both, so the thread that finishes scoring helps
/// parse. Chunks are consumed in input order, one at a time; the chunks and the bytes do not depend on the
/// thread count.
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
    /// Pieces a chunk is parsed in with two threads: small enough that the scoring task and the pieces
    /// share the two threads evenly.
    static let parseParts = 4

    typealias Consume = (ChunkScores, [UInt8], RaggedRecord?) throws -> Void

    /// One step's work and results.
    private final class Step: @unchecked Sendable {
        let reader: CSVStreamReader
        let model: CreditModel
        let formatter: ScoreRowFormatter
        let consume: Consume
        var chunk: CSVChunk
        var next: Result<CSVChunk?, any Error> = .success(nil)
        var scored: Result<Void, any Error> = .success(())
        var consumed: Result<Void, any Error> = .success(())
        init(reader: CSVStreamReader, model: CreditModel, formatter: ScoreRowFormatter, consume: @escaping Consume, chunk: CSVChunk) {
            self.reader = reader; self.model = model; self.formatter = formatter; self.consume = consume; self.chunk = chunk
        }
        /// Scores `chunk` and, if that worked, consumes it.
        func scoreAndConsume() {
            do {
                let s = try model.score(chunk: chunk)
                let bytes = formatter.format(chunk, s)
                scored = .success(())
                consumed = Result { try consume(s, bytes, chunk.ragged) }
            } catch {
                scored = .failure(error)
            }
        }
        func read(parallel: Bool) {
            next = Result {
                parallel ? try reader.next(parts: ScoreStream.parseParts, run: ScoreStream.parallelRun) : try reader.next()
            }
        }
    }

    /// Runs parse pieces on all threads.
    static func parallelRun(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: count, execute: work)
    }

    static func run(reader: CSVStreamReader, model: CreditModel, formatter: ScoreRowFormatter,
                    consume: @escaping Consume) throws {
        let parallel = threads == 2
        guard let first = parallel ? try reader.next(parts: parseParts, run: parallelRun) : try reader.next() else { return }
        let step = Step(reader: reader, model: model, formatter: formatter, consume: consume, chunk: first)
        while true {
            if parallel {
                // Chunk k is scored (and written) on a worker thread while chunk k+1 is read here, its pieces
                // parsed on whichever threads are free; the group's wait orders this step before the next.
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) { step.scoreAndConsume() }
                step.read(parallel: true)
                group.wait()
            } else {
                step.scoreAndConsume()
                if case .success = step.scored, case .success = step.consumed { step.read(parallel: false) }
            }
            try step.scored.get()
            try step.consumed.get()
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
        let isScorecard = card != nil       // once: comparing the optional section to nil copies it
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
            NumberFormat.appendShortest(s.probabilities[row], to: &out)   // = description
            if isScorecard {
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
