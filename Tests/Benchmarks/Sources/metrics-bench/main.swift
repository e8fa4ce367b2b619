// Times AUC with DeLong variance (and the paired DeLong test) on synthetic scores, for `make bench`-style
// side-by-side runs with scikit-learn's roc_auc_score (Tests/Benchmarks/peers/auc_sklearn.py), which gives
// no variance. Usage: metrics-bench [ROWS] [REPEATS]   (default 10,000,000 rows, 3 repeats; prints medians).
import CreditKit
import Foundation
let rows = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 10_000_000
let repeats = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 3
var rng = SplitMix64(seed: 42)
func uniform(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) * 0x1p-53 }
var isBad = [Bool](repeating: false, count: rows)
var s1 = [Double](repeating: 0, count: rows), s2 = s1
for i in 0..<rows {
    isBad[i] = uniform(&rng) < 0.2
    let u1 = max(uniform(&rng), 0x1p-60), u2 = uniform(&rng)
    let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    s1[i] = (isBad[i] ? 1 : 0) + z
    s2[i] = ((s1[i] * 1000).rounded()) / 1000 + 0.5 * uniform(&rng)    // rounded: many ties
}
func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
func median(_ x: [Double]) -> Double { let s = x.sorted(); return s[s.count / 2] }
var single: [Double] = [], paired: [Double] = []
var auc = AreaUnderCurve(try ScoredOutcomes(scores: [0, 1], isBad: [false, true]))
var test: PairedDeLongTest?
for _ in 0..<repeats {
    single.append(try time { auc = AreaUnderCurve(try ScoredOutcomes(scores: s1, isBad: isBad)) })
    paired.append(try time { test = try PairedDeLongTest(scores1: s1, scores2: s2, isBad: isBad) })
}
print("rows \(rows)  AUC \(auc.value)  SE \(auc.standardError)  paired z \(test!.z)")
print(String(format: "AUC + DeLong variance: median %.3f s over %d runs (%@)", median(single), repeats, single.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
print(String(format: "paired DeLong test:    median %.3f s over %d runs (%@)", median(paired), repeats, paired.map { String(format: "%.3f", $0) }.joined(separator: ", ")))

// The full evaluation (every metric, 1,000 bootstrap replicates) at a holdout-sized sample.
let evalRows = min(rows, 100_000)
let pd = s1.prefix(evalRows).map { 1 / (1 + exp(-(2 * $0 - 2))) }
let evalTime = try time { _ = try Evaluation(try ScoredOutcomes(scores: pd, isBad: Array(isBad.prefix(evalRows)))) }
print(String(format: "Evaluation with 1,000 bootstrap replicates at %d rows: %.2f s", evalRows, evalTime))
