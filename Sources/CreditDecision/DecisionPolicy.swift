import Foundation
import CreditTabular

/// What a policy decides for an applicant.
public enum Decision: String, Sendable, Codable, CaseIterable {
    case approve
    case refer
    case decline
}

/// A hard rule of a decision policy: when `condition` holds, the applicant is declined (or referred) with `code`,
/// whatever the score. Written on the command line as `EXPR => decline CODE ['text']`.
public struct PolicyRule: Sendable, Codable, Equatable {
    public var condition: RuleExpression
    /// `.decline` or `.refer` (a rule never approves: approval is the score's).
    public var decision: Decision
    /// The code written in the `decision_code` column (e.g. a bureau's adverse-action code).
    public var code: String
    /// The text written next to the code with `--reason-texts` (default: the rule itself).
    public var text: String

    public init(condition: RuleExpression, decision: Decision, code: String, text: String? = nil) {
        self.condition = condition; self.decision = decision; self.code = code
        self.text = text ?? "policy rule: \(condition.source)"
    }

    /// Parses `EXPR => decline CODE ['text']` (or `=> refer …`): the condition in the rule grammar
    /// (`RuleExpression`), then after the last `=>` outside quotes the decision, a code without spaces and an
    /// optional quoted text ('…' or "…", a quote doubled inside).
    /// - Throws: `PolicyError.badRule` naming what is wrong, or the condition's `RuleSyntaxError`.
    public init(parsing text: String) throws {
        guard let arrow = Self.lastArrow(in: text) else {
            throw PolicyError.badRule(text, "expected 'CONDITION => decline CODE' (or '=> refer CODE'), with an optional quoted text after the code")
        }
        let condition = String(text[..<arrow]).trimmingCharacters(in: .whitespacesAndNewlines)
        let action = text[text.index(arrow, offsetBy: 2)...].trimmingCharacters(in: .whitespaces)
        var words = action.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 2, let decision = Decision(rawValue: words[0].lowercased()), decision != .approve else {
            throw PolicyError.badRule(text, "after '=>' write 'decline CODE' or 'refer CODE' (a rule cannot approve: approval is the score's)")
        }
        var explanation: String? = nil
        if words.count == 3 {
            let rest = words[2].trimmingCharacters(in: .whitespaces)
            guard let quote = rest.first, quote == "'" || quote == "\"", rest.count >= 2, rest.last == quote else {
                throw PolicyError.badRule(text, "the text after the code must be quoted, e.g. => decline R90 'Bankruptcy on file'")
            }
            explanation = String(rest.dropFirst().dropLast()).replacingOccurrences(of: String(repeating: quote, count: 2), with: String(quote))
        }
        words[1] = words[1].trimmingCharacters(in: .whitespaces)
        self.init(condition: try RuleExpression(condition), decision: decision, code: words[1], text: explanation)
    }

    /// The index of the last `=>` not inside a quoted string or backquoted name.
    static func lastArrow(in text: String) -> String.Index? {
        var quote: Character? = nil
        var last: String.Index? = nil
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }            // a doubled quote closes and reopens: same effect
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == "=", text.index(after: i) < text.endIndex, text[text.index(after: i)] == ">" {
                last = i
            }
            i = text.index(after: i)
        }
        return last
    }
}

/// Why a policy cannot be built.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--rule` that is not `EXPR => decline|refer CODE ['text']`.
    case badRule(String, String)
    /// A cut-off or refer band that is not a finite number (or a PD outside [0, 1]).
    case badValue(String)
    /// A refer band whose ends are equal.
    case emptyReferBand(Double)

    public var description: String {
        switch self {
        case .badRule(let rule, let why): return "rule '\(rule)': \(why)"
        case .badValue(let why): return why
        case .emptyReferBand(let v): return "the refer band \(DecisionPolicy.number(v)),\(DecisionPolicy.number(v)) holds no score; give two different values"
        }
    }
}

/// Which part of the policy decided.
public enum DecisionBasis: Sendable, Equatable {
    /// Hard rule `index` (policy order) held.
    case rule(Int)
    /// The score fell in the refer band.
    case referBand
    /// The score's side of the cut-off.
    case cutoff
}

/// A decision policy carried by a model file (`credit policy`): hard rules, then the refer band, then the cut-off.
///
/// Order, for an applicant the model can score:
/// 1. the hard rules, in order: the first whose condition holds decides (decline or refer, with its code);
/// 2. otherwise, a score in the refer band is referred;
/// 3. otherwise the cut-off decides: approve on its approve side (`ScoreScale.approves`: score ≥ cut-off in points,
///    PD ≤ cut-off in PD), decline on the other.
///
/// The refer band `[a, b]` holds the scores on the approve side of its riskier end and not on the approve side of
/// its safer end: in points, a ≤ score < b (a < b); in PD, a < PD ≤ b read from the safe side, i.e. PD ≤ b and not
/// PD ≤ a for a < b. With cut-off 520 and band 500,520: below 500 decline, 500–519 refer, 520 and above approve.
///
/// Rows the model cannot score (a missing value it has no rule for, an unseen level) are rejected before the
/// policy, as always: a rule is not trusted on a row whose data the model refuses, and rows in = rows scored +
/// rows rejected still holds. A rule that cannot be evaluated on a row (text where it compares a number) rejects
/// the row, with the rule named.
public struct DecisionPolicy: Sendable, Codable, Equatable {
    public var cutoff: Cutoff
    /// The refer band's two ends (riskier end first), on the cut-off's scale; nil for none.
    public var referBand: [Double]?
    public var rules: [PolicyRule]

    /// - Throws: `PolicyError` for a non-finite value, a PD outside [0, 1], or an empty refer band.
    public init(cutoff: Cutoff, referBand: (Double, Double)? = nil, rules: [PolicyRule] = []) throws {
        func check(_ v: Double, _ what: String) throws {
            guard v.isFinite else { throw PolicyError.badValue("\(what) must be a finite number (got \(v))") }
            if cutoff.scale == .pd && !(0...1).contains(v) { throw PolicyError.badValue("\(what) is a PD and must be in [0, 1] (got \(v))") }
        }
        try check(cutoff.value, "the cut-off")
        self.cutoff = cutoff
        self.rules = rules
        if let (a, b) = referBand {
            try check(a, "the refer band"); try check(b, "the refer band")
            guard a != b else { throw PolicyError.emptyReferBand(a) }
            // Riskier end first: the lower score, or the higher PD.
            self.referBand = cutoff.scale.isSafer(a, than: b) ? [b, a] : [a, b]
        } else {
            self.referBand = nil
        }
    }

    /// True when a score (points) or PD is in the refer band.
    public func inReferBand(_ value: Double) -> Bool {
        guard let band = referBand, band.count == 2 else { return false }
        return cutoff.scale.approves(value, cutoff: band[0]) && !cutoff.scale.approves(value, cutoff: band[1])
    }

    /// The decision for an applicant with this score (points) or PD, given the first rule that held (nil: none).
    public func decide(value: Double, firstRule: Int?) -> (decision: Decision, basis: DecisionBasis) {
        if let r = firstRule { return (rules[r].decision, .rule(r)) }
        if inReferBand(value) { return (.refer, .referBand) }
        return (cutoff.approves(value) ? .approve : .decline, .cutoff)
    }

    /// Every (decision, basis) a policy can give, in a fixed order: each rule, the refer band, approve and decline
    /// by the cut-off. `outcomeIndex` is a decision's place in it (for per-outcome tables and counts).
    public var outcomes: [(decision: Decision, basis: DecisionBasis)] {
        rules.indices.map { (rules[$0].decision, .rule($0)) } + [(.refer, .referBand), (.approve, .cutoff), (.decline, .cutoff)]
    }

    /// The place of a decision in `outcomes`.
    @inlinable
    public func outcomeIndex(_ decision: Decision, _ basis: DecisionBasis) -> Int {
        switch basis {
        case .rule(let r): return r
        case .referBand: return rules.count
        case .cutoff: return decision == .approve ? rules.count + 1 : rules.count + 2
        }
    }

    /// The code written for a decision's basis: the rule's code, `refer-band`, or `cutoff`.
    public func code(_ basis: DecisionBasis) -> String {
        switch basis {
        case .rule(let r): return rules[r].code
        case .referBand: return "refer-band"
        case .cutoff: return "cutoff"
        }
    }

    /// The text written next to the code with `--reason-texts`.
    public func text(_ basis: DecisionBasis, decision: Decision) -> String {
        switch basis {
        case .rule(let r): return rules[r].text
        case .referBand:
            let band = referBand ?? []
            return "score in the refer band (\(band.map(Self.number).joined(separator: " to ")) \(cutoff.scale.unit))"
        case .cutoff:
            let side = decision == .approve ? "at or above" : "below"
            return cutoff.scale == .points ? "score \(side) the cut-off \(Self.number(cutoff.value)) points"
                : "PD \(decision == .approve ? "at or below" : "above") the cut-off \(Self.number(cutoff.value))"
        }
    }

    /// Every column a rule reads, in first-use order.
    public var ruleColumns: [String] {
        var seen = Set<String>(), out: [String] = []
        for rule in rules { for c in rule.condition.columns where seen.insert(c).inserted { out.append(c) } }
        return out
    }

    /// A value as policies print it: whole numbers without ".0", others in shortest form.
    public static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}

/// A policy bound to a table's columns: the first rule that holds on a row.
public struct BoundPolicy: Sendable {
    public let policy: DecisionPolicy
    let rules: [BoundRule]

    /// - Throws: `RuleBindingError` when the table lacks a column a rule reads.
    public init(policy: DecisionPolicy, table: Table) throws {
        self.policy = policy
        rules = try policy.rules.map { try $0.condition.bind(table: table) }
    }

    /// The index of the first rule that holds on `row`, or nil.
    /// - Throws: `PolicyRuleError` when a rule cannot be evaluated on the row.
    public func firstRule(table: Table, row: Int) throws -> Int? {
        try evaluator(table: table).firstRule(row: row)
    }

    /// The policy's rules with `table`'s columns taken out once, for deciding many of its rows.
    public func evaluator(table: Table) -> TablePolicyEvaluator {
        TablePolicyEvaluator(policy: policy, rules: rules.map { $0.evaluator(table: table) })
    }
}

/// A bound policy with a table's columns at hand (`BoundPolicy.evaluator(table:)`).
public struct TablePolicyEvaluator: Sendable {
    public let policy: DecisionPolicy
    let rules: [TableRuleEvaluator]

    /// The index of the first rule that holds on row `row` of the table, or nil.
    /// - Throws: `PolicyRuleError` when a rule cannot be evaluated on the row.
    public func firstRule(row: Int) throws -> Int? {
        for k in rules.indices {
            do {
                if try rules[k].evaluate(row: row) { return k }
            } catch let error as RuleEvaluationError {
                throw PolicyRuleError(rule: k, code: policy.rules[k].code, error: error)
            }
        }
        return nil
    }
}

/// A policy rule that could not be evaluated on a row (text where it compares a number).
public struct PolicyRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public let rule: Int
    public let code: String
    public let error: RuleEvaluationError
    public var description: String { "policy rule \(rule + 1) (\(code)): \(error.description)" }
}
