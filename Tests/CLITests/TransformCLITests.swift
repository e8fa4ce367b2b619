import Foundation
import TestSupport
import XCTest

/// `credit bin DATA --transform woe|bin|points` (issue 21 item 6): DATA coded by its bins for other tools.
final class TransformCLITests: XCTestCase {
    static let fixtures = "Tests/CreditModelFileTests/Fixtures/"
    static let smallBorrowers = PackagePaths.path("datasets/small_borrowers.csv")

    /// The independent coding of make_woe_transform_fixture.py (pandas/numpy/scipy) for one data set.
    struct Expected {
        var rows: Int
        var names: [String]
        var labels: [[String]]
        var woe: [[Double]]
        /// Bin per characteristic, per row.
        var bins: [[Int]]

        init(_ key: String) throws {
            let url = URL(fileURLWithPath: PackagePaths.path(TransformCLITests.fixtures + "woe_transform_fixture.json"))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            let set = json[key] as! [String: Any]
            rows = set["rows"] as! Int
            let chars = set["characteristics"] as! [[String: Any]]
            names = chars.map { $0["name"] as! String }
            labels = chars.map { $0["labels"] as! [String] }
            woe = chars.map { ($0["woe"] as! [NSNumber]).map(\.doubleValue) }
            let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
            bins = chars.map { ($0["rows"] as! String).map { digits.firstIndex(of: $0)! } }
        }
    }

    /// RFC 4180 fields of each line of `text` (quoted fields may hold commas and doubled quotes; no line breaks).
    static func parse(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { line in
            var fields: [String] = [], field = "", quoted = false, chars = Array(line), i = 0
            while i < chars.count {
                let c = chars[i]
                if quoted {
                    if c == "\"" { if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
                } else if c == "\"" { quoted = true } else if c == "," { fields.append(field); field = "" } else { field.append(c) }
                i += 1
            }
            fields.append(field)
            return fields
        }
    }

    /// Every coded row equals the pandas coding: the WoE of the row's bin (1e-12) and its label (exact), for the spec
    /// applied (`--bins`), for the spec's target taken when --target is left out, and for bins searched on DATA first.
    func testWoEAndBinLabelsEqualAnIndependentCodingOnGermanAndSmallBorrowers() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String, String, [String])] = [
            ("german", CLI.german, "german_bins.json", ["default"]),
            ("small_borrowers", Self.smallBorrowers, "small_borrowers_bins.json", ["loan_id", "default"]),
        ]
        for (key, data, specName, keep) in cases {
            let expected = try Expected(key)
            let spec = PackagePaths.path(Self.fixtures + specName)
            let woePath = dir.appendingPathComponent("\(key)-woe.csv").path, binPath = dir.appendingPathComponent("\(key)-bin.csv").path
            var r = try CLI.run(["bin", data, "--bins", spec, "--transform", "woe", "--keep", keep.joined(separator: ","), "-o", woePath])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("\(expected.rows) rows in, \(expected.rows) written, 0 rejected (woe of \(expected.names.count) characteristics)"), r.stderr)
            r = try CLI.run(["bin", data, "--target", "default", "--bins", spec, "--transform", "bin", "--keep", keep.joined(separator: ","), "-o", binPath])
            XCTAssertEqual(r.status, 0, r.stderr)
            let woe = Self.parse(try String(contentsOfFile: woePath, encoding: .utf8))
            let bin = Self.parse(try String(contentsOfFile: binPath, encoding: .utf8))
            XCTAssertEqual(woe[0], keep + expected.names)
            XCTAssertEqual(bin[0], keep + expected.names)
            XCTAssertEqual(woe.count, expected.rows + 1)
            XCTAssertEqual(bin.count, expected.rows + 1)
            var compared = 0
            for row in 0..<expected.rows {
                for (j, _) in expected.names.enumerated() {
                    let b = expected.bins[j][row]
                    let value = Double(woe[row + 1][keep.count + j])!
                    XCTAssertEqual(value, expected.woe[j][b], accuracy: 1e-12 * max(1, abs(expected.woe[j][b])), "\(key) row \(row + 1) \(expected.names[j])")
                    XCTAssertEqual(bin[row + 1][keep.count + j], expected.labels[j][b], "\(key) row \(row + 1) \(expected.names[j])")
                    compared += 1
                }
            }
            XCTAssertEqual(compared, expected.rows * expected.names.count)
            // Binning DATA first (no --bins) finds the same bins the spec holds (it was written by the same search).
            if key == "german" {
                let searched = dir.appendingPathComponent("searched.csv").path
                r = try CLI.run(["bin", data, "--target", "default", "--transform", "woe", "--keep", "default", "-o", searched])
                XCTAssertEqual(r.status, 0, r.stderr)
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: searched)), try Data(contentsOf: URL(fileURLWithPath: woePath)))
            }
        }
        // The thin-file rows' blanks are coded by the missing bins' own WoE (1,204 rows; not a fallback 0).
        let sb = try Expected("small_borrowers")
        let lenders = sb.names.firstIndex(of: "lenders_count")!
        let missingRows = sb.bins[lenders].filter { sb.labels[lenders][$0] == "missing" }.count
        XCTAssertEqual(missingRows, 1204)
        XCTAssertNotEqual(sb.woe[lenders][sb.labels[lenders].firstIndex(of: "missing")!], 0)
    }

    /// A scorecard's points per row equal `credit score --points`'s on every row, its WoE the card's tables'; rows
    /// the scorer rejects are rejected with the same row, line, column and reason; kept columns are copied byte for byte.
    func testPointsEqualTheScorersOnEveryRowAndRejectsMatch() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let card = dir.appendingPathComponent("card.json").path
        var r = try CLI.run(["train", Self.smallBorrowers, "--target", "default", "--exclude", "loan_id,application_date,true_pd",
                             "--scorecard", "-o", card])
        XCTAssertEqual(r.status, 0, r.stderr)
        // A copy of the data with a few bad rows: text in a number, an unseen region (the card's policy: other), a
        // ragged record, and a kept id that needs quoting.
        var lines = try String(contentsOfFile: Self.smallBorrowers, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: ",capital,", with: ",atlantis,")
        var fields = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "lots"                      // monthly_income
        lines[5] = fields.joined(separator: ",")
        lines[7] += ",extra"
        fields = lines[9].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[0] = "\"L9, \"\"quoted\"\"\""
        lines[9] = fields.joined(separator: ",")
        let data = dir.appendingPathComponent("applicants.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
        let points = dir.appendingPathComponent("points.csv").path, scores = dir.appendingPathComponent("scores.csv").path
        let coderRejects = dir.appendingPathComponent("coder-rejects.csv").path, scorerRejects = dir.appendingPathComponent("scorer-rejects.csv").path
        r = try CLI.run(["bin", data, "--model", card, "--transform", "points", "--keep", "loan_id", "--rejects", coderRejects, "-o", points])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("5000 rows in, 4998 written, 2 rejected"), r.stderr)
        r = try CLI.run(["score", card, data, "--id", "loan_id", "--points", "--rejects", scorerRejects, "-o", scores])
        XCTAssertEqual(r.status, 0, r.stderr)
        let coded = Self.parse(try String(contentsOfFile: points, encoding: .utf8))
        let scored = Self.parse(try String(contentsOfFile: scores, encoding: .utf8))
        XCTAssertEqual(coded.count, scored.count)
        XCTAssertEqual(coded.count, 4999)
        let names = Array(coded[0].dropFirst())
        XCTAssertGreaterThanOrEqual(names.count, 5)
        let columns = names.map { scored[0].firstIndex(of: "points_" + $0)! }
        for row in 1..<coded.count {
            XCTAssertEqual(coded[row][0], scored[row][0])
            XCTAssertEqual(Array(coded[row].dropFirst()), columns.map { scored[row][$0] }, "row \(row)")
        }
        // Same rejects (row, line, column, reason) as the scorer's (whose file starts with the id column).
        let a = Self.parse(try String(contentsOfFile: coderRejects, encoding: .utf8))
        let b = Self.parse(try String(contentsOfFile: scorerRejects, encoding: .utf8)).map { Array($0.dropFirst()) }
        XCTAssertEqual(a, b)
        // The kept id is copied byte for byte, quoting included.
        let bytes = try String(contentsOfFile: points, encoding: .utf8)
        XCTAssertTrue(bytes.contains("\n\"L9, \"\"quoted\"\"\","), bytes.prefix(600).description)
        // WoE from the card: the training tables' WoE of the row's bin (the unseen region takes the other bin's).
        let woePath = dir.appendingPathComponent("woe.csv").path
        r = try CLI.run(["bin", data, "--model", card, "--transform", "woe", "-o", woePath])
        XCTAssertEqual(r.status, 0, r.stderr)
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: card))) as! [String: Any]
        // (JSONSerialization may read a number's last bit differently from the model's own reader: 1e-14.)
        let chars = (model["scorecard"] as! [String: Any])["characteristics"] as! [[String: Any]]
        let woe = Self.parse(try String(contentsOfFile: woePath, encoding: .utf8))
        let labels = Self.parse(try String(contentsOfFile: { () -> String in
            let p = dir.appendingPathComponent("bin.csv").path
            _ = try? CLI.run(["bin", data, "--model", card, "--transform", "bin", "-o", p]); return p }(), encoding: .utf8))
        for (j, ch) in chars.enumerated() {
            let rows = ((ch["table"] as! [String: Any])["bins"] as! [[String: Any]])
            let byLabel = Dictionary(uniqueKeysWithValues: rows.map { ($0["label"] as! String, ($0["woe"] as! NSNumber).doubleValue) })
            for row in 1..<woe.count { XCTAssertEqual(Double(woe[row][j])!, byLabel[labels[row][j]]!, accuracy: 1e-14, "row \(row) \(names[j])") }
        }
    }

    /// Streaming: standard input through a pipe and standard output, chunks far smaller than the file, one or two
    /// threads: the same bytes.
    func testStreamingGivesTheSameBytesForAnyChunkSizeThreadsAndPipes() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = PackagePaths.path(Self.fixtures + "small_borrowers_bins.json")
        let whole = try CLI.run(["bin", Self.smallBorrowers, "--bins", spec, "--transform", "woe", "--keep", "loan_id", "-o", "-"])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertEqual(whole.stdout.split(separator: "\n").count, 5001)
        for (chunk, threads) in [("3000", "1"), ("3000", "2"), ("70000", "2")] {
            let r = try CLI.run(["bin", Self.smallBorrowers, "--bins", spec, "--transform", "woe", "--keep", "loan_id"],
                                environment: ["CREDIT_SCORE_CHUNK_BYTES": chunk, "CREDIT_THREADS": threads])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, whole.stdout, "chunk \(chunk), threads \(threads)")
        }
        // With --model one pass: DATA may come from a pipe.
        let card = dir.appendingPathComponent("card.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", card]).status, 0)
        let file = try CLI.run(["bin", CLI.german, "--model", card, "--transform", "bin", "--keep", "telephone"])
        let piped = try CLI.run(["bin", "-", "--model", card, "--transform", "bin", "--keep", "telephone"],
                                stdin: try Data(contentsOf: URL(fileURLWithPath: CLI.german)), environment: ["CREDIT_SCORE_CHUNK_BYTES": "5000"])
        XCTAssertEqual(file.status, 0, file.stderr)
        XCTAssertEqual(piped.stdout, file.stdout)
        XCTAssertTrue(piped.stderr.contains("<stdin>: 1000 rows in, 1000 written, 0 rejected"), piped.stderr)
        // The kept telephone column keeps its bytes: quoted where the input quoted it (it holds a comma).
        XCTAssertTrue(file.stdout.contains("\n\"yes, registered under the customers name\","), String(file.stdout.prefix(400)))
    }

    /// Bad input: each refused with its message and exit code (notebooks-docs/bad-input.md).
    func testBadInputIsRefusedClearly() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = PackagePaths.path(Self.fixtures + "german_bins.json")
        let out = dir.appendingPathComponent("coded.csv").path
        // A characteristic of the spec missing from DATA.
        let lacking = temporaryFile("lacking.csv", "age_in_years,default\n30,0\n40,1\n")
        var r = try CLI.run(["bin", lacking, "--bins", spec, "--transform", "woe", "-o", out])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("status_of_existing_checking_account"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        // With --model, DATA lacking a characteristic: exit 65 before any row.
        let card = dir.appendingPathComponent("card.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", card]).status, 0)
        r = try CLI.run(["bin", lacking, "--model", card, "--transform", "points", "-o", out])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("the model \(card) needs columns"), r.stderr)
        XCTAssertTrue(r.stderr.contains("not in this file; no rows were coded"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        // A spec that is not a bins spec.
        r = try CLI.run(["bin", CLI.german, "--bins", card, "--transform", "woe", "-o", out])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("bins spec: \(card): missing \"woeConvention\""), r.stderr)
        // Output = input, and output = the spec.
        r = try CLI.run(["bin", CLI.german, "--bins", spec, "--transform", "woe", "-o", CLI.german])
        XCTAssertEqual(r.status, 64, r.stderr)
        r = try CLI.run(["bin", CLI.german, "--bins", spec, "--transform", "woe", "-o", spec])
        XCTAssertEqual(r.status, 64, r.stderr)
        // Points need a card; a plain model has no bins; --keep an unknown column; DATA twice from stdin.
        r = try CLI.run(["bin", CLI.german, "--bins", spec, "--transform", "points", "-o", out])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--transform points needs --model card.json"), r.stderr)
        let plain = dir.appendingPathComponent("plain.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", plain]).status, 0)
        r = try CLI.run(["bin", CLI.german, "--model", plain, "--transform", "woe", "-o", out])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--transform needs a scorecard model"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--model", card, "--transform", "woe", "--keep", "idd", "-o", out])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--keep 'idd': no such column"), r.stderr)
        r = try CLI.run(["bin", "-", "--bins", spec, "--transform", "woe"])   // refused before reading: no stdin to write
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("reads DATA twice"), r.stderr)
        let fifo = dir.appendingPathComponent("data.fifo").path   // refused from its kind: never opened, so no hang
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        r = try CLI.run(["bin", fifo, "--target", "default", "--transform", "woe", "-o", out])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("is a pipe (FIFO), which can be read only once: give a regular file, or code with --model card.json"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--model", card, "--transform", "woe", "--target", "default"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("leave out --target (copy the target with --keep)"), r.stderr)
        r = try CLI.run(["bin", CLI.german, "--target", "default", "--keep", "default"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--keep belongs to --transform"), r.stderr)
        r = try CLI.run(["bin", CLI.german])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("bin needs --target"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
