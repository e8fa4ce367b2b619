import Foundation
import TestSupport
import XCTest

/// Every `--format latex` output compiles: each command's output is wrapped in a minimal document whose
/// preamble is the one its first line states (`% preamble: …`), and `pdflatex -halt-on-error` must succeed
/// with no "Missing $" or Unicode error in its log; the output holds no raw non-Latin Unicode and no adjacent
/// math groups (`$\chi$$^2$`).
///
/// pdflatex comes from `make test` (Debian texlive-latex-base and texlive-latex-recommended in TEST_APT_DEPS);
/// without it the test fails, unless CREDIT_SKIP_LATEX=1 says to skip it. Which commands have a LaTeX output is
/// read from each command's `--help`, so a new one cannot be missed here.
final class LaTeXCLITests: XCTestCase {
    static let fixtures = PackagePaths.path("Tests/CreditDecisionTests/Fixtures")
    static let card = fixtures + "/card.json"
    static let model = fixtures + "/model.json"
    static let data = PackagePaths.path("datasets/small_borrowers.csv")
    static let cv = PackagePaths.path("Tests/CreditExperimentsTests/Fixtures/cv_data.csv")

    static func pdflatex() -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        return dirs.map { "\($0)/pdflatex" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs pdflatex on `body` wrapped in an article with `preamble`; returns its status and log.
    func compile(_ body: String, preamble: String, pdflatex: String) throws -> (status: Int32, log: String) {
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = "\\documentclass{article}\n\(preamble)\n\\begin{document}\n\(body)\n\\end{document}\n"
        try document.write(to: dir.appendingPathComponent("doc.tex"), atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: pdflatex)
        p.arguments = ["-halt-on-error", "-interaction=nonstopmode", "-no-shell-escape", "doc.tex"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let log = (try? String(contentsOf: dir.appendingPathComponent("doc.log"), encoding: .utf8))
            ?? String(decoding: (try? Data(contentsOf: dir.appendingPathComponent("doc.log"))) ?? Data(), as: UTF8.self)
        return (p.terminationStatus, log)
    }

    /// The commands with a LaTeX output, from `credit --help` and each command's `--help`.
    func commandsWithLaTeX() throws -> Set<String> {
        let help = try CLI.run(["--help"]).stdout
        guard let start = help.range(of: "SUBCOMMANDS:") else { XCTFail("no SUBCOMMANDS in credit --help:\n\(help)"); return [] }
        let names = help[start.upperBound...].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let first = line.split(separator: " ").first else { return nil }
            return first.allSatisfy { $0.isLetter || $0 == "-" } ? String(first) : nil
        }
        XCTAssertGreaterThan(names.count, 10, help)
        return Set(try names.filter { try CLI.run([$0, "--help"]).stdout.lowercased().contains("latex") })
    }

    func testEveryLaTeXOutputCompiles() throws {
        guard let pdflatex = Self.pdflatex() else {
            if ProcessInfo.processInfo.environment["CREDIT_SKIP_LATEX"] == "1" {
                throw XCTSkip("pdflatex not found and CREDIT_SKIP_LATEX=1: the --format latex outputs were not compiled")
            }
            XCTFail("pdflatex not found: `make test` installs it (Debian texlive-latex-base and texlive-latex-recommended in TEST_APT_DEPS), "
                + "or run `apt-get install texlive-latex-base texlive-latex-recommended`; set CREDIT_SKIP_LATEX=1 to skip this test")
            return
        }
        let dir = PackagePaths.temporaryDirectory()
        let lines = try String(contentsOfFile: Self.cv, encoding: .utf8).split(separator: "\n")
        let second = dir.appendingPathComponent("second.csv").path, third = dir.appendingPathComponent("third.csv").path
        try (([lines[0]] + lines[1...300]).joined(separator: "\n") + "\n").write(toFile: second, atomically: true, encoding: .utf8)
        try (([lines[0]] + lines[301...]).joined(separator: "\n") + "\n").write(toFile: third, atomically: true, encoding: .utf8)
        let d = Self.data
        let cases: [(command: String, arguments: [String])] = [
            ("validate", ["validate", Self.model, d, "--group", "employment_type", "--cutoff", "0.2", "--grade-column", "region", "--bootstrap", "50"]),
            ("validate", ["validate", Self.card, d, "--group", "monthly_income", "--bands", "500,1000,2000", "--cutoff", "540", "--bootstrap", "50"]),
            ("compare", ["compare", d, "--target", "default", "--models", Self.model, Self.card, "--bootstrap", "50"]),
            ("compare", ["compare", Self.cv, "--target", "bad", "--cv", "3", "--configs", "lr,ridge:0.1,scorecard", "--seed", "7"]),
            ("compare", ["compare", Self.cv, second, third, "--target", "bad", "--nx2", "2", "--configs", "lr,firth,scorecard", "--rank-by", "brier"]),
            ("strategy", ["strategy", Self.card, d, "--cutoffs", "520,540,560", "--incumbent-rule", "monthly_income > 1000"]),
            ("strategy", ["strategy", Self.model, d, "--cutoffs", "0.05,0.1,0.2"]),
            ("fairness", ["fairness", Self.model, d, "--group", "employment_type", "--cutoff", "0.2"]),
            ("fairness", ["fairness", Self.model, d, "--group", "monthly_income", "--bands", "500,1000,2000", "--cutoff", "0.15"]),
        ]
        XCTAssertEqual(Set(cases.map(\.command)), try commandsWithLaTeX(), "every command with --format latex is compiled here")
        for (_, arguments) in cases {
            let what = arguments.prefix(4).joined(separator: " ")
            let r = try CLI.run(arguments + ["--format", "latex"])
            XCTAssertEqual(r.status, 0, "\(what): \(r.stderr)")
            let first = String(r.stdout.prefix { $0 != "\n" })
            XCTAssertTrue(first.hasPrefix("% preamble: "), "\(what): the first line states the preamble: \(first)")
            let preamble = String(first.dropFirst("% preamble: ".count))
            XCTAssertTrue(preamble.contains("\\usepackage{booktabs}"), "\(what): \(preamble)")
            XCTAssertTrue(r.stdout.contains("\\begin{tabular}"), what)
            // Math in math mode: no raw Unicode symbol (letters of names, é or š, are fine) and no `$..$$..$`.
            let raw = r.stdout.unicodeScalars.filter { $0.value > 0x7F && !($0.properties.isAlphabetic && $0.value < 0x250) }
            XCTAssertTrue(raw.isEmpty, "\(what): raw Unicode outside math mode: \(String(String.UnicodeScalarView(raw)))")
            XCTAssertFalse(r.stdout.contains("$$"), "\(what): adjacent math groups")
            let (status, log) = try compile(r.stdout, preamble: preamble, pdflatex: pdflatex)
            let errors = log.split(separator: "\n").filter { $0.hasPrefix("!") || $0.contains("Missing $") || $0.contains("Unicode character") }
            XCTAssertEqual(status, 0, "\(what): pdflatex failed:\n\(errors.joined(separator: "\n"))")
            XCTAssertTrue(errors.isEmpty, "\(what): \(errors.joined(separator: "\n"))")
        }
    }

    /// The escaping itself (through the CLI, on names a user controls): LaTeX's special characters in a score
    /// column's name and in the file name come out escaped and compile.
    func testHostileNamesAreEscapedAndCompile() throws {
        guard let pdflatex = Self.pdflatex() else {
            if ProcessInfo.processInfo.environment["CREDIT_SKIP_LATEX"] == "1" { throw XCTSkip("pdflatex not found and CREDIT_SKIP_LATEX=1") }
            XCTFail("pdflatex not found: `make test` installs it (texlive-latex-base, texlive-latex-recommended); CREDIT_SKIP_LATEX=1 skips")
            return
        }
        var text = "bad,s_1 & 50%,score #2 {x} ^~\\ <|>,α×β\n"
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let bad = rng.uniform() < 0.3
            text += "\(bad ? 1 : 0),\(rng.uniform() * 0.5 + (bad ? 0.3 : 0)),\(rng.normal() + (bad ? 1 : 0)),\(rng.uniform())\n"
        }
        let file = temporaryFile("scores_$1 & #2.csv", text)
        let r = try CLI.run(["compare", file, "--target", "bad", "--scores", "s_1 & 50%,score #2 {x} ^~\\ <|>,α×β", "--bootstrap", "20", "--format", "latex"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("s\\_1 \\& 50\\%"), r.stdout)
        XCTAssertTrue(r.stdout.contains("score \\#2 \\{x\\} \\textasciicircum{}\\textasciitilde{}\\textbackslash{} \\textless{}\\textbar{}\\textgreater{}"), r.stdout)
        XCTAssertTrue(r.stdout.contains("$\\alpha\\times\\beta$"), r.stdout)
        let (status, log) = try compile(r.stdout, preamble: "\\usepackage{booktabs}", pdflatex: pdflatex)
        XCTAssertEqual(status, 0, log.split(separator: "\n").filter { $0.hasPrefix("!") }.joined(separator: "\n"))
    }
}
