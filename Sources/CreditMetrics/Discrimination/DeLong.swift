import CreditProbability
import CreditSupport
/// DeLong placement values from one sort per class (Sun & Xu 2014): for each bad, the share of goods it
/// outranks (ties count ½); for each good, the share of bads that outrank it.
struct Placements {
    /// V10: one per bad, in the order the bads appear in the input (when `keepOrder`), else in sorted order.
    var bad: [Double]
    /// V01: one per good, likewise.
    var good: [Double]
    var auc: Double

    /// - Complexity: O(n) radix sort of each class's scores (the role of the midrank sort) and O(n) memory.
    init(_ data: ScoredOutcomes, keepOrder: Bool) {
        let m = data.bads, n = data.goods
        var badScores: [Double] = [], goodScores: [Double] = []
        badScores.reserveCapacity(m); goodScores.reserveCapacity(n)
        for (s, b) in zip(data.scores, data.isBad) { if b { badScores.append(s) } else { goodScores.append(s) } }
        // Sorted order-preserving keys (equal keys ⇔ equal scores), with each row's rank within its class.
        let badValues: [UInt64], goodValues: [UInt64]
        var badOrder: [Int32] = [], goodOrder: [Int32] = []
        if keepOrder {
            (badValues, badOrder) = RadixSort.sortedKeysAndPositions(badScores)
            (goodValues, goodOrder) = RadixSort.sortedKeysAndPositions(goodScores)
        } else {
            badValues = RadixSort.sortedKeys(badScores)
            goodValues = RadixSort.sortedKeys(goodScores)
        }
        var v10 = [Double](repeating: 0, count: m), v01 = [Double](repeating: 0, count: n)
        let dm = Double(m), dn = Double(n)
        var i = 0, j = 0
        var sum = 0.0
        while i < m || j < n {
            let t = min(i < m ? badValues[i] : .max, j < n ? goodValues[j] : .max)
            let i0 = i, j0 = j
            while i < m && badValues[i] == t { i += 1 }
            while j < n && goodValues[j] == t { j += 1 }
            let tiedBads = Double(i - i0), tiedGoods = Double(j - j0)
            let badPlacement = (Double(j0) + tiedGoods / 2) / dn          // goods below + ½ ties
            let goodPlacement = (dm - Double(i0) - tiedBads / 2) / dm      // bads above + ½ ties
            for k in i0..<i { v10[keepOrder ? Int(badOrder[k]) : k] = badPlacement }
            for k in j0..<j { v01[keepOrder ? Int(goodOrder[k]) : k] = goodPlacement }
            sum += badPlacement * tiedBads
        }
        bad = v10
        good = v01
        auc = sum / dm
    }
}

/// Sample covariance with ddof = 1 (NaN for fewer than two values).
func covariance(_ x: [Double], _ mx: Double, _ y: [Double], _ my: Double) -> Double {
    guard x.count >= 2 else { return .nan }
    var s = 0.0
    for k in x.indices { s += (x[k] - mx) * (y[k] - my) }
    return s / Double(x.count - 1)
}

/// The area under the ROC curve with its DeLong variance and confidence interval.
///
/// AUC is the mean over (bad, good) pairs of ψ = 1 if the bad scores higher (riskier), ½ on a tie, 0 otherwise;
/// Gini (accuracy ratio, Somers' D) = 2·AUC − 1. The variance is DeLong, DeLong & Clarke-Pearson (1988,
/// Biometrics 44:837–845, doi:10.2307/2531595): Var = S10/m + S01/n with the ddof = 1 variances of the
/// placement values, computed with one sort per class and midranks (Sun & Xu 2014, IEEE Signal Processing
/// Letters 21(11):1389–1393, doi:10.1109/LSP.2014.2337313). The interval is AUC ± z·SE as R pROC's
/// `ci.auc(method = "delong")`, clipped to [0, 1]; the Gini interval is its image under 2·x − 1.
///
/// Direction: higher score = riskier. pROC's `direction = "auto"` instead picks whichever side gives AUC ≥ ½;
/// we never flip silently (an AUC below ½ says the score runs the other way).
///
/// ```swift
/// let auc = AreaUnderCurve(try ScoredOutcomes(scores: pd, isBad: y))
/// auc.value, auc.gini, auc.confidenceInterval
/// ```
/// - Complexity: O(n log n) time, O(n) memory.
public struct AreaUnderCurve: Sendable, Codable, Equatable {
    public let value: Double
    public let gini: Double
    /// DeLong variance (NaN with fewer than two bads or two goods).
    public let variance: Double
    public let standardError: Double
    public let confidenceLevel: Double
    public let confidenceInterval: ConfidenceInterval
    public let giniConfidenceInterval: ConfidenceInterval
    public let bads: Int
    public let goods: Int

    public init(_ data: ScoredOutcomes, confidenceLevel: Double = 0.95) {
        let p = Placements(data, keepOrder: false)
        let v = covariance(p.bad, p.auc, p.bad, p.auc) / Double(data.bads)
            + covariance(p.good, p.auc, p.good, p.auc) / Double(data.goods)
        value = p.auc
        gini = 2 * p.auc - 1
        variance = v
        standardError = v.squareRoot()
        self.confidenceLevel = confidenceLevel
        let z = NormalDistribution.quantile(0.5 + confidenceLevel / 2)
        // With a single bad or a single good the variance is undefined (NaN), and so is the interval.
        let ci = v.isNaN ? ConfidenceInterval(lower: .nan, upper: .nan)
            : ConfidenceInterval(lower: max(0, p.auc - z * standardError), upper: min(1, p.auc + z * standardError))
        confidenceInterval = ci
        giniConfidenceInterval = ConfidenceInterval(lower: 2 * ci.lower - 1, upper: 2 * ci.upper - 1)
        bads = data.bads
        goods = data.goods
    }
}

/// A two-sided interval.
public struct ConfidenceInterval: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) { self.lower = lower; self.upper = upper }
}

/// DeLong's test of two correlated AUCs: two scores on the same rows.
///
/// z = (A1 − A2)/√(V1 + V2 − 2·C12), where C12 = S10₁₂/m + S01₁₂/n is the DeLong covariance of the two
/// AUCs; the p-value is two-sided normal, as R pROC's `roc.test(method = "delong", paired = TRUE)`.
/// - Complexity: O(n log n).
public struct PairedDeLongTest: Sendable, Codable, Equatable {
    public let auc1: Double
    public let auc2: Double
    /// A1 − A2.
    public let difference: Double
    public let standardError: Double
    public let z: Double
    public let pValue: Double
    /// Correlation of the two AUC estimates.
    public let correlation: Double
    public let confidenceLevel: Double
    /// Interval for A1 − A2: difference ± z·SE.
    public let confidenceInterval: ConfidenceInterval

    /// - Throws: `MetricsError.lengthMismatch` when the two scores differ in length, plus the checks of
    ///   `ScoredOutcomes`.
    public init(scores1: [Double], scores2: [Double], isBad: [Bool], confidenceLevel: Double = 0.95) throws {
        guard scores1.count == scores2.count else {
            throw MetricsError.lengthMismatch(scores: scores2.count, outcomes: scores1.count)
        }
        let p1 = Placements(try ScoredOutcomes(scores: scores1, isBad: isBad), keepOrder: true)
        let p2 = Placements(try ScoredOutcomes(scores: scores2, isBad: isBad), keepOrder: true)
        let m = Double(p1.bad.count), n = Double(p1.good.count)
        let v1 = covariance(p1.bad, p1.auc, p1.bad, p1.auc) / m + covariance(p1.good, p1.auc, p1.good, p1.auc) / n
        let v2 = covariance(p2.bad, p2.auc, p2.bad, p2.auc) / m + covariance(p2.good, p2.auc, p2.good, p2.auc) / n
        let c12 = covariance(p1.bad, p1.auc, p2.bad, p2.auc) / m + covariance(p1.good, p1.auc, p2.good, p2.auc) / n
        auc1 = p1.auc
        auc2 = p2.auc
        difference = p1.auc - p2.auc
        standardError = max(0, v1 + v2 - 2 * c12).squareRoot()
        // Identical AUC estimates with zero variance of the difference (e.g. the same score twice): no evidence.
        z = standardError > 0 ? difference / standardError : (difference == 0 ? 0 : .nan)
        pValue = z.isNaN ? .nan : NormalDistribution.twoSidedPValue(z)
        correlation = c12 / (v1 * v2).squareRoot()
        self.confidenceLevel = confidenceLevel
        let q = NormalDistribution.quantile(0.5 + confidenceLevel / 2)
        confidenceInterval = ConfidenceInterval(lower: difference - q * standardError, upper: difference + q * standardError)
    }
}
