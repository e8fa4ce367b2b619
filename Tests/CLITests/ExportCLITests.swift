import Foundation
import TestSupport
import XCTest

/// `credit export`, verified by running the export: SQLite (the `sqlite3` shell), DuckDB and the JPMML evaluator
/// (through `Tests/Engines/engines.py`) score the German credit data and a file of hostile names and values, and
/// every row's PD (1e-9), score, points and reasons must equal `credit score --points`.
///
/// The engines come from `make test`: Debian `sqlite3` and `default-jre-headless`, and `.venv-test/` with the
/// pinned PyPI packages of `Tests/Engines/requirements.txt`. `CREDIT_TEST_PYTHON` names another interpreter.
/// A missing engine fails these tests (it is never skipped).
final class ExportCLITests: XCTestCase {
    static let harness = PackagePaths.path("Tests/Engines/engines.py")

    /// The venv's python, or a failure that says how to get it.
    func python(file: StaticString = #filePath, line: UInt = #line) -> String? {
        let path = ProcessInfo.processInfo.environment["CREDIT_TEST_PYTHON"] ?? PackagePaths.path(".venv-test/bin/python")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("\(path) not found: the export tests run DuckDB and the JPMML evaluator from it; run 'make test' (it creates .venv-test/ from Tests/Engines/requirements.txt) or set CREDIT_TEST_PYTHON", file: file, line: line)
            return nil
        }
        return path
    }

    func requireSQLiteShell(file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let found = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/sqlite3") }
        if !found { XCTFail("the sqlite3 shell is not on PATH: install Debian sqlite3 ('make deps' does it)", file: file, line: line) }
        return found
    }

    /// Runs a program, returning its exit status and combined output.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let dir = PackagePaths.temporaryDirectory()
        let url = dir.appendingPathComponent("output")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: dir) }
        return (process.terminationStatus, String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// Trains with `trainArguments`, scores `data` natively, exports SQL (sqlite, duckdb) and PMML and checks each
    /// engine against the native scores.
    func checkEngines(data: String, trainArguments: [String], scoreData: String? = nil, table: String = "applicants",
                      policy: [String] = [], reasonTexts: Bool = false, textLoadsOnly: Bool = false,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        guard let python = python(file: file, line: line), requireSQLiteShell(file: file, line: line) else { return }
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json").path
        let train = try CLI.run(["train", data] + trainArguments + ["-o", model])
        XCTAssertEqual(train.status, 0, train.stderr, file: file, line: line)
        let scored = scoreData ?? data
        let native = dir.appendingPathComponent("native.csv").path
        let isScorecard = trainArguments.contains("--scorecard")
        if !policy.isEmpty {
            let decided = dir.appendingPathComponent("decided.json").path
            let p = try CLI.run(["policy", model] + policy + ["-o", decided])
            XCTAssertEqual(p.status, 0, p.stderr, file: file, line: line)
            try FileManager.default.removeItem(atPath: model)
            try FileManager.default.moveItem(atPath: decided, toPath: model)
        }
        let score = try CLI.run(["score", model, scored, "-o", native] + (isScorecard ? ["--points"] : []) + (reasonTexts ? ["--reason-texts"] : []))
        XCTAssertEqual(score.status, 0, score.stderr, file: file, line: line)

        var exports: [(engine: String, path: String)] = []
        for dialect in ["sqlite", "duckdb"] {
            let path = dir.appendingPathComponent("model.\(dialect).sql").path
            let r = try CLI.run(["export", model, "--to", "sql", "--dialect", dialect, "--table", table, "--keep", "_rowid", "-o", path] + (reasonTexts ? ["--reason-texts"] : []))
            XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
            exports.append((dialect, path))
            // The same statement on the CSV loaded the ordinary way: every column text, as written.
            exports.append((dialect + "-text", path))
        }
        // PostgreSQL and ANSI SQL are not run in their own engines here: DuckDB reads both dialects (PostgreSQL's
        // casts and `~` regular expressions, standard quoting) and SQLite the ANSI one, so their exports run there.
        for dialect in ["postgres", "ansi"] {
            let path = dir.appendingPathComponent("model.\(dialect).sql").path
            let r = try CLI.run(["export", model, "--to", "sql", "--dialect", dialect, "--table", table, "--keep", "_rowid", "-o", path] + (reasonTexts ? ["--reason-texts"] : []))
            XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
            exports.append(("duckdb", path))
            exports.append(dialect == "ansi" ? ("sqlite", path) : ("duckdb-text", path))
        }
        // PMML has no reason texts and no decision: it is checked when the native output has neither.
        if policy.isEmpty && !reasonTexts {
            let pmml = dir.appendingPathComponent("model.pmml").path
            let r = try CLI.run(["export", model, "--to", "pmml", "-o", pmml])
            XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
            exports.append(("pmml", pmml))
        }

        // Text that is not a number cannot be stored in a typed column: such data runs on the text loads only.
        if textLoadsOnly { exports = exports.filter { $0.engine.hasSuffix("-text") } }
        // One harness run for all engines (one Python and one JVM start).
        let check = try run(python, [Self.harness, "check"] + exports.map { "\($0.engine)=\($0.path)" }
                                    + ["--model", model, "--data", scored, "--native", native, "--table", table])
        XCTAssertEqual(check.status, 0, check.output, file: file, line: line)
        XCTAssertEqual(check.output.components(separatedBy: "agree with the native scorer").count - 1, exports.count, check.output, file: file, line: line)
    }

    func testGermanScorecardRunsInSQLiteDuckDBAndJPMML() throws {
        try checkEngines(data: CLI.german, trainArguments: ["--target", "default", "--scorecard"])
    }

    func testGermanScorecardWithAverageReferenceAndSixReasons() throws {
        try checkEngines(data: CLI.german, trainArguments: ["--target", "default", "--scorecard", "--reason-reference", "average", "--reasons", "6"])
    }

    func testGermanLogisticRegressionRunsInSQLiteDuckDBAndJPMML() throws {
        try checkEngines(data: CLI.german, trainArguments: ["--target", "default"])
    }

    /// Per-bin reason codes (thin-file applicants' missing bureau bins have their own codes) and the
    /// unexpected-missing policies (blank debt-to-income and income, which training never had): every engine
    /// gives the native bins, points, PD and reason codes — the riskiest bin's points with the missing bin's code,
    /// or a rejected row (NULL) under reject.
    func testPerBinReasonCodesAndUnexpectedMissingRunInSQLiteDuckDBAndJPMML() throws {
        let codes = temporaryFile("codes.csv", """
            characteristic,bin,code,text
            lenders_count,,R01,Loans from several lenders
            lenders_count,missing,R20,No credit history on file (lenders)
            inquiries_6m,missing,R21,No credit history on file (inquiries)
            past_delinquency,missing,R22,No credit history on file (repayment)
            debt_to_income,,R04,Debt is high relative to income
            debt_to_income,missing,R24,Debt-to-income not given

            """)
        var lines = try String(contentsOfFile: PackagePaths.path("datasets/small_borrowers.csv"), encoding: .utf8)
            .split(separator: "\n").prefix(301).map(String.init)
        for i in [5, 17, 40] {       // blank debt_to_income (field 7), and for one row monthly_income (field 5) too
            var f = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[6] = ""
            if i == 40 { f[4] = "" }
            lines[i] = f.joined(separator: ",")
        }
        let data = temporaryFile("applicants.csv", lines.joined(separator: "\n") + "\n")
        for policy in ["riskiest", "reject"] {
            try checkEngines(data: PackagePaths.path("datasets/small_borrowers.csv"),
                             trainArguments: ["--target", "default", "--exclude", "loan_id,application_date,true_pd", "--scorecard",
                                              "--reason-codes", codes, "--on-unexpected-missing", policy],
                             scoreData: data)
        }
        // The same card with reason texts and a decision policy (rules on model columns, numeric and text; a
        // refer band; the cut-off): SQLite and DuckDB give the native decision, code and texts on every row.
        try checkEngines(data: PackagePaths.path("datasets/small_borrowers.csv"),
                         trainArguments: ["--target", "default", "--exclude", "loan_id,application_date,true_pd", "--scorecard",
                                          "--reason-codes", codes, "--on-unexpected-missing", "riskiest"],
                         scoreData: data,
                         policy: ["--cutoff", "540", "--refer-band", "520,540",
                                  "--rule", "past_delinquency >= 1 and lenders_count >= 3 => decline R90 'Repeated delinquency, it''s on file'",
                                  "--rule", "lenders_count is missing and monthly_income < 800 => decline R80",
                                  "--rule", "region in ('river_delta', 'plains') and not (income_volatility <= 0.6) => refer R70"],
                         reasonTexts: true)
    }

    /// Issue 21 item 8: a table loaded the ordinary way (`sqlite3 .import`: every column TEXT, empty fields as
    /// empty strings; DuckDB `read_csv(all_varchar = true)`) scores as the native scorer does: blanks, `NA`,
    /// `n/a` and `Null` are missing, numbers with spaces around them are numbers, and text that is not a number in
    /// a numeric column rejects the row. Before, 7,928 of 8,000 synthetic loans scored differently in SQLite.
    func testTablesLoadedAsTextScoreAsNatively() throws {
        var lines = try String(contentsOfFile: PackagePaths.path("datasets/small_borrowers.csv"), encoding: .utf8)
            .split(separator: "\n").prefix(401).map(String.init)
        let edits: [(row: Int, field: Int, value: String)] = [
            (3, 6, "NA"), (8, 6, " 0.412 "), (12, 4, "n/a"), (15, 10, "Null"), (21, 6, "abc"), (30, 4, "1e3"),
            (33, 7, " 2"), (41, 10, "-"), (47, 6, "?"), (52, 4, "12x"), (60, 7, "NONE"), (64, 2, "NA")]
        for e in edits {
            var f = lines[e.row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[e.field] = e.value
            lines[e.row] = f.joined(separator: ",")
        }
        let data = temporaryFile("text-applicants.csv", lines.joined(separator: "\n") + "\n")
        let exclude = ["--exclude", "loan_id,application_date,true_pd"]
        try checkEngines(data: PackagePaths.path("datasets/small_borrowers.csv"),
                         trainArguments: ["--target", "default", "--scorecard", "--on-unexpected-missing", "riskiest"] + exclude,
                         scoreData: data, textLoadsOnly: true)
        try checkEngines(data: PackagePaths.path("datasets/small_borrowers.csv"),
                         trainArguments: ["--target", "default", "--scorecard"] + exclude, scoreData: data,
                         policy: ["--cutoff", "540", "--rule", "debt_to_income > 0.8 => decline R60", "--rule", "region in ('plains') => refer R70"],
                         textLoadsOnly: true)
        try checkEngines(data: PackagePaths.path("datasets/small_borrowers.csv"),
                         trainArguments: ["--target", "default"] + exclude, scoreData: data, textLoadsOnly: true)
    }

    /// A plain regression with a PD policy: the decision columns in SQLite and DuckDB equal the native ones.
    func testPolicyOnAPlainModelRunsInSQLiteAndDuckDB() throws {
        try checkEngines(data: PackagePaths.path("datasets/small_borrowers.csv"),
                         trainArguments: ["--target", "default", "--exclude", "loan_id,application_date,true_pd,lenders_count,inquiries_6m,past_delinquency"],
                         policy: ["--cutoff", "0.2", "--refer-band", "0.2,0.3", "--rule", "debt_to_income > 0.8 => refer R60"])
    }

    /// Column names and categories that try to inject SQL or break XML and CSV; a table name that tries too; rows
    /// with missing values, a special code and unseen levels (the scorecard's "other" bin; the regression rejects).
    func testHostileNamesAndValuesExportAndRun() throws {
        guard let python = python() else { return }
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let train = dir.appendingPathComponent("hostile.csv").path
        let made = try run(python, [Self.harness, "hostile-data", train])
        XCTAssertEqual(made.status, 0, made.output)
        var text = try String(contentsOfFile: train, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("\"x\"\"; DROP TABLE t; --\""), "the hostile header is not what this test expects")
        text += "12.5,100.00,\"nowhere\nland\",\"brand new <level> & 'x' \\\",0\n"
        text += ",250.5,north,ok,1\n"
        text += "-999,,\"we'st\",a<b&c,0\n"
        let score = dir.appendingPathComponent("hostile-score.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: score))
        let table = "ap\"ps`; DROP TABLE t; --"
        try checkEngines(data: train, trainArguments: ["--target", "default", "--scorecard", "--special", "x\"; DROP TABLE t; --=-999"],
                         scoreData: score, table: table)
        try checkEngines(data: train, trainArguments: ["--target", "default"], scoreData: score, table: table)
    }

    func testUsageErrors() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "-o", model]).status, 0)
        let noTable = try CLI.run(["export", model, "--to", "sql"])
        XCTAssertEqual(noTable.status, 64)
        XCTAssertTrue(noTable.stderr.contains("--table"), noTable.stderr)
        let dialectWithPMML = try CLI.run(["export", model, "--to", "pmml", "--dialect", "sqlite"])
        XCTAssertEqual(dialectWithPMML.status, 64)
        let badDialect = try CLI.run(["export", model, "--to", "sql", "--dialect", "oracle", "--table", "t"])
        XCTAssertEqual(badDialect.status, 64)
        let clash = try CLI.run(["export", model, "--to", "sql", "--table", "t", "--keep", "PD"])
        XCTAssertEqual(clash.status, 64)
        XCTAssertTrue(clash.stderr.contains("would appear twice"), clash.stderr)
    }

    /// PMML sums the points of characteristics that share a reason code; credit ranks each one, so such a model
    /// is refused for PMML (SQL follows the native ranking and still exports it).
    func testSharedReasonCodesAreRefusedForPMML() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let codes = temporaryFile("codes.csv", "characteristic,code,text\nduration_in_month,R1,term\ncredit_amount,R1,amount\n")
        let model = dir.appendingPathComponent("model.json").path
        let train = try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "--reason-codes", codes, "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
        let pmml = try CLI.run(["export", model, "--to", "pmml"])
        XCTAssertEqual(pmml.status, 64)
        XCTAssertTrue(pmml.stderr.contains("\"R1\" is shared by"), pmml.stderr)
        XCTAssertEqual(try CLI.run(["export", model, "--to", "sql", "--table", "t"]).status, 0)
    }

    func testStdoutByDefaultAndAtomicFile() throws {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json").path
        XCTAssertEqual(try CLI.run(["train", CLI.german, "--target", "default", "--scorecard", "-o", model]).status, 0)
        let sql = try CLI.run(["export", model, "--to", "sql", "--dialect", "postgres", "--table", "t"])
        XCTAssertEqual(sql.status, 0, sql.stderr)
        XCTAssertTrue(sql.stdout.contains("SELECT") && sql.stdout.hasSuffix(";\n"))
        XCTAssertTrue(sql.stdout.contains("AS DOUBLE PRECISION"), "PostgreSQL reads decimal literals as NUMERIC; they must be cast")
        let pmml = try CLI.run(["export", model, "--to", "pmml", "-o", "-"])
        XCTAssertTrue(pmml.stdout.contains("reasonCodeAlgorithm=\"pointsBelow\""), pmml.stdout)
        // A failed export leaves an existing output file as it was.
        let out = dir.appendingPathComponent("out.sql").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: out))
        let failed = try CLI.run(["export", dir.appendingPathComponent("missing.json").path, "--to", "pmml", "-o", out])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "previous\n")
    }
}
