import Foundation

/// Whether a fit reached a trustworthy maximum, in the terms a user of its estimates needs: converged or not,
/// quasi-separated or not, stopped at its iteration limit or not.
///
/// A fit that failed still yields coefficients (a model file keeps them, and scoring with them works), so the
/// failure has to travel with the estimates: a validation, report, scoring summary or comparison of such a
/// model says so in one line (`message`) instead of printing its metrics as if the fit were sound. Derived
/// from `LogisticRegressionResult.converged`, `.iterations` and `.diagnostics` (`FitDiagnostic`), which the
/// fitters set and the model file records:
///
/// - `notConverged`: `converged` is false (the Newton convergence criteria did not both hold, or separation was
///   found: see `LogisticRegression`);
/// - `quasiSeparated`: the fit carries `.quasiSeparation(rows:)` — rows with a fitted P within 1e-10 of 0 or 1;
///   the likelihood keeps rising along some direction (Albert & Anderson 1984, Biometrika 71(1):1–10), so the
///   affected coefficients and standard errors are not estimates of anything;
/// - `iterationLimit`: the fit carries `.didNotConverge(iterations:)` — it stopped at the iteration limit.
///
/// A sound fit has no failure. statsmodels records the same facts as `mle_retvals["converged"]` and a
/// `PerfectSeparationWarning`; R's `glm` as `fit$converged` and the warning "fitted probabilities numerically 0
/// or 1 occurred".
public struct FitStatus: Sendable, Codable, Equatable {
    /// One way a fit can fail; the raw value is the JSON spelling.
    public enum Failure: String, Sendable, Codable, CaseIterable, Comparable {
        case notConverged = "not_converged"
        case quasiSeparated = "quasi_separated"
        case iterationLimit = "iteration_limit"

        public static func < (a: Failure, b: Failure) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public let converged: Bool
    public let iterations: Int
    /// Empty for a sound fit; otherwise in `Failure.allCases` order.
    public let failures: [Failure]
    /// Rows predicted (almost) exactly, when the fit is quasi-separated.
    public let quasiSeparatedRows: Int?

    public init(converged: Bool, iterations: Int, diagnostics: [FitDiagnostic]) {
        self.converged = converged; self.iterations = iterations
        var failures: [Failure] = converged ? [] : [.notConverged]
        var rows: Int?
        for d in diagnostics {
            switch d {
            case .quasiSeparation(let n): rows = n; if !failures.contains(.quasiSeparated) { failures.append(.quasiSeparated) }
            case .didNotConverge: if !failures.contains(.iterationLimit) { failures.append(.iterationLimit) }
            default: break
            }
        }
        self.failures = failures.sorted()
        quasiSeparatedRows = rows
    }

    /// True when the fit has no failure.
    public var isSound: Bool { failures.isEmpty }

    /// What went wrong, without a subject ("did not converge: quasi-separation, 12 rows predicted exactly; 25
    /// iterations"), for a front end to put after the model's name; nil for a sound fit.
    public var message: String? {
        guard !isSound else { return nil }
        var reasons: [String] = []
        if let rows = quasiSeparatedRows {
            reasons.append("quasi-separation, \(rows) row\(rows == 1 ? "" : "s") predicted exactly")
        }
        if failures.contains(.iterationLimit) { reasons.append("stopped at the iteration limit") }
        let head = converged ? "is suspect" : "did not converge"
        return head + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
            + " (\(iterations) iteration\(iterations == 1 ? "" : "s")); its coefficients and PDs are unreliable"
    }
}

extension LogisticRegressionResult {
    /// How the fit ended: converged, quasi-separated, stopped at its iteration limit (`FitStatus`).
    public var status: FitStatus { FitStatus(converged: converged, iterations: iterations, diagnostics: diagnostics) }
}
