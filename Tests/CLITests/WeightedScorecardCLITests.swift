import Foundation
import TestSupport
import XCTest

/// `credit train --scorecard --weight` and `credit bin --weight`: the flag mapping, the report, the model record,
/// and the errors (the numbers are checked against repeated rows, pandas and statsmodels in WeightedScorecardTests).
final class WeightedScorecardCLITests: XCTestCase {
    /// German credit with a weight column `w` (row i: `value(i)`), written to a temporary file.
    private func germanWithWeights(_ value: (Int) -> String) throws -> String {
        let text = try String(contentsOfFile: CLI.german, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        let body = lines.enumerated().map { "\($0.element),\(value($0.offset))" }
        let path = PackagePaths.temporaryDirectory().appendingPathComponent("german_w.csv").path
        try ([header + ",w"] + body).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func errorLine(_ r: CLIResult) -> String? {
        r.stderr.split(separator: "\n").first { $0.hasPrefix("credit: error: ") }.map(String.init)
    }

    /// A negative, blank or text weight on line 6: the scorecard and bin say what the plain regression says.
    func testBadWeightsGiveThePlainPathsErrors() throws {
        let expected = [
            "-1": "credit: error: weight column 'w', line 6: -1.0 is not a finite non-negative weight",
            "": "credit: error: weight column 'w', line 6: missing is not a finite non-negative weight",
            "abc": "credit: error: column 'w' should be numeric (a frequency weight); fix the data or leave the column out with --exclude w",
        ]
        for (bad, message) in expected {
            let data = try germanWithWeights { $0 == 4 ? bad : "1" }
            let plain = try CLI.run(["train", data, "--target", "default", "--weight", "w"])
            XCTAssertEqual(plain.status, 65, plain.stderr)
            XCTAssertEqual(errorLine(plain), message)
            for command in [["train", data, "--target", "default", "--scorecard", "--weight", "w"],
                            ["bin", data, "--target", "default", "--weight", "w"]] {
                let r = try CLI.run(command)
                XCTAssertEqual(r.status, 65, "\(command) \(r.stderr)")
                XCTAssertEqual(errorLine(r), message, "\(command)")
            }
            if bad == "abc" { XCTAssertTrue(plain.stderr.contains("'abc' (line 6)"), plain.stderr) }
        }
    }

    /// Weights that leave the bads (or goods) with no weight at all: no WoE exists, refused as bad data.
    func testAClassWithoutWeightIsRefused() throws {
        let text = try String(contentsOfFile: CLI.german, encoding: .utf8)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst()
        let data = try germanWithWeights { rows[rows.startIndex + $0].hasSuffix(",1") ? "0" : "1" }
        for command in [["train", data, "--target", "default", "--scorecard", "--weight", "w"], ["bin", data, "--target", "default", "--weight", "w"]] {
            let r = try CLI.run(command)
            XCTAssertEqual(r.status, 65, "\(command)")
            XCTAssertEqual(errorLine(r), "credit: error: target 'default': every bad row has weight 0 in 'w'; binning needs goods and bads with positive weight")
        }
    }

    func testRefusals() throws {
        let data = try germanWithWeights { String(1 + $0 % 3) }
        let outOfCore = try CLI.run(["train", data, "--target", "default", "--scorecard", "--weight", "w", "--out-of-core"])
        XCTAssertEqual(outOfCore.status, 64)
        XCTAssertTrue(outOfCore.stderr.contains("--out-of-core does not support --weight"), outOfCore.stderr)
        let rejected = try CLI.run(["train", data, "--target", "default", "--scorecard", "--weight", "w", "--rejected", CLI.german,
                                    "--reject-inference", "fuzzy"])
        XCTAssertEqual(rejected.status, 64)
        XCTAssertTrue(rejected.stderr.contains("--weight does not apply with --rejected"), rejected.stderr)
        let transform = try CLI.run(["bin", data, "--target", "default", "--weight", "w", "--transform", "woe", "-o", "-"])
        XCTAssertEqual(transform.status, 64)
        XCTAssertTrue(transform.stderr.contains("--weight does not apply to --transform"), transform.stderr)
    }

    /// The card is trained with the weights (the report says so), the model records the column (version 4), the
    /// weight column is no characteristic, and the model scores the file.
    func testWeightedCardIsRecordedAndScores() throws {
        let data = try germanWithWeights { String(1 + ($0 * 7) % 3) }
        let dir = PackagePaths.temporaryDirectory()
        let card = dir.appendingPathComponent("card.json").path
        let r = try CLI.run(["train", data, "--target", "default", "--scorecard", "--weight", "w", "-o", card])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("frequency weights from 'w': total 1999.000, bad 597.000"), r.stdout)
        let model = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: card))) as? [String: Any])
        XCTAssertEqual(model["version"] as? Int, 4)
        let section = try XCTUnwrap(model["scorecard"] as? [String: Any])
        XCTAssertEqual(section["weightColumn"] as? String, "w")
        let characteristics = try XCTUnwrap(section["characteristics"] as? [[String: Any]])
        XCTAssertFalse(characteristics.contains { ($0["bins"] as? [String: Any])?["name"] as? String == "w" })
        let firstBin = try XCTUnwrap(((characteristics[0]["table"] as? [String: Any])?["bins"] as? [[String: Any]])?.first)
        XCTAssertNotNil(firstBin["weightedGoods"] as? Double)
        let scores = dir.appendingPathComponent("scores.csv").path
        let scored = try CLI.run(["score", card, data, "-o", scores])
        XCTAssertEqual(scored.status, 0, scored.stderr)
        // Without --weight nothing of the weights is written (older readers keep reading the file).
        let plainCard = dir.appendingPathComponent("plain.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", plainCard]).status, 0)
        let plain = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plainCard))) as? [String: Any])
        let plainSection = try XCTUnwrap(plain["scorecard"] as? [String: Any])
        XCTAssertNil(plainSection["weightColumn"])
        let plainBins = try XCTUnwrap((((plainSection["characteristics"] as? [[String: Any]])?[0])?["table"] as? [String: Any])?["bins"] as? [[String: Any]])
        XCTAssertFalse(plainBins.contains { $0.keys.contains("weightedGoods") || $0.keys.contains("weightedBads") })
    }

    /// `credit bin --weight`: the header names the column and its totals, each bin shows its weighted goods and
    /// bads beside its row counts (text, JSON and CSV), and the weight column is not binned.
    func testBinShowsWeightedGoodsAndBads() throws {
        let data = try germanWithWeights { String(1 + ($0 * 7) % 3) }
        let text = try CLI.run(["bin", data, "--target", "default", "--weight", "w", "--columns", "duration_in_month"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("frequency weights from column w: total weight 1999 (bad 597, good 1402)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("wt goods  wt bads"), text.stdout)
        let json = try CLI.run(["bin", data, "--target", "default", "--weight", "w", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let j = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(j["weightColumn"] as? String, "w")
        let tables = try XCTUnwrap((j["result"] as? [String: Any])?["tables"] as? [[String: Any]])
        XCTAssertFalse(tables.contains { $0["name"] as? String == "w" })
        XCTAssertEqual(tables[0]["weightedGoods"] as? Double, 1402)
        XCTAssertEqual(tables[0]["goods"] as? Int, 700)
        let csv = try CLI.run(["bin", data, "--target", "default", "--weight", "w", "--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("characteristic,bin,kind,count,goods,bads,share,bad_rate,woe,iv,fallback,characteristic_iv,selected,weighted_goods,weighted_bads\n"), csv.stdout)
    }
}
