import Foundation

/// The metrics of an `Evaluation` that get a percentile bootstrap interval beyond Gini, KS, H, EMP and Brier:
/// partial AUC, partial Gini, Brier skill, log loss, ECE, and precision, recall, F1 and expected cost at the
/// cut-off, each recomputed on every replicate of `Bootstrap` (the same resamples as the others).
///
/// A replicate's value is the metric's own definition on the drawn rows (with repetition):
/// - partial AUC: McClish-standardised ROC area over FPR ≤ f (`standardizedPartialAUC`, sklearn
///   `roc_auc_score(max_fpr = f)`), from the replicate's tie groups;
/// - partial Gini: 2·AUC − 1 among the drawn rows with PD ≤ the bound (`partialGini`, Lessmann et al. 2015);
///   NaN (a failed replicate) when that region holds one class only;
/// - Brier skill 1 − Brier/(ȳ(1 − ȳ)) with the replicate's bad rate ȳ (`BrierScore.skillScore`);
/// - log loss −mean(y·ln p + (1 − y)·ln(1 − p)), p clipped to [ε, 1 − ε] (`logLoss`, sklearn `log_loss`);
/// - ECE Σ (n_k/N)·|ȳ_k − p̄_k| over the equal-width bins (`expectedCalibrationError`);
/// - precision TP/(TP + FP), recall TP/(TP + FN), F1 2TP/(2TP + FP + FN) and expected cost
///   (FN·c(bad→good) + FP·c(good→bad))/N, each row classed as in the evaluation's `ConfusionMatrix`
///   (sklearn `precision_score`, `recall_score`, `f1_score`, `confusion_matrix`).
/// Each row's bin, clipped log-loss term and class at the cut-off are computed once, so a replicate is one
/// pass over its drawn rows. A metric whose value on the data itself is undefined (precision with nothing
/// classed bad) gets no interval. Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13.
struct EvaluationBootstrapExtras {
    private(set) var names: [String] = []
    private(set) var estimates: [Double] = []
    /// The extra values of one replicate, in the order of `names`, from its tie groups and drawn rows.
    let replicate: (ScoreGroups, [Int]) -> [Double]

    init(_ data: ScoredOutcomes, partialAUC: Double, partialGini: Double?, calibration: CalibrationSummary?,
         confusion: ConfusionMatrix?, options: EvaluationOptions) {
        let isBad = data.isBad
        var parts: [(String, Double)] = [("partial_auc", partialAUC)]
        if let partialGini { parts.append(("partial_gini", partialGini)) }
        if let c = calibration {
            parts += [("brier_skill", c.brier.skillScore), ("log_loss", c.logLoss), ("ece", c.expectedCalibrationError)]
        }
        if let m = confusion {
            parts += [("precision", m.precision), ("recall", m.recall), ("f1", m.f1), ("expected_cost", m.expectedCost)]
        }
        parts = parts.filter { $0.1.isFinite }
        names = parts.map(\.0)
        estimates = parts.map(\.1)
        let wanted = Set(names)
        let wantsPartialAUC = wanted.contains("partial_auc"), wantsPartialGini = wanted.contains("partial_gini")
        let wantsBrierSkill = wanted.contains("brier_skill"), wantsLogLoss = wanted.contains("log_loss"), wantsECE = wanted.contains("ece")
        let wantsPrecision = wanted.contains("precision"), wantsRecall = wanted.contains("recall"), wantsF1 = wanted.contains("f1")
        let wantsCost = wanted.contains("expected_cost")

        let maxFPR = options.partialAUCMaximumFalsePositiveRate, maxPD = options.partialGiniMaximumProbability
        let bins = calibration?.bins ?? options.calibrationBins
        // Per row, once: its calibration bin and clipped log-loss term, and whether the cut-off classes it bad.
        let eps = Double.ulpOfOne
        let bin: [Int] = calibration == nil ? [] : data.scores.map { uniformBin($0, bins: bins) }
        let loss: [Double] = calibration == nil ? [] : zip(data.scores, isBad).map { p, b -> Double in
            let q = min(max(p, eps), 1 - eps)
            return b ? -log(q) : -log1p(-q)
        }
        let classedBad: [Bool]
        if let m = confusion {
            if let points = options.points, m.unit == "points" { classedBad = points.map { $0 < m.cutoff } } else {
                classedBad = data.scores.map { $0 > m.cutoff }
            }
        } else {
            classedBad = []
        }
        let costs = confusion?.costs
        let scores = data.scores
        replicate = { g, sample in
            var v: [Double] = []
            v.reserveCapacity(9)
            let n = Double(sample.count)
            if wantsPartialAUC { v.append(standardizedPartialAUC(groups: g, maximumFalsePositiveRate: maxFPR)) }
            if wantsPartialGini { v.append(CreditMetrics.partialGini(groups: g, maximumProbability: maxPD)) }
            if calibration != nil {
                var squares = 0.0, logLoss = 0.0, badCount = 0
                var count = [Int](repeating: 0, count: bins), bads = count, sums = [Double](repeating: 0, count: bins)
                for row in sample {
                    let p = scores[row], y = isBad[row]
                    let d = p - (y ? 1 : 0)
                    squares += d * d
                    logLoss += loss[row]
                    let k = bin[row]
                    count[k] += 1; sums[k] += p
                    if y { bads[k] += 1; badCount += 1 }
                }
                let base = Double(badCount) / n
                var ece = 0.0
                for k in 0..<bins where count[k] > 0 {
                    let m = Double(count[k])
                    ece += m / n * abs(Double(bads[k]) / m - sums[k] / m)
                }
                if wantsBrierSkill { v.append(1 - (squares / n) / (base * (1 - base))) }
                if wantsLogLoss { v.append(logLoss / n) }
                if wantsECE { v.append(ece) }
            }
            if let costs {
                var tp = 0, fp = 0, fn = 0
                for row in sample {
                    switch (classedBad[row], isBad[row]) {
                    case (true, true): tp += 1
                    case (true, false): fp += 1
                    case (false, true): fn += 1
                    case (false, false): break
                    }
                }
                if wantsPrecision { v.append(tp + fp > 0 ? Double(tp) / Double(tp + fp) : .nan) }
                if wantsRecall { v.append(tp + fn > 0 ? Double(tp) / Double(tp + fn) : .nan) }
                if wantsF1 { v.append(2 * tp + fp + fn > 0 ? 2 * Double(tp) / Double(2 * tp + fp + fn) : .nan) }
                if wantsCost { v.append((Double(fn) * costs.badClassedGood + Double(fp) * costs.goodClassedBad) / n) }
            }
            return v
        }
    }
}
