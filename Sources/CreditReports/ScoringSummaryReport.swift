import Foundation
import CreditModelFile
import CreditRegression

/// What `credit score` says on standard error when it is done: rows in, scored and rejected, then the rejects by
/// reason, most frequent first (ties by reason), so that rows in = rows scored + rows rejected is visible.
///
/// ```
/// applicants.csv: rows in 1,000, scored 990, rejected 10
///   7  missing value in income
///   3  unseen level in purpose
/// scored with a fallback bin (a missing value where training had none): debt_to_income 2
/// ```
/// The last line appears only for scorecards whose policy scores such rows (`UnexpectedMissingPolicy`).
/// JSON is the `ScoringSummary` itself (keys sorted).
public struct ScoringSummaryReport: Sendable {
    public var source: String
    public var summary: ScoringSummary
    /// A last line for text output when rows were rejected, e.g. how to list them (the CLI names its option).
    public var rejectsHint: String?
    /// The model (as the user named it) and how its fit ended, when the fit failed (not converged,
    /// quasi-separated, iteration limit): a first warning line, and `modelFit` in JSON.
    public var modelFit: (model: String, status: FitStatus)? = nil

    public init(source: String, summary: ScoringSummary, rejectsHint: String? = nil) {
        self.source = source; self.summary = summary; self.rejectsHint = rejectsHint
    }

    /// The JSON form: the `ScoringSummary`'s keys, and `modelFit` when the model's fit failed.
    struct JSONView: Encodable {
        var summary: ScoringSummary
        var modelFit: FitStatus?
        enum Keys: String, CodingKey { case modelFit }
        func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(modelFit, forKey: .modelFit)
        }
    }

    /// The summary as text (the default) or JSON, without a final newline.
    public func render(_ format: OutputFormat) -> String {
        let s = summary
        if format == .json { return JSONOutput.encode(JSONView(summary: s, modelFit: modelFit?.status)).trimmingCharacters(in: .newlines) }
        var text = modelFit.flatMap { f in f.status.message.map { "warning: the model \(f.model) \($0)\n" } } ?? ""
        text += "\(source): rows in \(NumberFormat.count(s.rowsIn)), scored \(NumberFormat.count(s.rowsScored)), rejected \(NumberFormat.count(s.rowsRejected))"
        for (reason, n) in s.rejectedByReason.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            text += "\n  \(NumberFormat.count(n))  \(reason)"
        }
        if s.rowsRejected > 0, let rejectsHint { text += "\n  \(rejectsHint)" }
        if let decisions = s.decisions {
            text += "\ndecisions: " + ["approve", "refer", "decline"].map { "\($0) \(NumberFormat.count(decisions[$0] ?? 0))" }.joined(separator: ", ")
            let rules = (s.decidedByRule ?? [:]).sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            if !rules.isEmpty { text += "; by hard rules before the score: " + rules.map { "\($0.key) \(NumberFormat.count($0.value))" }.joined(separator: ", ") }
        }
        if !s.scoredWithFallback.isEmpty {
            let counts = s.scoredWithFallback.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            text += "\nscored with a fallback bin (a missing value where training had none): "
                + counts.map { "\($0.key) \(NumberFormat.count($0.value))" }.joined(separator: ", ")
        }
        return text
    }
}
