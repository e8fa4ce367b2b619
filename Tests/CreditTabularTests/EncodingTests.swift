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

    // MARK: - UTF-16 and UTF-32 with a byte-order mark

    /// `text` encoded here, code unit by code unit (not with iconv, which the reader uses): UTF-16 from
    /// Swift's `utf16` view, UTF-32 from the scalars, each with its byte-order mark first.
    static func encode(_ text: String, _ encoding: String) -> [UInt8] {
        func bytes(_ unit: UInt32, width: Int, bigEndian: Bool) -> [UInt8] {
            let little = (0..<width).map { UInt8(truncatingIfNeeded: unit >> (8 * $0)) }
            return bigEndian ? little.reversed() : little
        }
        let bom: UInt32 = 0xFEFF
        switch encoding {
        case "UTF-16LE", "UTF-16BE":
            let big = encoding == "UTF-16BE"
            return ([UInt16(bom)] + Array(text.utf16)).flatMap { bytes(UInt32($0), width: 2, bigEndian: big) }
        default:
            let big = encoding == "UTF-32BE"
            return ([bom] + text.unicodeScalars.map(\.value)).flatMap { bytes($0, width: 4, bigEndian: big) }
        }
    }

    static let wideText = "客户,amount,note\n1,3.5,😀 ok\n2,,\"a, b\"\n3,4,naïve\n"

    /// UTF-16LE/BE and UTF-32LE/BE files with a byte-order mark read as their UTF-8 text does, from memory
    /// and from a file (the memory-mapped path converts instead), with no --encoding.
    func testWideEncodingsWithByteOrderMarkAreConverted() throws {
        let expected = try read(Self.wideText)
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for encoding in ["UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"] {
            let bytes = Self.encode(Self.wideText, encoding)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { TextEncoding.wideEncoding(markedIn: $0) }, encoding)
            let fromMemory = try CSVReader.read(bytes: bytes, source: "w.csv")
            XCTAssertEqual(fromMemory.columnNames, expected.columnNames, encoding)
            XCTAssertEqual("\(fromMemory.columns)", "\(expected.columns)", encoding)     // (text: NaN ≠ NaN)
            XCTAssertEqual(fromMemory.lineNumbers, expected.lineNumbers, encoding)
            let path = dir.appendingPathComponent("\(encoding).csv").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let fromFile = try CSVReader.read(path: path)
            XCTAssertEqual("\(fromFile.columns)", "\(expected.columns)", encoding)
            // The streaming profiler (credit describe) converts a file too.
            let profile = try CSVProfiler(path: path).run()
            XCTAssertEqual(profile.rows, expected.rowCount, encoding)
            XCTAssertEqual(profile.columns.map(\.name), expected.columnNames, encoding)
            // The streaming reader converts input held in memory, and names the encoding of a file it cannot stream.
            let stream = try CSVStreamReader(bytes: bytes, source: "w.csv")
            XCTAssertEqual(stream.header, expected.columnNames, encoding)
            XCTAssertThrowsError(try CSVStreamReader(path: path)) { error in
                XCTAssertEqual((error as? CSVError)?.kind, .wideEncoding(encoding))
                XCTAssertFalse("\(error)".contains("GB18030"), "\(error)")
                XCTAssertTrue("\(error)".contains("iconv -f \(encoding) -t UTF-8"), "\(error)")
            }
        }
        // UTF-8 and plain ASCII are not taken for a wide encoding; neither is a lone FF or FE.
        for plain in [Array("a,b\n".utf8), [0xEF, 0xBB, 0xBF] + Array("a\n".utf8), [0xFF], [0xFE, 0x41]] {
            XCTAssertNil(plain.withUnsafeBufferPointer { TextEncoding.wideEncoding(markedIn: $0) }, "\(plain)")
        }
    }

    /// An invalid sequence after the mark (a lone high surrogate) is an encoding error naming the encoding the
    /// mark gave and the line (counted in the converted text), never a hint to use GB18030.
    func testInvalidWideTextNamesTheEncodingAndLine() {
        var bytes = Self.encode("a,b\n1,2\n3,", "UTF-16LE")
        bytes += [0x00, 0xD8, 0x41, 0x00, 0x0A, 0x00]      // U+D800 then "A\n"
        let e = readError(bytes: bytes)
        guard case .encodingFailed(let reason)? = e?.kind else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(reason, "byte sequence invalid in UTF-16LE (the encoding its byte-order mark names) at byte 23")
        XCTAssertEqual(e?.line, 3)
        XCTAssertFalse(e?.description.contains("GB18030") ?? true)
    }
}
