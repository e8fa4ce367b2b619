import Dispatch
import Foundation

/// The one place that decides how many threads credit's own code uses.
///
/// `CREDIT_THREADS=1` runs everything on the calling thread: the CSV parse (in parts), binning across columns,
/// the read/score pipeline of `credit score` and the input fingerprint (SHA-256) of `credit train`.
/// `CREDIT_THREADS=2` (or unset, or any other value) allows two threads. Results never depend on the setting:
/// each parallel site writes its own slots and joins them in a fixed order, so outputs are byte-identical
/// either way (tested in DeterminismCLITests). The CLI also passes the setting to OpenBLAS, see
/// `BLASThreads.useThreads` — unless `OPENBLAS_NUM_THREADS` is set, which then governs BLAS.
package enum Concurrency {
    /// 1 or 2, read once from `CREDIT_THREADS`.
    package static let threads: Int = parse(ProcessInfo.processInfo.environment["CREDIT_THREADS"])

    /// `CREDIT_THREADS`' value as a thread count: "1" → 1, anything else → 2.
    package static func parse(_ value: String?) -> Int {
        value.map { $0.trimmingCharacters(in: .whitespaces) } == "1" ? 1 : 2
    }

    /// Runs `body(0)…body(iterations-1)`: concurrently when two threads are allowed, else in order on this thread.
    package static func perform(iterations: Int, _ body: @Sendable (Int) -> Void) {
        if threads == 1 || iterations <= 1 {
            for i in 0..<iterations { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }
}
