import CreditSupport
import Foundation

/// A tiny typed HTML/SVG tree. Text and attribute values are escaped in ONE place, when the tree is rendered
/// (`XMLEscaping.escape(_:for: .html)` of CreditSupport, the escaping the PMML export shares), so no name or value
/// from data or a model can inject markup. The only unescaped text is a compile-time `StaticString` stylesheet
/// (`.styleSheet`), which never holds data.
public indirect enum Markup: Sendable {
    case element(String, [(String, String)], [Markup])
    case text(String)
    case styleSheet(StaticString)
    case fragment([Markup])

    /// `<name attr="value" …>children</name>`; attributes keep their order.
    package static func el(_ name: String, _ attributes: [(String, String)] = [], _ children: [Markup] = []) -> Markup {
        .element(name, attributes, children)
    }

    package static func el(_ name: String, _ attributes: [(String, String)] = [], text: String) -> Markup {
        .element(name, attributes, [.text(text)])
    }

    /// Element and attribute names come from this file's callers, never from data; refuse anything else.
    static func checkedName(_ name: String) -> String {
        precondition(!name.isEmpty && name.utf8.allSatisfy { (97...122).contains($0) || (65...90).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 58 },
                     "Markup: invalid element or attribute name")
        return name
    }

    /// Elements written as `<x/>` when empty (XML-style, valid in HTML for SVG content and void elements).
    static let void: Set<String> = ["meta", "br", "hr", "img", "link"]

    public func render(into out: inout String) {
        switch self {
        case .text(let s): out += XMLEscaping.escape(s, for: .html)
        case .styleSheet(let css): out += css.description
        case .fragment(let children): for c in children { c.render(into: &out) }
        case .element(let name, let attributes, let children):
            out += "<" + Markup.checkedName(name)
            for (k, v) in attributes { out += " " + Markup.checkedName(k) + "=\"" + XMLEscaping.escape(v, for: .html) + "\"" }
            if children.isEmpty {
                out += Markup.void.contains(name) ? ">" : Markup.htmlContainers.contains(name) ? "></\(name)>" : "/>"
                return
            }
            out += ">"
            for c in children { c.render(into: &out) }
            out += "</" + name + ">"
        }
    }

    /// HTML elements that must never be self-closed (`<div/>` would not close in HTML).
    static let htmlContainers: Set<String> = ["div", "p", "span", "td", "th", "tr", "table", "section", "figure", "figcaption",
                                               "caption", "thead", "tbody", "h1", "h2", "h3", "ul", "li", "title", "desc", "text",
                                               "main", "header", "footer", "nav", "a", "style", "body", "head", "html", "dl", "dt", "dd"]

    public var rendered: String {
        var s = ""
        render(into: &s)
        return s
    }
}

/// Numbers in SVG coordinates: at most two decimals, no exponent, no "-0".
func svgNumber(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let r = (x * 100).rounded() / 100
    if r == r.rounded() { return String(Int(r)) }
    var s = String(format: "%.2f", r)
    while s.hasSuffix("0") { s.removeLast() }
    return s == "-0" ? "0" : s
}
