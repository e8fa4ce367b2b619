import Foundation
import CreditMetrics
import CreditRegression
import CreditTabular
import TestSupport
import XCTest
@testable import CreditExperiments

/// The paired tests, calibration per fold, out-of-fold predictions, the Friedman minimum and time-ordered folds of
/// a cross-validated comparison. The test formulas themselves are checked against mlxtend/scipy in
/// CreditMetricsTests.ResampledTestsTests; here: that the comparison feeds them the right fold metrics.
final class CrossValidationTestsAndTimeOrderTests: XCTestCase {
    static let table = CrossValidatedComparisonTests.table

    func testNx2RunsTheFiveByTwoTestsOnTheFoldDifferencesWithHolm() throws {
        let c = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                             configurations: try CrossValidatedComparisonTests.configurations(["lr", "ridge:0.5", "scorecard"]),
                                             options: CrossValidatedComparisonTests.options(folds: 2, repeats: 5, seed: 3))
        let tests = try XCTUnwrap(c.pairedTests)
        XCTAssertEqual(tests.scheme, .fiveByTwo)
        XCTAssertEqual(tests.pairs.map { "\($0.first)-\($0.second)" }, ["0-1", "0-2", "1-2"])
        for pair in tests.pairs {
            let a = c.configurations[pair.first].folds.map(\.auc), b = c.configurations[pair.second].folds.map(\.auc)
            var d: [[Double]] = []
            for r in 0..<5 {
                let first: Double = a[2 * r] - b[2 * r], second: Double = a[2 * r + 1] - b[2 * r + 1]
                d.append([first, second])
            }
            let t = try XCTUnwrap(pair.fiveByTwoT), f = try XCTUnwrap(pair.fiveByTwoF)
            XCTAssertEqual(t, try FiveByTwoPairedTTest(differences: d))
            XCTAssertEqual(f, try FiveByTwoCombinedFTest(differences: d))
            XCTAssertNil(pair.correctedT)
            assertClose(pair.meanDifference, zip(a, b).map(-).reduce(0, +) / 10, absolute: 1e-15)
        }
        XCTAssertEqual(tests.pairs.map { $0.fiveByTwoTHolm! }, holmAdjusted(tests.pairs.map { $0.fiveByTwoT!.pValue }))
        XCTAssertEqual(tests.pairs.map { $0.fiveByTwoFHolm! }, holmAdjusted(tests.pairs.map { $0.fiveByTwoF!.pValue }))
    }

    func testRepeatedKFoldRunsTheCorrectedResampledTWithTheFoldRatio() throws {
        var o = CrossValidatedComparisonTests.options(folds: 4, repeats: 2, seed: 5)
        o.rankMetric = .brier
        let c = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                             configurations: try CrossValidatedComparisonTests.configurations(["lr", "scorecard"]), options: o)
        let pair = try XCTUnwrap(c.pairedTests?.pairs.first)
        XCTAssertEqual(c.pairedTests?.scheme, .repeatedKFold)
        XCTAssertEqual(c.pairedTests?.metric, .brier)
        let d = zip(c.configurations[0].folds, c.configurations[1].folds).map { $0.brier - $1.brier }
        // 600 rows in 4 folds: 150 test and 450 training rows each, n_test/n_train = 1/3 exactly.
        XCTAssertEqual(try XCTUnwrap(pair.correctedT), try CorrectedResampledTTest(differences: d, testToTrainingRatio: 1.0 / 3.0))
        XCTAssertEqual(pair.correctedTHolm, pair.correctedT?.pValue)
        XCTAssertNil(pair.fiveByTwoT)
    }

    func testCalibrationPerFoldIsTheMetricsOfThatFold() throws {
        let c = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                             configurations: try CrossValidatedComparisonTests.configurations(["lr"]),
                                             options: CrossValidatedComparisonTests.options(folds: 3))
        let r = c.configurations[0]
        for (fold, p) in zip(r.folds, r.predictions) {
            let data = try ScoredOutcomes(scores: p.predictions, isBad: p.rows.map { c.outcomes[$0] })
            let cal = try CalibrationRegression(data)
            XCTAssertEqual(fold.calibrationIntercept, cal.intercept)
            XCTAssertEqual(fold.calibrationSlope, cal.slope)
            XCTAssertEqual(fold.ece, try expectedCalibrationError(data, bins: 10))
            XCTAssertEqual(fold[.ece], fold.ece)
        }
        XCTAssertEqual(r.summary(.calibrationSlope).folds, 3)
        // JSON round trip keeps them; JSON without them (older files) decodes them as NaN.
        let data = try JSONEncoder().encode(r.folds[0])
        XCTAssertEqual(try JSONDecoder().decode(FoldMetrics.self, from: data), r.folds[0])
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["ece"] = nil
        let old = try JSONDecoder().decode(FoldMetrics.self, from: try JSONSerialization.data(withJSONObject: object))
        XCTAssertTrue(old.ece.isNaN)
        // The calibration intercept and slope cannot rank.
        var o = CrossValidatedComparisonTests.options(folds: 3)
        o.rankMetric = .calibrationSlope
        XCTAssertThrowsError(try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                                          configurations: try CrossValidatedComparisonTests.configurations(["lr"]), options: o))
    }

    func testOutOfFoldLinesCoverEveryRowOncePerRepetition() throws {
        let c = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                             configurations: try CrossValidatedComparisonTests.configurations(["lr", "scorecard"]),
                                             options: CrossValidatedComparisonTests.options(folds: 2, repeats: 2))
        let lines = c.outOfFoldPredictionsCSVLines { $0 }.split(separator: "\n")
        XCTAssertEqual(lines.count, 2 * 2 * 600)
        let first = lines[0].split(separator: ",").map(String.init)
        let fold = c.configurations[0].predictions[0]
        XCTAssertEqual(first, [Self.table.source, "lr", "\(fold.rows[0] + 1)", "\(Self.table.lineNumbers[fold.rows[0]])", "1", "1",
                               c.outcomes[fold.rows[0]] ? "1" : "0", "\(fold.predictions[0])"])
        for config in ["lr", "scorecard"] {
            for rep in ["1", "2"] {
                let rows = lines.map { $0.split(separator: ",") }.filter { $0[1] == config && $0[4] == rep }.map { Int($0[2])! }
                XCTAssertEqual(rows.sorted(), Array(1...600))
            }
        }
    }

    func testFriedmanAcrossFewDatasetsWarns() throws {
        let configurations = try CrossValidatedComparisonTests.configurations(["lr", "ridge:0.5"])
        let parts = (0..<3).map { k in Self.table.selecting(rows: Array((k * 200)..<(k * 200 + 200))) }
        let results = try parts.map {
            try CrossValidatedComparison(table: $0, target: "bad", bad: "1", configurations: configurations,
                                         options: CrossValidatedComparisonTests.options(folds: 2))
        }
        let across = try DatasetComparison(results, metric: .auc)
        XCTAssertEqual(DatasetComparison.minimumDatasets, 11)
        XCTAssertTrue(try XCTUnwrap(across.warning).contains("3 datasets are fewer than the 11"))
        // 12 datasets (50 rows each): no warning.
        let many = try (0..<12).map { k in
            try CrossValidatedComparison(table: Self.table.selecting(rows: Array((k * 50)..<(k * 50 + 50))), target: "bad", bad: "1",
                                         configurations: try CrossValidatedComparisonTests.configurations(["ridge:0.5", "ridge:5"]),
                                         options: CrossValidatedComparisonTests.options(folds: 2))
        }
        XCTAssertNil(try DatasetComparison(many, metric: .brier).warning)
    }

    // MARK: time-ordered folds

    func testRollingOriginCutsEqualBlocksAndNeverSplitsADate() throws {
        // 12 rows, dates given out of order; 3 folds → 4 blocks of 3.
        let keys: [Double] = [5, 1, 9, 3, 12, 7, 2, 11, 4, 8, 10, 6]
        let folds = try TimeOrderedFolds.rollingOrigin(keys: keys, folds: 3)
        XCTAssertEqual(folds.count, 3)
        func dates(_ rows: [Int]) -> [Double] { rows.map { keys[$0] }.sorted() }
        XCTAssertEqual(dates(folds[0].training), [1, 2, 3]); XCTAssertEqual(dates(folds[0].test), [4, 5, 6])
        XCTAssertEqual(dates(folds[1].training), [1, 2, 3, 4, 5, 6]); XCTAssertEqual(dates(folds[1].test), [7, 8, 9])
        XCTAssertEqual(dates(folds[2].training), Array(1...9).map(Double.init)); XCTAssertEqual(dates(folds[2].test), [10, 11, 12])
        for f in folds { XCTAssertEqual(f.training, f.training.sorted()); XCTAssertEqual(f.test, f.test.sorted()) }
        // Ties: the cut moves later past every row of the same date.
        let tied: [Double] = [1, 1, 2, 2, 2, 2, 3, 3]
        let t = try TimeOrderedFolds.rollingOrigin(keys: tied, folds: 1)
        XCTAssertEqual(t[0].training, [0, 1, 2, 3, 4, 5]); XCTAssertEqual(t[0].test, [6, 7])
        XCTAssertThrowsError(try TimeOrderedFolds.rollingOrigin(keys: [1, 1, 1, 2], folds: 2))
    }

    func testDateKeysAndTheirErrors() throws {
        // Day numbers since 1970-01-01 (CivilDate).
        XCTAssertEqual(TimeOrderedFolds.isoDateKey("1970-01-02"), 1)
        XCTAssertEqual(TimeOrderedFolds.isoDateKey("2024-02-29"), 19782)
        XCTAssertEqual(TimeOrderedFolds.isoDateKey("2024-03"), 19783)
        XCTAssertEqual(TimeOrderedFolds.isoDateKey("2024-03-01T10:00:00"), 19783)
        XCTAssertEqual(TimeOrderedFolds.isoDateKey("2024-03-01 10:00"), 19783)
        XCTAssertNil(TimeOrderedFolds.isoDateKey("2023-02-29"))
        XCTAssertNil(TimeOrderedFolds.isoDateKey("2024-13-01"))
        XCTAssertNil(TimeOrderedFolds.isoDateKey("01/02/2024"))
        XCTAssertNil(TimeOrderedFolds.isoDateKey("2024-03-01x"))
        let table = try CSVReader.read(bytes: Array("d,x,bad\n2024-01-02,1,0\n,2,1\n2024-01-01,3,0\n".utf8), source: "t.csv")
        XCTAssertThrowsError(try TimeOrderedFolds.keys(table: table, column: "d", rows: [0, 1, 2])) { e in
            XCTAssertEqual("\(e)", "line 3, column 'd': no date; time-ordered folds need one on every row used (fill it, or leave the row out)")
        }
        XCTAssertEqual(try TimeOrderedFolds.keys(table: table, column: "d", rows: [0, 2]), [19724, 19723])
        let bad = try CSVReader.read(bytes: Array("d,bad\n2024-01-02,0\n02.01.2024,1\n".utf8), source: "t.csv")
        XCTAssertThrowsError(try TimeOrderedFolds.keys(table: bad, column: "d", rows: [0, 1])) { e in
            XCTAssertTrue("\(e)".hasPrefix("line 3, column 'd': '02.01.2024' is not a date"), "\(e)")
        }
    }

    func testTimeOrderedComparisonTestsOnlyLaterRows() throws {
        // cv_data with a date column: row i gets day i (so the time order is the row order).
        let base = Self.table
        let dates = (0..<base.rowCount).map { i -> String? in
            let day = i % 28 + 1, month = i / 28 % 12 + 1, year = 2020 + i / 336
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        let levels = dates.map { $0! }
        let dated = Table(source: "dated.csv", columnNames: base.columnNames + ["date"],
                          columns: base.columns + [.categorical(CategoricalColumn(levels: levels, codes: levels.indices.map { Int32($0) }))],
                          lineNumbers: base.lineNumbers, delimiter: base.delimiter)
        var o = CrossValidatedComparisonTests.options(folds: 3)
        o.timeOrder = "date"
        let c = try CrossValidatedComparison(table: dated, target: "bad", bad: "1",
                                             configurations: try CrossValidatedComparisonTests.configurations(["lr", "scorecard"]), options: o)
        let p = c.configurations[0].predictions
        XCTAssertEqual(p.map(\.rows.count), [150, 150, 150])
        XCTAssertEqual(p.map { $0.rows.first! }, [150, 300, 450])
        XCTAssertEqual(c.pairedTests?.scheme, .timeOrdered)
        XCTAssertNil(c.pairedTests?.pairs.first?.correctedT)
        XCTAssertTrue(c.notes.contains { $0.hasPrefix("time-ordered folds by date (rolling origin)") })
        // The date column is not a predictor: the same fit as without it on the same folds.
        o.repeats = 2
        XCTAssertThrowsError(try CrossValidatedComparison(table: dated, target: "bad", bad: "1",
                                                          configurations: try CrossValidatedComparisonTests.configurations(["lr"]), options: o))
    }
}
