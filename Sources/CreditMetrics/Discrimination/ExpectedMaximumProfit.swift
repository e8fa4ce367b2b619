/// The expected maximum profit measure for credit scoring, EMP (Verbraken, Bravo, Weber & Baesens 2014,
/// EJOR 238:505–513, doi:10.1016/j.ejor.2014.04.001), per applicant, in units of the loan amount.
///
/// Rejecting a bad saves its loss given default λ; rejecting a good forgoes the return `roi`. At ROC
/// convex-hull vertex (x, y) = (FPR, TPR) the profit is P(λ) = λ·π_b·y − roi·π_g·x (accepting everyone is 0).
/// λ has mass p0 at 0 (full recovery), p1 at 1 (total loss) and density 1 − p0 − p1 uniform on (0, 1):
/// EMP = p0·max P(0) + p1·max P(1) + (1 − p0 − p1)·∫₀¹ max_hull P(λ) dλ, computed exactly piecewise (vertex k
/// is optimal for λ between roi·π_g·Δx/(π_b·Δy) of its two hull edges). Defaults as the paper: p0 = 0.55,
/// p1 = 0.10, ROI = 0.2644. `rejectionRate` is the expected share of applicants rejected at the optimum
/// (the paper's EMP-based cut-off fraction).
///
/// Direction: higher score = riskier (reject the riskiest first).
/// - Complexity: O(n log n).
public struct ExpectedMaximumProfit: Sendable, Codable, Equatable {
    public let value: Double
    public let rejectionRate: Double
    public let p0: Double
    public let p1: Double
    public let roi: Double

    public init(_ data: ScoredOutcomes, p0: Double = 0.55, p1: Double = 0.1, roi: Double = 0.2644) {
        self.init(groups: ScoreGroups(data), p0: p0, p1: p1, roi: roi)
    }

    init(groups: ScoreGroups, p0: Double = 0.55, p1: Double = 0.1, roi: Double = 0.2644) {
        precondition(p0 >= 0 && p1 >= 0 && p0 + p1 <= 1, "EMP: p0, p1 ≥ 0 and p0 + p1 ≤ 1")
        precondition(roi > 0, "EMP: roi must be positive")
        self.p0 = p0; self.p1 = p1; self.roi = roi
        let n = Double(groups.totalBads + groups.totalGoods)
        let pb = Double(groups.totalBads) / n, pg = Double(groups.totalGoods) / n
        let hull = groups.rocConvexHull()
        // λ at which the optimum moves from vertex k−1 to vertex k (increasing in k).
        var edge = [Double](repeating: .infinity, count: hull.count + 1)
        edge[0] = -.infinity
        for k in 1..<hull.count {
            let dy = pb * (hull[k].tpr - hull[k - 1].tpr), dx = roi * pg * (hull[k].fpr - hull[k - 1].fpr)
            edge[k] = dy > 0 ? dx / dy : .infinity
        }
        func profit(_ k: Int, _ lambda: Double) -> Double { lambda * pb * hull[k].tpr - roi * pg * hull[k].fpr }
        func rejected(_ k: Int) -> Double { pb * hull[k].tpr + pg * hull[k].fpr }
        func best(_ lambda: Double) -> Int {
            var k = 0
            while k + 1 < hull.count && edge[k + 1] < lambda { k += 1 }
            return k
        }
        var integral = 0.0, rejectIntegral = 0.0
        for k in hull.indices {
            let lo = max(0, edge[k]), hi = min(1, edge[k + 1])
            guard hi > lo else { continue }
            integral += pb * hull[k].tpr * (hi * hi - lo * lo) / 2 - roi * pg * hull[k].fpr * (hi - lo)
            rejectIntegral += rejected(k) * (hi - lo)
        }
        let atZero = best(0), atOne = best(1)
        let density = 1 - p0 - p1
        value = p0 * profit(atZero, 0) + p1 * profit(atOne, 1) + density * integral
        rejectionRate = p0 * rejected(atZero) + p1 * rejected(atOne) + density * rejectIntegral
    }
}
