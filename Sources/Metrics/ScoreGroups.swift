/// Scores sorted once, split into tie groups from the riskiest (highest) score down: the basis of ROC, CAP,
/// KS, the convex hull, H-measure and EMP.
struct ScoreGroups {
    /// Distinct score values, descending.
    var thresholds: [Double] = []
    /// Bads and goods holding each distinct value.
    var bads: [Int] = []
    var goods: [Int] = []
    let totalBads: Int
    let totalGoods: Int

    /// - Complexity: O(n): a radix sort of each class's scores and a merge.
    init(_ data: ScoredOutcomes) {
        var badScores: [Double] = [], goodScores: [Double] = []
        badScores.reserveCapacity(data.bads)
        goodScores.reserveCapacity(data.goods)
        for (s, b) in zip(data.scores, data.isBad) { if b { badScores.append(s) } else { goodScores.append(s) } }
        // Ascending order-preserving keys, walked from the top.
        let badKeys = RadixSort.sortedKeys(badScores), goodKeys = RadixSort.sortedKeys(goodScores)
        totalBads = badKeys.count
        totalGoods = goodKeys.count
        var i = badKeys.count - 1, j = goodKeys.count - 1
        while i >= 0 || j >= 0 {
            let t = max(i >= 0 ? badKeys[i] : 0, j >= 0 ? goodKeys[j] : 0)
            var nb = 0, ng = 0
            while i >= 0 && badKeys[i] == t { nb += 1; i -= 1 }
            while j >= 0 && goodKeys[j] == t { ng += 1; j -= 1 }
            thresholds.append(RadixSort.value(t)); bads.append(nb); goods.append(ng)
        }
    }

    /// ROC vertices (FPR, TPR) from (0, 0) to (1, 1): one per distinct score, classing "bad" when score ≥ t.
    func rocPoints() -> [(fpr: Double, tpr: Double)] {
        var out: [(fpr: Double, tpr: Double)] = [(0, 0)]
        out.reserveCapacity(thresholds.count + 1)
        var cb = 0, cg = 0
        for k in thresholds.indices {
            cb += bads[k]; cg += goods[k]
            out.append((Double(cg) / Double(totalGoods), Double(cb) / Double(totalBads)))
        }
        return out
    }

    /// The upper convex hull of the ROC points (FPR ascending), from (0, 0) to (1, 1) (Andrew's monotone chain).
    func rocConvexHull() -> [(fpr: Double, tpr: Double)] {
        var hull: [(fpr: Double, tpr: Double)] = []
        for p in rocPoints() {
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                // Remove b unless it lies strictly above the line a→p.
                let cross = (b.fpr - a.fpr) * (p.tpr - a.tpr) - (b.tpr - a.tpr) * (p.fpr - a.fpr)
                if cross >= 0 { hull.removeLast() } else { break }
            }
            hull.append(p)
        }
        return hull
    }
}
