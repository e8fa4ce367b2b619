import Foundation

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for the common colour-vision
/// deficiencies; charts use it in this order.
package enum Palette {
    package static let black = "#000000", orange = "#E69F00", skyBlue = "#56B4E9", green = "#009E73"
    package static let yellow = "#F0E442", blue = "#0072B2", vermillion = "#D55E00", purple = "#CC79A7"
    package static let good = blue, bad = vermillion
    /// Line colours in order; yellow is left out (too faint for a thin line on white).
    package static let cycle = [blue, vermillion, green, orange, purple, skyBlue, black]
    /// Dash patterns to tell lines apart without colour.
    package static let dashes = ["", "6 3", "2 2", "8 3 2 3"]
}

package struct ChartPoint: Sendable, Equatable {
    package var x: Double
    package var y: Double
    package init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// One layer of a chart. Coordinates are data units; the chart maps them.
package enum ChartLayer: Sendable {
    /// A polyline; `steps` draws it as a staircase (horizontal then vertical).
    case line(name: String?, points: [ChartPoint], colour: String, dash: String = "", width: Double = 2)
    /// A filled band between two curves sharing x values (drawn under lines).
    case band(name: String?, lower: [ChartPoint], upper: [ChartPoint], colour: String)
    /// Bars at categories (categorical x axis): `group` of `groups` side-by-side bars per category.
    case bars(name: String?, values: [Double], labels: [String], colour: String, group: Int = 0, groups: Int = 1)
    /// A histogram on a numeric x axis: bars between consecutive `edges`, translucent so two can overlap.
    case histogram(name: String?, edges: [Double], heights: [Double], colour: String)
    /// Dots with an optional small label each (e.g. a count).
    case points(name: String?, points: [ChartPoint], labels: [String], colour: String)
    /// A vertical segment from (x, y1) to (x, y2) with a label beside it.
    case marker(x: Double, y1: Double, y2: Double, label: String, colour: String)
    /// A horizontal reference line across the plot with a label at its right end.
    case reference(y: Double, label: String, colour: String, dash: String = "4 3")
}

package enum ChartXAxis: Sendable {
    case numeric
    /// Category labels, left to right.
    case categories([String])
}

/// A chart: title, description (the key numbers, for screen readers), axes and layers, drawn as an
/// inline SVG of fixed viewBox width 520 that scales to its container.
public struct Chart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    package var xLabel: String
    package var yLabel: String
    package var xAxis: ChartXAxis = .numeric
    package var xRange: ClosedRange<Double>?
    package var yRange: ClosedRange<Double>?
    /// Tick labels × 100 (the axis label should say "%").
    package var xPercent = false
    package var yPercent = false
    package var layers: [ChartLayer] = []

    public init(id: String, title: String, description: String, xLabel: String, yLabel: String) {
        self.id = id; self.title = title; self.description = description; self.xLabel = xLabel; self.yLabel = yLabel
    }

    static let width = 520.0
    static let left = 62.0, right = 506.0, top = 58.0

    var categories: [String] { if case .categories(let c) = xAxis { return c } else { return [] } }

    /// Category labels longer than this are cut with "…" (the full label is in the bar's tooltip and the table).
    static let labelLimit = 18

    static func shortLabel(_ s: String) -> String {
        s.count <= labelLimit ? s : String(s.prefix(labelLimit - 1)) + "…"
    }

    /// Category labels are turned 50° when they would not fit side by side.
    var rotatedLabels: Bool {
        let c = categories
        guard !c.isEmpty else { return false }
        let slot = (Chart.right - Chart.left) / Double(c.count)
        let widest = c.map { Double(Chart.shortLabel($0).count) * 6.2 }.max() ?? 0
        return widest > slot - 4
    }

    /// Room under the plot: tick labels and the axis label; more when category labels are turned 50°.
    var bottomMargin: Double {
        guard rotatedLabels else { return 60 }
        let longest = Double(categories.map { Chart.shortLabel($0).count }.max() ?? 0)
        return 12 + longest * 6.2 * sin(50 * Double.pi / 180) + 36
    }

    /// Height of the viewBox: title, legend, a 242-unit plot and the bottom margin.
    var height: Double { plotTop + 242 + bottomMargin }

    func dataXRange() -> ClosedRange<Double> {
        if let xRange { return xRange }
        var xs: [Double] = []
        for l in layers {
            switch l {
            case .line(_, let p, _, _, _), .points(_, let p, _, _): xs += p.map(\.x)
            case .band(_, let lo, let hi, _): xs += lo.map(\.x) + hi.map(\.x)
            case .histogram(_, let e, _, _): xs += e
            case .marker(let x, _, _, _, _): xs.append(x)
            default: break
            }
        }
        xs = xs.filter(\.isFinite)
        return (xs.min() ?? 0)...(xs.max() ?? 1)
    }

    func dataYRange() -> ClosedRange<Double> {
        if let yRange { return yRange }
        var ys: [Double] = [0]
        for l in layers {
            switch l {
            case .line(_, let p, _, _, _), .points(_, let p, _, _): ys += p.map(\.y)
            case .band(_, let lo, let hi, _): ys += lo.map(\.y) + hi.map(\.y)
            case .histogram(_, _, let h, _): ys += h
            case .bars(_, let v, _, _, _, _): ys += v
            case .marker(_, let a, let b, _, _): ys += [a, b]
            case .reference(let y, _, _, _): ys.append(y)
            }
        }
        ys = ys.filter(\.isFinite)
        return (ys.min() ?? 0)...(ys.max() ?? 1)
    }

    /// Legend entries in layer order: name, colour, dash, filled swatch.
    var legendEntries: [(String, String, String, Bool)] {
        layers.compactMap { l -> (String, String, String, Bool)? in
            switch l {
            case .band(let n, _, _, let c), .histogram(let n, _, _, let c), .bars(let n, _, _, let c, _, _), .points(let n, _, _, let c):
                return n.map { ($0, c, "", true) }
            case .line(let n, _, let c, let d, _): return n.map { ($0, c, d, false) }
            case .reference(_, let label, let c, let d): return (label, c, d, false)
            case .marker: return nil
            }
        }
    }

    /// Legend swatch positions: one row under the title, wrapping when needed.
    func legendLayout() -> [(x: Double, y: Double)] {
        var lx = Chart.left, ly = 38.0
        var out: [(x: Double, y: Double)] = []
        for (name, _, _, _) in legendEntries {
            let w = 22 + Double(name.count) * 6.4 + 14
            if lx + w > Chart.right + 10 && lx > Chart.left { lx = Chart.left; ly += 15 }
            out.append((lx, ly))
            lx += w
        }
        return out
    }

    /// The top of the plot area: under the title and the legend rows.
    var plotTop: Double { max(Chart.top, (legendLayout().map(\.y).max() ?? 38) + 16) }

    /// The chart as an `<svg>` element; `standalone` adds the xmlns (for a file of its own).
    public func svg(standalone: Bool = false) -> Markup {
        let T = plotTop
        let h = height
        let bottom = h - bottomMargin
        let xr = dataXRange(), yr = dataYRange()
        let xs = NiceScale(minimum: xr.lowerBound, maximum: xr.upperBound)
        let ys = NiceScale(minimum: yr.lowerBound, maximum: yr.upperBound, count: 6)
        let categorical = !categories.isEmpty
        let xLo = xRange?.lowerBound ?? xs.lower, xHi = xRange?.upperBound ?? xs.upper
        let yLo = yRange?.lowerBound ?? ys.lower, yHi = yRange?.upperBound ?? ys.upper
        let L = Chart.left, R = Chart.right
        func px(_ x: Double) -> Double { L + (x - xLo) / (xHi - xLo) * (R - L) }
        func py(_ y: Double) -> Double { bottom - (min(max(y, yLo), yHi) - yLo) / (yHi - yLo) * (bottom - T) }
        let slot = categorical ? (R - L) / Double(categories.count) : 0
        func cx(_ i: Int) -> Double { L + (Double(i) + 0.5) * slot }

        var nodes: [Markup] = [
            .el("title", text: title),
            .el("desc", text: description),
            .el("rect", [("x", "0"), ("y", "0"), ("width", svgNumber(Chart.width)), ("height", svgNumber(h)), ("fill", "#ffffff")]),
            .el("text", [("x", svgNumber(L)), ("y", "20"), ("class", "ct")], text: title),
        ]
        // Grid and y ticks.
        var grid: [Markup] = []
        for t in ys.ticks where t >= yLo - 1e-12 && t <= yHi + 1e-12 {
            let y = svgNumber(py(t))
            grid.append(.el("line", [("x1", svgNumber(L)), ("x2", svgNumber(R)), ("y1", y), ("y2", y), ("class", "grid")]))
            grid.append(.el("text", [("x", svgNumber(L - 6)), ("y", y), ("class", "tk"), ("text-anchor", "end"), ("dominant-baseline", "middle")],
                            text: ys.label(t, scale: yPercent ? 100 : 1)))
        }
        if categorical {
            let turned = rotatedLabels
            for (i, c) in categories.enumerated() {
                let x = cx(i)
                if turned {
                    nodes.append(.el("text", [("x", svgNumber(x)), ("y", svgNumber(bottom + 12)), ("class", "tk"), ("text-anchor", "end"),
                                               ("transform", "rotate(-50 \(svgNumber(x)) \(svgNumber(bottom + 12)))")],
                                     [.el("title", text: c), .text(Chart.shortLabel(c))]))
                } else {
                    nodes.append(.el("text", [("x", svgNumber(x)), ("y", svgNumber(bottom + 16)), ("class", "tk"), ("text-anchor", "middle")],
                                     [.el("title", text: c), .text(Chart.shortLabel(c))]))
                }
            }
        } else {
            for t in xs.ticks where t >= xLo - 1e-12 && t <= xHi + 1e-12 {
                let x = svgNumber(px(t))
                grid.append(.el("line", [("x1", x), ("x2", x), ("y1", svgNumber(T)), ("y2", svgNumber(bottom)), ("class", "grid")]))
                grid.append(.el("text", [("x", x), ("y", svgNumber(bottom + 16)), ("class", "tk"), ("text-anchor", "middle")],
                                text: xs.label(t, scale: xPercent ? 100 : 1)))
            }
        }
        nodes.append(.el("g", [("class", "axes")], grid))
        nodes.append(.el("text", [("x", svgNumber((L + R) / 2)), ("y", svgNumber(h - 10)), ("class", "al"), ("text-anchor", "middle")], text: xLabel))
        nodes.append(.el("text", [("x", "14"), ("y", svgNumber((T + bottom) / 2)), ("class", "al"), ("text-anchor", "middle"),
                                  ("transform", "rotate(-90 14 \(svgNumber((T + bottom) / 2)))")], text: yLabel))

        // Layers: bands first, then bars, then lines and marks.
        var under: [Markup] = [], middle: [Markup] = [], over: [Markup] = []
        for layer in layers {
            switch layer {
            case .band(_, let lo, let hi, let colour):
                let pts = (hi + lo.reversed()).map { "\(svgNumber(px($0.x))),\(svgNumber(py($0.y)))" }.joined(separator: " ")
                under.append(.el("polygon", [("points", pts), ("fill", colour), ("fill-opacity", "0.18"), ("stroke", "none")]))
            case .histogram(_, let edges, let heights, let colour):
                var bars: [Markup] = []
                for (i, v) in heights.enumerated() where i + 1 < edges.count && v > 0 {
                    let x0 = px(edges[i]), x1 = px(edges[i + 1])
                    bars.append(.el("rect", [("x", svgNumber(x0)), ("y", svgNumber(py(v))), ("width", svgNumber(max(0.5, x1 - x0))),
                                             ("height", svgNumber(py(yLo < 0 ? 0 : yLo) - py(v)))]))
                }
                middle.append(.el("g", [("fill", colour), ("fill-opacity", "0.45"), ("stroke", colour), ("stroke-width", "0.8")], bars))
            case .bars(_, let values, let labels, let colour, let group, let groups):
                var bars: [Markup] = []
                let inner = slot * 0.8, w = inner / Double(groups)
                let zero = py(max(yLo, min(0, yHi)))
                for (i, v) in values.enumerated() where v.isFinite {
                    let x0 = cx(i) - inner / 2 + Double(group) * w
                    let y = py(v)
                    let label = i < labels.count ? labels[i] : ""
                    bars.append(.el("rect", [("x", svgNumber(x0)), ("y", svgNumber(min(y, zero))), ("width", svgNumber(max(0.5, w - 1))),
                                             ("height", svgNumber(max(0.5, abs(zero - y))))],
                                    label.isEmpty ? [] : [.el("title", text: label)]))
                }
                middle.append(.el("g", [("fill", colour)], bars))
            case .line(_, let points, let colour, let dash, let width):
                let pts = points.filter { $0.x.isFinite && $0.y.isFinite }.map { "\(svgNumber(px($0.x))),\(svgNumber(py($0.y)))" }
                var attrs = [("points", pts.joined(separator: " ")), ("fill", "none"), ("stroke", colour), ("stroke-width", svgNumber(width)),
                             ("stroke-linejoin", "round")]
                if !dash.isEmpty { attrs.append(("stroke-dasharray", dash)) }
                over.append(.el("polyline", attrs))
            case .points(_, let points, let labels, let colour):
                var dots: [Markup] = []
                for (i, p) in points.enumerated() where p.x.isFinite && p.y.isFinite {
                    let x = px(p.x), y = py(p.y)
                    dots.append(.el("circle", [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", "3.5"), ("fill", colour)]))
                    if i < labels.count, !labels[i].isEmpty {
                        // Labels go above the dot, below it near the top edge.
                        let ly = y - 8 < T + 6 ? y + 15 : y - 8
                        dots.append(.el("text", [("x", svgNumber(x)), ("y", svgNumber(ly)), ("class", "pl"), ("text-anchor", "middle")], text: labels[i]))
                    }
                }
                over.append(.el("g", [], dots))
            case .marker(let x, let y1, let y2, let label, let colour):
                let X = px(x)
                over.append(.el("line", [("x1", svgNumber(X)), ("x2", svgNumber(X)), ("y1", svgNumber(py(y1))), ("y2", svgNumber(py(y2))),
                                         ("stroke", colour), ("stroke-width", "2"), ("stroke-dasharray", "3 2")]))
                let anchorEnd = X > (L + R) / 2
                over.append(.el("text", [("x", svgNumber(anchorEnd ? X - 6 : X + 6)), ("y", svgNumber((py(y1) + py(y2)) / 2)),
                                         ("class", "ml"), ("text-anchor", anchorEnd ? "end" : "start"), ("dominant-baseline", "middle")], text: label))
            case .reference(let y, _, let colour, let dash):
                let Y = svgNumber(py(y))
                over.append(.el("line", [("x1", svgNumber(L)), ("x2", svgNumber(R)), ("y1", Y), ("y2", Y), ("stroke", colour),
                                         ("stroke-width", "1.5"), ("stroke-dasharray", dash)]))
                // The label is in the legend (a dashed swatch), never over the data.
            }
        }
        nodes.append(.el("g", [("class", "data")], under + middle + over))
        nodes.append(.el("rect", [("x", svgNumber(L)), ("y", svgNumber(T)), ("width", svgNumber(R - L)), ("height", svgNumber(bottom - T)),
                                  ("fill", "none"), ("stroke", "#444444"), ("stroke-width", "1"), ("class", "frame")]))
        // Legend: one row under the title, wrapping to further rows when needed.
        var items: [Markup] = []
        for ((name, colour, dash, filled), (lx, ly)) in zip(legendEntries, legendLayout()) {
            if filled {
                items.append(.el("rect", [("x", svgNumber(lx)), ("y", svgNumber(ly - 5)), ("width", "14"), ("height", "9"), ("fill", colour),
                                          ("fill-opacity", "0.6")]))
            } else {
                var a = [("x1", svgNumber(lx)), ("x2", svgNumber(lx + 16)), ("y1", svgNumber(ly)), ("y2", svgNumber(ly)), ("stroke", colour),
                         ("stroke-width", "2.5")]
                if !dash.isEmpty { a.append(("stroke-dasharray", dash)) }
                items.append(.el("line", a))
            }
            items.append(.el("text", [("x", svgNumber(lx + 20)), ("y", svgNumber(ly)), ("class", "lg"), ("dominant-baseline", "middle")], text: name))
        }
        nodes.append(.el("g", [("class", "legend")], items))

        var attrs: [(String, String)] = []
        if standalone { attrs.append(("xmlns", "http://www.w3.org/2000/svg")) }
        attrs += [("id", id), ("viewBox", "0 0 \(svgNumber(Chart.width)) \(svgNumber(h))"), ("role", "img"),
                  ("aria-labelledby", "\(id)-t \(id)-d"), ("font-family", Chart.fontStack)]
        nodes[0] = .el("title", [("id", "\(id)-t")], text: title)
        nodes[1] = .el("desc", [("id", "\(id)-d")], text: description)
        if standalone { nodes.insert(.el("style", [], [.styleSheet(Chart.svgStyle)]), at: 2) }
        return .el("svg", attrs, nodes)
    }

    /// The system font stack: no web font is ever fetched.
    package static let fontStack = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"

    /// Text classes of the charts (inside each standalone SVG; the HTML page carries the same rules).
    package static let svgStyle: StaticString = """
    .ct{font-size:14px;font-weight:600;fill:#111}.tk{font-size:10.5px;fill:#333}.al{font-size:12px;fill:#111}\
    .lg{font-size:11px;fill:#222}.ml{font-size:11px;fill:#111;font-weight:600}.pl{font-size:9.5px;fill:#333}\
    .grid{stroke:#e3e3e3;stroke-width:1}
    """
}
