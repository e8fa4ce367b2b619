import Foundation
import CreditProbability
/// Dietterich's 5×2cv paired t test of two methods from their metric on the folds of N×2-fold
/// cross-validation (Dietterich 1998, Neural Computation 10:1895–1923, doi:10.1162/089976698300017197, §3.5).
///
/// With p_i^(j) = metric(A) − metric(B) on fold j ∈ {1, 2} of repetition i = 1…N, p̄_i = (p_i^(1) + p_i^(2))/2
/// and s_i² = (p_i^(1) − p̄_i)² + (p_i^(2) − p̄_i)²:
///
///     t = p_1^(1) / √( (1/N)·Σ_i s_i² ),   t ~ Student t with N degrees of freedom under H₀,
///
/// two-sided p = 2·P(T_N ≥ |t|). Dietterich's test is N = 5; the statistic uses only the first fold's
/// difference in the numerator, as the paper does. Agrees with mlxtend `evaluate.paired_ttest_5x2cv` on the same
/// fold differences (N = 5).
public struct FiveByTwoPairedTTest: Sendable, Codable, Equatable {
    public let repetitions: Int
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    /// - Parameter differences: one pair (fold 1, fold 2) of metric differences A − B per repetition.
    /// - Throws: `MetricsError.tooFew` with no repetition, `.invalidParameter` for a repetition without
    ///   exactly two folds or a non-finite difference, `.tooFew` when Σ s_i² = 0 (the differences do not vary
    ///   within any repetition: the statistic is undefined).
    public init(differences: [[Double]]) throws {
        let s2 = try fiveByTwoVariances(differences)
        let total = s2.reduce(0, +)
        guard total > 0 else { throw MetricsError.tooFew("5×2cv t test: the two folds' differences are equal in every repetition, so the variance estimate is 0 and t is undefined") }
        let n = differences.count
        repetitions = n
        degreesOfFreedom = n
        statistic = differences[0][0] / (total / Double(n)).squareRoot()
        pValue = twoSidedStudentT(statistic, degreesOfFreedom: Double(n))
    }
}

/// Alpaydın's combined 5×2cv F test (Alpaydın 1999, Neural Computation 11:1885–1892,
/// doi:10.1162/089976699300016007): with the fold differences p_i^(j) and s_i² of `FiveByTwoPairedTTest`,
///
///     f = Σ_i Σ_j (p_i^(j))² / (2·Σ_i s_i²),   f ~ F(2N, N) under H₀,
///
/// p = P(F_{2N,N} ≥ f) (one-sided: large f is evidence of a difference). Uses all 2N differences, so it does
/// not depend on which fold comes first; Alpaydın's test is N = 5, F(10, 5). Agrees with mlxtend
/// `evaluate.combined_ftest_5x2cv` on the same fold differences (N = 5).
public struct FiveByTwoCombinedFTest: Sendable, Codable, Equatable {
    public let repetitions: Int
    public let statistic: Double
    public let numeratorDegreesOfFreedom: Int
    public let denominatorDegreesOfFreedom: Int
    public let pValue: Double

    /// - Parameter differences: as `FiveByTwoPairedTTest`'s.
    /// - Throws: as `FiveByTwoPairedTTest`'s.
    public init(differences: [[Double]]) throws {
        let s2 = try fiveByTwoVariances(differences)
        let total = s2.reduce(0, +)
        guard total > 0 else { throw MetricsError.tooFew("5×2cv F test: the two folds' differences are equal in every repetition, so the variance estimate is 0 and F is undefined") }
        let n = differences.count
        let squares = differences.reduce(0) { $0 + $1[0] * $1[0] + $1[1] * $1[1] }
        repetitions = n
        numeratorDegreesOfFreedom = 2 * n
        denominatorDegreesOfFreedom = n
        statistic = squares / (2 * total)
        pValue = FDistribution.survival(statistic, Double(2 * n), Double(n))
    }
}

/// The corrected resampled t test of Nadeau & Bengio (2003, Machine Learning 52:239–281,
/// doi:10.1023/A:1024068626366, §4) for the J = K·R fold differences of R-times repeated K-fold
/// cross-validation (Bouckaert & Frank 2004's "corrected repeated k-fold cv test").
///
/// With d_j = metric(A) − metric(B) on fold j, d̄ their mean and σ̂² their sample variance (J − 1):
///
///     t = d̄ / √( (1/J + n_test/n_train)·σ̂² ),   t ~ Student t with J − 1 degrees of freedom under H₀,
///
/// two-sided p = 2·P(T_{J−1} ≥ |t|). The term n_test/n_train (1/(K − 1) for K-fold) inflates the variance for
/// the overlap of the training sets, which the naive t (1/J alone) ignores and so rejects too often. The
/// interval is d̄ ± t_{1−α/2, J−1}·√((1/J + n_test/n_train)·σ̂²). No peer in mlxtend or scipy; checked against a
/// script of this formula with scipy's t distribution (make_resampled_tests_fixture.py).
public struct CorrectedResampledTTest: Sendable, Codable, Equatable {
    public let folds: Int
    /// n_test/n_train, the correction.
    public let testToTrainingRatio: Double
    public let meanDifference: Double
    public let standardDeviation: Double
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
    public let confidenceLevel: Double
    public let lower: Double
    public let upper: Double

    /// - Parameters:
    ///   - differences: the metric difference A − B on each fold (all repetitions).
    ///   - testToTrainingRatio: n_test/n_train of the folds (mean test rows over mean training rows).
    /// - Throws: `MetricsError.tooFew` for fewer than 2 folds or differences that do not vary,
    ///   `.invalidParameter` for a non-finite difference or a ratio that is not positive and finite.
    public init(differences: [Double], testToTrainingRatio: Double, confidenceLevel: Double = 0.95) throws {
        let j = differences.count
        guard j >= 2 else { throw MetricsError.tooFew("corrected resampled t test: needs at least 2 folds, got \(j)") }
        guard differences.allSatisfy(\.isFinite) else { throw MetricsError.invalidParameter("corrected resampled t test: a fold difference is not a finite number") }
        guard testToTrainingRatio.isFinite, testToTrainingRatio > 0 else {
            throw MetricsError.invalidParameter("corrected resampled t test: n_test/n_train must be positive, got \(testToTrainingRatio)")
        }
        let n = Double(j)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        guard variance > 0, differences.contains(where: { $0 != differences[0] }) else { throw MetricsError.tooFew("corrected resampled t test: the fold differences do not vary, so t is undefined") }
        let se = ((1 / n + testToTrainingRatio) * variance).squareRoot()
        folds = j
        self.testToTrainingRatio = testToTrainingRatio
        meanDifference = mean
        standardDeviation = variance.squareRoot()
        statistic = mean / se
        degreesOfFreedom = j - 1
        pValue = twoSidedStudentT(statistic, degreesOfFreedom: n - 1)
        self.confidenceLevel = confidenceLevel
        let q = StudentTDistribution.quantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom: n - 1)
        lower = mean - q * se
        upper = mean + q * se
    }
}

/// s_i² per repetition, after checking the shape (N ≥ 1 repetitions of 2 finite differences).
private func fiveByTwoVariances(_ differences: [[Double]]) throws -> [Double] {
    guard !differences.isEmpty else { throw MetricsError.tooFew("5×2cv tests: need at least 1 repetition of 2 folds") }
    return try differences.enumerated().map { i, d in
        guard d.count == 2 else { throw MetricsError.invalidParameter("5×2cv tests: repetition \(i + 1) has \(d.count) folds, need 2") }
        guard d[0].isFinite, d[1].isFinite else { throw MetricsError.invalidParameter("5×2cv tests: a difference in repetition \(i + 1) is not a finite number") }
        let m = (d[0] + d[1]) / 2
        return (d[0] - m) * (d[0] - m) + (d[1] - m) * (d[1] - m)
    }
}

/// 2·P(T_ν ≥ |t|), from the lower tail so that small p-values keep their precision.
private func twoSidedStudentT(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    min(1, 2 * StudentTDistribution.cdf(-abs(t), degreesOfFreedom: nu))
}
