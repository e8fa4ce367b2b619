import Foundation

/// Mean negative log-likelihood −mean(y·ln p + (1 − y)·ln(1 − p)), with p clipped to [ε, 1 − ε],
/// ε = `Double.ulpOfOne` (2.22e-16), as scikit-learn's `log_loss` clips to the float64 machine epsilon.
public func logLoss(_ data: ScoredOutcomes) throws -> Double {
    try data.requireProbabilities()
    let eps = Double.ulpOfOne
    var sum = 0.0
    for (p, b) in zip(data.scores, data.isBad) {
        let q = min(max(p, eps), 1 - eps)
        sum += b ? -log(q) : -log1p(-q)
    }
    return sum / Double(data.count)
}
