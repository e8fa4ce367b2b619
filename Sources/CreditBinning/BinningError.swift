/// Why a characteristic could not be binned or a spec could not be applied. Each message names the
/// characteristic and says which option to change.
public enum BinningError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(String)
    case targetNotBinary(column: String, values: [String])
    case singleClass(column: String, value: String)
    /// No partition satisfies the constraints; `relax` names the option to loosen.
    case infeasible(characteristic: String, reason: String, relax: String)
    case typeMismatch(characteristic: String, spec: String, data: String)
    case invalidSpec(String)
    case invalidSpecial(characteristic: String, code: String)

    public var description: String {
        switch self {
        case .missingColumn(let c):
            return "column '\(c)' is not in the data"
        case .targetNotBinary(let c, let values):
            return "target '\(c)' must have exactly two values, one of them the bad value (see --bad); found: \(values.joined(separator: ", "))"
        case .singleClass(let c, let v):
            return "target '\(c)' has only the value '\(v)'; binning needs both good and bad cases"
        case .infeasible(let name, let reason, let relax):
            return "\(name): no binning satisfies the constraints: \(reason); relax \(relax)"
        case .typeMismatch(let name, let spec, let data):
            return "\(name): the bins spec says \(spec) but the data column is \(data) (use --type \(name)=\(spec))"
        case .invalidSpec(let reason):
            return "bins spec: \(reason)"
        case .invalidSpecial(let name, let code):
            return "\(name): special code '\(code)' is not a number, but the column is numeric"
        }
    }
}
