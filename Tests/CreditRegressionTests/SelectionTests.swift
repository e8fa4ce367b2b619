import Foundation
import XCTest
import CreditTabular
import CreditRegression
import TestSupport

final class SelectionTests: XCTestCase {
    private func german() throws -> Design {
        let table = try TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv"))
        return try Design.build(from: table, options: DesignOptions(target: "default"))
    }

    private func check(_ r: SelectionResult, steps: [String], criterion: [Double], file: StaticString = #filePath, line: UInt = #line) {
        let ours = r.steps.map { ($0.action == .add ? "+ " : "- ") + $0.predictor }
        XCTAssertEqual(ours, Array(steps.dropFirst()), file: file, line: line)
        guard ours.count == steps.count - 1 else { return }
        for (k, s) in r.steps.enumerated() {
            assertClose(s.criterionBefore, criterion[k], relative: 1e-9, "before step \(k)", file: file, line: line)
            assertClose(s.criterionAfter, criterion[k + 1], relative: 1e-9, "after step \(k)", file: file, line: line)
        }
    }

    /// R step(glm(default ~ .), direction = "both") from the full model.
    func testStepwiseFromFullMatchesRStep() throws {
        var o = SelectionOptions(); o.direction = .stepwise; o.startFromFull = true
        let r = try VariableSelection(options: o).run(try german())
        let e = GlmnetStepFixtures.shared
        check(r, steps: e.step_both_steps, criterion: e.step_both_aic)
        XCTAssertEqual(Set(r.selected), Set(e.step_both_terms))
        assertClose(r.fit.aic, e.step_both_aic.last!, relative: 1e-9)
    }

    /// R step(null, scope = full, direction = "forward").
    func testForwardMatchesRStep() throws {
        var o = SelectionOptions(); o.direction = .forward
        let r = try VariableSelection(options: o).run(try german())
        let e = GlmnetStepFixtures.shared
        check(r, steps: e.step_forward_steps, criterion: e.step_forward_aic)
    }

    /// R step(full, direction = "backward", k = log(n)).
    func testBackwardBICMatchesRStep() throws {
        var o = SelectionOptions(); o.direction = .backward; o.criterion = .bic
        let r = try VariableSelection(options: o).run(try german())
        let e = GlmnetStepFixtures.shared
        check(r, steps: e.step_backward_bic_steps, criterion: e.step_backward_bic)
    }

    func testForcedPValueVIFAndSign() throws {
        let design = try german()
        var o = SelectionOptions(); o.direction = .forward; o.criterion = .pValue(enter: 0.01, leave: 0.05)
        o.forced = ["telephone"]
        let r = try VariableSelection(options: o).run(design)
        XCTAssertTrue(r.selected.contains("telephone"))
        XCTAssertFalse(r.steps.contains { $0.predictor == "telephone" })
        XCTAssertTrue(r.steps.allSatisfy { $0.criterionAfter < 0.01 && $0.action == .add })
        XCTAssertEqual(r.steps.first?.predictor, "status_of_existing_checking_account")

        var v = SelectionOptions(); v.direction = .forward; v.maxVIF = 1.2
        let limited = try VariableSelection(options: v).run(design)
        let cols = limited.fit.termNames
        XCTAssertGreaterThan(cols.count, 1)
        // Every accepted model respects the VIF limit; checked on the final one.
        let x = try Design.build(from: try TestTables.readCSV(PackagePaths.path("datasets/german_credit.csv")),
                                 options: { var d = DesignOptions(target: "default")
                                     d.exclude = Set(design.coding.predictors.map(\.name)).subtracting(limited.selected); return d }())
        XCTAssertLessThanOrEqual(DesignDiagnostics(design: x).varianceInflation.max()!, 1.2)

        var s = SelectionOptions(); s.direction = .forward; s.requiredSign = .positive
        let signed = try VariableSelection(options: s).run(design)
        for (name, b) in zip(signed.fit.termNames, signed.fit.coefficients) where name != "const" { XCTAssertGreaterThanOrEqual(b, 0, name) }

        var bad = SelectionOptions(); bad.forced = ["nope"]
        XCTAssertThrowsError(try VariableSelection(options: bad).run(design))
        bad = SelectionOptions(); bad.criterion = .pValue(enter: 0.2, leave: 0.1)
        XCTAssertThrowsError(try VariableSelection(options: bad).run(design))
    }
}
