import Foundation
import CreditMetrics
import CreditRegression
import CreditTabular
import TestSupport
import XCTest
@testable import CreditExperiments

/// Failed fold fits in a cross-validated comparison: counted from the fits themselves (`FitStatus`), the same
/// status as fitting the fold's training rows directly; left out of the summaries and the Friedman test with
/// `.exclude`; the end of the comparison with `.error`.
final class FitFailureTests: XCTestCase {
    /// 300 rows; `x` predicts `bad` with noise; level `A` of `g` has one row, a bad one, so a fold whose
    /// training rows hold it has no finite ML estimate for `g=A` (quasi-separation), and the one fold per
    /// repetition that tests it does not.
    static let table: Table = {
        var text = "x,g,bad\n"
        for i in 0..<300 {
            let x = sin(Double(i) * 0.37) * 1.5
            let noise = cos(Double(i) * 1.7 + 0.3)
            let g = i == 7 ? "A" : (i % 2 == 0 ? "B" : "C")
            let bad = i == 7 || x + noise > 0.6 ? 1 : 0
            text += "\(x),\(g),\(bad)\n"
        }
        return try! CSVReader.read(bytes: Array(text.utf8), source: "one_level.csv")
    }()

    static func options(_ policy: FitFailurePolicy) -> CrossValidationOptions {
        var o = CrossValidationOptions()
        o.folds = 5; o.repeats = 2; o.seed = 11; o.onFitFailure = policy
        return o
    }

    static func run(_ policy: FitFailurePolicy, _ specs: [String] = ["lr", "firth"]) throws -> CrossValidatedComparison {
        try CrossValidatedComparison(table: table, target: "bad", bad: "1", configurations: specs.map { try ModelConfiguration(parsing: $0) },
                                     options: options(policy))
    }

    /// The failed folds are exactly the folds whose training rows, fitted directly, give an unsound fit.
    func testFailedFitsAreTheFoldsWhoseDirectFitFails() throws {
        let cv = try Self.run(.warn)
        let lr = cv.configurations[0], firth = cv.configurations[1]
        guard case .numeric(let bad)? = Self.table["bad"] else { return XCTFail("bad is not numeric") }
        let folds = Self.options(.warn).splits(classes: cv.rows.map { bad[$0] == 1 })
        var expected: [FailedFit] = []
        for fold in folds {
            let training = Self.table.selecting(rows: fold.training.map { cv.rows[$0] })
            let status = try LogisticRegression().fit(try Design.build(from: training, options: DesignOptions(target: "bad"))).status
            if !status.isSound { expected.append(FailedFit(repetition: fold.repetition, fold: fold.fold, status: status, excluded: false)) }
        }
        XCTAssertEqual(expected.count, 8, "one level-A row: 4 of 5 training parts per repetition hold it")
        XCTAssertEqual(lr.failedFits, expected)
        XCTAssertEqual(lr.failureCounts, [.notConverged: 8, .quasiSeparated: 8])
        XCTAssertTrue(firth.failedFits.isEmpty, "Firth's estimates are finite under separation")
        XCTAssertNil(firth.failureSummary)
        let summary = try XCTUnwrap(lr.failureSummary)
        XCTAssertTrue(summary.hasPrefix("fit failed in 8 of 10 folds (not converged 8, quasi-separated 8; repetition 1 fold"), summary)
        XCTAssertTrue(summary.hasSuffix("their metrics are included, from estimates that are not a maximum"), summary)
        // warn keeps every fold in the summaries.
        XCTAssertEqual(lr.summary(.auc).folds, 10)
        XCTAssertEqual(cv.friedman?.datasets, 10)
    }

    /// exclude: the same fold metrics, but the summaries and the Friedman test use only the sound folds.
    func testExcludeLeavesFailedFoldsOutOfSummariesAndFriedman() throws {
        let warn = try Self.run(.warn), cv = try Self.run(.exclude)
        let lr = cv.configurations[0]
        XCTAssertEqual(lr.folds, warn.configurations[0].folds, "the per-fold metrics are the same")
        XCTAssertTrue(lr.failedFits.allSatisfy(\.excluded))
        let sound = lr.folds.filter { f in !lr.failedFits.contains { $0.repetition == f.repetition && $0.fold == f.fold } }
        XCTAssertEqual(sound.count, 2)
        let expected = MetricSummary(metric: .auc, values: sound.map(\.auc), confidenceLevel: 0.95)
        XCTAssertEqual(lr.summary(.auc), expected)
        // Firth's own summaries keep all 10 folds; the Friedman test has only the 2 folds where both fits are sound.
        XCTAssertEqual(cv.configurations[1].summary(.auc).folds, 10)
        let friedman = try XCTUnwrap(cv.friedman)
        XCTAssertEqual(friedman.datasets, 2)
        let indices = warn.configurations[0].folds.indices.filter { i in sound.contains { $0.repetition == lr.folds[i].repetition && $0.fold == lr.folds[i].fold } }
        let direct = try FriedmanTest(performance: indices.map { i in cv.configurations.map { $0.folds[i].auc } }, higherIsBetter: true, alpha: 0.05)
        XCTAssertEqual(friedman.averageRanks, direct.averageRanks)
        XCTAssertTrue(cv.notes.contains("Friedman test over 2 of 10 folds: 8 folds with a failed fit left out"), "\(cv.notes)")
        XCTAssertTrue(try XCTUnwrap(lr.failureSummary).hasSuffix("those folds are left out of its summaries and of the Friedman test"))
    }

    /// error: the first failed fold ends the comparison, naming configuration, fold and failure.
    func testErrorStopsAtTheFirstFailedFit() throws {
        XCTAssertThrowsError(try Self.run(.error)) { error in
            guard case ExperimentError.fold(let c, let r, _, .fitFailed(let status))? = error as? ExperimentError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(c, "lr"); XCTAssertEqual(r, 0)
            XCTAssertEqual(status.failures, [.notConverged, .quasiSeparated])
            XCTAssertTrue("\(error)".contains("the fit did not converge: quasi-separation"), "\(error)")
        }
        // A configuration whose fits are all sound runs under error as under warn.
        XCTAssertEqual(try Self.run(.error, ["firth"]).configurations[0].folds, try Self.run(.warn, ["firth"]).configurations[0].folds)
    }
}
