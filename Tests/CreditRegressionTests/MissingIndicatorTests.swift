import XCTest
import Foundation
import CreditTabular
@testable import CreditRegression
import TestSupport

/// The missing-indicator coding (`MissingValueCoding.indicator`, issue 21 item 1) against a design built
/// independently in pandas and fitted by statsmodels `Logit` (maximum likelihood), firthmodels (Firth) and
/// scikit-learn (ridge at a fixed λ, glmnet's objective): Fixtures/make_missing_fixtures.py,
/// missing_indicator_fixtures.json.
final class MissingIndicatorTests: XCTestCase {
    struct Fixtures: Decodable {
        struct Fit: Decodable {
            struct ML: Decodable { let coefficients: [Double]; let standardErrors: [Double]; let logLikelihood: Double }
            struct Coefficients: Decodable { let coefficients: [Double] }
            struct Ridge: Decodable { let lambda: Double; let coefficients: [Double] }
            let rows: Int
            let terms: [String]
            let fills: [String: Double]
            let sharedWith: [String: String]
            let ml: ML
            let firth: Coefficients
            let ridge: Ridge
        }
        let tools: [String: String]
        let small_borrowers: Fit
        let missing_categorical: Fit
        static let shared: Fixtures = {
            let data = try! Data(contentsOf: URL(fileURLWithPath: StatsmodelsFixtures.fixture("missing_indicator_fixtures.json")))
            return try! JSONDecoder().decode(Fixtures.self, from: data)
        }()
    }

    /// datasets/small_borrowers.csv as the toolkit reads it.
    static let borrowers: Table = try! TestTables.readCSV(PackagePaths.path("datasets/small_borrowers.csv"))

    /// The same table with employment_type blanked on data rows 10, 20, 30, … (as the fixture script does).
    static let blanked: Table = {
        let t = borrowers
        let j = t.columnIndex(named: "employment_type")!
        guard case .categorical(let c) = t.columns[j] else { fatalError("employment_type is not text") }
        let codes = c.codes.enumerated().map { (i, code) in (i + 1) % 10 == 0 ? Int32(-1) : code }
        var columns = t.columns
        columns[j] = .categorical(CategoricalColumn(levels: c.levels, codes: codes))
        return Table(source: t.source, columnNames: t.columnNames, columns: columns, lineNumbers: t.lineNumbers, delimiter: t.delimiter)
    }()

    func request(_ configure: (inout LogisticRegressionRequest) -> Void = { _ in }) -> LogisticRegressionRequest {
        var r = LogisticRegressionRequest(target: "default")
        r.design.exclude = ["loan_id", "application_date", "true_pd"]
        r.design.missing = .indicator
        configure(&r)
        return r
    }

    func assertClose(_ a: [Double], _ b: [Double], relative: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        for (k, (x, y)) in zip(a, b).enumerated() {
            XCTAssertEqual(x, y, accuracy: relative * max(abs(y), 1e-3), "\(what)[\(k)]", file: file, line: line)
        }
    }

    func checkFit(_ table: Table, _ expected: Fixtures.Fit, file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try request().run(on: table)
        let design = outcome.design
        XCTAssertEqual(design.rows.count, expected.rows, "every row is kept", file: file, line: line)
        XCTAssertTrue(design.dropped.isEmpty, file: file, line: line)
        XCTAssertEqual(design.terms.map(\.name), expected.terms, file: file, line: line)
        var fills: [String: Double] = [:], shared: [String: String] = [:]
        for p in design.coding.predictors {
            if let f = p.missing?.fill { fills[p.name] = f }
            if let s = p.missing?.sharedWith { shared[p.name] = s }
        }
        XCTAssertEqual(Set(fills.keys), Set(expected.fills.keys), file: file, line: line)
        for (name, fill) in expected.fills { XCTAssertEqual(fills[name]!, fill, accuracy: 1e-13 * abs(fill), name, file: file, line: line) }
        XCTAssertEqual(shared, expected.sharedWith, file: file, line: line)
        assertClose(outcome.result.coefficients, expected.ml.coefficients, relative: 1e-8, "coefficients", file: file, line: line)
        assertClose(outcome.result.standardErrors, expected.ml.standardErrors, relative: 1e-8, "standard errors", file: file, line: line)
        XCTAssertEqual(outcome.result.logLikelihood, expected.ml.logLikelihood, accuracy: 1e-8 * abs(expected.ml.logLikelihood), file: file, line: line)
    }

    /// Numeric columns with missing values: mean fill and one indicator per missingness pattern (the three
    /// thin-file columns share lenders_count=missing); statsmodels Logit on the same design to 1e-8.
    func testNumericIndicatorsEqualStatsmodels() throws {
        try checkFit(Self.borrowers, Fixtures.shared.small_borrowers)
    }

    /// A categorical column with missing values gets the level `missing` (after the others; the reference stays
    /// the first real level).
    func testCategoricalMissingLevelEqualsStatsmodels() throws {
        try checkFit(Self.blanked, Fixtures.shared.missing_categorical)
    }

    /// Firth's penalised likelihood on the coded design: firthmodels 0.8.2 (stopped at gradient 1e-8).
    func testFirthWithIndicatorsEqualsFirthmodels() throws {
        for (table, expected) in [(Self.borrowers, Fixtures.shared.small_borrowers), (Self.blanked, Fixtures.shared.missing_categorical)] {
            let outcome = try request { $0.fit.firth = true; $0.fit.profileLikelihood = false }.run(on: table)
            XCTAssertEqual(outcome.design.terms.map(\.name), expected.terms)
            assertClose(outcome.result.coefficients, expected.firth.coefficients, relative: 1e-6, "Firth")
        }
    }

    /// Ridge at λ = 0.01 on the coded design: scikit-learn on the standardised columns (glmnet's objective).
    func testRidgeWithIndicatorsEqualsScikitLearn() throws {
        for (table, expected) in [(Self.borrowers, Fixtures.shared.small_borrowers), (Self.blanked, Fixtures.shared.missing_categorical)] {
            let outcome = try request {
                var o = PenalizedOptions(); o.mix = 0; o.lambdas = [expected.ridge.lambda]
                $0.penalty = o
            }.run(on: table)
            XCTAssertEqual(outcome.design.terms.map(\.name), expected.terms)
            assertClose(outcome.result.coefficients, expected.ridge.coefficients, relative: 1e-7, "ridge")
        }
    }

    /// The default drops the 1,204 thin-file rows, as before, and codes nothing.
    func testDropIsTheDefaultAndUnchanged() throws {
        var r = request(); r.design.missing = .drop
        let design = try Design.build(from: Self.borrowers, options: r.design)
        XCTAssertEqual(design.rows.count, 5000 - 1204)
        XCTAssertEqual(design.dropped.count, 1204)
        XCTAssertTrue(design.coding.predictors.allSatisfy { $0.missing == nil })
        XCTAssertFalse(design.terms.contains { $0.name.hasSuffix("=missing") })
    }

    /// Encoding a row: a missing numeric value takes the fill and its own indicator (or, for a column sharing
    /// an earlier one's term, the fill alone); a missing categorical value sets only its missing term; a
    /// column without missing values in training still rejects a missing value.
    func testEncodingOfMissingValues() throws {
        let train = TestTables.make([
            ("y", [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]),
            ("a", [1.0, nil, 3.0, 4.0, nil, 6.0, 7.0, 2.0]),
            ("b", [5.0, nil, 1.0, 2.0, nil, 3.0, 4.0, 4.0]),
            ("c", ["u", "v", nil, "u", "v", "u", nil, "v"]),
            ("d", [1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 5.0, 4.0]),
        ])
        var options = DesignOptions(target: "y")
        options.missing = .indicator
        let design = try Design.build(from: train, options: options)
        XCTAssertEqual(design.terms.map(\.name), ["const", "a", "a=missing", "b", "c=v", "c=missing", "d"])
        XCTAssertEqual(design.coding.predictors[0].missing, MissingCoding(fill: (1 + 3 + 4 + 6 + 7 + 2) / 6.0))
        XCTAssertEqual(design.coding.predictors[1].missing, MissingCoding(fill: (5 + 1 + 2 + 3 + 4 + 4) / 6.0, sharedWith: "a"))
        XCTAssertEqual(design.coding.predictors[2].missing, MissingCoding(fill: nil))
        XCTAssertNil(design.coding.predictors[3].missing)
        let score = TestTables.make([
            ("a", [nil, 2.0, 2.0]), ("b", [nil, nil, 1.0]), ("c", ["v", nil, "u"]), ("d", [1.0, 1.0, nil]),
        ])
        let bound = try BoundDesign(coding: design.coding, table: score)
        var values: [Double] = []
        XCTAssertNil(bound.encode(row: 0, into: &values))
        XCTAssertEqual(values, [1, 23 / 6.0, 1, 19 / 6.0, 1, 0, 1])
        XCTAssertNil(bound.encode(row: 1, into: &values))
        XCTAssertEqual(values, [1, 2, 0, 19 / 6.0, 0, 1, 1])
        XCTAssertEqual(bound.encode(row: 2, into: &values)?.reason, .missingValue)
        XCTAssertEqual(bound.encode(row: 2, into: &values)?.column, "d")
        // The design columns equal the encoded rows.
        let x = design.x
        for (i, row) in design.rows.enumerated() {
            let b = try BoundDesign(coding: design.coding, table: train)
            XCTAssertNil(b.encode(row: row, into: &values))
            for j in 0..<x.columns { XCTAssertEqual(x[i, j], values[j], "row \(row) term \(j)") }
        }
    }

    /// Cross-validation refills each numeric column's missing values from the fold's training rows: every
    /// out-of-fold PD (maximum likelihood, and ridge at a fixed λ) equals that of a model whose design was built
    /// on the fold's training rows alone (its own fill means) and that scores the test rows through its coding.
    func testCrossValidationFillsFromTheTrainingRows() throws {
        let table = Self.borrowers
        let design = try Design.build(from: table, options: request().design)
        XCTAssertEqual(design.rows, Array(0..<table.rowCount), "the indicator coding keeps every row")
        let folds = Splits.stratifiedKFold(classes: design.y.map { $0 == 1 }, folds: 4, seed: 11)
        let ml = try CrossValidation.logistic(design: design, options: LogisticRegressionOptions(), folds: folds)
        var differentFill = 0
        for (fold, predicted) in zip(folds, ml) {
            let own = try Design.build(from: table.selecting(rows: fold.training), options: request().design)
            XCTAssertEqual(own.terms.map(\.name), design.terms.map(\.name))
            for (p, q) in zip(own.coding.predictors, design.coding.predictors) where p.missing?.fill != q.missing?.fill { differentFill += 1 }
            let fit = try LogisticRegression().fit(own)
            let bound = try BoundDesign(coding: own.coding, table: table)
            var values: [Double] = []
            for (row, pd) in zip(fold.test, predicted.predictions) {
                XCTAssertNil(bound.encode(row: row, into: &values))
                let eta = zip(values, fit.coefficients).reduce(0) { $0 + $1.0 * $1.1 }
                XCTAssertEqual(pd, 1 / (1 + exp(-eta)), accuracy: 1e-10, "fold \(fold.fold) row \(row)")
            }
        }
        XCTAssertGreaterThan(differentFill, 0, "the folds' fills differ from the full data's")
    }

    /// A categorical column with missing values and a real level named "missing" is refused; a numeric column
    /// missing on every row is constant; the out-of-core design refuses the coding.
    func testRefusals() throws {
        let clash = TestTables.make([("y", [1.0, 0.0, 1.0, 0.0]), ("c", ["missing", "u", nil, "u"])])
        var options = DesignOptions(target: "y")
        options.missing = .indicator
        XCTAssertThrowsError(try Design.build(from: clash, options: options)) {
            XCTAssertEqual($0 as? RegressionError, .missingLevelClash(column: "c"))
        }
        let empty = TestTables.make([("y", [1.0, 0.0, 1.0, 0.0]), ("x", [nil, nil, nil, nil] as [Double?]), ("z", [1.0, 2.0, 2.0, 3.0])])
        let design = try Design.build(from: empty, options: options)
        XCTAssertEqual(design.constantColumns, ["x"])
        XCTAssertEqual(design.terms.map(\.name), ["const", "z"])
    }
}
