import Foundation
import CreditDecision
import CreditModelFile

/// What `credit policy` prints: the policy in the order it is applied, and the parent and new models' seals.
///
/// ```
/// decision policy for card.json (scorecard), in the order applied to each scored applicant:
///   1. decline R90 when past_delinquency >= 3  (Repeated delinquency)
///   2. refer when the score is in the refer band: 500 ≤ score < 520 points
///   3. approve when score ≥ 520 points, else decline
/// ```
/// JSON: the parent's file and seal, the policy as the model file holds it, and the new file and seal.
public struct PolicyReport: Sendable {
    public var parentFile: String
    public var parent: CreditModel
    public var child: CreditModel
    public var output: String?

    public init(parentFile: String, parent: CreditModel, child: CreditModel, output: String?) {
        self.parentFile = parentFile; self.parent = parent; self.child = child; self.output = output
    }

    struct JSONForm: Encodable {
        var parentFile: String
        var parentSHA256: String
        var policy: DecisionPolicy
        var output: String?
        var sha256: String
    }

    /// Text (default) or JSON, ending in a newline.
    public func render(_ format: OutputFormat) throws -> String {
        guard let policy = child.policy else { return "" }
        let parentSeal = try parent.contentDigest(), seal = try child.contentDigest()
        if format == .json {
            return JSONOutput.encode(JSONForm(parentFile: parentFile, parentSHA256: parentSeal, policy: policy, output: output, sha256: seal))
                .trimmingCharacters(in: .newlines) + "\n"
        }
        var lines = ["decision policy for \(TerminalText.escaped(parentFile)) (\(parent.model)), in the order applied to each scored applicant:"]
        var step = 1
        for rule in policy.rules {
            lines.append("  \(step). \(rule.decision.rawValue) \(TerminalText.escaped(rule.code)) when \(TerminalText.escaped(rule.condition.source))  (\(TerminalText.escaped(rule.text)))")
            step += 1
        }
        let unit = policy.cutoff.scale.unit
        if let band = policy.referBand, band.count == 2 {
            let a = DecisionPolicy.number(band[0]), b = DecisionPolicy.number(band[1])
            let rule = policy.cutoff.scale == .points ? "\(a) ≤ score < \(b) points" : "\(b) < PD ≤ \(a)"
            lines.append("  \(step). refer when the \(policy.cutoff.scale == .points ? "score" : "PD") is in the refer band: \(rule)")
            step += 1
        }
        lines.append("  \(step). approve when \(policy.cutoff.description), else decline")
        lines.append("rows the model cannot score are rejected before the policy (see credit score --rejects); cut-off unit: \(unit)")
        // The seals last: they depend on every bit of the model (and its training date), so a note can cut them.
        if let output { lines.append("model written to \(TerminalText.escaped(output)): seal \(seal.prefix(12))…, lineage: policy added to the model sealed \(parentSeal.prefix(12))…") }
        return lines.joined(separator: "\n") + "\n"
    }
}
