import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
import CreditSupport
/// Why a model could not be exported.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A name the export needs is taken (an output column equals a kept input column, say).
    case nameClash(String)
    /// A kept input column has the name of an output column (case-insensitively: some engines match so).
    case keptColumnClash(String)
    /// A name or value cannot be written safely (NUL characters, non-finite numbers).
    case unrepresentable(String)

    public var description: String {
        switch self {
        case .nameClash(let why): return why
        case .keptColumnClash(let name):
            return "column \(name.debugDescription) would appear twice in the output (a kept column and an output column share a name); rename it or do not keep it"
        case .unrepresentable(let why): return why
        }
    }
}

/// Numbers as exports write them: the shortest decimal that reads back to the same `Double` (Swift's
/// round-trip `description`), so an engine with a correctly rounded parser sees the model's exact bits.
enum ExportNumber {
    /// Shortest round-trip form with an exponent, e.g. `-1.2978E0`, `1e-05` (SQL engines read a literal with an
    /// exponent as a double, not as a decimal).
    static func scientific(_ x: Double) throws -> String {
        guard x.isFinite else { throw ExportError.unrepresentable("the model holds a non-finite number (\(x)); it cannot be exported") }
        let s = "\(x)"
        return s.contains("e") ? s.replacingOccurrences(of: "e", with: "E") : s + "E0"
    }

    /// Shortest round-trip form as XML Schema `xs:double` reads it (`1e-05`, `0.25`).
    static func plain(_ x: Double) throws -> String {
        guard x.isFinite else { throw ExportError.unrepresentable("the model holds a non-finite number (\(x)); it cannot be exported") }
        return "\(x)"
    }
}

extension ScorecardSection {
    /// Characteristic `j`'s bin rule as the exports write it: CreditBinning's `BinRule` as an ordered list of
    /// (test, bin), with the unseen-level and unexpected-missing policies resolved (bin nil: the row is rejected).
    func binTests(_ j: Int) -> [(test: BinRule.Test, bin: Int?)] {
        let ch = characteristics[j]
        var tests = ch.bins.rule.tests(unseenLevelBin: ch.unseenLevelBin)
        precondition(tests.first?.test == .isMissing, "BinRule.tests starts with the missing test")
        if rejectsMissing(j) { tests[0].bin = nil }
        return tests
    }

    /// Points per bin of characteristic `j` as scored (`valueBin`: an unexpected missing value under `.riskiest`
    /// takes the riskiest bin's).
    func scoredPoints(_ j: Int) -> [Int] {
        characteristics[j].points.indices.map { characteristics[j].points[valueBin(j, $0)] }
    }
}

extension ScorecardSection {
    /// β_j·WoE per bin of characteristic `j`, the exact `Double` products the native scorer adds to the
    /// intercept (so an engine that adds them in the same order reproduces the log-odds bit for bit).
    func logOddsContributions(_ j: Int) -> [Double] {
        let ch = characteristics[j]
        return ch.woe.indices.map { ch.coefficient * ch.woe[valueBin(j, $0)] }
    }

    /// Shortfall per bin of characteristic `j`: reference − points (reasons rank the positive shortfalls).
    func shortfalls(_ j: Int) -> [Double] {
        scoredPoints(j).map { reasons.referencePoints[j] - Double($0) }
    }
}

/// Refuses names that no engine can hold (NUL), with the offending name.
func checkRepresentable(_ name: String, what: String) throws {
    if name.unicodeScalars.contains(where: { $0.value == 0 }) {
        throw ExportError.unrepresentable("\(what) \(name.debugDescription) contains a NUL character; no SQL engine or XML parser can hold it")
    }
}

/// Refuses names and values that XML 1.0 cannot hold (`XMLEscaping.isForbidden`: C0 control characters other than
/// tab, LF and CR, and U+FFFE, U+FFFF), rather than writing them as U+FFFD as the reports do.
func checkXMLRepresentable(_ name: String, what: String) throws {
    try checkRepresentable(name, what: what)
    if name.unicodeScalars.contains(where: XMLEscaping.isForbidden) {
        throw ExportError.unrepresentable("\(what) \(name.debugDescription) contains a control character that XML 1.0 (and so PMML) cannot hold")
    }
}
