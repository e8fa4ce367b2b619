import CreditMetrics
/// A check's traffic light. Ordered: green < amber < red.
public enum TrafficLight: String, Sendable, Codable, CaseIterable, Comparable {
    case green, amber, red

    private var rank: Int { switch self { case .green: 0; case .amber: 1; case .red: 2 } }
    public static func < (a: TrafficLight, b: TrafficLight) -> Bool { a.rank < b.rank }
}

/// Thresholds of the traffic lights. A check is red at or beyond its red threshold, amber at or beyond its
/// amber threshold, green otherwise.
///
/// - PSI of the score and CSI of each characteristic: amber ≥ 0.1, red ≥ 0.25 (practitioner convention;
///   it depends on the number of bands).
/// - Tests (χ² of each characteristic's distribution, the AUC change, the Jeffreys test of each grade,
///   Hosmer–Lemeshow): amber when p < 0.05, red when p < 0.01. A NaN p-value (too little data) is green and
///   reported as such.
public struct MonitorThresholds: Sendable, Codable, Equatable {
    public var psiAmber = 0.10
    public var psiRed = 0.25
    public var csiAmber = 0.10
    public var csiRed = 0.25
    public var pValueAmber = 0.05
    public var pValueRed = 0.01
    public init() {}

    public func forIndex(_ value: Double, amber: Double, red: Double) -> TrafficLight {
        value >= red ? .red : value >= amber ? .amber : .green
    }
    public func forPValue(_ p: Double) -> TrafficLight {
        p.isNaN ? .green : p < pValueRed ? .red : p < pValueAmber ? .amber : .green
    }
}

/// How the score (the PD) is cut into bands for its PSI.
public enum ScoreBanding: String, Sendable, Codable, CaseIterable {
    /// Equal-count bands of the base sample's PD (`MonitorOptions.scoreBands`, 10 by default).
    case quantiles
    /// The master-scale grades.
    case grades
}

/// Where the master scale comes from.
public enum MasterScaleSource: Sendable, Equatable {
    /// Built from the base sample (`MasterScale.build`) starting from this many PD quantile bands.
    case built(initialBands: Int)
    /// Given by the user.
    case given(MasterScale)
}

/// Options of `Monitor.run`.
public struct MonitorOptions: Sendable {
    public var scoreBanding = ScoreBanding.quantiles
    /// Bands of the score PSI when banding by quantiles.
    public var scoreBands = 10
    /// Equal-count bands of a numeric characteristic of a plain logistic-regression model (scorecards use the
    /// model's own bins).
    public var characteristicBands = 10
    public var emptyBands = EmptyBandRule.default
    public var thresholds = MonitorThresholds()
    public var masterScale = MasterScaleSource.built(initialBands: 10)
    public var hosmerLemeshowGroups = 10
    public var confidenceLevel = 0.95
    public init() {}
}

extension MonitorOptions {
    /// The most bands or groups of one monitoring check (`scoreBands`, `characteristicBands`, the initial bands
    /// of a built master scale, `hosmerLemeshowGroups`): 10,000; every band is a row of the report.
    package static let maxBands = 10_000
}
