/// Text and attribute values for XML 1.0 and HTML: the one escaping behind the HTML/SVG reports (CreditReports'
/// `Markup`, `.html`) and the PMML export (CreditModelFile's `XMLWriter`, `.xml`).
///
/// The escaped text is safe as element content and inside a double- or single-quoted attribute value:
/// - `&`, `<`, `>`, `"` and `'` become references (`&amp;` `&lt;` `&gt;` `&quot;`, and `&#39;` in `.html`,
///   `&apos;` in `.xml`: HTML 4 has no `&apos;`), so data can neither open markup nor end a value;
/// - the characters XML 1.0 forbids (`isForbidden`: the C0 controls other than tab, LF and CR, and U+FFFE, U+FFFF;
///   XML 1.0 §2.2 `Char`) become U+FFFD, so the output is always well-formed. The reports show the replacement
///   character; the PMML export refuses such a name or value before writing (`checkXMLRepresentable`, with the
///   same `isForbidden`), so a PMML file never holds one;
/// - tab, LF and CR: as written in `.html` (HTML keeps them in attribute values); character references `&#9;`
///   `&#10;` `&#13;` in `.xml`, since XML attribute-value normalisation (§3.3.3) would turn them into spaces.
///
/// SQL quoting (`SQLDialect.identifier`, `.string`) is a different rule set and stays with the SQL export.
package enum XMLEscaping {
    /// Where the text goes.
    package enum Dialect: Sendable {
        /// HTML5 and the SVG inside it (also written as standalone .svg files, which are XML).
        case html
        /// A standalone XML document (PMML).
        case xml
    }

    /// Whether XML 1.0 cannot hold `scalar` at all, escaped or not (`Char` production, §2.2).
    @inline(__always)
    package static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
    }

    /// `s` escaped for element content and quoted attribute values (see the type's rules).
    package static func escape(_ s: String, for dialect: Dialect) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += dialect == .html ? "&#39;" : "&apos;"
            case "\t" where dialect == .xml: out += "&#9;"
            case "\n" where dialect == .xml: out += "&#10;"
            case "\r" where dialect == .xml: out += "&#13;"
            default: if isForbidden(scalar) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
