import Foundation
import CreditMetrics
import CreditMonitoring
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// BASE = the model's training data: detection from the file's SHA-256 and from the rows, and the bootstrap
/// optimism-corrected AUC.
///
/// Fixture: Fixtures/optimism_fixture.json from Fixtures/make_optimism_fixture.py (statsmodels Logit refits and
/// scikit-learn roc_auc_score on 40 bootstrap samples written into the JSON; tool versions recorded there).
final class InSampleBaseTests: XCTestCase {
    struct Fixture: Decodable {
        let tools: [String: String]
        let csv: String
        let target: String
        let resamples: [[Int]]
        let apparent: Double
        let optimisms: [Double]
        let optimism: Double
        let optimism_standard_error: Double
        let corrected: Double
    }

    static let fixture: Fixture = {
        let path = PackagePaths.path("Tests/CreditMonitoringTests/Fixtures/optimism_fixture.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }()

    /// The fixture's data trained as `credit train - --target bad -o …` would: a plain maximum-likelihood fit
    /// whose training record holds the SHA-256 of these bytes.
    static func trainedModel(_ bytes: [UInt8]) throws -> (CreditModel, Table) {
        let training = ModelTraining(input: .standardInput(bytes, fingerprint: true),
                                     commandLine: ["credit", "train", "-", "--target", "bad", "-o", "m.json"], environment: [:])
        let table = try training.readTable(options: CSVOptions())
        let outcome = try LogisticRegressionRequest(target: "bad", bad: "1").run(on: table)
        return (training.model(for: outcome), table)
    }

    func testOptimismMatchesStatsmodelsAndScikitLearnOnTheSameSamples() throws {
        let f = Self.fixture
        let bytes = Array(f.csv.utf8)
        let (model, table) = try Self.trainedModel(bytes)
        let check = try InSampleBase.check(model: model, base: table, baseBytes: bytes, target: model.target, resamples: f.resamples)
        XCTAssertEqual(check.evidence, [.sameBytes, .sameRows])
        let o = try XCTUnwrap(check.optimism, check.optimismUnavailable ?? "")
        XCTAssertEqual(o.replicates, 40)
        XCTAssertEqual(o.failedReplicates, 0)
        XCTAssertNil(o.seed)
        XCTAssertEqual(o.apparent, f.apparent, accuracy: 1e-12)
        XCTAssertEqual(o.optimism, f.optimism, accuracy: 1e-9)
        XCTAssertEqual(o.corrected, f.corrected, accuracy: 1e-9)
        XCTAssertEqual(o.optimismStandardError, f.optimism_standard_error, accuracy: 1e-9)
        XCTAssertGreaterThan(o.optimism, 0)
        XCTAssertEqual(check.refit, "maximum-likelihood logistic regression on the model's 6 design terms")
    }

    func testGenericEstimatorOnTheSameSamples() throws {
        // The estimator alone, with a refit that returns fixed scores: optimism = mean(AUC on sample − AUC on all).
        let y = [true, false, true, false, false, true, false, false]
        let s = [0.9, 0.1, 0.4, 0.5, 0.2, 0.8, 0.3, 0.6]
        let samples = [[0, 0, 1, 2, 3, 4, 5, 6], [1, 2, 3, 3, 5, 6, 7, 7], [0, 0, 0, 0, 0, 0, 0, 0]]
        let o = try OptimismCorrectedAUC(apparentScores: s, isBad: y, resamples: samples) { _ in s }
        // Brute-force AUCs: all rows 13/15; sample 1: bads {0,0,2,5} vs goods {1,3,4,6}: 15/16; sample 2: bads
        // {2,5} vs goods {1,3,3,6,7,7}: 8/12; sample 3 has one class and fails.
        XCTAssertEqual(o.apparent, 13.0 / 15, accuracy: 1e-15)
        XCTAssertEqual(o.failedReplicates, 1)
        XCTAssertEqual(o.optimism, ((15.0 / 16 - 13.0 / 15) + (8.0 / 12 - 13.0 / 15)) / 2, accuracy: 1e-15)
        XCTAssertEqual(o.corrected, o.apparent - o.optimism, accuracy: 1e-15)
        XCTAssertThrowsError(try OptimismCorrectedAUC(apparentScores: s, isBad: y, resamples: [[0, 99, 1, 2, 3, 4, 5, 6]]) { _ in s })
        // Seeded samples: the same seed gives the same samples, every index in range.
        let a = OptimismCorrectedAUC.resamples(n: 50, replicates: 3, seed: 9)
        XCTAssertEqual(a, OptimismCorrectedAUC.resamples(n: 50, replicates: 3, seed: 9))
        XCTAssertNotEqual(a, OptimismCorrectedAUC.resamples(n: 50, replicates: 3, seed: 10))
        XCTAssertTrue(a.allSatisfy { $0.count == 50 && $0.allSatisfy { (0..<50).contains($0) } })
    }

    func testDetectionFromTheHashUpToLineEndingsAndFromARowIdenticalCopy() throws {
        let f = Self.fixture
        let bytes = Array(f.csv.utf8)
        let (model, _) = try Self.trainedModel(bytes)
        func check(_ text: String, bytes given: [UInt8]? = nil, target: TargetSpec? = nil) throws -> InSampleBase {
            let b = given ?? Array(text.utf8)
            return try InSampleBase.check(model: model, base: try CSVReader.read(bytes: b, source: "base"), baseBytes: b,
                                          target: target ?? model.target, replicates: 0)
        }
        // The same bytes.
        XCTAssertEqual(try check(f.csv).evidence, [.sameBytes, .sameRows])
        // CRLF line endings: the hash after changing them back, and the rows.
        let crlf = try check(f.csv.replacingOccurrences(of: "\n", with: "\r\n"))
        XCTAssertEqual(crlf.evidence, [.sameBytesUpToLineEndings, .sameRows])
        XCTAssertNotEqual(crlf.baseSHA256, model.training.inputSHA256)
        // Columns reversed and rows reversed: another file, the same rows.
        let lines = f.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).reversed().joined(separator: ",") }
        let reordered = ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n") + "\n"
        let copy = try check(reordered)
        XCTAssertEqual(copy.evidence, [.sameRows])
        XCTAssertTrue(copy.isTrainingData)
        XCTAssertEqual(copy.optimismUnavailable, "no bootstrap replicates were asked for")
        // One row fewer: neither the file nor the rows.
        let fewer = lines.dropLast().joined(separator: "\n") + "\n"
        let other = try check(fewer)
        XCTAssertEqual(other.evidence, [])
        XCTAssertFalse(other.isTrainingData)
        XCTAssertNil(other.optimismUnavailable)
        // One outcome changed: the counts of bads differ, not the training rows.
        var flipped = lines.map { String($0) }
        flipped[1] = flipped[1].hasPrefix("0,") ? "1" + flipped[1].dropFirst() : "0" + flipped[1].dropFirst()
        XCTAssertEqual(try check(flipped.joined(separator: "\n") + "\n").evidence, [])
        // A model file without a recorded SHA-256: the rows alone.
        var unrecorded = model
        unrecorded.training.inputSHA256 = ""
        XCTAssertEqual(try InSampleBase.check(model: unrecorded, base: try CSVReader.read(bytes: bytes, source: "b"), baseBytes: bytes,
                                              target: model.target, replicates: 0).evidence, [.sameRows])
        // Without outcomes in BASE: the hash alone.
        XCTAssertEqual(try InSampleBase.check(model: model, base: try CSVReader.read(bytes: bytes, source: "b"), baseBytes: bytes,
                                              target: TargetSpec(column: "absent", bad: "1"), replicates: 0).evidence, [.sameBytes])
    }

    func testScorecardWithOtherOptionsIsDetectedButNotRefittedAndTheAUCChangeIsNotJudged() throws {
        let f = Self.fixture
        let bytes = Array(f.csv.utf8)
        let training = ModelTraining(input: .standardInput(bytes, fingerprint: true), commandLine: ["credit", "train", "--scorecard"], environment: [:])
        let table = try training.readTable(options: CSVOptions())
        var request = ScorecardTrainingRequest(target: "bad")
        request.binning.options.maxBins = 2
        let model = training.model(for: try request.run(on: table))
        let check = try InSampleBase.check(model: model, base: table, baseBytes: bytes, target: model.target)
        XCTAssertEqual(check.evidence, [.sameBytes, .sameRows])
        XCTAssertNil(check.optimism)
        XCTAssertTrue(check.optimismUnavailable?.contains("does not reproduce this model") == true, check.optimismUnavailable ?? "")

        let recent = try CSVReader.read(bytes: Array(f.csv.split(separator: "\n").prefix(200).joined(separator: "\n").utf8), source: "recent")
        var result = try Monitor.run(model: model, base: table, recent: recent, target: model.target)
        XCTAssertNotNil(result.checks.first { $0.area == "discrimination" && $0.subject == "AUC" })
        result.applyInSampleBase(check)
        XCTAssertNil(result.checks.first { $0.area == "discrimination" })
        XCTAssertEqual(result.overall, result.checks.map(\.status).max() ?? .green)
        XCTAssertNil(result.correctedAUCChange)
        XCTAssertEqual(result.inSampleBase, check)
    }

    func testScorecardWithDefaultOptionsIsRefitted() throws {
        // Trained as `credit train - --target bad --scorecard`: the default procedure reproduces the model on
        // BASE, so each bootstrap sample is binned and fitted again. The optimism of a fit is positive on
        // average (the refit ranks its own sample better than the original rows).
        let f = Self.fixture
        let bytes = Array(f.csv.utf8)
        let training = ModelTraining(input: .standardInput(bytes, fingerprint: true),
                                     commandLine: ["credit", "train", "-", "--target", "bad", "--scorecard"], environment: [:])
        let table = try training.readTable(options: CSVOptions())
        let model = training.model(for: try ScorecardTrainingRequest(target: "bad").run(on: table))
        let check = try InSampleBase.check(model: model, base: table, baseBytes: bytes, target: model.target, resamples: Array(f.resamples.prefix(10)))
        let o = try XCTUnwrap(check.optimism, check.optimismUnavailable ?? "")
        XCTAssertEqual(o.replicates, 10)
        XCTAssertGreaterThan(o.optimism, 0)
        XCTAssertEqual(o.corrected, o.apparent - o.optimism, accuracy: 1e-15)
        XCTAssertEqual(check.refit, "credit train --scorecard (binning, IV selection and the WoE regression) with default options")
        XCTAssertEqual(InSampleBase.recordedExclusions(["credit", "train", "d.csv", "--exclude", "a,b", "--exclude=c", "--exclude"]), ["a", "b", "c"])
    }

    func testTheAUCChangeIsJudgedFromTheCorrectedBase() throws {
        let f = Self.fixture
        let bytes = Array(f.csv.utf8)
        let (model, table) = try Self.trainedModel(bytes)
        let check = try InSampleBase.check(model: model, base: table, baseBytes: bytes, target: model.target, resamples: f.resamples)
        let recent = try CSVReader.read(bytes: Array(f.csv.split(separator: "\n").prefix(200).joined(separator: "\n").utf8), source: "recent")
        var result = try Monitor.run(model: model, base: table, recent: recent, target: model.target)
        result.applyInSampleBase(check)
        let d = try XCTUnwrap(result.discrimination)
        let c = try XCTUnwrap(result.correctedAUCChange)
        XCTAssertEqual(c.base, f.corrected, accuracy: 1e-9)
        XCTAssertEqual(c.difference, d.recent.value - f.corrected, accuracy: 1e-9)
        XCTAssertEqual(c.standardError, (d.base.variance + d.recent.variance).squareRoot(), accuracy: 1e-15)
        // Two-sided normal p-value: erfc(|z|/√2).
        XCTAssertEqual(c.pValue, erfc(abs(c.z) / 2.0.squareRoot()), accuracy: 1e-12)
        let auc = result.checks.filter { $0.area == "discrimination" }
        // Judged by the run's (default, family-wise) policy: the effect, its p, alone in its area.
        XCTAssertEqual(auc.map(\.statistic), ["AUC change vs corrected base"])
        XCTAssertEqual(auc[0].value, c.difference)
        XCTAssertEqual(auc[0].pValue, c.pValue)
        XCTAssertEqual(auc[0].adjustedPValue, c.pValue)
        let significant = c.pValue <= result.areaLevel!, material = -c.difference >= result.thresholds.aucDrop
        XCTAssertEqual(auc[0].status, significant && material ? .red : significant || (material && c.pValue <= result.thresholds.alpha) ? .amber : .green)
    }

    func testMasterScaleCSVReadsBackExactly() throws {
        let scale = try MasterScale(bounds: [1e-5, 0.1 + 0.2, 0.5, 0.987654321], names: ["A+", "B, low", "C", "D", "E"])
        let path = PackagePaths.temporaryDirectory().appendingPathComponent("grades.csv").path
        try scale.csv().write(toFile: path, atomically: true, encoding: .utf8)
        let read = try MasterScale.read(path: path)
        XCTAssertEqual(read.bounds, scale.bounds)
        XCTAssertEqual(read.names, scale.names)
        XCTAssertTrue(scale.csv().hasPrefix("grade,upper_pd\nA+,1e-05\n"), scale.csv())
    }
}
