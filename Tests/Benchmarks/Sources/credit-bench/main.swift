// In-process timing driver for `make bench` (Tests/Benchmarks/). Not shipped to users.
//
//   credit-bench read FILE                 → {"seconds", "rows", "columns", "bytes", "sums": {column: sum}}
//   credit-bench fit FILE --target COL     → {"read_seconds", "fit_seconds" (design + solve), "design_seconds",
//                                             "solve_seconds", "solve_cpu_seconds", "iterations", "coefficients": {...}}
//   credit-bench auc ROWS SEED             → {"seconds", "auc", "standard_error", "ci_lower", "ci_upper", "rows"}
//   credit-bench machine                   → {"blas_config", "blas_corename", "blas_threads"}: the OpenBLAS this
//                                             binary loaded (the one `credit` links: same package, same CLapack
//                                             module) and the kernel set it chose for this processor
//
// The auc case scores rows drawn in-process (SplitMix64: u₁, u₂ per row; bad = u₁ < 0.2; score = bad + 4·u₂),
// the same doubles Tests/Benchmarks/peers/auc_sklearn.py draws, so both sides see identical data.
//
// Times are wall-clock seconds of the measured part only, so they compare with the peers' in-process timings.
import CreditKit
import Foundation
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds of the whole process (all threads): steadier than wall time on a shared machine.
func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("credit-bench: \(message)\n".utf8))
    exit(2)
}

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

BLASThreads.stopIdleWorkers()   // as `credit` does (see there)
let args = Array(CommandLine.arguments.dropFirst())
if args == ["machine"] {
    // Recorded by `make bench` beside its timings (BLASThreads.configuration / coreName; null when not OpenBLAS).
    emit(["blas_config": BLASThreads.configuration ?? NSNull(), "blas_corename": BLASThreads.coreName ?? NSNull(),
          "blas_threads": BLASThreads.current])
    exit(0)
}
guard args.count >= 2 else { fail("usage: credit-bench read FILE | fit FILE --target COL | auc ROWS SEED | machine") }
let path = args[1]
let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

do {
    switch args[0] {
    case "read":
        let t0 = now()
        let table = try CSVReader.read(path: path)
        let t1 = now()
        // Per numeric column, the sum of its non-missing values (after the timing): the bench compares the values
        // read, not only the shape, with the peers' sums.
        var sums: [String: Double] = [:]
        for (name, column) in zip(table.columnNames, table.columns) {
            guard case .numeric(let values) = column else { continue }
            var sum = 0.0
            values.withUnsafeBufferPointer { for v in $0 where !v.isNaN { sum += v } }
            sums[name] = sum
        }
        emit(["seconds": t1 - t0, "rows": table.rowCount, "columns": table.columnNames.count, "bytes": bytes, "sums": sums])
    case "fit":
        guard let i = args.firstIndex(of: "--target"), i + 1 < args.count else { fail("fit needs --target COL") }
        let t0 = now()
        let table = try CSVReader.read(path: path)
        let t1 = now()
        let design = try Design.build(from: table, options: DesignOptions(target: args[i + 1]))
        let tDesign = now(), c0 = cpu()
        let result = try LogisticRegression().fit(design)
        let t2 = now(), c1 = cpu()
        var coefficients: [String: Double] = [:]
        for (name, value) in zip(result.termNames, result.coefficients) { coefficients[name] = value }
        emit(["read_seconds": t1 - t0, "fit_seconds": t2 - t1, "design_seconds": tDesign - t1, "solve_seconds": t2 - tDesign, "solve_cpu_seconds": c1 - c0, "iterations": result.iterations,
              "converged": result.converged, "coefficients": coefficients])
    case "auc":
        guard let rows = Int(args[1]), rows > 1, let seed = UInt64(args.count > 2 ? args[2] : "1") else {
            fail("auc needs ROWS (> 1) and SEED")
        }
        var rng = SplitMix64(seed: seed)
        var isBad = [Bool](repeating: false, count: rows)
        var scores = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            let u1 = Double(rng.next() >> 11) * 0x1p-53, u2 = Double(rng.next() >> 11) * 0x1p-53
            isBad[i] = u1 < 0.2
            scores[i] = (isBad[i] ? 1 : 0) + 4 * u2
        }
        let t0 = now()
        let auc = AreaUnderCurve(try ScoredOutcomes(scores: scores, isBad: isBad))
        let t1 = now()
        emit(["seconds": t1 - t0, "auc": auc.value, "standard_error": auc.standardError,
              "ci_lower": auc.confidenceInterval.lower, "ci_upper": auc.confidenceInterval.upper, "rows": rows])
    default:
        fail("unknown case '\(args[0])'")
    }
} catch {
    fail("\(error)")
}
