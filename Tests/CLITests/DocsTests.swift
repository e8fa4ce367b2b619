import Foundation
import TestSupport
import XCTest

/// The research notes (notebooks-docs/*.md) and the README tour show real output of the commands written in
/// them. This runs every command again with the built `credit` (`run-docs.py --check`) and fails with the
/// unified diff when any output drifted or a command failed. Fix: `make docs`, then re-read the prose around
/// the changed numbers.
final class DocsTests: XCTestCase {
    /// The drift check's tolerance (text exact, numbers to 1e-9 relative or one unit in the last printed digit,
    /// integers exact) accepts last-bit differences between processors and refuses real drift.
    func testDriftToleranceCases() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 not found; the notes' drift check needs it") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [PackagePaths.path("notebooks-docs/run-docs.py"), "--self-test"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "run-docs.py --self-test failed (its cases are printed above)")
    }

    func testNotesMatchTheCodesOutput() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { throw XCTSkip("python3 not found; the notes' drift check needs it") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [PackagePaths.path("notebooks-docs/run-docs.py"), "--check", "--credit", CLI.binary]
        process.currentDirectoryURL = PackagePaths.root
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let diff = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let messages = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "the notes drifted from the code's output:\n\(messages)\n\(diff)")
    }
}
