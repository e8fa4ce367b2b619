import CreditTabular
import XCTest

/// `BinaryTarget`, the one reading of a binary target: which rows are bad, good or unknown, the same from a
/// `Column`, a cached cell (number or level code) and `Column.holds`.
final class BinaryTargetTests: XCTestCase {
    let numbers = Column.numeric([1, 0, .nan, 1, 2, -0.0, 1e300])
    let levels = Column.categorical(CategoricalColumn(levels: ["no", "Yes", "yes", " Yes"], codes: [1, 0, -1, 2, 3, 1]))

    func testNumericTargetsCompareNumerically() {
        for bad in ["1", " 1 ", "1.0", "1e0", "+1"] {
            XCTAssertEqual(BinaryTarget(bad: bad, column: numbers).flags(numbers), [1, 0, -1, 1, 0, 0, 0], bad)
        }
        XCTAssertEqual(BinaryTarget(bad: "0", column: numbers).flags(numbers), [0, 1, -1, 0, 0, 1, 0], "−0 is 0")
        for bad in ["yes", "", "1,0", "0x"] {
            XCTAssertEqual(BinaryTarget(bad: bad, column: numbers).flags(numbers), [0, 0, -1, 0, 0, 0, 0], "'\(bad)' is no number: no row is bad")
        }
    }

    func testCategoricalTargetsCompareTheExactText() {
        XCTAssertEqual(BinaryTarget(bad: "Yes", column: levels).flags(levels), [1, 0, -1, 0, 0, 1])
        XCTAssertEqual(BinaryTarget(bad: " Yes", column: levels).flags(levels), [0, 0, -1, 0, 1, 0], "spaces are part of a level")
        XCTAssertEqual(BinaryTarget(bad: "maybe", column: levels).flags(levels), [0, 0, -1, 0, 0, 0])
        XCTAssertEqual(BinaryTarget(bad: "Yes", column: levels).outcomes(levels), [true, false, nil, false, false, true])
    }

    /// Every way of asking gives the same flag: a column, one cached cell (a level code as a Double, as
    /// `ColumnarCache` stores it), a level's text, and `Column.holds`.
    func testCellsLevelsAndHoldsAgreeWithTheColumn() {
        for (column, bads) in [(numbers, ["1", "0", " 2", "x"]), (levels, ["Yes", "no", "yes", " Yes", "x"])] {
            for bad in bads {
                let target = BinaryTarget(bad: bad, column: column)
                let flags = target.flags(column)
                for row in 0..<column.count {
                    let expected: Bool? = flags[row] < 0 ? nil : flags[row] == 1
                    XCTAssertEqual(column.holds(bad, row: row), expected, "\(bad) row \(row)")
                    switch column {
                    case .numeric(let v): XCTAssertEqual(target.flag(cell: v[row]), flags[row])
                    case .categorical(let c):
                        XCTAssertEqual(target.flag(cell: Double(c.codes[row])), flags[row])
                        XCTAssertEqual(target.flag(level: c[row]), flags[row])
                    }
                }
            }
        }
    }

    func testScanGathersTheKnownValues() {
        let many = Column.numeric([3, 1, .nan, 3, 2, 0, 9, 8, 7, 1, 0])
        let target = BinaryTarget(bad: "1", column: many)
        let (flags, values) = target.scan(many)
        XCTAssertEqual(flags, target.flags(many))
        XCTAssertEqual(values.numbers, [3, 1, 2, 0, 9, 8], "the first six distinct values, in the order met")
        XCTAssertTrue(values.anyBad)
        XCTAssertFalse(BinaryTarget(bad: "5", column: many).scan(many).values.anyBad)
        let cat = BinaryTarget(bad: "no", column: levels).scan(levels).values
        XCTAssertEqual(cat.usedLevels(of: BinaryTarget(bad: "no", column: levels)), ["no", "Yes", "yes", " Yes"])
        XCTAssertTrue(cat.anyBad)
        let missingOnly = Column.categorical(CategoricalColumn(levels: ["a"], codes: [-1, -1]))
        XCTAssertEqual(BinaryTarget(bad: "a", column: missingOnly).scan(missingOnly).values.usedLevels(of: BinaryTarget(bad: "a", column: missingOnly)), [])
    }
}
