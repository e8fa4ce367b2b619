import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditDecision
import CreditTabular
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
/// Every input column is read as the native CSV reader reads it, however the engine typed it (a table loaded
/// with `sqlite3 .import` holds text): SQL NULL and text that is a default missing token (empty, `NA`, `NULL`,
/// … after trimming spaces) are missing; a numeric column's text is converted to a double, and text that is not
/// a number rejects the row (NULL outputs), as natively. See "Reading the input columns" below for each
/// dialect's conversion and its limits.
///
/// Scorecards: for each characteristic a CASE expression gives the bin (a missing value takes the missing bin;
/// special codes come before the intervals; numeric bins are [lower, upper); a level not named in training
/// follows the model's unseen policy, NULL output for `reject`). From the bin come the points, the
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
/// read as the inputs are (a column it compares with a number converted to a double; text that is not a number
/// is then missing to the rule, where the native scorer rejects the row with the rule's error).
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

    /// The columns a policy's rules read, each read once from the table (converted as the model's inputs are, by
    /// `number` where a rule compares it with a number) under an internal name `_credit_q1`, `_credit_q2`, …:
    /// the select expressions of the innermost query, and the names the later queries carry through.
    private func ruleInputs(_ model: CreditModel) throws -> (select: [String], carried: [String], alias: [String: String]) {
        guard let policy = model.policy else { return ([], [], [:]) }
        var numeric = Set<String>()
        func visit(_ c: RuleCondition) {
            switch c {
            case .compare(let column, _, let literal): if case .number = literal { numeric.insert(column) }
            case .member(let column, let values, _): if values.contains(where: { if case .number = $0 { return true }; return false }) { numeric.insert(column) }
            case .missing: break
            case .not(let a): visit(a)
            case .and(let a, let b), .or(let a, let b): visit(a); visit(b)
            }
        }
        for rule in policy.rules { visit(rule.condition.condition) }
        var select: [String] = [], carried: [String] = [], alias: [String: String] = [:]
        for (i, name) in policy.ruleColumns.enumerated() {
            try checkRepresentable(name, what: "column")
            let internalName = "_credit_q\(i + 1)"
            alias[name] = internalName
            let column = id(name)
            select.append("\(numeric.contains(name) ? number(column) : text(column)) AS \(id(internalName))")
            carried.append(id(internalName))
        }
        return (select, carried, alias)
    }

    // MARK: Reading the input columns, however the engine typed them
    //
    // A table loaded from a CSV the ordinary way (`sqlite3 .import`, DuckDB `read_csv(all_varchar = true)`, a
    // staging table of text columns) holds numbers as text and missing values as empty strings or `NA`. The
    // statement reads every input column the way the native CSV reader does, whatever its engine type:
    // - missing: SQL NULL, or text that is one of the reader's default missing tokens after trimming spaces
    //   (exactly; in a numeric column also ignoring ASCII case, `Null`, `NONE`);
    // - a numeric column: a number column as it is; text that is a decimal number (`[+-]digits[.digits][e±digits]`,
    //   spaces around it ignored) converted to a double; any other text is not a number, and the row is rejected
    //   (NULL outputs) as the native scorer rejects it. SQLite has no regular expressions: there, text with a
    //   digit and no character other than digits, `.`, `e`, `E`, `+`, `-` counts as a number and is read by
    //   SQLite's own conversion (so a malformed `1-2` reads as 1); ANSI SQL has no safe cast: text that is not a
    //   number is the engine's error there.
    // - a categorical column: its text as it is (a missing token is missing).

    /// The pattern of a decimal number (the native reader's numbers, without `inf`/`nan` words or hex).
    private static let numberPattern = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"

    /// The reader's default missing tokens, as SQL string literals: exact, and upper-cased (ASCII).
    private var missingTokens: (exact: String, upper: String) {
        let tokens = CSVOptions.defaultMissingTokens.sorted()
        let upper = Set(tokens.map { String(decoding: $0.utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self) }).sorted()
        return (tokens.map(dialect.string).joined(separator: ", "), upper.map(dialect.string).joined(separator: ", "))
    }

    /// The column's text, spaces around it trimmed.
    package func trimmedText(_ c: String) -> String {
        switch dialect {
        case .sqlite: return "TRIM(CAST(\(c) AS TEXT), ' ')"
        case .duckdb: return "TRIM(CAST(\(c) AS VARCHAR))"
        case .postgres: return "TRIM(CAST(\(c) AS TEXT))"
        case .spark: return "TRIM(CAST(\(c) AS STRING))"
        case .ansi: return "TRIM(CAST(\(c) AS VARCHAR(1000)))"
        }
    }

    /// True when a numeric column's value is missing (never NULL).
    package func numberMissing(_ c: String) -> String {
        switch dialect {
        case .sqlite: return "(\(c) IS NULL OR (typeof(\(c)) = 'text' AND UPPER(\(trimmedText(c))) IN (\(missingTokens.upper))))"
        default: return "(\(c) IS NULL OR UPPER(\(trimmedText(c))) IN (\(missingTokens.upper)))"
        }
    }

    /// A numeric column's value as a double; NULL when missing or not a number.
    package func number(_ c: String) -> String {
        let t = trimmedText(c), pattern = dialect.string(Self.numberPattern)
        switch dialect {
        case .sqlite:
            return "CASE WHEN typeof(\(c)) IN ('integer', 'real') THEN CAST(\(c) AS REAL) WHEN typeof(\(c)) = 'text' AND \(t) GLOB '*[0-9]*'"
                + " AND NOT \(t) GLOB '*[^0-9.eE+-]*' THEN CAST(\(t) AS REAL) END"
        case .duckdb: return "CASE WHEN NOT \(numberMissing(c)) AND \(t) ~ \(pattern) THEN TRY_CAST(\(c) AS DOUBLE) END"
        case .postgres: return "CASE WHEN NOT \(numberMissing(c)) AND \(t) ~ \(pattern) THEN CAST(\(t) AS DOUBLE PRECISION) END"
        case .spark: return "CASE WHEN NOT \(numberMissing(c)) AND \(t) RLIKE \(pattern) THEN TRY_CAST(\(t) AS DOUBLE) END"
        case .ansi: return "CASE WHEN NOT \(numberMissing(c)) THEN CAST(\(t) AS DOUBLE PRECISION) END"
        }
    }

    /// 1 when a numeric column holds text that is not a number (the native scorer rejects the row), else 0.
    package func notANumber(_ c: String) -> String {
        "CASE WHEN \(numberMissing(c)) THEN 0 WHEN (\(number(c))) IS NULL THEN 1 ELSE 0 END"
    }

    /// A categorical column's text; NULL when missing.
    package func text(_ c: String) -> String {
        "CASE WHEN \(c) IS NULL OR \(trimmedText(c)) IN (\(missingTokens.exact)) THEN NULL ELSE \(c) END"
    }

    /// The policy's output expressions: `decision`, `decision_code` (and `decision_text`), NULL where `value` (the
    /// score, or the PD) is NULL.
    private func decisionSQL(_ policy: DecisionPolicy, value: String, alias: [String: String]) throws -> [String] {
        // (condition, decision, code, text) in the order the policy applies them.
        var branches: [(String, String, String, String)] = []
        for (k, rule) in policy.rules.enumerated() {
            for c in rule.condition.columns { try checkRepresentable(c, what: "column") }
            try checkRepresentable(rule.code, what: "decision code")
            try checkRepresentable(rule.text, what: "decision text")
            branches.append((rule.condition.sqlCondition(quote: { id(alias[$0] ?? $0) }), rule.decision.rawValue, rule.code,
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
         "-- Missing: SQL NULL, or text that is a missing token (empty, NA, NULL, ...); numbers may be stored as numbers or as text. PD = P(bad). Higher score = safer."]
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
        let rules = try ruleInputs(model)
        let kept = keep.map(id) + rules.carried
        func col(_ s: String, _ j: Int) -> String { id("_credit_\(s)\(j + 1)") }
        let indent = "  "

        // 0. Each characteristic read once, as the native reader reads it (a number or NULL, or text or NULL), and
        //    for a numeric one whether it held text that is not a number.
        var inputs: [String] = []
        for (j, ch) in chars.enumerated() {
            let column = id(ch.name)
            if ch.bins.type == .numeric {
                inputs.append("\(number(column)) AS \(col("v", j))")
                inputs.append("\(notANumber(column)) AS \(col("x", j))")
            } else {
                inputs.append("\(text(column)) AS \(col("v", j))")
            }
        }

        // 1. Bins (NULL, the row rejected, for text that is not a number).
        var bins: [String] = []
        for (j, ch) in chars.enumerated() {
            let column = col("v", j)
            var lines = ["CASE"]
            if ch.bins.type == .numeric { lines.append("\(indent)\(indent)WHEN \(col("x", j)) = 1 THEN NULL") }
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
            out += try decisionSQL(policy, value: policy.cutoff.scale == .points ? score : "(" + pdExpression(eta) + ")", alias: rules.alias)
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
            "FROM (",
            "SELECT",
            indent + (keep.map(id) + rules.select + inputs).joined(separator: sep),
            "FROM \(id(table))",
            ") AS \(id("_credit_inputs"))",
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
                if let fill = p.missing?.fill {
                    // The missing coding: the fill and the `name=missing` term (text that is not a number stays NULL).
                    let missing = numberMissing(column)
                    parts.append("(CASE WHEN \(missing) THEN \(try dialect.double(fill)) ELSE \(number(column)) END) * \(try dialect.double(beta[p.name]!))")
                    if p.hasMissingTerm {
                        parts.append("(CASE WHEN \(missing) THEN \(try dialect.double(1)) ELSE \(try dialect.double(0)) END) * \(try dialect.double(beta[p.missingTermName]!))")
                    }
                } else {
                    parts.append("(\(number(column))) * \(try dialect.double(beta[p.name]!))")
                }
            case .categorical(let levels, let reference):
                var lines = ["CASE"]
                if p.missing != nil {
                    // The missing level, tested first: NULL, or a missing token as the reader reads one (0 when the
                    // predictor shares an earlier one's missing term).
                    let value = p.hasMissingTerm ? try dialect.double(beta[p.missingTermName]!) : try dialect.double(0)
                    lines.append("    WHEN (\(text(column))) IS NULL THEN \(value)")
                }
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
        let rules = try ruleInputs(model)
        let inner = kept + rules.select
        let sep = ",\n  "
        // The decision compares the PD the engine computes; a PD within 1e-16 of the cut-off may fall on the other side.
        let decision = try model.policy.map { try decisionSQL($0, value: "(" + pdExpression(eta) + ")", alias: rules.alias) } ?? []
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
