import Foundation
import TestSupport
import XCTest

/// `credit report` rendered in headless Chromium: every chart draws, the page logs no console error and
/// loads nothing.
///
/// How "every chart drew" is checked, robustly and without a script in the report itself:
/// 1. A test-only copy of the report gets two small scripts: one in <head> records resource and script
///    errors, one runs on `load` and writes the page height and the page-coordinate box of every
///    `<svg role="img">` and of its plot frame (`rect.frame`) into an attribute of <body>. `chromium --dump-dom` prints that DOM.
/// 2. The unmodified report is screenshotted at the same width (1200 CSS px, scrollbars hidden, the same
///    device scale; no height-dependent CSS, so the layout is the same) and the page's full height, with
///    console logging on.
/// 3. The PNG is decoded here (chunks and scanline filters in Swift; the zlib stream inflated by python3's
///    standard library) and, inside every chart's plot frame, the test counts coloured pixels (Okabe–Ito colours
///    are saturated; axes, grid and text are grey) and the spread of brightness: a chart that did not draw
///    is white or grey only.
/// The screenshot and both HTML files are kept under $CREDIT_REPORT_SHOT_DIR when it is set.
final class ReportBrowserTests: XCTestCase {
    static func chromium() -> String? {
        if let path = ProcessInfo.processInfo.environment["CHROMIUM"] { return FileManager.default.isExecutableFile(atPath: path) ? path : nil }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") + ["/usr/bin", "/snap/bin"]
        for d in dirs { for n in ["chromium", "chromium-browser"] {
            let p = "\(d)/\(n)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        } }
        return nil
    }

    /// Runs a program, returning status, stdout and stderr (through files, so no pipe can fill).
    static func run(_ exe: String, _ args: [String], stdin: Data? = nil) throws -> (Int32, Data, String) {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let o = dir.appendingPathComponent("o"), e = dir.appendingPathComponent("e"), i = dir.appendingPathComponent("i")
        FileManager.default.createFile(atPath: o.path, contents: nil)
        FileManager.default.createFile(atPath: e.path, contents: nil)
        FileManager.default.createFile(atPath: i.path, contents: stdin ?? Data())
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = try FileHandle(forWritingTo: o)
        p.standardError = try FileHandle(forWritingTo: e)
        p.standardInput = try FileHandle(forReadingFrom: i)
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try Data(contentsOf: o), String(decoding: try Data(contentsOf: e), as: UTF8.self))
    }

    static let width = 1200
    /// Screenshot pixels per CSS px: half resolution keeps decoding (a debug build) to a few seconds; a chart
    /// is still some 220 × 170 pixels.
    static let scale = 0.5

    static func chromiumArguments(_ extra: [String]) -> [String] {
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=\(scale)",
         "--no-first-run", "--disable-extensions", "--disable-background-networking", "--user-data-dir=" + PackagePaths.temporaryDirectory().path] + extra
    }

    /// A chart's box and its plot frame's box, in CSS px of the page.
    struct Box { var id: String; var x, y, w, h: Double; var plot: (x: Double, y: Double, w: Double, h: Double) }

    func testEveryChartDrawsInHeadlessChromium() throws {
        guard let chromium = Self.chromium() else {
            XCTFail("chromium is not installed: `make test` installs it (Debian package 'chromium' in TEST_APT_DEPS); or run `apt-get install chromium fonts-dejavu-core`, or set CHROMIUM to the browser's path")
            return
        }
        let dir = PackagePaths.temporaryDirectory()
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        // A scorecard (WoE and bad-rate bars), a baseline (PSI, CSI) and vintages: every chart kind.
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", path("card.json")]).status, 0)
        XCTAssertEqual(try CLI.run(["synth", "--rows", "1500", "--seed", "3", "--performance", path("perf.csv"), "-o", path("loans.csv")]).status, 0)
        // Baseline: the first 400 rows of German credit, so PSI and CSI are not all zero.
        let lines = try String(contentsOfFile: CLI.german, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try Data((lines.prefix(401).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path("baseline.csv")))
        let report = path("report.html")
        let r = try CLI.run(["report", path("card.json"), CLI.german, "-o", report, "--bootstrap", "0", "--baseline", path("baseline.csv"),
                             "--performance", path("perf.csv")])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: report, encoding: .utf8)

        // 1. Measure the chart boxes in a copy with a measuring script.
        let head = "<script>window.__errors=[];addEventListener('error',function(e){__errors.push(String((e.target&&e.target.tagName)||e.message))},true);</script>"
        let tail = """
        <script>addEventListener('load',function(){var b=[].map.call(document.querySelectorAll('svg[role=img]'),function(s){var r=s.getBoundingClientRect();\
        var f=s.querySelector('rect.frame').getBoundingClientRect();\
        return [s.id,r.left+scrollX,r.top+scrollY,r.width,r.height,f.left+scrollX,f.top+scrollY,f.width,f.height].join(',')});document.body.setAttribute('data-measure',\
        [document.documentElement.scrollHeight,document.documentElement.scrollWidth,__errors.join('|')].join(';')+'#'+b.join('/'))});</script>
        """
        let measuring = html.replacingOccurrences(of: "<head>", with: "<head>" + head).replacingOccurrences(of: "</body>", with: tail + "</body>")
        let measurePath = path("measure.html")
        try Data(measuring.utf8).write(to: URL(fileURLWithPath: measurePath))
        let (ms, dom, merr) = try Self.run(chromium, Self.chromiumArguments(["--window-size=\(Self.width),900", "--virtual-time-budget=3000",
                                                                             "--dump-dom", measurePath]))
        XCTAssertEqual(ms, 0, merr)
        let domText = String(decoding: dom, as: UTF8.self)
        guard let start = domText.range(of: "data-measure=\""), let end = domText[start.upperBound...].firstIndex(of: "\"") else {
            return XCTFail("the measuring script did not run: \(domText.prefix(300))")
        }
        let measure = String(domText[start.upperBound..<end])
        let parts = measure.split(separator: "#", maxSplits: 1).map(String.init)
        let page = parts[0].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let pageHeight = Int(Double(page[0])!), pageWidth = Int(Double(page[1])!)
        XCTAssertEqual(page[2], "", "errors while loading the page: \(page[2])")
        XCTAssertLessThanOrEqual(pageWidth, Self.width, "the page is wider than the window (horizontal scrolling)")
        let boxes = parts[1].split(separator: "/").map { item -> Box in
            let f = item.split(separator: ",").map(String.init)
            return Box(id: f[0], x: Double(f[1])!, y: Double(f[2])!, w: Double(f[3])!, h: Double(f[4])!,
                       plot: (Double(f[5])!, Double(f[6])!, Double(f[7])!, Double(f[8])!))
        }
        let expected = html.components(separatedBy: "role=\"img\"").count - 1
        XCTAssertEqual(boxes.count, expected)
        XCTAssertGreaterThanOrEqual(boxes.count, 6 + 2 + 2 + 1)   // quality charts, one characteristic's pair at least, PSI/CSI, vintages
        for (i, a) in boxes.enumerated() {
            XCTAssertGreaterThan(a.w, 380, "\(a.id) is too narrow to read at a laptop's width")
            XCTAssertLessThanOrEqual(a.x + a.w, Double(Self.width), a.id)
            for b in boxes[(i + 1)...] {
                let overlap = a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1
                XCTAssertFalse(overlap, "charts \(a.id) and \(b.id) overlap")
            }
        }

        // 2. Screenshot the report itself, the whole page, with console logging.
        let shot = path("report.png")
        let (ss, _, serr) = try Self.run(chromium, Self.chromiumArguments(["--window-size=\(Self.width),\(pageHeight)", "--enable-logging=stderr",
                                                                           "--v=0", "--screenshot=\(shot)", report]))
        XCTAssertEqual(ss, 0, serr)
        let consoleLines = serr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertEqual(consoleLines, [], "console messages")

        // 3. Every chart box holds a drawn chart.
        let png = try PNGImage(data: Data(contentsOf: URL(fileURLWithPath: shot)))
        let k = Self.scale
        XCTAssertEqual(png.width, Int(Double(Self.width) * k))
        XCTAssertGreaterThanOrEqual(png.height, Int(Double(pageHeight) * k) - 1)
        for b in boxes {
            // Inside the plot frame only: the title and legend (coloured swatches) are outside it, so colour
            // here is drawn data.
            let p = b.plot
            XCTAssertTrue(p.x >= b.x && p.y >= b.y && p.x + p.w <= b.x + b.w + 0.5 && p.y + p.h <= b.y + b.h + 0.5, "\(b.id): plot outside its chart")
            let x0 = Int((p.x * k).rounded(.up)) + 1, x1 = Int(((p.x + p.w) * k).rounded(.down)) - 1
            let y0 = Int((p.y * k).rounded(.up)) + 1, y1 = min(png.height, Int(((p.y + p.h) * k).rounded(.down))) - 1
            XCTAssertLessThan(y0, y1, "\(b.id) is outside the screenshot")
            guard y0 < y1 else { continue }
            var coloured = 0, sum = 0.0, sum2 = 0.0, n = 0.0
            for y in y0..<y1 { for x in x0..<x1 {
                let (r, g, bl) = png.rgb(x, y)
                if max(r, g, bl) - min(r, g, bl) > 60 { coloured += 1 }
                let l = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(bl)
                sum += l; sum2 += l * l; n += 1
            } }
            let sd = (sum2 / n - (sum / n) * (sum / n)).squareRoot()
            XCTAssertGreaterThan(coloured, 40, "\(b.id): no coloured data drawn")
            XCTAssertGreaterThan(sd, 10, "\(b.id): nearly uniform, nothing drawn")
        }
        if let keep = ProcessInfo.processInfo.environment["CREDIT_REPORT_SHOT_DIR"] {
            for f in ["report.png", "report.html", "measure.html"] {
                try? FileManager.default.removeItem(atPath: keep + "/" + f)
                try FileManager.default.copyItem(atPath: path(f), toPath: keep + "/" + f)
            }
        }
    }
}

/// An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes), decoded to pixels.
struct PNGImage {
    let width: Int, height: Int, channels: Int
    let pixels: [UInt8]

    func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * width + x) * channels
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes[0..<8] == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Failure(description: "not a PNG") }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8, w = 0, h = 0, colourType = 0
        var idat: [UInt8] = []
        while i + 8 <= bytes.count {
            let length = u32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = (i + 8)..<(i + 8 + length)
            if type == "IHDR" {
                w = u32(body.lowerBound); h = u32(body.lowerBound + 4)
                guard bytes[body.lowerBound + 8] == 8, bytes[body.lowerBound + 12] == 0 else { throw Failure(description: "only 8-bit non-interlaced PNGs") }
                colourType = Int(bytes[body.lowerBound + 9])
            } else if type == "IDAT" { idat += bytes[body] } else if type == "IEND" { break }
            i = body.upperBound + 4
        }
        guard colourType == 2 || colourType == 6 else { throw Failure(description: "colour type \(colourType) not RGB(A)") }
        let c = colourType == 6 ? 4 : 3
        // zlib inflate by python3's standard library (Foundation on Linux has no zlib API).
        let (status, raw, err) = try ReportBrowserTests.run("/usr/bin/env", ["python3", "-c",
            "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"], stdin: Data(idat))
        guard status == 0 else { throw Failure(description: "python3 zlib: \(err)") }
        let stride = w * c
        guard raw.count == h * (stride + 1) else { throw Failure(description: "inflated \(raw.count) bytes, expected \(h * (stride + 1))") }
        var out = [UInt8](repeating: 0, count: h * stride)
        raw.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let filter = src[y * (stride + 1)], s = y * (stride + 1) + 1, d = y * stride
                    for x in 0..<stride {
                        let a = x >= c ? Int(dst[d + x - c]) : 0
                        let b = y > 0 ? Int(dst[d - stride + x]) : 0
                        let cc = (x >= c && y > 0) ? Int(dst[d - stride + x - c]) : 0
                        let v = Int(src[s + x])
                        let pred: Int
                        switch filter {
                        case 0: pred = 0
                        case 1: pred = a
                        case 2: pred = b
                        case 3: pred = (a + b) / 2
                        default:
                            let p = a + b - cc, pa = abs(p - a), pb = abs(p - b), pc = abs(p - cc)
                            pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : cc
                        }
                        dst[d + x] = UInt8((v + pred) & 0xFF)
                    }
                }
            }
        }
        width = w; height = h; channels = c; pixels = out
    }
}
