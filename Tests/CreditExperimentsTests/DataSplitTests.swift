import Foundation
import CreditExperiments
import CreditModelFile
import CreditRegression
import CreditTabular
import XCTest

/// `DataSplit`: exact partitions, stratification within half a row per class, determinism by seed, the
/// out-of-time boundary.
final class DataSplitTests: XCTestCase {
    /// n rows: id, y (bad every third row, missing every 17th), date from 2024-12-20 one day per row.
    func table(_ n: Int) throws -> CSVRecords {
        var text = "id,y,date,month\n"
        for i in 0..<n {
            let y = i % 17 == 16 ? "" : i % 3 == 0 ? "1" : "0"
            let day = 20 + i
            let date = day <= 31 ? String(format: "2024-12-%02d", day) : String(format: "2025-01-%02d", (day - 32) % 31 + 1)
            text += "\(i),\(y),\(i == 5 ? date + "T09:30:00" : date),\(day <= 31 ? 202412 : 202501)\n"
        }
        return try CSVRecords.read(bytes: Array(text.utf8), source: "t.csv")
    }
    let target = TargetSpec(column: "y", bad: "1")

    func testRandomSplitIsAnExactStratifiedPartition() throws {
        let records = try table(40)
        let y = BinaryTarget(bad: "1", column: records.table["y"]!).outcomes(records.table["y"]!)
        for share in [0.3, 0.5, 0.7, 0.85] {
            for seed: UInt64 in [1, 2, 99] {
                let split = try DataSplit(records.table, rule: .random(share: share, seed: seed), target: target)
                XCTAssertEqual(split.assignment.count, 40)
                XCTAssertTrue(split.assignment.allSatisfy { $0 == 0 || $0 == 1 })
                XCTAssertEqual(split.parts.map(\.rows).reduce(0, +), 40)
                for stratum: Bool? in [false, true, nil] {
                    let members = y.indices.filter { y[$0] == stratum }
                    let dev = members.filter { split.assignment[$0] == 0 }.count
                    XCTAssertLessThanOrEqual(abs(Double(dev) - share * Double(members.count)), 0.5, "share \(share) seed \(seed) \(String(describing: stratum))")
                }
                let dev = split.parts[0]
                XCTAssertEqual(dev.bads! + dev.goods! + dev.unknown!, dev.rows)
            }
        }
    }

    func testTheSameSeedGivesTheSameSplitAndAnotherSeedAnother() throws {
        let records = try table(60)
        let a = try DataSplit(records.table, rule: .random(share: 0.7, seed: 7), target: target)
        let b = try DataSplit(records.table, rule: .random(share: 0.7, seed: 7), target: target)
        let c = try DataSplit(records.table, rule: .random(share: 0.7, seed: 8), target: target)
        XCTAssertEqual(a.assignment, b.assignment)
        XCTAssertNotEqual(a.assignment, c.assignment)
    }

    func testFoldsAreBalancedAndEqualTheCrossValidationFoldsWithoutMissingOutcomes() throws {
        let records = try table(50)
        let split = try DataSplit(records.table, rule: .folds(5, seed: 3), target: target)
        let sizes = (0..<5).map { f in split.assignment.filter { $0 == f }.count }
        XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1)
        XCTAssertEqual(split.parts.map(\.name), ["fold 1", "fold 2", "fold 3", "fold 4", "fold 5"])
        let bads = split.parts.map { $0.bads! }
        XCTAssertLessThanOrEqual(bads.max()! - bads.min()!, 1)
        // Without missing outcomes the folds are compare --cv's.
        let complete = try CSVRecords.read(bytes: Array(("y\n" + (0..<30).map { $0 % 4 == 0 ? "1" : "0" }.joined(separator: "\n") + "\n").utf8), source: "c.csv")
        let folds = try DataSplit(complete.table, rule: .folds(3, seed: 11), target: target)
        let cv = Splits.stratifiedKFold(classes: (0..<30).map { $0 % 4 == 0 }, folds: 3, seed: 11)
        for f in cv { XCTAssertEqual(f.test, folds.assignment.indices.filter { folds.assignment[$0] == f.fold }) }
    }

    func testOutOfTimeBoundaryIsExact() throws {
        let records = try table(30)
        let split = try DataSplit(records.table, rule: .outOfTime(column: "date", before: "2025-01-01"), target: target)
        // Rows 0…11 are 2024-12-20 … 2024-12-31; row 12 is 2025-01-01.
        XCTAssertEqual(split.assignment, Array(repeating: 0, count: 12) + Array(repeating: 1, count: 18))
        XCTAssertEqual(split.parts[0].first, "2024-12-20")
        XCTAssertEqual(split.parts[0].last, "2024-12-31")
        XCTAssertEqual(split.parts[1].first, "2025-01-01")
        // A numeric column compares as numbers.
        let months = try DataSplit(records.table, rule: .outOfTime(column: "month", before: "202501"))
        XCTAssertEqual(months.assignment, split.assignment)
        XCTAssertNil(months.parts[0].bads)
        // A time after the date is ignored: row 5 (2024-12-25T09:30:00) is on the boundary day, so in the holdout.
        let b = try DataSplit(records.table, rule: .outOfTime(column: "date", before: "2024-12-25"))
        XCTAssertEqual(b.assignment[4], 0)
        XCTAssertEqual(b.assignment[5], 1)
    }

    func testOutOfTimeErrorsNameTheLine() throws {
        let records = try CSVRecords.read(bytes: Array("id,date\n1,2025-01-02\n2,\n3,soon\n".utf8), source: "d.csv")
        XCTAssertThrowsError(try DataSplit(records.table, rule: .outOfTime(column: "date", before: "2025-01-01"))) {
            XCTAssertEqual($0 as? SplitError, .undated(source: "d.csv", line: 3, column: "date"))
        }
        let words = try CSVRecords.read(bytes: Array("id,date\n1,2025-01-02\n3,soon\n".utf8), source: "d.csv")
        XCTAssertThrowsError(try DataSplit(words.table, rule: .outOfTime(column: "date", before: "2025-01-01"))) {
            XCTAssertEqual($0 as? SplitError, .notComparable(source: "d.csv", line: 3, column: "date", value: "soon", expected: "a date"))
        }
        XCTAssertThrowsError(try DataSplit(words.table, rule: .outOfTime(column: "date", before: "next year"))) {
            XCTAssertEqual($0 as? SplitError, .boundary("next year"))
        }
    }

    func testWrittenPartsAreTheInputRowsInOrder() throws {
        let records = try table(25)
        let split = try DataSplit(records.table, rule: .random(share: 0.6, seed: 5), target: target)
        var dev: [UInt8] = [], hold: [UInt8] = []
        split.write(part: 0, of: records) { dev += $0 }
        split.write(part: 1, of: records) { hold += $0 }
        let lines = String(decoding: records.text, as: UTF8.self).split(separator: "\n").map(String.init)
        let devLines = String(decoding: dev, as: UTF8.self).split(separator: "\n").map(String.init)
        let holdLines = String(decoding: hold, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(devLines.first, lines.first)
        XCTAssertEqual(holdLines.first, lines.first)
        XCTAssertEqual(devLines.dropFirst().map { $0 }, (0..<25).filter { split.assignment[$0] == 0 }.map { lines[$0 + 1] })
        XCTAssertEqual(holdLines.dropFirst().map { $0 }, (0..<25).filter { split.assignment[$0] == 1 }.map { lines[$0 + 1] })
        var folded: [UInt8] = []
        let folds = try DataSplit(records.table, rule: .folds(3, seed: 5), target: target)
        try folds.writeWithFolds(column: "fold", of: records) { folded += $0 }
        let foldedLines = String(decoding: folded, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(foldedLines[0], "id,y,date,month,fold")
        XCTAssertEqual(foldedLines[3], lines[3] + ",\(folds.assignment[2] + 1)")
        XCTAssertThrowsError(try folds.writeWithFolds(column: "y", of: records) { _ in }) {
            XCTAssertEqual($0 as? SplitError, .foldColumnExists("y"))
        }
    }
}
