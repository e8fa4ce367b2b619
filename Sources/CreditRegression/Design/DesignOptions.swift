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
    public init(target: String) { self.target = target }
}

extension DesignOptions {
    /// The largest `maxLevels` a caller may set: 1,000,000 levels of one categorical predictor, one design column
    /// each (the design's bytes are also checked against `memoryLimit` before it is built).
    package static let maxLevelsLimit = 1_000_000
}
