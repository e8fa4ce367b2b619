import CreditModelFile
import Foundation
import TestSupport
import XCTest

/// Issue 18, findings 5, 6, 9–12 (notebooks-docs/bad-input.md, "Options, resources and model values" and
/// "Spreadsheets and terminals"): each test runs the built binary in a scratch directory and fails on the
/// behaviour before the fix (rows vanishing, a crash, an unbounded run, a formula or an escape passed through).
final class OptionBoundsCLITests: XCTestCase {
    var dir = URL(fileURLWithPath: "/nonexistent")

    override func setUpWithError() throws { dir = PackagePaths.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func file(_ name: String, _ text: String) -> String {
        _ = FileManager.default.createFile(atPath: path(name), contents: Data(text.utf8))
        return path(name)
    }

    /// Runs `arguments`; checks the exit code, that stderr holds every fragment, and that nothing crashed.
    @discardableResult
    func expect(_ arguments: [String], status: Int32, _ fragments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        let r = try CLI.run(arguments)
        XCTAssertEqual(r.status, status, "\(arguments.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        for f in fragments {
            XCTAssertTrue(r.stderr.contains(f), "\(arguments.first!): expected '\(f)' in: \(r.stderr)", file: file, line: line)
        }
        XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("crashed"), r.stderr, file: file, line: line)
        return r
    }

    // MARK: - Models edited with a recomputed seal

    /// `model` (a file credit wrote) with its JSON edited by `edit`, written to `name` with the seal recomputed
    /// through the library's canonical encoder (`CreditModel.canonicalJSON()`, `contentDigest()`), as a
    /// careful hand-editor would.
    func resealed(_ model: String, as name: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as! [String: Any]
        object.removeValue(forKey: "contentSHA256")
        edit(&object)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let decoded = try decoder.decode(CreditModel.self, from: try JSONSerialization.data(withJSONObject: object))
        let canonical = String(decoding: try decoded.canonicalJSON(), as: UTF8.self)
        XCTAssertTrue(canonical.hasPrefix("{\n"))
        let text = "{\n  \"contentSHA256\" : \"\(try decoded.contentDigest())\",\n" + canonical.dropFirst(2)
        return file(name, text)
    }

    /// Trains the plain regression of German credit.
    func germanModel() throws -> String {
        try expect(["train", CLI.german, "--target", "default", "-o", path("lr.json")], status: 0)
        return path("lr.json")
    }

    /// german_credit.csv with `value` in `column` on the 0-based data rows given.
    func german(_ edits: [(column: String, value: String, rows: Set<Int>)]) throws -> String {
        file("edited.csv", EditedCSV.edit(try String(contentsOfFile: CLI.german, encoding: .utf8), edits))
    }

    /// Finding 5: a coefficient of 1e100 times a value of 1e300 overflows the log-odds. Before, the rows were
    /// counted as scored and left out of the scores file (`rows in 1,000, scored 1,000, rejected 0`, 997 rows
    /// written) or scored PD 1; now each is a counted reject with its reason, in score, validate and compare.
    func testOverflowingLogOddsIsACountedReject() throws {
        let source = try germanModel()
        let terms = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source))) as! [String: Any])
            .dictionary("fit")["termNames"] as! [String]
        func coefficients(_ values: [String: Double]) -> (inout [String: Any]) -> Void {
            { object in
                var fit = object.dictionary("fit")
                var c = fit["coefficients"] as! [Any]
                for (term, v) in values { c[terms.firstIndex(of: term)!] = v }
                fit["coefficients"] = c
                object["fit"] = fit
            }
        }
        // +∞ on three rows.
        let model = try resealed(source, as: "inf.json", coefficients(["credit_amount": 1e100]))
        let data = try german([("credit_amount", "1e300", [3, 10, 500])])
        let s = try expect(["score", model, data, "-o", path("s.csv"), "--rejects", path("r.csv")], status: 0,
                           "edited.csv: rows in 1,000, scored 997, rejected 3", "3  PD not a number: log-odds overflowed in credit_amount")
        XCTAssertFalse(s.stderr.contains("scored 1,000"))
        let scores = try String(contentsOfFile: path("s.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(scores.count, 1 + 997)
        XCTAssertFalse(scores.contains { $0.hasPrefix("4,") || $0.hasPrefix("11,") || $0.hasPrefix("501,") })
        XCTAssertFalse(scores.contains { $0.hasSuffix(",nan") || $0.hasSuffix(",") })
        let rejects = try String(contentsOfFile: path("r.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(rejects, ["row,line,column,reason"] + [(4, 5), (11, 12), (501, 502)].map {
            "\($0.0),\($0.1),credit_amount,\"the model's log-odds for this row is not a finite number (the term of credit_amount overflowed), so its PD is not a number; check the value of credit_amount and the model's coefficients\""
        })
        let v = try expect(["validate", model, data, "--bootstrap", "0"], status: 0)
        XCTAssertTrue(v.stdout.contains("rows in 1,000, evaluated 997 (bad 299, good 698), rejected by the model 3")
                      || v.stdout.contains("evaluated 997"), v.stdout)
        XCTAssertTrue(v.stdout.contains("rejected by the model 3"), v.stdout)
        // −∞ + ∞ = NaN on one row; the first overflowing term in model order is blamed.
        let nan = try resealed(source, as: "nan.json", coefficients(["credit_amount": 1e100, "duration_in_month": -1e100]))
        let both = try german([("credit_amount", "1e300", [7]), ("duration_in_month", "1e300", [7])])
        try expect(["score", nan, both, "-o", path("s2.csv")], status: 0,
                   "rows in 1,000, scored 999, rejected 1", "1  PD not a number: log-odds overflowed in duration_in_month")
        let c = try expect(["compare", both, "--target", "default", "--models", nan, model, "--bootstrap", "0"], status: 0)
        XCTAssertTrue(c.stdout.contains("left out 1"), c.stdout)
    }

    /// Finding 9 (model values): points of Int.max crashed score, validate and report (Int32 conversion and the
    /// sum trapped), and a reason count of 1e9 made score allocate 16 GB and abort. Whatever the loader decides
    /// about such a file (refuse it, exit 65, or load it), nothing may crash; when it loads, every row is counted.
    func testImpossibleScorecardValuesNeverCrash() throws {
        try expect(["train", CLI.german, "--target", "default", "--scorecard", "-o", path("card.json")], status: 0)
        func edited(_ name: String, _ edit: @escaping (inout [String: Any]) -> Void) throws -> String {
            try resealed(path("card.json"), as: name) { object in
                var card = object.dictionary("scorecard")
                edit(&card)
                object["scorecard"] = card
            }
        }
        let points = try edited("points.json") { card in
            var characteristics = card["characteristics"] as! [[String: Any]]
            var p = characteristics[0]["points"] as! [Any]
            p[0] = Int.max
            characteristics[0]["points"] = p
            card["characteristics"] = characteristics
        }
        let reasons = try edited("reasons.json") { card in
            var r = card["reasons"] as! [String: Any]
            r["count"] = 1_000_000_000
            card["reasons"] = r
        }
        for model in [points, reasons] {
            for command in [["score", model, CLI.german, "-o", path("s.csv")], ["validate", model, CLI.german, "--bootstrap", "0"],
                            ["report", model, CLI.german, "-o", path("r.html"), "--bootstrap", "0"],
                            ["export", model, "--to", "sql", "--table", "t"]] {
                let r = try CLI.run(command)
                XCTAssertTrue(r.status == 0 || r.status == 65, "\(command[0]) \(model): \(r.status) \(r.stderr.prefix(300))")
                XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("crashed"), r.stderr)
                if command[0] == "score" && r.status == 0 {
                    let counts = r.stderr.split(separator: "\n")[0]
                    XCTAssertTrue(counts.contains("rows in 1,000"), String(counts))
                    let lines = try String(contentsOfFile: path("s.csv"), encoding: .utf8).split(separator: "\n")
                    XCTAssertLessThanOrEqual(lines[0].split(separator: ",").count, 3 + 20, "reason columns clamped")
                }
            }
        }
    }

    // MARK: - Scorecard scaling and reasons

    /// Finding 9: these crashed training (SIGILL converting an infinite or huge point value to Int), or, for
    /// --pdo 1e-300, wrote a card that scores everyone 600. Now exit 64 before any model is written.
    func testScorecardScalingIsChecked() throws {
        let out = path("card.json")
        for (flag, value, message) in [
            ("--base-score", "inf", "--base-score must be a finite number (got inf), e.g. 600"),
            ("--base-score", "nan", "--base-score must be a finite number (got nan), e.g. 600"),
            ("--pdo", "inf", "--pdo must be a finite number greater than 0 (got inf), e.g. 20"),
            ("--base-odds", "nan", "--base-odds must be positive"),
            ("--base-score", "1e300", "beyond the ±1,000,000,000 a model holds; use a smaller --pdo or --base-score"),
            ("--base-score", "-1e20", "beyond the ±1,000,000,000 a model holds"),
            ("--pdo", "1e300", "beyond the ±1,000,000,000 a model holds"),
            ("--pdo", "1e-300", "with --pdo 1e-300 a doubling of the odds is worth less than the 1-point rounding: every bin of every characteristic gets the same points, so every applicant would score 600; use a larger --pdo (e.g. 20)"),
            ("--reasons", "1000000000", "--reasons must be between 0 and 1,000 (got 1000000000)"),
            ("--reasons", "30", "--reasons 30: this scorecard can give 0 to 12 reasons per applicant (one per characteristic, or the default 4)"),
        ] {
            try expect(["train", CLI.german, "--target", "default", "--scorecard", "\(flag)=\(value)", "-o", out], status: 64, message)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(flag) \(value)")
        }
        // The bounds leave ordinary scalings alone.
        try expect(["train", CLI.german, "--target", "default", "--scorecard", "--pdo", "1", "--reasons", "12", "-o", out], status: 0)
    }

    // MARK: - Numeric options

    /// Finding 11: every Double option refuses NaN and infinities (Swift parses "nan", "inf", "1e999") with
    /// exit 64 naming the option, before any input is read.
    func testDoubleOptionsRefuseNonFiniteValues() throws {
        let model = path("none.json"), data = CLI.german
        let cases: [([String], String)] = [
            (["validate", model, data, "--confidence", "nan"], "--confidence"),
            (["validate", model, data, "--cost-bad-as-good", "inf"], "--cost-bad-as-good must be a finite number greater than 0 (got inf)"),
            (["validate", model, data, "--cutoff", "nan"], "--cutoff"),
            (["compare", data, "--target", "default", "--scores", "a,b", "--cost-good-as-bad", "1e999"], "--cost-good-as-bad must be a finite number greater than 0 (got inf)"),
            (["report", model, data, "-o", path("r.html"), "--bad-dpd", "inf"], "--bad-dpd must be a finite number greater than 0 (got inf)"),
            (["vintage", data, "--bad-dpd", "inf"], "--bad-dpd must be a finite number greater than 0 (got inf)"),
            (["monitor", model, data, data, "--psi-red", "inf"], "--psi-red must be a finite number greater than 0 (got inf)"),
            (["monitor", model, data, data, "--empty-band-value", "inf"], "--empty-band-value must be positive"),
            (["bin", data, "--target", "default", "--smoothing", "inf"], "--smoothing must be a finite number greater than 0 (got inf)"),
            (["bin", data, "--target", "default", "--min-iv", "nan"], "--min-iv must be a finite number of at least 0 (got nan)"),
            (["bin", data, "--target", "default", "--max-vif", "inf"], "--max-vif must be a finite number of at least 1 (got inf)"),
            (["bin", data, "--target", "default", "--max-correlation", "2"], "--max-correlation must be in [0, 1] (got 2.0)"),
            (["bin", data, "--target", "default", "--max-missing-rate", "nan"], "--max-missing-rate must be in [0, 1] (got nan)"),
            (["train", data, "--target", "default", "--scorecard", "--cutoff", "inf", "--reason-reference", "cutoff"], "--cutoff must be a finite number (got inf)"),
            (["train", data, "--target", "default", "--select", "forward", "--select-max-vif", "inf"], "--select-max-vif must be a finite number of at least 1 (got inf)"),
            (["train", data, "--target", "default", "--penalty", "lasso", "--lambda", "inf"], "--lambda must be ≥ 0 (got inf)"),
            (["train", data, "--target", "default", "--population-bad-rate", "nan"], "--population-bad-rate must be strictly between 0 and 1 (got nan)"),
        ]
        for (arguments, message) in cases { try expect(arguments, status: 64, message) }
    }

    // MARK: - Resource bounds

    /// Finding 10: options that size memory or work are bounded before any work (each of these ran out of
    /// memory, aborted, or ran for minutes); the design of a many-levelled column is checked against
    /// --memory-limit before it is allocated; synth checks the free space of its output's file system.
    func testResourceBoundsAreCheckedFirst() throws {
        let data = CLI.german, model = try germanModel()
        let started = Date()
        try expect(["validate", model, data, "--bootstrap", "1000000000"], status: 64, "--bootstrap must be between 0 and 100,000 (got 1000000000)")
        try expect(["validate", model, data, "--bootstrap", "10000000"], status: 64, "--bootstrap must be between 0 and 100,000 (got 10000000)")
        try expect(["report", model, data, "-o", path("r.html"), "--bootstrap", "100001"], status: 64, "--bootstrap must be between 0 and 100,000")
        try expect(["compare", data, "--target", "default", "--cv", "5", "--repeats", "100000000"], status: 64, "--repeats must be between 1 and 1,000 (got 100000000)")
        try expect(["compare", data, "--target", "default", "--cv", "20", "--repeats", "1000"], status: 64,
                   "--cv 20 --repeats 1000 fits every configuration 20000 times; at most 10,000 folds in all")
        try expect(["compare", data, "--target", "default", "--nx2", "1000000"], status: 64, "--nx2 must be between 1 and 1,000")
        try expect(["train", data, "--target", "default", "--cv-folds", "5", "--cv-repeats", "100000"], status: 64, "--cv-repeats must be between 1 and 1,000")
        try expect(["train", data, "--target", "default", "--max-levels", "100000000"], status: 64, "--max-levels must be between 1 and 1,000,000 (got 100000000)")
        try expect(["train", data, "--target", "default", "--penalty", "lasso", "--lambda-count", "1000000000"], status: 64, "--lambda-count must be between 1 and 10,000")
        try expect(["bin", data, "--target", "default", "--pre-bins", "1000000000"], status: 64, "--pre-bins must be between 1 and 10,000 (got 1000000000)")
        try expect(["monitor", model, data, data, "--score-bands", "1000000000"], status: 64, "--score-bands must be between 2 and 10,000")
        try expect(["vintage", data, "--max-mob", "1000000000"], status: 64, "--max-mob must be between 1 and 1,200")
        try expect(["synth", "--rows", "10000000000000", "-o", path("big.csv")], status: 64, "--rows must be between 1 and 1,000,000,000,000")
        try expect(["synth", "--rows", "999999999999", "-o", path("big.csv")], status: 64,
                   "--rows 999,999,999,999 writes at least 60000.0 GB to \(path("big.csv")) (60 bytes per loan or more, 20 more with --performance), but \(dir.path) has")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("big.csv")))
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "every bound is checked before any work")

        // One design column per customer id: 1,049 columns over 1,000 rows need 43.5 MB with the fit's matrices.
        var text = "cust," + (try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n")[0]) + "\n"
        for (i, line) in try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").dropFirst().enumerated() { text += "c\(i),\(line)\n" }
        let ids = file("ids.csv", text)
        try expect(["train", ids, "--target", "default", "--memory-limit", "10M", "-o", path("m.json")], status: 64,
                    "the design would have 1048 columns over 1000 rows: about 43.5 MB with the fit's matrices, more than the memory limit of 10.5 MB (--memory-limit, default half of physical memory); --exclude or bin (train --scorecard) categorical columns with many levels (the most: 'cust')")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("m.json")))
    }

    /// The exact optimal binning refuses DP tables beyond 1 GB instead of allocating them: 5,001 distinct values
    /// as fine classes, at most 5,000 bins, 12 × 5,000 × 5,002² bytes.
    func testOptimalBinningTablesAreBounded() throws {
        var text = "x,default\n"
        for i in 0..<5_001 { text += "\(i),\(i % 3 == 0 ? 1 : 0)\n" }
        let data = file("wide.csv", text)
        try expect(["bin", data, "--target", "default", "--pre-bins", "10000", "--max-bins", "5000", "--min-bin-share", "0.0001"], status: 64,
                   "x: the exact optimal binning of 5001 fine classes into at most 5000 bins would need 1501200 MB of tables (limit 1000 MB); lower --pre-bins, give --max-bins 5001 or more (or none), or use --method chimerge or tree")
    }

    // MARK: - Traps

    /// Finding 12: the same file twice (by path, through a symbolic link, or spelled differently) made the
    /// comparison across datasets count one dataset as two (Iman–Davenport F = inf).
    func testCompareRefusesTheSameDatasetTwice() throws {
        let link = path("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: CLI.german)
        let spelled = (CLI.german as NSString).deletingLastPathComponent + "/./german_credit.csv"
        for other in [CLI.german, link, spelled] {
            try expect(["compare", CLI.german, other, "--target", "default", "--cv", "5"], status: 64,
                       "DATA '\(CLI.german)' and '\(other)' are the same file; the comparison across datasets (Friedman, Demšar 2006) would count it twice — give each dataset once")
        }
    }

    /// Finding 12: `--id X --keep X,X` wrote a scores file with three columns named X. Refused (exit 64), as is
    /// a kept column named like an output column.
    func testDuplicateOutputColumnsAreRefused() throws {
        let model = try germanModel()
        try expect(["score", model, CLI.german, "--id", "purpose", "--keep", "purpose,purpose", "-o", path("s.csv")], status: 64,
                   "--keep names column 'purpose' twice; the scores file would have two columns of that name")
        try expect(["score", model, CLI.german, "--id", "purpose", "--keep", "purpose", "-o", path("s.csv")], status: 64,
                   "--id 'purpose' is also in --keep; the scores file would have two columns of that name")
        let renamed = file("pd.csv", try String(contentsOfFile: CLI.german, encoding: .utf8).replacingOccurrences(of: "foreign_worker,default", with: "pd,default"))
        try expect(["score", try germanModelWithout("foreign_worker"), renamed, "--keep", "pd", "-o", path("s.csv")], status: 64,
                   "--keep 'pd': the scores file already has an output column 'pd'; leave it out of --keep (or rename the column in the data)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("s.csv")))
    }

    func germanModelWithout(_ column: String) throws -> String {
        try expect(["train", CLI.german, "--target", "default", "--exclude", column, "-o", path("lr2.json")], status: 0)
        return path("lr2.json")
    }

    // MARK: - Spreadsheets

    static let formulas = ["=HYPERLINK(\"http://evil.example\",\"x\")", "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    static let numbers = ["-12", "+3", "-1.5", "-0", "1e-5", "-.5"]

    /// Finding 6: text cells that a spreadsheet runs as formulas passed unchanged into CSV outputs. Now they are
    /// written as `'…` in quotes by default, numbers stay as they are, and --no-csv-safe writes them as read.
    func testScoreNeutralisesFormulasButNotNumbers() throws {
        let model = try germanModel()
        var lines = try String(contentsOfFile: CLI.german, encoding: .utf8).split(separator: "\n").map(String.init)
        let values = Self.formulas + Self.numbers
        lines[0] = "id,note," + lines[0]
        for i in 1..<lines.count { lines[i] = "\"\(values[(i - 1) % values.count].replacingOccurrences(of: "\"", with: "\"\""))\",n\(i)," + lines[i] }
        let data = file("ids.csv", lines.joined(separator: "\n") + "\n")
        try expect(["score", model, data, "--id", "id", "--keep", "note", "-o", path("safe.csv")], status: 0)
        try expect(["score", model, data, "--id", "id", "--keep", "note", "--no-csv-safe", "-o", path("raw.csv")], status: 0)
        let safe = try Data(contentsOf: URL(fileURLWithPath: path("safe.csv")))
        let raw = try Data(contentsOf: URL(fileURLWithPath: path("raw.csv")))
        let safeText = String(decoding: safe, as: UTF8.self), rawText = String(decoding: raw, as: UTF8.self)
        for f in Self.formulas {
            let quoted = "\"'" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\","
            XCTAssertTrue(safeText.contains("\n" + quoted), "neutralised: \(f.debugDescription)")
            XCTAssertFalse(safeText.contains("\n" + f + ","), f.debugDescription)
        }
        for n in Self.numbers { XCTAssertTrue(safeText.contains("\n\(n),n"), "number kept: \(n)") }
        XCTAssertTrue(rawText.contains("\n=cmd|' /C calc'!A0,n"), "--no-csv-safe writes the cell as read")
        XCTAssertTrue(rawText.contains("\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",n"))
        // Only the text cells change: the PDs are byte-identical.
        func pds(_ text: String) -> [Substring] { text.split(separator: "\n").map { $0.split(separator: ",").last! } }
        XCTAssertEqual(pds(safeText), pds(rawText))
    }

    /// Finding 6 in the other CSV outputs: describe, bin, train and validate --format csv (names and levels), the
    /// rejects file (a column name in the reason text) and vintage --target-out (loan ids).
    func testReportsRejectsAndTargetsNeutraliseFormulas() throws {
        var text = "=1+2,@c,default\n"
        for i in 0..<200 { text += "\(i % 9),\(["=cmd|' /C calc'!A0", "+x", "ok"][i % 3]),\(i % 4 == 0 ? 1 : 0)\n" }
        let data = file("f.csv", text)
        let d = try expect(["describe", data, "--format", "csv"], status: 0)
        XCTAssertTrue(d.stdout.contains("\n\"'=1+2\",numeric,"), d.stdout)
        XCTAssertTrue(d.stdout.contains("\n\"'@c\",categorical,"), d.stdout)
        XCTAssertTrue(d.stdout.contains("'=cmd|' /C calc'!A0 (67)"), d.stdout)
        let raw = try expect(["describe", data, "--format", "csv", "--no-csv-safe"], status: 0)
        XCTAssertTrue(raw.stdout.contains("\n=1+2,numeric,"), raw.stdout)
        let b = try expect(["bin", data, "--target", "default", "--format", "csv"], status: 0)
        XCTAssertFalse(b.stdout.split(separator: "\n").contains { $0.hasPrefix("=") || $0.hasPrefix("@") || $0.hasPrefix("+") }, b.stdout)
        XCTAssertTrue(b.stdout.contains("\"'=1+2\""), b.stdout)
        let t = try expect(["train", data, "--target", "default", "--format", "csv", "-o", path("f.json")], status: 0)
        XCTAssertTrue(t.stdout.contains("\"'=1+2\""), t.stdout)
        XCTAssertTrue(t.stdout.contains("\"'@c=ok\"") || t.stdout.contains("\"'@c=+x\""), t.stdout)
        let v = try expect(["validate", path("f.json"), data, "--grade-column", "@c", "--bootstrap", "0", "--format", "csv"], status: 0)
        XCTAssertTrue(v.stdout.contains("\"'@c = +x: rows"), v.stdout)

        // A level unseen in training: the rejects file's reason starts with the column name.
        let unseen = file("u.csv", "=1+2,@c,default\n1,=new,0\n2,ok,1\n")
        try expect(["score", path("f.json"), unseen, "-o", path("s.csv"), "--rejects", path("r.csv")], status: 0, "rows in 2, scored 1, rejected 1")
        let rejects = try String(contentsOfFile: path("r.csv"), encoding: .utf8)
        XCTAssertEqual(rejects, "row,line,column,reason\n1,2,\"'@c\",\"'@c = '=new' was not seen in training\"\n")

        // Loan ids of vintage --target-out.
        var perf = "loan_id,cohort,month_on_book,days_past_due\n"
        for m in 1...13 { perf += "=HYPERLINK(1),2024-01,\(m),0\n-7,2024-01,\(m),\(m > 3 ? 95 : 0)\n" }
        try expect(["vintage", file("p.csv", perf), "--target-out", path("t.csv")], status: 0)
        XCTAssertEqual(try String(contentsOfFile: path("t.csv"), encoding: .utf8),
                       "loan_id,bad,outcome\n\"'=HYPERLINK(1)\",0,good\n-7,1,bad\n")
    }

    // MARK: - Terminals

    /// Finding 12 (terminal): ESC and BEL in column names and levels reached the terminal raw from describe,
    /// train, bin, validate and monitor (retitling the window, clearing the screen). Text and Markdown now show
    /// them as \u{1B} and \u{7}; JSON escapes them itself; CSV keeps the bytes.
    func testControlCharactersAreShownVisibly() throws {
        var text = "a\u{1B}]0;pwned\u{7}b,c\u{1B}[2Jd,default\n"
        for i in 0..<120 { text += "\(["x\u{1B}[31my", "z", "w"][i % 3]),\(i % 7),\(i % 3 == 0 || i % 5 == 0 ? 1 : 0)\n" }
        let data = file("esc.csv", text)
        try expect(["train", data, "--target", "default", "-o", path("esc.json")], status: 0)
        for format in ["text", "markdown"] {
            let runs = [["describe", data, "--format", format], ["bin", data, "--target", "default", "--format", format],
                        ["train", data, "--target", "default", "--format", format],
                        ["validate", path("esc.json"), data, "--bootstrap", "0", "--grade-column", "a\u{1B}]0;pwned\u{7}b", "--format", format],
                        ["monitor", path("esc.json"), data, data, "--format", format]]
            for arguments in runs {
                let r = try expect(arguments, status: 0)
                for control in ["\u{1B}", "\u{7}"] {
                    XCTAssertFalse(r.stdout.contains(control), "\(arguments[0]) \(format): raw \(control.debugDescription)")
                    XCTAssertFalse(r.stderr.contains(control), "\(arguments[0]) \(format) stderr")
                }
                XCTAssertTrue(r.stdout.contains("\\u{1B}"), "\(arguments[0]) \(format): \(r.stdout.prefix(400))")
            }
        }
        let describe = try expect(["describe", data], status: 0)
        XCTAssertTrue(describe.stdout.contains("a\\u{1B}]0;pwned\\u{7}b  categorical"), describe.stdout)
        XCTAssertTrue(describe.stdout.contains("x\\u{1B}[31my (40)"), describe.stdout)
        // Aligned by what is shown: the rule under the header is as wide as the escaped name.
        XCTAssertTrue(describe.stdout.contains(String(repeating: "─", count: "a\\u{1B}]0;pwned\\u{7}b".count) + "  "), describe.stdout)
        let json = try expect(["describe", data, "--format", "json"], status: 0)
        XCTAssertTrue(json.stdout.contains("a\\u001b]0;pwned\\u0007b"), json.stdout)
        // An error message naming such a column is escaped too.
        try expect(["describe", data, "--target", "c\u{1B}[2J"], status: 64, "--target 'c\\u{1B}[2J': no such column")
    }
}

private extension Dictionary where Key == String, Value == Any {
    func dictionary(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
}
