@testable import CreditBinning
import Foundation
import CreditTabular
import TestSupport
import XCTest

/// The sorting paths of the numeric binner (`NumericAtoms`; the radix sort and `DecimalKeys` it uses are tested in
/// CreditSupportTests) and the block-bounded tree search, each against a plain reference: a dictionary of counts,
/// a full scan of every split point, and `BinningTable.build`'s row-by-row counts.
final class NumericAtomsTests: XCTestCase {
    /// Distinct regular values with their goods and bads, by a dictionary and the standard sort.
    func reference(_ v: [Double], _ flags: [Int8], specials: Set<Double>) -> (values: [Double], atoms: [ClassCounts], most: Int) {
        var counts: [Double: ClassCounts] = [:], specialCounts: [Double: Int] = [:]
        for i in v.indices where flags[i] >= 0 && !v[i].isNaN {
            if specials.contains(v[i]) { specialCounts[v[i], default: 0] += 1; continue }
            if flags[i] == 1 { counts[v[i] + 0, default: ClassCounts(goods: 0, bads: 0)].bads += 1 } else {
                counts[v[i] + 0, default: ClassCounts(goods: 0, bads: 0)].goods += 1
            }
        }
        let values = counts.keys.sorted()
        let atoms = values.map { counts[$0]! }
        return (values.map { $0 + 0 }, atoms, max(Int(atoms.map(\.count).max() ?? 0), specialCounts.values.max() ?? 0))
    }

    func check(_ v: [Double], _ flags: [Int8], specials: [Double: Int], groups: Int, _ label: String) {
        let a = NumericAtoms(values: v, flags: flags, specialGroup: specials, specialGroups: groups)
        let r = reference(v, flags, specials: Set(specials.keys))
        XCTAssertEqual(a.atoms, r.atoms, label)
        XCTAssertEqual(a.atoms.indices.map { a.value($0).bitPattern }, r.values.map(\.bitPattern), label)
        XCTAssertEqual(a.mostFrequent, r.most, label)
        let known = flags.indices.filter { flags[$0] >= 0 }
        XCTAssertEqual(a.bads, known.filter { flags[$0] == 1 }.count, label)
        XCTAssertEqual(a.goods, known.count - a.bads, label)
        XCTAssertEqual(a.missingBads, known.filter { flags[$0] == 1 && v[$0].isNaN }.count, label)
        XCTAssertEqual(a.missingGoods, known.filter { flags[$0] != 1 && v[$0].isNaN }.count, label)
        for g in 0..<groups {
            let rows = known.filter { !v[$0].isNaN && specials[v[$0]] == g }
            XCTAssertEqual(a.specialBads[g], rows.filter { flags[$0] == 1 }.count, label)
            XCTAssertEqual(a.specialGoods[g], rows.filter { flags[$0] != 1 }.count, label)
        }
    }

    func testAtomsEqualACountedReferenceOnDecimalAndOtherColumns() {
        var rng = SeededGenerator(seed: 44)
        for n in [0, 5, 300, 20_000] {
            let flags = (0..<n).map { _ -> Int8 in [-1, 0, 0, 0, 1][Int(rng.next() % 5)] }
            let columns: [(String, [Double])] = [
                ("2 decimals with ties", (0..<n).map { _ in (rng.normal() * 300).rounded() / 100 }),
                ("integers, NaN, signed zeros and specials", (0..<n).map { _ in
                    [Double.nan, -0.0, 0, -999, -998, 3, 4][Int(rng.next() % 7)] + (rng.next() % 4 == 0 ? Double(rng.next() % 50) : 0) }),
                ("7 decimals", (0..<n).map { _ in (rng.normal() * 1e7).rounded() / 1e7 }),
                ("no short decimal form", (0..<n).map { _ in rng.normal() / 3 }),
                ("decimal sample, then a value with more digits", (0..<n).map { i in i == n - 1 ? 1.0 / 7 : Double(i % 37) / 4 }),
                ("huge and infinite values", (0..<n).map { _ in [1e300, -1e300, .infinity, -.infinity, 2.5][Int(rng.next() % 5)] }),
            ]
            for (name, v) in columns {
                check(v, flags, specials: [:], groups: 0, "\(name), n = \(n)")
                check(v, flags, specials: [-999: 0, -998: 1, 3: 1], groups: 2, "\(name) with specials, n = \(n)")
            }
        }
    }

    /// The per-bin counts the binner returns are those `BinningTable.build` finds row by row (and so is the table).
    func testBinCountsEqualRowByRowCounting() throws {
        var rng = SeededGenerator(seed: 45)
        let n = 30_000
        let flags = (0..<n).map { _ -> Int8 in [-1, 0, 0, 0, 0, 1, 1][Int(rng.next() % 7)] }
        var options = BinningOptions()
        options.minBinShare = 0.02
        for method in BinningMethod.allCases {
            options.method = method
            for decimals in [2.0, 5.0] {
                let v = (0..<n).map { i -> Double in
                    let r = rng.next() % 20
                    if r == 0 { return .nan }
                    if r == 1 { return -999 }
                    // Bad rate rising with the value, so the search has something to find.
                    let x = (Double(flags[i]) + rng.normal()) * 10
                    return (x * pow(10, decimals)).rounded() / pow(10, decimals)
                }
                let specials = [SpecialGroup(codes: ["-999"])]
                let r = try Binner.binCountingValues(name: "x", column: .numeric(v), flags: flags, specials: specials, options: options)
                let counts = try XCTUnwrap(r.binCounts)
                let fromCounts = BinningTable.make(spec: r.bins, goods: counts.goods, bads: counts.bads, mostFrequent: r.mostFrequent, options: options)
                let rowByRow = try BinningTable.build(spec: r.bins, column: .numeric(v), flags: flags, options: options)
                XCTAssertEqual(fromCounts, rowByRow, "\(method), \(decimals) decimals")
                XCTAssertGreaterThan(r.bins.cuts?.count ?? 0, 0, "\(method)")
            }
        }
    }
}

final class BlockBoundedTreeTests: XCTestCase {
    /// The full scan of every split point (the definition of the best-first tree).
    func reference(_ pre: [ClassCounts], maxLeaves: Int, feasible: (Double, Double) -> Bool,
                   impurity: (Double, Double) -> Double) -> [Int] {
        let m = pre.count
        var G = [Double](repeating: 0, count: m + 1), B = G
        for i in 0..<m { G[i + 1] = G[i] + pre[i].goods; B[i + 1] = B[i] + pre[i].bads }
        func bestSplit(_ s: Int, _ e: Int) -> (at: Int, gain: Double)? {
            let g = G[e] - G[s], b = B[e] - B[s]
            let parent = (g + b) * impurity(g, b)
            var best: (Int, Double)? = nil
            for t in (s + 1)..<max(s + 1, e) {
                let lg = G[t] - G[s], lb = B[t] - B[s], rg = g - lg, rb = b - lb
                guard feasible(lg, lb), feasible(rg, rb) else { continue }
                let gain = parent - (lg + lb) * impurity(lg, lb) - (rg + rb) * impurity(rg, rb)
                if gain > 1e-12 && (best == nil || gain > best!.1) { best = (t, gain) }
            }
            return best
        }
        var leaves: [(start: Int, end: Int, split: (at: Int, gain: Double)?)] = [(0, m, bestSplit(0, m))]
        while leaves.count < maxLeaves {
            var choice: Int? = nil
            for (li, leaf) in leaves.enumerated() {
                if let s = leaf.split, choice == nil || s.gain > leaves[choice!].split!.gain { choice = li }
            }
            guard let c = choice else { break }
            let leaf = leaves[c], at = leaf.split!.at
            leaves.replaceSubrange(c...c, with: [(leaf.start, at, bestSplit(leaf.start, at)), (at, leaf.end, bestSplit(at, leaf.end))])
        }
        return leaves.dropFirst().map(\.start)
    }

    func testEqualsTheFullScanOnManyAtoms() {
        var rng = SeededGenerator(seed: 46)
        for (m, shape) in [(3000, 0), (20_000, 1), (20_000, 2), (5000, 3), (700, 0)] {
            let pre = (0..<m).map { i -> ClassCounts in
                switch shape {
                case 0:   // one row per atom, bad rate rising then falling
                    let p = 0.05 + 0.3 * sin(Double(i) / Double(m) * .pi)
                    return rng.uniform() < p ? ClassCounts(goods: 0, bads: 1) : ClassCounts(goods: 1, bads: 0)
                case 1:   // small random counts, flat bad rate (ties and near-ties)
                    return ClassCounts(goods: Double(rng.next() % 4), bads: Double(rng.next() % 2))
                case 2:   // a step in the bad rate
                    return i < m / 3 ? ClassCounts(goods: 3, bads: 1) : ClassCounts(goods: 1, bads: Double(rng.next() % 3))
                default:  // identical atoms: every split of a leaf has the same gain (leftmost wins)
                    return ClassCounts(goods: 2, bads: 1)
                }
            }
            let rows = pre.reduce(0.0) { $0 + $1.count }
            for (minRows, minGoods, minBads) in [((0.05 * rows).rounded(.up), 0.0, 0.0), ((0.02 * rows).rounded(.up), 30.0, 10.0), (1.0, 1.0, 1.0)] {
                let feasible = { (g: Double, b: Double) in g + b >= minRows && g >= minGoods && b >= minBads }
                for (name, impurity) in [("gini", EntropyTree.gini), ("entropy", EntropyTree.entropy)] as [(String, (Double, Double) -> Double)] {
                    for leaves in [2, 20] {
                        XCTAssertEqual(EntropyTree.bestFirstSplits(pre, maxLeaves: leaves, minRows: minRows, minGoods: minGoods,
                                                                   minBads: minBads, impurity: impurity),
                                       reference(pre, maxLeaves: leaves, feasible: feasible, impurity: impurity),
                                       "m = \(m), shape \(shape), \(name), minRows \(minRows), \(leaves) leaves")
                    }
                }
            }
        }
    }
}
