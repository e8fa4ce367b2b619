import CreditProbability
/// PD backtests for one rating grade (ECB, *Instructions for reporting the validation results of internal
/// models*, 2019): the Jeffreys test and the one-sided binomial test that the PD is not underestimated.
public struct GradeTest: Sendable, Codable, Equatable {
    public let grade: String
    public let rows: Int
    public let defaults: Int
    /// The PD tested (the grade's assigned PD, or the mean PD of its rows).
    public let probability: Double
    public let observedRate: Double
    /// CDF of Beta(D + ½, N − D + ½) at the PD: small values mean more defaults than the PD implies.
    public let jeffreysPValue: Double
    /// P(Bin(N, PD) ≥ D).
    public let binomialPValue: Double

    public init(grade: String, rows: Int, defaults: Int, probability: Double) {
        precondition(rows > 0 && defaults >= 0 && defaults <= rows, "GradeTest: need 0 ≤ defaults ≤ rows, rows > 0")
        self.grade = grade
        self.rows = rows
        self.defaults = defaults
        self.probability = probability
        observedRate = Double(defaults) / Double(rows)
        jeffreysPValue = BetaDistribution.cdf(probability, alpha: Double(defaults) + 0.5, beta: Double(rows - defaults) + 0.5)
        binomialPValue = BinomialDistribution.upperTail(atLeast: defaults, trials: rows, probability: probability)
    }
}

/// Grade tests for rows labelled by grade: each grade's PD is the mean PD of its rows. Grades are reported in
/// order of increasing mean PD.
public func gradeTests(_ data: ScoredOutcomes, grades: [String]) throws -> [GradeTest] {
    try data.requireProbabilities()
    guard grades.count == data.count else { throw MetricsError.lengthMismatch(scores: data.count, outcomes: grades.count) }
    var rows: [String: Int] = [:], bads: [String: Int] = [:], sums: [String: Double] = [:]
    for k in grades.indices {
        rows[grades[k], default: 0] += 1
        sums[grades[k], default: 0] += data.scores[k]
        if data.isBad[k] { bads[grades[k], default: 0] += 1 }
    }
    return rows.keys.map { g in
        GradeTest(grade: g, rows: rows[g]!, defaults: bads[g, default: 0], probability: sums[g]! / Double(rows[g]!))
    }.sorted { ($0.probability, $0.grade) < ($1.probability, $1.grade) }
}
