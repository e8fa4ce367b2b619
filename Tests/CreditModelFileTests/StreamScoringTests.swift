import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// `CreditModel.score(chunk:)` gives what the in-memory scorer gives, bit for bit, for any chunking.
final class StreamScoringTests: XCTestCase {
    static let path = PackagePaths.path("datasets/german_credit.csv")

    static func scorecardModel(unseen: UnseenLevelPolicy = .other) throws -> CreditModel {
        let table = try CSVReader.read(path: path)
        var options = BinningOptions(); options.unseenLevels = unseen
        let r = try ScorecardSection.train(table: table, target: "default", bad: "1",
                                           process: BinningProcess(options: options, selection: SelectionCriteria(minIV: 0.02)),
                                           scaling: ScorecardScaling())
        let record = TrainingRecord(inputFile: "g", inputSHA256: "", rows: 1000, rowsUsed: 1000, bads: 300, toolVersion: ToolVersion.current,
                                    commandLine: [], seed: nil, date: "2026-01-01T00:00:00Z")
        return CreditModel(target: TargetSpec(column: "default", bad: "1"), scorecard: r.section, fit: r.fit, training: record)
    }

    /// Streams `bytes` with the model's types and scores each chunk.
    static func streamScores(_ model: CreditModel, bytes: [UInt8], chunkBytes: Int) throws -> [ChunkScores] {
        var options = CSVOptions()
        for input in model.inputs { options.columnTypes[input.name] = input.type }
        let reader = try CSVStreamReader(bytes: bytes, source: "s", options: options, columns: Set(model.inputs.map(\.name)),
                                         textInNumericColumns: .record, chunkBytes: chunkBytes)
        var out: [ChunkScores] = []
        while let chunk = try reader.next() { out.append(try model.score(chunk: chunk)) }
        return out
    }

    func testScorecardChunksEqualTheInMemoryScorer() throws {
        let model = try Self.scorecardModel()
        let card = model.scorecard!
        let table = try CSVReader.read(path: Self.path)
        let whole = try model.score(table)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path)))
        for chunkBytes in [300, 7_000, 1 << 22] {
            let chunks = try Self.streamScores(model, bytes: bytes, chunkBytes: chunkBytes)
            var row = 0
            for c in chunks {
                XCTAssertEqual(c.firstRow, row)
                for r in 0..<c.rowCount {
                    let expected = whole.scorecardRows![row]!
                    XCTAssertEqual(c.probabilities[r].bitPattern, expected.probability.bitPattern, "row \(row)")
                    XCTAssertEqual(c.scores[r], expected.score)
                    let k = card.characteristics.count
                    XCTAssertEqual(c.points[(r * k)..<((r + 1) * k)].map(Int.init), expected.points)
                    let reasons = c.reasons[(r * c.reasonsPerRow)..<((r + 1) * c.reasonsPerRow)].filter { $0 >= 0 }.map(Int.init)
                    XCTAssertEqual(reasons, expected.reasons, "row \(row)")
                    row += 1
                }
            }
            XCTAssertEqual(row, 1000)
        }
    }

    func testLogisticRegressionChunksEqualTheInMemoryScorer() throws {
        let (model, _, table) = try CreditModelFileTests.germanModel()
        let whole = try model.score(table)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path)))
        let chunks = try Self.streamScores(model, bytes: bytes, chunkBytes: 5_000)
        XCTAssertGreaterThan(chunks.count, 10)
        XCTAssertEqual(chunks.flatMap(\.probabilities).map(\.bitPattern), whole.probabilities.map(\.bitPattern))
    }

    /// Bad rows: text in a numeric column, an unseen level (reject policy), a missing value (its own bin in a
    /// scorecard). Each reject names the row, the physical line and the first bad column in model order;
    /// rows in = scored + rejected.
    func testBadRowsAreCountedRejects() throws {
        let model = try Self.scorecardModel(unseen: .reject)
        let card = model.scorecard!
        let numeric = card.characteristics.first { $0.bins.type == .numeric }!.name
        let categorical = card.characteristics.first { $0.bins.type == .categorical }!.name
        var lines = try String(contentsOfFile: Self.path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        func edit(_ line: Int, _ column: String, _ value: String) {
            var fields = lines[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[header.firstIndex(of: column)!] = value
            lines[line] = fields.joined(separator: ",")
        }
        edit(3, numeric, "abc")          // data row 3, physical line 4
        edit(5, categorical, "brand new")
        edit(7, numeric, "")             // missing: scored by the missing bin
        edit(9, numeric, "1e999")        // beyond ±1.8e308: not a number
        edit(9, categorical, "brand new")
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let chunks = try Self.streamScores(model, bytes: bytes, chunkBytes: 2_000)
        let rejects = chunks.flatMap(\.rejects)
        XCTAssertEqual(chunks.reduce(0) { $0 + $1.rowCount }, 1000)
        XCTAssertEqual(chunks.reduce(0) { $0 + $1.probabilities.filter { !$0.isNaN }.count } + rejects.count, 1000)
        XCTAssertEqual(rejects.map(\.row), [2, 4, 8])
        XCTAssertEqual(rejects.map(\.line), [4, 6, 10])
        XCTAssertEqual(rejects[0].reason, .notANumber("abc"))
        XCTAssertEqual(rejects[0].column, numeric)
        XCTAssertEqual(rejects[1].reason, .unseenLevel("brand new"))
        // Row 9 has two problems: the first in scorecard order is reported.
        let first = card.characteristics.firstIndex { $0.name == numeric }! < card.characteristics.firstIndex { $0.name == categorical }!
        XCTAssertEqual(rejects[2].column, first ? numeric : categorical)
    }
}
