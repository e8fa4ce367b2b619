import XCTest
@testable import CreditTabular

/// Text levels are coded from the field's bytes (`LevelInterner`), with exactly the levels, order and codes a
/// `String` dictionary gives (which the reader used alone before).
final class LevelInternerTests: XCTestCase {
    private func levels(_ text: String, _ column: String) throws -> CategoricalColumn {
        let table = try CSVReader.read(bytes: Array(text.utf8), source: "t.csv")
        guard case .categorical(let c) = table[column] else { throw XCTSkip("\(column) is not text") }
        return c
    }

    /// "é" precomposed (C3 A9) and decomposed (65 CC 81) are different bytes but equal `String`s: one level,
    /// spelled as first seen, quoted or not.
    func testCanonicallyEquivalentSpellingsAreOneLevel() throws {
        let text = "id,city\n1,e\u{301}\n2,\u{e9}\n3,\"\u{e9}\"\n4,Zürich\n5,e\u{301}\n6,\u{e9}\n"
        let c = try levels(text, "city")
        XCTAssertEqual(c.levels.map { Array($0.utf8) }, [[0x65, 0xCC, 0x81], Array("Zürich".utf8)])
        XCTAssertEqual(c.codes, [0, 0, 0, 1, 0, 0])
    }

    /// Many distinct levels (the table grows and rehashes), levels that differ only in the last byte or in
    /// length, spaces kept, the empty level apart from a missing value: codes in order of first appearance.
    func testManyLevelsInOrderOfFirstAppearance() throws {
        var text = "k,v\n"
        var expected: [String] = []
        for i in 0..<5_000 {
            let level = i % 3 == 0 ? "level number \(i) with a long tail" : (i % 3 == 1 ? "x\(i)" : " \(i) ")
            expected.append(level)
            text += "\(i),\(level)\n"
        }
        for i in stride(from: 4_999, through: 0, by: -7) { text += "\(i),\(expected[i])\n" }
        let c = try levels(text, "v")
        XCTAssertEqual(c.levels, expected)
        let again = stride(from: 4_999, through: 0, by: -7).map { Int32($0) }
        XCTAssertEqual(c.codes, (0..<5_000).map { Int32($0) } + again)
    }

    /// A missing token is found from the interned bytes as well as a level: the same bytes again (spaced,
    /// quoted, unquoted, in the second of two pieces) are missing every time; text that is a token only after
    /// trimming is missing, a level with a trailing space is its own level, a token in another case
    /// (`none`) is a level. By the rule: trimmed text equal to a token → missing, else the untrimmed text's level.
    func testMissingTokensAreFoundFromTheInternedBytesToo() throws {
        let fields = ["a", " NA", "a", " NA", "NA ", "\"NA\"", "", "a ", "NA", " NA", "None", "None", "\" NA\"", "none",
                      "none", "  ", "\"\"", "a ", "NA "]
        let expected: [String?] = ["a", nil, "a", nil, nil, nil, nil, "a ", nil, nil, nil, nil, nil, "none",
                                   "none", nil, nil, "a ", nil]
        var text = "k,v\n"
        for (i, f) in fields.enumerated() { text += "\(i),\(f)\n" }
        let c = try levels(text, "v")
        XCTAssertEqual((0..<fields.count).map { c[$0] }, expected)
        XCTAssertEqual(c.levels, ["a", "a ", "none"])
        // The stream reader in pieces of at least 64 KiB: the fields repeated past the first piece.
        var long = "k,v\n"
        for r in 0..<40_000 { long += "\(r),\(fields[r % fields.count])\n" }
        let reader = try CSVStreamReader(bytes: Array(long.utf8), source: "t.csv", chunkBytes: 1 << 20)
        let chunk = try XCTUnwrap(try reader.next(parts: 4, run: { n, work in for k in (0..<n).reversed() { work(k) } }))
        guard case .categorical(let s) = chunk.table["v"] else { return XCTFail("v is text") }
        XCTAssertEqual((0..<40_000).map { s[$0] }, (0..<40_000).map { expected[$0 % fields.count] })
    }

    /// The word-at-a-time comparison against a byte-by-byte one: every length up to 40, equal, and one byte
    /// changed at each offset (the overlapping last word included); the hash of the same bytes is the same at
    /// any address, and changes with any one byte.
    func testEqualAndHashAgreeWithBytewiseComparison() {
        let a: [UInt8] = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for n in 0...40 {
            for flip in -1..<n {
                var b = [UInt8](repeating: 0, count: 3) + Array(a[0..<n])    // another address, another alignment
                if flip >= 0 { b[3 + flip] ^= 0x20 }
                a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        let p = x.baseAddress!, q = y.baseAddress! + 3
                        let bytewise = (0..<n).allSatisfy { p[$0] == q[$0] }
                        XCTAssertEqual(LevelInterner.equal(p, q, n), bytewise, "n \(n) flip \(flip)")
                        XCTAssertEqual(LevelInterner.hash(p, n) == LevelInterner.hash(q, n), bytewise, "n \(n) flip \(flip)")
                    }
                }
            }
        }
    }

    /// The hash reads every byte: keys that share all but one byte (at any offset) get different codes.
    func testKeysDifferingInOneByte() {
        var table = LevelInterner()
        let base = Array("abcdefghijklmnopqrstuvwxyz0123".utf8)
        var keys: [[UInt8]] = [[]]
        for n in 1...base.count { keys.append(Array(base[0..<n])) }
        for k in 0..<base.count { var v = base; v[k] ^= 1; keys.append(v) }
        for (i, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let h = LevelInterner.hash(p, b.count)
                XCTAssertNil(table.code(p, b.count, hash: h), "key \(i) found before it was entered")
                table.insert(p, b.count, hash: h, code: Int32(i))
            }
        }
        for (i, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { b in
                let p = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
                XCTAssertEqual(table.code(p, b.count, hash: LevelInterner.hash(p, b.count)), Int32(i))
            }
        }
    }
}
