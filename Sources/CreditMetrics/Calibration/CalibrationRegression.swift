import Foundation
import CreditProbability
import CreditSupport
/// Logistic recalibration of PDs: y ~ a + b·logit(p) (Cox 1958; as R `rms::val.prob`'s intercept and slope).
///
/// - `intercept`, `slope`: the joint maximum-likelihood fit (perfect calibration: 0 and 1), with standard
///   errors from the inverse Fisher information;
/// - `interceptInTheLarge`: calibration-in-the-large, the intercept with the slope fixed at 1 (logit(p) as an
///   offset): > 0 means the PDs are too low on average.
/// PDs are clipped to [1e-15, 1 − 1e-15] before the logit (a PD of exactly 0 or 1 has an infinite logit).
/// Fitted by Newton's method on the two (or one) parameters to a relative step of 1e-12.
public struct CalibrationRegression: Sendable, Codable, Equatable {
    public let intercept: Double
    public let slope: Double
    public let interceptStandardError: Double
    public let slopeStandardError: Double
    public let interceptInTheLarge: Double
    public let interceptInTheLargeStandardError: Double

    public init(_ data: ScoredOutcomes) throws {
        try data.requireProbabilities()
        let x = data.scores.map { p -> Double in let q = min(max(p, 1e-15), 1 - 1e-15); return log(q / (1 - q)) }
        let y = data.isBad.map { $0 ? 1.0 : 0.0 }
        func sigmoid(_ t: Double) -> Double { Logistic.probability(logOdds: t) }

        // Joint fit.
        var a = 0.0, b = 1.0
        var info = (aa: 0.0, ab: 0.0, bb: 0.0)
        for _ in 0..<100 {
            var ga = 0.0, gb = 0.0
            info = (0, 0, 0)
            for k in x.indices {
                let p = sigmoid(a + b * x[k]), w = p * (1 - p), r = y[k] - p
                ga += r; gb += r * x[k]
                info.aa += w; info.ab += w * x[k]; info.bb += w * x[k] * x[k]
            }
            let det = info.aa * info.bb - info.ab * info.ab
            guard det.isFinite, a.isFinite, b.isFinite else {
                throw MetricsError.tooFew("calibration slope: the fit diverged (the PDs separate bads from goods)")
            }
            guard det > 0 else { throw MetricsError.tooFew("calibration slope: logit(PD) does not vary, the slope is not identified") }
            let da = (info.bb * ga - info.ab * gb) / det, db = (info.aa * gb - info.ab * ga) / det
            a += da; b += db
            if abs(da) <= 1e-12 * (1 + abs(a)) && abs(db) <= 1e-12 * (1 + abs(b)) { break }
        }
        guard a.isFinite, b.isFinite else { throw MetricsError.tooFew("calibration slope: the fit diverged (separation)") }
        // Information at the final point.
        info = (0, 0, 0)
        for k in x.indices {
            let p = sigmoid(a + b * x[k]), w = p * (1 - p)
            info.aa += w; info.ab += w * x[k]; info.bb += w * x[k] * x[k]
        }
        let det = info.aa * info.bb - info.ab * info.ab
        intercept = a
        slope = b
        interceptStandardError = (info.bb / det).squareRoot()
        slopeStandardError = (info.aa / det).squareRoot()

        // In the large: offset logit(p), one parameter.
        var c = 0.0, w = 0.0
        for _ in 0..<100 {
            var g = 0.0
            w = 0
            for k in x.indices { let p = sigmoid(c + x[k]); g += y[k] - p; w += p * (1 - p) }
            let step = g / w
            c += step
            if abs(step) <= 1e-12 * (1 + abs(c)) { break }
        }
        w = 0
        for k in x.indices { let p = sigmoid(c + x[k]); w += p * (1 - p) }
        interceptInTheLarge = c
        interceptInTheLargeStandardError = (1 / w).squareRoot()
    }
}
