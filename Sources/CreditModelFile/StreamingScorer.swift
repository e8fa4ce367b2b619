import Foundation
import CreditRegression
import CreditScorecard
import CreditSupport
import CreditTabular
import Dispatch

/// What a scores file holds for each scored row, besides the PD.
///
/// Columns, in order: the key (`idColumn`, or `row`, the 1-based data row number), the `keepColumns` as read,
/// `pd`; scorecard models add `score`, with `points` one `points_<characteristic>` column per characteristic,
/// and `reason_1`… (one per reason the model gives).
public struct ScoreLayout: Sendable, Equatable {
    /// Column copied into the output as the row key (nil: `row`, the 1-based data row number).
    public var idColumn: String?
    /// Columns copied after the key, as read (text, never parsed as numbers).
    public var keepColumns: [String]
    /// Scorecard models: also write each characteristic's points.
    public var points: Bool
    /// Whether copied text cells (and header names) that a spreadsheet would run as formulas are neutralised
    /// (`CSVWriter.isFormulaLike(_:)`: `'` put in front, the field quoted). Numbers are never altered: the PDs,
    /// scores and points are written as numbers, and a copied cell that is a number (an id `-12`) stays as read.
    public var csvSafe: Bool
    /// Scorecard models: write each reason's text next to its code (`reason_1_text` after `reason_1`, …).
    public var reasonTexts: Bool

    public init(idColumn: String? = nil, keepColumns: [String] = [], points: Bool = false, csvSafe: Bool = true,
                reasonTexts: Bool = false) {
        self.idColumn = idColumn; self.keepColumns = keepColumns; self.points = points; self.csvSafe = csvSafe
        self.reasonTexts = reasonTexts
    }

    /// The columns copied from the input: the key (when named), then the kept columns.
    public var passThroughColumns: [String] { (idColumn.map { [$0] } ?? []) + keepColumns }
}

/// A row the scorer set aside, as a rejects file lists it.
public struct RejectedRow: Sendable, Equatable {
    /// 1-based data row (the header is not a row).
    public var row: Int
    /// 1-based physical line where the row starts.
    public var line: Int
    /// The first model column that stopped the row (model column order); empty for a record with the wrong
    /// number of fields.
    public var column: String
    /// The short reason the summary counts rows by ("missing value in age", "wrong number of fields").
    public var reason: String
    /// One line saying what is wrong with the row.
    package var detail: String
    /// The row's value in the layout's id column (`ScoreLayout.idColumn`), as read; empty when the cell is
    /// missing or the record has the wrong number of fields; nil when the layout has no id column.
    public var id: String?

    public init(row: Int, line: Int, column: String, reason: String, detail: String, id: String? = nil) {
        self.row = row; self.line = line; self.column = column; self.reason = reason; self.detail = detail
        self.id = id
    }

    /// Field names of a rejects file: `row,line,column,reason` (the reason column holds `detail`), after the id
    /// column's name when there is one, so that a declined applicant can be found by id.
    public static func fieldNames(idColumn: String?) -> [String] {
        (idColumn.map { [$0] } ?? []) + ["row", "line", "column", "reason"]
    }
    /// The row's fields under `fieldNames(idColumn:)`.
    public var fields: [String] { (id.map { [$0] } ?? []) + [String(row), String(line), column, detail] }
}

/// Why rows could not be scored at all (as opposed to single rows, which are rejected and counted).
public enum ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Points per characteristic were asked of a model that is not a scorecard (`model`: its kind).
    case pointsNeedScorecard(model: String)
    /// The input lacks columns: `modelInputs` the model reads, `layoutColumns` the output copies (key, kept
    /// columns). Found from the header, before any row is scored.
    case missingColumns(source: String, header: [String], modelInputs: [String], layoutColumns: [String])
    /// An applicant (`CreditModel.score(applicant:options:)`) has no entry for these columns the model reads.
    case missingFields([String])
    /// The layout would write two output columns named `column` (a column copied twice, or a copied column named
    /// like an output column: `row`, `pd`, `score`, `points_…`, `reason_…`).
    case duplicateOutputColumn(String)

    public var description: String {
        switch self {
        case .pointsNeedScorecard(let model):
            return "points per characteristic need a scorecard model (this is a \(model) model)"
        case .missingColumns(let source, let header, let inputs, let layout):
            if !inputs.isEmpty {
                return "\(source): the model needs column\(inputs.count == 1 ? "" : "s") " + Self.quoted(inputs)
                    + ", not in this file; no rows were scored"
            }
            let list = header.prefix(30).joined(separator: ", ")
            return "\(source): output column\(layout.count == 1 ? "" : "s") " + Self.quoted(layout)
                + " (key or kept) not in this file; columns are: \(list)\(header.count > 30 ? ", …" : "")"
        case .missingFields(let names):
            return "the applicant has no value for " + Self.quoted(names) + " (give an empty string for a missing value)"
        case .duplicateOutputColumn(let name):
            return "the scores file would have two columns named '\(name)'; copy each column once, and none named like an output column"
        }
    }

    /// `'a', 'b'`.
    package static func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }
}

/// Scores a CSV of any length in chunks with flat memory: one PD per row, rows that cannot be scored set aside
/// with their line and reason, and rows in = rows scored + rows rejected, always.
///
/// The input is read in chunks of `chunkBytes` (whole records). With two threads, chunk k is scored, formatted
/// and handed to `output` on one thread while chunk k+1 is read and parsed in pieces on both (the thread that
/// finishes scoring helps parse). Chunks are handed over in input order, one at a time; the bytes do not depend
/// on the chunk size or the thread count. Each model column is read with the type it had in training (so codes
/// like "01" stay categories); the key and kept columns are read as text.
///
/// A row is rejected, not scored, when a column the model reads is missing (plain logistic regression; a
/// scorecard scores it by its missing bin), holds a category not seen in training (per the scorecard's policy),
/// or holds text where the model reads a number; so is a record with more or fewer fields than the header
/// ("wrong number of fields"). A quote never closed or text that is not UTF-8 stops the run (`CSVError`).
///
/// The output bytes are the scores file (`ScoreLayout`): PDs as Swift's shortest round-trip `description`
/// writes them, scores and points as integers, reason codes as the model names them, CSV-escaped.
///
/// ```swift
/// let model = try CreditModel.load(path: "card.json")
/// let scorer = try StreamingScorer(model: model, path: "applicants.csv", layout: ScoreLayout(idColumn: "id"))
/// var bytes: [UInt8] = []
/// let summary = try scorer.run(output: { bytes += $0 }, rejects: { print($0.fields) })
/// print(summary.rowsIn, summary.rowsScored, summary.rowsRejected)
/// ```
///
/// Every scored row equals what `CreditModel.score(_:)` gives for it (same PD bits, points, score and reasons).
public final class StreamingScorer {
    /// Bytes of input per chunk, unless given: 4 MiB.
    public static let defaultChunkBytes = 4 << 20
    /// Pieces a chunk is parsed in with two threads: small enough that the scoring task and the pieces share
    /// the two threads evenly (with 4, by the profile's shares of a chunk's work, one thread could wait up to
    /// about a sixth of the chunk's time for the other's last piece; each piece costs a parser set-up and its
    /// levels coded once).
    static let parseParts = 8

    public let model: CreditModel
    public let layout: ScoreLayout
    let reader: CSVStreamReader
    let formatter: ScoreRowFormatter

    /// The input's name in messages and `RejectedRow`s ("<stdin>" for standard input).
    public var source: String { reader.source }
    /// The input's header, in file order.
    public var header: [String] { reader.header }

    /// Opens `path` ("-" reads standard input) and reads its header.
    ///
    /// UTF-8 input is streamed; input in another encoding (`options.encoding`) is read whole and converted
    /// (iconv) first, then streamed from memory.
    /// - Parameters:
    ///   - options: how to read the CSV (delimiter, missing tokens, encoding, types). A type given here wins
    ///     over the model's (see `CreditModel.readingOptions(_:)`).
    /// - Throws: `ScoringError.pointsNeedScorecard` (before the input is opened), `CSVError` (file and header
    ///   problems), `ScoringError.missingColumns` when the header lacks a column the model or the layout needs.
    public convenience init(model: CreditModel, path: String, options: CSVOptions = CSVOptions(),
                            layout: ScoreLayout = ScoreLayout(), chunkBytes: Int = StreamingScorer.defaultChunkBytes) throws {
        try Self.check(layout, model)
        let reading = Self.readingOptions(model, layout, options)
        let columns = Self.columns(model, layout)
        let reader = try CSVStreamReader.recordingProblems(path: path, options: reading, columns: columns,
                                                           chunkBytes: chunkBytes)
        try self.init(model: model, layout: layout, reader: reader)
    }

    /// Streams CSV held in memory (UTF-8, or converted from `options.encoding`); `source` names it in messages.
    /// - Throws: as `init(model:path:options:layout:chunkBytes:)`.
    public convenience init(model: CreditModel, bytes: [UInt8], source: String, options: CSVOptions = CSVOptions(),
                            layout: ScoreLayout = ScoreLayout(), chunkBytes: Int = StreamingScorer.defaultChunkBytes) throws {
        try Self.check(layout, model)
        let reader = try CSVStreamReader(bytes: bytes, source: source, options: Self.readingOptions(model, layout, options),
                                         columns: Self.columns(model, layout), textInNumericColumns: .record,
                                         raggedRows: .record, chunkBytes: chunkBytes)
        try self.init(model: model, layout: layout, reader: reader)
    }

    private init(model: CreditModel, layout: ScoreLayout, reader: CSVStreamReader) throws {
        // Schema check from the header alone: nothing is scored when a needed column is absent.
        let inputs = model.missingInputs(header: reader.header)
        let have = Set(reader.header)
        let copied = layout.passThroughColumns.filter { !have.contains($0) }
        if !inputs.isEmpty || !copied.isEmpty {
            throw ScoringError.missingColumns(source: reader.source, header: reader.header, modelInputs: inputs, layoutColumns: copied)
        }
        self.model = model
        self.layout = layout
        self.reader = reader
        self.formatter = ScoreRowFormatter(card: model.scorecard, policy: model.policy, layout: layout)
    }

    private static func check(_ layout: ScoreLayout, _ model: CreditModel) throws {
        if layout.points && model.scorecard == nil { throw ScoringError.pointsNeedScorecard(model: model.model) }
        var seen = Set<String>()
        for name in ScoreRowFormatter(card: model.scorecard, policy: model.policy, layout: layout).columnNames where !seen.insert(name).inserted {
            throw ScoringError.duplicateOutputColumn(name)
        }
    }

    /// The model's reading types, and text for the copied columns (unless `options` types them).
    private static func readingOptions(_ model: CreditModel, _ layout: ScoreLayout, _ options: CSVOptions) -> CSVOptions {
        var reading = model.readingOptions(options)
        for name in layout.passThroughColumns + (model.policy?.ruleColumns ?? []) where reading.columnTypes[name] == nil {
            reading.columnTypes[name] = .categorical
        }
        return reading
    }

    private static func columns(_ model: CreditModel, _ layout: ScoreLayout) -> Set<String> {
        Set(model.inputs.map(\.name) + layout.passThroughColumns + (model.policy?.ruleColumns ?? []))
    }


    /// The output's header line (`ScoreLayout`'s columns), CSV-escaped, ending in LF.
    package var outputHeader: [UInt8] { formatter.header() }

    /// Scores every row: hands the header line and then each chunk's output bytes to `output`, and each rejected
    /// row to `rejects` (in row order), and returns the counts.
    ///
    /// `output` and `rejects` are called one at a time, in input order, but not necessarily on the calling
    /// thread; `run` returns when the last call has returned. An error thrown by either, by reading or by
    /// scoring stops the run and is rethrown (what was handed over before stays handed over: write to an
    /// atomic output that is committed only after `run` returns).
    /// - Parameters:
    ///   - threads: 2 (read the next chunk while scoring this one) or 1 (everything on the calling thread);
    ///     default: the process setting (`CREDIT_THREADS`).
    ///   - rejects: nil when the rejected rows are only counted (their detail text is then never built).
    /// - Note: Raises the allocator's trim and mmap thresholds for the process (glibc, best effort): every chunk
    ///   allocates a few MB afresh, and giving them back to the kernel each time cost 60,000 page faults per
    ///   million rows.
    public func run(threads: Int? = nil, output: @escaping ([UInt8]) throws -> Void,
                    rejects: ((RejectedRow) throws -> Void)? = nil) throws -> ScoringSummary {
        MemoryReuse.keepFreedMemory()
        try output(formatter.header())
        let pass = Pass(reader: reader, model: model, formatter: formatter, idColumn: layout.idColumn, output: output,
                        rejects: rejects)
        let parallel = (threads ?? Concurrency.threads) == 2
        guard let first = try pass.read(parallel: parallel) else { return pass.summary }
        pass.chunk = first
        while true {
            if parallel {
                // Chunk k is scored (and handed over) on a worker thread while chunk k+1 is read here, its pieces
                // parsed on whichever threads are free; the group's wait orders this step before the next.
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) { pass.scoreAndConsume() }
                pass.next = Result { try pass.read(parallel: true) }
                group.wait()
            } else {
                pass.scoreAndConsume()
                if case .success = pass.scored, case .success = pass.consumed { pass.next = Result { try pass.read(parallel: false) } }
            }
            try pass.scored.get()
            try pass.consumed.get()
            guard let next = try pass.next.get() else { return pass.summary }
            pass.chunk = next
        }
    }

    /// One run's state. Touched by one thread at a time: the worker between `async` and the group's wait, the
    /// caller otherwise.
    private final class Pass: @unchecked Sendable {
        let reader: CSVStreamReader
        let model: CreditModel
        let formatter: ScoreRowFormatter
        let idColumn: String?
        let output: ([UInt8]) throws -> Void
        let rejects: ((RejectedRow) throws -> Void)?
        var summary = ScoringSummary(rowsIn: 0, rowsScored: 0, rowsRejected: 0, rejectedByReason: [:])
        var chunk: CSVChunk? = nil
        var next: Result<CSVChunk?, any Error> = .success(nil)
        var scored: Result<Void, any Error> = .success(())
        var consumed: Result<Void, any Error> = .success(())

        init(reader: CSVStreamReader, model: CreditModel, formatter: ScoreRowFormatter, idColumn: String?,
             output: @escaping ([UInt8]) throws -> Void, rejects: ((RejectedRow) throws -> Void)?) {
            self.reader = reader; self.model = model; self.formatter = formatter; self.idColumn = idColumn
            self.output = output; self.rejects = rejects
            if model.policy != nil { summary.decisions = [:]; summary.decidedByRule = [:] }
        }

        func read(parallel: Bool) throws -> CSVChunk? {
            parallel ? try reader.next(parts: StreamingScorer.parseParts, run: Self.parallelRun) : try reader.next()
        }

        /// Runs parse pieces on all threads.
        static func parallelRun(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
            DispatchQueue.concurrentPerform(iterations: count, execute: work)
        }

        /// Scores `chunk` and, if that worked, hands it over.
        func scoreAndConsume() {
            let chunk = self.chunk!
            do {
                let s = try model.score(chunk: chunk)
                let bytes = formatter.format(chunk, s)
                scored = .success(())
                consumed = Result { try consume(s, bytes, chunk) }
            } catch {
                scored = .failure(error)
            }
        }

        /// Writes a chunk's bytes, counts its rows and hands over its rejects; the chunk's ragged record, if any,
        /// follows its rows (so rejects stay in row order).
        func consume(_ scores: ChunkScores, _ bytes: [UInt8], _ chunk: CSVChunk) throws {
            try output(bytes)
            let ids = idColumn.flatMap { chunk.table[$0] }
            func id(_ row: Int) -> String? {
                guard idColumn != nil else { return nil }
                switch ids {
                case .categorical(let c): return c[row - chunk.firstRow] ?? ""
                case .numeric(let x): let v = x[row - chunk.firstRow]; return v.isNaN ? "" : "\(v)"
                case nil: return ""
                }
            }
            summary.rowsIn += scores.rowCount
            summary.rowsRejected += scores.rejects.count
            summary.rowsScored += scores.rowCount - scores.rejects.count
            if let policy = model.policy { summary.count(outcomes: scores.outcomeCounts, policy: policy) }
            for (j, count) in scores.scoredWithFallback.enumerated() where count > 0 {
                summary.scoredWithFallback[model.scorecard!.characteristics[j].name, default: 0] += count
            }
            for r in scores.rejects {
                summary.rejectedByReason[r.reasonText, default: 0] += 1
                try rejects?(RejectedRow(row: r.row + 1, line: r.line, column: r.column, reason: r.reasonText, detail: r.detail,
                                         id: id(r.row)))
            }
            if let ragged = chunk.ragged {
                summary.rowsIn += 1
                summary.rowsRejected += 1
                summary.rejectedByReason[RaggedRecord.reasonText, default: 0] += 1
                try rejects?(RejectedRow(row: ragged.row + 1, line: ragged.line, column: "", reason: RaggedRecord.reasonText,
                                         detail: ragged.detail, id: idColumn == nil ? nil : ""))
            }
        }
    }
}

extension RaggedRecord {
    /// A record with the wrong number of fields, as a rejected row's reason.
    package static let reasonText = "wrong number of fields"

    /// The one-line explanation of a rejected row.
    package var detail: String {
        "line \(line): \(fields) field\(fields == 1 ? "" : "s"), expected \(expected) (as in the header)"
            + " — check for an unquoted delimiter or a missing field"
    }
}

extension CreditModel {
    /// `options` with every model column read as the model saw it in training (`inputs`), so codes like "01"
    /// stay categories and a numeric column is never read as text; a type `options` already gives wins. Typed
    /// columns need not exist (a missing model column is reported by the scorer, naming every one).
    public func readingOptions(_ options: CSVOptions) -> CSVOptions {
        var reading = options
        for input in inputs where reading.columnTypes[input.name] == nil { reading.columnTypes[input.name] = input.type }
        reading.typedColumnsMustExist = false
        return reading
    }
}
