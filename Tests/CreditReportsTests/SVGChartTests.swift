import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CreditMetrics
@testable import CreditReports
import XCTest

/// Collects elements, attributes and text of an XML document; fails on any parse error.
final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""
    var error: Error?
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    static func parse(_ xml: String, file: StaticString = #filePath, line: UInt = #line) -> XMLCollector {
        let c = XMLCollector()
        let p = XMLParser(data: Data(xml.utf8))
        p.delegate = c
        let ok = p.parse()
        XCTAssertTrue(ok && c.error == nil, "not well-formed XML: \(String(describing: c.error ?? p.parserError))", file: file, line: line)
        return c
    }
}

final class SVGChartTests: XCTestCase {
    /// A small sample with ties: 6 bads, 8 goods.
    let outcomes = try! ScoredOutcomes(scores: [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.4, 0.3, 0.2, 0.2, 0.1, 0.05],
                                       isBad: [true, true, false, true, false, true, false, true, false, false, true, false, false, false])

    func testROCChartIsWellFormedAndDrawsRocCurvesVertices() throws {
        let chart = HTMLReport.rocChart(outcomes, auc: AreaUnderCurve(outcomes))
        let svg = chart.svg(standalone: true).rendered
        let doc = XMLCollector.parse(svg)
        let root = try XCTUnwrap(doc.elements.first)
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(root.attributes["xmlns"], "http://www.w3.org/2000/svg")
        XCTAssertEqual(root.attributes["role"], "img")
        XCTAssertTrue(doc.elements.contains { $0.name == "title" } && doc.elements.contains { $0.name == "desc" })

        // The ROC polyline is the blue one; map its pixels back to data units (x: 0…1 over 62…506).
        let line = try XCTUnwrap(doc.elements.first { $0.name == "polyline" && $0.attributes["stroke"] == Palette.blue })
        let pts = try XCTUnwrap(line.attributes["points"]).split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        let roc = rocCurve(outcomes)
        XCTAssertEqual(pts.count, roc.count)
        let top = chart.plotTop, bottom = chart.height - chart.bottomMargin
        for (p, r) in zip(pts, roc) {
            // Two-decimal pixel coordinates: within 0.005 px, i.e. 0.005/444 of the axis.
            XCTAssertEqual((p[0] - Chart.left) / (Chart.right - Chart.left), r.x, accuracy: 0.006 / (Chart.right - Chart.left))
            XCTAssertEqual((bottom - p[1]) / (bottom - top), r.y, accuracy: 0.006 / (bottom - top))
        }
    }

    /// With a band the ROC chart shades it as one polygon (upper limits left to right, then lower limits right to
    /// left), drawn before (under) the curve, and says what it is in the legend and the description.
    /// The standalone file is an XML document (declaration, then one `svg` root in the SVG namespace) ending in a
    /// newline, named after the chart's id.
    func testSVGFileIsAStandaloneDocument() throws {
        let chart = HTMLReport.rocChart(outcomes, auc: AreaUnderCurve(outcomes))
        let file = chart.svgFile
        XCTAssertTrue(file.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"))
        XCTAssertTrue(file.hasSuffix("</svg>\n"))
        let root = try XCTUnwrap(XMLCollector.parse(file).elements.first)
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(root.attributes["xmlns"], "http://www.w3.org/2000/svg")
        XCTAssertEqual(chart.fileName, chart.id + ".svg")
        XCTAssertTrue(chart.fileName.hasPrefix("chart-"))
    }

    func testROCChartShadesThePointwiseBandUnderTheCurve() throws {
        let band = try ROCBand(outcomes, gridPoints: 11, replicates: 200, seed: 9)
        let chart = HTMLReport.rocChart(outcomes, auc: AreaUnderCurve(outcomes), band: band)
        let svg = chart.svg(standalone: true).rendered
        let doc = XMLCollector.parse(svg)
        let polygons = doc.elements.filter { $0.name == "polygon" }
        XCTAssertEqual(polygons.count, 1)
        let pts = try XCTUnwrap(polygons[0].attributes["points"]).split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        XCTAssertEqual(pts.count, 22)
        let top = chart.plotTop, bottom = chart.height - chart.bottomMargin
        let expected = zip(band.falsePositiveRates, band.upper).map { ($0, $1) } + zip(band.falsePositiveRates, band.lower).reversed().map { ($0, $1) }
        for (p, e) in zip(pts, expected) {
            XCTAssertEqual((p[0] - Chart.left) / (Chart.right - Chart.left), e.0, accuracy: 0.006 / (Chart.right - Chart.left))
            XCTAssertEqual((bottom - p[1]) / (bottom - top), e.1, accuracy: 0.006 / (bottom - top))
        }
        let polygonAt = try XCTUnwrap(doc.elements.firstIndex { $0.name == "polygon" })
        let curveAt = try XCTUnwrap(doc.elements.firstIndex { $0.name == "polyline" && $0.attributes["stroke"] == Palette.blue })
        XCTAssertLessThan(polygonAt, curveAt, "the band is drawn under the curve")
        XCTAssertTrue(doc.text.contains("pointwise 95% band of the TPR (bootstrap)"))
        XCTAssertTrue(doc.text.contains("pointwise 95% confidence band of the true-positive rate at each false-positive rate 0%, 10%, …, 100% (11 points"))
        XCTAssertTrue(doc.text.contains("200 stratified bootstrap replicates"))
        XCTAssertTrue(doc.text.contains("seed 9"))
        // Without a band: no polygon, no band text.
        let plain = XMLCollector.parse(HTMLReport.rocChart(outcomes, auc: AreaUnderCurve(outcomes)).svg(standalone: true).rendered)
        XCTAssertFalse(plain.elements.contains { $0.name == "polygon" })
        XCTAssertFalse(plain.text.contains("pointwise"))
    }

    func testHostileNamesAreTextInTheSVG() throws {
        let hostile = #"<script>alert(1)</script>&"'"#
        var chart = Chart(id: "chart-x", title: hostile, description: "desc " + hostile, xLabel: hostile, yLabel: "y")
        chart.xAxis = .categories([hostile, "b"])
        chart.layers = [.bars(name: hostile, values: [1, -2], labels: [hostile, "b"], colour: Palette.green),
                        .reference(y: 0.5, label: hostile, colour: Palette.orange)]
        for standalone in [true, false] {
            let svg = chart.svg(standalone: standalone).rendered
            XCTAssertFalse(svg.lowercased().contains("<script"))
            let doc = XMLCollector.parse(svg)
            XCTAssertFalse(doc.elements.contains { $0.name.lowercased() == "script" })
            XCTAssertTrue(doc.text.contains(hostile), "the parsed text holds the name as it was")
        }
    }

    func testEveryLayerKindRendersWellFormed() {
        var chart = Chart(id: "chart-all", title: "All", description: "d", xLabel: "x (%)", yLabel: "y (%)")
        chart.xPercent = true; chart.yPercent = true
        chart.layers = [
            .band(name: "band", lower: [ChartPoint(0, 0), ChartPoint(1, 0.8)], upper: [ChartPoint(0, 0.1), ChartPoint(1, 1)], colour: Palette.skyBlue),
            .histogram(name: "h", edges: [0, 0.5, 1], heights: [0.3, 0.7], colour: Palette.blue),
            .line(name: "l", points: [ChartPoint(0, 0), ChartPoint(.nan, 1), ChartPoint(1, 1)], colour: Palette.black, dash: "4 2"),
            .points(name: "p", points: [ChartPoint(0.5, 0.99)], labels: ["n=3"], colour: Palette.purple),
            .marker(x: 0.7, y1: 0.2, y2: 0.6, label: "KS", colour: Palette.black),
            .reference(y: 0.5, label: "ref", colour: Palette.orange),
        ]
        let doc = XMLCollector.parse(chart.svg(standalone: true).rendered)
        XCTAssertEqual(doc.elements.filter { $0.name == "polyline" }.count, 1)
        XCTAssertEqual(doc.elements.filter { $0.name == "polygon" }.count, 1)
    }

    func testLongCategoryLabelsAreCutAndTurnedWithRoom() {
        var chart = Chart(id: "chart-c", title: "t", description: "d", xLabel: "x", yLabel: "y")
        let labels = (0..<8).map { "a very long category label number \($0)" }
        chart.xAxis = .categories(labels)
        chart.layers = [.bars(name: nil, values: Array(repeating: 1, count: 8), labels: labels, colour: Palette.green)]
        XCTAssertTrue(chart.rotatedLabels)
        XCTAssertGreaterThan(chart.height, 360)
        let svg = chart.svg().rendered
        XCTAssertTrue(svg.contains(Chart.shortLabel(labels[0])))
        XCTAssertEqual(Chart.shortLabel(labels[0]).count, Chart.labelLimit)
        XCTAssertTrue(svg.contains("<title>\(labels[0])</title>"), "the full label is the tooltip")
    }
}
