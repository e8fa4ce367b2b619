import Foundation

/// Why a characteristic could not be binned or a spec could not be applied. Each message names the
/// characteristic and says what to change, in the library's terms; a front end may name its own options
/// instead (`credit` names `--min-goods`, `--bad`, `--type`, `--bins`).
public enum BinningError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(String)
    case targetNotBinary(column: String, values: [String])
    case singleClass(column: String, value: String)
    /// No partition satisfies the constraints; `constraint` says which and by how much.
    case infeasible(characteristic: String, constraint: BinningConstraint)
    case typeMismatch(characteristic: String, spec: String, data: String)
    case invalidSpec(String)
    /// The file at `path` does not decode as a bins spec (`reason`: the decoder's account).
    case notABinsSpec(path: String, reason: String)
    /// The bins spec at `path` cannot be read.
    case unreadableSpec(path: String)
    /// The bins spec at `path` was written for target `specTarget`, not the `target` asked for.
    case specTargetMismatch(path: String, specTarget: String, target: String)
    case invalidSpecial(characteristic: String, code: String)
    /// The exact optimal binning of `fineClasses` fine classes into at most `bins` bins would need `bytes` of
    /// tables, more than `OptimalPartition.maximumTableBytes` (`limit`).
    case tooManyFineClasses(characteristic: String, fineClasses: Int, bins: Int?, bytes: Double, limit: Double)
    /// The weight column is not numeric (`BinningWeights.read`).
    case weightNotNumeric(column: String)
    /// A missing, negative or infinite frequency weight on line `line` (`BinningWeights.read`).
    case invalidWeight(column: String, line: Int, value: Double)
    /// Every good (`bads` false) or every bad row of `target` has frequency weight 0 in column `weight`.
    case zeroWeightClass(target: String, weight: String, bads: Bool)

    public var description: String {
        switch self {
        case .missingColumn(let c):
            return "column '\(c)' is not in the data"
        case .targetNotBinary(let c, let values):
            return "target '\(c)' must have exactly two values, one of them the bad value; found: \(values.joined(separator: ", "))"
        case .singleClass(let c, let v):
            return "target '\(c)' has only the value '\(v)'; binning needs both good and bad cases"
        case .infeasible(let name, let constraint):
            return "\(name): no binning satisfies the constraints: \(constraint.reason); relax \(constraint.relax)"
        case .typeMismatch(let name, let spec, let data):
            return "\(name): the bins spec says \(spec) but the data column is \(data) (read the column as \(spec))"
        case .invalidSpec(let reason):
            return "bins spec: \(reason)"
        case .notABinsSpec(let path, let reason):
            return "bins spec: \(path): not a bins spec (\(reason))"
        case .unreadableSpec(let path):
            return "bins spec \(path): cannot read the file"
        case .specTargetMismatch(let path, let specTarget, let target):
            return "bins spec \(path) was written for target '\(specTarget)', not '\(target)'"
        case .invalidSpecial(let name, let code):
            return "\(name): special code '\(code)' is not a number, but the column is numeric"
        case .weightNotNumeric(let c):
            return "column '\(c)' should be numeric (a frequency weight); fix the data or leave the column out of the model"
        case .invalidWeight(let c, let line, let value):
            return "weight column '\(c)', line \(line): \(value.isNaN ? "missing" : "\(value)") is not a finite non-negative weight"
        case .zeroWeightClass(let target, let weight, let bads):
            return "target '\(target)': every \(bads ? "bad" : "good") row has weight 0 in '\(weight)'; binning needs goods and bads with positive weight"
        case .tooManyFineClasses(let name, let m, let bins, let bytes, let limit):
            return "\(name): the exact optimal binning of \(m) fine classes\(bins.map { " into at most \($0) bins" } ?? "") would need \(Int((bytes / 1e6).rounded())) MB of tables (limit \(Int(limit / 1e6)) MB); use fewer pre-bins (BinningOptions.preBins), a maximum bin count of at least \(m), or another method"
        }
    }
}

/// The binning constraint that no partition of a characteristic can meet (`BinningError.infeasible`).
public enum BinningConstraint: Sendable, Equatable {
    /// `BinningOptions.minGoods` per bin, but the regular (non-missing, non-special) rows hold fewer goods.
    case minGoods(required: Int, available: Int)
    /// `BinningOptions.minBads` per bin, but the regular rows hold fewer bads.
    case minBads(required: Int, available: Int)
    /// No partition of the pre-bins meets the size constraints together (`minBinShare`, `minGoods`, `minBads`).
    case sizeConstraints(preBins: Int)

    /// What is wrong, in the library's terms.
    public var reason: String {
        switch self {
        case .minGoods(let required, let available):
            return "at least \(required) goods per bin but the non-missing, non-special rows have only \(available) goods"
        case .minBads(let required, let available):
            return "at least \(required) bads per bin but the non-missing, non-special rows have only \(available) bads"
        case .sizeConstraints(let preBins):
            return "no partition of the \(preBins) pre-bins meets the size constraints"
        }
    }

    /// The `BinningOptions` to loosen.
    public var relax: String {
        switch self {
        case .minGoods: return "minGoods"
        case .minBads: return "minBads"
        case .sizeConstraints: return "minBinShare, minGoods or minBads"
        }
    }
}
