// In-process timing driver for `make bench` (Tests/Benchmarks/). Not shipped to users.
//
//   credit-bench read FILE                 → {"seconds", "rows", "columns", "bytes"}
//   credit-bench fit FILE --target COL     → {"read_seconds", "fit_seconds", "iterations", "coefficients": {...}}
//
// Times are wall-clock seconds of the measured part only, so they compare with the peers' in-process timings.
import Foundation
import Regression
import Tabular

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
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

let args = Array(CommandLine.arguments.dropFirst())
guard args.count >= 2 else { fail("usage: credit-bench read FILE | credit-bench fit FILE --target COL") }
let path = args[1]
let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

do {
    switch args[0] {
    case "read":
        let t0 = now()
        let table = try CSVReader.read(path: path)
        let t1 = now()
        emit(["seconds": t1 - t0, "rows": table.rowCount, "columns": table.columnNames.count, "bytes": bytes])
    case "fit":
        guard let i = args.firstIndex(of: "--target"), i + 1 < args.count else { fail("fit needs --target COL") }
        let t0 = now()
        let table = try CSVReader.read(path: path)
        let t1 = now()
        let design = try Design.build(from: table, options: DesignOptions(target: args[i + 1]))
        let result = try LogisticRegression().fit(design)
        let t2 = now()
        var coefficients: [String: Double] = [:]
        for (name, value) in zip(result.termNames, result.coefficients) { coefficients[name] = value }
        emit(["read_seconds": t1 - t0, "fit_seconds": t2 - t1, "iterations": result.iterations,
              "converged": result.converged, "coefficients": coefficients])
    default:
        fail("unknown case '\(args[0])'")
    }
} catch {
    fail("\(error)")
}
