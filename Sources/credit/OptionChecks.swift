import ArgumentParser
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

/// Resource bounds of options that size memory or work (documented in README, Conventions → Limits).
enum OptionLimits {
    /// Bootstrap replicates (validate, compare, report): a percentile interval is stable to ±0.001 long before.
    static let bootstrap = 100_000
    /// Folds of a k-fold split, repetitions, and folds × repetitions (compare --cv/--nx2, train --cv-folds).
    static let folds = 1_000
    static let repeats = 1_000
    static let foldFits = 10_000
    /// Inner folds of the λ cross-validation.
    static let innerFolds = 100
    /// Fine classes (--pre-bins): beyond, the exact optimal binning's tables grow past a gigabyte.
    static let preBins = 10_000
    /// Levels of one categorical predictor (--max-levels); the design's memory is also checked against
    /// --memory-limit before it is built.
    static let maxLevels = 1_000_000
    /// λ values on a penalised path, Newton iterations.
    static let lambdaCount = 10_000
    static let maxIterations = 10_000
    /// Bands and groups of monitor (score, characteristic, grade, Hosmer–Lemeshow).
    static let bands = 10_000
    /// Months on book (vintage --horizon, --max-mob): 100 years.
    static let months = 1_200
    /// Reasons per applicant at parse time (the card then allows max(characteristics, 4)).
    static let reasons = 1_000
    /// Rows per chunk of the out-of-core path.
    static let chunkRows = 1 << 24
}

/// `--csv-safe / --no-csv-safe`, for every command that writes CSV.
struct CSVSafetyOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "CSV output: a text cell starting with =, +, -, @, TAB or CR that is not a number is written as '… in quotes, so a spreadsheet shows it instead of running it as a formula; numbers are never altered."))
    var csvSafe = true
}
