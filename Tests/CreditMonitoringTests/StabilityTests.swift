import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// PSI/CSI against toad, χ² against scipy, grade tests against scipy, master scale by hand.
/// Fixture: Fixtures/stability_fixtures.json from Fixtures/make_stability_fixtures.py (toad 0.1.7, scipy 1.17.1).
final class StabilityTests: XCTestCase {
    /// Sums of a few logs over exact counts: only summation order differs from numpy.
    static let tolerance = 1e-12
    /// scipy's chi2 survival and beta/binomial tails vs our incomplete gamma/beta.
    static let pTolerance = 1e-9

    nonisolated(unsafe) static let fixture: [String: Any] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: PackagePaths.path("Tests/CreditMonitoringTests/Fixtures/stability_fixtures.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    func testPSIMatchesToadWithItsSkipBandRule() {
        for c in Self.fixture["stability"] as! [[String: Any]] {
            let name = c["name"] as! String
            let b = c["base_counts"] as! [Int], r = c["recent_counts"] as! [Int]
            let psi = populationStabilityIndex(baseCounts: b, recentCounts: r, emptyBands: .skipBand)
            assertClose(psi.value, c["toad_psi"] as! Double, relative: Self.tolerance, name)
            for (band, expected) in zip(psi.bands, c["toad_contributions"] as! [Any]) {
                if let e = expected as? Double { assertClose(band.contribution, e, relative: Self.tolerance, absolute: 1e-18, name) }
                else { XCTAssertEqual(band.contribution, 0, "\(name): toad skips a band empty in one sample") }
            }
            XCTAssertEqual(psi.emptyBands, (zip(b, r).filter { $0 == 0 || $1 == 0 }).count)
            assertClose(populationStabilityIndex(baseCounts: b, recentCounts: r).value,
                        c["psi_replace_zero_share_1e-4"] as! Double, relative: Self.tolerance, name)
            assertClose(populationStabilityIndex(baseCounts: b, recentCounts: r, emptyBands: .addToCounts(0.5)).value,
                        c["psi_add_to_counts_0.5"] as! Double, relative: Self.tolerance, name)
        }
    }

    func testChiSquaredMatchesScipy() {
        for c in Self.fixture["stability"] as! [[String: Any]] {
            let t = ChiSquaredHomogeneityTest(baseCounts: c["base_counts"] as! [Int], recentCounts: c["recent_counts"] as! [Int])
            assertClose(t.statistic, c["chi2"] as! Double, relative: Self.tolerance)
            XCTAssertEqual(t.degreesOfFreedom, c["chi2_df"] as! Int)
            assertClose(t.pValue, c["chi2_p"] as! Double, relative: Self.pTolerance, absolute: 1e-300)
        }
    }

    func testGradeTestsMatchScipy() {
        for g in Self.fixture["grades"] as! [[String: Any]] {
            let t = GradeTest(grade: "g", rows: g["rows"] as! Int, defaults: g["defaults"] as! Int, probability: g["pd"] as! Double)
            assertClose(t.jeffreysPValue, g["jeffreys"] as! Double, relative: Self.pTolerance, absolute: 1e-300)
            assertClose(t.binomialPValue, g["binomial"] as! Double, relative: Self.pTolerance, absolute: 1e-300)
        }
    }

    func testPSIProperties() {
        let same = populationStabilityIndex(baseCounts: [10, 20, 30], recentCounts: [20, 40, 60])
        XCTAssertEqual(same.value, 0, accuracy: 1e-15)
        // Symmetric in the two samples, and every band's term is non-negative.
        let a = populationStabilityIndex(baseCounts: [5, 10, 85], recentCounts: [30, 30, 40])
        let b = populationStabilityIndex(baseCounts: [30, 30, 40], recentCounts: [5, 10, 85])
        assertClose(a.value, b.value, relative: 1e-14)
        XCTAssertTrue(a.bands.allSatisfy { $0.contribution >= 0 })
        assertClose(a.bands.map(\.contribution).reduce(0, +), a.value, relative: 1e-14)
        // A band empty in both samples contributes 0 under every rule.
        XCTAssertEqual(populationStabilityIndex(baseCounts: [5, 0, 5], recentCounts: [5, 0, 5]).value, 0, accuracy: 1e-15)
    }

    func testQuantileCutsAndBands() {
        let x = (1...100).map(Double.init)
        let cuts = quantileCuts(x, bands: 10)
        XCTAssertEqual(cuts.count, 9)
        let c = x.map { band(of: $0, cuts: cuts) }
        for k in 0..<10 { XCTAssertEqual(c.filter { $0 == k }.count, 10) }
        // Ties collapse bands; never an empty first band.
        XCTAssertEqual(quantileCuts([1, 1, 1, 1, 2, 2], bands: 10), [2])
        XCTAssertEqual(bandLabels(cuts: [2]), ["< 2", "≥ 2"])
    }

    func testUnpairedAUCChange() throws {
        let b = AreaUnderCurve(try ScoredOutcomes(scores: [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], isBad: [false, false, true, true, false, true]))
        let r = AreaUnderCurve(try ScoredOutcomes(scores: [0.3, 0.2, 0.6, 0.1, 0.9, 0.5], isBad: [true, false, true, false, false, true]))
        let t = UnpairedAUCTest(base: b, recent: r)
        assertClose(t.difference, r.value - b.value, absolute: 1e-15)
        assertClose(t.z, (r.value - b.value) / (b.variance + r.variance).squareRoot(), relative: 1e-14)
        assertClose(t.pValue, 2 * NormalDistributionTail.upper(abs(t.z)), relative: 1e-12)
    }

    func testMasterScaleBuiltByPoolingViolators() throws {
        // Ten PD bands of 10 rows; default counts 0,1,3,2,4,4,6,5,8,9 → violators pooled: (3,2) and (4,4) and (6,5).
        var pd: [Double] = [], y: [Bool] = []
        let defaults = [0, 1, 3, 2, 4, 4, 6, 5, 8, 9]
        for k in 0..<10 {
            for i in 0..<10 { pd.append(0.01 * Double(k + 1) + 0.0001 * Double(i)); y.append(i < defaults[k]) }
        }
        let scale = try MasterScale.build(try ScoredOutcomes(scores: pd, isBad: y), initialBands: 10)
        XCTAssertEqual(scale.baseRows, [10, 10, 20, 20, 20, 10, 10])
        XCTAssertEqual(scale.baseDefaults, [0, 1, 5, 8, 11, 8, 9])
        let rates = zip(scale.baseDefaults!, scale.baseRows!).map { Double($0) / Double($1) }
        XCTAssertEqual(rates, rates.sorted())
        XCTAssertEqual(Set(rates).count, rates.count, "strictly increasing")
        XCTAssertEqual(scale.grade(of: 0.0), 0)
        XCTAssertEqual(scale.grade(of: 0.031), 2)
        XCTAssertEqual(scale.gradeCount, 7)
    }

    func testMasterScaleRejectsBadBounds() {
        XCTAssertThrowsError(try MasterScale(bounds: [0.02, 0.01]))
        XCTAssertThrowsError(try MasterScale(bounds: [0, 0.1]))
        XCTAssertThrowsError(try MasterScale(bounds: [0.1], names: ["A"]))
        XCTAssertEqual(try MasterScale(bounds: [0.01, 0.05]).grade(of: 0.05), 2)
    }
}

/// Upper normal tail via erfc (independent of the Probability module's implementation).
enum NormalDistributionTail {
    static func upper(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}

import CreditMonitoring
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
/// Small hand-made cases of `Monitor.run`: traffic lights from thresholds, a recent sample with one class.
final class MonitorUnitTests: XCTestCase {
    func testThresholds() {
        let t = MonitorThresholds()
        XCTAssertEqual(t.forIndex(0.099, amber: t.psiAmber, red: t.psiRed), .green)
        XCTAssertEqual(t.forIndex(0.1, amber: t.psiAmber, red: t.psiRed), .amber)
        XCTAssertEqual(t.forIndex(0.25, amber: t.psiAmber, red: t.psiRed), .red)
        XCTAssertEqual(t.forPValue(0.05), .green)
        XCTAssertEqual(t.forPValue(0.049), .amber)
        XCTAssertEqual(t.forPValue(0.0099), .red)
        XCTAssertEqual(t.forPValue(.nan), .green)
        XCTAssertLessThan(TrafficLight.green, .amber)
        XCTAssertLessThan(TrafficLight.amber, .red)
    }

    func testRecentWithOneClassSkipsDiscriminationButTestsCalibration() throws {
        var csv = "x,g,y\n"
        for i in 0..<200 { csv += "\(Double(i % 20)),\(["a", "b"][i % 2]),\(i % 20 >= 15 || i % 7 == 0 ? 1 : 0)\n" }
        let base = try CSVReader.read(bytes: Array(csv.utf8), source: "base")
        var recentCSV = "x,g,y\n"
        for i in 0..<100 { recentCSV += "\(Double(i % 20)),\(["a", "b", "c"][i % 3]),1\n" }
        let recent = try CSVReader.read(bytes: Array(recentCSV.utf8), source: "recent")
        let design = try Design.build(from: base, options: DesignOptions(target: "y"))
        let fit = try LogisticRegression().fit(design)
        let model = CreditModel(target: TargetSpec(column: "y", bad: "1"), schema: design.coding, fit: fit,
                                training: TrainingRecord(inputFile: "", inputSHA256: "", rows: 200, rowsUsed: 200, bads: fit.events,
                                                         toolVersion: "", commandLine: [], seed: nil, date: ""))
        // Level "c" is unseen: the model rejects those rows; the CSI counts them in a band of their own.
        let r = try Monitor.run(model: model, base: base, recent: recent, target: model.target)
        XCTAssertNil(r.discrimination)
        XCTAssertEqual(r.recent.scored, 67)
        XCTAssertEqual(r.calibration!.recentDefaultRate, 1)
        // Every recent row defaulted: each grade whose PD is well below 1 is red.
        let clear = r.calibration!.grades.filter { pow($0.test.probability, Double($0.test.rows)) < 1e-3 }
        XCTAssertFalse(clear.isEmpty)
        for g in clear { XCTAssertEqual(g.status, .red, "\(g.test)") }
        let g = r.characteristics.first { $0.name == "g" }!
        XCTAssertEqual(g.index.bands.map(\.label), ["a", "b", "c", "missing"])
        XCTAssertEqual(g.index.bands.map(\.recentCount), [34, 33, 33, 0])
        XCTAssertEqual(g.indexStatus, .red)
    }
}
