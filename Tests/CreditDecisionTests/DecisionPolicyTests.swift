import XCTest
import CreditDecision
import CreditTabular

/// The decision policy: rules first (first match), then the refer band, then the cut-off, on either scale.
final class DecisionPolicyTests: XCTestCase {
    func testRuleParsing() throws {
        let r = try PolicyRule(parsing: "note == 'a => b' and x > 1 => decline R9 'It''s text'")
        XCTAssertEqual(r.condition.source, "note == 'a => b' and x > 1")
        XCTAssertEqual(r.decision, .decline)
        XCTAssertEqual(r.code, "R9")
        XCTAssertEqual(r.text, "It's text")
        let refer = try PolicyRule(parsing: "x is missing=>REFER R1")
        XCTAssertEqual(refer.decision, .refer)
        XCTAssertEqual(refer.text, "policy rule: x is missing")
        for bad in ["x > 1", "x > 1 => approve A", "x > 1 => decline", "x > 1 => decline R1 unquoted text", "x > 1 => block R1"] {
            XCTAssertThrowsError(try PolicyRule(parsing: bad), bad) { XCTAssertTrue($0 is PolicyError, "\(bad): \($0)") }
        }
        XCTAssertThrowsError(try PolicyRule(parsing: " => decline R1")) { XCTAssertTrue($0 is RuleSyntaxError, "\($0)") }
    }

    func testPointsOrderAndReferBand() throws {
        let rule = try PolicyRule(parsing: "x > 5 => decline R1")
        let p = try DecisionPolicy(cutoff: Cutoff(520, scale: .points), referBand: (520, 500), rules: [rule])
        XCTAssertEqual(p.referBand, [500, 520])               // riskier end first, whatever the order given
        XCTAssertTrue(p.decide(value: 499, firstRule: nil) == (.decline, .cutoff))
        XCTAssertTrue(p.decide(value: 500, firstRule: nil) == (.refer, .referBand))
        XCTAssertTrue(p.decide(value: 519, firstRule: nil) == (.refer, .referBand))
        XCTAssertTrue(p.decide(value: 520, firstRule: nil) == (.approve, .cutoff))
        XCTAssertTrue(p.decide(value: 700, firstRule: 0) == (.decline, .rule(0)))    // a rule beats any score
        XCTAssertEqual(p.code(.rule(0)), "R1")
        XCTAssertEqual(p.text(.cutoff, decision: .decline), "score below the cut-off 520 points")
        XCTAssertEqual(p.text(.cutoff, decision: .approve), "score at or above the cut-off 520 points")
    }

    func testPDScale() throws {
        let p = try DecisionPolicy(cutoff: Cutoff(0.08, scale: .pd), referBand: (0.08, 0.12))
        XCTAssertEqual(p.referBand, [0.12, 0.08])
        XCTAssertTrue(p.decide(value: 0.05, firstRule: nil) == (.approve, .cutoff))
        XCTAssertTrue(p.decide(value: 0.08, firstRule: nil) == (.approve, .cutoff))   // PD ≤ 0.08 is not in the band
        XCTAssertTrue(p.decide(value: 0.10, firstRule: nil) == (.refer, .referBand))
        XCTAssertTrue(p.decide(value: 0.12, firstRule: nil) == (.refer, .referBand))
        XCTAssertTrue(p.decide(value: 0.13, firstRule: nil) == (.decline, .cutoff))
        XCTAssertThrowsError(try DecisionPolicy(cutoff: Cutoff(1.5, scale: .pd)))
        XCTAssertThrowsError(try DecisionPolicy(cutoff: Cutoff(.nan, scale: .points)))
        XCTAssertThrowsError(try DecisionPolicy(cutoff: Cutoff(500, scale: .points), referBand: (510, 510)))
    }

    /// The per-table evaluator (columns taken out once, each level read once) gives what row-by-row evaluation
    /// gives, errors included: numbers, text, case-variant missing tokens in a numeric comparison, missing cells.
    func testTableEvaluatorEqualsRowByRowEvaluation() throws {
        let table = Table(source: "t", columnNames: ["a", "b", "x"],
                          columns: [.categorical(CategoricalColumn(levels: ["9", "Null", "2.5", "-999", "zz"], codes: [0, 1, 2, 3, -1, 4])),
                                    .categorical(CategoricalColumn(levels: ["x", "y"], codes: [0, 1, 0, -1, 1, 0])),
                                    .numeric([1, .nan, 3, 4, 5, 6])],
                          lineNumbers: Array(2...7), delimiter: 44)
        let rules = ["a > 5", "a is missing", "not a <= 3 and b == 'x'", "b in ('y') or x >= 4", "x is not missing and a != 2.5", "b != 'x'"]
        for text in rules {
            let bound = try RuleExpression(text).bind(table: table, missingTokens: CSVOptions.defaultMissingTokens.union(["-999"]))
            let evaluator = bound.evaluator(table: table)
            for row in 0..<table.rowCount {
                let a = Result { try bound.evaluate(table: table, row: row) }, b = Result { try evaluator.evaluate(row: row) }
                switch (a, b) {
                case (.success(let x), .success(let y)): XCTAssertEqual(x, y, "\(text), row \(row)")
                case (.failure(let x), .failure(let y)): XCTAssertEqual(x as? RuleEvaluationError, y as? RuleEvaluationError, "\(text), row \(row)")
                default: XCTFail("\(text), row \(row): \(a) vs \(b)")
                }
            }
        }
    }

    func testBoundPolicyFirstRuleAndErrors() throws {
        let rules = [try PolicyRule(parsing: "a > 5 => decline R1"), try PolicyRule(parsing: "b == 'x' => refer R2")]
        let p = try DecisionPolicy(cutoff: Cutoff(500, scale: .points), rules: rules)
        let table = Table(source: "t", columnNames: ["a", "b"],
                          columns: [.categorical(CategoricalColumn(levels: ["9", "1", "zz"], codes: [0, 1, 1, 2])),
                                    .categorical(CategoricalColumn(levels: ["x", "y"], codes: [0, 0, 1, 1]))],
                          lineNumbers: [2, 3, 4, 5], delimiter: 44)
        let bound = try BoundPolicy(policy: p, table: table)
        XCTAssertEqual(try bound.firstRule(table: table, row: 0), 0)     // both hold: the first decides
        XCTAssertEqual(try bound.firstRule(table: table, row: 1), 1)
        XCTAssertNil(try bound.firstRule(table: table, row: 2))
        XCTAssertThrowsError(try bound.firstRule(table: table, row: 3)) { error in
            XCTAssertEqual((error as? PolicyRuleError)?.code, "R1")
            XCTAssertTrue("\(error)".hasPrefix("policy rule 1 (R1): column 'a' holds 'zz', not a number"), "\(error)")
        }
        let other = Table(source: "t", columnNames: ["a"], columns: [.numeric([1])], lineNumbers: [2], delimiter: 44)
        XCTAssertThrowsError(try BoundPolicy(policy: p, table: other)) { XCTAssertTrue($0 is RuleBindingError) }
    }
}

private func == (a: (Decision, DecisionBasis), b: (Decision, DecisionBasis)) -> Bool { a.0 == b.0 && a.1 == b.1 }
