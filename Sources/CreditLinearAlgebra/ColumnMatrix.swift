/// An n × p matrix whose columns are separate arrays.
///
/// A design whose predictors are a table's numeric columns holds those very arrays (copy-on-write: nothing is
/// copied), so fitting a model on a loaded table needs no second n × p copy of the data. The Newton pass, X'WX
/// and X·v work on it exactly as on a column-major `Matrix` (one implementation over column pointers serves both);
/// `dense()` copies it into a `Matrix` for the algorithms that need one.
public struct ColumnMatrix: Sendable {
    public let rows: Int
    /// p arrays of `rows` values each.
    public let storage: [[Double]]
    public var columns: Int { storage.count }

    /// - Precondition: every column has `rows` values.
    public init(rows: Int, columns: [[Double]]) {
        precondition(columns.allSatisfy { $0.count == rows }, "ColumnMatrix: every column needs \(rows) values")
        self.rows = rows; self.storage = columns
    }

    public subscript(row: Int, column: Int) -> Double { storage[column][row] }

    /// The columns copied into one column-major matrix.
    public func dense() -> Matrix {
        let n = rows
        return Matrix(rows: n, columns: columns) { out in
            guard let x = out.baseAddress else { return }
            for (j, column) in storage.enumerated() {
                column.withUnsafeBufferPointer { c in if let c = c.baseAddress { (x + j * n).initialize(from: c, count: n) } }
            }
        }
    }
}

/// What the Newton fits need of their design matrix, whichever way it is stored.
package protocol RowBlockMatrix: Sendable {
    var rows: Int { get }
    var columns: Int { get }
    /// Calls `body` with a pointer to row 0 of each column (valid only inside `body`).
    func withColumnPointers<R>(_ body: (ColumnPointers) throws -> R) rethrows -> R
}

/// Pointers to row 0 of each column of an n × p matrix, for the row-block algorithms of `RowBlockMatrix`.
package struct ColumnPointers: @unchecked Sendable {
    package let rows: Int
    let base: [UnsafePointer<Double>?]
    package var columns: Int { base.count }
}

extension Matrix: RowBlockMatrix {
    package func withColumnPointers<R>(_ body: (ColumnPointers) throws -> R) rethrows -> R {
        let n = rows, p = columns
        return try elements.withUnsafeBufferPointer { x in
            guard let x0 = x.baseAddress, n > 0 else {
                let dummy = UnsafePointer<Double>(bitPattern: MemoryLayout<Double>.alignment)!   // never read: no rows
                return try body(ColumnPointers(rows: n, base: Array(repeating: dummy, count: p)))
            }
            return try body(ColumnPointers(rows: n, base: (0..<p).map { x0 + $0 * n }))
        }
    }
}

extension ColumnMatrix: RowBlockMatrix {
    package func withColumnPointers<R>(_ body: (ColumnPointers) throws -> R) rethrows -> R {
        // Each array is pinned by its own withUnsafeBufferPointer, nested column by column.
        func pin(_ j: Int, _ collected: inout [UnsafePointer<Double>?]) throws -> R {
            if j == storage.count { return try body(ColumnPointers(rows: rows, base: collected)) }
            return try storage[j].withUnsafeBufferPointer { b in
                collected.append(b.baseAddress ?? UnsafePointer<Double>(bitPattern: MemoryLayout<Double>.alignment)!)
                return try pin(j + 1, &collected)
            }
        }
        var collected: [UnsafePointer<Double>?] = []
        collected.reserveCapacity(storage.count)
        return try pin(0, &collected)
    }
}
