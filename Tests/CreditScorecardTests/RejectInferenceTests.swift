import Foundation
import CreditBinning
import CreditLinearAlgebra
import CreditModelFile
import CreditRegression
import CreditScorecard
import CreditTabular
import TestSupport
import XCTest

/// Reject inference against an independent construction: each method's augmented sample (rows, targets, weights)
/// equals the one Tests/CreditScorecardTests/Fixtures/make_reject_inference_fixtures.py builds with numpy/pandas
/// from the published definitions, and the refitted coefficients equal statsmodels GLM Binomial with freq_weights
/// on it (1e-6 relative).
final class RejectInferenceTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            struct Request: Decodable { var method: String; var cutoff: Double?; var weight: Double?; var bands: Int?; var uplift: Double? }
            var name: String
            var request: Request
            var origin: [Int]
            var y: [Double]
            var weights: [Double]
            var coefficients: [Double]
            var inferredBadRows: Int
            var inferredBadWeight: Double
        }
        var acceptCodes: [[Double]]
        var acceptY: [Double]
        var rejectCodes: [[Double]]
        var acceptsOnlyCoefficients: [Double]
        var acceptPD: [Double]
        var rejectPD: [Double]
        var cases: [Case]
    }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditScorecardTests/Fixtures/reject_inference_fixtures.json"))
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// Our accepts-only fit (no weights) and its PDs: a + Σ β·WoE through the logistic function.
    func acceptsOnly() throws -> (beta: [Double], acceptPD: [Double], rejectPD: [Double]) {
        let f = Self.fixture
        let n = f.acceptY.count, k = f.acceptCodes[0].count
        var elements = [Double](repeating: 1, count: n * (k + 1))
        for j in 0..<k { for i in 0..<n { elements[(j + 1) * n + i] = f.acceptCodes[i][j] } }
        let fit = try LogisticRegression().fit(x: Matrix(rows: n, columns: k + 1, columnMajor: elements), y: f.acceptY,
                                               termNames: ["const", "a", "b", "c"])
        func pd(_ codes: [Double]) -> Double {
            1 / (1 + exp(-(fit.coefficients[0] + zip(codes, fit.coefficients.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 })))
        }
        return (fit.coefficients, f.acceptCodes.map(pd), f.rejectCodes.map(pd))
    }

    func testAcceptsOnlyFitAndPDsEqualStatsmodels() throws {
        let base = try acceptsOnly()
        assertClose(base.beta, Self.fixture.acceptsOnlyCoefficients, relative: Tolerance.reference)
        assertClose(base.acceptPD, Self.fixture.acceptPD, absolute: 1e-9)
        assertClose(base.rejectPD, Self.fixture.rejectPD, absolute: 1e-9)
    }

    func testEachMethodsSampleAndRefitEqualTheIndependentConstruction() throws {
        let f = Self.fixture, base = try acceptsOnly()
        XCTAssertEqual(f.cases.count, 8)
        for c in f.cases {
            let method = try XCTUnwrap(RejectInferenceMethod(rawValue: c.request.method))
            let settings = RejectInferenceSettings(method: method, cutoff: c.request.cutoff, rejectWeight: c.request.weight,
                                                   bands: c.request.bands, uplift: c.request.uplift)
            let (sample, used) = try RejectInference.augment(acceptCodes: f.acceptCodes, acceptY: f.acceptY, acceptPD: base.acceptPD,
                                                             rejectCodes: f.rejectCodes, rejectPD: base.rejectPD, settings: settings)
            let origin = sample.origin.map { o -> Int in
                switch o { case .accept(let i): return i; case .reject(let r): return -(r + 1) }
            }
            XCTAssertEqual(origin, c.origin, c.name)
            XCTAssertEqual(sample.y, c.y, c.name)
            assertClose(sample.weights, c.weights, absolute: 1e-9, c.name)
            XCTAssertEqual(sample.codes.count, c.y.count, c.name)
            for (i, o) in origin.enumerated() {
                XCTAssertEqual(sample.codes[i], o >= 0 ? f.acceptCodes[o] : f.rejectCodes[-o - 1], "\(c.name) row \(i)")
            }
            XCTAssertEqual(sample.inferredBad.rows, c.inferredBadRows, c.name)
            assertClose(sample.inferredBad.weight, c.inferredBadWeight, absolute: 1e-8, c.name)
            XCTAssertEqual(used.acceptRows, 600); XCTAssertEqual(used.rejectRows, 400)
            let fit = try RejectInference.refit(sample, termNames: ["a", "b", "c"])
            assertClose(fit.coefficients, c.coefficients, relative: Tolerance.reference, c.name)
        }
    }

    /// The library fills in the defaults it used: the accepts' bad rate as the hard cut-off, 10 bands, uplift 2,
    /// reject weight 1.
    func testDefaultsAreRecorded() throws {
        let f = Self.fixture, base = try acceptsOnly()
        func used(_ m: RejectInferenceMethod) throws -> RejectInferenceSettings {
            try RejectInference.augment(acceptCodes: f.acceptCodes, acceptY: f.acceptY, acceptPD: base.acceptPD,
                                        rejectCodes: f.rejectCodes, rejectPD: base.rejectPD,
                                        settings: RejectInferenceSettings(method: m)).settings
        }
        XCTAssertEqual(try used(.hardCutoff).cutoff, f.acceptY.reduce(0, +) / Double(f.acceptY.count))
        XCTAssertEqual(try used(.hardCutoff).rejectWeight, 1)
        XCTAssertEqual(try used(.parcelling).bands, 10); XCTAssertEqual(try used(.parcelling).uplift, 2)
        XCTAssertEqual(try used(.augmentation).bands, 10); XCTAssertNil(try used(.augmentation).rejectWeight)
    }

    func testBadParametersAreRefused() throws {
        let f = Self.fixture, base = try acceptsOnly()
        func run(_ s: RejectInferenceSettings) throws {
            _ = try RejectInference.augment(acceptCodes: f.acceptCodes, acceptY: f.acceptY, acceptPD: base.acceptPD,
                                            rejectCodes: f.rejectCodes, rejectPD: base.rejectPD, settings: s)
        }
        func refused(_ s: RejectInferenceSettings, _ expected: RejectInferenceError, line: UInt = #line) {
            XCTAssertThrowsError(try s.check(), line: line) { XCTAssertEqual($0 as? RejectInferenceError, expected, line: line) }
            XCTAssertThrowsError(try run(s), line: line) { XCTAssertEqual($0 as? RejectInferenceError, expected, line: line) }
        }
        refused(RejectInferenceSettings(method: .hardCutoff, cutoff: 1), .invalidParameter(.cutoff, value: 1))
        refused(RejectInferenceSettings(method: .hardCutoff, cutoff: 0), .invalidParameter(.cutoff, value: 0))
        refused(RejectInferenceSettings(method: .fuzzy, rejectWeight: 0), .invalidParameter(.rejectWeight, value: 0))
        refused(RejectInferenceSettings(method: .fuzzy, rejectWeight: .infinity), .invalidParameter(.rejectWeight, value: .infinity))
        refused(RejectInferenceSettings(method: .parcelling, bands: 0), .invalidParameter(.bands, value: 0))
        refused(RejectInferenceSettings(method: .augmentation, bands: 1001), .invalidParameter(.bands, value: 1001))
        refused(RejectInferenceSettings(method: .parcelling, uplift: -1), .invalidParameter(.uplift, value: -1))
        // A parameter of another method.
        refused(RejectInferenceSettings(method: .fuzzy, uplift: 2), .inapplicableParameter(.uplift, method: .fuzzy))
        refused(RejectInferenceSettings(method: .augmentation, rejectWeight: 1), .inapplicableParameter(.rejectWeight, method: .augmentation))
        refused(RejectInferenceSettings(method: .hardCutoff, bands: 10), .inapplicableParameter(.bands, method: .hardCutoff))
        refused(RejectInferenceSettings(method: .parcelling, cutoff: 0.2), .inapplicableParameter(.cutoff, method: .parcelling))
        // Every parameter in range, with its methods.
        XCTAssertNoThrow(try RejectInferenceSettings(method: .parcelling, rejectWeight: 0.5, bands: 1000, uplift: 4).check())
        XCTAssertNoThrow(try RejectInferenceSettings(method: .hardCutoff, cutoff: 0.999, rejectWeight: 2).check())
        XCTAssertThrowsError(try RejectInference.augment(acceptCodes: f.acceptCodes, acceptY: f.acceptY, acceptPD: base.acceptPD,
                                                         rejectCodes: [], rejectPD: [], settings: RejectInferenceSettings(method: .fuzzy))) {
            XCTAssertEqual($0 as? RejectInferenceError, .noRejects)
        }
    }

    /// The table-level path scores accepts and rejects with the card: with one band, augmentation weights every
    /// accept by the same constant (all rows / accepts), which leaves the maximum-likelihood estimate unchanged, so
    /// the refit must give the accepts-only card's coefficients back; fuzzy with the card's own PDs satisfies the
    /// accepts-only score equations too (Σ over a reject's pair of w·(y − p) = 0 at the accepts-only β).
    func testCardPathReproducesTheAcceptsOnlyFitWhereTheoryDemands() throws {
        let table = try CSVReader.read(path: PackagePaths.path("datasets/small_borrowers.csv"))
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.exclude = ["loan_id", "application_date", "true_pd"]
        request.onUnexpectedMissing = .neutral
        let card = try request.run(on: table)
        for method in [RejectInferenceMethod.augmentation, .fuzzy] {
            let r = try card.section.inferringRejects(accepts: table, target: "default", bad: "1", rejects: table,
                                                      settings: RejectInferenceSettings(method: method, bands: method == .fuzzy ? nil : 1))
            assertClose(r.fit.coefficients, card.fit.coefficients, relative: 1e-6, absolute: 1e-8, method.rawValue)
            XCTAssertEqual(r.section.rejectInference?.method, method)
            XCTAssertEqual(r.section.characteristics.map(\.name), card.section.characteristics.map(\.name))
            XCTAssertTrue(r.unscoredRejects.isEmpty)
        }
        let hard = try card.section.inferringRejects(accepts: table, target: "default", bad: "1", rejects: table,
                                                     settings: RejectInferenceSettings(method: .hardCutoff, cutoff: 0.2))
        XCTAssertEqual(hard.settings.rejectRows, table.rowCount)
        XCTAssertGreaterThan(hard.sample.inferredBad.rows, 0)
        // The refitted card is a model file like any other: version 4, the record survives the round trip.
        XCTAssertEqual(hard.section.rejectInference?.cutoff, 0.2)
    }
}
