/// Delinquency states by days past due (DPD), as used in roll-rate analysis.
public enum DelinquencyBucket: Int, Sendable, Codable, CaseIterable, Comparable {
    case current = 0, dpd1to29, dpd30to59, dpd60to89, dpd90plus

    public init(daysPastDue d: Double) {
        switch d {
        case ..<1: self = .current
        case ..<30: self = .dpd1to29
        case ..<60: self = .dpd30to59
        case ..<90: self = .dpd60to89
        default: self = .dpd90plus
        }
    }

    public var label: String {
        switch self {
        case .current: "current"
        case .dpd1to29: "1-29"
        case .dpd30to59: "30-59"
        case .dpd60to89: "60-89"
        case .dpd90plus: "90+"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
