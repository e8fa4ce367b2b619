import Foundation
import XCTest
import CreditTabular
import CreditRegression
import TestSupport

/// Reference values from R glmnet, produced by Fixtures/make_glmnet_step_fixtures.R.
struct GlmnetStepFixtures: Decodable {
    let glmnet: String
    let terms: [String]
    let lambdas: [Double]
    let alpha_1: [[Double]]
    let alpha_0_5: [[Double]]
    let alpha_0: [[Double]]
    let weighted_alpha_0_5: [[Double]]
    let lambda_max_1: Double
    let lambda_max_0_5: Double
    let lambda_max_0: Double
    let cv_lambdas: [Double]
    let cv_mean: [Double]
    let cv_sd: [Double]
    let cv_lambda_min: Double
    let cv_lambda_1se: Double
    let step_both_steps: [String]
    let step_both_aic: [Double]
    let step_both_terms: [String]
    let step_forward_steps: [String]
    let step_forward_aic: [Double]
    let step_backward_bic_steps: [String]
    let step_backward_bic: [Double]
    enum CodingKeys: String, CodingKey {
        case glmnet, terms, lambdas, alpha_1, alpha_0_5 = "alpha_0.5", alpha_0, weighted_alpha_0_5 = "weighted_alpha_0.5", lambda_max_1, lambda_max_0_5 = "lambda_max_0.5",
             lambda_max_0, cv_lambdas, cv_mean, cv_sd, cv_lambda_min, cv_lambda_1se, step_both_steps, step_both_aic,
             step_both_terms, step_forward_steps, step_forward_aic, step_backward_bic_steps, step_backward_bic
    }
    static let shared: GlmnetStepFixtures = {
        let url = URL(fileURLWithPath: StatsmodelsFixtures.fixture("glmnet_step_fixtures.json"))
        return try! JSONDecoder().decode(GlmnetStepFixtures.self, from: Data(contentsOf: url))
    }()
}

final class PenalizedTests: XCTestCase {
    private func synthetic() throws -> Design {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("synthetic.csv"))
        return try Design.build(from: table, options: DesignOptions(target: "bad"))
    }

    func testMatchesGlmnetAtFixedLambdas() throws {
        let design = try synthetic()
        let e = GlmnetStepFixtures.shared
        XCTAssertEqual(design.terms.map(\.name), e.terms)
        for (mix, expected, lambdaMax) in [(1.0, e.alpha_1, e.lambda_max_1), (0.5, e.alpha_0_5, e.lambda_max_0_5),
                                           (0.0, e.alpha_0, e.lambda_max_0)] {
            var o = PenalizedOptions(); o.mix = mix; o.lambdas = e.lambdas
            let path = try PenalizedLogisticRegression(options: o).path(design)
            assertClose(path.lambdaMax, lambdaMax, relative: 1e-10, "λmax mix \(mix)")
            for (k, fit) in path.fits.enumerated() {
                assertClose(fit.coefficients, expected[k], absolute: 1e-6, "mix \(mix) λ \(fit.lambda)")
                for (c, ref) in zip(fit.coefficients, expected[k]) where ref == 0 { XCTAssertEqual(c, 0, "exact zero") }
            }
        }
    }

    /// glmnet with `weights = w` (weights normalised to sum 1 in the loss, standardisation weighted).
    func testWeightedMatchesGlmnet() throws {
        let table = try TestTables.readCSV(StatsmodelsFixtures.fixture("weighted.csv"))
        var d = DesignOptions(target: "bad"); d.exclude = ["w"]
        let design = try Design.build(from: table, options: d)
        let w = try design.weights(from: table, column: "w")
        let e = GlmnetStepFixtures.shared
        var o = PenalizedOptions(); o.mix = 0.5; o.lambdas = e.lambdas
        let path = try PenalizedLogisticRegression(options: o).path(design, weights: w)
        for (k, fit) in path.fits.enumerated() {
            assertClose(fit.coefficients, e.weighted_alpha_0_5[k], absolute: 1e-6, "weighted λ \(fit.lambda)")
        }
    }

    /// KKT conditions at the optimum, recomputed from scratch on the standardised scale:
    /// Σ vᵢ(yᵢ − πᵢ)x̃ᵢⱼ = λ[(1−α)bⱼ + α·sign(bⱼ)] for bⱼ ≠ 0 and |…| ≤ λα for bⱼ = 0.
    func testKKTConditionsHold() throws {
        let design = try synthetic()
        let x = design.x, n = x.rows
        for mix in [1.0, 0.3] {
            var o = PenalizedOptions(); o.mix = mix; o.lambdas = [0.02, 0.004]
            let path = try PenalizedLogisticRegression(options: o).path(design)
            for fit in path.fits {
                let eta = x.multiply(fit.coefficients)
                for j in 1..<x.columns {
                    let col = x.column(j)
                    let mean = col.reduce(0, +) / Double(n)
                    let sd = (col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
                    var g = 0.0
                    for i in 0..<n { g += (design.y[i] - 1 / (1 + exp(-eta[i]))) * (col[i] - mean) / sd }
                    g /= Double(n)
                    let b = fit.coefficients[j] * sd
                    if b == 0 {
                        XCTAssertLessThanOrEqual(abs(g), fit.lambda * mix + 1e-9)
                    } else {
                        XCTAssertEqual(g, fit.lambda * ((1 - mix) * b + mix * (b > 0 ? 1 : -1)), accuracy: 1e-9)
                    }
                }
                var g0 = 0.0
                for i in 0..<n { g0 += design.y[i] - 1 / (1 + exp(-eta[i])) }
                XCTAssertEqual(g0 / Double(n), 0, accuracy: 1e-9)
            }
        }
    }

    func testLassoPathIsMonotoneAndStartsEmpty() throws {
        let design = try synthetic()
        var o = PenalizedOptions(); o.lambdaCount = 15
        let path = try PenalizedLogisticRegression(options: o).path(design)
        XCTAssertEqual(path.fits.count, 15)
        XCTAssertEqual(path.fits[0].nonZero, 0, "λmax zeroes every slope")
        let counts = path.fits.map(\.nonZero)
        XCTAssertEqual(counts, counts.sorted(), "non-zero count never falls as λ decreases on this design")
        XCTAssertEqual(counts.last, 8)
        XCTAssertEqual(path.fits.map(\.lambda), path.fits.map(\.lambda).sorted(by: >))
    }

    /// cv.glmnet with the same fold assignment (row i in fold i mod 5), deviance.
    func testCrossValidationMatchesCvGlmnet() throws {
        let design = try synthetic()
        let e = GlmnetStepFixtures.shared
        let n = design.y.count
        let folds = (0..<5).map { f in
            Fold(repetition: 0, fold: f, training: (0..<n).filter { $0 % 5 != f }, test: (0..<n).filter { $0 % 5 == f })
        }
        var o = PenalizedOptions(); o.lambdas = e.cv_lambdas
        let cv = try PenalizedCrossValidation(design: design, options: o, folds: folds)
        assertClose(cv.meanDeviance, e.cv_mean, relative: 1e-6, "cvm")
        assertClose(cv.standardError, e.cv_sd, relative: 1e-4, "cvsd")
        assertClose(cv.lambdaMin, e.cv_lambda_min, relative: 1e-12)
        assertClose(cv.lambdaOneStandardError, e.cv_lambda_1se, relative: 1e-12)
        XCTAssertEqual(cv.predictionsAtMin.flatMap(\.rows).sorted(), Array(0..<n))
    }

    func testStratifiedSeededCrossValidationIsDeterministic() throws {
        let design = try synthetic()
        let folds = Splits.stratifiedKFold(classes: design.y.map { $0 == 1 }, folds: 3, seed: 11)
        var o = PenalizedOptions(); o.lambdaCount = 4
        let a = try PenalizedCrossValidation(design: design, options: o, folds: folds)
        let b = try PenalizedCrossValidation(design: design, options: o, folds: folds)
        XCTAssertEqual(a, b)
        XCTAssertGreaterThanOrEqual(a.lambdaOneStandardError, a.lambdaMin)
    }

    func testRejectsInvalidOptions() throws {
        let design = try synthetic()
        for (mix, lambdas) in [(-0.1, [0.1]), (1.5, [0.1]), (0.5, [-1.0]), (0.5, [Double.nan]), (0.5, [])] {
            var o = PenalizedOptions(); o.mix = mix; o.lambdas = lambdas
            XCTAssertThrowsError(try PenalizedLogisticRegression(options: o).path(design)) { error in
                guard case .invalidOption? = error as? RegressionError else { return XCTFail("\(error)") }
            }
        }
        var w = [Double](repeating: 1, count: design.y.count); w[0] = -2
        XCTAssertThrowsError(try PenalizedLogisticRegression().path(design, weights: w))
        w[0] = .nan
        XCTAssertThrowsError(try PenalizedLogisticRegression().path(design, weights: w))
    }
}
