#if canImport(Glibc)
import Glibc
#endif
internal import CLapack
internal import _CreditKernels
import Dispatch

extension Matrix {
    /// Copies the lower triangle onto the upper one (BLAS/LAPACK fill only one).
    mutating func fillUpperFromLower() {
        precondition(rows == columns)
        let p = rows
        for j in 0..<p { for i in (j + 1)..<Swift.max(p, j + 1) { elements[i * p + j] = elements[j * p + i] } }
    }

    /// The product X'·v: one dot product per column, summed in a fixed order.
    ///
    /// Not BLAS: OpenBLAS's transposed `dgemv` splits the rows among its threads and adds the partial sums,
    /// so its last bits depend on the thread count (0.3.21, 2 threads vs 1). Here each column is summed with
    /// eight interleaved partial sums combined in a fixed order, the same for any thread setting.
    /// - Precondition: `v.count == rows`.
    /// - Complexity: O(n·p).
    public func transposeMultiply(_ v: [Double]) -> [Double] {
        precondition(v.count == rows, "transposeMultiply: vector has \(v.count) values for \(rows) rows")
        var out = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return out }
        let n = rows, tail = n - n % 8
        elements.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                guard let a = a.baseAddress, let x = x.baseAddress else { return }
                for j in 0..<columns {
                    let c = a + j * n
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
                    var i = 0
                    while i < tail {
                        s0 += c[i] * x[i]; s1 += c[i + 1] * x[i + 1]; s2 += c[i + 2] * x[i + 2]; s3 += c[i + 3] * x[i + 3]
                        s4 += c[i + 4] * x[i + 4]; s5 += c[i + 5] * x[i + 5]; s6 += c[i + 6] * x[i + 6]; s7 += c[i + 7] * x[i + 7]
                        i += 8
                    }
                    while i < n { s0 += c[i] * x[i]; i += 1 }
                    out[j] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
                }
            }
        }
        return out
    }

    /// The matrix product A·B (BLAS `dgemm`).
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when `columns != other.rows`.
    public func multiply(_ other: Matrix) throws -> Matrix {
        guard columns == other.rows else {
            throw LinearAlgebraError.dimensionMismatch("\(rows)×\(columns) times \(other.rows)×\(other.columns)")
        }
        var out = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0, columns > 0 else { return out }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                out.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(other.columns),
                                Int32(columns), 1.0, a.baseAddress, Int32(rows), b.baseAddress, Int32(other.rows),
                                0.0, c.baseAddress, Int32(rows))
                }
            }
        }
        return out
    }
}

/// OpenBLAS's thread count. The CLI calls `useThreads` when `CREDIT_THREADS` is set and `OPENBLAS_NUM_THREADS`
/// is not (that variable, when set, governs BLAS). The BLAS routine still called (dgemm) splits its work by output
/// blocks, not along the summed dimension, so its results do not depend on the thread count; the products of the
/// Newton passes (X·β, X'r, X'WX) are our own C kernels with a fixed summation order, and X'·v is our own loop
/// (`transposeMultiply`): OpenBLAS's transposed dgemv changes its last bits with its thread count.
/// Checked end to end in DeterminismCLITests.
public enum BLASThreads {
    public static func useThreads(_ count: Int) { openblas_set_num_threads(Int32(max(count, 1))) }

    /// Stops OpenBLAS's worker threads until a BLAS call next splits its work over threads (OpenBLAS then
    /// starts them again). Called first thing by each executable: OpenBLAS starts its workers when it is
    /// loaded, and an idle worker spins (`sched_yield`) for 2^28 timestamp-counter ticks before it sleeps:
    /// 0.11 s of processor time in the first 0.3 s of every process here, on one of two cores, exactly while
    /// `credit` reads its CSV on both (Tests/Benchmarks/profile.md, round 5).
    /// The function is looked up when called (`dlsym`), so a BLAS without it (OpenBLAS's serial build, another
    /// BLAS) is simply left alone.
    public static func stopIdleWorkers() {
        guard let process = dlopen(nil, RTLD_NOW) else { return }
        defer { dlclose(process) }
        guard let symbol = dlsym(process, "blas_thread_shutdown_") else { return }
        _ = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)()
    }
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// The BLAS library this process loaded, as it reports itself: `openblas_get_config()` (version, build
    /// options and, in a `DYNAMIC_ARCH` build, the kernel set), e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH
    /// NO_AFFINITY Cooperlake MAX_THREADS=64". Nil when the BLAS is not OpenBLAS.
    ///
    /// A `DYNAMIC_ARCH` OpenBLAS (Debian's) picks its kernels for the processor when it is loaded; which ones it
    /// picked decides the speed of every BLAS/LAPACK call, so `make bench` records it beside its timings.
    /// Looked up when called (`dlsym`), as `stopIdleWorkers` is.
    public static var configuration: String? { openBLASString("openblas_get_config") }

    /// `openblas_get_corename()`: the kernel set OpenBLAS chose for this processor when it was loaded (e.g.
    /// "Haswell", "SkylakeX", "Cooperlake", "Zen"); the environment variable `OPENBLAS_CORETYPE` overrides the
    /// choice. Nil when the BLAS is not OpenBLAS.
    public static var coreName: String? { openBLASString("openblas_get_corename") }

    private static func openBLASString(_ name: String) -> String? {
        guard let process = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(process) }
        guard let symbol = dlsym(process, name) else { return nil }
        guard let text = unsafeBitCast(symbol, to: (@convention(c) () -> UnsafePointer<CChar>?).self)() else { return nil }
        return String(cString: text)
    }

    /// Runs `body` with one OpenBLAS thread and restores the count: for routines whose last bits change with
    /// OpenBLAS's thread count (transposed dgemv, dpotrf, dpotri in 0.3.21), so results never depend on it.
    public static func single<T>(_ body: () throws -> T) rethrows -> T {
        let threads = openblas_get_num_threads()
        if threads > 1 { openblas_set_num_threads(1) }
        defer { if threads > 1 { openblas_set_num_threads(threads) } }
        return try body()
    }
}
