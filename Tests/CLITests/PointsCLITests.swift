import Foundation
import TestSupport
import XCTest

/// The points view of a scorecard (issue 20 item 8) end to end on the small-borrower data: `validate`'s KS and
/// gains on the score against a brute force written here over the points `credit score` writes and the data's
/// outcomes; `monitor`'s master-scale bounds in points against the scaling formula; `report`'s points and
/// strategy sections, its applicants-only page, and its bad input.
final class PointsCLITests: XCTestCase {
    /// card.json and lr.json trained on datasets/small_borrowers.csv; scores.csv from `credit score card.json`.
    nonisolated(unsafe) static let files: [String: String] = {
        let dir = PackagePaths.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let data = PackagePaths.path("datasets/small_borrowers.csv")
        let exclude = ["--exclude", "loan_id,application_date,true_pd"]
        _ = try! CLI.run(["train", data, "--target", "default", "--scorecard", "-o", path("card.json")] + exclude)
        _ = try! CLI.run(["train", data, "--target", "default", "-o", path("lr.json")] + exclude)
        _ = try! CLI.run(["score", path("card.json"), data, "-o", path("scores.csv")])
        // The data without its target column: an applicants-only sample.
        let rows = simpleCSV(data)
        let t = rows[0].firstIndex(of: "default")!
        let applicants = rows.map { r in r.enumerated().filter { $0.offset != t }.map(\.element).joined(separator: ",") }
        try! (applicants.joined(separator: "\n") + "\n").write(toFile: path("applicants.csv"), atomically: true, encoding: .utf8)
        return ["data": data, "card": path("card.json"), "lr": path("lr.json"), "scores": path("scores.csv"),
                "applicants": path("applicants.csv"), "dir": dir.path]
    }()

    static func tmp(_ name: String) -> String { URL(fileURLWithPath: files["dir"]!).appendingPathComponent(name).path }

    /// Points per row from `credit score` and each row's outcome.
    static let rows: (points: [Double], bad: [Bool]) = {
        let scores = simpleCSV(files["scores"]!)
        let s = scores[0].firstIndex(of: "score")!
        let data = simpleCSV(files["data"]!)
        let t = data[0].firstIndex(of: "default")!
        return (scores.dropFirst().map { Double($0[s])! }, data.dropFirst().map { $0[t] == "1" })
    }()

    func json(_ r: CLIResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    /// The scaling of the card (`credit train` defaults: 600 points at 50:1, 20 points to double the odds):
    /// score = Offset − Factor·ln(PD/(1 − PD)), PD = 1/(1 + e^((score − Offset)/Factor)).
    static let factor = 20 / log(2.0), offset = 600 - 20 / log(2.0) * log(50.0)
    static func pd(_ score: Double) -> Double { 1 / (1 + exp((score - offset) / factor)) }

    func testValidateKSAndGainsOnPointsMatchABruteForceOverTheScoredPoints() throws {
        let f = Self.files
        let r = try CLI.run(["validate", f["card"]!, f["data"]!, "--bootstrap", "0", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let p = try json(r)["points"] as! [String: Any]
        let (points, bad) = Self.rows
        XCTAssertEqual(points.count, 5000)
        let nb = Double(bad.count { $0 }), ng = Double(bad.count { !$0 })

        // KS: classed bad when score ≤ s, over every distinct s from the lowest; the first maximum.
        var best = (d: -Double.infinity, s: 0.0, tpr: 0.0, fpr: 0.0)
        for s in Set(points).sorted() {
            let below = points.indices.filter { points[$0] <= s }
            let tpr = Double(below.count { bad[$0] }) / nb, fpr = Double(below.count { !bad[$0] }) / ng
            if tpr - fpr > best.d { best = (tpr - fpr, s, tpr, fpr) }
        }
        let ks = p["kolmogorovSmirnov"] as! [String: Double]
        XCTAssertEqual(ks["statistic"]!, best.d, accuracy: 1e-12)
        XCTAssertEqual(ks["truePositiveRate"]!, best.tpr, accuracy: 1e-12)
        XCTAssertEqual(ks["falsePositiveRate"]!, best.fpr, accuracy: 1e-12)
        XCTAssertEqual(p["cutoffPoints"] as? Double, best.s)
        XCTAssertEqual(p["cutoffProbability"] as! Double, Self.pd(best.s), accuracy: 1e-12)
        XCTAssertEqual(p["distinctScores"] as? Int, Set(points).count)

        // Gains: lowest scores first (ties in row order), deciles of ⌊n(g+1)/10⌋ − ⌊ng/10⌋ rows.
        let order = points.indices.sorted { points[$0] < points[$1] || (points[$0] == points[$1] && $0 < $1) }
        let gains = p["gains"] as! [[String: Any]]
        XCTAssertEqual(gains.count, 10)
        var cumBads = 0
        for (g, row) in gains.enumerated() {
            let band = order[(5000 * g / 10)..<(5000 * (g + 1) / 10)]
            let bads = band.count { bad[$0] }
            cumBads += bads
            let lo = band.map { points[$0] }.min()!, hi = band.map { points[$0] }.max()!
            XCTAssertEqual(row["rows"] as? Int, band.count)
            XCTAssertEqual(row["bads"] as? Int, bads)
            XCTAssertEqual(row["minimumPoints"] as? Double, lo)
            XCTAssertEqual(row["maximumPoints"] as? Double, hi)
            XCTAssertEqual(row["probabilityAtMinimum"] as! Double, Self.pd(lo), accuracy: 1e-12)
            XCTAssertEqual(row["probabilityAtMaximum"] as! Double, Self.pd(hi), accuracy: 1e-12)
            XCTAssertEqual(row["badRate"] as! Double, Double(bads) / Double(band.count), accuracy: 1e-12)
            XCTAssertEqual(row["cumulativeCapture"] as! Double, Double(cumBads) / nb, accuracy: 1e-12)
        }
        XCTAssertEqual(cumBads, Int(nb))

        // The text shows the cut-off in points with its PD; a plain model has no points view.
        let text = try CLI.run(["validate", f["card"]!, f["data"]!, "--bootstrap", "0"])
        XCTAssertTrue(text.stdout.contains("KS on points"), text.stdout)
        XCTAssertTrue(text.stdout.contains("at score ≤ \(Int(best.s)) points (PD "), text.stdout)
        XCTAssertTrue(text.stdout.contains("gains by score band in points"))
        let lr = try CLI.run(["validate", f["lr"]!, f["data"]!, "--bootstrap", "0", "--format", "json"])
        XCTAssertEqual(lr.status, 0, lr.stderr)
        XCTAssertNil(try json(lr)["points"])
        let lrText = try CLI.run(["validate", f["lr"]!, f["data"]!, "--bootstrap", "0"])
        XCTAssertFalse(lrText.stdout.contains("KS on points") || lrText.stdout.contains("score band in points"), lrText.stdout)
    }

    func testMonitorMasterScaleBoundsInPointsFollowTheScaling() throws {
        let f = Self.files
        let bounds = [0.02, 0.05, 0.1, 0.2]
        let r = try CLI.run(["monitor", f["card"]!, f["data"]!, f["data"]!, "--grade-bounds", bounds.map { "\($0)" }.joined(separator: ","),
                             "--format", "json", "--optimism-replicates", "0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let given = (try json(r)["result"] as! [String: Any])["masterScalePoints"] as! [Double]
        XCTAssertEqual(given.count, bounds.count)
        for (b, s) in zip(bounds, given) {
            XCTAssertEqual(s, Self.offset - Self.factor * log(b / (1 - b)), accuracy: 1e-9)
            XCTAssertEqual(Self.pd(s), b, accuracy: 1e-12)
        }
        let text = try CLI.run(["monitor", f["card"]!, f["data"]!, f["data"]!, "--grade-bounds", "0.02,0.05,0.1,0.2", "--optimism-replicates", "0"])
        XCTAssertTrue(text.stdout.contains("points above"), text.stdout)
        XCTAssertTrue(text.stdout.contains("599.4"), "50:1 at 600 points, 49:1 at 600 − 28.85·ln(50/49) = 599.4")
        let lr = try CLI.run(["monitor", f["lr"]!, f["data"]!, f["data"]!, "--format", "json", "--optimism-replicates", "0"])
        XCTAssertEqual(lr.status, 0, lr.stderr)
        XCTAssertNil((try json(lr)["result"] as! [String: Any])["masterScalePoints"])
    }

    func testReportHasPointsAndStrategySections() throws {
        let f = Self.files
        let out = Self.tmp("card.html")
        let r = try CLI.run(["report", f["card"]!, f["data"]!, "-o", out, "--bootstrap", "0", "--gain-good", "2", "--loss-bad", "7"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        for id in ["section id=\"points\"", "table id=\"table-points-ks\"", "table id=\"table-points-gains\"",
                   "section id=\"strategy\"", "table id=\"table-strategy\"", "table id=\"table-metrics\""] {
            XCTAssertTrue(html.contains("<\(id)"), id)
        }
        XCTAssertTrue(html.contains("Profit = 2·goods approved − 7·bads approved"))
        // The strategy table is credit strategy's, the same rows.
        let s = try CLI.run(["strategy", f["card"]!, f["data"]!, "--gain-good", "2", "--loss-bad", "7", "--format", "json"])
        let rows = try json(s)["rows"] as! [[String: Any]]
        for row in rows { XCTAssertTrue(html.contains("<th scope=\"row\">\(StrategyCLI.shown(row["cutoff"] as! Double))</th>")) }
        // A plain model: a strategy table in PD, no points section.
        let lrOut = Self.tmp("lr.html")
        let lr = try CLI.run(["report", f["lr"]!, f["data"]!, "-o", lrOut, "--bootstrap", "0"])
        XCTAssertEqual(lr.status, 0, lr.stderr)
        let lrHTML = try String(contentsOfFile: lrOut, encoding: .utf8)
        XCTAssertFalse(lrHTML.contains("id=\"points\""))
        XCTAssertTrue(lrHTML.contains("<table id=\"table-strategy\">"))
    }

    /// report's --cutoff and costs mean what validate's do: the page's confusion matrix at --cutoff 540 (points,
    /// classed bad below) has validate's counts, and its costs are the given ones.
    func testReportCutoffAndCostsAreValidates() throws {
        let f = Self.files
        let v = try CLI.run(["validate", f["card"]!, f["data"]!, "--cutoff", "540", "--bootstrap", "0", "--format", "json"])
        XCTAssertEqual(v.status, 0, v.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as! [String: Any]
        let m = (json["evaluation"] as! [String: Any])["confusion"] as! [String: Any]
        XCTAssertEqual(m["unit"] as? String, "points")
        let out = Self.tmp("cutoff.html")
        let r = try CLI.run(["report", f["card"]!, f["data"]!, "--cutoff", "540", "--cost-bad-as-good", "4", "--bootstrap", "0", "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let counts = "TP \(m["truePositives"] as! Int), FP \(m["falsePositives"] as! Int), TN \(m["trueNegatives"] as! Int), FN \(m["falseNegatives"] as! Int)"
        XCTAssertTrue(html.contains("Cut-off (class bad when score &lt;, points)</th><td>540</td><td>\(counts)"), counts)
        XCTAssertTrue(html.contains("costs: bad as good 4, good as bad 1"))
        let bad = try CLI.run(["report", f["card"]!, f["data"]!, "--cost-bad-as-good", "0", "-o", out])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--cost-bad-as-good must be"), bad.stderr)
    }

    func testApplicantsOnlyPageHasNoOutcomeMetric() throws {
        let f = Self.files
        for (data, extra) in [(f["applicants"]!, [String]()), (f["data"]!, ["--applicants-only"])] {
            let out = Self.tmp("applicants.html")
            let r = try CLI.run(["report", f["card"]!, data, "-o", out, "--baseline", f["data"]!] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            let html = try String(contentsOfFile: out, encoding: .utf8)
            for id in ["main id=\"applicants-only\"", "svg id=\"chart-applicants-distribution\"", "table id=\"table-strategy\"",
                       "table id=\"table-psi\"", "table id=\"table-csi\""] {
                XCTAssertTrue(html.contains("<\(id)"), id)
            }
            for absent in ["AUC", "Gini", "KS", "Brier", "bad rate", "Bad rate", "Hosmer", "table-metrics", "table-gains", "table-points",
                           "Profit", "profit"] {
                XCTAssertFalse(html.contains(absent), "\(absent) on the applicants-only page")
            }
        }
    }

    func testBadInputExits64() throws {
        let f = Self.files
        let out = Self.tmp("bad.html")
        for (args, message) in [
            (["--gain-good=-0.5"], "--gain-good must be"),
            (["--gain-good=-1"], "--gain-good must be"),
            (["--loss-bad=-2"], "--loss-bad must be"),
            (["--group", "region", "--cutoff", "1.5", "--by", "pd"], "the cut-off is a PD and must be in [0, 1]"),
            (["--applicants-only", "--group", "region", "--cutoff", "540"], "--applicants-only has no outcomes"),
        ] {
            let r = try CLI.run(["report", f["card"]!, f["data"]!, "-o", out] + args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
        let r = try CLI.run(["report", f["card"]!, f["applicants"]!, "-o", out, "--group", "region", "--cutoff", "540"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("has no column 'default', the model's target"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}

/// How `credit strategy`'s tables show a cut-off (an integer as an integer).
enum StrategyCLI {
    static func shown(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
}
