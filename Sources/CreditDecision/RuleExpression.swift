import Foundation

/// A condition on the columns of one applicant's row: the one rule grammar of swap sets
/// (`credit strategy --incumbent-rule`) and decision policies (`credit policy --rule 'EXPR => decline CODE'`).
///
/// A rule is parsed once (`init(_:)`), bound to a file's header once (`bind(header:source:missingTokens:)`, which
/// finds each column and refuses an unknown one), then evaluated per row from the row's field texts
/// (`BoundRule.evaluate(fields:)`) or from a typed table (`BoundRule.evaluate(table:row:)`).
///
/// Grammar (EBNF; keywords `and`, `or`, `not`, `is`, `missing`, `in` in any case; spaces, tabs and line breaks
/// between tokens are ignored):
///
/// ```
/// rule       = or-expr ;
/// or-expr    = and-expr { "or" and-expr } ;
/// and-expr   = unary { "and" unary } ;
/// unary      = "not" unary | primary ;
/// primary    = "(" or-expr ")" | predicate ;
/// predicate  = column ( comparator literal
///                     | "is" [ "not" ] "missing"
///                     | [ "not" ] "in" "(" literal { "," literal } ")" ) ;
/// comparator = "<" | "<=" | ">" | ">=" | "==" | "!=" ;
/// literal    = number | string ;
/// number     = [ "+" | "-" ] ( digit { digit } [ "." { digit } ] | "." digit { digit } )
///              [ ( "e" | "E" ) [ "+" | "-" ] digit { digit } ] ;
/// string     = "'" { character other than "'" | "''" } "'"
///            | '"' { character other than '"' | '""' } '"' ;
/// column     = identifier | "`" { character other than "`" | "``" } "`" ;
/// identifier = ( letter | "_" ) { letter | digit | "_" | "." } ;      (* ASCII letters; not a keyword *)
/// ```
///
/// Precedence, tightest first: `not`, `and`, `or` (so `not a > 1 and b < 2 or c == 'x'` is
/// `((not a > 1) and b < 2) or c == 'x'`). A quote inside a string, or a backquote inside a quoted column name, is
/// written twice (`'O''Brien'`, `` `a``b` ``); there are no backslash escapes. Numbers are read as the CSV reader
/// reads them (`strtod`, bit for bit; no `inf`/`nan`). A column is compared with a literal, never with another
/// column; a keyword used as a column name (`` `in` ``) and any name with spaces or other characters
/// (`` `monthly income` ``) go in backquotes.
///
/// Semantics (two-valued: every predicate is true or false, never unknown):
/// - A field is missing when, trimmed of surrounding spaces, it equals one of the file's missing tokens
///   (`CSVOptions.missingTokens`: by default the empty field, `NA`, `NULL`, …); where the rule compares the
///   column with a number, also when it equals a token ignoring ASCII case, exactly as the CSV reader reads a
///   column of numbers.
/// - A comparison (`<` `<=` `>` `>=` `==` `!=`, `in`, `not in`) with a missing field is **false**. `not` is
///   plain negation, so `not (income > 1000)` is **true** for a missing income, while `income <= 1000` is false;
///   likewise `x != 5` and `x not in (…)` are false on a missing `x`, but `not x == 5` is true. To treat
///   missing as one side explicitly, say so: `income is missing or income < 1000`.
/// - With a number literal, the field must be a number (by the reader's grammar, surrounding spaces ignored):
///   a field that is neither missing nor a number is an evaluation error (`RuleEvaluationError`), never a
///   silent false. A policy rejects that row; `credit strategy` stops and names file, line and column.
/// - A string literal is compared with the field's text exactly as read (case and inner spaces count), with
///   `==`, `!=` and `in` only: ordering text (`<`) is a syntax error, since byte order is rarely what a lender
///   means. A column read as numbers in a typed table cannot be compared with a string (evaluation error).
/// - The values of one `in` list are all numbers or all strings.
/// - `and` and `or` are evaluated left to right and stop as soon as the result is known (as in Swift, C, SQL
///   engines in practice), so `x is not missing and x > 5` never looks at `x` twice, and a field that is not a
///   number raises its error only when its comparison is reached.
///
/// Errors: `RuleSyntaxError` (the character position, the rule and a caret under the place), the empty rule,
/// `RuleBindingError` (an unknown column, with the file's columns and the nearest name).
///
/// The rule's `Codable` form is its source text: decoding parses it again, giving an equal rule.
///
/// Peer: a SQL `WHERE` clause with `NULL` for missing, where a comparison with `NULL` is unknown rather than
/// false; `sqlCondition(quote:)` writes the same condition in SQL with the missing cases spelled out, so that SQL
/// and this evaluator agree.
///
/// ```swift
/// let rule = try RuleExpression("income < 1000 and (region == 'north' or past_delinquency is missing)")
/// let bound = try rule.bind(header: ["income", "region", "past_delinquency"], source: "apps.csv")
/// try bound.evaluate(fields: ["850", "north", "2"])   // true
/// ```
public struct RuleExpression: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The rule as written (what a policy stores).
    public let source: String
    /// The parsed condition.
    public let condition: RuleCondition

    /// Parses `source`.
    /// - Throws: `RuleSyntaxError` (including the empty rule).
    public init(_ source: String) throws {
        self.source = source
        var parser = RuleParser(source)
        self.condition = try parser.parseRule()
    }

    /// The columns the rule reads, in order of first appearance, each once.
    public var columns: [String] {
        var seen = Set<String>(), out: [String] = []
        condition.visitColumns { if seen.insert($0).inserted { out.append($0) } }
        return out
    }

    public var description: String { source }

    /// Rules are equal when their conditions are (`a<1` equals `a < 1`).
    public static func == (a: RuleExpression, b: RuleExpression) -> Bool { a.condition == b.condition }
    public func hash(into hasher: inout Hasher) { hasher.combine(condition) }
}

extension RuleExpression: Codable {
    /// Decodes the source text and parses it (a syntax error is a `DecodingError.dataCorrupted` naming it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch let error as RuleSyntaxError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "rule: \(error.description)")
        }
    }

    /// Encodes the source text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}

/// A parsed rule: predicates on single columns joined by `and`, `or`, `not`.
public indirect enum RuleCondition: Sendable, Equatable, Hashable {
    /// `column op literal`.
    case compare(column: String, op: RuleComparator, literal: RuleLiteral)
    /// `column is missing` (`negated`: `is not missing`).
    case missing(column: String, negated: Bool)
    /// `column in (…)` (`negated`: `not in`, which is false on a missing field like any comparison).
    case member(column: String, values: [RuleLiteral], negated: Bool)
    case not(RuleCondition)
    case and(RuleCondition, RuleCondition)
    case or(RuleCondition, RuleCondition)

    func visitColumns(_ body: (String) -> Void) {
        switch self {
        case .compare(let c, _, _), .missing(let c, _), .member(let c, _, _): body(c)
        case .not(let a): a.visitColumns(body)
        case .and(let a, let b), .or(let a, let b): a.visitColumns(body); b.visitColumns(body)
        }
    }
}

/// A comparison operator of a rule.
public enum RuleComparator: String, Sendable, Equatable, Hashable, CaseIterable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    @inlinable
    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        }
    }
}

/// A literal of a rule.
public enum RuleLiteral: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A number, with its text as written (kept for messages).
    case number(Double, text: String)
    /// A string (quotes removed, doubled quotes undone).
    case string(String)

    public static func == (a: RuleLiteral, b: RuleLiteral) -> Bool {
        switch (a, b) {
        case (.number(let x, _), .number(let y, _)): return x == y
        case (.string(let x), .string(let y)): return x == y
        default: return false
        }
    }
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .number(let x, _): hasher.combine(0); hasher.combine(x)
        case .string(let s): hasher.combine(1); hasher.combine(s)
        }
    }

    /// The literal as written in a rule: the number's text, or the string in single quotes.
    public var description: String {
        switch self {
        case .number(_, let text): return text
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
