import Foundation
import TestSupport

/// Reference values produced by Fixtures/make_firth_weights_diagnostics_fixtures.py (statsmodels, firthmodels, numpy,
/// pandas).
struct FirthWeightsDiagnosticsFixtures: Decodable {
    struct Firth: Decodable {
        let terms: [String]; let params: [Double]; let bse: [Double]; let loglik: Double
        let ci_lower: [Double]; let ci_upper: [Double]; let lrt_pvalues: [Double]; let logistf_published_params: [Double]
    }
    struct Weighted: Decodable {
        let terms: [String]; let params: [Double]; let bse: [Double]; let llf: Double; let llnull: Double
        let aic: Double; let bic_llf: Double; let nobs: Double; let wnobs: Double
    }
    struct Repeated: Decodable { let params: [Double]; let bse: [Double]; let llf: Double }
    struct Diagnostics: Decodable {
        let terms: [String]; let vif: [Double]; let condition_number_unit_length: Double; let correlation: [[Double]]
        let margeff_overall: [Double]; let margeff_overall_se: [Double]; let margeff_mean: [Double]; let margeff_mean_se: [Double]
    }
    struct HosmerLemeshow: Decodable { let chi2: Double; let df: Int; let p: Double; let counts: [Int]; let observed: [Double] }
    let firth_sex2: Firth
    struct FirthWeighted: Decodable { let params: [Double] }
    let firth_sex2_weighted: FirthWeighted
    let weighted: Weighted
    let repeated: Repeated
    let diagnostics: Diagnostics
    let hosmer_lemeshow_german: HosmerLemeshow

    static let shared: FirthWeightsDiagnosticsFixtures = {
        let url = URL(fileURLWithPath: StatsmodelsFixtures.fixture("firth_weights_diagnostics_fixtures.json"))
        return try! JSONDecoder().decode(FirthWeightsDiagnosticsFixtures.self, from: Data(contentsOf: url))
    }()
}
