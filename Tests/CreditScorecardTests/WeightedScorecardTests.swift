import Foundation
import CreditBinning
import CreditRegression
import CreditScorecard
import CreditTabular
import TestSupport
import XCTest

/// Scorecards and binning with frequency weights, against two independent references:
/// - whole-number weights are repeated rows: the card trained with weight wᵢ ∈ {1, 2, 3} equals, bin for bin, WoE
///   for WoE and point for point, the card trained on the file with row i written wᵢ times (no Python: the
///   repeated file is the reference);
/// - fractional weights: on bins fixed in Tests/CreditScorecardTests/Fixtures/make_weighted_scorecard_fixture.py,
///   each bin's weighted goods and bads, WoE and the IV equal pandas' sums, and the WoE regression's coefficients and
///   standard errors equal statsmodels GLM(family=Binomial(), freq_weights=w) on the same WoE design.
final class WeightedScorecardTests: XCTestCase {
    struct Fixture: Decodable {
        struct Characteristic: Decodable {
            var name: String
            var cuts: [Double]?
            var groups: [[String]]?
            var woe: [Double]
            var weightedGoods: [Double]
            var weightedBads: [Double]
            var informationValue: Double
        }
        var weights: [Double]
        var characteristics: [Characteristic]
        var coefficients: [Double]
        var standardErrors: [Double]
    }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditScorecardTests/Fixtures/weighted_scorecard_fixture.json"))
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// `table` with a numeric column `name` appended.
    private func adding(_ name: String, _ values: [Double], to table: Table) -> Table {
        Table(source: table.source, columnNames: table.columnNames + [name], columns: table.columns + [.numeric(values)],
              lineNumbers: table.lineNumbers, delimiter: table.delimiter)
    }

    func testFractionalWeightsMatchPandasAndStatsmodelsGLMWithFrequencyWeights() throws {
        let f = Self.fixture
        let table = adding("w", f.weights, to: try CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv")))
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.columns = f.characteristics.map(\.name)
        request.binning.weightColumn = "w"
        request.binning.selection.minIV = 0
        for c in f.characteristics {
            request.binning.fixed[c.name] = c.cuts.map { CharacteristicBins(name: c.name, cuts: $0) }
                ?? CharacteristicBins(name: c.name, groups: c.groups!)
        }
        let card = try request.run(on: table)
        XCTAssertEqual(card.section.characteristics.map(\.name), f.characteristics.map(\.name))
        XCTAssertEqual(card.section.weightColumn, "w")
        for (c, expected) in zip(card.section.characteristics, f.characteristics) {
            let regular = c.table.bins.filter { $0.kind == "regular" }
            XCTAssertEqual(regular.count, expected.woe.count, c.name)
            assertClose(regular.map { $0.weightedGoods ?? .nan }, expected.weightedGoods, relative: 1e-12, c.name)
            assertClose(regular.map { $0.weightedBads ?? .nan }, expected.weightedBads, relative: 1e-12, c.name)
            assertClose(regular.map(\.woe), expected.woe, relative: 1e-12, absolute: 1e-12, c.name)
            assertClose([c.table.informationValue], [expected.informationValue], relative: 1e-12, c.name)
            // Row counts stay row counts.
            XCTAssertEqual(c.table.rows, 1000, c.name)
        }
        assertClose(card.fit.coefficients, f.coefficients, relative: 1e-6, absolute: 1e-9)
        assertClose(card.fit.standardErrors, f.standardErrors, relative: 1e-6)
        XCTAssertEqual(card.fit.weighting?.total ?? 0, f.weights.reduce(0, +), accuracy: 1e-9)
    }

    /// The weighted file (`w` = 1 + 7i mod 3 appended to row i) and the file with row i written wᵢ times.
    private func weightedAndRepeated(_ dataset: String) throws -> (weighted: Table, repeated: Table) {
        let files = try ReplicatedCSV.files(dataset)
        return (try CSVReader.read(path: files.weighted), try CSVReader.read(path: files.repeated))
    }

    private func assertSameCard(_ w: ScorecardTraining, _ r: ScorecardTraining, _ what: String) {
        XCTAssertEqual(w.section.characteristics.map(\.name), r.section.characteristics.map(\.name), what)
        XCTAssertEqual(w.section.excluded, r.section.excluded, what)
        XCTAssertEqual(w.binning.ranking.map(\.name), r.binning.ranking.map(\.name), what)
        assertClose(w.binning.ranking.map(\.informationValue), r.binning.ranking.map(\.informationValue), relative: 1e-12, absolute: 1e-15, what)
        for (a, b) in zip(w.binning.tables, r.binning.tables) {
            XCTAssertEqual(a.bins.map(\.label), b.bins.map(\.label), "\(what) \(a.name)")
            XCTAssertEqual(a.bins.map { $0.weightedGoods ?? -1 }, b.bins.map { Double($0.goods) }, "\(what) \(a.name)")
            XCTAssertEqual(a.bins.map { $0.weightedBads ?? -1 }, b.bins.map { Double($0.bads) }, "\(what) \(a.name)")
            XCTAssertEqual(a.bins.map(\.fallback), b.bins.map(\.fallback), "\(what) \(a.name)")
            assertClose(a.woes, b.woes, relative: 1e-12, absolute: 1e-12, "\(what) \(a.name)")
            assertClose([a.ks, a.gini, a.missingRate, a.identicalRate], [b.ks, b.gini, b.missingRate, b.identicalRate],
                        relative: 1e-12, absolute: 1e-15, "\(what) \(a.name)")
        }
        for (a, b) in zip(w.section.characteristics, r.section.characteristics) {
            XCTAssertEqual(a.bins, b.bins, "\(what) \(a.name)")
            XCTAssertEqual(a.points, b.points, "\(what) \(a.name)")
            assertClose(a.woe, b.woe, relative: 1e-12, absolute: 1e-12, "\(what) \(a.name)")
        }
        assertClose(w.fit.coefficients, r.fit.coefficients, relative: 1e-9, absolute: 1e-12, what)
        assertClose(w.fit.standardErrors, r.fit.standardErrors, relative: 1e-9, what)
        assertClose(w.section.reasons.referencePoints, r.section.reasons.referencePoints, relative: 1e-9, absolute: 1e-9, what)
        XCTAssertEqual(w.section.weightColumn, "w", what)
        XCTAssertNil(r.section.weightColumn, what)
    }

    func testWholeNumberWeightsEqualRepeatedRowsOnGermanCredit() throws {
        let (weighted, repeated) = try weightedAndRepeated("german_credit.csv")
        var request = ScorecardTrainingRequest(target: "default")
        request.reasons.reference = .cutoff
        request.reasons.cutoff = 600
        var withWeights = request
        withWeights.binning.weightColumn = "w"
        assertSameCard(try withWeights.run(on: weighted), try request.run(on: repeated), "german")
        // The selection's fits are weighted too (AIC counts Σw observations, as the repeated rows).
        request.selection = SelectionOptions.scorecard(direction: .stepwise)
        withWeights.selection = request.selection
        assertSameCard(try withWeights.run(on: weighted), try request.run(on: repeated), "german stepwise")
    }

    func testWholeNumberWeightsEqualRepeatedRowsOnSmallBorrowersWithBlanks() throws {
        let (weighted, repeated) = try weightedAndRepeated("small_borrowers.csv")
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.exclude = ["loan_id", "application_date", "true_pd"]
        request.reasons.reference = .average
        request.binning.selection.maxCorrelation = 0.6
        var withWeights = request
        withWeights.binning.weightColumn = "w"
        let card = try withWeights.run(on: weighted)
        // The thin-file blanks make missing bins; they are weighted like every other bin.
        XCTAssertTrue(card.section.characteristics.contains { $0.missingSeenInTraining })
        assertSameCard(card, try request.run(on: repeated), "small borrowers")
    }

    /// Weights that are not frequency weights are refused with the line (only rows with a target are read).
    func testInvalidWeightsAreRefusedWithTheLine() throws {
        let table = try CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))
        var request = ScorecardTrainingRequest(target: "default")
        request.binning.weightColumn = "w"
        for bad in [-1.0, .nan, .infinity] {
            var w = [Double](repeating: 1, count: table.rowCount)
            w[4] = bad
            XCTAssertThrowsError(try request.run(on: adding("w", w, to: table))) { error in
                guard case .invalidWeight(let column, let line, _)? = error as? BinningError else { return XCTFail("\(error)") }
                XCTAssertEqual(column, "w")
                XCTAssertEqual(line, 6)
                XCTAssertTrue("\(error)".hasPrefix("weight column 'w', line 6: \(bad.isNaN ? "missing" : "\(bad)") is not"), "\(error)")
            }
        }
        // Bads that all weigh 0: no WoE exists (it would be −∞), so the binning refuses.
        guard case .numeric(let outcome)? = table["default"] else { return XCTFail("default is numeric") }
        XCTAssertThrowsError(try request.run(on: adding("w", outcome.map { $0 == 1 ? 0 : 1 }, to: table))) {
            XCTAssertEqual($0 as? BinningError, .zeroWeightClass(target: "default", weight: "w", bads: true))
        }
        request.binning.weightColumn = "purpose"
        XCTAssertThrowsError(try request.run(on: table)) { XCTAssertEqual($0 as? BinningError, .weightNotNumeric(column: "purpose")) }
    }
}
