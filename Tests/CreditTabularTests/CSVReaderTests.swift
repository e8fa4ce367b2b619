import XCTest
import TestSupport
@testable import CreditTabular
func read(_ text: String, _ options: CSVOptions = CSVOptions(), source: String = "data.csv") throws -> Table {
    try CSVReader.read(bytes: Array(text.utf8), source: source, options: options)
}

func readError(_ text: String, _ options: CSVOptions = CSVOptions(),
               file: StaticString = #filePath, line: UInt = #line) -> CSVError? {
    readError(bytes: Array(text.utf8), options, file: file, line: line)
}

func readError(bytes: [UInt8], _ options: CSVOptions = CSVOptions(),
               file: StaticString = #filePath, line: UInt = #line) -> CSVError? {
    do {
        _ = try CSVReader.read(bytes: bytes, source: "data.csv", options: options)
        XCTFail("expected a CSVError", file: file, line: line)
        return nil
    } catch let error as CSVError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}

func numbers(_ t: Table, _ name: String) -> [Double] {
    guard case .numeric(let v)? = t[name] else { XCTFail("\(name) is not numeric"); return [] }
    return v
}

func strings(_ t: Table, _ name: String) -> [String?] {
    guard case .categorical(let c)? = t[name] else { XCTFail("\(name) is not categorical"); return [] }
    return (0..<c.codes.count).map { c[$0] }
}

final class CSVQuotingTests: XCTestCase {
    func testQuotedDelimiter() throws {
        let t = try read("name,x\n\"Smith, J\",1\n\"Doe, A\",2\n")
        XCTAssertEqual(strings(t, "name"), ["Smith, J", "Doe, A"])
        XCTAssertEqual(numbers(t, "x"), [1, 2])
    }

    func testEscapedQuote() throws {
        let t = try read("a,b\n\"say \"\"hi\"\"\",1\n\"\"\"\",2\n")
        XCTAssertEqual(strings(t, "a"), ["say \"hi\"", "\""])
    }

    func testNewlineInsideQuotesKeepsLineNumbers() throws {
        let t = try read("a,b\n\"line1\nline2\",1\nplain,2\n\"x\r\ny\",3\nlast,4\n")
        XCTAssertEqual(strings(t, "a"), ["line1\nline2", "plain", "x\r\ny", "last"])
        XCTAssertEqual(t.lineNumbers, [2, 4, 5, 7])
        // An error after a multi-line field names the right physical line.
        let e = readError("a,b\n\"1\n2\n3\",1\nz,oops\n", CSVOptions(columnTypes: ["b": .numeric]))
        XCTAssertEqual(e?.line, 5)
    }

    func testCRLF() throws {
        let t = try read("a,b\r\n1,x\r\n2,y\r\n")
        XCTAssertEqual(t.columnNames, ["a", "b"])
        XCTAssertEqual(numbers(t, "a"), [1, 2])
        XCTAssertEqual(strings(t, "b"), ["x", "y"])
        XCTAssertEqual(t.lineNumbers, [2, 3])
    }

    func testQuotedFieldAtEndOfCRLFRecord() throws {
        let t = try read("a,b\r\n1,\"x\"\r\n2,\"y\"")
        XCTAssertEqual(strings(t, "b"), ["x", "y"])
    }

    func testByteOrderMarkSkipped() throws {
        let t = try CSVReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("id,v\n1,2\n".utf8), source: "bom.csv")
        XCTAssertEqual(t.columnNames, ["id", "v"])
    }

    func testMissingFinalNewline() throws {
        let t = try read("a,b\n1,2\n3,4")
        XCTAssertEqual(numbers(t, "b"), [2, 4])
        let u = try read("a,b\n1,2\n3,x")
        XCTAssertEqual(strings(u, "b"), ["2", "x"])
    }

    func testBlankLinesSkipped() throws {
        let t = try read("a,b\n1,2\n\n3,4\n\r\n")
        XCTAssertEqual(numbers(t, "a"), [1, 3])
        XCTAssertEqual(t.lineNumbers, [2, 4])
    }

    func testTextAfterClosingQuoteIsError() {
        let e = readError("a,b\n\"x\"y,1\n")
        XCTAssertEqual(e?.kind, .textAfterClosingQuote)
        XCTAssertEqual(e?.line, 2)
    }
}

final class CSVDelimiterTests: XCTestCase {
    func testDetectsComma() throws { XCTAssertEqual(try read("a,b;c\n1,2\n").delimiter, UInt8(ascii: ",")) }
    func testDetectsSemicolon() throws {
        let t = try read("a;b;c\n1,5;2;3\n")
        XCTAssertEqual(t.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(strings(t, "a"), ["1,5"])
    }
    func testDetectsTab() throws { XCTAssertEqual(try read("a\tb\n1\t2\n").delimiter, UInt8(ascii: "\t")) }
    func testDetectsPipe() throws { XCTAssertEqual(try read("a|b|c\n1|2|3\n").columnNames, ["a", "b", "c"]) }
    func testDelimiterInsideQuotesIgnoredForDetection() throws {
        XCTAssertEqual(try read("\"a;b;c\",d\n1,2\n").delimiter, UInt8(ascii: ","))
    }
    func testTieGoesToComma() throws { XCTAssertEqual(try read("a;b,c\n1;2,3\n").delimiter, UInt8(ascii: ",")) }
    func testOverride() throws {
        var o = CSVOptions()
        o.delimiter = UInt8(ascii: ";")
        let t = try read("a,b;c\n1,2;3\n", o)
        XCTAssertEqual(t.columnNames, ["a,b", "c"])
    }
}

final class CSVMissingAndTypeTests: XCTestCase {
    func testDefaultMissingTokensAndQuotedEmpty() throws {
        let t = try read("x,y\n1,a\n,NA\nNA,\"\"\n N/A ,null\nNaN,?\n?,b\n")
        let x = numbers(t, "x")
        XCTAssertEqual(x[0], 1)
        XCTAssertTrue(x[1...].allSatisfy { $0.isNaN })
        XCTAssertEqual(strings(t, "y"), ["a", nil, nil, nil, nil, "b"])
    }

    /// In a text column tokens match exactly (case-sensitive); where a number is expected they match in any
    /// case (MissingTokenTests).
    func testMissingTokensAreCaseSensitiveInTextColumns() throws {
        XCTAssertEqual(strings(try read("y\nna\nNA\nx\n"), "y"), ["na", nil, "x"])
    }

    func testCustomMissingTokens() throws {
        var o = CSVOptions()
        o.missingTokens = ["-999", "missing"]
        let t = try read("x,y\n1,a\n-999,missing\n2,\n", o)
        let x = numbers(t, "x")
        XCTAssertEqual(x[0], 1)
        XCTAssertTrue(x[1].isNaN)
        XCTAssertEqual(strings(t, "y"), ["a", nil, ""])   // "" is no longer missing…
        // …and an empty value in a numeric column is then not a number, so x would turn categorical:
        let u = try read("x\n1\n\n2\n", o)
        XCTAssertEqual(strings(u, "x"), ["1", "", "2"])
    }

    func testInference() throws {
        let t = try read("n,c,m\n1,b,1\n2.5e1,a,x\n-.5,b,3.\n")
        XCTAssertEqual(numbers(t, "n"), [1, 25, -0.5])
        guard case .categorical(let c)? = t["c"] else { return XCTFail() }
        XCTAssertEqual(c.levels, ["b", "a"])
        XCTAssertEqual(c.codes, [0, 1, 0])
        // A column turning categorical late keeps the original text of earlier rows.
        XCTAssertEqual(strings(t, "m"), ["1", "x", "3."])
    }

    func testNumberSyntax() throws {
        let t = try read("v\n 3 \n.5\n5.\n+1e3\n-0\n1E-2\n")
        XCTAssertEqual(numbers(t, "v"), [3, 0.5, 5, 1000, 0, 0.01])
        XCTAssertEqual(numbers(t, "v")[4].sign, .minus)
        // (`nan` is a missing token, see MissingTokenTests.)
        for word in ["inf", "nan1", "Infinity", "0x10", "1e", "1.2.3", "1e5x", "--1"] {
            XCTAssertEqual(try read("v\n1\n\(word)\n").columns[0].type, .categorical, word)
        }
    }

    func testOutOfRangeIsNotANumber() throws {
        XCTAssertEqual(try read("v\n1\n1e400\n").columns[0].type, .categorical)
        XCTAssertEqual(numbers(try read("v\n1e-400\n"), "v"), [0])   // underflow rounds like strtod
        let e = readError("v\n1e400\n", CSVOptions(columnTypes: ["v": .numeric]))
        XCTAssertEqual(e?.description,
                       "data.csv:2:1 (v): '1e400' is out of the range of a number — add '1e400' to the missing tokens (CSVOptions.missingTokens) to treat it as missing, or read v as categorical (CSVOptions.columnTypes)")
    }

    func testForceCategoricalKeepsText() throws {
        let t = try read("zip,x\n007,1\n1.50,2\n", CSVOptions(columnTypes: ["zip": .categorical, "x": .categorical]))
        XCTAssertEqual(strings(t, "zip"), ["007", "1.50"])
        XCTAssertEqual(strings(t, "x"), ["1", "2"])
    }

    func testNotNumericErrorNamesLineColumnAndName() {
        let e = readError("id,age,income\n1,30,100\n2,31,abc\n", CSVOptions(columnTypes: ["income": .numeric]))
        XCTAssertEqual(e?.kind, .notNumeric(value: "abc"))
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.column, 3)
        XCTAssertEqual(e?.columnName, "income")
        XCTAssertEqual(e?.description,
                       "data.csv:3:3 (income): 'abc' is not a number — add 'abc' to the missing tokens (CSVOptions.missingTokens) to treat it as missing, or read income as categorical (CSVOptions.columnTypes)")
        XCTAssertEqual(e?.location, "data.csv:3:3 (income)")
        XCTAssertEqual(e?.problem, "'abc' is not a number")
    }

    func testUnknownColumnInOverride() {
        XCTAssertEqual(readError("a\n1\n", CSVOptions(columnTypes: ["b": .numeric]))?.kind, .unknownColumn("b"))
    }

    func testOverrideForAbsentColumnIgnoredWhenNotRequired() throws {
        var options = CSVOptions(columnTypes: ["b": .numeric, "a": .categorical])
        options.typedColumnsMustExist = false
        let t = try CSVReader.read(bytes: Array("a\n1\n".utf8), source: "x.csv", options: options)
        XCTAssertEqual(t.columnNames, ["a"])
        XCTAssertEqual(t.columns[0], .categorical(CategoricalColumn(levels: ["1"], codes: [0])))
    }

    func testGrowsBeyondEstimatedRows() throws {
        // First data line long, the rest short: the row estimate is far too small.
        var s = "a,b\n" + String(repeating: "1", count: 200) + ",x\n"
        for i in 0..<5000 { s += "\(i),\(i % 3)\n" }
        let t = try read(s)
        XCTAssertEqual(t.rowCount, 5001)
        XCTAssertEqual(numbers(t, "a").last, 4999)
        XCTAssertEqual(strings(t, "b")[1...3], ["0", "1", "2"])
        XCTAssertEqual(t.lineNumbers.last, 5002)
    }
}

final class CSVStructureErrorTests: XCTestCase {
    func testRaggedRowTooFew() {
        let e = readError("a,b,c\n1,2,3\n4,5\n")
        XCTAssertEqual(e?.kind, .raggedRow(expected: 3, found: 2))
        XCTAssertEqual(e?.line, 3)
        XCTAssertTrue(e?.description.hasPrefix("data.csv:3") ?? false)
    }

    func testRaggedRowTooMany() {
        let e = readError("a,b\n1,2\n3,4,5,6\n")
        XCTAssertEqual(e?.kind, .raggedRow(expected: 2, found: 4))
        XCTAssertEqual(e?.line, 3)
    }

    func testUnterminatedQuoteNamesOpeningLine() {
        let e = readError("a,b\n1,2\n3,\"open\n4,5\n6,7\n")
        XCTAssertEqual(e?.kind, .unterminatedQuote)
        XCTAssertEqual(e?.line, 3)
    }

    func testEmptyFile() {
        XCTAssertEqual(readError("")?.kind, .empty)
        XCTAssertEqual(readError("\n\r\n")?.kind, .empty)
        XCTAssertEqual(readError(bytes: [0xEF, 0xBB, 0xBF])?.kind, .empty)
    }

    func testHeaderOnly() throws {
        let t = try read("a,b\n")
        XCTAssertEqual(t.rowCount, 0)
        XCTAssertEqual(t.columnNames, ["a", "b"])
        XCTAssertEqual(try read("a,b").rowCount, 0)
    }

    func testDuplicateColumnName() {
        let e = readError("a,b,a\n1,2,3\n")
        XCTAssertEqual(e?.kind, .duplicateColumnName("a"))
        XCTAssertEqual(e?.column, 3)
    }

    func testEmptyColumnName() {
        let e = readError("a,,c\n1,2,3\n")
        XCTAssertEqual(e?.kind, .emptyColumnName)
        XCTAssertEqual(e?.column, 2)
        XCTAssertEqual(e?.description, "data.csv:1:2: the header has an empty column name")
    }

    /// R's write.csv writes its row names first, under an empty (quoted) name: the message says so.
    func testEmptyFirstNameIsTakenForRowNames() {
        let e = readError("\"\",\"age\",\"default\"\n\"1\",30,0\n\"2\",41,1\n")
        XCTAssertEqual(e?.kind, .emptyColumnName)
        XCTAssertEqual(e?.column, 1)
        XCTAssertEqual(e?.description, "data.csv:1:1: the header's first column has no name — this looks like the row names"
                       + " R's write.csv writes (write with row.names = FALSE; pandas: to_csv(index=False)), or remove that column,"
                       + " or read with CSVOptions.rowNames to leave it out")
    }

    func testRowNamesOptionLeavesTheNamelessFirstColumnOut() throws {
        var options = CSVOptions()
        options.rowNames = true
        let t = try read("\"\",\"age\",\"default\"\n\"1\",30,0\n\"2\",41,1\n", options)
        XCTAssertEqual(t.columnNames, ["age", "default"])
        XCTAssertEqual(t.rowCount, 2)
        XCTAssertEqual(t.lineNumbers, [2, 3])
        if case .numeric(let v)? = t["age"] { XCTAssertEqual(v, [30, 41]) } else { XCTFail("age not numeric") }
        // Only the first name: an empty name further on is still an error.
        XCTAssertEqual(readError("\"\",a,,b\n1,2,3,4\n", options)?.kind, .emptyColumnName)
        // A named first column is kept.
        XCTAssertEqual(try read("id,age\n1,30\n", options).columnNames, ["id", "age"])
        // The streamed read never reads it, and the profiler never lists it.
        let reader = try CSVStreamReader(bytes: Array("\"\",age\n\"1\",30\n".utf8), source: "s.csv", options: options)
        XCTAssertEqual(reader.columnNames, ["age"])
    }

    func testHeaderNamesTrimmed() throws {
        XCTAssertEqual(try read(" a ,\" b \" ,c \n1,2,3\n").columnNames, ["a", "b", "c"])
    }

    func testNulByteIsError() {
        let e = readError(bytes: Array("a,b\n1,".utf8) + [0] + Array("\n".utf8))
        XCTAssertEqual(e?.kind, .nulByte)
        XCTAssertEqual(e?.line, 2)
        XCTAssertEqual(e?.column, 2)
    }

    func testFileNotFound() {
        XCTAssertThrowsError(try CSVReader.read(path: "/nonexistent/x.csv")) { error in
            XCTAssertEqual((error as? CSVError)?.kind, .fileNotFound)
            XCTAssertEqual((error as? CSVError)?.description, "/nonexistent/x.csv: no such file")
        }
    }

    func testDirectoryIsUnreadable() {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try CSVReader.read(path: dir.path)) { error in
            XCTAssertEqual((error as? CSVError)?.kind, .unreadable("it is a directory"))
        }
    }

    func testReadFromPath() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.csv").path
        try Array("a,b\n1,x\n".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        let t = try CSVReader.read(path: path)
        XCTAssertEqual(t.source, path)
        XCTAssertEqual(numbers(t, "a"), [1])
    }
}

/// The two-thread path (inputs read in parts that end at record ends, which the two threads take
/// in turn) must give the same table and errors as one thread, whatever the size of the parts.
final class CSVParallelTests: XCTestCase {
    /// Part sizes: one line per part, a few lines, about half the input.
    static let partSizes = [1, 97, 40_000]

    func serialAndParallel(_ text: String, _ options: CSVOptions = CSVOptions(),
                           partBytes: Int) -> (Result<Table, CSVError>, Result<Table, CSVError>) {
        var serial = options
        serial.parallelMinimumBytes = .max
        var parallel = options
        parallel.parallelMinimumBytes = 0
        parallel.parallelPartBytes = partBytes
        func run(_ o: CSVOptions) -> Result<Table, CSVError> {
            Result { try read(text, o) }.mapError { $0 as! CSVError }
        }
        return (run(serial), run(parallel))
    }

    func assertSameTable(_ parallel: Table, _ serial: Table, _ note: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(parallel.rowCount, serial.rowCount, note, file: file, line: line)
        XCTAssertEqual(parallel.columnNames, serial.columnNames, note, file: file, line: line)
        for (x, y) in zip(parallel.columns, serial.columns) {   // bit patterns, so NaN equals NaN
            switch (x, y) {
            case (.numeric(let u), .numeric(let v)): XCTAssertEqual(u.map(\.bitPattern), v.map(\.bitPattern), note, file: file, line: line)
            default: XCTAssertEqual(x, y, note, file: file, line: line)
            }
        }
        XCTAssertEqual(parallel.lineNumbers, serial.lineNumbers, note, file: file, line: line)
    }

    func testSameTableWhenColumnsTurnCategoricalInAnyPart() throws {
        var s = "n,early,late,both,miss,middle\n"
        let n = 6000
        for i in 0..<n {
            let early = i == 10 ? "text" : String(i % 7)
            let late = i == n - 10 ? "late!" : "\(Double(i) / 8)"
            let both = ["a", "b", "c", "1.5"][(i * 7) % 4] + (i > n / 2 ? "x" : "")
            let miss = i % 5 == 0 ? "NA" : "\(i)e-3"
            let middle = i == 3217 || i == 4400 ? "m\(i)" : "\(i % 11)"
            s += "\(i),\(early),\(late),\(both),\(miss),\(middle)\n"
        }
        for size in Self.partSizes {
            let (a, b) = serialAndParallel(s, partBytes: size)
            let serial = try a.get(), parallel = try b.get()
            XCTAssertEqual(parallel.rowCount, n)
            assertSameTable(parallel, serial, "parts of \(size) bytes")
            XCTAssertEqual(parallel.columns.map(\.type), [.numeric, .categorical, .categorical, .categorical, .numeric, .categorical])
            XCTAssertEqual(strings(parallel, "late")[0], "0.0")
            XCTAssertEqual(strings(parallel, "middle")[3217], "m3217")
            XCTAssertEqual(strings(parallel, "middle")[3218], String(3218 % 11))
        }
    }

    /// Blank lines (LF and CRLF) in any part, including runs of them that fill whole parts, and a last record
    /// without a line feed: the rows close up and keep their physical line numbers.
    func testBlankLinesAnywhere() throws {
        var s = "a,b\n"
        for i in 0..<3000 {
            if i % 97 == 5 { s += "\n" }
            if i % 500 == 7 { s += String(repeating: "\r\n", count: 40) }
            s += "\(i),\(Double(i) * 0.5)" + (i % 13 == 0 ? "\r\n" : "\n")
        }
        s += "3000,1500"
        for size in Self.partSizes {
            let (a, b) = serialAndParallel(s, partBytes: size)
            let serial = try a.get(), parallel = try b.get()
            XCTAssertEqual(parallel.rowCount, 3001)
            XCTAssertEqual(numbers(parallel, "a"), (0...3000).map(Double.init))
            assertSameTable(parallel, serial, "parts of \(size) bytes")
        }
    }

    func testErrorsInLaterPartsNameTheRightLine() {
        var s = "a,b\n"
        for i in 0..<4000 { s += "\(i),\(i)\n" }
        var ragged = s + "1,2,3\n"
        ragged += "5,5\n"
        for size in Self.partSizes {
            let (a, b) = serialAndParallel(ragged, partBytes: size)
            XCTAssertEqual(try? a.get().rowCount, nil)
            guard case .failure(let e1) = a, case .failure(let e2) = b else { return XCTFail() }
            XCTAssertEqual(e1, e2)
            XCTAssertEqual(e2.line, 4002)
            let (c, d) = serialAndParallel(s + "7,oops\n", CSVOptions(columnTypes: ["b": .numeric]), partBytes: size)
            guard case .failure(let e3) = c, case .failure(let e4) = d else { return XCTFail() }
            XCTAssertEqual(e3, e4)
            XCTAssertEqual(e4.line, 4002)
            XCTAssertEqual(e4.column, 2)
        }
    }

    /// With errors in several parts, the one reported is the first in the input (as with one thread), whichever
    /// part a thread finished first; a byte-level problem (a NUL) anywhere comes before every parse error, as
    /// the whole input is checked before it is parsed.
    func testFirstErrorInTheInputWins() {
        var rows: [String] = []
        for i in 0..<5000 { rows.append("\(i),\(i)") }
        var twoErrors = rows
        twoErrors[1234] = "1,2,3"     // line 1236
        twoErrors[4321] = "9"         // line 4323
        var nulLate = twoErrors
        nulLate[4999] = "5\u{0},5"
        var twoBadBytes = rows     // every part is checked, so both are found: the first must be reported
        twoBadBytes[100] = "1\u{0},1"
        twoBadBytes[4500] = "2\u{0},2"
        for size in Self.partSizes {
            let (a, b) = serialAndParallel("a,b\n" + twoErrors.joined(separator: "\n") + "\n", partBytes: size)
            guard case .failure(let e1) = a, case .failure(let e2) = b else { return XCTFail() }
            XCTAssertEqual(e1, e2)
            XCTAssertEqual(e2.line, 1236)
            let (c, d) = serialAndParallel("a,b\n" + nulLate.joined(separator: "\n") + "\n", partBytes: size)
            guard case .failure(let e3) = c, case .failure(let e4) = d else { return XCTFail() }
            XCTAssertEqual(e3, e4)
            XCTAssertEqual(e4.kind, .nulByte)
            XCTAssertEqual(e4.line, 5001)
            let (e, f) = serialAndParallel("a,b\n" + twoBadBytes.joined(separator: "\n") + "\n", partBytes: size)
            guard case .failure(let e5) = e, case .failure(let e6) = f else { return XCTFail() }
            XCTAssertEqual(e5, e6)
            XCTAssertEqual(e6.line, 102)
        }
    }

    /// Input with quotes is cut at record ends (`CSVScanner.recordCuts`): quoted fields holding delimiters, LFs,
    /// CRLFs and doubled quotes, a quote inside an unquoted field, blank lines, CRLF line ends. Same table and
    /// lines as one thread, whatever the part size; the same error for a ragged record after quoted LFs and for
    /// a quote never closed.
    func testQuotedInputIsReadInPartsCutAtRecordEnds() throws {
        var rows: [String] = []
        for i in 0..<4000 {
            let text: String
            switch i % 9 {
            case 0: text = "\"a,b \(i % 5)\""
            case 1: text = "\"two\nlines \(i % 3)\""
            case 2: text = "\"say \"\"hi\"\"\""
            case 3: text = "\"crlf\r\nin\""
            case 4: text = "5\"6"
            case 5: text = "\"\n\""
            default: text = "plain\(i % 4)"
            }
            rows.append("\(i),\(text),\(Double(i) / 4)" + (i % 7 == 0 ? "\r" : "") + (i % 101 == 3 ? "\n" : ""))
        }
        let s = "id,text,x\n" + rows.joined(separator: "\n") + "\n"
        for size in Self.partSizes {
            let (a, b) = serialAndParallel(s, partBytes: size)
            let serial = try a.get(), parallel = try b.get()
            XCTAssertEqual(parallel.rowCount, 4000)
            assertSameTable(parallel, serial, "parts of \(size) bytes")
            XCTAssertEqual(strings(parallel, "text")[1], "two\nlines 1")
            XCTAssertEqual(strings(parallel, "text")[2], "say \"hi\"")
        }
        var ragged = rows
        ragged[3100] = "1,\"x\ny\",2,3"
        var unclosed = rows
        unclosed[3500] = "1,\"never closed,2"
        for bad in [ragged, unclosed] {
            for size in Self.partSizes {
                let (a, b) = serialAndParallel("id,text,x\n" + bad.joined(separator: "\n") + "\n", partBytes: size)
                guard case .failure(let e1) = a, case .failure(let e2) = b else { return XCTFail("parts of \(size) bytes") }
                XCTAssertEqual(e1, e2, "parts of \(size) bytes")
            }
        }
    }

    /// Record cuts: each one starts a record (the quoted LFs are not cuts), in order, at least `step` apart.
    func testRecordCutsStartRecords() {
        let text = Array("h\n1,\"a\nb\"\n2,x\"y\n\"q\"\"\n\",3\n4,z\n".utf8)
        let starts = [2, 10, 16, 25]     // after the header's LF and each record's (not the last: the end)
        for step in [1, 2, 5, 9, 100] {
            let cuts = text.withUnsafeBufferPointer { b in
                CSVScanner.recordCuts(b.baseAddress!, from: 2, to: b.count, delimiter: 44, step: step)
            }
            XCTAssertEqual(cuts.first, 2)
            XCTAssertTrue(cuts.allSatisfy { starts.contains($0) }, "step \(step): \(cuts)")
            for (x, y) in zip(cuts, cuts.dropFirst()) { XCTAssertGreaterThanOrEqual(y - x, step) }
            if step == 1 { XCTAssertEqual(cuts, starts) }
        }
    }

    /// The parts end at line feeds and cover the input once, in order; a part is at least the asked size
    /// unless it is the last.
    func testPartBoundsEndAtLineFeeds() {
        let text = Array("h\n1\n22\n\n333\n4444\n55555".utf8)
        for step in [1, 2, 3, 5, 100] {
            let bounds = text.withUnsafeBufferPointer { b in
                var o = CSVOptions()
                o.parallelPartBytes = step
                return CSVParser(p: b.baseAddress!, count: b.count, source: "t", options: o).partBounds(from: 2)
            }
            XCTAssertEqual(bounds.first, 2)
            XCTAssertEqual(bounds.last, text.count)
            for (x, y) in zip(bounds, bounds.dropFirst()) {
                XCTAssertLessThan(x, y)
                if y != text.count {
                    XCTAssertEqual(text[y - 1], UInt8(ascii: "\n"), "step \(step): part \(x)..<\(y)")
                    XCTAssertGreaterThanOrEqual(y - x, step)
                }
            }
        }
    }
}

final class CSVLateCategoricalTests: XCTestCase {
    /// A column that turns categorical after many rows (beyond the first in-cache chunk) re-extracts them all.
    func testColumnTurnsCategoricalAfterManyRows() throws {
        var s = "id,v\n"
        for i in 0..<10_000 { s += "\(i),\(i % 3 == 0 ? "NA" : String(i % 4) + ".0")\n" }
        s += "10000,other\n"
        var o = CSVOptions()
        o.parallelMinimumBytes = .max
        let t = try read(s, o)
        let v = strings(t, "v")
        XCTAssertEqual(v.count, 10_001)
        XCTAssertEqual(Array(v[0..<5]), [nil, "1.0", "2.0", nil, "0.0"])
        XCTAssertEqual(v.last, "other")
        guard case .categorical(let c)? = t["v"] else { return XCTFail() }
        XCTAssertEqual(c.levels, ["1.0", "2.0", "0.0", "3.0", "other"])
    }
}

final class CSVMoreEdgeTests: XCTestCase {
    func testQuotedNumbersAreNumbers() throws {
        XCTAssertEqual(numbers(try read("v,w\n\"1.5\",\" 2 \"\n\"-3e2\",4\n"), "v"), [1.5, -300])
    }

    func testHeaderOnlyWithCRLFAndQuotes() throws {
        let t = try read("\"a,1\",b\r\n")
        XCTAssertEqual(t.columnNames, ["a,1", "b"])
        XCTAssertEqual(t.rowCount, 0)
    }

    func testSingleColumnBlankLineIsMissing() throws {
        let t = try read("v\n1\n\n3\n")
        XCTAssertEqual(numbers(t, "v").count, 3)
        XCTAssertTrue(numbers(t, "v")[1].isNaN)
    }

    func testLongAndExponentNumbersInsideAFile() throws {
        let text = "a,b\n9007199254740993,2.2250738585072011e-308\n0.1000000000000000055511151231257827,1e23\n"
        let t = try read(text)
        XCTAssertEqual(numbers(t, "a"), [9007199254740992, 0.1])
        XCTAssertEqual(numbers(t, "b"), [Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), 1e23])   // largest subnormal, as strtod
    }
}
