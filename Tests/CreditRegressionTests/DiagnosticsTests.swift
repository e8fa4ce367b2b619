import Foundation
import XCTest
import CreditTabular
import CreditRegression
import TestSupport

final class DiagnosticsTests: XCTestCase {
    private func synthetic() throws -> (Design, LogisticRegressionResult) {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        let design = try Design.build(from: table, options: DesignOptions(target: "bad"))
        return (design, try LogisticRegression().fit(design))
    }

    /// statsmodels variance_inflation_factor (design with const), numpy cond of the unit-length-column design,
    /// numpy corrcoef.
    func testVIFConditionNumberCorrelationMatchNumpyAndStatsmodels() throws {
        let (design, _) = try synthetic()
        let d = DesignDiagnostics(design: design)
        let e = FirthWeightsDiagnosticsFixtures.shared.diagnostics
        XCTAssertEqual(d.termNames, Array(e.terms.dropFirst()))
        assertClose(d.varianceInflation, e.vif, relative: 1e-9, "vif")
        assertClose(d.conditionNumber, e.condition_number_unit_length, relative: 1e-9, "cond")
        for (a, row) in d.correlation.enumerated() { assertClose(row, e.correlation[a], absolute: 1e-12, "corr row \(a)") }
    }

    /// statsmodels get_margeff(at='overall') and (at='mean'), dydx, default dummy=False.
    func testMarginalEffectsMatchStatsmodels() throws {
        let (design, result) = try synthetic()
        let e = FirthWeightsDiagnosticsFixtures.shared.diagnostics
        let ame = MarginalEffects(result: result, x: design.x, interceptColumn: 0, at: .average)
        assertClose(ame.effects, e.margeff_overall, relative: 1e-6, absolute: 1e-12, "AME")
        assertClose(ame.standardErrors, e.margeff_overall_se, relative: 1e-6, "AME se")
        let mem = MarginalEffects(result: result, x: design.x, interceptColumn: 0, at: .atMeans)
        assertClose(mem.effects, e.margeff_mean, relative: 1e-6, absolute: 1e-12, "MEM")
        assertClose(mem.standardErrors, e.margeff_mean_se, relative: 1e-6, "MEM se")
    }
}
