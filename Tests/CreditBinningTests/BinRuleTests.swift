@testable import CreditBinning
import CreditTabular
import TestSupport
import XCTest

/// `BinRule`, the one rule that puts a value in a bin, against the definition written out plainly (count the
/// cuts ≤ x, look the level up in the spec's lists) and against its own data form (`tests`), which the SQL and
/// PMML exports write: the first test that holds must give the same bin as `bin(_:)` / `bin(level:)`.
final class BinRuleTests: XCTestCase {
    /// The bin of `x` by the ordered tests, as a SQL CASE or PMML evaluates them.
    private func evaluate(_ tests: [(test: BinRule.Test, bin: Int?)], number x: Double) -> Int? {
        for (test, bin) in tests {
            switch test {
            case .isMissing: if x.isNaN { return bin }
            case .equals(let v): if x == v { return bin }
            case .lessThan(let v): if x < v { return bin }
            case .inLevels: break
            case .always: return bin
            }
        }
        XCTFail("no test held"); return nil
    }

    private func evaluate(_ tests: [(test: BinRule.Test, bin: Int?)], level: String?) -> Int? {
        for (test, bin) in tests {
            switch test {
            case .isMissing: if level == nil { return bin }
            case .inLevels(let levels): if let level, levels.contains(level) { return bin }
            case .always: return bin
            case .equals, .lessThan: XCTFail("numeric test in a categorical rule")
            }
        }
        XCTFail("no test held"); return nil
    }

    func testNumbersAgainstTheDefinitionAndTheTests() {
        var rng = SeededGenerator(seed: 19)
        // 3, 16 and 17 cuts: both sides of the branch-free count (≤ 16 cuts) and the binary search.
        for cutCount in [0, 3, 16, 17, 40] {
            let cuts = (0..<cutCount).map { Double($0) * 2.5 - 10 }
            let spec = CharacteristicBins(name: "x", cuts: cuts, specials: [SpecialGroup(codes: ["-999"]), SpecialGroup(codes: ["-998", "-0", "-999"])])
            let rule = BinRule(spec)
            var xs: [Double] = cuts + cuts.map { $0.nextDown } + cuts.map { $0.nextUp }
            xs += [.nan, -999, -998, 0, -0.0, .infinity, -.infinity, .greatestFiniteMagnitude, -1e300]
            xs += (0..<2000).map { _ in (rng.uniform() - 0.5) * 150 }
            for x in xs {
                let expected: Int
                if x.isNaN { expected = spec.missingIndex }
                else if x == -999 { expected = spec.regularCount }            // the first group naming it wins
                else if x == -998 || x == 0 { expected = spec.regularCount + 1 }   // "-0" equals 0 and −0.0
                else { expected = cuts.filter { $0 <= x }.count }
                XCTAssertEqual(rule.bin(x), expected, "\(cutCount) cuts, x = \(x)")
                XCTAssertEqual(evaluate(rule.tests(unseenLevelBin: nil), number: x), expected, "tests, \(cutCount) cuts, x = \(x)")
            }
            // Column-wise: the same bins, written every `stride` slots.
            var out = [Int32](repeating: -7, count: xs.count * 3)
            xs.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { rule.assign(x, into: $0.baseAddress! + 1, stride: 3) } }
            XCTAssertEqual(out.enumerated().filter { $0.offset % 3 == 1 }.map { Int($0.element) }, xs.map(rule.bin))
            XCTAssertTrue(out.enumerated().allSatisfy { $0.offset % 3 == 1 || $0.element == -7 }, "other slots untouched")
        }
    }

    func testLevelsOtherSpecialsAndTheUnseenPolicy() {
        var spec = CharacteristicBins(name: "purpose", groups: [["car", "van"], [], ["tv"]], other: ["boat", "plane"],
                                      specials: [SpecialGroup(codes: ["n/a"]), SpecialGroup(codes: [])])
        let rule = BinRule(spec)
        let expected: [(String?, Int)] = [("car", 0), ("van", 0), ("tv", 2), ("boat", spec.otherIndex!), ("plane", spec.otherIndex!),
                                          ("n/a", spec.regularCount), (nil, spec.missingIndex), ("Car", BinRule.unseen), ("", BinRule.unseen)]
        let riskiest = 1
        for policy in UnseenLevelPolicy.allCases {
            spec.unseen = policy
            let unseenBin = spec.unseenLevelBin(riskiest: riskiest)
            XCTAssertEqual(unseenBin, [.other: spec.otherIndex, .riskiest: riskiest, .reject: nil][policy]!)
            for (level, bin) in expected {
                XCTAssertEqual(rule.bin(level: level), bin, "\(level ?? "missing")")
                XCTAssertEqual(rule.counted(rule.bin(level: level)), bin == BinRule.unseen ? spec.otherIndex! : bin)
                XCTAssertEqual(evaluate(rule.tests(unseenLevelBin: unseenBin), level: level), bin == BinRule.unseen ? unseenBin : bin,
                               "\(policy): \(level ?? "missing")")
            }
        }
    }

    /// A bound column gives the rule's bins row by row, and WoE coding gives the WoE of the counted bin.
    func testAssignerAndWoECodeFollowTheRule() throws {
        let numericSpec = CharacteristicBins(name: "x", cuts: [0, 10], specials: [SpecialGroup(codes: ["-1"])])
        let xs: [Double] = [-5, 0, 3, 10, 11, -1, .nan, -0.0]
        let a = try BinAssigner(spec: numericSpec, column: .numeric(xs))
        XCTAssertEqual(xs.indices.map(a.bin), xs.map(numericSpec.rule.bin))
        let woe = [0.1, 0.2, 0.3, 0.4, 0.5]
        let code = WoECode(bins: numericSpec, woe: woe, levels: [])
        XCTAssertEqual(xs.map(code.value), xs.map { woe[numericSpec.rule.bin($0)] })

        let catSpec = CharacteristicBins(name: "c", groups: [["a"], ["b"]], other: ["r"], specials: [SpecialGroup(codes: ["s"])])
        let levels = ["b", "zz", "a", "s", "r"]
        let column = CategoricalColumn(levels: levels, codes: [0, 1, 2, 3, 4, -1])
        let c = try BinAssigner(spec: catSpec, column: .categorical(column))
        XCTAssertEqual((0..<6).map(c.bin), (0..<6).map { catSpec.rule.bin(level: column[$0]) })
        XCTAssertEqual((0..<6).map(c.countedBin), [1, catSpec.otherIndex!, 0, 2, catSpec.otherIndex!, catSpec.missingIndex])
        let catWoE = [1.0, 2, 3, 4, 5]
        let catCode = WoECode(bins: catSpec, woe: catWoE, levels: levels)
        XCTAssertEqual(column.codes.map { catCode.value(Double($0)) }, (0..<6).map { catWoE[c.countedBin($0)] })
    }

    /// The pooled rare-level bin is labelled "other" unless a real level (a regular bin's label) is named so; then
    /// "(other)", and so on: a label no other bin of the characteristic has. Likewise the missing bin.
    func testPooledBinLabelNeverCollidesWithALevel() {
        let plain = CharacteristicBins(name: "purpose", groups: [["car"], ["tv"]], other: ["boat"])
        XCTAssertEqual(plain.label(plain.otherIndex!), "other")
        XCTAssertEqual(plain.label(plain.missingIndex), "missing")
        let clash = CharacteristicBins(name: "purpose", groups: [["other"], ["(other)"], ["missing"]], other: ["boat"])
        XCTAssertEqual(clash.label(clash.otherIndex!), "((other))")
        XCTAssertEqual(clash.label(clash.missingIndex), "(missing)")
        let labels = (0..<clash.binCount).map(clash.label)
        XCTAssertEqual(Set(labels).count, labels.count, "\(labels)")
        XCTAssertEqual(clash.kind(clash.otherIndex!), "other")
    }
}
