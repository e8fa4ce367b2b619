/// What `Design.build` should do with a table.
public struct DesignOptions: Sendable {
    /// The target column.
    public var target: String
    /// Target value that means bad (default "1"; for numeric targets compared numerically, so "1" matches 1.0).
    public var badValue: String = "1"
    /// Columns left out of the model (besides the target). Unknown names are an error.
    public var exclude: Set<String> = []
    /// Column → reference level (default: first level in Unicode-scalar sorted order).
    public var referenceLevels: [String: String] = [:]
    /// Whether to add a "const" column.
    public var intercept: Bool = true
    /// Most levels a categorical predictor may have (each level is a design column); more is
    /// `RegressionError.tooManyLevels`.
    public var maxLevels: Int = 1000
    /// Bytes the design may need: the n × (indicator columns) copies it makes (numeric columns are shared with
    /// the table when every row is used) plus the fit's p × p matrices (X'WX, its factor, the covariance, the
    /// correlation: 4 × 8p² bytes). More is `RegressionError.designTooLarge`, found before anything is
    /// allocated. Nil: half of physical memory (the default of `credit train --memory-limit`).
    public var memoryLimit: Double? = nil
    /// What a missing predictor value does: drop the row (default) or code it (`MissingValueCoding`).
    public var missing: MissingValueCoding = .drop
    public init(target: String) { self.target = target }
}

extension DesignOptions {
    /// The largest `maxLevels` a caller may set: 1,000,000 levels of one categorical predictor, one design column
    /// each (the design's bytes are also checked against `memoryLimit` before it is built).
    package static let maxLevelsLimit = 1_000_000
}

/// How `Design.build` treats a missing predictor value (a missing target always drops the row).
///
/// - `drop`: listwise deletion, as R's `na.omit` and statsmodels' `missing="drop"`: the row is left out and
///   listed in `Design.dropped`.
/// - `indicator`: the missing-indicator method (Little & Rubin, *Statistical Analysis with Missing Data*, 3rd ed.,
///   2019, §3.4; Hastie, Tibshirani & Friedman, *ESL*, §9.6): every row with a target is kept. Only predictors
///   that have a missing value among those rows change:
///   - a numeric predictor x gets the training mean x̄ of its non-missing values as its fill, and a second term
///     `x=missing`: the row's terms are (x, 0) when x is present and (x̄, 1) when it is missing, so the missing
///     rows have their own log-odds shift β_missing + β_x·x̄ and do not pull on β_x;
///   - a categorical predictor gets one more level, `missing`, coded like any other level (a one-hot term
///     `x=missing`; the reference level stays the first real level).
///   The fill and the extra term are recorded in the coding (`Predictor.missing`), so scoring, SQL and PMML
///   apply the same values. A predictor with no missing value in training gets no extra term, and a row missing
///   it at scoring time is rejected as under `drop`.
///
///   Peer: pandas `x.fillna(x.mean())` plus `x.isna().astype(float)` and `pd.get_dummies(…, dummy_na=True)`
///   fitted with statsmodels `Logit` (Tests/CreditRegressionTests/Fixtures/make_missing_fixtures.py).
public enum MissingValueCoding: String, Sendable, Codable, CaseIterable {
    case drop
    case indicator
}
