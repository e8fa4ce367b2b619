import CreditScorecard
@testable import CreditModelFile
import TestSupport
import XCTest
import Foundation

/// Test vectors published in FIPS 180-2, Appendix B (SHA-256 examples), and NIST's CAVS long-message example.
final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hexDigest(of: Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8]()),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesInOddChunksMatchOneShot() {
        var rng = SeededGenerator(seed: 11)
        let bytes = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var h = SHA256()
        var i = 0
        for size in [1, 63, 64, 65, 127, 1000, 7] + Array(repeating: 500, count: 20) where i < bytes.count {
            let end = min(bytes.count, i + size)
            h.update(Array(bytes[i..<end]))
            i = end
        }
        if i < bytes.count { h.update(Array(bytes[i...])) }
        let incremental = h.finalize().map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(incremental, SHA256.hexDigest(of: bytes))
    }

    /// The processor's SHA extensions (when present) and the portable Swift compression give the same digests, on
    /// every length around the 64-byte block and the 56-byte padding boundary and on a long random message.
    func testProcessorAndPortableCompressionAgree() {
        var rng = SeededGenerator(seed: 2026)
        let bytes = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for length in Array(0...200) + [1000, 4096, 65_537, 300_000] {
            var fast = SHA256(), portable = SHA256()
            portable.usesProcessorExtensions = false
            fast.update(Array(bytes[0..<length]))
            portable.update(Array(bytes[0..<length]))
            XCTAssertEqual(fast.finalize(), portable.finalize(), "length \(length)")
        }
        var portable = SHA256()
        portable.usesProcessorExtensions = false
        portable.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        XCTAssertEqual(portable.finalize().map { String(format: "%02x", $0) }.joined(),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A file of several read chunks (4 MiB each) and a ragged tail: the same digest as coreutils `sha256sum` and as
    /// hashing the bytes in memory; an unreadable path gives nil.
    func testFileDigestMatchesSha256sum() throws {
        var rng = SeededGenerator(seed: 99)
        let bytes = (0..<(9 << 20) + 37).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bytes.bin").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let sum = Process()
        sum.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sum.arguments = ["sha256sum", path]
        let pipe = Pipe()
        sum.standardOutput = pipe
        try sum.run()
        sum.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: " ").first.map(String.init)
        XCTAssertEqual(SHA256.hexDigest(ofFile: path), expected)
        XCTAssertEqual(SHA256.hexDigest(of: bytes), expected)
        XCTAssertNil(SHA256.hexDigest(ofFile: dir.appendingPathComponent("missing.bin").path))

        // The background digest: waited for at once (the caller takes over after at most a chunk), part-way, and
        // after the thread has finished; the same digest every time, and nil for an unreadable path.
        for delay in [0.0, 0.003, 0.5] {
            let digest = BackgroundFileDigest(path: path)
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            XCTAssertEqual(digest.wait(), expected, "waited after \(delay) s")
            XCTAssertEqual(digest.wait(), expected, "second wait")
        }
        XCTAssertNil(BackgroundFileDigest(path: dir.appendingPathComponent("missing.bin").path).wait())
    }
}
