import ArgumentParser
import Foundation
import CreditReports

// Range checks of numeric options, run in `validate()` before any work: a value outside its range (or NaN or
// infinite for a Double) is a usage error (exit 64) whose message names the option, its range and the value
// given. Swift's Double parser accepts "nan", "inf" and "1e999" (infinite), so every Double option is checked
// for finiteness, not only for its sign.

/// `value` must lie in `range`; `why` (optional) says what the bound protects against.
func requireOption(_ flag: String, _ value: Int?, in range: ClosedRange<Int>, _ why: String? = nil) throws {
    guard let value, !range.contains(value) else { return }
    let bounds = range.upperBound == Int.max ? "at least \(NumberFormat.count(range.lowerBound))"
        : "between \(NumberFormat.count(range.lowerBound)) and \(NumberFormat.count(range.upperBound))"
    throw ValidationError("\(flag) must be \(bounds) (got \(value))" + (why.map { "; \($0)" } ?? ""))
}

/// How a Double option may be bounded.
enum NumberRange {
    /// Any finite number.
    case finite
    /// Finite and > 0.
    case positive
    /// Finite and ≥ `bound`.
    case atLeast(Double)
    /// In [lower, upper].
    case closed(Double, Double)
    /// In (lower, upper).
    case open(Double, Double)
    /// In (lower, upper].
    case openClosed(Double, Double)
    /// In [lower, upper).
    case closedOpen(Double, Double)

    func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        switch self {
        case .finite: return true
        case .positive: return x > 0
        case .atLeast(let a): return x >= a
        case .closed(let a, let b): return x >= a && x <= b
        case .open(let a, let b): return x > a && x < b
        case .openClosed(let a, let b): return x > a && x <= b
        case .closedOpen(let a, let b): return x >= a && x < b
        }
    }

    var text: String {
        func n(_ x: Double) -> String { NumberFormat.significant(x, 6) }
        switch self {
        case .finite: return "a finite number"
        case .positive: return "a finite number greater than 0"
        case .atLeast(let a): return "a finite number of at least \(n(a))"
        case .closed(let a, let b): return "in [\(n(a)), \(n(b))]"
        case .open(let a, let b): return "in (\(n(a)), \(n(b)))"
        case .openClosed(let a, let b): return "in (\(n(a)), \(n(b))]"
        case .closedOpen(let a, let b): return "in [\(n(a)), \(n(b)))"
        }
    }
}

/// `value` must lie in `range` (never NaN or infinite); `example` is added to the message, e.g. "e.g. 0.95".
func requireOption(_ flag: String, _ value: Double?, _ range: NumberRange, _ example: String? = nil) throws {
    guard let value, !range.contains(value) else { return }
    throw ValidationError("\(flag) must be \(range.text) (got \(value))" + (example.map { ", \($0)" } ?? ""))
}

/// The items of a repeatable, comma-separated option ("--exclude a,b --exclude c" → a, b, c); `trimming` removes
/// spaces around each item; empty items are dropped unless `keepingEmpty` (so that they can be refused).
func commaSeparated(_ values: [String], trimming: Bool = false, keepingEmpty: Bool = false) -> [String] {
    values.flatMap {
        $0.split(separator: ",", omittingEmptySubsequences: !keepingEmpty).map { trimming ? $0.trimmingCharacters(in: .whitespaces) : String($0) }
    }
}

/// `--csv-safe / --no-csv-safe`, for every command that writes CSV.
struct CSVSafetyOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "CSV output: a text cell starting with =, +, -, @, TAB or CR that is not a number is written as '… in quotes, so a spreadsheet shows it instead of running it as a formula; numbers are never altered."))
    var csvSafe = true
}
