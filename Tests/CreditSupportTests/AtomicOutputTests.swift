import Foundation
import CreditSupport
import TestSupport
import XCTest

/// `writeFileAtomically`: the bytes appear at the path whole, and a path that cannot be written is a clear error.
/// (The writer behind it is exercised through `CSVWriter` in Tests/CreditTabularTests/CSVWriterTests.swift and
/// end to end, with kills, in Tests/CLITests/InterruptCLITests.swift.)
final class AtomicOutputTests: XCTestCase {
    var dir: URL!
    override func setUp() { dir = PackagePaths.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testWriteFileAtomically() throws {
        let p = dir.appendingPathComponent("bytes.bin").path
        try writeFileAtomically(path: p, bytes: [1, 2, 3])
        XCTAssertEqual(FileManager.default.contents(atPath: p), Data([1, 2, 3]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["bytes.bin"])
    }

    func testDirectoryAsPathIsClearError() {
        XCTAssertThrowsError(try writeFileAtomically(path: dir.path, bytes: [])) { error in
            XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
        }
    }
}
