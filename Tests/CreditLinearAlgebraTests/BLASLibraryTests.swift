import XCTest
import Foundation
import CreditLinearAlgebra

/// `BLASThreads.configuration` / `coreName` (what `make bench` records as the BLAS in use) against Debian's
/// package database: the OpenBLAS version the library reports must be the upstream version of the installed
/// `libopenblas0*` package (dpkg-query), and a DYNAMIC_ARCH build names its chosen kernel set in its configuration.
final class BLASLibraryTests: XCTestCase {
    func testOpenBLASReportsItsConfigurationAndKernels() throws {
        let configuration = try XCTUnwrap(BLASThreads.configuration, "the linked BLAS is OpenBLAS (CLapack links it); openblas_get_config was not found")
        let coreName = try XCTUnwrap(BLASThreads.coreName, "openblas_get_corename was not found")
        XCTAssertTrue(configuration.hasPrefix("OpenBLAS "), configuration)
        XCTAssertFalse(coreName.isEmpty)
        XCTAssertNotEqual(coreName.lowercased(), "unknown", configuration)
        if configuration.split(separator: " ").contains("DYNAMIC_ARCH") {
            XCTAssertTrue(configuration.lowercased().split(separator: " ").contains(Substring(coreName.lowercased())),
                          "\(configuration) does not name the core \(coreName)")
        }
        // The reference: the installed package's version, e.g. "0.3.21+ds-4" → "0.3.21".
        let installed = try dpkgVersions("libopenblas0*")
        guard !installed.isEmpty else { throw XCTSkip("dpkg-query lists no installed libopenblas0* package (not a Debian system?)") }
        let reported = String(configuration.split(separator: " ")[1])
        let upstream = installed.map { v -> String in
            let noEpoch = v.split(separator: ":").last.map(String.init) ?? v
            return String(noEpoch.prefix { $0 != "+" && $0 != "-" && $0 != "~" })
        }
        XCTAssertTrue(upstream.contains(reported), "OpenBLAS reports version \(reported); dpkg lists \(installed)")
    }

    /// Versions of the installed packages matching `pattern`; empty when dpkg-query is missing.
    private func dpkgVersions(_ pattern: String) throws -> [String] {
        let tool = ["/usr/bin/dpkg-query", "/bin/dpkg-query"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { return [] }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-W", "-f", "${Status}\t${Version}\n", pattern]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].hasSuffix("ok installed"), !parts[1].isEmpty else { return nil }
            return String(parts[1])
        }
    }
}
