import CreditTabular

/// A rule that does not parse: what was expected, where (1-based character position; one past the end when the
/// rule ended too early), and the rule with a caret under that place.
///
/// ```
/// expected a number or a quoted string after '<' at character 7
///   col <
///         ^
/// ```
public struct RuleSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, without the position ("expected a column name").
    public let message: String
    /// 1-based character (grapheme) position; `expression.count + 1` at the end of the rule.
    public let position: Int
    /// The rule as given.
    public let expression: String

    public init(message: String, position: Int, expression: String) {
        self.message = message; self.position = position; self.expression = expression
    }

    /// The first line alone: "MESSAGE at character N" (the empty rule: MESSAGE alone).
    public var summary: String { expression.allSatisfy(\.isWhitespace) ? message : "\(message) at character \(position)" }

    /// The summary, then the rule and a caret under the place (line breaks and tabs in the rule shown as spaces,
    /// so that the caret lines up). The empty rule: the summary alone.
    public var description: String {
        if expression.allSatisfy(\.isWhitespace) { return summary }
        let shown = String(expression.map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" ? " " : $0 })
        return summary + "\n  " + shown + "\n  " + String(repeating: " ", count: position - 1) + "^"
    }

    /// The message of the empty rule.
    public static let emptyMessage = "the rule is empty; write a condition such as: income < 1000 and region == 'north'"
}

/// Recursive descent over the characters of a rule (see `RuleExpression` for the grammar).
struct RuleParser {
    private let text: String
    private let chars: [Character]
    private var i = 0

    init(_ text: String) { self.text = text; self.chars = Array(text) }

    private static let keywords: Set<String> = ["and", "or", "not", "is", "missing", "in"]

    mutating func parseRule() throws -> RuleCondition {
        skipSpace()
        if i == chars.count { throw RuleSyntaxError(message: RuleSyntaxError.emptyMessage, position: 1, expression: text) }
        let condition = try parseOr()
        skipSpace()
        if i < chars.count {
            if chars[i] == ")" { throw fail("unmatched ')'") }
            throw fail("expected 'and', 'or' or the end of the rule\(foundSuffix())")
        }
        return condition
    }

    // MARK: Expressions

    private mutating func parseOr() throws -> RuleCondition {
        var left = try parseAnd()
        while acceptKeyword("or") { left = .or(left, try parseAnd(after: "or")) }
        return left
    }

    private mutating func parseAnd(after keyword: String? = nil) throws -> RuleCondition {
        var left = try parseUnary(after: keyword)
        while acceptKeyword("and") { left = .and(left, try parseUnary(after: "and")) }
        return left
    }

    private mutating func parseUnary(after keyword: String?) throws -> RuleCondition {
        if acceptKeyword("not") { return .not(try parseUnary(after: "not")) }
        return try parsePrimary(after: keyword)
    }

    private mutating func parsePrimary(after keyword: String?) throws -> RuleCondition {
        skipSpace()
        if i < chars.count && chars[i] == "(" {
            let open = i
            i += 1
            skipSpace()
            if i < chars.count && chars[i] == ")" { throw fail("expected a condition inside '(' ')'") }
            let inner = try parseOr()
            skipSpace()
            guard i < chars.count && chars[i] == ")" else {
                if i == chars.count { throw RuleSyntaxError(message: "'(' at character \(open + 1) is never closed; expected ')'", position: i + 1, expression: text) }
                throw fail("expected ')' or 'and'/'or'\(foundSuffix())")
            }
            i += 1
            return inner
        }
        return try parsePredicate(after: keyword)
    }

    private mutating func parsePredicate(after keyword: String?) throws -> RuleCondition {
        skipSpace()
        let start = i
        guard let column = try parseColumn() else {
            let context = keyword.map { " after '\($0)'" } ?? ""
            if i < chars.count, let word = peekWord(), Self.keywords.contains(word.lowercased()) {
                throw fail("expected a column name\(context), found the keyword '\(word)' (a column named like a keyword goes in backquotes: `\(word)`)")
            }
            throw fail("expected a column name\(context)\(foundSuffix())")
        }
        skipSpace()
        if acceptKeyword("is") {
            let negated = acceptKeyword("not")
            guard acceptKeyword("missing") else {
                throw fail("expected 'missing' after 'is\(negated ? " not" : "")'\(foundSuffix())")
            }
            return .missing(column: column, negated: negated)
        }
        let save = i
        if acceptKeyword("not") {
            guard acceptKeyword("in") else {
                throw fail("expected 'in' after '\(column) not' (to negate a comparison, write: not \(column) …)\(foundSuffix())")
            }
            return .member(column: column, values: try parseList(), negated: true)
        }
        if acceptKeyword("in") { return .member(column: column, values: try parseList(), negated: false) }
        guard let op = try parseComparator(column: column, start: start) else {
            throw fail("expected a comparison (<, <=, >, >=, ==, !=), 'is missing' or 'in' after the column '\(column)'\(foundSuffix())")
        }
        skipSpace()
        guard let literal = try parseLiteral() else {
            throw fail("expected a number or a quoted string after '\(op.rawValue)'\(foundSuffix())")
        }
        if case .string = literal, op != .equal && op != .notEqual {
            throw RuleSyntaxError(message: "'\(op.rawValue)' compares numbers; text compares only with == and != (or in)",
                                  position: save + 1 + leadingSpace(from: save), expression: text)
        }
        return .compare(column: column, op: op, literal: literal)
    }

    private mutating func parseList() throws -> [RuleLiteral] {
        skipSpace()
        guard i < chars.count && chars[i] == "(" else { throw fail("expected '(' and a list of values after 'in'\(foundSuffix())") }
        i += 1
        var values: [RuleLiteral] = []
        while true {
            skipSpace()
            let at = i
            guard let v = try parseLiteral() else {
                throw fail("expected a number or a quoted string in the list\(foundSuffix())")
            }
            if let first = values.first, first.isNumber != v.isNumber {
                throw RuleSyntaxError(message: "the values of a list are all numbers or all quoted strings", position: at + 1, expression: text)
            }
            values.append(v)
            skipSpace()
            if i < chars.count && chars[i] == "," { i += 1; continue }
            if i < chars.count && chars[i] == ")" { i += 1; return values }
            throw fail("expected ',' or ')' in the list\(foundSuffix())")
        }
    }

    // MARK: Tokens

    private mutating func parseColumn() throws -> String? {
        guard i < chars.count else { return nil }
        if chars[i] == "`" {
            let open = i
            i += 1
            var name = ""
            while true {
                guard i < chars.count else {
                    throw RuleSyntaxError(message: "the column name opened with ` at character \(open + 1) is never closed", position: i + 1, expression: text)
                }
                if chars[i] == "`" {
                    if i + 1 < chars.count && chars[i + 1] == "`" { name.append("`"); i += 2; continue }
                    i += 1
                    break
                }
                name.append(chars[i]); i += 1
            }
            return name
        }
        guard let word = peekWord(), !Self.keywords.contains(word.lowercased()) else { return nil }
        i += word.count
        return word
    }

    /// The identifier starting at `i` ([A-Za-z_][A-Za-z0-9_.]*), without consuming it.
    private func peekWord() -> String? {
        guard i < chars.count, Self.isIdentifierStart(chars[i]) else { return nil }
        var j = i + 1
        while j < chars.count && Self.isIdentifierPart(chars[j]) { j += 1 }
        return String(chars[i..<j])
    }

    private static func isIdentifierStart(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && c.isLetter)
    }
    private static func isIdentifierPart(_ c: Character) -> Bool {
        isIdentifierStart(c) || c == "." || (c.isASCII && c.isNumber)
    }

    private mutating func parseComparator(column: String, start: Int) throws -> RuleComparator? {
        guard i < chars.count else { return nil }
        let c = chars[i], next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        switch (c, next) {
        case ("<", "="): i += 2; return .lessOrEqual
        case (">", "="): i += 2; return .greaterOrEqual
        case ("=", "="): i += 2; return .equal
        case ("!", "="): i += 2; return .notEqual
        case ("<", ">"): throw fail("'<>' is not an operator; write '!=' for not equal")
        case ("<", _): i += 1; return .less
        case (">", _): i += 1; return .greater
        case ("=", _): throw fail("'=' is not an operator; write '==' for equal")
        default: return nil
        }
    }

    private mutating func parseLiteral() throws -> RuleLiteral? {
        guard i < chars.count else { return nil }
        let c = chars[i]
        if c == "'" || c == "\"" {
            let open = i
            i += 1
            var s = ""
            while true {
                guard i < chars.count else {
                    throw RuleSyntaxError(message: "the string opened with \(c) at character \(open + 1) is never closed", position: i + 1, expression: text)
                }
                if chars[i] == c {
                    if i + 1 < chars.count && chars[i + 1] == c { s.append(c); i += 2; continue }
                    i += 1
                    return .string(s)
                }
                s.append(chars[i]); i += 1
            }
        }
        let isSign = c == "+" || c == "-"
        let afterSign: Character? = isSign ? (i + 1 < chars.count ? chars[i + 1] : nil) : c
        guard let first = afterSign, first == "." || (first.isASCII && first.isNumber) else { return nil }
        // The longest run that can belong to a number (digits, '.', an exponent with its sign, letters so that
        // "12abc" is one bad token rather than a number and a column), then the CSV reader's number grammar.
        let start = i
        var j = i + (isSign ? 1 : 0)
        while j < chars.count {
            let d = chars[j]
            if d.isASCII && (d.isNumber || d.isLetter || d == "." || d == "_") { j += 1; continue }
            if (d == "+" || d == "-") && (chars[j - 1] == "e" || chars[j - 1] == "E") { j += 1; continue }
            break
        }
        let token = String(chars[start..<j])
        guard let value = FieldText.number(token) else {
            throw RuleSyntaxError(message: "'\(token)' is not a number", position: start + 1, expression: text)
        }
        i = j
        return .number(value, text: token)
    }

    // MARK: Helpers

    private mutating func skipSpace() {
        while i < chars.count && chars[i].isWhitespace { i += 1 }
    }

    private func leadingSpace(from k: Int) -> Int {
        var j = k
        while j < chars.count && chars[j].isWhitespace { j += 1 }
        return j - k
    }

    /// Consumes the keyword (any case) at the next token when it is one, as a whole word.
    private mutating func acceptKeyword(_ keyword: String) -> Bool {
        skipSpace()
        guard let word = peekWord(), word.lowercased() == keyword else { return false }
        i += word.count
        return true
    }

    /// What is at `i`, for messages: "the end of the rule", "'x'" (a word, a string, or one character).
    private func found() -> String {
        guard i < chars.count else { return "the end of the rule" }
        if let word = peekWord() { return "'\(word)'" }
        if chars[i] == "'" || chars[i] == "\"" { return "a quoted string" }
        return "'\(chars[i])'"
    }

    /// ", found 'x'" (see `found()`); empty at the end of the rule, whose position says so.
    private func foundSuffix() -> String { i < chars.count ? ", found \(found())" : "" }

    private func fail(_ message: String) -> RuleSyntaxError {
        RuleSyntaxError(message: message, position: i + 1, expression: text)
    }
}

extension RuleLiteral {
    var isNumber: Bool { if case .number = self { return true } else { return false } }
}
