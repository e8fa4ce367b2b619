import Foundation
import CreditSupport
import XCTest

/// `FreeSpaceShortfall.check`: outputs on one file system are summed and compared with its free space, which must
/// agree with Foundation's own reading of it (`FileManager.attributesOfFileSystem`, `.systemFreeSize`).
final class FreeSpaceTests: ScratchDirectoryTestCase {
    func testFreeSpaceAgreesWithFoundation() throws {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: dir.path)
        let free = try XCTUnwrap((attributes[.systemFreeSize] as? NSNumber)?.doubleValue)
        // 1e18 bytes never fit a test machine's disk: one shortfall naming both outputs, in order.
        let short = FreeSpaceShortfall.check([(path("a.csv"), 6e17), (path("b.csv"), 4e17)])
        XCTAssertEqual(short.count, 1)
        XCTAssertEqual(short.first?.paths, [path("a.csv"), path("b.csv")])
        XCTAssertEqual(short.first?.directory, dir.path)
        XCTAssertEqual(short.first?.bytesNeeded, 1e18)
        // Foundation reads statvfs too (f_bavail × f_frsize); other writers may change it between the two reads.
        XCTAssertEqual(short.first?.bytesFree ?? 0, free, accuracy: max(1e8, free * 0.01))
        // A small need fits; so does each half when only their sum is too large for a tight limit.
        XCTAssertEqual(FreeSpaceShortfall.check([(path("a.csv"), 1)]), [])
        XCTAssertEqual(FreeSpaceShortfall.check([(path("a.csv"), free * 0.6), (path("b.csv"), free * 0.6)]).count, 1)
        XCTAssertEqual(FreeSpaceShortfall.check([(path("a.csv"), free * 0.6)]), [])
    }

    /// Standard output, devices and FIFOs hold what they hold, not a file system's free space; a missing directory
    /// is left to the writer's own error.
    func testSkipsStreamsAndUnknownDirectories() throws {
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        XCTAssertEqual(FreeSpaceShortfall.check([("-", 1e18), ("/dev/null", 1e18), (path("fifo"), 1e18),
                                                 (path("missing/x.csv"), 1e18)]), [])
        // A relative path is examined in the working directory.
        XCTAssertEqual(FreeSpaceShortfall.check([("relative-name.csv", 1e18)]).first?.directory, ".")
    }
}
