import Foundation
import CreditDecision
import CreditMetrics
import CreditTabular
import TestSupport
import XCTest

/// The committed reference values (Fixtures/make_fairness_fixtures.py: pandas, scikit-learn, numpy, statsmodels,
/// scipy) and the scored small-borrower rows they were computed on.
enum FairnessFixture {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditDecisionTests/Fixtures/fairness_fixtures.json")
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static var cases: [String: [String: Any]] { json["cases"] as! [String: [String: Any]] }

    /// fairness_scores.csv by column name (text cells; blank = missing).
    static let scores: [String: [String]] = {
        let text = try! String(contentsOfFile: PackagePaths.path("Tests/CreditDecisionTests/Fixtures/fairness_scores.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var out: [String: [String]] = [:]
        for (j, name) in lines[0].enumerated() { out[name] = lines.dropFirst().map { $0[j] } }
        return out
    }()
}

/// `GroupFairness` against the fixture, every per-group number to 1e-12 and every count exactly.
final class GroupFairnessTests: XCTestCase {
    /// Counts are exact; rates, AUC and intervals differ from the reference only by summation order.
    static let tolerance = 1e-12

    /// Compares `actual` with an expected value that may be JSON null (then `actual` must be NaN).
    private func check(_ actual: Double, _ expected: Any?, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if let e = expected as? Double {
            assertClose(actual, e, relative: Self.tolerance, absolute: Self.tolerance, what, file: file, line: line)
        } else {
            XCTAssertTrue(actual.isNaN, "\(what): expected n/a (null), got \(actual)", file: file, line: line)
        }
    }

    private func compare(_ f: GroupFairness, with c: [String: Any], case name: String) {
        XCTAssertEqual(f.reference, c["reference"] as? String, name)
        XCTAssertEqual(f.referenceIsLargest, c["referenceGiven"] is NSNull, name)
        let expected = (c["groups"] as! [[String: Any]]) + [c["all"] as! [String: Any]]
        let actual = f.groups + [f.all]
        XCTAssertEqual(actual.map(\.group), expected.map { $0["group"] as! String }, name)
        for (g, e) in zip(actual, expected) {
            let w = "\(name) \(g.group)"
            for (key, value) in [("rows", g.rows), ("approved", g.approved), ("rowsWithOutcome", g.rowsWithOutcome), ("bads", g.bads),
                                 ("goods", g.goods), ("approvedBads", g.approvedBads), ("approvedGoods", g.approvedGoods)] {
                XCTAssertEqual(value, e[key] as? Int, "\(w) \(key)")
            }
            check(g.approvalRate, e["approvalRate"], "\(w) approval rate")
            check(g.badRateApproved, e["badRateApproved"], "\(w) bad rate approved")
            check(g.truePositiveRate, e["truePositiveRate"], "\(w) TPR")
            check(g.falsePositiveRate, e["falsePositiveRate"], "\(w) FPR")
            check(g.equalOpportunityDifference, e["equalOpportunityDifference"], "\(w) EOD")
            if let a = e["adverseImpact"] as? [String: Any] {
                let air = try! XCTUnwrap(g.adverseImpact, w)
                check(air.value, a["value"], "\(w) AIR")
                check(air.confidenceInterval.lower, a["lower"], "\(w) AIR lower")
                check(air.confidenceInterval.upper, a["upper"], "\(w) AIR upper")
                XCTAssertEqual(air.zeroCellCorrected, a["corrected"] as? Bool, "\(w) zero-cell correction")
                XCTAssertEqual(air.belowFourFifths, a["below"] as? Bool, "\(w) four-fifths flag")
            } else {
                XCTAssertNil(g.adverseImpact, "\(w): the reference and all rows have no AIR")
            }
            if let a = e["auc"] as? [String: Any] {
                let auc = try! XCTUnwrap(g.auc, w)
                check(auc.value, a["value"], "\(w) AUC")
                check(auc.variance, a["variance"], "\(w) DeLong variance")
                check(auc.confidenceInterval.lower, a["lower"], "\(w) AUC lower")
                check(auc.confidenceInterval.upper, a["upper"], "\(w) AUC upper")
                XCTAssertEqual(g.aucNote != nil, a["variance"] is NSNull, "\(w): a note exactly when the interval is n/a")
            } else {
                XCTAssertNil(g.auc, w)
                XCTAssertNotNil(g.aucNote, "\(w): why there is no AUC")
            }
            if let k = e["calibration"] as? [String: Any] {
                let cal = try! XCTUnwrap(g.calibration, w)
                XCTAssertEqual(cal.rows, k["rows"] as? Int, w)
                XCTAssertEqual(cal.observedBads, k["observedBads"] as? Int, w)
                check(cal.meanPD, k["meanPD"], "\(w) mean PD")
                check(cal.observedBadRate, k["observedBadRate"], "\(w) bad rate")
                check(cal.expectedBads, k["expectedBads"], "\(w) expected bads")
                check(cal.z, k["z"], "\(w) calibration z")
                check(cal.pValue, k["pValue"], "\(w) calibration p")
            } else {
                XCTAssertNil(g.calibration, w)
            }
        }
    }

    private func doubles(_ column: String) -> [Double] { FairnessFixture.scores[column]!.map { Double($0) ?? .nan } }

    func testEmploymentTypeAtAPointsCutoff() throws {
        let c = FairnessFixture.cases["employment_points"]!
        let outcomes = FairnessFixture.scores["default"]!.map { Optional($0 == "1") }
        let groups = FairnessGroups(labels: FairnessFixture.scores["employment_type"]!,
                                    order: FairnessFixture.scores["employment_type"]!.sorted())
        let f = try GroupFairness(scores: doubles("score"), probabilities: doubles("pd"), isBad: outcomes, groups: groups,
                                  cutoff: Cutoff(540, scale: .points))
        compare(f, with: c, case: "employment_points")
        XCTAssertEqual(f.reference, "salaried")
        XCTAssertTrue(f.groups.contains { $0.adverseImpact?.belowFourFifths == true }, "the fixture shows adverse impact")
    }

    func testIncomeBandsAtAPDCutoffWithAGivenReference() throws {
        let c = FairnessFixture.cases["income_bands_pd"]!
        let keep = FairnessFixture.scores["pd_lr"]!.indices.filter { !FairnessFixture.scores["pd_lr"]![$0].isEmpty }
        let income = doubles("monthly_income"), pd = doubles("pd_lr"), y = FairnessFixture.scores["default"]!
        let groups = try FairnessGroups(.numeric(keep.map { income[$0] }), name: "monthly_income", bands: [500, 1000, 2000])
        XCTAssertEqual(groups.levels, ["< 500", "[500, 1000)", "[1000, 2000)", "≥ 2000"])
        let f = try GroupFairness(scores: keep.map { pd[$0] }, probabilities: keep.map { pd[$0] }, isBad: keep.map { y[$0] == "1" },
                                  groups: groups, cutoff: Cutoff(0.15, scale: .pd), reference: "[500, 1000)")
        compare(f, with: c, case: "income_bands_pd")
    }

    func testMissingGroupValuesAndOutcomes() throws {
        let c = FairnessFixture.cases["region_edited_pd"]!
        var region = FairnessFixture.scores["region"]!
        let y = FairnessFixture.scores["default"]!
        var outcomes: [Bool?] = y.map { $0 == "1" }
        for i in region.indices {
            if i % 40 == 0 { region[i] = "" }
            if i % 9 == 4 { outcomes[i] = nil }
        }
        // Through a categorical column, as the CLI reads it: a blank cell is missing.
        let levels = Array(Set(region.filter { !$0.isEmpty })).sorted()
        let codes = region.map { $0.isEmpty ? Int32(-1) : Int32(levels.firstIndex(of: $0)!) }
        let groups = try FairnessGroups(.categorical(CategoricalColumn(levels: levels, codes: codes)), name: "region")
        XCTAssertEqual(groups.levels.last, FairnessGroups.missingLabel)
        let f = try GroupFairness(scores: doubles("pd"), probabilities: doubles("pd"), isBad: outcomes, groups: groups,
                                  cutoff: Cutoff(0.12, scale: .pd), reference: "capital")
        compare(f, with: c, case: "region_edited_pd")
        XCTAssertLessThan(f.all.rowsWithOutcome, f.all.rows, "rows without an outcome count for approval only")
    }

    func testZeroCellsOneRowGroupsAndGroupsWithOneClass() throws {
        let c = FairnessFixture.cases["tiny"]!
        let data = c["data"] as! [String: Any]
        let score = data["score"] as! [Double]
        let bad = (data["bad"] as! [Any]).map { ($0 as? Int).map { $0 == 1 } }
        let f = try GroupFairness(scores: score, probabilities: score, isBad: bad,
                                  groups: FairnessGroups(labels: data["group"] as! [String]), cutoff: Cutoff(0.3, scale: .pd))
        compare(f, with: c, case: "tiny")
        let byName = Dictionary(uniqueKeysWithValues: f.groups.map { ($0.group, $0) })
        XCTAssertEqual(byName["A"]!.adverseImpact!.value, 0, "no approvals: AIR 0, interval from the corrected table")
        XCTAssertEqual(byName["C"]!.rows, 1)
        XCTAssertEqual(byName["C"]!.aucNote, "no goods")
        XCTAssertEqual(byName["D"]!.aucNote, "no goods")
        XCTAssertEqual(byName["E"]!.aucNote, "no interval with a single bad")
    }
}

/// Groups, bands and the errors of the library.
final class FairnessGroupsTests: XCTestCase {
    func testBandsAreClosedOnTheLeftAndMissingIsItsOwnGroup() throws {
        let g = try FairnessGroups(.numeric([24.9, 25, 39.99, 40, 60, .nan, 100]), name: "age", bands: [25, 40, 60])
        XCTAssertEqual(g.labels, ["< 25", "[25, 40)", "[25, 40)", "[40, 60)", "≥ 60", "(missing)", "≥ 60"])
        XCTAssertEqual(g.levels, ["< 25", "[25, 40)", "[40, 60)", "≥ 60", "(missing)"])
        XCTAssertEqual(FairnessGroups.bandLabels([0.5, 2]), ["< 0.5", "[0.5, 2)", "≥ 2"])
    }

    func testBadBandsAndColumnsAreRefused() {
        XCTAssertThrowsError(try FairnessGroups(.numeric([1, 2]), name: "x", bands: [3, 2])) {
            XCTAssertEqual($0 as? FairnessError, .bandsNotIncreasing([3, 2]))
        }
        XCTAssertThrowsError(try FairnessGroups(.numeric([1, 2]), name: "x", bands: [2, 2]))
        XCTAssertThrowsError(try FairnessGroups(.numeric([1, 2, 3, 4, 5]), name: "x")) {
            guard case .numericWithoutBands(let c, let q)? = $0 as? FairnessError else { return XCTFail("\($0)") }
            XCTAssertEqual(c, "x"); XCTAssertEqual(q, [2, 3, 4])
        }
        XCTAssertThrowsError(try FairnessGroups(.categorical(CategoricalColumn(levels: ["a"], codes: [0])), name: "c", bands: [1])) {
            XCTAssertEqual($0 as? FairnessError, .bandsOnCategorical(column: "c"))
        }
    }

    func testInputErrors() {
        let g = FairnessGroups(labels: ["a", "b"])
        XCTAssertThrowsError(try GroupFairness(scores: [1, 2], probabilities: [0.1, 0.2], isBad: [true, false], groups: g,
                                               cutoff: Cutoff(0.1, scale: .pd), reference: "c")) {
            XCTAssertEqual($0 as? FairnessError, .referenceNotFound("c", levels: ["a", "b"]))
        }
        XCTAssertThrowsError(try GroupFairness(scores: [1], probabilities: [0.1, 0.2], isBad: [true, false], groups: g,
                                               cutoff: Cutoff(0.1, scale: .pd)))
        XCTAssertThrowsError(try GroupFairness(scores: [.nan, 1], probabilities: [0.1, 0.2], isBad: [true, false], groups: g,
                                               cutoff: Cutoff(0.1, scale: .pd))) {
            XCTAssertEqual($0 as? FairnessError, .nonFiniteScore(row: 0))
        }
    }

    /// The largest group is the default reference; the first in order on a tie.
    func testDefaultReference() throws {
        let g = FairnessGroups(labels: ["b", "a", "a", "b", "c"], order: ["a", "b", "c"])
        let f = try GroupFairness(scores: [0.1, 0.2, 0.3, 0.4, 0.5], probabilities: [0.1, 0.2, 0.3, 0.4, 0.5],
                                  isBad: [nil, nil, nil, nil, nil], groups: g, cutoff: Cutoff(0.25, scale: .pd))
        XCTAssertEqual(f.reference, "a")
        XCTAssertTrue(f.referenceIsLargest)
        XCTAssertNil(f.all.calibration, "no outcomes: approval columns only")
        XCTAssertEqual(f.all.aucNote, "no outcomes")
    }
}
