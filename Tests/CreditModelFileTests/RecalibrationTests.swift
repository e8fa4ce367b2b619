import Foundation
import CreditBinning
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditSupport
import CreditTabular
import TestSupport
import XCTest

/// The recalibration fit against statsmodels (Fixtures/make_recalibration_fixtures.py: statsmodels 0.15.0,
/// numpy 2.4.6, pandas 3.1.1), on the log-odds of a model trained on datasets/small_borrowers.csv for 2,293
/// loans made after a downturn (`credit synth --seed 11 --shock 2025-01-01`).
final class RecalibrationFitTests: XCTestCase {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: PackagePaths.path("Tests/CreditModelFileTests/Fixtures/recalibration_fixtures.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    /// logit(PD) and outcome per row, the doubles the script wrote (17 significant digits).
    static let recent: (eta: [Double], isBad: [Bool]) = {
        let text = try! String(contentsOfFile: PackagePaths.path("Tests/CreditModelFileTests/Fixtures/recalibration_recent.csv"), encoding: .utf8)
        var eta: [Double] = [], isBad: [Bool] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            eta.append(Double(f[0])!); isBad.append(f[1] == "1")
        }
        return (eta, isBad)
    }()

    func number(_ section: String, _ key: String) -> Double {
        (Self.fixture[section] as! [String: Any])[key] as! Double
    }

    /// Intercept method = statsmodels Logit(y, 1, offset = logit(PD)) to 1e-8; the mean PD after equals the
    /// observed bad rate to 1e-10 (the score equation of a).
    func testInterceptMethodMatchesStatsmodelsAndMatchesTheBadRate() throws {
        let (eta, isBad) = Self.recent
        XCTAssertEqual(eta.count, Self.fixture["rows"] as? Int)
        let fit = try RecalibrationFit.fit(logOdds: eta, isBad: isBad, method: .intercept)
        assertClose(fit.intercept, number("intercept", "a"), absolute: 1e-8, "a")
        assertClose(fit.standardErrors[0], number("intercept", "se_a"), absolute: 1e-8, "SE(a)")
        assertClose(fit.covariance[0][0], pow(number("intercept", "se_a"), 2), absolute: 1e-10, "Var(a)")
        assertClose(fit.logLikelihood, number("intercept", "llf"), relative: 1e-10, "llf")
        XCTAssertEqual(fit.slope, 1)
        let meanAfter = eta.reduce(0.0) { $0 + Logistic.probability(logOdds: fit.apply(logOdds: $1)) } / Double(eta.count)
        let observed = Self.fixture["observed_bad_rate"] as! Double
        assertClose(meanAfter, observed, absolute: 1e-10, "mean PD after vs observed bad rate")
        assertClose(meanAfter, number("intercept", "mean_pd_after"), absolute: 1e-10, "mean PD after vs statsmodels")
        XCTAssertGreaterThan(fit.intercept, 0, "the shocked loans default more than the calm model says")
    }

    /// Logistic method = statsmodels Logit(y, [1, logit(PD)]) to 1e-8: a, b, standard errors and covariance.
    func testLogisticMethodMatchesStatsmodels() throws {
        let (eta, isBad) = Self.recent
        let fit = try RecalibrationFit.fit(logOdds: eta, isBad: isBad, method: .logistic)
        assertClose(fit.intercept, number("logistic", "a"), absolute: 1e-8, "a")
        assertClose(fit.slope, number("logistic", "b"), absolute: 1e-8, "b")
        assertClose(fit.standardErrors[0], number("logistic", "se_a"), absolute: 1e-8, "SE(a)")
        assertClose(fit.standardErrors[1], number("logistic", "se_b"), absolute: 1e-8, "SE(b)")
        let cov = (Self.fixture["logistic"] as! [String: Any])["cov"] as! [[Double]]
        for i in 0..<2 { assertClose(fit.covariance[i], cov[i], absolute: 1e-10, "cov row \(i)") }
        assertClose(fit.logLikelihood, number("logistic", "llf"), relative: 1e-10, "llf")
    }

    /// All bad or all good: no finite a; one PD for every row: no slope.
    func testOneClassAndConstantLogOddsAreErrors() {
        XCTAssertThrowsError(try RecalibrationFit.fit(logOdds: [0.1, 0.2], isBad: [true, true], method: .intercept, source: "r.csv")) {
            XCTAssertEqual($0 as? RecalibrationError, .singleClass(source: "r.csv", rows: 2, bad: true))
            XCTAssertTrue("\($0)".contains("all 2 rows with a PD and a target are bad"), "\($0)")
        }
        XCTAssertThrowsError(try RecalibrationFit.fit(logOdds: [0.1, 0.1, 0.1], isBad: [true, false, false], method: .logistic)) {
            XCTAssertEqual($0 as? RecalibrationError, .constantLogOdds(source: "data"))
        }
        // The intercept method is defined for constant log-odds: a = logit(rate) − η exactly.
        let fit = try! RecalibrationFit.fit(logOdds: [0.1, 0.1, 0.1, 0.1], isBad: [true, false, false, false], method: .intercept)
        assertClose(fit.intercept, log(0.25 / 0.75) - 0.1, absolute: 1e-12)
    }
}

/// Recalibrated models: the file, its lineage and seal, the scorecard's points, the prior correction of a
/// scorecard's intercept.
final class RecalibratedModelTests: XCTestCase {
    static let exclude: Set<String> = ["loan_id", "application_date", "true_pd"]
    static let trainingPath = PackagePaths.path("datasets/small_borrowers.csv")

    static let training: Table = try! CSVReader.read(path: trainingPath)

    static func record(_ fit: LogisticRegressionResult) -> TrainingRecord {
        TrainingRecord(inputFile: "small_borrowers.csv", inputSHA256: "", rows: 5000, rowsUsed: fit.observations, bads: fit.events,
                       toolVersion: ToolVersion.current, commandLine: [], seed: nil, date: "2026-01-01T00:00:00Z")
    }

    /// A plain logistic regression on the small-borrower data.
    static let plain: CreditModel = {
        var request = LogisticRegressionRequest(target: "default")
        request.design.exclude = exclude
        let outcome = try! request.run(on: training)
        return CreditModel(target: TargetSpec(column: "default", bad: "1"), schema: outcome.design.coding, fit: outcome.result,
                           training: record(outcome.result))
    }()

    static func scorecard(reference: ReasonReference = .maximum, populationBadRate: Double? = nil) throws -> CreditModel {
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.exclude = exclude
        request.reasons.reference = reference
        if reference == .cutoff { request.reasons.cutoff = 560 }
        request.populationBadRate = populationBadRate
        let card = try request.run(on: training)
        return CreditModel(target: TargetSpec(column: "default", bad: "1"), scorecard: card.section, fit: card.fit,
                           training: record(card.fit))
    }

    /// RECENT: the training file after a "downturn" — one good loan in five turned bad, so that the models' PDs
    /// are too low — read as the model reads it; `allGood` keeps only good loans.
    static func recent(for model: CreditModel, keepTarget: Bool = true, allGood: Bool = false) throws -> Table {
        let text = try String(contentsOfFile: trainingPath, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let target = header.firstIndex(of: "default")!
        var rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        if allGood { rows = rows.filter { $0[target] == "0" } } else {
            for i in rows.indices where i % 5 == 0 && rows[i][target] == "0" { rows[i][target] = "1" }
        }
        let keep = header.indices.filter { keepTarget || $0 != target }
        let csv = ([keep.map { header[$0] }] + rows.map { r in keep.map { r[$0] } }).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        return try CSVReader.read(bytes: Array(csv.utf8), source: "recent.csv", options: model.readingOptions(CSVOptions()))
    }

    func recalibrate(_ model: CreditModel, _ table: Table, _ method: RecalibrationMethod) throws -> Recalibration {
        try model.recalibrated(on: table, method: method, parentFile: "model.json", inputSHA256: String(repeating: "a", count: 64),
                               commandLine: ["credit", "recalibrate"], date: "2026-02-01T00:00:00Z")
    }

    /// Plain model, intercept method: the new model's mean PD on RECENT is its bad rate (1e-10); its
    /// coefficients are the parent's with a added to the intercept; its standard errors are NaN, the parent's
    /// fit and the recalibration's a and SE are recorded.
    func testPlainModelInterceptMethod() throws {
        let parent = Self.plain
        let table = try Self.recent(for: parent)
        let r = try recalibrate(parent, table, .intercept)
        let sample = try EvaluationSample(model: r.model, table: table)
        let observed = Double(sample.isBad.filter { $0 }.count) / Double(sample.isBad.count)
        assertClose(sample.scores.reduce(0, +) / Double(sample.scores.count), observed, absolute: 1e-10, "mean PD after")
        assertClose(r.after.meanPD, observed, absolute: 1e-10)
        XCTAssertEqual(r.before.observedBadRate, observed)
        XCTAssertNotEqual(r.before.meanPD, observed)
        let a = r.record.fit.intercept
        XCTAssertEqual(r.model.fit.coefficients[0], parent.fit.coefficients[0] + a)
        XCTAssertEqual(Array(r.model.fit.coefficients.dropFirst()), Array(parent.fit.coefficients.dropFirst()))
        XCTAssertTrue(r.model.fit.standardErrors.allSatisfy(\.isNaN))
        XCTAssertTrue(r.model.fit.covariance.joined().allSatisfy(\.isNaN))
        XCTAssertNil(r.model.fit.hosmerLemeshow)
        XCTAssertEqual(r.record.parentFit, parent.fit)
        XCTAssertEqual(r.record.rows, table.rowCount)
        XCTAssertEqual(r.record.rowsRejected + r.record.fit.observations + r.record.rowsMissingTarget, table.rowCount)
        XCTAssertGreaterThan(r.record.rowsRejected, 0, "thin-file rows have blanks the plain model rejects")
    }

    /// Plain model, logistic method: every PD of the new model is logistic(a + b·η_old).
    func testPlainModelLogisticMethodComposesTheLogOdds() throws {
        let parent = Self.plain
        let table = try Self.recent(for: parent)
        let r = try recalibrate(parent, table, .logistic)
        let (a, b) = (r.record.fit.intercept, r.record.fit.slope)
        let old = try parent.score(table).probabilities, new = try r.model.score(table).probabilities
        for row in 0..<table.rowCount where !old[row].isNaN {
            let eta = log(old[row] / (1 - old[row]))
            assertClose(new[row], Logistic.probability(logOdds: a + b * eta), absolute: 1e-12, "row \(row)")
        }
        XCTAssertEqual(r.model.fit.coefficients[0], a + b * parent.fit.coefficients[0])
    }

    /// The file: version 4, lineage naming the parent's seal, loads back equal; an edited file is refused.
    func testRecalibratedFileLoadsNamesItsParentAndRefusesEdits() throws {
        let parent = Self.plain
        let r = try recalibrate(parent, try Self.recent(for: parent), .logistic)
        let data = try r.model.jsonData()
        let loaded = try CreditModel.decode(data, path: "new.json")
        XCTAssertEqual(try loaded.jsonData(), data, "loads back the same (NaN standard errors included)")
        XCTAssertTrue(loaded.fit.standardErrors.allSatisfy(\.isNaN))
        XCTAssertEqual(loaded.version, 4)
        XCTAssertEqual(loaded.lineage?.last?.operation, "recalibrate")
        XCTAssertEqual(loaded.lineage?.last?.parentSHA256, r.parentSHA256)
        // The parent's seal is the seal of the parent's file.
        let parentFile = try JSONSerialization.jsonObject(with: try parent.jsonData()) as! [String: Any]
        XCTAssertEqual(parentFile["contentSHA256"] as? String, r.parentSHA256)
        XCTAssertEqual(loaded.recalibration?.fit.method, .logistic)
        // Edit the recorded slope: the seal no longer matches.
        var text = String(decoding: data, as: UTF8.self)
        let slope = "\"slope\" : \(r.record.fit.slope)"
        XCTAssertTrue(text.contains(slope), "slope not found as \(slope)")
        text = text.replacingOccurrences(of: slope, with: "\"slope\" : 1")
        XCTAssertThrowsError(try CreditModel.decode(Data(text.utf8), path: "new.json")) {
            guard case ModelFileError.sealMismatch = $0 else { return XCTFail("\($0)") }
        }
    }

    /// Scorecard, intercept method: every applicant's score moves by the same whole points (so ranks, ties and
    /// reasons are unchanged), the shift is round(−Factor·a) split over the characteristics, and the mean PD
    /// equals the bad rate.
    func testScorecardInterceptMethodMovesEveryScoreEqually() throws {
        for reference in [ReasonReference.maximum, .average, .cutoff] {
            let parent = try Self.scorecard(reference: reference)
            let table = try Self.recent(for: parent)
            let r = try recalibrate(parent, table, .intercept)
            let card = parent.scorecard!, newCard = r.model.scorecard!
            let shift = r.record.scoreShift!
            XCTAssertEqual(shift, Int((-card.scaling.factor * r.record.fit.intercept).rounded()))
            XCTAssertEqual(r.record.pointsShift!.reduce(0, +), shift)
            XCTAssertLessThanOrEqual(Set(r.record.pointsShift!).count, 2, "the shift is split as evenly as whole points allow")
            XCTAssertNotEqual(shift, 0)
            let old = try parent.score(table), new = try r.model.score(table)
            var isBad: [Bool] = [], pd: [Double] = []
            for row in 0..<table.rowCount {
                let o = old.scorecardRows![row]!, n = new.scorecardRows![row]!
                XCTAssertEqual(n.score, o.score + shift, "row \(row)")
                XCTAssertEqual(n.reasons, o.reasons, "row \(row)")
                assertClose(n.logOdds, o.logOdds + r.record.fit.intercept, absolute: 1e-12)
                pd.append(n.probability); isBad.append(table["default"]!.holds("1", row: row)!)
            }
            assertClose(pd.reduce(0, +) / Double(pd.count), Double(isBad.filter { $0 }.count) / Double(isBad.count), absolute: 1e-10)
            // The scaling still holds: unrounded score = Offset − Factor·η_new to within the rounding of the
            // trained card plus half a point.
            for ch in newCard.characteristics {
                XCTAssertEqual(ch.points, ch.rawPoints.map { Int($0.rounded()) })
            }
            XCTAssertEqual(newCard.reasons.cutoff, card.reasons.cutoff.map { $0 + Double(shift) })
            XCTAssertEqual(newCard.scaling, card.scaling)
            XCTAssertEqual(newCard.intercept, card.intercept + r.record.fit.intercept)
            XCTAssertNoThrow(try CreditModel.decode(try r.model.jsonData(), path: "card.json"))
        }
    }

    /// Scorecard, logistic method with a = 0, b = 1 changes nothing (the points formula and the reference
    /// points by bin counts reproduce training); with the fitted a, b every PD is logistic(a + b·η_old) and,
    /// since b > 0, the bins of each characteristic keep their order.
    func testScorecardLogisticMethod() throws {
        for reference in [ReasonReference.maximum, .average, .cutoff] {
            let parent = try Self.scorecard(reference: reference)
            let card = parent.scorecard!
            let same = try card.recalibrated(intercept: 0, slope: 1).section
            XCTAssertEqual(same.characteristics.map(\.points), card.characteristics.map(\.points))
            assertClose(same.reasons.referencePoints, card.reasons.referencePoints, absolute: 1e-9, "\(reference)")
            XCTAssertEqual(same.reasons.cutoff, card.reasons.cutoff)
            let table = try Self.recent(for: parent)
            let r = try recalibrate(parent, table, .logistic)
            let (a, b) = (r.record.fit.intercept, r.record.fit.slope)
            XCTAssertGreaterThan(b, 0)
            let old = try parent.score(table), new = try r.model.score(table)
            for row in 0..<table.rowCount {
                let o = old.scorecardRows![row]!, n = new.scorecardRows![row]!
                assertClose(n.logOdds, a + b * o.logOdds, absolute: 1e-12, "row \(row)")
            }
            for (o, n) in zip(card.characteristics, r.model.scorecard!.characteristics) {
                for i in o.points.indices { for j in o.points.indices where o.rawPoints[i] < o.rawPoints[j] {
                    XCTAssertLessThanOrEqual(n.points[i], n.points[j], o.name)
                } }
            }
            XCTAssertEqual(r.model.fit.coefficients, [r.model.scorecard!.intercept] + r.model.scorecard!.characteristics.map(\.coefficient))
            XCTAssertNoThrow(try CreditModel.decode(try r.model.jsonData(), path: "card.json"))
        }
    }

    /// RECENT without the target, or with one class only, is refused.
    func testRecentWithoutTargetOrWithOneClassIsRefused() throws {
        let parent = Self.plain
        XCTAssertThrowsError(try recalibrate(parent, try Self.recent(for: parent, keepTarget: false), .intercept)) {
            XCTAssertEqual($0 as? EvaluationError, .missingTargetColumn(source: "recent.csv", column: "default"))
        }
        XCTAssertThrowsError(try recalibrate(parent, try Self.recent(for: parent, allGood: true), .logistic)) {
            guard case RecalibrationError.singleClass(_, _, false)? = $0 as? RecalibrationError else { return XCTFail("\($0)") }
        }
    }

    /// `--population-bad-rate` with a scorecard: the WoE fit's intercept moves by King & Zeng's
    /// ln(τ/(1 − τ)) + ln((1 − ȳ)/ȳ) (the fixture's hand computation with pandas' ȳ), the slopes stay, and every
    /// bin's raw points move by −Factor·shift/k before rounding.
    func testScorecardPriorCorrectionShiftsTheInterceptBeforeScaling() throws {
        let fixture = RecalibrationFitTests.fixture["prior_correction"] as! [String: Any]
        let tau = fixture["tau"] as! Double, shift = fixture["shift"] as! Double
        let plain = try Self.scorecard(), corrected = try Self.scorecard(populationBadRate: tau)
        let c0 = plain.scorecard!, c1 = corrected.scorecard!
        assertClose(Double(plain.fit.events) / Double(plain.fit.observations), fixture["sample_bad_rate"] as! Double, absolute: 1e-15)
        assertClose(c1.intercept - c0.intercept, shift, absolute: 1e-12, "intercept shift")
        XCTAssertEqual(corrected.fit.priorCorrection?.populationBadRate, tau)
        XCTAssertEqual(c1.characteristics.map(\.coefficient), c0.characteristics.map(\.coefficient))
        let k = Double(c0.characteristics.count)
        for (o, n) in zip(c0.characteristics, c1.characteristics) {
            assertClose(zip(n.rawPoints, o.rawPoints).map { $0 - $1 }, Array(repeating: -c0.scaling.factor * shift / k, count: o.rawPoints.count),
                        absolute: 1e-9, o.name)
        }
        XCTAssertThrowsError(try Self.scorecard(populationBadRate: 1.5))
    }
}
