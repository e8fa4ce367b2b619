import Foundation
import CreditProbability
import XCTest

/// Named tolerances used across the test suite. Each states why it is what it is.
public enum Tolerance {
    /// Agreement with statsmodels/R on coefficients and standard errors (1e-6 relative; notebooks-docs/definitions.md,
    /// §Logistic regression and inference).
    public static let reference = 1e-6
    /// Round-trips that should be exact up to floating-point summation order.
    public static let roundTrip = 1e-12
}

/// Asserts |actual − expected| ≤ absolute + relative·|expected|.
public func assertClose(
    _ actual: Double, _ expected: Double, relative: Double = 0, absolute: Double = 0,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    let tol = absolute + relative * abs(expected)
    if actual.isNaN || expected.isNaN || !(abs(actual - expected) <= tol) {
        XCTFail("\(message()) actual \(actual) vs expected \(expected): diff \(abs(actual - expected)) > tol \(tol)",
                file: file, line: line)
    }
}

/// Elementwise `assertClose` for arrays of equal length.
public func assertClose(
    _ actual: [Double], _ expected: [Double], relative: Double = 0, absolute: Double = 0,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "length \(message())", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        assertClose(a, e, relative: relative, absolute: absolute, "\(message()) [\(i)]", file: file, line: line)
    }
}

/// Locations in the package, found from this source file (no bundle resources needed).
public enum PackagePaths {
    /// The package root (the folder holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    /// Published test data (logistf's sex2, pROC's aSAH) in Tests/TestSupport/PublishedData, each file with its
    /// data card (source, version checked against, licence, columns) beside it.
    public static func publishedData(_ name: String) -> String {
        path("Tests/TestSupport/PublishedData/\(name)")
    }
    /// A fresh temporary directory, removed by the caller's tearDown if wanted.
    public static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("credit-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The toolkit's seeded generator (SplitMix64, in Probability), so tests are reproducible on every machine.
public typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// Standard normal by Box–Muller (for test data).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1p-60), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
