import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditDecision
/// The SQL engines an export targets. They differ in identifier quoting, string escapes and how a decimal
/// literal is typed.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite, duckdb, postgres, spark, ansi

    /// A quoted identifier: `"a""b"` (SQL standard; SQLite, DuckDB, PostgreSQL) or `` `a``b` `` (Spark SQL).
    package func identifier(_ name: String) -> String {
        switch self {
        case .spark: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        default: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// A string literal. Standard SQL doubles the quote and takes every other character as written (SQLite,
    /// DuckDB, PostgreSQL with `standard_conforming_strings = on`, its default since 9.1). Spark SQL reads
    /// backslash escapes in literals, so backslashes, quotes and control characters are escaped there.
    package func string(_ value: String) -> String {
        switch self {
        case .spark:
            var out = "'"
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) }
                    else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "'"
        default:
            return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }

    /// A double literal that the engine reads as a binary double with the same bits: an exponent makes
    /// DuckDB and Spark read DOUBLE (not DECIMAL); PostgreSQL and ANSI SQL read any decimal literal as NUMERIC,
    /// so it is cast.
    func double(_ x: Double) throws -> String {
        let s = try ExportNumber.scientific(x)
        switch self {
        case .postgres, .ansi: return "CAST(\(s) AS DOUBLE PRECISION)"
        case .sqlite, .duckdb, .spark: return s
        }
    }
}

/// Writes a model as one SQL SELECT over a table of applicants.
///
/// Scorecards: for each characteristic a CASE expression gives the bin (SQL NULL is a missing value and takes
/// the missing bin; special codes come before the intervals; numeric bins are [lower, upper); a level not named
/// in training follows the model's unseen policy, NULL output for `reject`). From the bin come the points, the
/// log-odds contribution β·WoE and the reason shortfall (reference − points). Output columns: the kept columns,
/// `pd`, `score`, `points_<characteristic>`, `reason_1`…`reason_<count>`.
///
/// Reason codes are ranked as the native scorer ranks them: characteristics whose points fall short of the
/// reference (shortfall > 0), largest shortfall first, ties to the characteristic listed first in the scorecard;
/// fewer than `count` reasons leave the remaining columns NULL. A rejected row has NULL pd, score and reasons.
/// A bin with its own reason code (`ReasonSettings.binCodes`) gives that code; with `reasonTexts`, each reason
/// is followed by `reason_N_text`.
///
/// A model with a decision policy adds `decision` and `decision_code` (and `decision_text` with `reasonTexts`):
/// the hard rules in order (`RuleExpression.sqlCondition`, NULL = missing, a comparison with NULL false), then
/// the refer band, then the cut-off, on the score or on the PD — NULL for a rejected row. A rule's columns are
/// read from the table, so a column it compares with a number must be numeric in the engine.
///
/// Plain logistic regression: `pd` from intercept + Σ β·x, categorical indicators by CASE (an unseen level or a
/// missing value gives NULL, the native scorer's rejection).
///
/// PD = 1/(1 + e^−η) for η ≥ 0, e^η/(1 + e^η) otherwise, as natively. Numbers are written with full round-trip
/// precision and the log-odds is summed in the native scorer's order, so η agrees bit for bit; PD then differs
/// only by the engine's `exp`.
public struct SQLExport: Sendable {
    public var dialect: SQLDialect
    public var table: String
    /// Input columns passed through first (an applicant id, say).
    public var keep: [String]
    /// Scorecards: write each reason's text after its code (`reason_N_text`), and a policy's `decision_text`.
    public var reasonTexts: Bool

    public init(dialect: SQLDialect, table: String, keep: [String] = [], reasonTexts: Bool = false) {
        self.dialect = dialect; self.table = table; self.keep = keep; self.reasonTexts = reasonTexts
    }

    /// The output columns of a model's decision policy (none without one).
    private func decisionColumns(_ model: CreditModel) -> [String] {
        model.policy == nil ? [] : ["decision", "decision_code"] + (reasonTexts ? ["decision_text"] : [])
    }

    /// The columns a policy's rules read that are not kept: carried through every subquery (not output).
    private func carried(_ model: CreditModel) throws -> [String] {
        let names = (model.policy?.ruleColumns ?? []).filter { !keep.contains($0) }
        for n in names { try checkRepresentable(n, what: "column") }
        return names.map(id)
    }

    /// The policy's output expressions: `decision`, `decision_code` (and `decision_text`), NULL where `value` (the
    /// score, or the PD) is NULL.
    private func decisionSQL(_ policy: DecisionPolicy, value: String) throws -> [String] {
        // (condition, decision, code, text) in the order the policy applies them.
        var branches: [(String, String, String, String)] = []
        for (k, rule) in policy.rules.enumerated() {
            for c in rule.condition.columns { try checkRepresentable(c, what: "column") }
            try checkRepresentable(rule.code, what: "decision code")
            try checkRepresentable(rule.text, what: "decision text")
            branches.append((rule.condition.sqlCondition(quote: id), rule.decision.rawValue, rule.code,
                             policy.text(.rule(k), decision: rule.decision)))
        }
        let scale = policy.cutoff.scale
        func approves(_ cut: Double) throws -> String { "\(value) \(scale == .points ? ">=" : "<=") \(try dialect.double(cut))" }
        if let band = policy.referBand, band.count == 2 {
            branches.append(("\(try approves(band[0])) AND NOT (\(try approves(band[1])))", "refer", "refer-band",
                             policy.text(.referBand, decision: .refer)))
        }
        let approve = try approves(policy.cutoff.value)
        let indent = "    "
        func column(_ pick: ((String, String, String, String)) -> String, approveValue: String, declineValue: String, name: String) -> String {
            var lines = ["CASE WHEN \(value) IS NULL THEN NULL"]
            for b in branches { lines.append("\(indent)WHEN \(b.0) THEN \(dialect.string(pick(b)))") }
            lines.append("\(indent)WHEN \(approve) THEN \(dialect.string(approveValue))")
            lines.append("\(indent)ELSE \(dialect.string(declineValue)) END AS \(id(name))")
            return lines.joined(separator: "\n")
        }
        var out = [column({ $0.1 }, approveValue: "approve", declineValue: "decline", name: "decision"),
                   column({ $0.2 }, approveValue: "cutoff", declineValue: "cutoff", name: "decision_code")]
        if reasonTexts {
            out.append(column({ $0.3 }, approveValue: policy.text(.cutoff, decision: .approve),
                              declineValue: policy.text(.cutoff, decision: .decline), name: "decision_text"))
        }
        return out
    }

    /// The SELECT statement, ending in `;` and a newline.
    /// - Throws: `ExportError` when a kept column clashes with an output column or a name holds a NUL.
    public func sql(for model: CreditModel) throws -> String {
        try checkRepresentable(table, what: "table name")
        for k in keep { try checkRepresentable(k, what: "column") }
        if let card = model.scorecard { return try scorecardSQL(card, model: model) }
        return try regressionSQL(model)
    }

    private func id(_ s: String) -> String { dialect.identifier(s) }

    private func checkClashes(_ outputs: [String]) throws {
        var seen = Set<String>()
        for name in keep + outputs {
            // Engines fold case for unquoted names only, but Spark and DuckDB match columns case-insensitively.
            guard seen.insert(name.lowercased()).inserted else {
                throw ExportError.keptColumnClash(name)
            }
        }
    }

    private func header(_ model: CreditModel, kind: String) -> [String] {
        ["-- credit export: \(kind) model of \(model.target.column.debugDescription) (bad = \(model.target.bad.debugDescription)), SQL dialect \(dialect.rawValue)",
         "-- written by credit \(ToolVersion.current); training input SHA-256 \(model.training.inputSHA256)",
         "-- SQL NULL is a missing value. PD = P(bad). Higher score = safer."]
            .map { $0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") }
    }

    private func condition(_ test: BinRule.Test, column: String, numeric: Bool) throws -> String {
        switch test {
        case .isMissing: return "\(column) IS NULL"
        case .equals(let x): return "\(column) = \(try dialect.double(x))"
        case .lessThan(let x): return "\(column) < \(try dialect.double(x))"
        case .inLevels(let levels):
            for l in levels { try checkRepresentable(l, what: "category") }
            return "\(column) IN (\(levels.map(dialect.string).joined(separator: ", ")))"
        case .always: return "1 = 1"
        }
    }

    private func scorecardSQL(_ card: ScorecardSection, model: CreditModel) throws -> String {
        let chars = card.characteristics
        let k = chars.count, reasonCount = card.reasonsPerRow
        for ch in chars { try checkRepresentable(ch.name, what: "column") }
        let outputs = ["pd", "score"] + chars.map { "points_\($0.name)" }
            + (0..<reasonCount).flatMap { reasonTexts ? ["reason_\($0 + 1)", "reason_\($0 + 1)_text"] : ["reason_\($0 + 1)"] }
            + decisionColumns(model)
        try checkClashes(outputs)
        let kept = keep.map(id) + (try carried(model))
        func col(_ s: String, _ j: Int) -> String { id("_credit_\(s)\(j + 1)") }
        let indent = "  "

        // 1. Bins.
        var bins: [String] = []
        for (j, ch) in chars.enumerated() {
            let column = id(ch.name)
            var lines = ["CASE"]
            for (test, bin) in card.binTests(j) {
                let then = bin.map(String.init) ?? "NULL"
                if test == .always { lines.append("\(indent)\(indent)ELSE \(then)") }
                else { lines.append("\(indent)\(indent)WHEN \(try condition(test, column: column, numeric: ch.bins.type == .numeric)) THEN \(then)") }
            }
            lines.append("\(indent)END AS \(col("b", j))")
            bins.append(lines.joined(separator: "\n"))
        }
        // 2. Points, log-odds contributions and shortfalls from the bin.
        var mapped: [String] = []
        for j in 0..<k {
            let b = col("b", j)
            let pts = card.scoredPoints(j).enumerated().map { "WHEN \($0.offset) THEN \($0.element)" }.joined(separator: " ")
            let eta = try card.logOddsContributions(j).enumerated().map { "WHEN \($0.offset) THEN \(try dialect.double($0.element))" }.joined(separator: " ")
            let short = try card.shortfalls(j).enumerated().map { "WHEN \($0.offset) THEN \(try dialect.double($0.element))" }.joined(separator: " ")
            mapped.append("CASE \(b) \(pts) END AS \(col("p", j))")
            mapped.append("CASE \(b) \(eta) END AS \(col("e", j))")
            mapped.append("CASE \(b) \(short) END AS \(col("s", j))")
            // The reason code, per bin when a bin has its own (ReasonSettings.binCodes).
            let codes = (0..<chars[j].bins.binCount).map { card.reasonCode(j, bin: $0).code }
            for code in Set(codes) { try checkRepresentable(code, what: "reason code") }
            if Set(codes).count > 1 {
                mapped.append("CASE \(b) " + codes.enumerated().map { "WHEN \($0.offset) THEN \(dialect.string($0.element))" }.joined(separator: " ")
                              + " END AS \(col("c", j))")
            } else {
                mapped.append("\(dialect.string(codes[0])) AS \(col("c", j))")
            }
            if reasonTexts {
                let texts = (0..<chars[j].bins.binCount).map { card.reasonCode(j, bin: $0).text }
                for text in Set(texts) { try checkRepresentable(text, what: "reason text") }
                mapped.append(Set(texts).count > 1
                    ? "CASE \(b) " + texts.enumerated().map { "WHEN \($0.offset) THEN \(dialect.string($0.element))" }.joined(separator: " ") + " END AS \(col("t", j))"
                    : "\(dialect.string(texts[0])) AS \(col("t", j))")
            }
        }
        // 3. Score, log-odds and reason ranks. rank_j = 1 + #{i < j: s_i ≥ s_j} + #{i > j: s_i > s_j}.
        var ranked: [String] = (0..<k).flatMap { [col("p", $0), col("s", $0), col("c", $0)] + (reasonTexts ? [col("t", $0)] : []) }
        ranked.append("(" + (0..<k).map { col("p", $0) }.joined(separator: " + ") + ") AS \(id("_credit_score"))")
        ranked.append("(" + ([try dialect.double(card.intercept)] + (0..<k).map { col("e", $0) }).joined(separator: " + ") + ") AS \(id("_credit_eta"))")
        for j in 0..<k {
            let sj = col("s", j)
            let terms = (0..<k).filter { $0 != j }.map { i in
                "CASE WHEN \(col("s", i)) \(i < j ? ">=" : ">") \(sj) THEN 1 ELSE 0 END"
            }
            ranked.append("(" + (["1"] + terms).joined(separator: " + ") + ") AS \(col("r", j))")
        }
        // 4. Output.
        let eta = id("_credit_eta"), score = id("_credit_score")
        var out: [String] = keep.map(id)
        out.append(pdExpression(eta) + " AS \(id("pd"))")
        out.append("\(score) AS \(id("score"))")
        for (j, ch) in chars.enumerated() { out.append("\(col("p", j)) AS \(id("points_\(ch.name)"))") }
        for r in 0..<reasonCount {
            var lines = ["CASE WHEN \(score) IS NULL THEN NULL"]
            for j in 0..<k {
                lines.append("\(indent)\(indent)WHEN \(col("s", j)) > 0 AND \(col("r", j)) = \(r + 1) THEN \(col("c", j))")
            }
            lines.append("\(indent)END AS \(id("reason_\(r + 1)"))")
            out.append(lines.joined(separator: "\n"))
            if reasonTexts {
                var texts = ["CASE WHEN \(score) IS NULL THEN NULL"]
                for j in 0..<k { texts.append("\(indent)\(indent)WHEN \(col("s", j)) > 0 AND \(col("r", j)) = \(r + 1) THEN \(col("t", j))") }
                texts.append("\(indent)END AS \(id("reason_\(r + 1)_text"))")
                out.append(texts.joined(separator: "\n"))
            }
        }
        if let policy = model.policy {
            out += try decisionSQL(policy, value: policy.cutoff.scale == .points ? score : "(" + pdExpression(eta) + ")")
        }
        let sep = ",\n" + indent
        return (header(model, kind: "scorecard") + [
            "SELECT",
            indent + out.joined(separator: sep),
            "FROM (",
            "SELECT",
            indent + (kept + ranked).joined(separator: sep),
            "FROM (",
            "SELECT",
            indent + (kept + mapped).joined(separator: sep),
            "FROM (",
            "SELECT",
            indent + (kept + bins).joined(separator: sep),
            "FROM \(id(table))",
            ") AS \(id("_credit_bins"))",
            ") AS \(id("_credit_points"))",
            ") AS \(id("_credit_ranks"));",
        ]).joined(separator: "\n") + "\n"
    }

    private func pdExpression(_ eta: String) -> String {
        let one = dialect == .postgres || dialect == .ansi ? "CAST(1 AS DOUBLE PRECISION)" : "1.0E0"
        return "CASE WHEN \(eta) >= 0 THEN \(one) / (\(one) + EXP(-\(eta))) ELSE EXP(\(eta)) / (\(one) + EXP(\(eta))) END"
    }

    private func regressionSQL(_ model: CreditModel) throws -> String {
        try checkClashes(["pd"] + decisionColumns(model))
        let coefficients = model.fit.coefficients
        let terms = model.schema.terms
        precondition(terms.count == coefficients.count, "model terms and coefficients differ in number")
        var beta: [String: Double] = [:]
        for (t, b) in zip(terms, coefficients) { beta[t.name] = b }
        // The native scorer sums value·β over the terms in order, starting from 0.
        var parts: [String] = []
        if model.schema.intercept { parts.append(try dialect.double(coefficients[0])) }
        for p in model.schema.predictors {
            try checkRepresentable(p.name, what: "column")
            let column = id(p.name)
            switch p.kind {
            case .numeric:
                parts.append("\(column) * \(try dialect.double(beta[p.name]!))")
            case .categorical(let levels, let reference):
                var lines = ["CASE"]
                for level in levels {
                    try checkRepresentable(level, what: "category")
                    let value = level == reference ? try dialect.double(0) : try dialect.double(beta["\(p.name)=\(level)"]!)
                    lines.append("    WHEN \(column) = \(dialect.string(level)) THEN \(value)")
                }
                lines.append("    ELSE NULL END")
                parts.append(lines.joined(separator: "\n"))
            }
        }
        if parts.isEmpty { parts.append(try dialect.double(0)) }
        let eta = id("_credit_eta")
        let kept = keep.map(id)
        let inner = kept + (try carried(model))
        let sep = ",\n  "
        // The decision compares the PD the engine computes; a PD within 1e-16 of the cut-off may fall on the other side.
        let decision = try model.policy.map { try decisionSQL($0, value: "(" + pdExpression(eta) + ")") } ?? []
        return (header(model, kind: "logistic-regression") + [
            "SELECT",
            "  " + (kept + [pdExpression(eta) + " AS \(id("pd"))"] + decision).joined(separator: sep),
            "FROM (",
            "SELECT",
            "  " + (inner + ["(" + parts.joined(separator: "\n  + ") + ") AS \(eta)"]).joined(separator: sep),
            "FROM \(id(table))",
            ") AS \(id("_credit_eta"));",
        ]).joined(separator: "\n") + "\n"
    }
}
