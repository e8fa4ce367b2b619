import XCTest
import Foundation
import CreditDecision
import CreditTabular

/// The rule grammar: parsing, precedence, the two-valued missing semantics, number and text comparisons, every
/// error message, the Codable text form, SQL rendering.
final class RuleExpressionTests: XCTestCase {
    private let header = ["income", "region", "past_delinquency", "monthly income", "in", "code"]

    private func eval(_ rule: String, _ fields: [String], missingTokens: Set<String> = CSVOptions.defaultMissingTokens,
                      file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let bound = try RuleExpression(rule).bind(header: header, source: "apps.csv", missingTokens: missingTokens)
        return try bound.evaluate(fields: fields)
    }

    private func syntaxError(_ rule: String, file: StaticString = #filePath, line: UInt = #line) -> RuleSyntaxError? {
        do {
            _ = try RuleExpression(rule)
            XCTFail("'\(rule)' parsed", file: file, line: line)
            return nil
        } catch let error as RuleSyntaxError {
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    // MARK: Parsing and precedence

    func testComparisonsAndLiterals() throws {
        XCTAssertEqual(try RuleExpression("income < 1000").condition,
                       .compare(column: "income", op: .less, literal: .number(1000, text: "1000")))
        for op in RuleComparator.allCases {
            XCTAssertEqual(try RuleExpression("income\(op.rawValue)-1.5e3").condition,
                           .compare(column: "income", op: op, literal: .number(-1500, text: "-1.5e3")))
        }
        XCTAssertEqual(try RuleExpression("region == 'O''Brien'").condition,
                       .compare(column: "region", op: .equal, literal: .string("O'Brien")))
        XCTAssertEqual(try RuleExpression("region != \"say \"\"hi\"\"\"").condition,
                       .compare(column: "region", op: .notEqual, literal: .string("say \"hi\"")))
        XCTAssertEqual(try RuleExpression("`monthly income` >= .5").condition,
                       .compare(column: "monthly income", op: .greaterOrEqual, literal: .number(0.5, text: ".5")))
        XCTAssertEqual(try RuleExpression("`a``b` == 1").columns, ["a`b"])
        XCTAssertEqual(try RuleExpression("x.y_2 IS NOT MISSING").condition, .missing(column: "x.y_2", negated: true))
        XCTAssertEqual(try RuleExpression("region In ('a', 'b')").condition,
                       .member(column: "region", values: [.string("a"), .string("b")], negated: false))
        XCTAssertEqual(try RuleExpression("code not in (1,2)").condition,
                       .member(column: "code", values: [.number(1, text: "1"), .number(2, text: "2")], negated: true))
    }

    func testNumbersAreReadAsTheCSVReaderReadsThem() throws {
        // Same bits as strtod (the reader's guarantee), including a value beyond the Clinger fast path.
        for text in ["0.1", "1e-7", "123456789012345678901", "2.2250738585072011e-308", "+7"] {
            guard case .compare(_, _, .number(let v, _)) = try RuleExpression("income > \(text)").condition else { return XCTFail() }
            XCTAssertEqual(v.bitPattern, strtod(text, nil).bitPattern, text)
        }
    }

    func testPrecedenceIsNotThenAndThenOr() throws {
        let a = RuleCondition.compare(column: "a", op: .greater, literal: .number(1, text: "1"))
        let b = RuleCondition.compare(column: "b", op: .less, literal: .number(2, text: "2"))
        let c = RuleCondition.compare(column: "c", op: .equal, literal: .string("x"))
        XCTAssertEqual(try RuleExpression("not a > 1 and b < 2 or c == 'x'").condition, .or(.and(.not(a), b), c))
        XCTAssertEqual(try RuleExpression("c == 'x' or a > 1 and b < 2").condition, .or(c, .and(a, b)))
        XCTAssertEqual(try RuleExpression("not (a > 1 or b < 2)").condition, .not(.or(a, b)))
        XCTAssertEqual(try RuleExpression("NOT not a > 1").condition, .not(.not(a)))
        XCTAssertEqual(try RuleExpression("(a > 1 OR b < 2) AND c == 'x'").condition, .and(.or(a, b), c))
        XCTAssertEqual(try RuleExpression("a > 1 and b < 2 and c == 'x'").condition, .and(.and(a, b), c))
        XCTAssertEqual(try RuleExpression(" a>1\n\tor\tb<2 ").columns, ["a", "b"])
        XCTAssertEqual(try RuleExpression("a > 1 or b < 2 or a < 0").columns, ["a", "b"])
    }

    // MARK: Semantics

    func testTwoValuedMissingSemantics() throws {
        //                               income region past  monthly in code
        let missingIncome = ["", "north", "1", "5", "x", "1"]
        XCTAssertFalse(try eval("income < 1000", missingIncome))
        XCTAssertFalse(try eval("income >= 1000", missingIncome))
        XCTAssertFalse(try eval("income != 1000", missingIncome))
        XCTAssertFalse(try eval("income == 1000", missingIncome))
        XCTAssertTrue(try eval("not income < 1000", missingIncome))
        XCTAssertTrue(try eval("not (income == 1000)", missingIncome))
        XCTAssertTrue(try eval("income is missing", missingIncome))
        XCTAssertFalse(try eval("income is not missing", missingIncome))
        XCTAssertTrue(try eval("income is missing or income < 1000", missingIncome))
        XCTAssertFalse(try eval("income in (1, 2)", missingIncome))
        XCTAssertFalse(try eval("income not in (1, 2)", missingIncome))
        // The default tokens, trimmed; in a number comparison also ignoring case.
        for token in ["NA", " NULL ", "?", "-", "#N/A"] {
            XCTAssertTrue(try eval("income is missing", [token, "", "", "", "", ""]), token)
            XCTAssertFalse(try eval("income < 1", [token, "", "", "", "", ""]), token)
        }
        XCTAssertFalse(try eval("income < 1", ["Null", "", "", "", "", ""]))
        XCTAssertFalse(try eval("income is missing", ["Null", "", "", "", "", ""]))  // exact match only: text
        XCTAssertFalse(try eval("region == 'NA'", ["1", "NA", "", "", "", ""]))
        XCTAssertTrue(try eval("region == 'none'", ["1", "none", "", "", "", ""]))  // a level, not missing
        // Custom tokens, one of them a number.
        XCTAssertTrue(try eval("income is missing", ["-999", "", "", "", "", ""], missingTokens: ["-999"]))
        XCTAssertFalse(try eval("income < 0", ["-999", "", "", "", "", ""], missingTokens: ["-999"]))
        XCTAssertTrue(try eval("income < 0", ["-999", "", "", "", "", ""]))
    }

    func testNumberAndTextComparisons() throws {
        let row = [" 850 ", "north", "2", "1200.5", "k", "01"]
        XCTAssertTrue(try eval("income < 1000 and income > 849.99 and income == 850", row))
        XCTAssertTrue(try eval("`monthly income` > 1200 and `monthly income` <= 1200.5", row))
        XCTAssertTrue(try eval("code == 1", row))          // "01" is the number 1
        XCTAssertTrue(try eval("code == '01'", row))       // and the text "01"
        XCTAssertFalse(try eval("code == '1'", row))
        XCTAssertTrue(try eval("region == 'north' and region != 'North'", row))  // exact text
        XCTAssertFalse(try eval("region == 'north '", row))
        XCTAssertTrue(try eval("region in ('south', 'north') and past_delinquency not in (0, 1)", row))
        XCTAssertTrue(try eval("`in` == 'k'", row))
        XCTAssertTrue(try eval("past_delinquency is not missing and not past_delinquency < 1", row))
    }

    func testTextWhereANumberIsComparedIsAnError() throws {
        let row = ["abc", "north", "2", "1", "k", "x"]
        XCTAssertThrowsError(try eval("income < 1000", row)) { error in
            XCTAssertEqual("\(error)", "column 'income' holds 'abc', not a number; the rule compares it with 1000")
            XCTAssertEqual((error as? RuleEvaluationError)?.reason, "'abc' is not a number; the rule compares it with 1000")
            XCTAssertEqual((error as? RuleEvaluationError)?.column, "income")
        }
        XCTAssertThrowsError(try eval("code in (1, 2)", row)) { error in
            XCTAssertEqual("\(error)", "column 'code' holds 'x', not a number; the rule compares it with 1")
        }
        // Stops as soon as the result is known: the bad field is not reached.
        XCTAssertTrue(try eval("region == 'north' or income < 1000", row))
        XCTAssertTrue(try eval("income is not missing", row))
    }

    func testTypedTable() throws {
        let table = Table(source: "t.csv", columnNames: ["income", "region"],
                          columns: [.numeric([850, .nan, 2000]),
                                    .categorical(CategoricalColumn(levels: ["north", "12"], codes: [0, -1, 1]))],
                          lineNumbers: [2, 3, 4], delimiter: 44)
        let bound = try RuleExpression("income < 1000 or region == 'north'").bind(table: table)
        XCTAssertEqual(try (0..<3).map { try bound.evaluate(table: table, row: $0) }, [true, false, false])
        XCTAssertEqual(try (0..<3).map { try RuleExpression("not income >= 1000").bind(table: table).evaluate(table: table, row: $0) },
                       [true, true, false])
        XCTAssertEqual(try (1..<3).map { try RuleExpression("region > 11").bind(table: table).evaluate(table: table, row: $0) },
                       [false, true])
        XCTAssertThrowsError(try RuleExpression("region > 11").bind(table: table).evaluate(table: table, row: 0)) { error in
            XCTAssertEqual("\(error)", "column 'region' holds 'north', not a number; the rule compares it with 11")
        }
        XCTAssertThrowsError(try RuleExpression("income == '850'").bind(table: table).evaluate(table: table, row: 0)) { error in
            XCTAssertEqual("\(error)", "column 'income' was read as numbers (850.0); the rule compares it with the text '850' (compare it with a number)")
            XCTAssertEqual((error as? RuleEvaluationError)?.reason, "the column was read as numbers (850.0); the rule compares it with the text '850' (compare it with a number)")
        }
    }

    // MARK: Errors, every message

    func testSyntaxErrorsNamePositionAndShowCaret() {
        let e = syntaxError("col < ")
        XCTAssertEqual(e?.summary, "expected a number or a quoted string after '<' at character 7")
        XCTAssertEqual(e?.description, "expected a number or a quoted string after '<' at character 7\n  col < \n        ^")
        let cases: [(String, String)] = [
            ("income <", "expected a number or a quoted string after '<' at character 9"),
            ("income < abc", "expected a number or a quoted string after '<', found 'abc' at character 10"),
            ("income", "expected a comparison (<, <=, >, >=, ==, !=), 'is missing' or 'in' after the column 'income' at character 7"),
            ("income = 5", "'=' is not an operator; write '==' for equal at character 8"),
            ("income <> 5", "'<>' is not an operator; write '!=' for not equal at character 8"),
            ("income < 5 and", "expected a column name after 'and' at character 15"),
            ("income < 5 or", "expected a column name after 'or' at character 14"),
            ("not", "expected a column name after 'not' at character 4"),
            ("and < 5", "expected a column name, found the keyword 'and' (a column named like a keyword goes in backquotes: `and`) at character 1"),
            ("5 < income", "expected a column name, found '5' at character 1"),
            ("income < 5 region == 'a'", "expected 'and', 'or' or the end of the rule, found 'region' at character 12"),
            ("income < 5)", "unmatched ')' at character 11"),
            ("(income < 5", "'(' at character 1 is never closed; expected ')' at character 12"),
            ("()", "expected a condition inside '(' ')' at character 2"),
            ("(income < 5 region", "expected ')' or 'and'/'or', found 'region' at character 13"),
            ("income is", "expected 'missing' after 'is' at character 10"),
            ("income is not blank", "expected 'missing' after 'is not', found 'blank' at character 15"),
            ("income not < 5", "expected 'in' after 'income not' (to negate a comparison, write: not income …), found '<' at character 12"),
            ("region in 'a'", "expected '(' and a list of values after 'in', found a quoted string at character 11"),
            ("region in ()", "expected a number or a quoted string in the list, found ')' at character 12"),
            ("region in ('a' 'b')", "expected ',' or ')' in the list, found a quoted string at character 16"),
            ("region in ('a', 1)", "the values of a list are all numbers or all quoted strings at character 17"),
            ("region < 'a'", "'<' compares numbers; text compares only with == and != (or in) at character 8"),
            ("region == 'north", "the string opened with ' at character 11 is never closed at character 17"),
            ("`monthly income > 5", "the column name opened with ` at character 1 is never closed at character 20"),
            ("income < 12abc", "'12abc' is not a number at character 10"),
            ("income < 1e999", "'1e999' is not a number at character 10"),
            ("income < 1.2.3", "'1.2.3' is not a number at character 10"),
            ("income < -", "expected a number or a quoted string after '<', found '-' at character 10"),
        ]
        for (rule, message) in cases {
            XCTAssertEqual(syntaxError(rule)?.summary, message, rule)
        }
        // Multi-line rules: the caret lines up under the place, line breaks shown as spaces.
        XCTAssertEqual(syntaxError("a < 1 and\nb <")?.description,
                       "expected a number or a quoted string after '<' at character 14\n  a < 1 and b <\n               ^")
    }

    func testEmptyRule() {
        for rule in ["", "   ", "\n"] {
            let e = syntaxError(rule)
            XCTAssertEqual(e?.description, "the rule is empty; write a condition such as: income < 1000 and region == 'north'")
            XCTAssertEqual(e?.message, RuleSyntaxError.emptyMessage)
        }
    }

    func testUnknownColumnListsColumnsAndSuggestsTheNearest() throws {
        XCTAssertThrowsError(try RuleExpression("region == 'a' and incme < 5").bind(header: header, source: "apps.csv")) { error in
            XCTAssertEqual("\(error)", "the rule names column 'incme', not in apps.csv; did you mean 'income'? columns are: income, region, past_delinquency, monthly income, in, code")
        }
        XCTAssertThrowsError(try RuleExpression("Region == 'a'").bind(header: header, source: "apps.csv")) { error in
            XCTAssertEqual((error as? RuleBindingError)?.suggestion, "region")
        }
        XCTAssertThrowsError(try RuleExpression("zzzzzz == 'a'").bind(header: header, source: "apps.csv")) { error in
            XCTAssertEqual("\(error)", "the rule names column 'zzzzzz', not in apps.csv; columns are: income, region, past_delinquency, monthly income, in, code")
        }
        let many = (1...40).map { "c\($0)" }
        XCTAssertThrowsError(try RuleExpression("q == 1").bind(header: many, source: "w.csv")) { error in
            XCTAssertTrue("\(error)".hasSuffix("c29, c30, …"), "\(error)")
        }
        XCTAssertEqual(try RuleExpression("code > 1 or income < 2").bind(header: header, source: "a").columnIndices, [5, 0])
    }

    // MARK: Text forms

    func testCodableRoundTripGivesTheSameRule() throws {
        let rules = ["income < 1000 and (region == 'north' or past_delinquency is missing)",
                     "not `monthly income` >= 1e3 or code not in (1, 2, 3)", "region in ('O''Brien', \"x\")"]
        for text in rules {
            let rule = try RuleExpression(text)
            let data = try JSONEncoder().encode(["rule": rule])
            XCTAssertEqual(String(decoding: data, as: UTF8.self), try String(decoding: JSONEncoder().encode(["rule": text]), as: UTF8.self))
            let back = try JSONDecoder().decode([String: RuleExpression].self, from: data)["rule"]!
            XCTAssertEqual(back, rule)
            XCTAssertEqual(back.source, text)
        }
        XCTAssertEqual(try RuleExpression("a<1"), try RuleExpression("a  <  1.0"))
        XCTAssertNotEqual(try RuleExpression("a < 1"), try RuleExpression("a <= 1"))
        XCTAssertThrowsError(try JSONDecoder().decode([String: RuleExpression].self, from: Data(#"{"rule":"a <"}"#.utf8))) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(context.debugDescription.hasPrefix("rule: expected a number or a quoted string after '<' at character 4"), context.debugDescription)
        }
    }

    func testSQLConditionAgreesWithTwoValuedSemantics() throws {
        let quote: (String) -> String = { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        XCTAssertEqual(try RuleExpression("not income < 1000 and region == 'O''B' or `monthly income` is missing").sqlCondition(quote: quote),
                       #"(NOT (("income" IS NOT NULL AND "income" < 1000)) AND ("region" IS NOT NULL AND "region" = 'O''B')) OR "monthly income" IS NULL"#)
        XCTAssertEqual(try RuleExpression("code not in (1, 2.5) or code != 3").sqlCondition(quote: quote),
                       #"("code" IS NOT NULL AND "code" NOT IN (1, 2.5)) OR ("code" IS NOT NULL AND "code" <> 3)"#)
    }
}
