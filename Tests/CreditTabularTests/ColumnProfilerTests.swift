import Foundation
import XCTest
import CreditProbability
import TestSupport
@testable import CreditTabular

/// The reference profile of Fixtures/profile_data.csv, computed by pandas and numpy
/// (Fixtures/make_profile_fixture.py; the versions are in the JSON).
private struct ProfileFixture: Decodable {
    struct Column: Decodable {
        var count: Int
        var missing: Int
        var distinct: Int
        var mean: Double?
        var std: Double?
        var min: Double?
        var max: Double?
        var q25: Double?
        var median: Double?
        var q75: Double?
        var top: [[StringOrInt]]?
        var bad_rate_when_missing: Double?
    }
    enum StringOrInt: Decodable {
        case string(String), int(Int)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
        }
    }
    struct Target: Decodable { var bads: Int; var goods: Int; var missing: Int }
    var versions: [String: String]
    var rows: Int
    var columns: [String: Column]
    var target: Target

    static let dataPath = PackagePaths.path("Tests/CreditTabularTests/Fixtures/profile_data.csv")
    static func load() throws -> ProfileFixture {
        let url = URL(fileURLWithPath: PackagePaths.path("Tests/CreditTabularTests/Fixtures/profile_fixture.json"))
        return try JSONDecoder().decode(ProfileFixture.self, from: Data(contentsOf: url))
    }

    /// A numeric column of the data file read with a plain split (empty and NA are missing), as a reference
    /// independent of the CSV reader: the values sorted.
    static func sortedValues(_ name: String) throws -> [Double] {
        let lines = try String(contentsOfFile: dataPath, encoding: .utf8).split(separator: "\n")
        let j = lines[0].split(separator: ",").firstIndex(of: Substring(name))!
        return lines.dropFirst().compactMap { line -> Double? in
            let field = line.split(separator: ",", omittingEmptySubsequences: false)[j]
            return field.isEmpty || field == "NA" ? nil : Double(field)!
        }.sorted()
    }
}

/// `CSVProfiler` and `ColumnProfiler` against pandas/numpy on each path of the profile: all numbers kept
/// (exact), beyond that budget with every distinct value counted, and beyond the distinct budget with the
/// quantile sketch; chunks of several sizes.
final class ColumnProfilerFixtureTests: XCTestCase {
    private func run(_ limits: ProfileLimits, chunkBytes: Int) throws -> DataProfile {
        try CSVProfiler(path: ProfileFixture.dataPath, limits: limits, chunkBytes: chunkBytes).run(target: "default")
    }

    /// Counts, missing, top levels, bad rates and the target exactly; mean and standard deviation to 1e-12
    /// relative (summation order differs from numpy's pairwise sum); quantiles to 1e-12 relative (numpy
    /// interpolates with a differently arranged formula) unless `sketched` says which columns are estimated.
    private func check(_ profile: DataProfile, _ f: ProfileFixture, sketched: Set<String> = [], limits: ProfileLimits,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(profile.rows, f.rows, file: file, line: line)
        XCTAssertEqual(profile.target, TargetCounts(column: "default", bad: "1", bads: f.target.bads, goods: f.target.goods,
                                                    missing: f.target.missing), file: file, line: line)
        XCTAssertEqual(profile.columns.map(\.name), ["income", "age", "score", "purpose", "default"], file: file, line: line)
        for p in profile.columns {
            let e = try XCTUnwrap(f.columns[p.name])
            let what = "\(p.name)"
            XCTAssertEqual(p.count, e.count, what, file: file, line: line)
            XCTAssertEqual(p.missing, e.missing, what, file: file, line: line)
            if let rate = e.bad_rate_when_missing {
                assertClose(try XCTUnwrap(p.badRateWhenMissing), rate, relative: 1e-15, what, file: file, line: line)
            } else {
                XCTAssertNil(p.badRateWhenMissing, what, file: file, line: line)
            }
            if let top = e.top {
                XCTAssertEqual(p.type, .categorical, what, file: file, line: line)
                XCTAssertEqual(p.distinct, e.distinct, what, file: file, line: line)
                let expected = top.map { pair -> ColumnProfile.LevelCount in
                    guard case .string(let level) = pair[0], case .int(let n) = pair[1] else { preconditionFailure() }
                    return .init(level: level, count: n)
                }
                XCTAssertEqual(p.topLevels, expected, what, file: file, line: line)
                continue
            }
            XCTAssertEqual(p.type, .numeric, what, file: file, line: line)
            assertClose(try XCTUnwrap(p.mean), e.mean!, relative: 1e-12, "\(what) mean", file: file, line: line)
            assertClose(try XCTUnwrap(p.standardDeviation), e.std!, relative: 1e-12, "\(what) sd", file: file, line: line)
            XCTAssertEqual(p.minimum, e.min, what, file: file, line: line)
            XCTAssertEqual(p.maximum, e.max, what, file: file, line: line)
            if sketched.contains(p.name) {
                XCTAssertEqual(p.distinctIsLowerBound, true, what, file: file, line: line)
                XCTAssertEqual(p.distinct, limits.distinctValues, what, file: file, line: line)
                let bound = try XCTUnwrap(p.quantileRankError, what, file: file, line: line)
                XCTAssertGreaterThan(bound, 0, what, file: file, line: line)
                let sorted = try ProfileFixture.sortedValues(p.name)
                for (q, v) in zip([0.25, 0.5, 0.75], [p.quartile1!, p.median!, p.quartile3!]) {
                    assertWithinRanks(v, q: q, bound: bound, sorted: sorted, "\(what) q\(q)", file: file, line: line)
                }
            } else {
                XCTAssertNil(p.distinctIsLowerBound, what, file: file, line: line)
                XCTAssertNil(p.quantileRankError, what, file: file, line: line)
                XCTAssertEqual(p.distinct, e.distinct, what, file: file, line: line)
                assertClose(try XCTUnwrap(p.quartile1), e.q25!, relative: 1e-12, "\(what) q25", file: file, line: line)
                assertClose(try XCTUnwrap(p.median), e.median!, relative: 1e-12, "\(what) median", file: file, line: line)
                assertClose(try XCTUnwrap(p.quartile3), e.q75!, relative: 1e-12, "\(what) q75", file: file, line: line)
            }
        }
    }

    func testAllNumbersKeptMatchesPandas() throws {
        let f = try ProfileFixture.load()
        for chunkBytes in [4096, 65536, 1 << 22] {
            try check(try run(.standard(columns: 5), chunkBytes: chunkBytes), f, limits: .standard(columns: 5))
        }
    }

    /// Beyond the kept-numbers budget: compensated mean, merged sums of squares, quantiles from the counts.
    func testBeyondKeptNumbersWithCountedValuesMatchesPandas() throws {
        let f = try ProfileFixture.load()
        let limits = ProfileLimits(exactValues: 100, distinctValues: 100_000, levelBytes: 1 << 20, sketchCapacity: 256)
        for chunkBytes in [4096, 65536, 1 << 22] {
            try check(try run(limits, chunkBytes: chunkBytes), f, limits: limits)
        }
    }

    /// Beyond the distinct budget: income and score (thousands of distinct values) are sketched; age and the
    /// target (62 and 2 distinct values) keep exact quantiles.
    func testBeyondDistinctBudgetSketchesWithinItsBound() throws {
        let f = try ProfileFixture.load()
        let limits = ProfileLimits(exactValues: 100, distinctValues: 500, levelBytes: 1 << 20, sketchCapacity: 128)
        for chunkBytes in [4096, 1 << 22] {
            try check(try run(limits, chunkBytes: chunkBytes), f, sketched: ["income", "score"], limits: limits)
        }
    }

    /// The mean beyond the budget is a compensated sum: with the 1e9 row among numbers near 600 it equals
    /// math.fsum's correctly rounded mean (the fixture's `mean_fsum`) to the last bit or two.
    func testCompensatedMeanAgreesWithCorrectlyRoundedSum() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
            PackagePaths.path("Tests/CreditTabularTests/Fixtures/profile_fixture.json")))) as! [String: Any]
        let score = (json["columns"] as! [String: Any])["score"] as! [String: Any]
        let fsum = score["mean_fsum"] as! Double
        let limits = ProfileLimits(exactValues: 10, distinctValues: 100_000, levelBytes: 1 << 20, sketchCapacity: 256)
        let p = try run(limits, chunkBytes: 4096).columns[2]
        XCTAssertEqual(p.name, "score")
        assertClose(try XCTUnwrap(p.mean), fsum, relative: 4e-16)
    }
}

/// Checks that `v` lies between the exact order statistics at ⌊h⌋ − bound and ⌈h⌉ + bound (h = (n − 1)q),
/// as `ColumnProfile.quantileRankError` promises.
func assertWithinRanks(_ v: Double, q: Double, bound: Int, sorted: [Double], _ message: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
    let n = sorted.count
    let h = Double(n - 1) * q
    let lo = max(Int(h.rounded(.down)) - bound, 0), hi = min(Int(h.rounded(.up)) + bound, n - 1)
    XCTAssertGreaterThanOrEqual(v, sorted[lo], "\(message): below the order statistic at rank \(lo)", file: file, line: line)
    XCTAssertLessThanOrEqual(v, sorted[hi], "\(message): above the order statistic at rank \(hi)", file: file, line: line)
}

/// `ColumnProfiler` fed directly: the sketch's bound on a large seeded input, the budgets' caps, and the
/// counting of numbers as levels.
final class ColumnProfilerTests: XCTestCase {
    private func add(_ values: [Double], to profiler: inout ColumnProfiler, chunk: Int) {
        var i = 0
        while i < values.count {
            profiler.add(.numeric(Array(values[i..<min(i + chunk, values.count)])))
            i += chunk
        }
    }

    func testSketchedQuartilesWithinTheReportedBoundOnAMillionValues() {
        var g = SeededGenerator(seed: 20261207)
        let values = (0..<1_000_000).map { _ in g.normal() * 1000 + g.uniform() }
        let limits = ProfileLimits(exactValues: 1000, distinctValues: 1000, levelBytes: 0, sketchCapacity: 1024)
        var profiler = ColumnProfiler(name: "x", limits: limits)
        add(values, to: &profiler, chunk: 65536)
        let p = profiler.profile()
        let bound = try! XCTUnwrap(p.quantileRankError)
        // The sketch's documented bound: at most L·n/capacity, L = ⌈log₂(n/capacity)⌉ + 1.
        let levels = Int(log2(Double(values.count) / 1024).rounded(.up)) + 1
        XCTAssertGreaterThan(bound, 0)
        XCTAssertLessThanOrEqual(bound, levels * values.count / 1024)
        let sorted = values.sorted()
        for (q, v) in zip([0.25, 0.5, 0.75], [p.quartile1!, p.median!, p.quartile3!]) {
            assertWithinRanks(v, q: q, bound: bound, sorted: sorted, "q\(q)")
        }
        XCTAssertEqual(p.minimum, sorted.first)
        XCTAssertEqual(p.maximum, sorted.last)
        XCTAssertEqual(p.count, values.count)
        XCTAssertEqual(p.distinct, 1000)
        XCTAssertEqual(p.distinctIsLowerBound, true)
        // Mean and standard deviation against a plain two-pass computation. The mean is near 0 among values of
        // magnitude ~1000, so a relative tolerance on it would test the plain sum's rounding: it is compared on
        // the data's scale (1e-12 · 1000).
        let mean = values.reduce(0, +) / Double(values.count)
        assertClose(p.mean!, mean, absolute: 1e-9)
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        assertClose(p.standardDeviation!, (ss / Double(values.count - 1)).squareRoot(), relative: 1e-12)
    }

    /// A value seen often but only after the distinct budget is reached is counted in `count` and not as a level:
    /// the documented limit of top levels beyond the budget.
    func testLevelBudgetCapsDistinctAndTopLevels() {
        let limits = ProfileLimits(exactValues: 10, distinctValues: 100, levelBytes: 1 << 20, sketchCapacity: 64)
        var profiler = ColumnProfiler(name: "c", type: .categorical, limits: limits)
        var levels: [String] = [], codes: [Int32] = []
        for i in 0..<150 { levels.append("L\(i)"); for _ in 0..<(150 - i) { codes.append(Int32(i)) } }
        codes.append(-1)
        profiler.add(.categorical(CategoricalColumn(levels: levels, codes: codes)))
        profiler.add(.categorical(CategoricalColumn(levels: ["late", "L0"], codes: Array(repeating: 0, count: 1000) + [1])))
        let p = profiler.profile()
        XCTAssertEqual(p.distinct, 100)
        XCTAssertEqual(p.distinctIsLowerBound, true)
        XCTAssertEqual(p.count, (1...150).reduce(0, +) + 1001)
        XCTAssertEqual(p.missing, 1)
        XCTAssertEqual(p.topLevels, [.init(level: "L0", count: 151), .init(level: "L1", count: 149), .init(level: "L2", count: 148)])

        // Exactly at the budget: exact.
        var exact = ColumnProfiler(name: "c", type: .categorical, limits: limits)
        exact.add(.categorical(CategoricalColumn(levels: levels, codes: codes.filter { $0 < 100 })))
        XCTAssertEqual(exact.profile().distinct, 100)
        XCTAssertNil(exact.profile().distinctIsLowerBound)

        // Level text budget: 8 bytes holds two 4-byte levels.
        var text = ColumnProfiler(name: "t", type: .categorical,
                                  limits: ProfileLimits(exactValues: 10, distinctValues: 100, levelBytes: 8, sketchCapacity: 64))
        text.add(.categorical(CategoricalColumn(levels: ["aaaa", "bbbb", "cccc"], codes: [0, 1, 2, 2, 2])))
        XCTAssertEqual(text.profile().distinct, 2)
        XCTAssertEqual(text.profile().distinctIsLowerBound, true)
        XCTAssertEqual(text.profile().topLevels, [.init(level: "aaaa", count: 1), .init(level: "bbbb", count: 1)])
        XCTAssertEqual(text.profile().count, 5)
    }

    func testNumericDistinctBudget() {
        let limits = ProfileLimits(exactValues: 10, distinctValues: 50, levelBytes: 0, sketchCapacity: 64)
        // 50 distinct values: exact at any row count (quantiles from the counts).
        var fits = ColumnProfiler(name: "x", limits: limits)
        let values = (0..<5000).map { Double($0 % 50) }
        add(values, to: &fits, chunk: 333)
        let p = fits.profile()
        XCTAssertEqual(p.distinct, 50)
        XCTAssertNil(p.distinctIsLowerBound)
        XCTAssertNil(p.quantileRankError)
        let sorted = values.sorted()
        XCTAssertEqual(p.quartile1, Table.quantile(sorted: sorted, 0.25))
        XCTAssertEqual(p.median, Table.quantile(sorted: sorted, 0.5))
        XCTAssertEqual(p.quartile3, Table.quantile(sorted: sorted, 0.75))
        // 51: the count is a lower bound and the quantiles are sketched.
        var beyond = ColumnProfiler(name: "x", limits: limits)
        add(values + [50], to: &beyond, chunk: 333)
        XCTAssertEqual(beyond.profile().distinct, 50)
        XCTAssertEqual(beyond.profile().distinctIsLowerBound, true)
        XCTAssertNotNil(beyond.profile().quantileRankError)
    }

    /// A numeric profile that receives a categorical chunk counts its numbers as levels spelled by `levelText`,
    /// in order of first appearance, before the chunk's own levels; the same text merges.
    func testNumbersBecomeLevelsWhenTheColumnTurnsCategorical() {
        for limits in [ProfileLimits.unlimited, ProfileLimits(exactValues: 2, distinctValues: 100, levelBytes: 1 << 20, sketchCapacity: 64)] {
            var profiler = ColumnProfiler(name: "x", limits: limits)
            profiler.add(.numeric([2, 1, 2, .nan, 2.5, 1e-5, -0.0, 0]), isBad: [1, 0, 1, 1, -1, 0, 2, 0])
            XCTAssertFalse(profiler.countsNumbersAsLevels)
            profiler.add(.categorical(CategoricalColumn(levels: ["n/a", "2"], codes: [0, 1, -1])), isBad: [0, 0, 0])
            XCTAssertTrue(profiler.countsNumbersAsLevels)
            let p = profiler.profile()
            XCTAssertEqual(p.type, .categorical)
            XCTAssertEqual(p.count, 9)
            XCTAssertEqual(p.missing, 2)
            XCTAssertEqual(p.distinct, 6)   // 2, 1, 2.5, 1e-05, 0, n/a
            XCTAssertEqual(p.levelsFromNumbers, 7)
            XCTAssertEqual(p.topLevels, [.init(level: "2", count: 3), .init(level: "0", count: 2), .init(level: "1", count: 1)])
            XCTAssertNil(p.mean)
            // Missing rows: flags 1 (bad) and 0 (known, good).
            XCTAssertEqual(p.badRateWhenMissing, 0.5)
        }
        XCTAssertEqual(["3", "-12", "0", "2.5", "1e-05", "1e+16", "123456789012345"],
                       [3, -12, -0.0, 2.5, 1e-5, 1e16, 123456789012345].map(ColumnProfiler.levelText))
    }

    /// Flag 2 (a number equal to the bad value whose text is not the bad value's) is bad unless the target's
    /// numbers are read as text.
    func testFlagTwoCountsAsBadUnlessTargetNumbersAreText() {
        var profiler = ColumnProfiler(name: "x", limits: .unlimited)
        profiler.add(.numeric([.nan, .nan, .nan, .nan]), isBad: [2, 1, 0, -1])
        XCTAssertEqual(profiler.profile().badRateWhenMissing, 2.0 / 3)
        XCTAssertEqual(profiler.profile(targetNumbersAsText: true).badRateWhenMissing, 1.0 / 3)
    }

    func testDistinctValueCounts() {
        var t = DistinctValueCounts(cap: 3000)
        var g = SeededGenerator(seed: 3)
        var reference: [Double: Int] = [:], order: [Double] = []
        for _ in 0..<20000 {
            let x = (g.uniform() * 2500).rounded(.down) - 1000
            let key = x == 0 ? 0 : x
            if reference[key] == nil { order.append(key) }
            reference[key, default: 0] += 1
            XCTAssertTrue(t.add(x))
        }
        XCTAssertEqual(t.values, order)
        XCTAssertEqual(t.counts, order.map { reference[$0]! })
        XCTAssertFalse(t.isCapped)
        // −0 counts as 0.
        var z = DistinctValueCounts(cap: 2)
        z.add(0); z.add(-0.0); z.add(-0.0, count: 5)
        XCTAssertEqual(z.values, [0]); XCTAssertEqual(z.counts, [7])
        z.add(1)
        XCTAssertFalse(z.add(2))
        XCTAssertTrue(z.isCapped)
        XCTAssertTrue(z.add(1))
        XCTAssertEqual(z.counts, [7, 2])
        XCTAssertEqual(z.sorted().values, [0, 1])
    }

    /// `Table.profiles` (the in-memory API) is `ColumnProfiler` with no budget: it agrees with a plain
    /// computation of the same statistics.
    func testTableProfilesAgreeWithPlainComputation() throws {
        let csv = "x,c,y\n3,a,1\n1,b,0\n,a,\n4,a,1\n1,,0\n5,c,1\n"
        let table = try CSVReader.read(bytes: Array(csv.utf8), source: "t.csv")
        let isBad: [Bool?] = [true, false, nil, true, false, true]
        let p = table.profiles(isBad: isBad)
        XCTAssertEqual(p[0].count, 5); XCTAssertEqual(p[0].missing, 1); XCTAssertEqual(p[0].distinct, 4)
        XCTAssertEqual(p[0].mean, 14.0 / 5)
        XCTAssertEqual(p[0].minimum, 1); XCTAssertEqual(p[0].maximum, 5)
        XCTAssertEqual(p[0].quartile1, 1); XCTAssertEqual(p[0].median, 3); XCTAssertEqual(p[0].quartile3, 4)
        XCTAssertNil(p[0].badRateWhenMissing)   // its missing row has a missing target
        XCTAssertEqual(p[1].type, .categorical); XCTAssertEqual(p[1].distinct, 3)
        XCTAssertEqual(p[1].topLevels, [.init(level: "a", count: 3), .init(level: "b", count: 1), .init(level: "c", count: 1)])
        XCTAssertEqual(p[1].badRateWhenMissing, 0)
    }
}
