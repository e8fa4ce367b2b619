import Foundation
import TestSupport
import XCTest

/// Numerical edge cases at the user-facing path: a clear error (exit 65, the column and the way out named)
/// or a flagged result; never "nan"/"inf" in a text report, never a hang.
final class EdgeCaseCLITests: XCTestCase {
    func csv(_ name: String, header: String, rows: Int, _ row: (Int, inout SeededGenerator) -> String) -> String {
        var rng = SeededGenerator(seed: 42)
        var text = header + "\n"
        for i in 0..<rows { text += row(i, &rng) + "\n" }
        return temporaryFile(name, text)
    }

    func assertNoNonFinite(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for word in text.split(whereSeparator: { !($0.isLetter) }) where ["nan", "inf", "NaN", "Infinity"].contains(String(word)) {
            XCTFail("non-finite value printed: \(text.prefix(600))", file: file, line: line)
            return
        }
    }

    func testExtremeMagnitudeColumnIsAClearError() throws {
        let path = csv("extreme.csv", header: "tiny,x,y", rows: 300) { i, rng in
            "\(rng.normal() * 1e-300),\(rng.normal()),\(i % 3 == 0 ? 1 : 0)"
        }
        let r = try CLI.run(["train", path, "--target", "y"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("'tiny'") && r.stderr.contains("rescale") && r.stderr.contains("--exclude tiny"), r.stderr)
        XCTAssertFalse(r.stderr.contains("internal error"), r.stderr)
    }

    func testHugeCardinalityIsAClearErrorWithTheWayOut() throws {
        let path = csv("levels.csv", header: "code,x,y", rows: 50_000) { i, rng in "C\(i),\(rng.normal()),\(i % 5 == 0 ? 1 : 0)" }
        let r = try CLI.run(["train", path, "--target", "y"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("'code' has 50000 levels") && r.stderr.contains("--max-levels"), r.stderr)
        let excluded = try CLI.run(["train", path, "--target", "y", "--exclude", "code"])
        XCTAssertEqual(excluded.status, 0, excluded.stderr)
    }

    /// The iteration cap: exit 0 with the model written, "NOT converged" and a warning in text, and
    /// converged = false with the didNotConverge diagnostic in JSON and in the model file.
    func testIterationCapIsFlaggedInTextJSONAndModel() throws {
        let dir = PackagePaths.temporaryDirectory()
        let model = dir.appendingPathComponent("m.json").path
        let text = try CLI.run(["train", CLI.german, "--target", "default", "--max-iterations", "2", "-o", model])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("NOT converged after 2 Newton iterations"), text.stdout)
        XCTAssertTrue(text.stdout.contains("did not converge in 2 iterations"), text.stdout)
        assertNoNonFinite(text.stdout)
        let json = try CLI.run(["train", CLI.german, "--target", "default", "--max-iterations", "2", "--format", "json"])
        XCTAssertEqual(json.status, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let result = try XCTUnwrap(object["result"] as? [String: Any])
        XCTAssertEqual(result["converged"] as? Bool, false)
        XCTAssertEqual(result["iterations"] as? Int, 2)
        let diagnostics = try XCTUnwrap(result["diagnostics"] as? [[String: Any]])
        XCTAssertEqual((diagnostics.first?["didNotConverge"] as? [String: Any])?["iterations"] as? Int, 2)
        let file = try String(contentsOfFile: model, encoding: .utf8)
        XCTAssertTrue(file.contains("\"converged\" : false"), "model file should record converged false")
    }

    /// 10 bads in 10,000 and a single bad: a finite fit (no nan/inf in the report).
    func testRareAndSingleBadGiveFiniteReports() throws {
        let rare = csv("rare.csv", header: "x,z,y", rows: 10_000) { i, rng in
            let bad = i % 1000 == 500
            return "\(rng.normal() + (bad ? 1 : 0)),\(rng.normal()),\(bad ? 1 : 0)"
        }
        let r = try CLI.run(["train", rare, "--target", "y"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("bad 10, good 9,990"), r.stdout)
        assertNoNonFinite(r.stdout)
        let single = csv("single.csv", header: "x,y", rows: 1000) { i, _ in "\(Double(i) / 1000),\(i == 400 ? 1 : 0)" }
        let s = try CLI.run(["train", single, "--target", "y"])
        XCTAssertEqual(s.status, 0, s.stderr)
        XCTAssertTrue(s.stdout.contains("bad 1, good 999"), s.stdout)
        assertNoNonFinite(s.stdout)
    }

    /// Fewer rows than predictors: the collinearity error (exit 65), not a crash.
    func testFewerRowsThanPredictors() throws {
        let path = csv("wide.csv", header: (0..<8).map { "x\($0)" }.joined(separator: ",") + ",y", rows: 6) { i, rng in
            (0..<8).map { _ in "\(rng.normal())" }.joined(separator: ",") + ",\(i % 2)"
        }
        let r = try CLI.run(["train", path, "--target", "y"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("collinear") && r.stderr.contains("--exclude"), r.stderr)
    }

    /// All-equal scores: AUC 0.5, KS 0 and a zero-width DeLong interval, no nan in the text report.
    func testAllEqualScoresInCompare() throws {
        let path = csv("equal.csv", header: "pd_a,pd_b,y", rows: 1000) { i, _ in "0.1,0.2,\(i % 10 == 0 ? 1 : 0)" }
        let r = try CLI.run(["compare", path, "--target", "y", "--scores", "pd_a,pd_b"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("pd_a ") })
        XCTAssertTrue(row.contains("0.5000  [0.5000, 0.5000]"), String(row))
        XCTAssertTrue(row.contains("0.0000  0.0000"), String(row))   // Gini and KS
        assertNoNonFinite(r.stdout)

        // A constant score against a perfectly separating one: both AUC variances are 0 and the difference is
        // not, so the DeLong test is undefined — shown as n/a with a note, not "nan".
        let degenerate = csv("degenerate.csv", header: "pd_a,pd_p,y", rows: 1000) { i, _ in
            "0.1,\(i % 10 == 0 ? 0.9 : 0.05),\(i % 10 == 0 ? 1 : 0)"
        }
        let d = try CLI.run(["compare", degenerate, "--target", "y", "--scores", "pd_a,pd_p"])
        XCTAssertEqual(d.status, 0, d.stderr)
        let pair = try XCTUnwrap(d.stdout.split(separator: "\n").first { $0.hasPrefix("pd_a − pd_p") })
        XCTAssertTrue(pair.contains("-0.5000") && pair.contains("n/a"), String(pair))
        XCTAssertTrue(d.stdout.contains("DeLong test undefined"), d.stdout)
        assertNoNonFinite(d.stdout)
    }
}
