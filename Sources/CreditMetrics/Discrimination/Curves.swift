/// One point of a ROC or CAP curve: classing as bad every row whose score is ≥ `threshold`.
public struct CurvePoint: Sendable, Codable, Equatable {
    /// For ROC: false-positive rate (share of goods classed bad). For CAP: share of all rows classed bad.
    public var x: Double
    /// Share of bads classed bad (true-positive rate, hit rate, capture).
    public var y: Double
    /// The score cut-off (+∞ for the starting point (0, 0)).
    public var threshold: Double
}

/// The empirical ROC curve, one vertex per distinct score from (0, 0) to (1, 1), as scikit-learn's
/// `roc_curve(drop_intermediate=False)`.
public func rocCurve(_ data: ScoredOutcomes) -> [CurvePoint] {
    let g = ScoreGroups(data)
    var out = [CurvePoint(x: 0, y: 0, threshold: .infinity)]
    var cb = 0, cg = 0
    for k in g.thresholds.indices {
        cb += g.bads[k]; cg += g.goods[k]
        out.append(CurvePoint(x: Double(cg) / Double(g.totalGoods), y: Double(cb) / Double(g.totalBads), threshold: g.thresholds[k]))
    }
    return out
}

/// The cumulative accuracy profile (CAP, Lorenz or power curve): share of bads captured against the share of
/// rows classed bad, riskiest first. Its accuracy ratio equals the Gini coefficient 2·AUC − 1.
public func capCurve(_ data: ScoredOutcomes) -> [CurvePoint] {
    let g = ScoreGroups(data)
    let n = Double(data.count)
    var out = [CurvePoint(x: 0, y: 0, threshold: .infinity)]
    var cb = 0, cn = 0
    for k in g.thresholds.indices {
        cb += g.bads[k]; cn += g.bads[k] + g.goods[k]
        out.append(CurvePoint(x: Double(cn) / n, y: Double(cb) / Double(g.totalBads), threshold: g.thresholds[k]))
    }
    return out
}

/// The Kolmogorov–Smirnov statistic KS = max over cut-offs t of TPR(t) − FPR(t) = F_good(t⁻) − F_bad(t⁻),
/// with the cut-off where it is reached (rows with score ≥ `threshold` classed bad; the highest such
/// cut-off when several reach the maximum). Equals the two-sample KS statistic of scipy's `ks_2samp` when
/// the score is oriented (bads higher); a score running the wrong way gives KS ≤ 0 here, never a silent flip.
public struct KolmogorovSmirnov: Sendable, Codable, Equatable {
    public let statistic: Double
    public let threshold: Double
    /// TPR and FPR at the threshold.
    public let truePositiveRate: Double
    public let falsePositiveRate: Double

    public init(_ data: ScoredOutcomes) { self.init(groups: ScoreGroups(data)) }

    init(groups g: ScoreGroups) {
        var best = (d: -Double.infinity, t: Double.infinity, tpr: 0.0, fpr: 0.0)
        var cb = 0, cg = 0
        for k in g.thresholds.indices {
            cb += g.bads[k]; cg += g.goods[k]
            let tpr = Double(cb) / Double(g.totalBads), fpr = Double(cg) / Double(g.totalGoods)
            if tpr - fpr > best.d { best = (tpr - fpr, g.thresholds[k], tpr, fpr) }
        }
        statistic = best.d
        threshold = best.t
        truePositiveRate = best.tpr
        falsePositiveRate = best.fpr
    }
}

/// The ROC-region partial AUC over FPR ≤ `maximumFalsePositiveRate`, McClish-standardised so ½ is chance
/// and 1 is perfect: ½·(1 + (pAUC − ½·f²)/(f − ½·f²)); the same as scikit-learn's
/// `roc_auc_score(max_fpr = f)` (trapezoids, the TPR interpolated linearly at FPR = f). McClish (1989),
/// Medical Decision Making 9:190–195, doi:10.1177/0272989X8900900307.
///
/// Not Lessmann's partial Gini, which restricts rows by predicted PD (see `partialGini`).
public func standardizedPartialAUC(_ data: ScoredOutcomes, maximumFalsePositiveRate f: Double) throws -> Double {
    guard f > 0, f <= 1 else { throw MetricsError.invalidParameter("maximum false-positive rate must be in (0, 1], got \(f)") }
    return standardizedPartialAUC(groups: ScoreGroups(data), maximumFalsePositiveRate: f)
}

/// `standardizedPartialAUC(_:maximumFalsePositiveRate:)` from tie groups already counted (a bootstrap
/// replicate's), f in (0, 1].
func standardizedPartialAUC(groups g: ScoreGroups, maximumFalsePositiveRate f: Double) -> Double {
    let roc = g.rocPoints()
    var area = 0.0
    for k in 1..<roc.count {
        let a = roc[k - 1], b = roc[k]
        if a.fpr >= f { break }
        if b.fpr <= f {
            area += (b.fpr - a.fpr) * (a.tpr + b.tpr) / 2
        } else {
            let y = a.tpr + (b.tpr - a.tpr) * (f - a.fpr) / (b.fpr - a.fpr)
            area += (f - a.fpr) * (a.tpr + y) / 2
            break
        }
    }
    if f == 1 { return area }
    let minArea = 0.5 * f * f, maxArea = f
    return 0.5 * (1 + (area - minArea) / (maxArea - minArea))
}

/// Lessmann et al.'s partial Gini: the Gini coefficient 2·AUC − 1 among the rows with predicted
/// P(bad) ≤ `maximumProbability` (0.4 in Lessmann, Baesens, Seow & Thomas 2015, EJOR 247:124–136,
/// doi:10.1016/j.ejor.2015.05.030), i.e. discrimination in the accept region. Scores must be PDs.
/// - Throws: `MetricsError.singleClass` when that region holds only one class.
public func partialGini(_ data: ScoredOutcomes, maximumProbability: Double = 0.4) throws -> Double {
    try data.requireProbabilities()
    var s: [Double] = [], y: [Bool] = []
    for (p, b) in zip(data.scores, data.isBad) where p <= maximumProbability { s.append(p); y.append(b) }
    guard !s.isEmpty else { throw MetricsError.tooFew("no rows with P(bad) ≤ \(maximumProbability) for the partial Gini") }
    return AreaUnderCurve(try ScoredOutcomes(scores: s, isBad: y)).gini
}

/// `partialGini(_:maximumProbability:)` from tie groups already counted (a bootstrap replicate's): 2·AUC − 1
/// over the groups whose PD is ≤ `maximumProbability`; NaN when that region holds only one class.
func partialGini(groups g: ScoreGroups, maximumProbability: Double) -> Double {
    var thresholds: [Double] = [], bads: [Int] = [], goods: [Int] = []
    for k in g.thresholds.indices where g.thresholds[k] <= maximumProbability {
        thresholds.append(g.thresholds[k]); bads.append(g.bads[k]); goods.append(g.goods[k])
    }
    let totalBads = bads.reduce(0, +), totalGoods = goods.reduce(0, +)
    guard totalBads > 0, totalGoods > 0 else { return .nan }
    return 2 * ScoreGroups(thresholds: thresholds, bads: bads, goods: goods, totalBads: totalBads, totalGoods: totalGoods).auc - 1
}
