// CONTRACT STUB — replaced by the Regression implementation. Public API below is what other modules use.
import Tabular
import LinearAlgebra

/// How one input column enters the model.
public enum PredictorKind: Sendable, Codable, Equatable {
    case numeric
    /// One-hot coded against `reference`; `levels` lists every level seen in training (reference included),
    /// sorted by Unicode scalar values.
    case categorical(levels: [String], reference: String)
}

public struct Predictor: Sendable, Codable, Equatable {
    public var name: String
    public var kind: PredictorKind
    public init(name: String, kind: PredictorKind) { self.name = name; self.kind = kind }
}

/// One column of the design matrix.
public struct Term: Sendable, Codable, Equatable {
    public enum Kind: Sendable, Codable, Equatable {
        case intercept
        case numeric(column: String)
        case indicator(column: String, level: String)
    }
    /// Display name: "const", "age", "purpose=car".
    public var name: String
    public var kind: Kind
    public init(name: String, kind: Kind) { self.name = name; self.kind = kind }
}

/// The coding of a table into a design matrix: intercept + predictors. Stored in the model file; used
/// identically at training and at scoring time.
public struct DesignCoding: Sendable, Codable, Equatable {
    public var intercept: Bool
    public var predictors: [Predictor]
    public init(intercept: Bool, predictors: [Predictor]) { self.intercept = intercept; self.predictors = predictors }
    /// Terms in design-matrix column order: const, then each predictor's term(s) in predictor order.
    public var terms: [Term] { fatalError("stub") }
}

/// Why a row could not be encoded.
public struct RowProblem: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case missingValue
        case unseenLevel(String)
    }
    public var row: Int          // 0-based table row
    public var line: Int         // 1-based source line
    public var column: String
    public var reason: Reason
    public init(row: Int, line: Int, column: String, reason: Reason) {
        self.row = row; self.line = line; self.column = column; self.reason = reason
    }
}

/// A coding bound to a concrete table (columns resolved by name, types checked).
public struct BoundDesign: Sendable {
    /// - Throws: `RegressionError.missingColumn` / `.columnTypeMismatch` when the table lacks a needed column.
    public init(coding: DesignCoding, table: Table) throws { fatalError("stub") }
    /// Writes the row's term values into `values` (count = terms.count); returns the problem if the row can't be coded.
    public func encode(row: Int, into values: inout [Double]) -> RowProblem? { fatalError("stub") }
}

public struct DesignOptions: Sendable {
    public var target: String
    /// Target value that means bad (default "1"; for numeric targets compared numerically).
    public var badValue: String = "1"
    public var exclude: Set<String> = []
    /// Column → reference level (default: first level in sorted order).
    public var referenceLevels: [String: String] = [:]
    public var intercept: Bool = true
    public init(target: String) { self.target = target }
}

/// A design matrix built from a table, with everything that happened to the rows.
public struct Design: Sendable {
    public let coding: DesignCoding
    public let x: Matrix          // n × p, column-major
    public let y: [Double]        // 1 = bad, 0 = good
    public let rows: [Int]        // table row of each design row
    /// Rows left out (missing target, missing predictor value), each with line and column.
    public let dropped: [RowProblem]
    /// Target values that were neither bad nor good... (non-binary target is an error, not a drop)
    public var terms: [Term] { coding.terms }
    /// - Throws: `RegressionError` for a missing target column, a non-binary target, no rows, one class.
    public static func build(from table: Table, options: DesignOptions) throws -> Design { fatalError("stub") }
}
