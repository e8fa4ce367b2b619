import XCTest
import _CreditKernels
import CreditLinearAlgebra
import TestSupport

/// The C cross-product kernel (`credit_syrk_lower`: AVX2 + FMA where available, and the portable version) against
/// the definition Σᵢ wᵢ·sᵢⱼ·sᵢₖ summed naively, on every shape the tiling has edges for: row counts around
/// multiples of 4, column counts around multiples of 3 and 4, leading dimensions larger than the sizes.
final class CrossProductKernelTests: XCTestCase {
    private typealias Kernel = (Int32, Int32, UnsafePointer<Double>?, Int, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void

    private func check(_ kernel: Kernel, m: Int, p: Int, weighted: Bool, rng: inout SeededGenerator,
                       file: StaticString = #filePath, line: UInt = #line) {
        let lds = m + 3, ldc = p + 2
        let s = (0..<(lds * p)).map { _ in rng.normal() * 10 }
        let w = (0..<m).map { _ in rng.uniform() }
        let sentinel = 7.25
        var c = [Double](repeating: sentinel, count: ldc * p)
        s.withUnsafeBufferPointer { sb in
            w.withUnsafeBufferPointer { wb in
                c.withUnsafeMutableBufferPointer { cb in
                    kernel(Int32(m), Int32(p), sb.baseAddress, lds, weighted ? wb.baseAddress : nil, cb.baseAddress, ldc)
                }
            }
        }
        for k in 0..<p {
            for j in 0..<ldc {
                let got = c[j + k * ldc]
                guard j >= k && j < p else {
                    XCTAssertEqual(got, sentinel, "entry (\(j), \(k)) outside the lower triangle was written", file: file, line: line)
                    continue
                }
                var sum = 0.0, magnitude = 0.0
                for i in 0..<m {
                    let term = (weighted ? w[i] : 1) * s[i + j * lds] * s[i + k * lds]
                    sum += term; magnitude += abs(term)
                }
                XCTAssertEqual(got - sentinel, sum, accuracy: 1e-13 * Swift.max(magnitude, 1) + 1e-12,
                               "m \(m) p \(p) weighted \(weighted) entry (\(j), \(k))", file: file, line: line)
            }
        }
    }

    func testMatchesTheDefinitionOnEveryTileEdge() {
        var rng = SeededGenerator(seed: 42)
        for kernel in [credit_syrk_lower as Kernel, credit_syrk_lower_portable as Kernel] {
            for m in [0, 1, 3, 4, 5, 8, 17, 528] {
                for p in [1, 2, 3, 4, 5, 6, 7, 12, 13, 31] {
                    for weighted in [false, true] { check(kernel, m: m, p: p, weighted: weighted, rng: &rng) }
                }
            }
        }
    }

    /// The two versions are the same algorithm; they may differ only by the fused multiply-add's rounding.
    func testPortableAndDispatchedAgree() {
        var rng = SeededGenerator(seed: 7)
        let m = 1000, p = 31
        let s = (0..<(m * p)).map { _ in rng.normal() }
        let w = (0..<m).map { _ in rng.uniform() }
        var a = [Double](repeating: 0, count: p * p), b = a
        credit_syrk_lower(Int32(m), Int32(p), s, m, w, &a, p)
        credit_syrk_lower_portable(Int32(m), Int32(p), s, m, w, &b, p)
        for k in 0..<(p * p) { XCTAssertEqual(a[k], b[k], accuracy: 1e-11 * Swift.max(abs(b[k]), 1)) }
    }

    /// `gram(product:)`: X'X with the same bits as `gram()`, and X'r equal to the naive sum, on both sides of the
    /// two-part split.
    func testGramWithProductMatchesGramAndNaiveProduct() {
        var rng = SeededGenerator(seed: 11)
        for (n, p) in [(70_000, 7), (1_001, 31), (5, 4)] {
            var x = Matrix(rows: n, columns: p)
            for k in x.elements.indices { x.elements[k] = rng.normal() }
            let r = (0..<n).map { _ in rng.uniform() - 0.3 }
            let (g, product) = x.gram(product: r)
            XCTAssertEqual(g, x.gram())
            XCTAssertEqual(product, x.gram(product: r, concurrently: false).product)
            for j in 0..<p {
                var sum = 0.0, magnitude = 0.0
                for i in 0..<n { sum += x[i, j] * r[i]; magnitude += abs(x[i, j] * r[i]) }
                XCTAssertEqual(product[j], sum, accuracy: 1e-13 * magnitude + 1e-13, "n \(n) p \(p) column \(j)")
            }
        }
    }

    /// `gram` through the kernel: equal to the naive X'WX, and the same bits whether its two parts run concurrently.
    func testGramMatchesNaiveAndIgnoresConcurrency() {
        var rng = SeededGenerator(seed: 3)
        let n = 70_000, p = 5
        var x = Matrix(rows: n, columns: p)
        for k in x.elements.indices { x.elements[k] = rng.normal() }
        let w = (0..<n).map { _ in rng.uniform() }
        let g = x.gram(weights: w), serial = x.gram(weights: w, concurrently: false)
        XCTAssertEqual(g, serial)
        for j in 0..<p {
            for k in 0..<p {
                var sum = 0.0
                for i in 0..<n { sum += w[i] * x[i, j] * x[i, k] }
                XCTAssertEqual(g[j, k], sum, accuracy: 1e-10 * abs(sum) + 1e-9)
                XCTAssertEqual(g[j, k], g[k, j])
            }
        }
    }
}
