import CreditTabular

/// A rule names a column the file lacks.
public struct RuleBindingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The unknown column, as written in the rule.
    public let column: String
    /// The file's name in messages.
    public let source: String
    /// The file's columns, in order.
    public let header: [String]

    public init(column: String, source: String, header: [String]) {
        self.column = column; self.source = source; self.header = header
    }

    /// The header name nearest to `column` (`nearestName(to:in:)`), when one is near enough to be a likely typo.
    public var suggestion: String? { Self.nearestName(to: column, in: header) }

    /// "the rule names column 'incme', not in data.csv; did you mean 'income'? columns are: a, b, …".
    public var description: String {
        let list = header.prefix(30).joined(separator: ", ") + (header.count > 30 ? ", …" : "")
        let hint = suggestion.map { " did you mean '\($0)'?" } ?? ""
        return "the rule names column '\(column)', not in \(source);\(hint) columns are: \(list)"
    }

    /// The name of `names` nearest to `name` by Levenshtein distance on lowercased text (ties: the first), when
    /// the distance is at most max(2, ⌊length/3⌋), so that only a likely typo is suggested; nil otherwise.
    public static func nearestName(to name: String, in names: [String]) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)? = nil
        for candidate in names {
            let d = levenshtein(target, Array(candidate.lowercased()))
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best, best.distance <= max(2, target.count / 3) else { return nil }
        return best.name
    }

    static func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// A row whose field cannot be compared as the rule asks: text where the rule compares with a number, or a
/// column of numbers (in a typed table) compared with a string. The caller adds the file and line.
public struct RuleEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The field holds text that is not a number; the rule compares it with a number.
        case notANumber
        /// The column was read as numbers (a typed table); the rule compares it with a string.
        case numberComparedWithText
    }
    public let kind: Kind
    /// The column, as named in the rule.
    public let column: String
    /// The field as read (the number's shortest text for `numberComparedWithText`).
    public let value: String
    /// The literal of the comparison, as written in a rule.
    public let literal: String

    public init(kind: Kind, column: String, value: String, literal: String) {
        self.kind = kind; self.column = column; self.value = value; self.literal = literal
    }

    /// What is wrong without naming the column, for a message that places it already (`file:line:column (name)`):
    /// "'abc' is not a number; the rule compares it with 1000".
    public var reason: String {
        switch kind {
        case .notANumber: return "'\(value)' is not a number; the rule compares it with \(literal)"
        case .numberComparedWithText: return "the column was read as numbers (\(value)); the rule compares it with the text \(literal) (compare it with a number)"
        }
    }

    /// "column 'income' holds 'abc', not a number; the rule compares it with 1000".
    public var description: String {
        switch kind {
        case .notANumber:
            return "column '\(column)' holds '\(value)', not a number; the rule compares it with \(literal)"
        case .numberComparedWithText:
            return "column '\(column)' was read as numbers (\(value)); the rule compares it with the text \(literal) (compare it with a number)"
        }
    }
}

extension RuleExpression {
    /// Binds the rule to a file's header: each column the rule names is found once.
    ///
    /// - Parameters:
    ///   - header: the file's column names in order (the indices `BoundRule.evaluate(field:)` is asked for).
    ///   - source: the file's name, for messages.
    ///   - missingTokens: the tokens that mean missing (`CSVOptions.missingTokens`).
    /// - Throws: `RuleBindingError` for the first column (in the rule's order) the header lacks.
    public func bind(header: [String], source: String,
                     missingTokens: Set<String> = CSVOptions.defaultMissingTokens) throws -> BoundRule {
        var index: [String: Int] = [:]
        for (k, name) in header.enumerated() where index[name] == nil { index[name] = k }
        for column in columns where index[column] == nil {
            throw RuleBindingError(column: column, source: source, header: header)
        }
        return BoundRule(rule: self, header: header, node: BoundNode(condition, index), missing: MissingTest(tokens: missingTokens))
    }

    /// Binds the rule to a typed table's columns (`bind(header:source:missingTokens:)` with its names and source).
    public func bind(table: Table, missingTokens: Set<String> = CSVOptions.defaultMissingTokens) throws -> BoundRule {
        try bind(header: table.columnNames, source: table.source, missingTokens: missingTokens)
    }
}

/// A rule bound to a header: evaluates rows. Immutable and `Sendable`, so one bound rule serves every thread.
public struct BoundRule: Sendable {
    /// The rule.
    public let rule: RuleExpression
    /// The header it was bound to.
    public let header: [String]
    let node: BoundNode
    let missing: MissingTest

    /// The header index of each column the rule reads (`RuleExpression.columns` order).
    public var columnIndices: [Int] { rule.columns.map { header.firstIndex(of: $0)! } }

    /// Evaluates the rule on one row given as field texts, `field(k)` being the text of header column k as read
    /// (quotes removed, not trimmed). Only the columns the rule reads are asked for.
    /// - Throws: `RuleEvaluationError` (a field that is text where the rule compares with a number).
    public func evaluate<S: StringProtocol>(field: (Int) -> S) throws -> Bool {
        try node.evaluate({ k in .text(Substring(field(k))) }, missing: missing)
    }

    /// Evaluates the rule on one row given as its fields in header order.
    public func evaluate<S: StringProtocol>(fields: [S]) throws -> Bool {
        try evaluate { fields[$0] }
    }

    /// Evaluates the rule on row `row` of a typed table (the table the rule was bound to, or one with the same
    /// columns): a missing cell is missing; a numeric column gives its number; a categorical one its level's text
    /// (a number when it parses as one and the rule compares with a number).
    /// - Throws: `RuleEvaluationError` (text where a number is compared, a number column compared with a string).
    public func evaluate(table: Table, row: Int) throws -> Bool {
        try node.evaluate({ k in
            switch table.columns[k] {
            case .numeric(let v): return v[row].isNaN ? .missing : .number(v[row])
            case .categorical(let c):
                let code = c.codes[row]
                return code < 0 ? .missing : .text(Substring(c.levels[Int(code)]))
            }
        }, missing: missing)
    }
}

extension BoundRule {
    /// The rule with a typed table's columns taken out once, for evaluating many of its rows: `evaluate(table:row:)`
    /// row by row would copy the table (and retain every column) per row. Gives exactly what
    /// `evaluate(table:row:)` gives; each categorical level's reading (its number, its missing tests) is worked
    /// out once per level instead of once per row.
    public func evaluator(table: Table) -> TableRuleEvaluator {
        var numeric = [[Double]](repeating: [], count: header.count)
        var isNumeric = [Bool](repeating: false, count: header.count)
        var codes = [[Int32]](repeating: [], count: header.count)
        var levels = [[RuleCell]](repeating: [], count: header.count)
        for k in Set(columnIndices) where k < table.columns.count {
            switch table.columns[k] {
            case .numeric(let v): numeric[k] = v; isNumeric[k] = true
            case .categorical(let c):
                codes[k] = c.codes
                levels[k] = c.levels.map { level in
                    let t = Substring(level)
                    return .level(t, number: FieldText.number(t), missing: missing.isMissing(t, numeric: false),
                                  numericMissing: missing.isMissing(t, numeric: true))
                }
            }
        }
        return TableRuleEvaluator(node: node, missing: missing, isNumeric: isNumeric, numeric: numeric, codes: codes, levels: levels)
    }
}

/// A bound rule with a table's columns at hand (`BoundRule.evaluator(table:)`): evaluates row `row` of that table.
/// A class, so that handing it to the row loop retains one reference rather than every column (the struct form
/// was copied per row and cost more than the rule).
public final class TableRuleEvaluator: Sendable {
    let node: BoundNode
    let missing: MissingTest
    let isNumeric: [Bool]
    let numeric: [[Double]]
    let codes: [[Int32]]
    let levels: [[RuleCell]]

    init(node: BoundNode, missing: MissingTest, isNumeric: [Bool], numeric: [[Double]], codes: [[Int32]], levels: [[RuleCell]]) {
        self.node = node; self.missing = missing; self.isNumeric = isNumeric; self.numeric = numeric
        self.codes = codes; self.levels = levels
    }

    /// `BoundRule.evaluate(table:row:)` for the evaluator's table.
    /// - Throws: `RuleEvaluationError`.
    public func evaluate(row: Int) throws -> Bool {
        try node.evaluate({ k in
            if isNumeric[k] { let x = numeric[k][row]; return x.isNaN ? .missing : .number(x) }
            let c = codes[k][row]
            return c < 0 ? .missing : levels[k][Int(c)]
        }, missing: missing)
    }
}

/// A field as the evaluator sees it.
enum RuleCell: Sendable {
    case missing
    case number(Double)
    case text(Substring)
    /// A categorical level with its reading worked out once: its number (nil when it is not one) and whether it
    /// is a missing token (exactly, and ignoring ASCII case as a numeric comparison reads it).
    case level(Substring, number: Double?, missing: Bool, numericMissing: Bool)
}

/// `RuleCondition` with header indices in place of names.
indirect enum BoundNode: Sendable {
    case compare(column: Int, name: String, op: RuleComparator, literal: RuleLiteral)
    case missing(column: Int, negated: Bool)
    case member(column: Int, name: String, values: [RuleLiteral], negated: Bool)
    case not(BoundNode)
    case and(BoundNode, BoundNode)
    case or(BoundNode, BoundNode)

    init(_ c: RuleCondition, _ index: [String: Int]) {
        switch c {
        case .compare(let name, let op, let literal): self = .compare(column: index[name]!, name: name, op: op, literal: literal)
        case .missing(let name, let negated): self = .missing(column: index[name]!, negated: negated)
        case .member(let name, let values, let negated): self = .member(column: index[name]!, name: name, values: values, negated: negated)
        case .not(let a): self = .not(BoundNode(a, index))
        case .and(let a, let b): self = .and(BoundNode(a, index), BoundNode(b, index))
        case .or(let a, let b): self = .or(BoundNode(a, index), BoundNode(b, index))
        }
    }

    func evaluate(_ cell: (Int) -> RuleCell, missing: MissingTest) throws -> Bool {
        switch self {
        case .and(let a, let b): return try a.evaluate(cell, missing: missing) && b.evaluate(cell, missing: missing)
        case .or(let a, let b): return try a.evaluate(cell, missing: missing) || b.evaluate(cell, missing: missing)
        case .not(let a): return try !a.evaluate(cell, missing: missing)
        case .missing(let column, let negated):
            let isMissing: Bool
            switch cell(column) {
            case .missing: isMissing = true
            case .number: isMissing = false
            case .text(let t): isMissing = missing.isMissing(t, numeric: false)
            case .level(_, _, let m, _): isMissing = m
            }
            return isMissing != negated
        case .compare(let column, let name, let op, let literal):
            switch literal {
            case .number(let x, let text):
                guard let v = try Self.number(cell(column), name: name, literal: text, missing: missing) else { return false }
                return op.holds(v, x)
            case .string(let s):
                guard let t = try Self.text(cell(column), name: name, literal: literal, missing: missing) else { return false }
                return (t == s) == (op == .equal)
            }
        case .member(let column, let name, let values, let negated):
            guard let first = values.first else { return false }
            let found: Bool
            if case .number(_, let text) = first {
                guard let v = try Self.number(cell(column), name: name, literal: text, missing: missing) else { return false }
                found = values.contains { if case .number(let x, _) = $0 { return x == v } else { return false } }
            } else {
                guard let t = try Self.text(cell(column), name: name, literal: first, missing: missing) else { return false }
                found = values.contains { if case .string(let s) = $0 { return s == t } else { return false } }
            }
            return found != negated
        }
    }

    /// The cell as a number; nil when missing.
    private static func number(_ cell: RuleCell, name: String, literal: String, missing: MissingTest) throws -> Double? {
        switch cell {
        case .missing: return nil
        case .number(let v): return v
        case .text(let t):
            if let v = FieldText.number(t) {
                // A token that is itself a number ("-999") means missing when it matches exactly.
                return missing.isMissing(t, numeric: false) ? nil : v
            }
            if missing.isMissing(t, numeric: true) { return nil }
            throw RuleEvaluationError(kind: .notANumber, column: name, value: String(t), literal: literal)
        case .level(let t, let number, let isMissing, let numericMissing):
            // As for `.text`, with the tests worked out once per level.
            if let v = number { return isMissing ? nil : v }
            if numericMissing { return nil }
            throw RuleEvaluationError(kind: .notANumber, column: name, value: String(t), literal: literal)
        }
    }

    /// The cell's text; nil when missing.
    private static func text(_ cell: RuleCell, name: String, literal: RuleLiteral, missing: MissingTest) throws -> Substring? {
        switch cell {
        case .missing: return nil
        case .number(let v):
            throw RuleEvaluationError(kind: .numberComparedWithText, column: name, value: "\(v)", literal: literal.description)
        case .text(let t): return missing.isMissing(t, numeric: false) ? nil : t
        case .level(let t, _, let isMissing, _): return isMissing ? nil : t
        }
    }
}
