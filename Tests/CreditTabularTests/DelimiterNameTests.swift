import CreditTabular
import XCTest

/// `CSVOptions.delimiter(named:)` and `delimiterName(_:)`: the four delimiters by their names and back, and the
/// bytes read with them are split where a reader given that byte splits.
final class DelimiterNameTests: XCTestCase {
    func testNames() throws {
        let expected: [(String, UInt8)] = [(",", 44), ("comma", 44), (";", 59), ("semicolon", 59), ("\t", 9), ("tab", 9),
                                           ("\\t", 9), ("|", 124), ("pipe", 124)]
        for (name, byte) in expected { XCTAssertEqual(CSVOptions.delimiter(named: name), byte, name) }
        for name in [":", "", "TAB", " ,", ",,", "space"] { XCTAssertNil(CSVOptions.delimiter(named: name), name) }
        XCTAssertEqual([44, 59, 9, 124].map(CSVOptions.delimiterName), [",", ";", "tab", "|"])
    }

    func testANamedDelimiterSplitsFields() throws {
        var options = CSVOptions()
        options.delimiter = CSVOptions.delimiter(named: "pipe")
        let table = try CSVReader.read(bytes: Array("a|b,c\n1|x,y\n".utf8), source: "t", options: options)
        XCTAssertEqual(table.columnNames, ["a", "b,c"])
    }
}
