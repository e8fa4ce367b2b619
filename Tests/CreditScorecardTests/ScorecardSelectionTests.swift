import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditTabular
import TestSupport
import XCTest

/// Selection of a scorecard's characteristics on the WoE design (`ScorecardTrainingRequest.selection`) against an
/// independent construction: Tests/CreditScorecardTests/Fixtures/make_selection_fixture.py bins the same data with
/// the committed cut points and groups, computes the WoE itself (pandas, scipy's binomial test for the small-bin
/// fallback) and runs forward, backward and stepwise selection with statsmodels Logit by AIC, BIC and
/// likelihood-ratio p-values, with and without the positive-sign rule.
final class ScorecardSelectionTests: XCTestCase {
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: PackagePaths.path("Tests/CreditScorecardTests/Fixtures/scorecard_selection_fixture.json")))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()
    static let tables: [String: Table] = [
        "datasets/german_credit.csv": try! CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv")),
        "datasets/small_borrowers.csv": try! CSVReader.read(path: PackagePaths.path("datasets/small_borrowers.csv")),
    ]

    /// The run's name in the fixture → the library's options (`SelectionOptions.scorecard(direction:)` plus changes).
    static func options(_ run: String, forced: [String]) -> SelectionOptions {
        let direction: SelectionDirection = run.hasPrefix("forward") ? .forward : run.hasPrefix("backward") ? .backward : .stepwise
        var o = SelectionOptions.scorecard(direction: direction)
        if run.contains("-bic") { o.criterion = .bic }
        if run.contains("-p-value") { o.criterion = .pValue(enter: 0.05, leave: 0.10) }
        if run.hasSuffix("any-sign") { o.requiredSign = nil }
        if run.hasSuffix("from-full") { o.startFromFull = true }
        if run.hasSuffix("forced") { o.forced = forced }
        return o
    }

    static func request(_ entry: [String: Any]) throws -> (ScorecardTrainingRequest, Table) {
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.bins = try BinsSpec.read(path: PackagePaths.path("Tests/CreditScorecardTests/Fixtures/" + (entry["bins"] as! String)),
                                                 target: "default")
        request.binning.selection.minIV = (entry["min_iv"] as! NSNumber).doubleValue
        return (request, tables[entry["csv"] as! String]!)
    }

    /// The WoE of every bin with rows equals the fixture's (so the designs are the same), and every selection
    /// path equals statsmodels': the same moves in the same order, the criterion before and after each to 1e-6,
    /// the same characteristics on the card and its coefficients to 1e-6 (relative).
    func testSelectionPathsEqualStatsmodelsOnTheSameWoEDesign() throws {
        let data = Self.fixture["data"] as! [String: [String: Any]]
        XCTAssertEqual(Set(data.keys), ["german", "german_all", "small_borrowers"])
        for (key, entry) in data.sorted(by: { $0.key < $1.key }) {
            let (base, table) = try Self.request(entry)
            let woe = entry["woe"] as! [String: [String: NSNumber]]
            let paths = entry["paths"] as! [String: [String: Any]]
            XCTAssertGreaterThanOrEqual(paths.count, 8, key)
            for (run, expected) in paths.sorted(by: { $0.key < $1.key }) {
                var request = base
                request.selection = Self.options(run, forced: entry["forced"] as? [String] ?? [])
                let card = try request.run(on: table)
                let label = "\(key) \(run)"
                if run == "forward-aic" {
                    // The WoE design: every characteristic the filters keep, with the fixture's WoE per bin.
                    let kept = card.binning.spec.characteristics.filter { c in
                        card.section.characteristics.contains { $0.name == c.name }
                            || (card.section.excluded[c.name]?.hasPrefix("not selected (") ?? false)
                    }
                    XCTAssertEqual(kept.map(\.name), entry["characteristics"] as! [String], label)
                    for (c, t) in zip(card.binning.spec.characteristics, card.binning.tables) {
                        guard let bins = woe[c.name] else { continue }
                        for (binLabel, w) in bins {
                            let index = binLabel == "missing" ? c.missingIndex : binLabel == "other" ? c.otherIndex! : Int(binLabel.dropFirst())!
                            assertClose(t.woes[index], w.doubleValue, absolute: 1e-12, "\(label) \(c.name) \(binLabel)")
                        }
                    }
                }
                let path = try XCTUnwrap(card.selection, label)
                let steps = expected["steps"] as! [[String: Any]]
                XCTAssertEqual(path.steps.map { "\($0.action.rawValue) \($0.predictor)" },
                               steps.map { "\($0["action"] as! String) \($0["predictor"] as! String)" }, label)
                for (s, e) in zip(path.steps, steps) {
                    assertClose(s.criterionBefore, (e["before"] as! NSNumber).doubleValue, absolute: 1e-6, "\(label) before")
                    assertClose(s.criterionAfter, (e["after"] as! NSNumber).doubleValue, absolute: 1e-6, "\(label) after")
                }
                XCTAssertEqual(card.section.characteristics.map(\.name), expected["selected"] as! [String], label)
                assertClose(card.fit.coefficients, (expected["coefficients"] as! [NSNumber]).map(\.doubleValue),
                            relative: 1e-6, label)
                for name in Set(entry["characteristics"] as! [String]).subtracting(expected["selected"] as! [String]) {
                    XCTAssertTrue(card.section.excluded[name]?.hasPrefix("not selected (") ?? false, "\(label) \(name)")
                }
            }
        }
    }

    /// With every non-constant German characteristic, the full WoE model has three negative coefficients; the
    /// sign rule then removes them first, most negative z first (the fixture's paths with and without the rule
    /// differ, so the rule is exercised), and the card has no wrong sign left.
    func testSignRuleChangesTheBackwardPathOnWeakCharacteristics() throws {
        let paths = (Self.fixture["data"] as! [String: [String: Any]])["german_all"]!["paths"] as! [String: [String: Any]]
        func moves(_ run: String) -> [String] { (paths[run]!["steps"] as! [[String: Any]]).map { $0["predictor"] as! String } }
        XCTAssertNotEqual(moves("backward-aic"), moves("backward-aic-any-sign"))
        let entry = (Self.fixture["data"] as! [String: [String: Any]])["german_all"]!
        var (request, table) = try Self.request(entry)
        request.selection = Self.options("backward-aic", forced: [])
        let card = try request.run(on: table)
        XCTAssertEqual(card.selection?.steps.prefix(3).map(\.reason), ["sign", "sign", "sign"])
        XCTAssertTrue(card.section.wrongSign.isEmpty, "\(card.section.wrongSign)")
        XCTAssertTrue(card.section.characteristics.allSatisfy { $0.coefficient > 0 })
    }

    /// `firth`: the card's coefficients equal firthmodels' FirthLogisticRegression (a port of R logistf) on the same
    /// WoE design to 1e-6 (relative), and its points are scaled from them.
    func testFirthWoEFitEqualsFirthmodels() throws {
        let entry = (Self.fixture["data"] as! [String: [String: Any]])["german"]!
        var (request, table) = try Self.request(entry)
        request.firth = true
        request.firthProfile = false
        let card = try request.run(on: table)
        XCTAssertEqual(card.section.characteristics.map(\.name), entry["characteristics"] as! [String])
        let expected = ((entry["firth"] as! [String: Any])["coefficients"] as! [NSNumber]).map(\.doubleValue)
        assertClose(card.fit.coefficients, expected, relative: 1e-6, "Firth")
        XCTAssertNotNil(card.fit.firth)
        XCTAssertEqual(card.section.intercept, card.fit.coefficients[0])
        XCTAssertEqual(card.section.characteristics.map(\.coefficient), Array(card.fit.coefficients.dropFirst()))
        let plain = try Self.request(entry).0.run(on: table)
        XCTAssertNotEqual(plain.section.characteristics.map(\.rawPoints), card.section.characteristics.map(\.rawPoints))
    }

    /// `penalty` at one λ: the WoE fit equals scikit-learn's on the standardised WoE columns with C = 1/(nλ)
    /// (glmnet's objective; the fixture checks the KKT conditions) to 1e-6; a lasso zero is an exact zero and
    /// that characteristic leaves the card (excluded, with the reason); the card's coefficients are the non-zero ones.
    func testPenalisedWoEFitsEqualScikitLearnAndLassoZerosLeaveTheCard() throws {
        let entry = (Self.fixture["data"] as! [String: [String: Any]])["german"]!
        let names = entry["characteristics"] as! [String]
        var zeros = 0
        for case let reference as [String: Any] in entry["penalised"] as! [Any] {
            var (request, table) = try Self.request(entry)
            var o = PenalizedOptions()
            o.mix = (reference["mix"] as! NSNumber).doubleValue
            o.lambdas = [(reference["lambda"] as! NSNumber).doubleValue]
            request.penalty = o
            let card = try request.run(on: table)
            let expected = (reference["coefficients"] as! [NSNumber]).map(\.doubleValue)
            let label = "mix \(o.mix) λ \(o.lambdas![0])"
            XCTAssertEqual(card.fit.termNames, ["const"] + names, label)
            assertClose(card.fit.coefficients, expected, absolute: 1e-6, label)
            for (j, name) in names.enumerated() {
                if expected[j + 1] == 0 {
                    zeros += 1
                    XCTAssertEqual(card.fit.coefficients[j + 1], 0, "\(label) \(name) exact zero")
                    XCTAssertFalse(card.section.characteristics.contains { $0.name == name }, "\(label) \(name)")
                    XCTAssertEqual(card.section.excluded[name], "coefficient 0 under the lasso penalty at λ 0.04", label)
                } else {
                    XCTAssertEqual(card.section.characteristics.first { $0.name == name }?.coefficient, card.fit.coefficients[j + 1], label)
                }
            }
        }
        XCTAssertGreaterThan(zeros, 0, "the lasso reference has zeros")
    }

    /// A forced characteristic the IV filter left out is an error naming it and the filter's reason.
    func testForcingAFilteredCharacteristicIsAnError() throws {
        var request = ScorecardTrainingRequest(target: "default")
        request.selection = SelectionOptions.scorecard(direction: .forward)
        request.selection!.forced = ["telephone"]
        XCTAssertThrowsError(try request.run(on: Self.tables["datasets/german_credit.csv"]!)) { error in
            guard case ScorecardError.forcedNotOnCard(let name, let reason)? = error as? ScorecardError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(name, "telephone")
            XCTAssertTrue(reason.contains("IV"), reason)
        }
    }

    /// Without a selection the card is what it was (the same characteristics and coefficients as before the
    /// option), and `collinearity` adds the WoE design's diagnostics, equal to statsmodels'
    /// variance_inflation_factor on the selected design (fixture "vif").
    func testCollinearityOfTheWoEDesignEqualsStatsmodels() throws {
        let entry = (Self.fixture["data"] as! [String: [String: Any]])["german"]!
        var (request, table) = try Self.request(entry)
        request.selection = Self.options("stepwise-aic", forced: [])
        request.collinearity = true
        let card = try request.run(on: table)
        let d = try XCTUnwrap(card.collinearity)
        let expected = entry["vif"] as! [String: NSNumber]
        XCTAssertEqual(d.termNames, card.section.characteristics.map(\.name))
        for (name, v) in zip(d.termNames, d.varianceInflation) {
            assertClose(v, expected[name]!.doubleValue, relative: 1e-8, name)
        }
        assertClose(d.conditionNumber, (entry["condition_number"] as! NSNumber).doubleValue, relative: 1e-8, "condition number")
        request.selection = nil
        request.collinearity = false
        let plain = try request.run(on: table)
        XCTAssertNil(plain.selection)
        XCTAssertNil(plain.collinearity)
    }
}
