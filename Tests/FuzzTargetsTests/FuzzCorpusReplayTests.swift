import CreditTabular
import TestSupport
import XCTest
@testable import FuzzTargets

/// Replays every committed fuzz input (Tests/Fuzz/Corpus/<target>/) through the same entry points that
/// libFuzzer drives in `make fuzz`. A trap here is a regression: the process stops and the test run fails.
final class FuzzCorpusReplayTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let dir = corpus.appendingPathComponent(target.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, [UInt8](try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    func replay(_ target: FuzzTarget, atLeast minimum: Int) throws {
        let inputs = try Self.inputs(target)
        XCTAssertGreaterThanOrEqual(inputs.count, minimum, "the \(target.rawValue) corpus looks incomplete")
        for input in inputs {
            input.bytes.withUnsafeBytes { target.run($0) }
        }
    }

    func testCSVCorpus() throws { try replay(.csv, atLeast: 10) }
    func testNumberCorpus() throws { try replay(.number, atLeast: 10) }
    func testModelCorpus() throws { try replay(.model, atLeast: 4) }
}

/// The number target's reference grammar, against hand-worked cases from the grammar in NumberParser.swift.
final class NumberGrammarTests: XCTestCase {
    func testLongestPrefix() {
        let cases: [(String, Int?)] = [
            ("1", 1), ("-1.5e3", 6), ("+.5", 3), ("1.", 2), (".", nil), ("-", nil), ("e5", nil), ("1e", 1),
            ("1e+", 1), ("1e+7x", 4), ("0x1p3", 1), ("inf", nil), ("nan", nil), ("1.2.3", 3), (" 1", nil),
            ("00012", 5), ("1E-0", 4), ("..1", nil), ("-.e1", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(NumberGrammar.longestPrefix(Array(text.utf8)), expected, text)
        }
    }

    /// The reference is C strtod: check the harness reads its stop position the way the C library defines it.
    func testStrtodReference() {
        let (v, n) = strtodReference(Array("2.5e-3abc".utf8), count: 9)
        XCTAssertEqual(v, 0.0025)
        XCTAssertEqual(n, 6)
        XCTAssertEqual(strtodReference(Array("1e400".utf8), count: 5).0, .infinity)
    }
}

/// Inputs the fuzzer found, as named tests (the same bytes are in the corpus).
final class FuzzRegressionTests: XCTestCase {
    /// csv finding: a byte-order mark, then a quoted first header name holding LFs, the header longer than the
    /// first read. The stream reader looked for the header's end from byte 0, saw the BOM (not a quote) as the
    /// field's first byte, took the LF inside the quotes for the end of the header, and then reported an
    /// unterminated quote that CSVReader (rightly) did not.
    func testStreamReaderHeaderWithBOMAndQuotedNewline() throws {
        let name = "a\n\n" + String(repeating: "b", count: 40) + "\nc"
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\"\(name)\",x\n1,2\n".utf8)
        let path = PackagePaths.temporaryDirectory().appendingPathComponent("bom.csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let whole = try CSVReader.read(bytes: bytes, source: "bom.csv")
        XCTAssertEqual(whole.columnNames, [name, "x"])
        for chunkBytes in [1, 7, 16, 1 << 20] {
            let reader = try CSVStreamReader(path: path, chunkBytes: chunkBytes)
            XCTAssertEqual(reader.header, [name, "x"], "chunkBytes \(chunkBytes)")
            var rows = 0
            while let chunk = try reader.next() { rows += chunk.table.rowCount }
            XCTAssertEqual(rows, 1, "chunkBytes \(chunkBytes)")
        }
        try FuzzCorpusReplayTests.inputs(.csv).filter { $0.name.hasPrefix("regression-") }.forEach { input in
            input.bytes.withUnsafeBytes { FuzzTarget.csv.run($0) }
        }
    }
}
