import Foundation
import CreditMetrics
import TestSupport
import XCTest

/// Tolerances for this suite, each with its reason.
enum MetricTolerance {
    /// Rank statistics computed from exact counts: only summation order differs from the reference.
    static let exact = 1e-12
    /// pROC's published values are printed to 15 significant digits.
    static let published = 1e-12
    /// Closed-form integrals (H, EMP) over incomplete beta functions, and iterative fits.
    static let numeric = 1e-9
}

/// The committed fixture JSON and the seeded data it was computed on.
enum MetricsFixture {
    nonisolated(unsafe) static let json: [String: Any] = {
        let path = PackagePaths.path("Tests/CreditMetricsTests/Fixtures/metrics_fixtures.json")
        let data = try! Data(contentsOf: URL(fileURLWithPath: path))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    struct Synthetic { var y: [Bool]; var pd1: [Double]; var pd2: [Double]; var grade: [String] }

    static let synthetic: Synthetic = {
        let text = try! String(contentsOfFile: PackagePaths.path("Tests/CreditMetricsTests/Fixtures/synthetic_scores.csv"), encoding: .utf8)
        var s = Synthetic(y: [], pd1: [], pd2: [], grade: [])
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            s.y.append(f[0] == "1"); s.pd1.append(Double(f[1])!); s.pd2.append(Double(f[2])!); s.grade.append(f[3])
        }
        return s
    }()

    /// pROC's aSAH data: outcome Poor = case (bad).
    struct ASAH { var poor: [Bool]; var wfns: [Double]; var s100b: [Double]; var ndka: [Double] }
    static let asah: ASAH = {
        let text = try! String(contentsOfFile: PackagePaths.publishedData("asah.csv"), encoding: .utf8)
        var a = ASAH(poor: [], wfns: [], s100b: [], ndka: [])
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            a.poor.append(f[0] == "Poor"); a.wfns.append(Double(f[1])!); a.s100b.append(Double(f[2])!); a.ndka.append(Double(f[3])!)
        }
        return a
    }()

    static func dict(_ path: String...) -> [String: Any] {
        var d = json
        for key in path { d = d[key] as! [String: Any] }
        return d
    }
    static func number(_ d: [String: Any], _ key: String) -> Double { (d[key] as! NSNumber).doubleValue }
    static func numbers(_ d: [String: Any], _ key: String) -> [Double] { (d[key] as! [NSNumber]).map(\.doubleValue) }
}
