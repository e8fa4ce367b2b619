extension RuleExpression {
    /// The rule as a SQL boolean expression, for exports: true exactly where `BoundRule.evaluate` is true, with
    /// `NULL` standing for a missing value.
    ///
    /// SQL's comparisons with `NULL` are unknown, and `NOT unknown` is unknown, where this grammar says a
    /// comparison with a missing value is false and `not` negates it. So each comparison is written with its
    /// missing case spelled out, `(col IS NOT NULL AND col < 1000)`, and is never unknown; `not`, `and`, `or`
    /// then agree with the two-valued evaluator. Text that is not a number in a column compared with a number is
    /// an evaluation error here and has no SQL counterpart (a typed SQL column cannot hold it). Strings are
    /// written in single quotes with `'` doubled; `==` is `=`, `!=` is `<>`.
    ///
    /// - Parameter quote: quotes a column name for the target SQL dialect (e.g. `"name"` with `"` doubled).
    public func sqlCondition(quote: (String) -> String) -> String {
        Self.sql(condition, quote: quote, top: true)
    }

    private static func sql(_ c: RuleCondition, quote: (String) -> String, top: Bool) -> String {
        func wrap(_ s: String) -> String { top ? s : "(" + s + ")" }
        switch c {
        case .compare(let column, let op, let literal):
            let q = quote(column)
            let sqlOp = op == .equal ? "=" : op == .notEqual ? "<>" : op.rawValue
            return "(\(q) IS NOT NULL AND \(q) \(sqlOp) \(sqlLiteral(literal)))"
        case .missing(let column, let negated):
            return "\(quote(column)) IS \(negated ? "NOT " : "")NULL"
        case .member(let column, let values, let negated):
            let q = quote(column)
            return "(\(q) IS NOT NULL AND \(q) \(negated ? "NOT " : "")IN (\(values.map(sqlLiteral).joined(separator: ", "))))"
        case .not(let a): return "NOT (" + sql(a, quote: quote, top: true) + ")"
        case .and(let a, let b): return wrap(sql(a, quote: quote, top: false) + " AND " + sql(b, quote: quote, top: false))
        case .or(let a, let b): return wrap(sql(a, quote: quote, top: false) + " OR " + sql(b, quote: quote, top: false))
        }
    }

    private static func sqlLiteral(_ literal: RuleLiteral) -> String {
        switch literal {
        case .number(let x, _): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .string: return literal.description
        }
    }
}
