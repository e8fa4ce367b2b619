import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// `credit report` end to end on German credit: the HTML file, --svg, hostile names, errors.
final class ReportCLITests: XCTestCase {
    /// lr.json and card.json trained on German credit (target `default`).
    nonisolated(unsafe) static let models: [String: String] = {
        let dir = PackagePaths.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        _ = try! CLI.run(["train", CLI.german, "--target", "default", "-o", path("lr.json")])
        _ = try! CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", path("card.json")])
        return ["lr": path("lr.json"), "card": path("card.json"), "dir": dir.path]
    }()

    static func tmp(_ name: String) -> String { PackagePaths.temporaryDirectory().appendingPathComponent(name).path }

    /// Things a self-contained page must not have: scripts, event handlers, fetched resources. Looks at markup
    /// only (escaped text such as "&lt;img src=x&gt;" holds no raw "<", so it cannot match).
    static func assertSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let lower = html.lowercased()
        XCTAssertFalse(lower.contains("<script"), "the report contains a script", file: file, line: line)
        for tag in ["<link", "<iframe", "<img", "<object", "<embed", "<image", "<use"] {
            XCTAssertFalse(lower.contains(tag), "the report contains '\(tag)'", file: file, line: line)
        }
        let attribute = try! NSRegularExpression(pattern: #"<[a-z][^<>]*\s(src|href|xlink:href|on[a-z]+)\s*="#)
        XCTAssertNil(attribute.firstMatch(in: lower, range: NSRange(lower.startIndex..., in: lower)),
                     "the report has a src, href or event-handler attribute", file: file, line: line)
        XCTAssertFalse(lower.contains("url(") || lower.contains("@import"), "the stylesheet fetches something", file: file, line: line)
    }

    func testLogisticRegressionReportHasChartsTablesAndValidatesNumbers() throws {
        let out = Self.tmp("report.html")
        let r = try CLI.run(["report", Self.models["lr"]!, CLI.german, "-o", out, "--bootstrap", "0", "--title", "German credit LR"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        Self.assertSelfContained(html)
        XCTAssertTrue(html.contains("<title>German credit LR</title>"))
        for id in ["chart-roc", "chart-ks", "chart-distribution", "chart-calibration", "chart-gains", "chart-lift"] {
            XCTAssertTrue(html.contains("<svg id=\"\(id)\""), id)
        }
        XCTAssertFalse(html.contains("chart-woe-"), "no WoE charts for a plain logistic regression")
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, html.components(separatedBy: "role=\"img\"").count - 1)
        for table in ["table-summary", "table-metrics", "table-reliability", "table-gains", "table-coefficients"] {
            XCTAssertTrue(html.contains("<table id=\"\(table)\"><caption>"), table)
        }
        XCTAssertTrue(html.contains("<th scope=\"col\">"))

        // The same numbers as `credit validate` on the same files.
        let v = try CLI.run(["validate", Self.models["lr"]!, CLI.german, "--format", "json", "--bootstrap", "0"])
        XCTAssertEqual(v.status, 0, v.stderr)
        let e = (try JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as! [String: Any])["evaluation"] as! [String: Any]
        let auc = e["auc"] as! [String: Any]
        let ci = auc["confidenceInterval"] as! [String: Double]
        let ks = (e["kolmogorovSmirnov"] as! [String: Any])["statistic"] as! Double
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        XCTAssertTrue(html.contains("<th scope=\"row\">AUC</th><td>\(f(auc["value"] as! Double))</td><td>\(f(ci["lower"]!))–\(f(ci["upper"]!))"))
        XCTAssertTrue(html.contains("<th scope=\"row\">KS</th><td>\(f(ks))</td>"))
        // The ROC legend gives the AUC and its DeLong interval.
        XCTAssertTrue(html.contains("ROC: AUC \(String(format: "%.3f", auc["value"] as! Double)) (DeLong 95% CI"))
    }

    /// The ROC chart's band follows --bootstrap and --seed, and the caption says what it is; --bootstrap 0 draws none.
    func testROCBandFollowsBootstrapOptions() throws {
        func rocFigure(_ args: [String]) throws -> String {
            let out = Self.tmp("roc-band.html")
            let r = try CLI.run(["report", Self.models["lr"]!, CLI.german, "-o", out] + args)
            XCTAssertEqual(r.status, 0, r.stderr)
            let html = try String(contentsOfFile: out, encoding: .utf8)
            let start = try XCTUnwrap(html.range(of: "<figure id=\"fig-chart-roc\">"))
            let end = try XCTUnwrap(html.range(of: "</figure>", range: start.upperBound..<html.endIndex))
            return String(html[start.lowerBound..<end.upperBound])
        }
        let banded = try rocFigure(["--bootstrap", "200", "--seed", "11"])
        XCTAssertEqual(banded.components(separatedBy: "<polygon ").count - 1, 1)
        XCTAssertTrue(banded.contains("<figcaption>ROC curve with the chance diagonal. Shaded: the pointwise 95% confidence band of the true-positive rate at each false-positive rate 0%, 1%, …, 100% (101 points"))
        XCTAssertTrue(banded.contains("from 200 stratified bootstrap replicates (bads and goods resampled separately, seed 11)"))
        XCTAssertTrue(banded.contains("The legend gives the DeLong 95% confidence interval of the AUC"))
        XCTAssertEqual(try rocFigure(["--bootstrap", "200", "--seed", "11"]), banded, "the same seed gives the same band")
        XCTAssertNotEqual(try rocFigure(["--bootstrap", "200", "--seed", "12"]), banded)
        let plain = try rocFigure(["--bootstrap", "0"])
        XCTAssertFalse(plain.contains("<polygon"))
        XCTAssertTrue(plain.contains("No band: the bootstrap is off."))
    }

    func testScorecardReportWithSVGFiles() throws {
        let out = Self.tmp("card.html")
        let dir = Self.tmp("charts")
        let perf = Self.tmp("perf.csv")
        XCTAssertEqual(try CLI.run(["synth", "--rows", "500", "--seed", "2", "--performance", perf, "-o", Self.tmp("loans.csv")]).status, 0)
        let r = try CLI.run(["report", Self.models["card"]!, CLI.german, "-o", out, "--svg", dir, "--bootstrap", "0",
                             "--baseline", CLI.german, "--performance", perf])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        Self.assertSelfContained(html)
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.models["card"]!))) as! [String: Any]
        let characteristics = ((model["scorecard"] as! [String: Any])["characteristics"] as! [Any]).count
        XCTAssertGreaterThan(characteristics, 0)
        // 6 model-quality charts, WoE and bad rate per characteristic, score PSI and CSI, vintages.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".svg") }
        XCTAssertEqual(files.count, 6 + 2 * characteristics + 2 + 1, files.sorted().joined(separator: " "))
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, files.count, "the page holds the same charts")
        for name in files {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            XCTAssertTrue(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(name.dropLast(4))\""), name)
            let parser = XMLParser(data: Data(text.utf8))
            XCTAssertTrue(parser.parse(), "\(name): \(String(describing: parser.parserError))")
        }
        XCTAssertTrue(html.contains("chart-woe-1") && html.contains("chart-psi") && html.contains("chart-csi") && html.contains("chart-vintage"))
        XCTAssertTrue(html.contains("<table id=\"table-vintage\">"))
        // The same data as baseline: every band share equal, PSI 0.
        XCTAssertTrue(html.contains("Score stability (PSI 0.000)"))
    }

    func testHostileNamesAreEscapedAndNothingRuns() throws {
        let name = "<script>alert(1)</script>"
        var csv = "\"\(name)\",x,default\n"
        var rng = SeededGenerator(seed: 5)
        for i in 0..<400 {
            let level = [name, "a&b \"q\" 'x'", "<img src=x onerror=alert(2)>"][i % 3]
            let x = Double(rng.next() % 1000) / 100
            let bad = (i % 3 == 0 ? 0.45 : 0.2) + x / 50 > Double(rng.next() % 1000) / 1000
            csv += "\"\(level.replacingOccurrences(of: "\"", with: "\"\""))\",\(x),\(bad ? 1 : 0)\n"
        }
        let data = temporaryFile("hostile.csv", csv)
        for scorecard in [false, true] {
            let model = Self.tmp("hostile.json")
            let t = try CLI.run(["train", data, "--target", "default", "-o", model] + (scorecard ? ["--scorecard", "--min-bin-share", "0.05"] : []))
            XCTAssertEqual(t.status, 0, t.stderr)
            let out = Self.tmp("hostile.html"), dir = Self.tmp("hostile-svg")
            let r = try CLI.run(["report", model, data, "-o", out, "--svg", dir, "--bootstrap", "0", "--title", name])
            XCTAssertEqual(r.status, 0, r.stderr)
            let html = try String(contentsOfFile: out, encoding: .utf8)
            Self.assertSelfContained(html)
            XCTAssertFalse(html.lowercased().contains("<img"))
            XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is shown as text")
            XCTAssertTrue(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
            if scorecard {
                XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"), "the level is shown as text")
                XCTAssertTrue(html.contains("a&amp;b &quot;q&quot; &#39;x&#39;"))
            }
            for file in try FileManager.default.contentsOfDirectory(atPath: dir) {
                let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
                XCTAssertFalse(text.lowercased().contains("<script"), file)
                XCTAssertTrue(XMLParser(data: Data(text.utf8)).parse(), file)
            }
        }
    }

    func testMissingModelFails() throws {
        let out = Self.tmp("x.html")
        let r = try CLI.run(["report", "/nonexistent/model.json", CLI.german, "-o", out])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("/nonexistent/model.json"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testOutputThatIsADirectoryFailsClearlyWithoutAPartialFile() throws {
        let dir = PackagePaths.temporaryDirectory()
        let r = try CLI.run(["report", Self.models["lr"]!, CLI.german, "-o", dir.path, "--bootstrap", "0"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("it is a directory"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }

    /// Data without the target makes the applicants-only page (PointsCLITests); without the model's columns
    /// either, it is bad data naming them, and nothing is written.
    func testDataWithoutTheTargetIsBadData() throws {
        let data = temporaryFile("notarget.csv", "a,b\n1,2\n")
        let out = Self.tmp("y.html")
        let r = try CLI.run(["report", Self.models["lr"]!, data, "-o", out])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("needs columns 'status_of_existing_checking_account'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testHelpHasExamples() throws {
        let r = try CLI.run(["report", "--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Examples:"))
        XCTAssertTrue(r.stdout.contains("credit report out/model.json datasets/german_credit.csv -o out/report.html"))
    }
}
