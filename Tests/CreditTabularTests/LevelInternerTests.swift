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
