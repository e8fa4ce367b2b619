import Foundation
import CreditScorecard

/// What `credit train --scorecard --rejected` prints before the refitted card: the method and the parameters used,
/// the rows of each file in the fit, and the rejects' inferred outcomes (rows and weight).
public struct RejectInferenceReport: Sendable, Codable {
    public var settings: RejectInferenceSettings
    /// Reject rows inferred bad / good with positive weight, and their total weights.
    public var inferredBadRows: Int, inferredBadWeight: Double
    public var inferredGoodRows: Int, inferredGoodWeight: Double
    /// Rows of the rejects file the accepts-only card could not score (left out); the first one's line and column.
    public var unscoredRejects: Int
    public var firstUnscored: String?
    /// Augmentation: the smallest and largest accept weight 1/P(accept | band).
    public var acceptWeightRange: [Double]?

    public init(_ r: RejectInferenceResult) {
        settings = r.settings
        let bad = r.sample.inferredBad, good = r.sample.inferredGood
        inferredBadRows = bad.rows; inferredBadWeight = bad.weight
        inferredGoodRows = good.rows; inferredGoodWeight = good.weight
        unscoredRejects = r.unscoredRejects.count
        firstUnscored = r.unscoredRejects.first.map { "line \($0.line), column \($0.column)" }
        if r.settings.method == .augmentation {
            let w = r.sample.weights
            acceptWeightRange = [w.min() ?? 1, w.max() ?? 1]
        }
    }

    /// The lines of the text report.
    public func lines() -> [String] {
        let s = settings
        var params: [String] = []
        if let c = s.cutoff { params.append("PD cut-off \(NumberFormat.significant(c, 6))") }
        if let b = s.bands { params.append("\(b) equal-count PD bands") }
        if let u = s.uplift { params.append("uplift \(NumberFormat.significant(u, 6))") }
        if let w = s.rejectWeight { params.append("reject weight \(NumberFormat.significant(w, 6))") }
        let source: String
        switch s.method {
        case .hardCutoff, .fuzzy, .parcelling: source = "Siddiqi 2017"
        case .augmentation: source = "re-weighting, Banasik & Crook 2007"
        }
        var lines = ["Reject inference: \(s.method.rawValue) (\(source)); " + params.joined(separator: ", "),
                     "rows: \(NumberFormat.count(s.acceptRows ?? 0)) accepts with outcome, \(NumberFormat.count(s.rejectRows ?? 0)) rejects scored by the accepts-only card; bins and WoE kept from the accepts-only card"]
        if unscoredRejects > 0 {
            lines.append("warning: \(NumberFormat.count(unscoredRejects)) reject rows could not be scored by the accepts-only card and were left out (first: \(firstUnscored ?? ""))")
        }
        if let range = acceptWeightRange {
            lines.append("accepts weighted by 1/P(accept | band): weights \(NumberFormat.fixed(range[0], 4)) to \(NumberFormat.fixed(range[1], 4)); no reject rows in the fit")
        } else {
            lines.append("inferred bad: \(NumberFormat.count(inferredBadRows)) reject rows, weight \(NumberFormat.fixed(inferredBadWeight, 2)); inferred good: \(NumberFormat.count(inferredGoodRows)) rows, weight \(NumberFormat.fixed(inferredGoodWeight, 2))")
        }
        lines.append("refitted card (weighted WoE regression on the augmented sample):")
        return lines
    }
}
