import Foundation
import CreditMetrics
import CreditRegression
import CreditTabular
import TestSupport
import XCTest
@testable import CreditExperiments
/// Cross-validated comparison: statsmodels reference for plain LR, no leakage, determinism, metric and
/// Friedman wiring.
final class CrossValidatedComparisonTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let table = try! CSVReader.read(path: fixtures.appendingPathComponent("cv_data.csv").path)
    /// The first 200 rows (for the tests that refit penalised paths many times).
    static let small = table.selecting(rows: Array(0..<200))

    static func configurations(_ specs: [String]) throws -> [ModelConfiguration] {
        try specs.map { try ModelConfiguration(parsing: $0, innerFolds: 3) }
    }

    static func options(folds: Int = 5, repeats: Int = 1, seed: UInt64 = 2024) -> CrossValidationOptions {
        var o = CrossValidationOptions()
        o.folds = folds; o.repeats = repeats; o.seed = seed
        return o
    }

    /// Plain LR's out-of-fold PDs equal statsmodels fitted on the same folds (make_cv_fixture.py), to 1e-6.
    func testPlainLogisticMatchesStatsmodels() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("cv_fixture.json"))
        let fixture = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func check(_ reference: [[String: Any]], _ result: ConfigurationResult, repetition: Int) throws {
            let folds = result.predictions.filter { $0.repetition == repetition }
            XCTAssertEqual(folds.count, reference.count)
            for (fold, ref) in zip(folds, reference) {
                XCTAssertEqual(fold.rows, ref["test"] as? [Int])
                assertClose(fold.predictions, try XCTUnwrap(ref["pd"] as? [Double]), absolute: Tolerance.reference)
            }
        }
        let kfold = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                                 configurations: try Self.configurations(["lr"]), options: Self.options())
        XCTAssertEqual(kfold.rows, Array(0..<600))
        try check(try XCTUnwrap(fixture["kfold5_seed2024"] as? [[String: Any]]), kfold.configurations[0], repetition: 0)

        let nx2 = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1", configurations: try Self.configurations(["lr"]),
                                               options: Self.options(folds: 2, repeats: 3, seed: 7))
        let reps = try XCTUnwrap(fixture["twofold3_seed7"] as? [[[String: Any]]])
        for (r, ref) in reps.enumerated() { try check(ref, nx2.configurations[0], repetition: r) }
    }

    /// No leakage: changing the targets of a fold's test rows leaves that fold's model, and so its
    /// predictions, unchanged — for every configuration, including the inner λ cross-validation.
    func testTestFoldTargetsNeverInfluenceTheFoldModel() throws {
        let o = Self.options()
        var design = DesignOptions(target: "bad")
        design.badValue = "1"
        let classes: [Bool] = (0..<Self.small.rowCount).map { Self.small["bad"]!.holds("1", row: $0)! }
        let folds = o.splits(classes: classes)
        let predictors = Self.small.columnNames.filter { $0 != "bad" }
        for configuration in try Self.configurations(["lr", "firth", "ridge:0.05", "lasso", "elastic-net", "scorecard"]) {
            for (index, fold) in folds.enumerated().prefix(1) {
                // Flip every test row's target: the fold's predictions must not move.
                guard case .numeric(var y) = Self.small["bad"]! else { return XCTFail("numeric target") }
                for r in fold.test { y[r] = 1 - y[r] }
                let j = Self.small.columnIndex(named: "bad")!
                var columns = Self.small.columns
                columns[j] = .numeric(y)
                let perturbed = Table(source: "perturbed", columnNames: Self.small.columnNames, columns: columns,
                                      lineNumbers: Self.small.lineNumbers, delimiter: Self.small.delimiter)
                let a = try CrossValidatedComparison.predict(configuration, fold: fold, index: index, data: Self.small, target: "bad",
                                                             bad: "1", predictors: predictors, designOptions: design, options: o)
                let b = try CrossValidatedComparison.predict(configuration, fold: fold, index: index, data: perturbed, target: "bad",
                                                             bad: "1", predictors: predictors, designOptions: design, options: o)
                XCTAssertEqual(a.predictions, b.predictions, "\(configuration.label) fold \(index)")
                XCTAssertEqual(a.lambda, b.lambda, configuration.label)
                // And the training targets do matter (the check above is not vacuous).
                var y2 = y
                for r in fold.training.prefix(20) { y2[r] = 1 - y2[r] }
                columns[j] = .numeric(y2)
                let trainingPerturbed = Table(source: "perturbed", columnNames: Self.small.columnNames, columns: columns,
                                              lineNumbers: Self.small.lineNumbers, delimiter: Self.small.delimiter)
                let c = try CrossValidatedComparison.predict(configuration, fold: fold, index: index, data: trainingPerturbed, target: "bad",
                                                             bad: "1", predictors: predictors, designOptions: design, options: o)
                XCTAssertNotEqual(a.predictions, c.predictions, configuration.label)
            }
        }
    }

    /// Same seed → same folds and the same numbers; another seed → other folds.
    func testDeterministic() throws {
        let configs = try Self.configurations(["lr", "lasso", "scorecard"])
        func run(_ seed: UInt64) throws -> Data {
            let c = try CrossValidatedComparison(table: Self.small, target: "bad", bad: "1", configurations: configs,
                                                 options: Self.options(folds: 2, repeats: 2, seed: seed))
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try encoder.encode(c)
        }
        XCTAssertEqual(try run(11), try run(11))
        XCTAssertNotEqual(try run(11), try run(12))
    }

    /// Each fold's metrics are Metrics' single-sample functions of that fold's out-of-fold PDs; the summaries
    /// are the mean, SD and t interval of those values.
    func testFoldMetricsAreSingleSampleMetricsOfTheFold() throws {
        let c = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1",
                                             configurations: try Self.configurations(["lr", "ridge:0.1", "scorecard"]),
                                             options: Self.options(folds: 3, repeats: 2, seed: 5))
        XCTAssertEqual(c.configurations.count, 3)
        for result in c.configurations {
            XCTAssertEqual(result.folds.count, 6)
            for (m, p) in zip(result.folds, result.predictions) {
                XCTAssertEqual(m.repetition, p.repetition); XCTAssertEqual(m.fold, p.fold)
                let data = try ScoredOutcomes(scores: p.predictions, isBad: p.rows.map { Self.table["bad"]!.holds("1", row: c.rows[$0])! })
                let auc = AreaUnderCurve(data)
                XCTAssertEqual(m.auc, auc.value); XCTAssertEqual(m.gini, auc.gini)
                XCTAssertEqual(m.gini, 2 * m.auc - 1, accuracy: 1e-15)
                XCTAssertEqual(m.ks, KolmogorovSmirnov(data).statistic)
                XCTAssertEqual(m.brier, try BrierScore(data).value)
                XCTAssertEqual(m.logLoss, try logLoss(data))
                XCTAssertEqual(m.hMeasure, HMeasure(data).value)
                XCTAssertEqual(m.emp, ExpectedMaximumProfit(data).value)
                XCTAssertEqual(m.partialGini, try partialGini(data, maximumProbability: 0.4))
                XCTAssertEqual(m.rows, p.rows.count)
            }
            let values = result.folds.map(\.auc)
            let s = result.summary(.auc)
            let mean = values.reduce(0, +) / 6
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()
            XCTAssertEqual(s.mean, mean, accuracy: 1e-15)
            XCTAssertEqual(s.standardDeviation, sd, accuracy: 1e-15)
            // scipy.stats.t.ppf(0.975, 5) = 2.5705818356363146
            XCTAssertEqual(s.upper - s.mean, 2.5705818356363146 * sd / 6.0.squareRoot(), accuracy: 1e-12)
            XCTAssertEqual(s.mean - s.lower, s.upper - s.mean, accuracy: 1e-15)
        }
        // Every configuration is evaluated on the same folds.
        XCTAssertEqual(c.configurations[0].predictions.map(\.rows), c.configurations[2].predictions.map(\.rows))
        XCTAssertEqual(c.configurations[1].lambdas, [Double](repeating: 0.1, count: 6))
        XCTAssertNil(c.configurations[0].lambdas)
        XCTAssertEqual(c.configurations[2].characteristics?.count, 6)
    }

    /// Friedman over folds ranks the fold values of the chosen metric; across datasets it ranks the means.
    func testFriedmanWiring() throws {
        var o = Self.options(folds: 4, repeats: 1, seed: 3)
        o.rankMetric = .brier
        o.confidenceLevel = 0.9
        let configs = try Self.configurations(["lr", "ridge:1", "scorecard"])
        let c = try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1", configurations: configs, options: o)
        let performance = (0..<4).map { f in c.configurations.map { $0.folds[f].brier } }
        XCTAssertEqual(c.friedman, try FriedmanTest(performance: performance, higherIsBetter: false, alpha: 1 - 0.9))
        XCTAssertEqual(c.friedman?.datasets, 4)
        XCTAssertEqual(c.friedman?.methods, 3)

        // A second dataset: the last 300 rows.
        let half = Self.table.selecting(rows: Array(300..<600))
        let second = try CrossValidatedComparison(table: Table(source: "second", columnNames: half.columnNames, columns: half.columns,
                                                               lineNumbers: half.lineNumbers, delimiter: half.delimiter),
                                                  target: "bad", bad: "1", configurations: configs, options: o)
        let across = try DatasetComparison([c, second], metric: .auc, confidenceLevel: 0.95)
        XCTAssertEqual(across.means, [c, second].map { d in d.configurations.map { $0.summary(.auc).mean } })
        XCTAssertEqual(across.friedman, try FriedmanTest(performance: across.means, higherIsBetter: true, alpha: 1 - 0.95))
        XCTAssertThrowsError(try DatasetComparison([c], metric: .auc))
    }

    func testConfigurationParsingAndErrors() throws {
        XCTAssertEqual(try ModelConfiguration(parsing: "lasso:0.01").kind, .penalized(mix: 1, lambda: .fixed(0.01)))
        XCTAssertEqual(try ModelConfiguration(parsing: "elastic-net", mix: 0.3, rule: .min, innerFolds: 4).kind,
                       .penalized(mix: 0.3, lambda: .crossValidated(rule: .min, innerFolds: 4)))
        for bad in ["lr:0.1", "lasso:x", "ridge:-1", "xgboost", ""] {
            XCTAssertThrowsError(try ModelConfiguration(parsing: bad), bad)
        }
        XCTAssertThrowsError(try CrossValidatedComparison(table: Self.table, target: "nope", bad: "1",
                                                          configurations: try Self.configurations(["lr"])))
        XCTAssertThrowsError(try CrossValidatedComparison(table: Self.table, target: "bad", bad: "1", configurations: []))
    }
}
