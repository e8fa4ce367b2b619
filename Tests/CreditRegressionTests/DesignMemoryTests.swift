import XCTest
import CreditTabular
import CreditRegression
import TestSupport

/// `Design.build` refuses, before allocating it, a design whose columns and the fit's p × p matrices would need
/// more than `DesignOptions.memoryLimit`: 8 bytes × rows × (intercept + indicator columns, + numeric columns when
/// rows are dropped) + 4 × 8 × p².
final class DesignMemoryTests: XCTestCase {
    /// 100 rows: x numeric, c with 50 levels, y alternating; every row used.
    static let table: Table = {
        var text = "x,c,y\n"
        for i in 0..<100 { text += "\(Double(i) * 0.37),L\(i % 50),\(i % 3 == 0 ? 1 : 0)\n" }
        return try! CSVReader.read(bytes: Array(text.utf8), source: "t")
    }()

    func testTheDesignIsCheckedAgainstTheLimitBeforeItIsBuilt() throws {
        // p = 1 + 1 + 49 = 51 terms; copied columns: the intercept and 49 indicators (x is shared with the table).
        let expected = 8.0 * 100 * 50 + 32.0 * 51 * 51
        XCTAssertEqual(expected, 123_232)
        var options = DesignOptions(target: "y")
        options.memoryLimit = expected - 1
        XCTAssertThrowsError(try Design.build(from: Self.table, options: options)) { error in
            XCTAssertEqual(error as? RegressionError, .designTooLarge(terms: 51, rows: 100, bytes: expected, limit: expected - 1, widest: "c"))
            XCTAssertEqual("\(error)", "the design would have 51 columns over 100 rows: about 123232 bytes with the fit's matrices, more than the memory limit of 123231 bytes; leave out or bin categorical columns with many levels (the most: 'c'), or raise the memory limit")
        }
        options.memoryLimit = expected
        XCTAssertEqual(try Design.build(from: Self.table, options: options).coding.terms.count, 51)
        // The default limit (half of physical memory) lets it through.
        XCTAssertNoThrow(try Design.build(from: Self.table, options: DesignOptions(target: "y")))
    }
}
