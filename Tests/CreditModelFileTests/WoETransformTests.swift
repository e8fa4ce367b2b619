import CreditBinning
import CreditModelFile
import CreditTabular
import Foundation
import TestSupport
import XCTest

/// `WoETransform`: the rows a coding cannot place are rejected with the scorer's reasons, rows in = written +
/// rejected, and the bytes do not depend on the chunk size or the thread count.
final class WoETransformTests: XCTestCase {
    /// age: [−inf, 30), [30, inf), missing; grade: {A}, {B, C}, missing, other; unseen levels rejected.
    func coding() throws -> WoECoding {
        let age = CharacteristicBins(name: "age", cuts: [30])
        let grade = CharacteristicBins(name: "grade", groups: [["A"], ["B", "C"]], unseen: .reject)
        let options = BinningOptions()
        // Counts chosen by hand (goods, bads per bin): WoE = ln((bads/B)/(goods/G)), G = 100, B = 20 here.
        let tables = [
            BinningTable.make(spec: age, goods: [40, 50, 10], bads: [12, 4, 4], mostFrequent: 1, options: options),
            BinningTable.make(spec: grade, goods: [60, 40, 0, 0], bads: [5, 15, 0, 0], mostFrequent: 1, options: options),
        ]
        let spec = BinsSpec(target: "bad", bad: "1", options: options, characteristics: [age, grade])
        return try WoECoding(spec: spec, tables: tables)
    }

    static let csv = """
        id,age,grade
        1,25,A
        2,40,B
        3,abc,A
        4,35,Z
        5,,C
        6,50,A,x
        7,20,C

        """

    func testRejectsFollowTheScorersRulesAndRowsAddUp() throws {
        let coding = try coding()
        var bytes: [UInt8] = [], rejected: [RejectedRow] = []
        let coder = try WoETransform(coding: coding, bytes: Array(Self.csv.utf8), source: "t.csv", value: .woe, keep: ["id"])
        let summary = try coder.run(threads: 1, output: { bytes += $0 }, rejects: { rejected.append($0) })
        XCTAssertEqual(summary.rowsIn, 7)
        XCTAssertEqual(summary.rowsWritten, 4)
        XCTAssertEqual(summary.rowsRejected, 3)
        XCTAssertEqual(rejected.map(\.row), [3, 4, 6])
        XCTAssertEqual(rejected.map(\.line), [4, 5, 7])
        XCTAssertEqual(rejected.map(\.reason), ["not a number in age", "unseen level in grade", "wrong number of fields"])
        // Independent WoE: ln((bads/20)/(goods/100)) per bin (age: B = 20, G = 100; grade: the same totals).
        func woe(_ g: Double, _ b: Double) -> Double { log((b / 20) / (g / 100)) }
        let ageWoE = [woe(40, 12), woe(50, 4), woe(10, 4)], gradeWoE = [woe(60, 5), woe(40, 15)]
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(lines[0], ["id", "age", "grade"])
        let expected: [(String, Double, Double)] = [("1", ageWoE[0], gradeWoE[0]), ("2", ageWoE[1], gradeWoE[1]),
                                                     ("5", ageWoE[2], gradeWoE[1]), ("7", ageWoE[0], gradeWoE[1])]
        XCTAssertEqual(lines.count, 5)
        for (line, e) in zip(lines.dropFirst(), expected) {
            XCTAssertEqual(line[0], e.0)
            XCTAssertEqual(Double(line[1])!, e.1, accuracy: 1e-15)
            XCTAssertEqual(Double(line[2])!, e.2, accuracy: 1e-15)
        }
        // Labels: the bins' labels, CSV-quoted where they hold a comma.
        var labels: [UInt8] = []
        _ = try WoETransform(coding: coding, bytes: Array(Self.csv.utf8), source: "t.csv", value: .bin)
            .run(threads: 1, output: { labels += $0 })
        XCTAssertEqual(String(decoding: labels, as: UTF8.self),
                       "age,grade\n\"[-inf, 30)\",A\n\"[30, inf)\",\"B, C\"\nmissing,\"B, C\"\n\"[-inf, 30)\",\"B, C\"\n")
        // Points need a scorecard; a kept column named like a characteristic is refused.
        XCTAssertThrowsError(try WoETransform(coding: coding, bytes: Array(Self.csv.utf8), source: "t.csv", value: .points)) {
            XCTAssertEqual($0 as? TransformError, .pointsNeedScorecard(source: "the bins spec"))
        }
        XCTAssertThrowsError(try WoETransform(coding: coding, bytes: Array(Self.csv.utf8), source: "t.csv", value: .woe, keep: ["age"])) {
            XCTAssertEqual($0 as? TransformError, .duplicateOutputColumn("age"))
        }
    }

    func testBytesDoNotDependOnChunkSizeOrThreads() throws {
        let coding = try coding()
        // 2,000 rows of the example (rejects included), coded whole, then in chunks of 1 byte to 1 KB on one and two threads.
        let body = Self.csv.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let input = Array(("id,age,grade\n" + String(repeating: body, count: 300)).utf8)
        func run(_ chunk: Int, _ threads: Int) throws -> ([UInt8], TransformSummary) {
            var out: [UInt8] = []
            let s = try WoETransform(coding: coding, bytes: input, source: "t.csv", value: .woe, keep: ["id"], chunkBytes: chunk)
                .run(threads: threads, output: { out += $0 })
            return (out, s)
        }
        let (whole, summary) = try run(1 << 22, 1)
        XCTAssertEqual(summary.rowsIn, 2100)
        XCTAssertEqual(summary.rowsWritten + summary.rowsRejected, summary.rowsIn)
        XCTAssertEqual(summary.rowsRejected, 900)
        for (chunk, threads) in [(1, 1), (7, 2), (64, 2), (1000, 1), (1000, 2)] {
            let (bytes, s) = try run(chunk, threads)
            XCTAssertEqual(bytes, whole, "chunk \(chunk), threads \(threads)")
            XCTAssertEqual(s, summary)
        }
    }
}
