import CreditBinning
import Foundation
import CreditRegression
import CreditScorecard
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

/// One test in a characteristic's bin rule, tried in order; the first that holds gives the bin.
///
/// The order reproduces `BinAssigner.bin` exactly: missing first, then special codes (numeric: equal as numbers),
/// then the regular bins (numeric: x < cut, i.e. [lower, upper) intervals), then what an unseen level gets.
enum BinTest: Equatable {
    case isMissing
    case equals(Double)
    case lessThan(Double)
    case inLevels([String])
    case always
}

/// A characteristic's bin rule as an ordered list of (test, bin). `bin` nil = the row is rejected (an unseen
/// level under the `.reject` policy).
struct BinRule {
    var tests: [(test: BinTest, bin: Int?)]

    init(_ ch: ScorecardCharacteristic) {
        let spec = ch.bins
        var tests: [(BinTest, Int?)] = [(.isMissing, spec.missingIndex)]
        switch spec.type {
        case .numeric:
            for (g, group) in spec.specials.enumerated() {
                for code in group.codes { tests.append((.equals(Double(code)!), spec.regularCount + g)) }
            }
            for (i, cut) in (spec.cuts ?? []).enumerated() { tests.append((.lessThan(cut), i)) }
            tests.append((.always, spec.regularCount - 1))
        case .categorical:
            for (i, group) in (spec.groups ?? []).enumerated() where !group.isEmpty { tests.append((.inLevels(group), i)) }
            if let other = spec.other, !other.isEmpty { tests.append((.inLevels(other), spec.otherIndex!)) }
            for (g, group) in spec.specials.enumerated() where !group.codes.isEmpty {
                tests.append((.inLevels(group.codes), spec.regularCount + g))
            }
            switch spec.unseen ?? .other {
            case .other: tests.append((.always, spec.otherIndex!))
            case .riskiest: tests.append((.always, ch.riskiestBin))
            case .reject: tests.append((.always, nil))
            }
        }
        self.tests = tests
    }
}

extension ScorecardSection {
    /// β_j·WoE per bin of characteristic `j`, the exact `Double` products the native scorer adds to the
    /// intercept (so an engine that adds them in the same order reproduces the log-odds bit for bit).
    func logOddsContributions(_ j: Int) -> [Double] {
        let ch = characteristics[j]
        return ch.woe.map { ch.coefficient * $0 }
    }

    /// Shortfall per bin of characteristic `j`: reference − points (reasons rank the positive shortfalls).
    func shortfalls(_ j: Int) -> [Double] {
        characteristics[j].points.map { reasons.referencePoints[j] - Double($0) }
    }
}

/// Refuses names that no engine can hold (NUL), with the offending name.
func checkRepresentable(_ name: String, what: String) throws {
    if name.unicodeScalars.contains(where: { $0.value == 0 }) {
        throw ExportError.unrepresentable("\(what) \(name.debugDescription) contains a NUL character; no SQL engine or XML parser can hold it")
    }
}

/// Refuses names and values that XML 1.0 cannot hold: C0 control characters other than tab, LF and CR.
func checkXMLRepresentable(_ name: String, what: String) throws {
    try checkRepresentable(name, what: what)
    if name.unicodeScalars.contains(where: { ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
        throw ExportError.unrepresentable("\(what) \(name.debugDescription) contains a control character that XML 1.0 (and so PMML) cannot hold")
    }
}
