import Foundation
@testable import CreditMetrics
import TestSupport
import XCTest

/// `ROCBand` against R pROC 1.18.0 (Tests/CreditMetricsTests/Fixtures/make_roc_band_fixture.R) and exact properties.
final class ROCBandTests: XCTestCase {
    struct Reference { var fpr: [Double] = [], tpr: [Double] = [], lower: [Double] = [], upper: [Double] = [] }

    /// The fixture sample (150 bads, 200 goods, scores with many ties) and pROC's curve and band on it.
    static let fixture: (data: ScoredOutcomes, reference: Reference) = {
        func rows(_ name: String) -> [[String]] {
            let text = try! String(contentsOfFile: PackagePaths.path("Tests/CreditMetricsTests/Fixtures/" + name), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        }
        let d = rows("roc_band_data.csv")
        let data = try! ScoredOutcomes(scores: d.map { Double($0[0])! }, isBad: d.map { $0[1] == "1" })
        var r = Reference()
        for f in rows("roc_band_proc.csv") {
            r.fpr.append(Double(f[0])!); r.tpr.append(Double(f[1])!); r.lower.append(Double(f[2])!); r.upper.append(Double(f[4])!)
        }
        return (data, r)
    }()

    /// The curve read at the grid (top of a vertical step, linear between vertices) is pROC's
    /// `coords(input = "specificity", ret = "sensitivity")`: deterministic, so to rounding.
    func testCurveAtGridIsPROCCoords() throws {
        let (data, ref) = Self.fixture
        XCTAssertEqual(data.bads, 150); XCTAssertEqual(data.goods, 200)
        XCTAssertEqual(ref.fpr.count, 101)
        let tpr = try ROCBand.truePositiveRates(data)
        XCTAssertEqual(tpr.count, 101)
        for i in tpr.indices {
            XCTAssertEqual(ref.fpr[i], Double(i) / 100, accuracy: 1e-15)
            XCTAssertEqual(tpr[i], ref.tpr[i], accuracy: MetricTolerance.exact, "FPR \(ref.fpr[i])")
        }
    }

    /// pROC's `ci.se(boot.n = 2000, boot.stratified = TRUE)` draws other resamples, so the limits agree only
    /// up to Monte Carlo error: the SD of a 2.5% or 97.5% percentile of 2000 replicates is ≈ 0.004 here, the
    /// difference of two independent ones ≈ 0.006, plus the 1/150 steps of a TPR; 0.03 is ≈ 5 SD.
    func testBandAgreesWithPROCWithinMonteCarloError() throws {
        let (data, ref) = Self.fixture
        let band = try ROCBand(data, replicates: 2000, seed: 20240601)
        XCTAssertEqual(band.falsePositiveRates, (0...100).map { Double($0) / 100 })
        var worst = 0.0, sum = 0.0
        for i in 0...100 {
            XCTAssertEqual(band.truePositiveRates[i], ref.tpr[i], accuracy: MetricTolerance.exact)
            XCTAssertEqual(band.lower[i], ref.lower[i], accuracy: 0.03, "lower at FPR \(ref.fpr[i])")
            XCTAssertEqual(band.upper[i], ref.upper[i], accuracy: 0.03, "upper at FPR \(ref.fpr[i])")
            worst = max(worst, abs(band.lower[i] - ref.lower[i]), abs(band.upper[i] - ref.upper[i]))
            sum += abs(band.lower[i] - ref.lower[i]) + abs(band.upper[i] - ref.upper[i])
        }
        // Systematic error (e.g. an off-by-one grid or a different step convention) would move the mean, not
        // only single points: the mean absolute difference stays at the Monte Carlo level.
        XCTAssertLessThan(sum / 202, 0.01, "mean |difference| \(sum / 202), worst \(worst)")
    }

    /// When every resample is the sample itself the band collapses onto the curve, exactly.
    func testBandCollapsesWhenEveryResampleIsTheSample() throws {
        // All bads tie with all goods: every replicate has one tie group with all bads and goods, the curve
        // is the diagonal TPR = FPR.
        let tied = try ScoredOutcomes(scores: [Double](repeating: 0.5, count: 7), isBad: [true, true, true, false, false, false, false])
        let b1 = try ROCBand(tied, replicates: 50, seed: 1)
        for i in 0...100 {
            XCTAssertEqual(b1.truePositiveRates[i], Double(i) / 100, accuracy: 1e-15)
            XCTAssertEqual(b1.lower[i], b1.truePositiveRates[i]); XCTAssertEqual(b1.upper[i], b1.truePositiveRates[i])
        }
        // Perfect separation: every replicate's curve goes straight up to TPR 1 at FPR 0.
        let separated = try ScoredOutcomes(scores: [0.9, 0.8, 0.8, 0.3, 0.2, 0.1], isBad: [true, true, true, false, false, false])
        let b2 = try ROCBand(separated, replicates: 50, seed: 2)
        XCTAssertEqual(b2.truePositiveRates, [Double](repeating: 1, count: 101))
        XCTAssertEqual(b2.lower, b2.truePositiveRates); XCTAssertEqual(b2.upper, b2.truePositiveRates)
        // Perfectly wrong: TPR 0 until FPR 1, where the step is read at its top.
        let wrong = try ScoredOutcomes(scores: [0.1, 0.2, 0.8, 0.9], isBad: [true, true, false, false])
        let b3 = try ROCBand(wrong, gridPoints: 5, replicates: 50, seed: 3)
        XCTAssertEqual(b3.truePositiveRates, [0, 0, 0, 0, 1])
        XCTAssertEqual(b3.lower, b3.truePositiveRates); XCTAssertEqual(b3.upper, b3.truePositiveRates)
    }

    /// Exact properties of percentile limits of curves that all rise: each replicate's TPR does not fall as the
    /// FPR grows, so neither does any order statistic; every curve ends at (1, 1).
    func testLimitsAreOrderedMonotoneAndEndAtOne() throws {
        let band = try ROCBand(Self.fixture.data, replicates: 500, seed: 7, confidenceLevel: 0.9)
        XCTAssertEqual(band.replicates, 500); XCTAssertEqual(band.seed, 7); XCTAssertEqual(band.confidenceLevel, 0.9)
        for i in 0...100 {
            XCTAssertLessThanOrEqual(band.lower[i], band.upper[i])
            XCTAssertGreaterThanOrEqual(band.lower[i], 0); XCTAssertLessThanOrEqual(band.upper[i], 1)
            if i > 0 {
                XCTAssertLessThanOrEqual(band.lower[i - 1], band.lower[i])
                XCTAssertLessThanOrEqual(band.upper[i - 1], band.upper[i])
                XCTAssertLessThanOrEqual(band.truePositiveRates[i - 1], band.truePositiveRates[i])
            }
        }
        XCTAssertEqual(band.lower[100], 1); XCTAssertEqual(band.upper[100], 1)
        // The same seed gives the same band.
        XCTAssertEqual(try ROCBand(Self.fixture.data, replicates: 500, seed: 7, confidenceLevel: 0.9), band)
    }

    /// Not a theorem for percentile intervals, but true of pROC's band on this sample (checked below on the
    /// reference itself) and required of ours: the shaded band holds the drawn curve at every grid point.
    func testBandContainsTheEmpiricalCurve() throws {
        let (data, ref) = Self.fixture
        for i in 0...100 { XCTAssertTrue(ref.lower[i] <= ref.tpr[i] && ref.tpr[i] <= ref.upper[i], "pROC at FPR \(ref.fpr[i])") }
        let band = try ROCBand(data, replicates: 1000, seed: 20240601)
        for i in 0...100 {
            XCTAssertLessThanOrEqual(band.lower[i], band.truePositiveRates[i], "FPR \(band.falsePositiveRates[i])")
            XCTAssertGreaterThanOrEqual(band.upper[i], band.truePositiveRates[i], "FPR \(band.falsePositiveRates[i])")
        }
    }

    func testBadParametersThrow() {
        let data = Self.fixture.data
        XCTAssertThrowsError(try ROCBand(data, gridPoints: 1))
        XCTAssertThrowsError(try ROCBand(data, replicates: 1))
        XCTAssertThrowsError(try ROCBand(data, replicates: 10, confidenceLevel: 1))
        XCTAssertThrowsError(try ROCBand.truePositiveRates(data, gridPoints: 0))
    }
}
