import CreditKit
import Foundation
import TestSupport
import XCTest

/// The code of the getting-started article (Sources/CreditKit/CreditKit.docc/GettingStarted.md), compiled and
/// run: the article's checked code block must equal the lines between the `getting-started` markers below, and
/// the numbers that code computes must equal independent references — statsmodels 0.15.0 for the fit and the
/// PDs, scikit-learn 1.9.1 for the AUC, a brute-force DeLong variance for its interval — from
/// Fixtures/make_getting_started_fixture.py (getting_started_fixture.json).
final class GettingStartedTests: XCTestCase {
    static let article = "Sources/CreditKit/CreditKit.docc/GettingStarted.md"
    /// The comment that stands on the line before the article's checked code block.
    static let articleMarker = "<!-- compiled and run by Tests/CreditKitTests/GettingStartedTests.swift -->"

    struct Fixture: Decodable {
        let terms: [String]
        let params: [Double]
        let bse: [Double]
        let pvalues: [Double]
        let llf: Double
        let fitted_first_rows: [Double]
        let applicant_row1: [String: String]
        let applicant_row1_pd: Double
        let auc_sklearn: Double
        let delong_ci95_lower: Double
        let delong_ci95_upper: Double
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditKitTests/Fixtures/getting_started_fixture.json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testArticleRunsAndAgreesWithStatsmodelsAndScikitLearn() throws {
        // The article's paths are relative to the repository root, as a reader runs them.
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(PackagePaths.root.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }

        // getting-started:begin
        // Read the training data. Column types are inferred (numbers or text); the empty field, NA, NULL, … are
        // missing values.
        let training = ModelTraining(input: .file("datasets/german_credit.csv", fingerprint: false))
        let table = try training.readTable(options: CSVOptions())

        // Fit a logistic regression of default (1 = bad) on every other column by Newton/IRLS. Text columns
        // are one-hot coded against their first level in sorted order; terms are named "column=level".
        let outcome = try LogisticRegressionRequest(target: "default").run(on: table)
        let fit = outcome.result
        print("converged \(fit.converged) in \(fit.iterations) iterations, log-likelihood \(fit.logLikelihood)")

        // The inference table: coefficient, standard error (inverse Fisher information), Wald z, two-sided p.
        for j in fit.termNames.indices.prefix(5) {
            print(fit.termNames[j], fit.coefficients[j], fit.standardErrors[j], fit.zValues[j], fit.pValues[j])
        }

        // The model: target, input schema (columns, types, levels) and fit; `model.write(to:)` saves it as the
        // sealed JSON model file that `credit score` reads, `CreditModel.load(path:)` reads it back.
        let model = training.model(for: outcome)

        // Score a table (here the training rows again; a holdout or a file of new applicants in practice).
        let scored = try model.score(table)
        print("scored \(scored.summary.rowsScored) of \(scored.summary.rowsIn); first PDs \(scored.probabilities.prefix(3))")

        // Score one applicant given as column name → value text, exactly as a CSV row with these values.
        let applicant = [
            "status_of_existing_checking_account": "... < 0 DM", "duration_in_month": "6",
            "credit_history": "critical account/ other credits existing (not at this bank)",
            "purpose": "radio/television", "credit_amount": "1169",
            "savings_account_and_bonds": "unknown/ no savings account", "present_employment_since": "... >= 7 years",
            "installment_rate_in_percentage_of_disposable_income": "4",
            "personal_status_and_sex": "male : divorced/separated", "other_debtors_or_guarantors": "none",
            "present_residence_since": "4", "property": "real estate", "age_in_years": "67",
            "other_installment_plans": "none", "housing": "own", "number_of_existing_credits_at_this_bank": "2",
            "job": "skilled employee / official", "number_of_people_being_liable_to_provide_maintenance_for": "1",
            "telephone": "yes, registered under the customers name", "foreign_worker": "yes",
        ]
        let decision = try model.score(applicant: applicant)
        switch decision {
        case .scored(let s): print("applicant PD \(s.probability)")
        case .rejected(let r): print("applicant rejected: \(r.detail)")   // e.g. a level not seen in training
        }

        // Discrimination: the AUC of the PDs against the target, with DeLong's 95% confidence interval.
        let sample = try EvaluationSample(model: model, table: table)
        let auc = AreaUnderCurve(try ScoredOutcomes(scores: sample.scores, isBad: sample.isBad))
        print("AUC \(auc.value), 95% CI [\(auc.confidenceInterval.lower), \(auc.confidenceInterval.upper)]")
        // getting-started:end

        let e = try Self.fixture()
        // Coefficients and standard errors: statsmodels to 1e-6 relative, the suite's reference tolerance
        // (Tolerance.reference); p-values to 1e-5 relative as in CreditRegressionTests (a tail probability
        // magnifies the relative error of z by about z²).
        XCTAssertEqual(fit.termNames, e.terms)
        XCTAssertTrue(fit.converged)
        assertClose(fit.coefficients, e.params, relative: Tolerance.reference, "coefficient")
        assertClose(fit.standardErrors, e.bse, relative: Tolerance.reference, "standard error")
        assertClose(fit.pValues, e.pvalues, relative: 1e-5, absolute: 1e-300, "p-value")
        assertClose(fit.logLikelihood, e.llf, relative: 1e-10, "log-likelihood")
        // PDs: both fits converge far below 1e-6 (statsmodels tol 1e-12; ours the README's criteria), and a PD
        // moves by at most ¼·|Δη|; seen 2e-16. 1e-9 absolute leaves a wide margin and still catches a wrong
        // row, a wrong coding or a wrong link.
        XCTAssertEqual(scored.summary.rowsScored, 1000)
        assertClose(Array(scored.probabilities.prefix(e.fitted_first_rows.count)), e.fitted_first_rows,
                    absolute: 1e-9, "PD of the first rows")
        XCTAssertEqual(applicant, e.applicant_row1, "the article's applicant is row 1 of the file")
        assertClose(try XCTUnwrap(decision.probability), e.applicant_row1_pd, absolute: 1e-9, "applicant PD")
        // The AUC and its DeLong interval depend on the order of the PDs only: a swapped (bad, good) pair would
        // move the AUC by 1/(300·700) ≈ 4.8e-6, so 1e-12 says the order is statsmodels' order exactly.
        XCTAssertEqual(sample.scores.count, 1000)
        assertClose(auc.value, e.auc_sklearn, absolute: 1e-12, "AUC (scikit-learn roc_auc_score)")
        assertClose(auc.confidenceInterval.lower, e.delong_ci95_lower, absolute: 1e-12, "DeLong CI lower")
        assertClose(auc.confidenceInterval.upper, e.delong_ci95_upper, absolute: 1e-12, "DeLong CI upper")
    }

    /// The article shows exactly the code that the test above runs.
    func testArticleCodeIsTheTestedCode() throws {
        let article = try String(contentsOfFile: PackagePaths.path(Self.article), encoding: .utf8)
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let shown = try XCTUnwrap(Self.checkedBlock(article), "no ```swift block after \(Self.articleMarker) in \(Self.article)")
        let tested = try XCTUnwrap(Self.markedLines(source), "no getting-started markers in \(#filePath)")
        let common = min(shown.count, tested.count)
        let firstDifference = (0..<common).first { shown[$0] != tested[$0] } ?? (shown.count == tested.count ? nil : common)
        if let k = firstDifference {
            XCTFail("""
                \(Self.article)'s checked code block differs from the code between the getting-started markers \
                of GettingStartedTests.swift at its line \(k + 1): article '\(k < shown.count ? shown[k] : "(end)")', \
                test '\(k < tested.count ? tested[k] : "(end)")'; copy one to the other
                """)
        }
        XCTAssertGreaterThan(tested.count, 20)
    }

    /// README's library example is Examples/ScoreWithMetrics less its swift-metrics lines, and that example
    /// keeps to 12 lines of code (imports, comments and blank lines not counted), as its header says.
    func testReadmeExampleIsTheScoreWithMetricsExample() throws {
        let readme = try String(contentsOfFile: PackagePaths.path("README.md"), encoding: .utf8)
        let example = try String(contentsOfFile: PackagePaths.path("Examples/ScoreWithMetrics/Sources/ScoreWithMetrics/main.swift"),
                                 encoding: .utf8)
        let marker = "<!-- the code of Examples/ScoreWithMetrics less its swift-metrics lines; GettingStartedTests checks it -->"
        let shown = try XCTUnwrap(Self.checkedBlock(readme, marker: marker), "no ```swift block after \(marker) in README.md")
        let code = example.split(separator: "\n").map(String.init).filter {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("//") && !t.hasPrefix("import ")
        }
        XCTAssertLessThanOrEqual(code.count, 12, "Examples/ScoreWithMetrics promises at most 12 lines of code")
        XCTAssertTrue(example.contains("import CreditKit\nimport Metrics\n"))
        XCTAssertEqual(shown.first, "import CreditKit")
        XCTAssertEqual(shown.dropFirst().filter { !$0.isEmpty },
                       code.filter { !$0.contains("Metrics") && !$0.contains("Gauge") },
                       "README.md's library example differs from Examples/ScoreWithMetrics (less its metrics lines)")
    }

    /// The lines of the first ```swift block after `marker`.
    static func checkedBlock(_ article: String, marker: String = articleMarker) -> [String]? {
        let lines = article.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let marker = lines.firstIndex(of: marker),
              let open = lines[marker...].firstIndex(of: "```swift"),
              let close = lines[(open + 1)...].firstIndex(of: "```") else { return nil }
        return Array(lines[(open + 1)..<close])
    }

    /// The lines between `// getting-started:begin` and `// getting-started:end`, less their common indentation.
    static func markedLines(_ source: String) -> [String]? {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = trimmed.firstIndex(of: "// getting-started:begin"),
              let end = trimmed[begin...].firstIndex(of: "// getting-started:end") else { return nil }
        let body = lines[(begin + 1)..<end]
        let indent = body.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
        return body.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(indent)) }
    }
}
