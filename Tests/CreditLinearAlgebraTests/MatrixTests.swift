import XCTest
import CreditLinearAlgebra
import TestSupport

final class MatrixTests: XCTestCase {
    func testLayoutIsColumnMajor() {
        let a = Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.elements, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(a[1, 2], 6)
        XCTAssertEqual(a.column(1), [2, 5])
        XCTAssertEqual(a.row(1), [4, 5, 6])
        XCTAssertEqual(a, Matrix(rows: 2, columns: 3, columnMajor: [1, 4, 2, 5, 3, 6]))
        XCTAssertEqual(a.transposed.rowMajor, [[1, 4], [2, 5], [3, 6]])
    }

    func testMatrixVectorProducts() throws {
        let a = Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.multiply([1, 0, -1]), [-2, -2])
        XCTAssertEqual(a.transposeMultiply([1, 1]), [5, 7, 9])
        let b = try a.multiply(Matrix(rowMajor: [[1], [1], [1]]))
        XCTAssertEqual(b.elements, [6, 15])
        XCTAssertThrowsError(try a.multiply(a))
    }

    /// dsyrk (blocked, weighted) against a naive triple loop on random data, across block boundaries.
    /// Identical rows must give bit-identical X·v wherever they sit (Hosmer–Lemeshow groups rows by fitted
    /// value; a covariate pattern split by a last-bit difference changes the test). 1,003 copies of 7
    /// patterns, interleaved, so rows fall in every position of any blocked kernel.
    func testIdenticalRowsGiveIdenticalProducts() {
        var rng = SeededGenerator(seed: 11)
        let p = 13, patterns = (0..<7).map { _ in (0..<p).map { _ in Double.random(in: -3...3, using: &rng) } }
        let n = 1003 * patterns.count
        var x = Matrix(rows: n, columns: p)
        for i in 0..<n { for j in 0..<p { x[i, j] = patterns[i % patterns.count][j] } }
        let beta = (0..<p).map { _ in Double.random(in: -1...1, using: &rng) }
        let eta = x.multiply(beta)
        for i in patterns.count..<n {
            XCTAssertEqual(eta[i].bitPattern, eta[i % patterns.count].bitPattern, "row \(i)")
        }
    }

    func testGramMatchesNaiveTripleLoop() {
        var rng = SeededGenerator(seed: 42)
        for n in [1, 7, 4096, 4097, 10_000] {
            let p = 5
            var x = Matrix(rows: n, columns: p)
            for i in 0..<n { for j in 0..<p { x[i, j] = rng.normal() * Double(j + 1) } }
            let w = (0..<n).map { _ in rng.uniform() }
            for weights in [nil, w] as [[Double]?] {
                let g = x.gram(weights: weights)
                for j in 0..<p {
                    for k in 0..<p {
                        var s = 0.0
                        for i in 0..<n { s += (weights?[i] ?? 1) * x[i, j] * x[i, k] }
                        assertClose(g[j, k], s, relative: 1e-12, absolute: 1e-12, "n \(n) (\(j),\(k))")
                    }
                }
            }
        }
    }
}

final class CholeskyTests: XCTestCase {
    /// A = [[4, 2], [2, 3]]: L = [[2, 0], [1, √2]], det 8, A⁻¹ = [[3, −2], [−2, 4]]/8.
    func testHandComputableTwoByTwo() throws {
        let c = try Cholesky(Matrix(rowMajor: [[4, 2], [2, 3]]))
        assertClose(c.lower.elements, [2, 1, 0, 2.0.squareRoot()], relative: 1e-15)
        assertClose(c.logDeterminant, log(8), relative: 1e-15)
        assertClose(try c.solve([2, 1]), [0.5, 0], absolute: 1e-15)
        assertClose(try c.inverse().elements, [3.0 / 8, -2.0 / 8, -2.0 / 8, 4.0 / 8], relative: 1e-15)
    }

    /// A = [[25, 15, −5], [15, 18, 0], [−5, 0, 11]] has L = [[5,0,0],[3,3,0],[−1,1,3]], det = (5·3·3)² = 2025.
    func testThreeByThree() throws {
        let a = Matrix(rowMajor: [[25, 15, -5], [15, 18, 0], [-5, 0, 11]])
        let c = try Cholesky(a)
        assertClose(c.lower.rowMajor.flatMap { $0 }, [5, 0, 0, 3, 3, 0, -1, 1, 3], absolute: 1e-14)
        assertClose(c.logDeterminant, log(2025), relative: 1e-15)
        let inv = try c.inverse()
        let product = try a.multiply(inv)
        assertClose(product.elements, Matrix.identity(3).elements, absolute: 1e-14)
        XCTAssertEqual(inv[0, 2], inv[2, 0], "both triangles filled")
        let x = try c.solve([1, 2, 3])
        assertClose(a.multiply(x), [1, 2, 3], absolute: 1e-13)
    }

    func testNotPositiveDefiniteReportsMinor() {
        XCTAssertThrowsError(try Cholesky(Matrix(rowMajor: [[1, 2], [2, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(minor: 2))
        }
        XCTAssertThrowsError(try Cholesky(Matrix(rowMajor: [[-1, 0], [0, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(minor: 1))
        }
        XCTAssertThrowsError(try Cholesky(Matrix(rows: 2, columns: 3))) { error in
            guard case .dimensionMismatch = error as? LinearAlgebraError else { return XCTFail("\(error)") }
        }
    }
}

final class PivotedQRTests: XCTestCase {
    func testFullRank() throws {
        let qr = try PivotedQR(Matrix(rowMajor: [[1, 0], [0, 1], [1, 1]]))
        XCTAssertEqual(qr.rank, 2)
        XCTAssertTrue(qr.dependencies.isEmpty)
        XCTAssertEqual(qr.independentColumns, [0, 1])
    }

    /// x3 = x1 + x2: rank 2, and the dependent column is expressed with coefficients 1 and 1.
    func testAliasedColumnIsExpressedInTheOthers() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 50
        var x = Matrix(rows: n, columns: 3)
        for i in 0..<n {
            x[i, 0] = rng.normal(); x[i, 1] = rng.normal(); x[i, 2] = x[i, 0] + x[i, 1]
        }
        let qr = try PivotedQR(x)
        XCTAssertEqual(qr.rank, 2)
        XCTAssertEqual(qr.dependencies.count, 1)
        let d = try XCTUnwrap(qr.dependencies.first)
        // Whichever column the pivoting calls dependent, the relation is x3 = x1 + x2 rearranged.
        var relation = [0.0, 0, 0]
        relation[d.column] = -1
        for (b, c) in zip(d.basis, d.coefficients) { relation[b] = c }
        let scale = -1 / relation[2]
        assertClose(relation.map { $0 * scale }, [1, 1, -1], relative: 1e-10)
        XCTAssertEqual(Set(d.basis + [d.column]), [0, 1, 2])
    }

    func testZeroColumnIsDependentWithZeroCoefficients() throws {
        let qr = try PivotedQR(Matrix(rowMajor: [[1, 0, 2], [2, 0, 1], [3, 0, 5]]))
        XCTAssertEqual(qr.rank, 2)
        XCTAssertEqual(qr.dependencies.first?.column, 1)
        assertClose(qr.dependencies.first?.coefficients ?? [], [0, 0], absolute: 1e-14)
    }
}

/// `BLASThreads.stopIdleWorkers` (called first thing by `credit`) only parks OpenBLAS's workers: a product large
/// enough for OpenBLAS to split over its threads afterwards, and again after a second stop, is still right
/// (small integers, so every sum is exact and the naive triple loop is the reference).
final class BLASIdleWorkersTests: XCTestCase {
    func testProductsAfterStoppingIdleWorkers() throws {
        let n = 384
        let a = Matrix(rows: n, columns: n, columnMajor: (0..<(n * n)).map { Double(($0 * 7) % 13) - 6 })
        let b = Matrix(rows: n, columns: n, columnMajor: (0..<(n * n)).map { Double(($0 * 5) % 11) - 5 })
        var expected = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for k in 0..<n { let bkj = b[k, j]; for i in 0..<n { expected[j * n + i] += a[i, k] * bkj } } }
        for _ in 0..<2 {
            BLASThreads.stopIdleWorkers()
            XCTAssertEqual(try a.multiply(b).elements, expected)
        }
    }
}
