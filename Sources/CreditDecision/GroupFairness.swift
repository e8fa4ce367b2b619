import CreditMetrics
import CreditProbability

/// Approval, error rates, discrimination and calibration by group at a cut-off: the fairness table of
/// `credit fairness`.
///
/// Every row is approved or declined by the one cut-off rule (`Cutoff.approves`: score ≥ cut-off in points,
/// PD ≤ cut-off in PD). Per group, with "good" the favourable outcome and approval the favourable decision:
///
/// - approval rate = approved / rows, over every row (rows without an outcome count here and only here);
/// - adverse impact ratio (AIR) = approval rate of the group / approval rate of the reference group, with
///   Katz's log interval and the four-fifths flag AIR < 0.8 (`AdverseImpactRatio`; 29 CFR 1607.4(D));
/// - bad rate among the approved = approved bads / approved rows with an outcome;
/// - true-positive rate TPR = approved goods / goods (the share of goods approved) and false-positive rate
///   FPR = approved bads / bads (the share of bads approved); the equal-opportunity difference is
///   TPR(group) − TPR(reference), 0 under equal opportunity (Hardt, Price & Srebro 2016, "Equality of
///   opportunity in supervised learning", NeurIPS 29, arXiv:1610.02413: equal true-positive rates for the
///   qualified, here the goods);
/// - AUC of the PD within the group with its DeLong interval (`AreaUnderCurve`; DeLong, DeLong &
///   Clarke-Pearson 1988, Biometrics 44:837–845), when the group has both goods and bads (`aucNote` says why
///   not otherwise);
/// - calibration-in-the-large: mean PD against the observed bad rate (`CalibrationInTheLarge`).
///
/// The reference group is the one named, or else the group with the most rows (the first in `levels` order on
/// a tie); `referenceIsLargest` records which.
///
/// ```swift
/// let groups = try FairnessGroups(table["employment_type"]!, name: "employment_type")
/// let f = try GroupFairness(scores: points, probabilities: pd, isBad: outcomes, groups: groups,
///                           cutoff: Cutoff(540, scale: .points))
/// f.groups.map { ($0.group, $0.adverseImpact?.value, $0.equalOpportunityDifference) }
/// ```
///
/// Peers: every figure is recomputed by Tests/CreditDecisionTests/Fixtures/make_fairness_fixtures.py with
/// pandas (counts and rates), scikit-learn `roc_auc_score`, a brute-force numpy DeLong, numpy and statsmodels
/// `Table2x2.riskratio_confint` (Katz) and scipy (normal tails); they agree to 1e-12.
///
/// - Complexity: O(n log n) for the AUCs, O(n) otherwise.
public struct GroupFairness: Sendable, Codable, Equatable {
    /// The cut-off (and with it the scale and the approve rule).
    public let cutoff: Cutoff
    public let confidenceLevel: Double
    /// The reference group of the AIR and the equal-opportunity difference.
    public let reference: String
    /// True when `reference` was chosen as the largest group, false when it was given.
    public let referenceIsLargest: Bool
    /// Every row together (no AIR).
    public let all: Group
    /// One entry per group, in `FairnessGroups.levels` order.
    public let groups: [Group]

    /// One group's figures. Rates with an empty denominator are NaN.
    public struct Group: Sendable, Codable, Equatable {
        public let group: String
        public let rows: Int
        public let approved: Int
        public let approvalRate: Double
        /// nil for the reference group itself and for `all`.
        public let adverseImpact: AdverseImpactRatio?
        /// Rows with an outcome (good or bad).
        public let rowsWithOutcome: Int
        public let bads: Int
        public let goods: Int
        public let approvedBads: Int
        public let approvedGoods: Int
        /// approvedBads / (approvedBads + approvedGoods).
        public let badRateApproved: Double
        /// approvedGoods / goods.
        public let truePositiveRate: Double
        /// approvedBads / bads.
        public let falsePositiveRate: Double
        /// TPR − TPR(reference) (0 for the reference unless it has no goods; NaN for `all` or when a TPR is NaN).
        public let equalOpportunityDifference: Double
        /// AUC of the PD with its DeLong interval; nil when the group lacks goods or bads (`aucNote`).
        public let auc: AreaUnderCurve?
        /// Why `auc` is missing, or why its interval is NaN (a single bad or good).
        public let aucNote: String?
        /// nil when no row of the group has an outcome.
        public let calibration: CalibrationInTheLarge?
    }

    /// - Parameters:
    ///   - scores: per row, the value the cut-off is stated in (points for `.points`, the PD for `.pd`).
    ///   - probabilities: per row, the model's PD (for the AUC and calibration).
    ///   - isBad: per row, the outcome; nil when the row has none (it counts for approval only).
    ///   - groups: the group of every row.
    ///   - reference: the reference group; nil picks the largest.
    /// - Throws: `FairnessError.lengthMismatch`, `.empty`, `.nonFiniteScore`, `.referenceNotFound`.
    public init(scores: [Double], probabilities: [Double], isBad: [Bool?], groups: FairnessGroups, cutoff: Cutoff,
                reference: String? = nil, confidenceLevel: Double = 0.95) throws(FairnessError) {
        let n = scores.count
        guard probabilities.count == n, isBad.count == n, groups.labels.count == n else { throw .lengthMismatch }
        guard n > 0 else { throw .empty }
        if let row = (0..<n).first(where: { !scores[$0].isFinite || !probabilities[$0].isFinite }) {
            throw .nonFiniteScore(row: row)
        }
        var rowsOf: [String: [Int]] = [:]
        for (row, label) in groups.labels.enumerated() { rowsOf[label, default: []].append(row) }
        let ref: String
        if let reference {
            guard rowsOf[reference] != nil else { throw .referenceNotFound(reference, levels: groups.levels) }
            ref = reference
        } else {
            // The most rows; the first in display order on a tie.
            var best = groups.levels[0]
            for l in groups.levels where rowsOf[l]!.count > rowsOf[best]!.count { best = l }
            ref = best
        }
        self.cutoff = cutoff
        self.confidenceLevel = confidenceLevel
        self.reference = ref
        referenceIsLargest = reference == nil

        func counts(_ rows: [Int]) -> (approved: Int, goods: Int, approvedGoods: Int) {
            var a = 0, g = 0, ag = 0
            for r in rows {
                let ok = cutoff.approves(scores[r])
                if ok { a += 1 }
                if isBad[r] == false { g += 1; if ok { ag += 1 } }
            }
            return (a, g, ag)
        }
        let refRows = rowsOf[ref]!
        let refCounts = counts(refRows)
        let refTPR = refCounts.goods == 0 ? Double.nan : Double(refCounts.approvedGoods) / Double(refCounts.goods)

        func group(_ name: String, rows: [Int], isReference: Bool, isAll: Bool) -> Group {
            var approved = 0, bads = 0, goods = 0, approvedBads = 0, approvedGoods = 0
            var pd: [Double] = [], outcome: [Bool] = []
            for r in rows {
                let ok = cutoff.approves(scores[r])
                if ok { approved += 1 }
                guard let b = isBad[r] else { continue }
                pd.append(probabilities[r]); outcome.append(b)
                if b { bads += 1; if ok { approvedBads += 1 } } else { goods += 1; if ok { approvedGoods += 1 } }
            }
            func rate(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
            let tpr = rate(approvedGoods, goods)
            let air = isReference || isAll ? nil
                : AdverseImpactRatio(approved: approved, rows: rows.count, referenceApproved: refCounts.approved,
                                     referenceRows: refRows.count, confidenceLevel: confidenceLevel)
            var auc: AreaUnderCurve? = nil, note: String? = nil
            if outcome.isEmpty {
                note = "no outcomes"
            } else if bads == 0 || goods == 0 {
                note = bads == 0 ? "no bads" : "no goods"
            } else {
                auc = AreaUnderCurve(try! ScoredOutcomes(scores: pd, isBad: outcome), confidenceLevel: confidenceLevel)
                if bads == 1 || goods == 1 { note = "no interval with a single \(bads == 1 ? "bad" : "good")" }
            }
            return Group(group: name, rows: rows.count, approved: approved, approvalRate: rate(approved, rows.count),
                         adverseImpact: air, rowsWithOutcome: outcome.count, bads: bads, goods: goods,
                         approvedBads: approvedBads, approvedGoods: approvedGoods,
                         badRateApproved: rate(approvedBads, approvedBads + approvedGoods),
                         truePositiveRate: tpr, falsePositiveRate: rate(approvedBads, bads),
                         equalOpportunityDifference: isAll ? .nan : (isReference && !tpr.isNaN ? 0 : tpr - refTPR),
                         auc: auc, aucNote: note,
                         calibration: outcome.isEmpty ? nil : CalibrationInTheLarge(probabilities: pd, isBad: outcome))
        }
        all = group("all", rows: Array(0..<n), isReference: false, isAll: true)
        self.groups = groups.levels.map { group($0, rows: rowsOf[$0]!, isReference: $0 == ref, isAll: false) }
    }
}

/// Calibration-in-the-large of a set of rows: the mean PD against the observed bad rate, with a z-test.
///
/// With D bads among n rows of PDs p₁…pₙ, the expected number of bads is E = Σpᵢ. Under H0 (each PD is its
/// row's probability of default, rows independent) D is Poisson-binomial with mean E and variance Σpᵢ(1 − pᵢ);
/// the test is its normal approximation
///
///     z = (D − Σpᵢ) / √(Σ pᵢ(1 − pᵢ)),   p = 2·(1 − Φ(|z|))
///
/// (z > 0: more bads than the PDs predict, the PD underestimates risk). z and p are NaN when every PD is 0 or 1.
/// Unlike the binomial test per grade (`gradeTests`), it does not assume one PD for all rows. The fixture
/// computes the same z with numpy and p with scipy `stats.norm.sf`.
public struct CalibrationInTheLarge: Sendable, Codable, Equatable {
    public let rows: Int
    /// Σpᵢ / n.
    public let meanPD: Double
    /// D / n.
    public let observedBadRate: Double
    /// Σpᵢ.
    public let expectedBads: Double
    /// D.
    public let observedBads: Int
    public let z: Double
    public let pValue: Double

    public init(probabilities: [Double], isBad: [Bool]) {
        precondition(!probabilities.isEmpty && probabilities.count == isBad.count, "rows and outcomes must match")
        var expected = 0.0, variance = 0.0, observed = 0
        for (p, b) in zip(probabilities, isBad) {
            expected += p
            variance += p * (1 - p)
            if b { observed += 1 }
        }
        rows = probabilities.count
        meanPD = expected / Double(rows)
        observedBadRate = Double(observed) / Double(rows)
        expectedBads = expected
        observedBads = observed
        z = variance > 0 ? (Double(observed) - expected) / variance.squareRoot() : .nan
        pValue = z.isNaN ? .nan : NormalDistribution.twoSidedPValue(z)
    }
}
