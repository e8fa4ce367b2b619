import CreditMetrics
/// A check's traffic light. Ordered: green < amber < red.
public enum TrafficLight: String, Sendable, Codable, CaseIterable, Comparable {
    case green, amber, red

    private var rank: Int { switch self { case .green: 0; case .amber: 1; case .red: 2 } }
    public static func < (a: TrafficLight, b: TrafficLight) -> Bool { a.rank < b.rank }
}

/// How the checks become traffic lights.
public enum AlarmPolicy: String, Sendable, Codable, CaseIterable {
    /// The default: a stated chance of a RED in a calm month. RED needs statistical evidence after a
    /// family-wise adjustment AND a material effect; AMBER is one without the other.
    ///
    /// The checks fall in up to four areas: score (PSI with a χ² test of the score bands), characteristics (CSI
    /// with the χ² test of each), discrimination (the AUC change) and calibration (per grade the model-vs-observed
    /// Jeffreys test and the recent-vs-base two-sample test, the overall recent-vs-base test, Hosmer–Lemeshow).
    /// The overall α (`MonitorThresholds.alpha`, 0.05) is split equally over the k areas present (Bonferroni);
    /// within an area, Holm's step-down adjustment (`holmAdjusted`) is compared with α/k. A check is significant
    /// when its Holm-adjusted p ≤ α/k. Holm controls the family-wise error of each area at α/k under any
    /// dependence between its tests, so when nothing changed, P(any check significant) ≤ Σ α/k = α, whatever
    /// the number of grades and characteristics — and so P(calm month RED) ≤ α, since RED needs significance.
    /// (The tests are asymptotic — χ², DeLong, z — except Jeffreys and Fisher; and the model-vs-observed tests
    /// are calm only for a calibrated model: the materiality rule keeps a slightly miscalibrated model from RED.)
    ///
    /// Material: PSI ≥ `psiRed`, CSI ≥ `csiRed` (0.25); AUC drop (base − recent) ≥ `aucDrop` (0.05); calibration
    /// relative gap ≥ `calibrationGap` (0.5): (observed − PD)/PD for the model-vs-observed test (one-sided, as
    /// Jeffreys), |recent rate − base rate|/base rate for recent-vs-base. Hosmer–Lemeshow has no effect size and
    /// is at most AMBER. Lights: RED = significant and material; AMBER = significant but not material, or material
    /// with p ≤ α before the adjustment but not after it, or (PSI/CSI) at or above the amber size (`psiAmber`,
    /// `csiAmber`, 0.1) without significance; GREEN otherwise — a material gap with unadjusted p > α is green (in a
    /// grade with a handful of expected defaults a 50% gap is noise). Each check says which (`MonitorCheck.basis`).
    case familyWise = "family-wise"
    /// The policy before issue 22: each check alone — PSI/CSI by `psiAmber`/`psiRed`, `csiAmber`/`csiRed`, each
    /// test by `pValueAmber`/`pValueRed` with no adjustment for the number of tests; the chance of a RED in a calm
    /// month grows with the number of grades and characteristics (a third of calm months were RED on 5,000 rows).
    case perCheck = "per-check"
}

/// Thresholds of the traffic lights (see `AlarmPolicy` for how they combine).
///
/// - PSI of the score and CSI of each characteristic: amber ≥ 0.1, red ≥ 0.25 (practitioner convention;
///   it depends on the number of bands). Under the family-wise policy 0.25 is the material size.
/// - Family-wise policy: overall α 0.05 for a calm month; material AUC drop 0.05; material relative calibration
///   gap 0.5.
/// - Per-check policy: each test (χ² of each characteristic's distribution, the AUC change, the Jeffreys test
///   of each grade, Hosmer–Lemeshow) amber when p < 0.05, red when p < 0.01. A NaN p-value (too little data) is
///   green and reported as such.
public struct MonitorThresholds: Sendable, Codable, Equatable {
    public var policy = AlarmPolicy.familyWise
    public var psiAmber = 0.10
    public var psiRed = 0.25
    public var csiAmber = 0.10
    public var csiRed = 0.25
    /// Per-check policy only.
    public var pValueAmber = 0.05
    /// Per-check policy only.
    public var pValueRed = 0.01
    /// Family-wise policy: the chance of any RED when nothing changed is at most this.
    public var alpha = 0.05
    /// Family-wise policy: the AUC drop (base − recent) that is material.
    public var aucDrop = 0.05
    /// Family-wise policy: the relative calibration gap that is material.
    public var calibrationGap = 0.5
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
