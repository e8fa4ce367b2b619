// CONTRACT STUB — replaced by the LinearAlgebra implementation.

/// A dense column-major matrix of Doubles.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var elements: [Double]
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = rows; self.columns = columns; self.elements = Array(repeating: value, count: rows * columns)
    }
    public subscript(row: Int, column: Int) -> Double {
        get { elements[column * rows + row] }
        set { elements[column * rows + row] = newValue }
    }
}
