import CreditMetrics
/// PSI of the score, with its traffic light.
public struct ScoreStability: Sendable, Codable, Equatable {
    /// "10 quantile bands of the base PD" or "master-scale grades".
    public let banding: String
    public let index: StabilityIndex
    public let status: TrafficLight
}

/// CSI and χ² test of one characteristic.
public struct CharacteristicStability: Sendable, Codable, Equatable {
    public let name: String
    /// "scorecard bins", "levels" or "base quantile bands".
    public let bins: String
    public let index: StabilityIndex
    public let chiSquared: ChiSquaredHomogeneityTest
    public let indexStatus: TrafficLight
    public let chiSquaredStatus: TrafficLight
    public var status: TrafficLight { max(indexStatus, chiSquaredStatus) }
}

/// AUC and KS of the base and recent samples, and the unpaired DeLong test of the change.
public struct DiscriminationDrift: Sendable, Codable, Equatable {
    public let base: AreaUnderCurve
    public let recent: AreaUnderCurve
    public let change: UnpairedAUCTest
    public let kolmogorovSmirnovBase: KolmogorovSmirnov
    public let kolmogorovSmirnovRecent: KolmogorovSmirnov
    public let status: TrafficLight
}

/// The PD test of one grade on the recent sample; the status follows the Jeffreys p-value.
public struct GradeCalibration: Sendable, Codable, Equatable {
    public let test: GradeTest
    public let status: TrafficLight
}

/// Calibration of the recent sample: grade tests and Hosmer–Lemeshow.
public struct CalibrationDrift: Sendable, Codable, Equatable {
    public let grades: [GradeCalibration]
    /// Hosmer–Lemeshow on the recent sample; the status uses df = G (the model was not fitted on it).
    public let hosmerLemeshow: HosmerLemeshow?
    public let hosmerLemeshowStatus: TrafficLight
    /// Observed default rate of the base and recent samples.
    public let baseDefaultRate: Double?
    public let recentDefaultRate: Double
}

/// One line of the checklist: every traffic light in one flat list (for CSV output and `--fail-on`).
public struct MonitorCheck: Sendable, Codable, Equatable {
    /// "score", "characteristic", "discrimination", "calibration".
    public let area: String
    public let subject: String
    /// "PSI", "CSI", "chi2 p", "AUC change p", "Jeffreys p", "HL p".
    public let statistic: String
    public let value: Double
    public let status: TrafficLight
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
