import XCTest
import TestSupport
@testable import CreditTabular
/// Non-UTF-8 bytes below were produced by Python 3.11.7:
/// `list('收入,类别\n1.5,城市\n2,农村\n'.encode('gb18030'))`, `list('naïve,café\n1,crème brûlée\n'.encode('latin-1'))`,
/// `list('x,€\n1,€5\n'.encode('cp1252'))`.
final class CSVEncodingTests: XCTestCase {
    static let gb18030: [UInt8] = [202, 213, 200, 235, 44, 192, 224, 177, 240, 10, 49, 46, 53, 44, 179, 199, 202, 208, 10,
                                   50, 44, 197, 169, 180, 229, 10]
    static let latin1: [UInt8] = [110, 97, 239, 118, 101, 44, 99, 97, 102, 233, 10, 49, 44, 99, 114, 232, 109, 101, 32, 98,
                                  114, 251, 108, 233, 101, 10]
    static let cp1252: [UInt8] = [120, 44, 128, 10, 49, 44, 128, 53, 10]

    func testGB18030() throws {
        let t = try CSVReader.read(bytes: Self.gb18030, source: "gb.csv", options: CSVOptions(encoding: TextEncoding(name: "GB18030")))
        XCTAssertEqual(t.columnNames, ["收入", "类别"])
        XCTAssertEqual(numbers(t, "收入"), [1.5, 2])
        XCTAssertEqual(strings(t, "类别"), ["城市", "农村"])
    }

    func testGB18030WithoutEncodingSuggestsOne() {
        let e = readError(bytes: Self.gb18030)
        XCTAssertEqual(e?.kind, .invalidUTF8)
        XCTAssertEqual(e?.line, 1)
        XCTAssertTrue(e?.description.contains("(CSVOptions.encoding), e.g. GB18030 or LATIN1") ?? false)
    }

    func testLatin1() throws {
        let t = try CSVReader.read(bytes: Self.latin1, source: "l.csv", options: CSVOptions(encoding: .iconv("LATIN1")))
        XCTAssertEqual(t.columnNames, ["naïve", "café"])
        XCTAssertEqual(strings(t, "café"), ["crème brûlée"])
    }

    func testCP1252() throws {
        let t = try CSVReader.read(bytes: Self.cp1252, source: "w.csv", options: CSVOptions(encoding: .iconv("CP1252")))
        XCTAssertEqual(t.columnNames, ["x", "€"])
        XCTAssertEqual(strings(t, "€"), ["€5"])
    }

    func testUnknownEncoding() {
        let e = readError("a\n1\n", CSVOptions(encoding: .iconv("NO-SUCH-ENCODING")))
        guard case .encodingFailed? = e?.kind else { return XCTFail("\(String(describing: e))") }
    }

    func testInvalidInSourceEncoding() {
        // 0x81 followed by a newline is not valid GB18030.
        let e = readError(bytes: Array("a\nb\n".utf8) + [0x81, 0x0A], CSVOptions(encoding: .iconv("GB18030")))
        guard case .encodingFailed? = e?.kind else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(e?.line, 3)
    }

    func testInvalidUTF8NamesLineColumnAndName() {
        let bytes = Array("id,city\n1,ok\n2,".utf8) + [0xE9] + Array("t\n".utf8)   // Latin-1 'é'
        let e = readError(bytes: bytes)
        XCTAssertEqual(e?.kind, .invalidUTF8)
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.column, 2)
        XCTAssertEqual(e?.columnName, "city")
        XCTAssertEqual(e?.description, "data.csv:3:2 (city): the text is not valid UTF-8 — give the file's encoding (CSVOptions.encoding), e.g. GB18030 or LATIN1")
    }

    func testRejectsOverlongSurrogateTruncatedAndOutOfRange() {
        let bad: [[UInt8]] = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xE4, 0xB8], [0xF4, 0x90, 0x80, 0x80],
                              [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF]]
        for b in bad {
            XCTAssertEqual(readError(bytes: Array("a\n".utf8) + b + [0x0A])?.kind, .invalidUTF8, "\(b)")
            XCTAssertEqual(readError(bytes: Array("a\n".utf8) + b)?.kind, .invalidUTF8, "\(b) at end")
        }
    }

    func testAcceptsAllUTF8Lengths() throws {
        let t = try read("v\né\n中\n😀\n\u{10FFFF}\n")
        XCTAssertEqual(strings(t, "v"), ["é", "中", "😀", "\u{10FFFF}"])
    }

    func testChineseHeaderAndCategoriesRoundTrip() throws {
        let text = "客户编号,城市,收入\n1,北京,3.5\n2,上海,\n3,北京,4\n"
        let t = try read(text)
        XCTAssertEqual(t.columnNames, ["客户编号", "城市", "收入"])
        guard case .categorical(let c)? = t["城市"] else { return XCTFail() }
        XCTAssertEqual(c.levels, ["北京", "上海"])
        XCTAssertEqual(c.codes, [0, 1, 0])
        // Write it back and read again: identical.
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("中文.csv").path
        let w = try CSVWriter(path: path)
        try w.writeRow(t.columnNames)
        for r in 0..<t.rowCount {
            try w.writeRow([String(Int(numbers(t, "客户编号")[r])), c[r] ?? "", numbers(t, "收入")[r].isNaN ? "" : "\(numbers(t, "收入")[r])"])
        }
        try w.commit()
        let back = try CSVReader.read(path: path)
        XCTAssertEqual(back.columnNames, t.columnNames)
        XCTAssertEqual(back["城市"], t["城市"])
    }
}
