/// A dense column-major matrix of `Double`s.
///
/// Element (i, j) lives at `elements[j * rows + i]`, the layout BLAS and LAPACK use, so no copies are needed
/// to call them.
///
/// ```swift
/// let a = Matrix(rowMajor: [[1, 2], [3, 4]])
/// a[1, 0]          // 3
/// a.column(1)      // [2, 4]
/// ```
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Column-major storage, `rows * columns` values.
    public var elements: [Double]

    /// A matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows; self.columns = columns; self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix whose column-major storage `initialize` fills; it must write every one of the `rows * columns`
    /// elements (the storage starts uninitialised, so a large matrix is not zero-filled first and then overwritten).
    package init(rows: Int, columns: Int, initializingWith initialize: (UnsafeMutableBufferPointer<Double>) -> Void) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows; self.columns = columns
        let count = rows * columns
        self.elements = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialize(UnsafeMutableBufferPointer(start: buffer.baseAddress, count: count))
            initialized = count
        }
    }

    /// A matrix over existing column-major storage.
    /// - Precondition: `columnMajor.count == rows * columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(columnMajor.count == rows * columns,
                     "Matrix(rows: \(rows), columns: \(columns)) needs \(rows * columns) elements, got \(columnMajor.count)")
        self.rows = rows; self.columns = columns; self.elements = columnMajor
    }

    /// A matrix from a list of rows (convenient for literals in tests and small problems).
    /// - Precondition: all rows have the same length.
    public init(rowMajor: [[Double]]) {
        let r = rowMajor.count
        let c = rowMajor.first?.count ?? 0
        var e = [Double](repeating: 0, count: r * c)
        for (i, row) in rowMajor.enumerated() {
            precondition(row.count == c, "Matrix(rowMajor:): row \(i) has \(row.count) values, expected \(c)")
            for j in 0..<c { e[j * r + i] = row[j] }
        }
        self.init(rows: r, columns: c, columnMajor: e)
    }

    /// The n × n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Element at (`row`, `column`), both 0-based.
    public subscript(row: Int, column: Int) -> Double {
        get { elements[column * rows + row] }
        set { elements[column * rows + row] = newValue }
    }

    /// A copy of column `j` (contiguous in storage).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "column \(j) out of range 0..<\(columns)")
        return Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Replaces column `j` with `values`.
    public mutating func setColumn(_ j: Int, to values: [Double]) {
        precondition(j >= 0 && j < columns, "column \(j) out of range 0..<\(columns)")
        precondition(values.count == rows, "setColumn: \(values.count) values for \(rows) rows")
        elements.replaceSubrange((j * rows)..<((j + 1) * rows), with: values)
    }

    /// A copy of row `i` (strided in storage).
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row \(i) out of range 0..<\(rows)")
        return (0..<columns).map { elements[$0 * rows + i] }
    }

    /// The rows as arrays (for printing and JSON).
    public var rowMajor: [[Double]] { (0..<rows).map { row($0) } }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t.elements[i * columns + j] = elements[j * rows + i] } }
        return t
    }
}
