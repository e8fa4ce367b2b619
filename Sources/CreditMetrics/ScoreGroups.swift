import CreditSupport
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

    /// Groups already counted (distinct scores descending, with their bad and good counts).
    init(thresholds: [Double], bads: [Int], goods: [Int], totalBads: Int, totalGoods: Int) {
        self.thresholds = thresholds; self.bads = bads; self.goods = goods
        self.totalBads = totalBads; self.totalGoods = totalGoods
    }

    /// AUC from the groups: Σ bads_k·(goods below + ½·goods tied)/(m·n).
    var auc: Double {
        var goodsBelow = totalGoods, sum = 0.0
        for k in thresholds.indices {
            goodsBelow -= goods[k]
            sum += Double(bads[k]) * (Double(goodsBelow) + Double(goods[k]) / 2)
        }
        return sum / (Double(totalBads) * Double(totalGoods))
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

/// Every row's dense rank among the distinct scores, computed once, so that a bootstrap replicate's tie groups
/// are a counting pass over the drawn rows (O(n + distinct) per replicate, no sort).
struct RankedScores {
    /// Distinct scores, ascending.
    let distinct: [Double]
    /// Index into `distinct` per row.
    let rank: [Int32]

    init(_ scores: [Double]) {
        let (keys, positions) = RadixSort.sortedKeysAndPositions(scores)
        var distinct: [Double] = []
        var rank = [Int32](repeating: 0, count: scores.count)
        for k in keys.indices {
            if k == 0 || keys[k] != keys[k - 1] { distinct.append(RadixSort.value(keys[k])) }
            rank[Int(positions[k])] = Int32(distinct.count - 1)
        }
        self.distinct = distinct
        self.rank = rank
    }

    /// The tie groups of the rows in `sample` (with repetition). `badCounts`/`goodCounts` are work buffers of
    /// `distinct.count` zeros, returned zeroed.
    func groups(sample: [Int], isBad: [Bool], badCounts: inout [Int], goodCounts: inout [Int]) -> ScoreGroups {
        var totalBads = 0
        for row in sample {
            if isBad[row] { badCounts[Int(rank[row])] += 1; totalBads += 1 } else { goodCounts[Int(rank[row])] += 1 }
        }
        var thresholds: [Double] = [], bads: [Int] = [], goods: [Int] = []
        for r in stride(from: distinct.count - 1, through: 0, by: -1) where badCounts[r] + goodCounts[r] > 0 {
            thresholds.append(distinct[r]); bads.append(badCounts[r]); goods.append(goodCounts[r])
            badCounts[r] = 0; goodCounts[r] = 0
        }
        return ScoreGroups(thresholds: thresholds, bads: bads, goods: goods, totalBads: totalBads, totalGoods: sample.count - totalBads)
    }
}
