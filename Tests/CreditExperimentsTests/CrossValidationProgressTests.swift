import Foundation
import CreditTabular
import TestSupport
import XCTest
@testable import CreditExperiments

/// The cross-validated comparison reports each fold's fit (for a progress line) without changing any result.
final class CrossValidationProgressTests: XCTestCase {
    func testProgressCountsEveryFit() throws {
        let table = CrossValidatedComparisonTests.small
        let configurations = try CrossValidatedComparisonTests.configurations(["lr", "scorecard"])
        let options = CrossValidatedComparisonTests.options(folds: 3, repeats: 2)
        let plain = try CrossValidatedComparison(table: table, target: "bad", bad: "1", configurations: configurations, options: options)
        var calls: [(Int, Int)] = []
        let reported = try CrossValidatedComparison(table: table, target: "bad", bad: "1", configurations: configurations,
                                                    options: options) { calls.append(($0, $1)) }
        // Compared as JSON: a fold whose calibration fit diverged holds NaN, and NaN is not == NaN.
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(try encoder.encode(reported), try encoder.encode(plain))
        XCTAssertEqual(calls.map(\.0), Array(1...12))
        XCTAssertTrue(calls.allSatisfy { $0.1 == 12 })
    }
}
