import Foundation
@testable import CreditReports
import XCTest

final class HTMLMarkupTests: XCTestCase {
    /// The escaping itself is CreditSupport's (`XMLEscapingTests`); here, that rendering uses its HTML dialect.
    func testRenderingEscapesWithTheHTMLDialect() {
        let m = Markup.el("p", [("title", "'a'\tb\u{01}")], text: "'x' & \"y\"\n\u{FFFE}")
        XCTAssertEqual(m.rendered, "<p title=\"&#39;a&#39;\tb\u{FFFD}\">&#39;x&#39; &amp; &quot;y&quot;\n\u{FFFD}</p>")
    }

    func testTextAndAttributesAreEscapedWhenRendered() {
        let hostile = #"<script>alert(1)</script>" onload="x"#
        let m = Markup.el("p", [("title", hostile)], [.text(hostile), .el("span", [], text: "&amp;")])
        let html = m.rendered
        XCTAssertFalse(html.contains("<script"))
        XCTAssertEqual(html, "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x\">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x<span>&amp;amp;</span></p>")
    }

    func testEmptyHTMLContainersAreNotSelfClosed() {
        XCTAssertEqual(Markup.el("div").rendered, "<div></div>")
        XCTAssertEqual(Markup.el("meta", [("charset", "utf-8")]).rendered, "<meta charset=\"utf-8\">")
        XCTAssertEqual(Markup.el("rect", [("x", "1")]).rendered, "<rect x=\"1\"/>")
    }

    // Heckbert (1990) "Nice numbers for graph labels", Graphics Gems: range = nicenum(max − min, false),
    // step = nicenum(range/(n − 1), true), ticks from floor(min/step)·step to ceil(max/step)·step. Worked by hand:
    func testNiceScaleFollowsHeckbert() {
        // range 1 → nice 1; 1/5 = 0.2 → 0.2 (f = 2 < 3 → 2).
        let a = NiceScale(minimum: 0, maximum: 1, count: 6)
        XCTAssertEqual(a.step, 0.2, accuracy: 1e-15)
        XCTAssertEqual(a.ticks, [0, 0.2, 0.4, 0.6, 0.8, 1])
        // range 15.9 → nice 20 (f 1.59 ≤ 2); 20/5 = 4 → 5 (3 ≤ 4 < 7); −3.7 → −5, 12.2 → 15.
        let b = NiceScale(minimum: -3.7, maximum: 12.2, count: 6)
        XCTAssertEqual(b.step, 5)
        XCTAssertEqual(b.ticks, [-5, 0, 5, 10, 15])
        // range 0.74 → nice 1 (f 7.4 > 5 → 10 × 0.1); 1/5 = 0.2; 0.13 → 0, 0.87 → 1.
        let c = NiceScale(minimum: 0.13, maximum: 0.87, count: 6)
        XCTAssertEqual(c.ticks, [0, 0.2, 0.4, 0.6, 0.8, 1])
        // range 263 → nice 500 (f 2.63 ≤ 5); 500/10 = 50 → 50 (f 5 < 7); 412 → 400, 675 → 700.
        let d = NiceScale(minimum: 412, maximum: 675, count: 11)
        XCTAssertEqual(d.step, 50)
        XCTAssertEqual(d.lower, 400); XCTAssertEqual(d.upper, 700)
    }

    func testNiceScaleProperties() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let lo = Double.random(in: -1e4...1e4, using: &rng), width = pow(10, Double.random(in: -6...6, using: &rng))
            let s = NiceScale(minimum: lo, maximum: lo + width)
            XCTAssertLessThanOrEqual(s.lower, lo)
            XCTAssertGreaterThanOrEqual(s.upper, lo + width * (1 - 1e-12))
            let mantissa = s.step / pow(10, log10(s.step).rounded(.down))
            XCTAssertTrue([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(s.step)")
            XCTAssertTrue((2...12).contains(s.ticks.count), "\(s.ticks.count) ticks for \(lo)…\(lo + width)")
        }
    }

    func testTickLabelsUseTheStepsDecimals() {
        let s = NiceScale(minimum: 0, maximum: 0.5, count: 11)   // range 0.5, step nicenum(0.05) = 0.05
        XCTAssertEqual(s.step, 0.05, accuracy: 1e-15)
        XCTAssertEqual(s.label(0.15), "0.15")
        XCTAssertEqual(s.label(0.15, scale: 100), "15")
        XCTAssertEqual(NiceScale(minimum: 0, maximum: 1).label(0.6000000000000001), "0.6")
    }

    func testSVGNumbers() {
        XCTAssertEqual(svgNumber(1), "1")
        XCTAssertEqual(svgNumber(1.005), "1")   // 100.49999… rounds down in binary
        XCTAssertEqual(svgNumber(2.5), "2.5")
        XCTAssertEqual(svgNumber(-0.001), "0")
        XCTAssertEqual(svgNumber(.nan), "0")
    }
}
