import Foundation
import XCTest
import CreditBinning
import CreditRegression
import CreditScorecard
import CreditTabular
import TestSupport

/// The out-of-core scorecard (`CacheBinning` + `StreamingDesign.woe` + `StreamingLogisticRegression`) against the
/// in-memory `ScorecardSection.train(table:…)` on data that fits: identical bins, counts, WoE, IV and integer
/// points (exact: the same counts feed the same code), coefficients within 1e-9 relative (the fits add the same
/// terms in different orders; see Tests/CreditRegressionTests/OutOfCoreTests.swift).
final class OutOfCoreScorecardTests: XCTestCase {
    static let german = PackagePaths.path("datasets/german_credit.csv")

    private func cache(_ path: String) throws -> ColumnarCache {
        try ColumnarCache.build(path: path, directory: NSTemporaryDirectory())
    }

    /// A seeded file with what German credit lacks: many distinct values (fine classing by pre-bins and tree cuts),
    /// missing values, a special code, rare categorical levels, a missing categorical value and rows without a target.
    static let synthetic: String = {
        var g = SeededGenerator(seed: 424242)
        var lines = ["bad,income,utilisation,age,region,bureau"]
        for _ in 0..<6000 {
            let income = (g.normal() * 12_000 + 40_000).rounded()
            let util = g.uniform()
            let age = (18 + g.uniform() * 60).rounded(.down)
            let regions = ["north", "south", "east", "west", "île", "rare1", "rare2"]
            let u = g.uniform()
            let region = u < 0.003 ? regions[5] : u < 0.006 ? regions[6] : u < 0.05 ? "" : regions[Int(g.uniform() * 5)]
            let bureau = g.uniform() < 0.1 ? -999 : (g.normal() * 50 + 600).rounded()
            let eta = -2 - 0.00003 * (income - 40_000) + 1.5 * (util - 0.5) - 0.02 * (age - 45) + (region == "east" ? 0.5 : 0) + (bureau == -999 ? 0.7 : -0.01 * (bureau - 600))
            let p = 1 / (1 + exp(-eta))
            let bad = g.uniform() < 0.01 ? "" : (g.uniform() < p ? "1" : "0")
            let incomeText = g.uniform() < 0.07 ? "" : String(Int(income))
            let utilText = g.uniform() < 0.03 ? "NA" : String(util)
            lines.append("\(bad),\(incomeText),\(utilText),\(Int(age)),\(region),\(Int(bureau))")
        }
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("ooc-scorecard.csv")
        try! lines.joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    private func assertSame(memory m: (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult),
                            streamed s: (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult),
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(s.binning.spec, m.binning.spec, "bins (cut points, groups)", file: file, line: line)
        XCTAssertEqual(s.binning.tables, m.binning.tables, "counts, WoE, IV, KS, Gini", file: file, line: line)
        XCTAssertEqual(s.binning.ranking, m.binning.ranking, file: file, line: line)
        XCTAssertEqual(s.binning.rowsWithoutTarget, m.binning.rowsWithoutTarget, file: file, line: line)
        XCTAssertEqual(s.section.excluded, m.section.excluded, file: file, line: line)
        XCTAssertEqual(s.section.characteristics.map(\.name), m.section.characteristics.map(\.name), file: file, line: line)
        XCTAssertEqual(s.section.characteristics.map(\.points), m.section.characteristics.map(\.points), "points table", file: file, line: line)
        XCTAssertEqual(s.section.characteristics.map(\.bins), m.section.characteristics.map(\.bins), file: file, line: line)
        XCTAssertEqual(s.section.characteristics.map(\.table), m.section.characteristics.map(\.table), file: file, line: line)
        XCTAssertEqual(s.section.reasons, m.section.reasons, "reason settings and reference points", file: file, line: line)
        XCTAssertEqual(s.section.wrongSign, m.section.wrongSign, file: file, line: line)
        XCTAssertEqual(s.fit.termNames, m.fit.termNames, file: file, line: line)
        assertClose(s.fit.coefficients, m.fit.coefficients, relative: 1e-9, "coefficients", file: file, line: line)
        assertClose(s.fit.standardErrors, m.fit.standardErrors, relative: 1e-9, "se", file: file, line: line)
        assertClose(s.fit.logLikelihood, m.fit.logLikelihood, relative: 1e-9, "llf", file: file, line: line)
        XCTAssertEqual(s.fit.observations, m.fit.observations, file: file, line: line)
        XCTAssertEqual(s.fit.events, m.fit.events, file: file, line: line)
        assertClose(s.section.intercept, m.section.intercept, relative: 1e-9, "intercept", file: file, line: line)
        for (a, b) in zip(s.section.characteristics, m.section.characteristics) {
            assertClose(a.rawPoints, b.rawPoints, relative: 1e-9, "raw points \(a.name)", file: file, line: line)
        }
    }

    private func both(_ path: String, target: String, process: BinningProcess, reasons: ReasonSettings = ReasonSettings(),
                      chunkRows: Int = 65_536) throws
        -> (memory: (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult),
            streamed: (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult)) {
        let table = try CSVReader.read(path: path)
        let scaling = ScorecardScaling(pdo: 20, baseScore: 600, baseOdds: 50)
        let m = try ScorecardSection.train(table: table, target: target, bad: "1", process: process, scaling: scaling, reasons: reasons)
        let s = try ScorecardSection.train(cache: try cache(path), target: target, bad: "1",
                                           binning: CacheBinning(process: process, chunkRows: chunkRows), scaling: scaling,
                                           reasons: reasons, fitter: StreamingLogisticRegression(chunkRows: chunkRows))
        return ((m.section, m.fit, m.binning), s)
    }

    func testGermanCreditEqualsInMemory() throws {
        let process = BinningProcess(selection: SelectionCriteria(minIV: 0.02))
        let (m, s) = try both(Self.german, target: "default", process: process)
        XCTAssertGreaterThan(m.section.characteristics.count, 5)
        assertSame(memory: m, streamed: s)
    }

    func testGermanCreditOtherMethodsAndAverageReference() throws {
        for method in [BinningMethod.chimerge, .tree, .quantile, .uniform] {
            var o = BinningOptions(); o.method = method; o.maxBins = 6; o.preBins = 20
            let (m, s) = try both(Self.german, target: "default", process: BinningProcess(options: o, selection: SelectionCriteria(minIV: 0.02)),
                                  reasons: ReasonSettings(count: 3, reference: .average))
            assertSame(memory: m, streamed: s)
        }
    }

    func testSyntheticWithMissingSpecialsAndRareLevelsEqualsInMemory() throws {
        var o = BinningOptions(); o.preBins = 50
        let process = BinningProcess(options: o, specials: ["bureau": [SpecialGroup(codes: ["-999"])]],
                                     selection: SelectionCriteria(minIV: 0.0, maxMissingRate: 0.5, maxIdenticalRate: 0.99))
        let (m, s) = try both(Self.synthetic, target: "bad", process: process, reasons: ReasonSettings(reference: .average))
        // The file exercises what it should.
        let income = try XCTUnwrap(m.binning.tables.first { $0.name == "income" })
        XCTAssertGreaterThan(income.bins.last { $0.kind == "missing" }!.count, 0)
        XCTAssertGreaterThan(m.binning.rowsWithoutTarget, 0)
        XCTAssertFalse(try XCTUnwrap(m.binning.spec.characteristics.first { $0.name == "region" }?.other).isEmpty)
        XCTAssertGreaterThan(m.binning.tables.first { $0.name == "bureau" }!.bins.first { $0.kind == "special" }!.count, 0)
        assertSame(memory: m, streamed: s)
    }

    func testChunkSizeDoesNotChangeTheAnswer() throws {
        let process = BinningProcess(specials: ["bureau": [SpecialGroup(codes: ["-999"])]], selection: SelectionCriteria(minIV: 0.0))
        let (_, a) = try both(Self.synthetic, target: "bad", process: process, chunkRows: 65_536)
        for chunk in [1, 97, 1000] {
            let (_, b) = try both(Self.synthetic, target: "bad", process: process, chunkRows: chunk)
            XCTAssertEqual(a.binning.spec, b.binning.spec)
            XCTAssertEqual(a.binning.tables, b.binning.tables)
            XCTAssertEqual(a.section.characteristics.map(\.points), b.section.characteristics.map(\.points))
            assertClose(b.fit.coefficients, a.fit.coefficients, relative: 1e-10, "coefficients, chunk \(chunk)")
        }
    }

    /// Above the sketch capacity the fine classes are cells of a sketch-quantile grid: the bins may differ from
    /// the in-memory ones, but every cut is a data value and the counts are exact for those cuts (the in-memory
    /// `BinningTable.build` of the same spec over the whole table gives the same table).
    func testGridCellsGiveExactCountsForTheirCuts() throws {
        let process = BinningProcess(specials: ["bureau": [SpecialGroup(codes: ["-999"])]], selection: SelectionCriteria(minIV: 0.0))
        let table = try CSVReader.read(path: Self.synthetic)
        let flags = try TargetCoding.flags(table: table, target: "bad", bad: "1")
        let result = try CacheBinning(process: process, sketchCapacity: 64, gridSize: 200, chunkRows: 500)
            .run(cache: try cache(Self.synthetic), target: "bad", bad: "1")
        for (spec, t) in zip(result.spec.characteristics, result.tables) {
            let expected = try BinningTable.build(spec: spec, column: table[spec.name]!, flags: flags, options: process.options)
            XCTAssertEqual(t.bins, expected.bins, spec.name)
            XCTAssertEqual(t.informationValue, expected.informationValue, spec.name)
            if case .numeric(let v) = table[spec.name]! {
                for c in spec.cuts ?? [] { XCTAssertTrue(v.contains(c), "\(spec.name): cut \(c) is a data value") }
            }
        }
        // Income has more distinct values than the capacity, so it really ran on the grid.
        guard case .numeric(let income) = table["income"]! else { return XCTFail("income is numeric") }
        XCTAssertGreaterThan(Set(income.filter { !$0.isNaN }).count, 64)
    }

    /// The equal-frequency cut points are exact on the grid too (an exact-selection window around each sketch
    /// quantile), so the quantile method — which uses nothing else — gives the in-memory bins with a sketch far
    /// too small to hold the column (capacity 64 for ~5,500 distinct incomes).
    func testGridModeQuantileMethodIsExact() throws {
        for (bins, capacity) in [(7, 64), (10, 200), (4, 2)] {
            var o = BinningOptions(); o.method = .quantile; o.maxBins = bins
            let process = BinningProcess(options: o, specials: ["bureau": [SpecialGroup(codes: ["-999"])]], selection: SelectionCriteria(minIV: 0.0))
            let memory = try process.run(table: try CSVReader.read(path: Self.synthetic), target: "bad", bad: "1")
            let streamed = try CacheBinning(process: process, sketchCapacity: capacity, gridSize: 50, chunkRows: 333)
                .run(cache: try cache(Self.synthetic), target: "bad", bad: "1")
            XCTAssertEqual(streamed.spec, memory.spec, "capacity \(capacity)")
            XCTAssertEqual(streamed.tables.map(\.bins), memory.tables.map(\.bins), "capacity \(capacity)")
        }
    }
}
