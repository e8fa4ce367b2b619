import XCTest
import CreditTabular
import CreditLinearAlgebra
import CreditRegression
import TestSupport

final class DesignTests: XCTestCase {
    private func sample() -> Table {
        TestTables.make([
            ("age", [30.0, 40.0, nil, 50.0, 20.0, 35.0, 45.0, 25.0]),
            ("purpose", ["car", "tv", "car", nil, "biz", "tv", "biz", "car"]),
            ("y", [1.0, 0.0, 1.0, 0.0, 1.0, nil, 0.0, 0.0]),
        ])
    }

    func testListwiseDeletionRecordsLinesAndColumns() throws {
        let design = try Design.build(from: sample(), options: DesignOptions(target: "y"))
        XCTAssertEqual(design.dropped, [
            RowProblem(row: 2, line: 4, column: "age", reason: .missingValue),
            RowProblem(row: 3, line: 5, column: "purpose", reason: .missingValue),
            RowProblem(row: 5, line: 7, column: "y", reason: .missingValue),
        ])
        XCTAssertEqual(design.rows, [0, 1, 4, 6, 7])
        XCTAssertEqual(design.y, [1, 0, 1, 0, 0])
        XCTAssertEqual(design.terms.map(\.name), ["const", "age", "purpose=car", "purpose=tv"])
        XCTAssertEqual(design.x.rowMajor, [[1, 30, 1, 0], [1, 40, 0, 1], [1, 20, 0, 0], [1, 45, 0, 0], [1, 25, 1, 0]])
    }

    func testReferenceLevelOverrideAndUnknownLevel() throws {
        var options = DesignOptions(target: "y")
        options.referenceLevels = ["purpose": "tv"]
        let design = try Design.build(from: sample(), options: options)
        XCTAssertEqual(design.terms.map(\.name), ["const", "age", "purpose=biz", "purpose=car"])
        options.referenceLevels = ["purpose": "boat"]
        XCTAssertThrowsError(try Design.build(from: sample(), options: options)) { error in
            XCTAssertEqual(error as? RegressionError, .unknownLevel(column: "purpose", level: "boat", levels: ["biz", "car", "tv"]))
        }
    }

    func testTargetValidation() {
        let base: [(String, [Any?])] = [("x", [1.0, 2.0, 3.0, 4.0])]
        func build(_ y: [Any?], bad: String = "1") throws -> Design {
            var options = DesignOptions(target: "y"); options.badValue = bad
            return try Design.build(from: TestTables.make(base + [("y", y)]), options: options)
        }
        XCTAssertEqual(try build([1.0, 0.0, 1.0, 0.0]).y, [1, 0, 1, 0], "numeric target: \"1\" matches 1.0")
        XCTAssertEqual(try build(["bad", "good", "good", "bad"], bad: "bad").y, [1, 0, 0, 1])
        XCTAssertThrowsError(try build([1.0, 0.0, 2.0, 0.0])) { error in
            XCTAssertEqual(error as? RegressionError, .targetNotBinary(column: "y", values: ["0", "1", "2"]))
        }
        XCTAssertThrowsError(try build(["bad", "good", "good", "bad"])) { error in
            XCTAssertEqual(error as? RegressionError, .targetNotBinary(column: "y", values: ["bad", "good"]))
        }
        XCTAssertThrowsError(try build([1.0, 1.0, nil, 1.0])) { error in
            XCTAssertEqual(error as? RegressionError, .singleClass(column: "y", value: "1"))
        }
        XCTAssertThrowsError(try Design.build(from: TestTables.make(base), options: DesignOptions(target: "y"))) { error in
            XCTAssertEqual(error as? RegressionError, .missingColumn("y"))
        }
        XCTAssertThrowsError(try build([nil, nil, nil, nil])) { error in
            XCTAssertEqual(error as? RegressionError, .noUsableRows)
        }
    }

    func testConstantColumnsAreLeftOutAndReported() throws {
        let table = TestTables.make([
            ("x", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            ("k", [7.0, 7.0, 7.0, 7.0, 7.0, 7.0]),
            ("c", ["a", "a", "a", "a", "a", "a"]),
            ("y", [0.0, 1.0, 0.0, 1.0, 1.0, 0.0]),
        ])
        let design = try Design.build(from: table, options: DesignOptions(target: "y"))
        XCTAssertEqual(design.terms.map(\.name), ["const", "x"])
        XCTAssertEqual(design.constantColumns, ["k", "c"])
        let result = try LogisticRegression().fit(design)
        XCTAssertEqual(result.diagnostics.first, .constantColumns(["k", "c"]))
    }

    func testRankDeficientDesignNamesTheAliasedColumns() {
        var rng = SeededGenerator(seed: 11)
        let n = 40
        let x1 = (0..<n).map { _ in rng.normal() }, x2 = (0..<n).map { _ in rng.normal() }
        let y = (0..<n).map { Double($0 % 2) }
        let table = TestTables.make([("x1", x1), ("x2", x2), ("x3", zip(x1, x2).map { $0 + $1 }), ("y", y)])
        XCTAssertThrowsError(try Design.build(from: table, options: DesignOptions(target: "y"))) { error in
            XCTAssertEqual(error as? RegressionError, .rankDeficient(aliases: ["x3 = 1·x1 + 1·x2"]))
            XCTAssertTrue("\(error)".contains("leave one of each out of the model"), "\(error)")
        }
        // Two columns, one a multiple of the other: both named.
        let twin = TestTables.make([("a", x1), ("b", x1.map { -3 * $0 }), ("y", y)])
        XCTAssertThrowsError(try Design.build(from: twin, options: DesignOptions(target: "y"))) { error in
            XCTAssertEqual(error as? RegressionError, .rankDeficient(aliases: ["b = −3·a"]))
        }
    }

    func testExcludeUnknownColumnIsAnError() {
        var options = DesignOptions(target: "y")
        options.exclude = ["nope"]
        XCTAssertThrowsError(try Design.build(from: sample(), options: options)) { error in
            XCTAssertEqual(error as? RegressionError, .missingColumn("nope"))
        }
        options.exclude = ["purpose"]
        XCTAssertEqual(try Design.build(from: sample(), options: options).terms.map(\.name), ["const", "age"])
    }
}

final class BoundDesignTests: XCTestCase {
    private let training = TestTables.make([
        ("age", [30.0, 40.0, 50.0, 20.0, 35.0, 45.0]),
        ("purpose", ["car", "tv", "car", "biz", "tv", "biz"]),
        ("y", [1.0, 0.0, 1.0, 0.0, 1.0, 0.0]),
    ])

    func testReorderedTableWithExtraColumnsEncodesIdentically() throws {
        let design = try Design.build(from: training, options: DesignOptions(target: "y"))
        // Same rows, columns reversed, an extra column, and levels in a different first-appearance order.
        let reordered = TestTables.make([
            ("extra", ["q", "q", "q", "q", "q", "q"]),
            ("purpose", ["car", "tv", "car", "biz", "tv", "biz"].reversed().map { $0 }),
            ("age", [30.0, 40.0, 50.0, 20.0, 35.0, 45.0].reversed().map { $0 }),
        ])
        let bound = try BoundDesign(coding: design.coding, table: reordered)
        var values = [Double](repeating: 0, count: bound.terms.count)
        for row in 0..<6 {
            XCTAssertNil(bound.encode(row: row, into: &values))
            XCTAssertEqual(values, design.x.row(5 - row), "row \(row)")
        }
    }

    func testRowProblems() throws {
        let design = try Design.build(from: training, options: DesignOptions(target: "y"))
        let scoring = TestTables.make([("age", [30.0, nil, 41.0]), ("purpose", ["boat", "car", nil])])
        let bound = try BoundDesign(coding: design.coding, table: scoring)
        var values: [Double] = []
        XCTAssertEqual(bound.encode(row: 0, into: &values),
                       RowProblem(row: 0, line: 2, column: "purpose", reason: .unseenLevel("boat")))
        XCTAssertEqual(bound.encode(row: 1, into: &values),
                       RowProblem(row: 1, line: 3, column: "age", reason: .missingValue))
        XCTAssertEqual(bound.encode(row: 2, into: &values),
                       RowProblem(row: 2, line: 4, column: "purpose", reason: .missingValue))
    }

    func testMissingOrMistypedColumn() throws {
        let coding = try Design.build(from: training, options: DesignOptions(target: "y")).coding
        XCTAssertThrowsError(try BoundDesign(coding: coding, table: TestTables.make([("age", [1.0])]))) { error in
            XCTAssertEqual(error as? RegressionError, .missingColumn("purpose"))
        }
        let wrong = TestTables.make([("age", ["old"]), ("purpose", ["car"])])
        XCTAssertThrowsError(try BoundDesign(coding: coding, table: wrong)) { error in
            XCTAssertEqual(error as? RegressionError, .columnTypeMismatch(column: "age", expected: "numeric"))
        }
    }

    func testCodingRoundTripsThroughJSON() throws {
        let coding = try Design.build(from: training, options: DesignOptions(target: "y")).coding
        let data = try JSONEncoder().encode(coding)
        XCTAssertEqual(try JSONDecoder().decode(DesignCoding.self, from: data), coding)
    }
}

final class MessageTests: XCTestCase {
    func testMessagesAreSingleActionableLines() {
        let errors: [RegressionError] = [
            .missingColumn("a"), .columnTypeMismatch(column: "a", expected: "numeric"),
            .targetNotBinary(column: "y", values: ["0", "1", "2"]), .singleClass(column: "y", value: "1"),
            .noUsableRows, .rankDeficient(aliases: ["x3 = 1·x1 + 1·x2"]), .perfectSeparation(terms: ["x"]),
            .unknownLevel(column: "c", level: "z", levels: ["a", "b"]),
        ]
        for e in errors {
            XCTAssertFalse(e.description.contains("\n"), "\(e)")
            XCTAssertFalse(e.description.isEmpty)
        }
        XCTAssertTrue(RegressionError.perfectSeparation(terms: ["x"]).description.contains("Firth's penalised likelihood"))
        let diagnostics: [FitDiagnostic] = [.quasiSeparation(rows: 3), .perfectSeparation, .didNotConverge(iterations: 100),
                                            .constantColumns(["k"])]
        for d in diagnostics { XCTAssertFalse(d.message.contains("\n")) }
        XCTAssertTrue(FitDiagnostic.quasiSeparation(rows: 3).message.contains("leave out the predictor that isolates them"))
        // The library speaks in its own terms; naming a flag is the command line's business (FlagHints.swift).
        let more: [RegressionError] = [.extremeMagnitude(column: "x", largest: 1e300), .tooManyLevels(column: "c", levels: 5000, limit: 1000),
                                       .invalidPopulationBadRate(2), .selectionStartNotFittable]
        for e in errors + more { XCTAssertFalse(e.description.contains("--"), "\(e)") }
        for d in diagnostics { XCTAssertFalse(d.message.contains("--"), "\(d)") }
    }
}
