import Foundation
import XCTest
@testable import CreditModelFile
/// The strict JSON reader under the model loader: RFC 8259 syntax, each key once per object (named by its
/// path), bounded depth. The expected verdicts are the RFC's grammar, written out by hand per case.
final class StrictJSONTests: XCTestCase {
    private func parse(_ text: String) throws(StrictJSON.Failure) -> StrictJSON.Node {
        try StrictJSON.parse(Array(text.utf8))
    }

    private func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> StrictJSON.Failure? {
        do { _ = try parse(text) } catch { return error }
        XCTFail("accepted: \(text)", file: file, line: line)
        return nil
    }

    private func duplicate(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard case .duplicateKey(let path)? = failure(text, file: file, line: line) else {
            XCTFail("not a duplicate-key failure: \(text)", file: file, line: line)
            return nil
        }
        return path
    }

    func testDuplicateKeysAtTheTopLevel() {
        XCTAssertEqual(duplicate(#"{"version": 3, "version": 2}"#), "version")
        XCTAssertEqual(duplicate(#"{"a": 1, "b": 2, "a": 1}"#), "a")      // even with the same value
    }

    func testDuplicateKeysNestedAndInArrays() {
        XCTAssertEqual(duplicate(#"{"fit": {"coefficients": [1], "x": 0, "coefficients": [2]}}"#), "fit.coefficients")
        XCTAssertEqual(duplicate(#"{"s": {"c": [{"n": 1}, {"n": 2, "t": {"w": 1, "w": 2}}]}}"#), "s.c[1].t.w")
        XCTAssertEqual(duplicate(#"[[{"k": 1}], [{"k": 1, "k": 2}]]"#), "[1][0].k")
        // The same key in different objects is fine.
        XCTAssertNoThrow(try parse(#"{"a": {"k": 1}, "b": {"k": 1}, "c": [{"k": 1}, {"k": 2}]}"#))
    }

    /// Keys are compared after unescaping: `"ver\u0073ion"` is `version`, `"\/"` is `/`.
    func testUnicodeEscapedKeysEqualToAnotherKey() {
        XCTAssertEqual(duplicate(#"{"version": 3, "ver\u0073ion": 2}"#), "version")
        XCTAssertEqual(duplicate(#"{"a/b": 1, "a\/b": 2}"#), "a/b")
        XCTAssertEqual(duplicate(#"{"\u00e9": 1, "é": 2}"#), "é")
        XCTAssertEqual(duplicate(#"{"\ud83d\ude00": 1, "😀": 2}"#), "😀")
        // Canonically equivalent spellings (U+00E9 and e + U+0301) are one key to a Swift dictionary.
        XCTAssertEqual(duplicate("{\"\u{00E9}\": 1, \"e\u{0301}\": 2}")?.unicodeScalars.count, 2)
    }

    func testDepthLimit() {
        let ok = String(repeating: "[", count: StrictJSON.maximumDepth) + String(repeating: "]", count: StrictJSON.maximumDepth)
        XCTAssertNoThrow(try parse(ok))
        let deep = "[" + ok + "]"
        guard case .tooDeep? = failure(deep) else { return XCTFail() }
        let objects = String(repeating: #"{"a":"#, count: StrictJSON.maximumDepth + 1) + "1" + String(repeating: "}", count: StrictJSON.maximumDepth + 1)
        guard case .tooDeep? = failure(objects) else { return XCTFail() }
        // A very deep input fails at the limit, without deep recursion.
        guard case .tooDeep? = failure(String(repeating: "[", count: 1_000_000)) else { return XCTFail() }
    }

    func testMalformedInputIsRefused() {
        let bad = [
            "", " ", "{", "}", #"{"a" 1}"#, #"{"a": 1,}"#, "[1,]", "[,1]", #"{a: 1}"#, "{'a': 1}", "01", "-", "1.", ".5",
            "1e", "+1", "0x10", "NaN", "Infinity", "tru", "nul", #"{"a": 1} x"#, "[1] [2]", "\"abc", "\"a\u{01}b\"",
            #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "[1 2]", #"{"a": 1 "b": 2}"#,
        ]
        for text in bad {
            guard case .malformed? = failure(text) else { XCTFail("not malformed: \(text)"); continue }
        }
        // Invalid UTF-8 inside a string, and bytes that are not JSON at all.
        for bytes: [UInt8] in [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x00], [0xFF, 0xFE]] {
            XCTAssertThrowsError(try StrictJSON.parse(bytes), "\(bytes)")
        }
    }

    func testValidInputAndItsValues() throws {
        let text = "\u{FEFF}" + #" {"s": "a\"b\\c\/d\n\t\u0041é😀", "n": -0.5e+3, "z": 0, "t": true, "f": false, "x": null, "e": [], "o": {}} "#
        let bytes = Array(text.utf8)
        let tree = try StrictJSON.parse(bytes)
        XCTAssertEqual(StrictJSON.string(try XCTUnwrap(tree["s"]), in: bytes), "a\"b\\c/d\n\tAé😀")
        XCTAssertEqual(StrictJSON.numberText(try XCTUnwrap(tree["n"]), in: bytes), "-0.5e+3")
        XCTAssertEqual(StrictJSON.numberText(try XCTUnwrap(tree["z"]), in: bytes), "0")
        guard case .bool(true)? = tree["t"], case .bool(false)? = tree["f"], case .null? = tree["x"],
              case .array(let e)? = tree["e"], e.isEmpty, case .object(let o)? = tree["o"], o.isEmpty else { return XCTFail() }
        XCTAssertNil(tree["missing"])
        XCTAssertNil(StrictJSON.string(try XCTUnwrap(tree["n"]), in: bytes))
    }

    /// Every document Foundation writes for a model (pretty or compact, slashes escaped or not) parses.
    func testFoundationOutputParses() throws {
        let object: [String: Any] = ["a/b": [1.5, -2, 1e-300], "c": ["d": "e\u{1}f", "g": NSNull()], "h": true]
        for options: JSONSerialization.WritingOptions in [[], [.prettyPrinted, .sortedKeys], [.withoutEscapingSlashes]] {
            let data = try JSONSerialization.data(withJSONObject: object, options: options)
            XCTAssertNoThrow(try StrictJSON.parse([UInt8](data)), String(decoding: data, as: UTF8.self))
        }
    }

    func testKeyPathDescriptions() {
        XCTAssertEqual(StrictJSON.describe([]), "the top level")
        XCTAssertEqual(StrictJSON.describe([.key("a"), .index(2), .key("b")]), "a[2].b")
        XCTAssertEqual(StrictJSON.describe([.index(0), .key("k")]), "[0].k")
    }
}
