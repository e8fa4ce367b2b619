import Foundation
import CreditProbability
/// Hand's H-measure (Hand 2009, Machine Learning 77:103–123, doi:10.1007/s10994-009-5119-5): one minus the
/// expected minimum misclassification loss over a Beta(a, b) distribution of the cost c of misclassing a good
/// as bad (1 − c for a bad as good), relative to the loss of the better trivial classifier.
///
/// With ROC convex-hull vertices (x_i, y_i) = (FPR, TPR) and shares π_b, π_g, the loss at cost c is
/// min_i c·π_g·x_i + (1 − c)·π_b·(1 − y_i); vertex i is optimal on the cost interval between the segment
/// costs π_b·Δy/(π_b·Δy + π_g·Δx) of its two hull edges, and the integrals of c·u(c) and (1 − c)·u(c) are
/// regularized incomplete beta functions. L_max = π_g·B(a+1,b)/B(a,b)·I_{π_b}(a+1, b)
/// + π_b·B(a,b+1)/B(a,b)·(1 − I_{π_b}(a, b+1)).
///
/// Priors (`HMeasure.Prior`):
/// - `.severityRatio(nil)`: the R `hmeasure` package's default, a = 2, b = 1 + π_g/π_b, i.e. severity ratio
///   π_b/π_g (Hand & Anagnostopoulos 2014, Pattern Recognition Letters 40:41–46, arXiv:1202.2564);
/// - `.severityRatio(1)` = `.beta22`: Hand's original Beta(2, 2).
/// Direction: higher score = riskier; a score below the diagonal has H = 0 (its hull is the diagonal).
/// - Complexity: O(n log n).
public struct HMeasure: Sendable, Codable, Equatable {
    public enum Prior: Sendable, Equatable {
        /// a = 2, b = 1 + 1/ratio; nil uses π_b/π_g (the R package's default).
        case severityRatio(Double?)
        public static let beta22 = Prior.severityRatio(1)
    }

    public let value: Double
    /// The Beta(a, b) prior used, and how it is named in reports.
    public let alpha: Double
    public let beta: Double
    public let priorLabel: String

    public init(_ data: ScoredOutcomes, prior: Prior = .severityRatio(nil)) {
        self.init(groups: ScoreGroups(data), prior: prior)
    }

    init(groups: ScoreGroups, prior: Prior = .severityRatio(nil)) {
        let n = Double(groups.totalBads + groups.totalGoods)
        let pb = Double(groups.totalBads) / n, pg = Double(groups.totalGoods) / n
        var ratio: Double
        switch prior { case .severityRatio(let r): ratio = r ?? pb / pg }
        precondition(ratio > 0, "HMeasure: severity ratio must be positive")
        let a = 2.0, b = 1 + 1 / ratio
        alpha = a; beta = b
        if case .severityRatio(nil) = prior {
            priorLabel = "Beta(2, \(String(format: "%.4g", b))) (severity ratio π_bad/π_good, R hmeasure default)"
        } else {
            priorLabel = ratio == 1 ? "Beta(2, 2) (Hand 2009)" : "Beta(2, \(String(format: "%.4g", b))) (severity ratio \(ratio))"
        }
        let logB = lgamma(a) + lgamma(b) - lgamma(a + b)
        let w0 = exp(lgamma(a + 1) + lgamma(b) - lgamma(a + b + 1) - logB)   // B(a+1, b)/B(a, b)
        let w1 = exp(lgamma(a) + lgamma(b + 1) - lgamma(a + b + 1) - logB)   // B(a, b+1)/B(a, b)
        func b0(_ c: Double) -> Double { w0 * BetaDistribution.cdf(c, alpha: a + 1, beta: b) }   // ∫₀ᶜ c u
        func b1(_ c: Double) -> Double { w1 * BetaDistribution.cdf(c, alpha: a, beta: b + 1) }   // ∫₀ᶜ (1−c) u

        let hull = groups.rocConvexHull()
        // Cost at which the optimum moves from vertex k−1 to vertex k (decreasing in k on the upper hull).
        var edgeCost = [Double](repeating: 0, count: hull.count + 1)
        edgeCost[0] = 1
        for k in 1..<hull.count {
            let dy = pb * (hull[k].tpr - hull[k - 1].tpr), dx = pg * (hull[k].fpr - hull[k - 1].fpr)
            edgeCost[k] = dy / (dy + dx)
        }
        edgeCost[hull.count] = 0
        var loss = 0.0
        for (k, v) in hull.enumerated() {
            let hi = edgeCost[k], lo = edgeCost[k + 1]
            guard hi > lo else { continue }
            loss += pg * v.fpr * (b0(hi) - b0(lo)) + pb * (1 - v.tpr) * (b1(hi) - b1(lo))
        }
        let maxLoss = pg * b0(pb) + pb * (w1 - b1(pb))
        value = 1 - loss / maxLoss
    }
}
