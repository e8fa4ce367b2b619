// CONTRACT STUB — replaced by the Regression implementation.
import LinearAlgebra

public struct LogisticRegressionOptions: Sendable, Codable, Equatable {
    public var maxIterations: Int = 100
    /// Converged when max |score_j| · (something stated) below this …
    public var gradientTolerance: Double = 1e-8
    /// … and the relative change in deviance below this.
    public var devianceTolerance: Double = 1e-10
    public var confidenceLevel: Double = 0.95
    public init() {}
}

/// Something suspect about a fit that still produced a result.
public enum FitDiagnostic: Sendable, Codable, Equatable {
    case quasiSeparation(rows: Int)
    case perfectSeparation
    case didNotConverge(iterations: Int)
    case constantColumns([String])
    /// One line a user can act on.
    public var message: String { fatalError("stub") }
}

public enum RegressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(String)
    case columnTypeMismatch(column: String, expected: String)
    case targetNotBinary(column: String, values: [String])
    case singleClass(column: String, value: String)
    case noUsableRows
    /// Collinear columns, each described like "x3 = 1·x1 + 1·x2".
    case rankDeficient(aliases: [String])
    case perfectSeparation(terms: [String])
    public var description: String { fatalError("stub") }
}

/// An immutable fitted logistic regression with inference (statsmodels `LogitResults` analogue).
public struct LogisticRegressionResult: Sendable, Codable, Equatable {
    public let termNames: [String]
    public let coefficients: [Double]          // params
    public let standardErrors: [Double]        // bse
    public let zValues: [Double]
    public let pValues: [Double]
    public let confidenceIntervals: [ClosedRangeCodable] // lower/upper at confidenceLevel
    public let confidenceLevel: Double
    public let covariance: [[Double]]          // p × p
    public let logLikelihood: Double           // llf
    public let nullLogLikelihood: Double       // llnull
    public let likelihoodRatioChiSquare: Double // llr
    public let likelihoodRatioDegreesOfFreedom: Int
    public let likelihoodRatioPValue: Double
    public let pseudoRSquared: Double          // McFadden
    public let aic: Double
    public let bic: Double
    public let observations: Int
    public let events: Int
    public let iterations: Int
    public let converged: Bool
    public let diagnostics: [FitDiagnostic]
}

public struct ClosedRangeCodable: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
}

public struct LogisticRegression: Sendable {
    public var options: LogisticRegressionOptions
    public init(options: LogisticRegressionOptions = LogisticRegressionOptions()) { self.options = options }
    public func fit(_ design: Design) throws -> LogisticRegressionResult { fatalError("stub") }
    public func fit(x: Matrix, y: [Double], termNames: [String]) throws -> LogisticRegressionResult { fatalError("stub") }
}
