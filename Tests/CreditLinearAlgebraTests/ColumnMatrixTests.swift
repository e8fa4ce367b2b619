import XCTest
import _CreditKernels
import CreditLinearAlgebra
import TestSupport

/// `ColumnMatrix` (one array per column) runs the same row-block code as a column-major `Matrix`: the Newton
/// pass, X'WX and X·v must give the same bits on both; the column kernels against their definitions.
final class ColumnMatrixTests: XCTestCase {
    private func random(rows n: Int, columns p: Int, seed: UInt64) -> ColumnMatrix {
        var rng = SeededGenerator(seed: seed)
        return ColumnMatrix(rows: n, columns: (0..<p).map { _ in (0..<n).map { _ in rng.normal() } })
    }

    func testDenseCopyHoldsEveryElement() {
        let c = random(rows: 37, columns: 5, seed: 1)
        let d = c.dense()
        XCTAssertEqual(d.rows, 37)
        XCTAssertEqual(d.columns, 5)
        for i in 0..<37 { for j in 0..<5 { XCTAssertEqual(d[i, j], c[i, j]) } }
    }

    func testPassGramAndProductEqualTheDenseMatrixBitForBit() {
        for (n, p) in [(0, 3), (1, 1), (100, 7), (70_001, 4)] {   // 70,001 rows: two parts
            let c = random(rows: n, columns: p, seed: UInt64(n + p))
            let d = c.dense()
            var rng = SeededGenerator(seed: 9)
            let beta = (0..<p).map { _ in rng.normal() * 0.1 }
            let w = (0..<n).map { _ in rng.uniform() }
            XCTAssertEqual(c.gram(), d.gram())
            XCTAssertEqual(c.gram(weights: w), d.gram(weights: w))
            XCTAssertEqual(c.multiply(beta), d.multiply(beta))
            let block: @Sendable (Int, Int, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>,
                                  UnsafeMutableBufferPointer<Double>) -> Void = { _, _, eta, w, r in
                for k in 0..<eta.count { w[k] = 0.25; r[k] = eta[k] - 0.5 }
            }
            let a = c.rowPass(beta: beta, information: true, block: block)
            let b = d.rowPass(beta: beta, information: true, block: block)
            XCTAssertEqual(a.information, b.information)
            XCTAssertEqual(a.gradient, b.gradient)
        }
    }

    /// η = X·β per row: the definition, and identical rows give identical bits wherever they sit in the block
    /// (vector lanes and the scalar tail); X'r against the definition.
    func testColumnKernelsMatchTheirDefinitions() {
        var rng = SeededGenerator(seed: 5)
        for m in [1, 3, 4, 15, 16, 17, 33, 528] {
            let p = 6
            let row = (0..<p).map { _ in rng.normal() * 100 }
            // Every row the same: every output must be the same bits.
            let same = (0..<p).map { j in [Double](repeating: row[j], count: m + 5) }
            let v = (0..<p).map { _ in rng.normal() }
            let r = (0..<m).map { _ in rng.normal() }
            var out = [Double](repeating: .nan, count: m)
            var g = [Double](repeating: 1, count: p)
            let cols = (0..<p).map { j in (0..<(m + 5)).map { _ in rng.normal() } }
            withPointers(same) { ptrs in credit_gemv_cols(Int32(m), Int32(p), ptrs, 5, v, &out) }
            XCTAssertEqual(Set(out.map(\.bitPattern)).count, 1, "m \(m): identical rows, different bits")
            let expected = zip(row, v).reduce(0.0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(out[0], expected, accuracy: 1e-12 * row.reduce(0) { $0 + abs($1) } * 3)
            withPointers(cols) { ptrs in
                credit_gemv_cols(Int32(m), Int32(p), ptrs, 5, v, &out)
                credit_gemv_t_cols(Int32(m), Int32(p), ptrs, 5, r, &g)
            }
            for i in 0..<m {
                let e = (0..<p).reduce(0.0) { $0 + cols[$1][5 + i] * v[$1] }
                XCTAssertEqual(out[i], e, accuracy: 1e-12)
            }
            for j in 0..<p {
                let e = 1 + (0..<m).reduce(0.0) { $0 + cols[j][5 + $1] * r[$1] }
                XCTAssertEqual(g[j], e, accuracy: 1e-11)
            }
        }
    }

    private func withPointers(_ columns: [[Double]], _ body: (UnsafePointer<UnsafePointer<Double>?>) -> Void) {
        let copies = columns.map { c -> UnsafeMutablePointer<Double> in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: c.count)
            p.initialize(from: c, count: c.count)
            return p
        }
        defer { copies.forEach { $0.deallocate() } }
        let pointers: [UnsafePointer<Double>?] = copies.map { UnsafePointer($0) }
        pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
