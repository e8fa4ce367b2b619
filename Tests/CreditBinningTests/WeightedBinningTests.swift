import Foundation
import CreditBinning
import CreditTabular
import TestSupport
import XCTest

/// Frequency-weighted binning against repeated rows: with weight wᵢ ∈ {1, 2, 3}, every method, the size
/// constraints, special codes, the small-bin fallbacks, a Laplace rule and the correlation/VIF filters give the
/// tables of the file with row i written wᵢ times (bins, weighted goods and bads = the repeated counts, WoE, IV,
/// KS, Gini, rates, the ranking and its verdicts).
final class WeightedBinningTests: XCTestCase {
    /// small_borrowers.csv with `w` = 1 + 7i mod 3 appended (weighted) and with row i written wᵢ times (repeated).
    static let tables: (weighted: Table, repeated: Table) = {
        let files = try! ReplicatedCSV.files("small_borrowers.csv")
        return (try! CSVReader.read(path: files.weighted), try! CSVReader.read(path: files.repeated))
    }()

    private func assertSame(_ request: BinningRequest, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var weighted = request
        weighted.weightColumn = "w"
        let w = try weighted.run(on: Self.tables.weighted), r = try request.run(on: Self.tables.repeated)
        XCTAssertEqual(w.spec.characteristics, r.spec.characteristics, what, file: file, line: line)
        XCTAssertEqual(w.ranking.map(\.name), r.ranking.map(\.name), what, file: file, line: line)
        XCTAssertEqual(w.ranking.map(\.selected), r.ranking.map(\.selected), what, file: file, line: line)
        for (a, b) in zip(w.tables, r.tables) {
            let name = "\(what) \(a.name)"
            XCTAssertEqual(a.bins.map { $0.weightedGoods ?? -1 }, b.bins.map { Double($0.goods) }, name, file: file, line: line)
            XCTAssertEqual(a.bins.map { $0.weightedBads ?? -1 }, b.bins.map { Double($0.bads) }, name, file: file, line: line)
            XCTAssertEqual(a.bins.map(\.fallback), b.bins.map(\.fallback), name, file: file, line: line)
            XCTAssertEqual(a.bins.map(\.smallBinTest), b.bins.map(\.smallBinTest), name, file: file, line: line)
            assertClose(a.woes, b.woes, relative: 1e-12, absolute: 1e-12, name, file: file, line: line)
            assertClose(a.bins.map(\.share), b.bins.map(\.share), relative: 1e-12, absolute: 1e-15, name, file: file, line: line)
            assertClose([a.informationValue, a.ks, a.gini, a.missingRate, a.identicalRate],
                        [b.informationValue, b.ks, b.gini, b.missingRate, b.identicalRate], relative: 1e-12, absolute: 1e-15,
                        name, file: file, line: line)
            XCTAssertEqual(a.breaksTrend, b.breaksTrend, name, file: file, line: line)
            // Row counts are the weighted file's rows.
            XCTAssertEqual(a.rows, Self.tables.weighted.rowCount, name, file: file, line: line)
        }
    }

    func testEveryMethodAndConstraintEqualsRepeatedRows() throws {
        var base = BinningRequest(target: "default")
        base.exclude = ["loan_id", "application_date", "true_pd"]
        try assertSame(base, "defaults")
        var constrained = base
        constrained.options.minBinShare = 0.1
        constrained.options.minBads = 40
        constrained.options.maxBins = 5
        constrained.options.maxPValue = 0.05
        constrained.specials = ["lenders_count": [SpecialGroup(codes: ["0"])], "inquiries_6m": [SpecialGroup(codes: ["5", "6"])]]
        constrained.options.smallBinFallback = .riskiest
        constrained.options.zeroCountRule = .allCells(0.5)
        constrained.selection = SelectionCriteria(minIV: 0.02, maxCorrelation: 0.5, maxVIF: 1.5)
        try assertSame(constrained, "constrained")
        for method in [BinningMethod.chimerge, .tree, .quantile, .uniform] {
            var r = base
            r.options.method = method
            r.options.maxBins = BinningOptions.defaultMaxBins(for: method)
            try assertSame(r, method.rawValue)
        }
        var peak = base
        peak.options.trend = .peak
        peak.options.preBins = 20
        try assertSame(peak, "peak")
    }
}
