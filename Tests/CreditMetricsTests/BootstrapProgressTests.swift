import CreditMetrics
import Foundation
import TestSupport
import XCTest

/// `EvaluationOptions.progress` reports the bootstrap's replicates (for a progress line) without changing any
/// result.
final class BootstrapProgressTests: XCTestCase {
    final class Calls: @unchecked Sendable {
        var values: [(Int, Int)] = []
    }

    func testProgressIsReportedAndResultsAreUnchanged() throws {
        var g = SeededGenerator(seed: 5)
        let scores = (0..<300).map { _ in Double.random(in: 0..<1, using: &g) }
        let isBad = scores.map { $0 + Double.random(in: -0.4..<0.4, using: &g) > 0.6 }
        let data = try ScoredOutcomes(scores: scores, isBad: isBad)
        var options = EvaluationOptions()
        options.bootstrapReplicates = 250
        let plain = try Evaluation(data, options: options)
        let calls = Calls()
        options.progress = { done, total in calls.values.append((done, total)) }
        let reported = try Evaluation(data, options: options)
        XCTAssertEqual(reported, plain)
        XCTAssertEqual(calls.values.first?.0, 0)
        XCTAssertEqual(calls.values.last?.0, 250)
        XCTAssertTrue(calls.values.allSatisfy { $0.1 == 250 })
        XCTAssertEqual(calls.values.count, 125 + 1)   // every 2 replicates (1% of 250, rounded down) and the end
        XCTAssertEqual(calls.values.map(\.0), calls.values.map(\.0).sorted())
    }
}
