import XCTest
import _CreditKernels
import TestSupport

/// The per-row kernel of the logistic Newton pass (`credit_logistic_rows`: glibc's vector exp/log1p with AVX2, and
/// the portable libm version) against the definitions evaluated in 80-bit extended precision: π = 1/(1 + e^−η),
/// weight fπ(1 − π), residual f(y − π), log-likelihood Σ f·(y·log π + (1 − y)·log(1 − π)), largest |y − π| and the
/// counts of |y − π| below 1e-6 and 1e-10 (rows with f > 0 only).
final class LogisticRowsKernelTests: XCTestCase {
    private typealias Kernel = (Int, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
                                UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
                                UnsafeMutablePointer<credit_logistic_partial>?) -> Void
    private var kernels: [(String, Kernel)] { [("dispatched", credit_logistic_rows), ("portable", credit_logistic_rows_portable)] }

    /// η spread over the whole range the pass meets: moderate values, large ones where π saturates, e^−|η|
    /// underflowing to 0 (|η| > 745), and ±0.
    private func etas(_ m: Int, _ rng: inout SeededGenerator) -> [Double] {
        (0..<m).map { i in
            switch i % 7 {
            case 0: return rng.normal() * 3
            case 1: return rng.normal() * 30
            case 2: return (rng.uniform() - 0.5) * 1600
            case 3: return i % 2 == 0 ? 0.0 : -0.0
            case 4: return (rng.uniform() - 0.5) * 60
            default: return rng.normal()
            }
        }
    }

    private func run(_ kernel: Kernel, eta: [Double], y: [Double], f: [Double]?) -> (w: [Double], r: [Double], sums: credit_logistic_partial) {
        let m = eta.count
        var w = [Double](repeating: .nan, count: m), r = [Double](repeating: .nan, count: m)
        var sums = credit_logistic_partial()
        eta.withUnsafeBufferPointer { e in
            y.withUnsafeBufferPointer { yb in
                w.withUnsafeMutableBufferPointer { wb in
                    r.withUnsafeMutableBufferPointer { rb in
                        if let f {
                            f.withUnsafeBufferPointer { fb in kernel(m, e.baseAddress, yb.baseAddress, fb.baseAddress, wb.baseAddress, rb.baseAddress, &sums) }
                        } else {
                            kernel(m, e.baseAddress, yb.baseAddress, nil, wb.baseAddress, rb.baseAddress, &sums)
                        }
                    }
                }
            }
        }
        return (w, r, sums)
    }

    private func close(_ got: Double, _ want: Float80, relative: Double) -> Bool {
        let g = Float80(got)
        return abs(g - want) <= Float80(relative) * abs(want) + Float80(1e-300)
    }

    func testMatchesExtendedPrecisionDefinitions() {
        var rng = SeededGenerator(seed: 20261129)
        for m in [0, 1, 3, 4, 5, 17, 528, 2001] {
            for weighted in [false, true] {
                let eta = etas(m, &rng)
                let y = (0..<m).map { _ in rng.uniform() < 0.3 ? 1.0 : 0.0 }
                let f: [Double]? = weighted ? (0..<m).map { i in i % 5 == 0 ? 0 : (i % 5 == 1 ? 2.5 : rng.uniform()) } : nil
                // The reference, in Float80.
                var ll: Float80 = 0, largest = 0.0, below6 = 0, below10 = 0
                var wantW = [Float80](), wantR = [Float80]()
                for i in 0..<m {
                    let e = Float80(eta[i]), fi = Float80(f?[i] ?? 1)
                    let pi = 1 / (1 + exp(-e)), q = 1 / (1 + exp(e))
                    let res = y[i] == 1 ? q : -pi
                    wantW.append(fi * pi * q)
                    wantR.append(fi * res)
                    guard fi > 0 else { continue }
                    // log π = −log1p(e^−η), log(1 − π) = −log1p(e^η), each taken where it does not overflow.
                    let logPi = e >= 0 ? -log1p(exp(-e)) : e - log1p(exp(e))
                    let logQ = e >= 0 ? -e - log1p(exp(-e)) : -log1p(exp(e))
                    ll += fi * (y[i] == 1 ? logPi : logQ)
                    let size = Double(abs(res))
                    largest = max(largest, size)
                    if size < 1e-6 { below6 += 1 }
                    if size < 1e-10 { below10 += 1 }
                }
                for (name, kernel) in kernels {
                    let (w, r, sums) = run(kernel, eta: eta, y: y, f: f)
                    let label = "\(name) m \(m) weighted \(weighted)"
                    for i in 0..<m {
                        XCTAssertTrue(close(w[i], wantW[i], relative: 4e-15), "\(label) row \(i) η \(eta[i]): weight \(w[i]) vs \(wantW[i])")
                        XCTAssertTrue(close(r[i], wantR[i], relative: 4e-15), "\(label) row \(i) η \(eta[i]): residual \(r[i]) vs \(wantR[i])")
                    }
                    XCTAssertTrue(close(sums.log_likelihood, ll, relative: 1e-13), "\(label): log-likelihood \(sums.log_likelihood) vs \(ll)")
                    XCTAssertEqual(sums.max_residual, largest, accuracy: 4e-16 * largest, label)
                    XCTAssertEqual(sums.exact6, below6, label)
                    XCTAssertEqual(sums.exact10, below10, label)
                }
            }
        }
    }

    /// Rows fitted almost exactly (|η| from 30 to 45, y on the side η points to): every log-likelihood term is
    /// −log1p(e^−|η|), from 1e-13 down to 1e-20, where log(1 + a) in place of log1p(a) would be 0 or off by 1e-3.
    func testKeepsTinyLogLikelihoodTerms() {
        var rng = SeededGenerator(seed: 11)
        let m = 2003
        let eta = (0..<m).map { i in (30 + rng.uniform() * 15) * (i % 3 == 0 ? -1 : 1) }
        let y = eta.map { $0 > 0 ? 1.0 : 0.0 }
        var ll: Float80 = 0
        for e in eta { ll -= log1p(exp(-abs(Float80(e)))) }
        for (name, kernel) in kernels {
            let got = run(kernel, eta: eta, y: y, f: nil).sums.log_likelihood
            XCTAssertTrue(close(got, ll, relative: 1e-13), "\(name): log-likelihood \(got) vs \(ll)")
        }
    }

    /// The sums are added to what the partial already holds, block after block, and the weights may overwrite η.
    func testAccumulatesAndWritesWeightsInPlace() {
        var rng = SeededGenerator(seed: 7)
        let eta = etas(1000, &rng)
        let y = (0..<1000).map { _ in rng.uniform() < 0.5 ? 1.0 : 0.0 }
        for (name, kernel) in kernels {
            let whole = run(kernel, eta: eta, y: y, f: nil)
            var sums = credit_logistic_partial(log_likelihood: 1, max_residual: 0, exact6: 3, exact10: 2)
            var inPlace = eta
            var r = [Double](repeating: 0, count: 1000)
            inPlace.withUnsafeMutableBufferPointer { e in
                y.withUnsafeBufferPointer { yb in
                    r.withUnsafeMutableBufferPointer { rb in
                        kernel(1000, e.baseAddress, yb.baseAddress, nil, e.baseAddress, rb.baseAddress, &sums)
                    }
                }
            }
            XCTAssertEqual(inPlace, whole.w, name)
            XCTAssertEqual(r, whole.r, name)
            XCTAssertEqual(sums.log_likelihood, 1 + whole.sums.log_likelihood, name)
            XCTAssertEqual(sums.exact6, 3 + whole.sums.exact6, name)
            XCTAssertEqual(sums.exact10, 2 + whole.sums.exact10, name)
        }
    }
}
