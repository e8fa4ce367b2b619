import CreditModelFile
import CreditScorecard
import Foundation
import XCTest

/// `PointsEvaluation` on a hand-worked sample with tied scores: KS over the distinct scores (classed bad at or
/// below), gains bands in ascending points with ties in row order, PDs by the scaling formula.
final class PointsEvaluationTests: XCTestCase {
    // Rows (points, bad): (500, bad), (500, good), (510, bad), (520, good), (520, good), (530, good); the PDs
    // are all distinct, the points tie twice.
    let points: [Double] = [500, 500, 510, 520, 520, 530]
    let isBad = [true, false, true, false, false, false]
    let probabilities = [0.31, 0.30, 0.2, 0.12, 0.11, 0.05]

    func testKSOverDistinctScoresAndItsCutoffInPoints() throws {
        let scaling = ScorecardScaling()   // 600 points at 50:1, PDO 20
        let v = try PointsEvaluation(points: points, probabilities: probabilities, isBad: isBad, scaling: scaling, bands: 3)
        // By hand, 2 bads and 4 goods: ≤ 500: 1/2 − 1/4 = 0.25; ≤ 510: 2/2 − 1/4 = 0.75; ≤ 520: 1 − 3/4; ≤ 530: 0.
        XCTAssertEqual(v.kolmogorovSmirnov.statistic, 0.75, accuracy: 1e-15)
        XCTAssertEqual(v.kolmogorovSmirnov.truePositiveRate, 1)
        XCTAssertEqual(v.kolmogorovSmirnov.falsePositiveRate, 0.25)
        XCTAssertEqual(v.cutoffPoints, 510)
        let factor = 20 / log(2.0), offset = 600 - factor * log(50.0)
        XCTAssertEqual(v.cutoffProbability, 1 / (1 + exp((510 - offset) / factor)), accuracy: 1e-15)
        XCTAssertEqual(v.distinctScores, 4)
        XCTAssertEqual(v.distinctProbabilities, 6)
    }

    func testGainsBandsInAscendingPointsWithTiesInRowOrder() throws {
        let v = try PointsEvaluation(points: points, probabilities: probabilities, isBad: isBad, scaling: ScorecardScaling(), bands: 3)
        XCTAssertEqual(v.gains.map(\.rows), [2, 2, 2])
        XCTAssertEqual(v.gains.map(\.bads), [1, 1, 0])
        XCTAssertEqual(v.gains.map(\.minimumPoints), [500, 510, 520])
        XCTAssertEqual(v.gains.map(\.maximumPoints), [500, 520, 530])
        XCTAssertEqual(v.gains.map(\.cumulativeCapture), [0.5, 1, 1])
        // Higher points, lower PD.
        for g in v.gains { XCTAssertLessThanOrEqual(g.probabilityAtMaximum, g.probabilityAtMinimum) }
    }
}
