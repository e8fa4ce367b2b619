import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CreditSupport
import XCTest

/// `XMLEscaping`, the escaping of the HTML/SVG reports (`.html`) and the PMML export (`.xml`), against the rules
/// of XML 1.0 (§2.2 `Char`, §3.3.3 attribute-value normalisation) and a real XML parser (libxml2 through
/// Foundation's `XMLParser`): what a parser reads back from an escaped attribute and text is what was escaped.
final class XMLEscapingTests: XCTestCase {
    func testMarkupCharactersInBothDialects() {
        let hostile = #"<script>alert("x" & 'y')</script>"#
        XCTAssertEqual(XMLEscaping.escape(hostile, for: .html), "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;")
        XCTAssertEqual(XMLEscaping.escape(hostile, for: .xml), "&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;")
        for dialect in [XMLEscaping.Dialect.html, .xml] {
            XCTAssertEqual(XMLEscaping.escape("plain é ü 中 😀 \u{7F}\u{85}\u{FFFD}", for: dialect), "plain é ü 中 😀 \u{7F}\u{85}\u{FFFD}")
            XCTAssertEqual(XMLEscaping.escape("&amp;", for: dialect), "&amp;amp;", "escaped again, not left as a reference")
            XCTAssertEqual(XMLEscaping.escape("", for: dialect), "")
        }
    }

    /// Tab, LF and CR are allowed characters: the reports (HTML keeps them in attributes) write them as they are,
    /// the PMML export as references, which XML attribute-value normalisation leaves alone.
    func testTabNewlineAndCarriageReturn() {
        XCTAssertEqual(XMLEscaping.escape("a\tb\nc\rd", for: .html), "a\tb\nc\rd")
        XCTAssertEqual(XMLEscaping.escape("a\tb\nc\rd", for: .xml), "a&#9;b&#10;c&#13;d")
    }

    /// The characters XML 1.0 cannot hold at all become U+FFFD in both dialects (the PMML export refuses them
    /// before writing, with the same `isForbidden`).
    func testForbiddenCharactersBecomeTheReplacementCharacter() {
        let forbidden = (0..<0x20).filter { ![0x09, 0x0A, 0x0D].contains($0) }.map { Unicode.Scalar(UInt32($0))! }
            + [Unicode.Scalar(0xFFFE)!, Unicode.Scalar(0xFFFF)!]
        for scalar in forbidden {
            XCTAssertTrue(XMLEscaping.isForbidden(scalar), "U+\(String(scalar.value, radix: 16))")
            for dialect in [XMLEscaping.Dialect.html, .xml] {
                XCTAssertEqual(XMLEscaping.escape("a\(Character(scalar))b", for: dialect), "a\u{FFFD}b")
            }
        }
        for allowed: UInt32 in [0x09, 0x0A, 0x0D, 0x20, 0x7E, 0x7F, 0x9F, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF] {
            XCTAssertFalse(XMLEscaping.isForbidden(Unicode.Scalar(allowed)!), "U+\(String(allowed, radix: 16))")
        }
    }

    #if canImport(FoundationXML) || os(macOS)
    private final class Reader: NSObject, XMLParserDelegate {
        var attribute: String?, text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "e" { attribute = attributes["v"] }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    /// A parser reads back exactly the original from the `.xml` escaping, in an attribute and in text; from the
    /// `.html` escaping, the same text, and the attribute with tab, LF and CR normalised to spaces (as XML must).
    func testAnXMLParserReadsBackWhatWasEscaped() throws {
        let value = "O'Brien \"q\" <b> & c\td\ne\rf ]]> é 中"
        for dialect in [XMLEscaping.Dialect.xml, .html] {
            let escaped = XMLEscaping.escape(value, for: dialect)
            let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><e v=\"\(escaped)\">\(escaped)</e>"
            let parser = XMLParser(data: Data(document.utf8))
            let reader = Reader()
            parser.delegate = reader
            XCTAssertTrue(parser.parse(), "\(dialect): \(parser.parserError.map { "\($0)" } ?? "")")
            let expectedText = dialect == .xml ? value : value.replacingOccurrences(of: "\r", with: "\n")   // XML reads a bare CR as LF
            XCTAssertEqual(reader.text, expectedText, "\(dialect)")
            XCTAssertEqual(reader.attribute, dialect == .xml ? value : value.map { "\t\n\r".contains($0) ? " " : String($0) }.joined(), "\(dialect)")
        }
        // A forbidden character, escaped, parses as U+FFFD.
        let parser = XMLParser(data: Data("<e v=\"\(XMLEscaping.escape("a\u{1}b", for: .xml))\"/>".utf8))
        let reader = Reader()
        parser.delegate = reader
        XCTAssertTrue(parser.parse())
        XCTAssertEqual(reader.attribute, "a\u{FFFD}b")
    }
    #endif
}
