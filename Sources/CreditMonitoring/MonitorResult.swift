import CreditMetrics
/// PSI of the score, with its traffic light.
public struct ScoreStability: Sendable, Codable, Equatable {
    /// "10 quantile bands of the base PD" or "master-scale grades".
    public let banding: String
    public let index: StabilityIndex
    public internal(set) var status: TrafficLight
    /// χ² test of homogeneity of the band counts, base vs recent (the score's test under the family-wise policy).
    public var chiSquared: ChiSquaredHomogeneityTest? = nil
}

/// CSI and χ² test of one characteristic.
public struct CharacteristicStability: Sendable, Codable, Equatable {
    public let name: String
    /// "scorecard bins", "levels" or "base quantile bands".
    public let bins: String
    public let index: StabilityIndex
    public let chiSquared: ChiSquaredHomogeneityTest
    /// Under the family-wise policy, `indexStatus` and `chiSquaredStatus` are both the characteristic's one
    /// light (CSI and χ² judged together).
    public internal(set) var indexStatus: TrafficLight
    public internal(set) var chiSquaredStatus: TrafficLight
    public var status: TrafficLight { max(indexStatus, chiSquaredStatus) }
}

/// AUC and KS of the base and recent samples, and the unpaired DeLong test of the change.
public struct DiscriminationDrift: Sendable, Codable, Equatable {
    public let base: AreaUnderCurve
    public let recent: AreaUnderCurve
    public let change: UnpairedAUCTest
    public let kolmogorovSmirnovBase: KolmogorovSmirnov
    public let kolmogorovSmirnovRecent: KolmogorovSmirnov
    public internal(set) var status: TrafficLight
}

/// The PD tests of one grade: model vs observed on the recent sample (Jeffreys, binomial) and, when BASE has
/// outcomes, recent vs base (`TwoSampleRateTest` of the grade's default rates). The status is the worse of the
/// two checks' lights (per-check policy: the Jeffreys p-value alone).
public struct GradeCalibration: Sendable, Codable, Equatable {
    public let test: GradeTest
    public internal(set) var status: TrafficLight
    /// The grade's recent default rate against its base default rate (nil without base outcomes).
    public var versusBase: TwoSampleRateTest? = nil
}

/// Calibration of the recent sample: grade tests and Hosmer–Lemeshow.
public struct CalibrationDrift: Sendable, Codable, Equatable {
    public internal(set) var grades: [GradeCalibration]
    /// Hosmer–Lemeshow on the recent sample; the status uses df = G (the model was not fitted on it).
    public let hosmerLemeshow: HosmerLemeshow?
    public internal(set) var hosmerLemeshowStatus: TrafficLight
    /// Observed default rate of the base and recent samples.
    public let baseDefaultRate: Double?
    public let recentDefaultRate: Double
    /// The recent default rate against the base one, all scored rows with outcomes ("recent vs base"; nil
    /// without base outcomes), and its light.
    public var overallVersusBase: TwoSampleRateTest? = nil
    public var overallVersusBaseStatus: TrafficLight? = nil
}

/// One line of the checklist: every traffic light in one flat list (for CSV output and `--fail-on`).
public struct MonitorCheck: Sendable, Codable, Equatable {
    /// "score", "characteristic", "discrimination", "calibration".
    public let area: String
    public let subject: String
    /// Family-wise policy: "PSI", "CSI", "AUC change", "model vs observed", "recent vs base", "HL"; the value is
    /// the effect (PSI, CSI, recent − base AUC, relative calibration gap, HL χ²) and `pValue` its test's.
    /// Per-check policy: "PSI", "CSI", "chi2 p", "AUC change p", "Jeffreys p", "HL p" (a " p" suffix: the value is
    /// the p-value).
    public let statistic: String
    public let value: Double
    public let status: TrafficLight
    /// Family-wise policy: the test's p-value, Holm-adjusted within the area, and the level α/k it is compared with.
    public var pValue: Double? = nil
    public var adjustedPValue: Double? = nil
    public var level: Double? = nil
    /// Family-wise policy: why the light: "significant and material" (red); "significant, not material",
    /// "material, significant only unadjusted", "above the amber size, not significant" (amber); "material, not
    /// significant" or "" (green).
    public var basis: String? = nil
}

/// Rows of one sample as the monitor saw them.
public struct SampleCounts: Sendable, Codable, Equatable {
    public let source: String
    public let rows: Int
    /// Rows the model scored (the others have a missing value or unseen level the model rejects).
    public let scored: Int
    /// Scored rows with an outcome (nil without a target).
    public let withOutcome: Int?
    public let bads: Int?
}

/// Everything `credit monitor` reports.
public struct MonitorResult: Sendable, Codable, Equatable {
    public let base: SampleCounts
    public let recent: SampleCounts
    public let target: String?
    public let masterScale: MasterScale
    public let score: ScoreStability
    public let characteristics: [CharacteristicStability]
    public let discrimination: DiscriminationDrift?
    public let calibration: CalibrationDrift?
    public let thresholds: MonitorThresholds
    public let emptyBandRule: String
    public internal(set) var checks: [MonitorCheck]
    /// The worst status of all checks.
    public internal(set) var overall: TrafficLight
    /// Family-wise policy: the areas tested (k of them) and each area's share α/k of the overall α.
    public var alarmAreas: [String]? = nil
    public var areaLevel: Double? = nil
    /// Scorecards: the score in points at each interior bound of `masterScale` (the scaling's
    /// Offset − Factor · ln(PD/(1 − PD)), unrounded), so grade k holds the scores in (points_k, points_{k−1}] (the
    /// higher PD bound gives the lower score); nil for other models.
    public var masterScalePoints: [Double]? = nil
    /// Scorecards with score bands by quantiles or grades: the score in points at each interior cut of the score
    /// PSI's PD bands (as `masterScalePoints`), so band k holds the scores in (points_k, points_{k−1}]; nil for
    /// other models.
    public var scoreBandPoints: [Double]? = nil
    /// True when the master scale was built from BASE in this run (`MasterScaleSource.built`), false when it was
    /// given (bounds or a grades file), so that a monthly job can tell whether its grades moved.
    public var masterScaleBuiltFromBase = false
    /// Whether BASE is the model's training data (`InSampleBase`, set by `applyInSampleBase`); nil when not checked.
    public var inSampleBase: InSampleBase? = nil
    /// With BASE the training data and an optimism-corrected base AUC: the AUC change from it (the check that
    /// replaces the in-sample change).
    public var correctedAUCChange: CorrectedAUCChange? = nil
}
