import Foundation
import CreditSupport
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A test case with its own scratch directory and helpers to look at it.
class ScratchDirectoryTestCase: XCTestCase {
    var dir: URL!
    override func setUp() { dir = PackagePaths.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func contents(_ name: String) -> String? { (try? Data(contentsOf: dir.appendingPathComponent(name))).map { String(decoding: $0, as: UTF8.self) } }
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }
    func kind(_ p: String) -> mode_t { var st = stat(); return lstat(p, &st) == 0 ? st.st_mode & S_IFMT : 0 }
    func write(_ text: String, to name: String) { FileManager.default.createFile(atPath: path(name), contents: Data(text.utf8)) }
}

/// The output policy of `AtomicOutput` (`OutputDestination`), one test per branch: a regular file or new path is
/// replaced atomically; a symbolic link's final target is replaced and the link kept; a device, FIFO, socket or
/// descriptor path is written directly; a directory or a dangling link into a missing directory is a clear error;
/// the temporary name fits `NAME_MAX` (`OutputGroup` and `PathClash` have their own tests). Device nodes are
/// made in the test's own directory (as root; skipped otherwise), never the machine's /dev. (The writer is also exercised through `CSVWriter` in Tests/CreditTabularTests/CSVWriterTests.swift and end to
/// end, with kills, in Tests/CLITests/InterruptCLITests.swift and OutputPolicyCLITests.swift.)
final class AtomicOutputTests: ScratchDirectoryTestCase {
    // MARK: - Regular files and new paths: replaced atomically

    func testWriteFileAtomically() throws {
        let p = path("bytes.bin")
        try writeFileAtomically(path: p, bytes: [1, 2, 3])
        XCTAssertEqual(FileManager.default.contents(atPath: p), Data([1, 2, 3]))
        XCTAssertEqual(names(), ["bytes.bin"])
    }

    /// An existing file: nothing changes until commit, then the new bytes replace it whole (a new inode, its
    /// permission bits kept); abandoning leaves it as it was and no temporary file.
    func testRegularFileIsReplacedOnlyOnCommit() throws {
        write("old\n", to: "out.csv")
        chmod(path("out.csv"), 0o640)
        var before = stat(); stat(path("out.csv"), &before)
        XCTAssertEqual(try OutputDestination.resolve(path("out.csv")), .file(path: path("out.csv")))
        let abandoned = try AtomicOutput(path: path("out.csv"))
        try abandoned.write(String(repeating: "x", count: 200_000))
        abandoned.abandon()
        XCTAssertEqual(contents("out.csv"), "old\n")
        XCTAssertEqual(names(), ["out.csv"])
        let output = try AtomicOutput(path: path("out.csv"))
        try output.write("new\n")
        XCTAssertEqual(contents("out.csv"), "old\n")
        try output.commit()
        XCTAssertEqual(contents("out.csv"), "new\n")
        var after = stat(); stat(path("out.csv"), &after)
        XCTAssertNotEqual(after.st_ino, before.st_ino, "replaced by rename, not rewritten in place")
        XCTAssertEqual(after.st_mode & 0o7777, 0o640)
        XCTAssertEqual(names(), ["out.csv"])
    }

    /// A path that does not exist yet appears only on commit.
    func testNewPathAppearsOnCommit() throws {
        let output = try AtomicOutput(path: path("new.csv"))
        try output.write("a\n")
        XCTAssertEqual(names(), [])
        try output.commit()
        XCTAssertEqual(contents("new.csv"), "a\n")
    }

    func testDirectoryAsPathIsClearError() {
        XCTAssertThrowsError(try writeFileAtomically(path: dir.path, bytes: [])) { error in
            XCTAssertTrue("\(error)".contains("is a directory"), "\(error)")
        }
        XCTAssertThrowsError(try AtomicOutput(path: path("no/such/out.csv"))) { error in
            XCTAssertTrue("\(error)".contains("the directory '\(path("no/such"))' does not exist"), "\(error)")
        }
    }

    // MARK: - Symbolic links: the final target replaced, the links kept

    func testSymbolicLinkChainKeepsTheLinksAndReplacesTheTarget() throws {
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        write("old\n", to: "real/target.csv")
        symlink("real/target.csv", path("link1"))     // relative to the link's directory
        symlink(path("link1"), path("link2"))          // absolute
        XCTAssertEqual(try OutputDestination.resolve(path("link2")), .file(path: path("real/target.csv")))
        try writeFileAtomically(path: path("link2"), bytes: Array("new\n".utf8))
        XCTAssertEqual(kind(path("link1")), S_IFLNK)
        XCTAssertEqual(kind(path("link2")), S_IFLNK)
        XCTAssertEqual(contents("real/target.csv"), "new\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("real")), ["target.csv"])
    }

    /// A dangling link: its target is created when the target's directory exists, else a clear error.
    func testDanglingLink() throws {
        symlink("made.csv", path("dangling"))
        try writeFileAtomically(path: path("dangling"), bytes: Array("x\n".utf8))
        XCTAssertEqual(kind(path("dangling")), S_IFLNK)
        XCTAssertEqual(contents("made.csv"), "x\n")

        symlink("nowhere/made.csv", path("into-nowhere"))
        XCTAssertThrowsError(try AtomicOutput(path: path("into-nowhere"))) { error in
            XCTAssertTrue("\(error)".contains("it is a symbolic link to '\(path("nowhere/made.csv"))', whose directory '\(path("nowhere"))' does not exist"), "\(error)")
        }
        symlink("loop-b", path("loop-a")); symlink("loop-a", path("loop-b"))
        XCTAssertThrowsError(try AtomicOutput(path: path("loop-a"))) { error in
            XCTAssertTrue("\(error)".contains("too many levels of symbolic links"), "\(error)")
        }
    }

    // MARK: - Streams: written directly, never replaced

    /// A character device made in the test directory (root only): written, still a device afterwards; a device
    /// that refuses the bytes (like /dev/full) is an error and stays a device.
    func testCharacterDeviceIsWrittenNotReplaced() throws {
        guard mknod(path("null"), S_IFCHR | 0o666, device(1, 3)) == 0, mknod(path("full"), S_IFCHR | 0o666, device(1, 7)) == 0 else {
            throw XCTSkip("mknod needs root")
        }
        symlink("null", path("to-null"))
        XCTAssertEqual(try OutputDestination.resolve(path("to-null")), .stream(path: path("null")))
        for name in ["null", "to-null"] {
            try writeFileAtomically(path: path(name), bytes: Array(repeating: 65, count: 300_000))
        }
        XCTAssertEqual(kind(path("null")), S_IFCHR)
        XCTAssertEqual(kind(path("to-null")), S_IFLNK)
        XCTAssertThrowsError(try writeFileAtomically(path: path("full"), bytes: [65])) { error in
            XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
        }
        XCTAssertEqual(kind(path("full")), S_IFCHR)
        XCTAssertEqual(names(), ["full", "null", "to-null"])
    }

    /// A FIFO: its reader gets every byte (more than the buffer, in several writes), and it stays a FIFO.
    func testFIFOIsWrittenNotReplaced() throws {
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        XCTAssertEqual(try OutputDestination.resolve(path("fifo")), .stream(path: path("fifo")))
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let received = Received()
        let reader = Thread { [p = path("fifo")] in received.set(readToEnd(p)) }
        reader.start()
        try writeFileAtomically(path: path("fifo"), bytes: payload)    // open blocks until the reader opens
        XCTAssertTrue(received.wait(seconds: 20))
        XCTAssertEqual(received.value, Data(payload))
        XCTAssertEqual(kind(path("fifo")), S_IFIFO)
        XCTAssertEqual(names(), ["fifo"])
    }

    /// A Unix-domain socket: connected to and written.
    func testSocketIsConnectedAndWritten() throws {
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(listener, 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path("sock").utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw XCTSkip("temporary path too long for a socket") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes); $0[bytes.count] = 0 }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(listener, 1), 0)
        XCTAssertEqual(try OutputDestination.resolve(path("sock")), .stream(path: path("sock")))
        let received = Received()
        let reader = Thread {
            let connection = accept(listener, nil, nil)
            var data = Data()
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(connection, &chunk, chunk.count)
                if n <= 0 { break }
                data.append(contentsOf: chunk[0..<n])
            }
            close(connection)
            received.set(data)
        }
        reader.start()
        try writeFileAtomically(path: path("sock"), bytes: Array("over the socket\n".utf8))
        XCTAssertTrue(received.wait(seconds: 20))
        XCTAssertEqual(received.value, Data("over the socket\n".utf8))
        XCTAssertEqual(kind(path("sock")), S_IFSOCK)
    }

    /// `/dev/fd/N`, `/proc/self/fd/N` and a link to one write to that open descriptor (here a pipe); a
    /// descriptor that is not open, or open for reading only, is a clear error.
    func testDescriptorPathsWriteToTheDescriptor() throws {
        for name in ["/dev/fd/", "/proc/self/fd/", "link:/dev/fd/"] {
            var ends: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&ends), 0)
            var p = name + String(ends[1])
            if name.hasPrefix("link:") {
                p = path("to-fd-\(ends[1])")
                symlink(String(name.dropFirst(5)) + String(ends[1]), p)
            }
            XCTAssertEqual(try OutputDestination.resolve(p), .descriptor(ends[1]), p)
            try writeFileAtomically(path: p, bytes: Array("through \(name)\n".utf8))
            close(ends[1])
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = read(ends[0], &buffer, buffer.count)
            close(ends[0])
            XCTAssertEqual(String(decoding: buffer[0..<max(n, 0)], as: UTF8.self), "through \(name)\n")
        }
        XCTAssertThrowsError(try AtomicOutput(path: "/dev/fd/987")) { error in
            XCTAssertTrue("\(error)".contains("descriptor 987 is not open"), "\(error)")
        }
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        XCTAssertThrowsError(try AtomicOutput(path: "/dev/fd/\(ends[0])")) { error in
            XCTAssertTrue("\(error)".contains("open for reading only"), "\(error)")
        }
    }

    // MARK: - Temporary names

    /// A 250-byte name (NAME_MAX is 255) is replaced: the temporary name is shortened to fit, in the same
    /// directory, and a visible temporary file shows while the output is written.
    func testLongNameAndVisibleTemporaryFile() throws {
        let long = String(repeating: "é", count: 123) + ".csv"     // 250 bytes, 2-byte characters
        XCTAssertEqual(long.utf8.count, 250)
        write("old\n", to: long)
        let output = try AtomicOutput(path: path(long), visibleTemporary: true)
        try output.write("new\n")
        let temporary = names().filter { $0 != long }
        XCTAssertEqual(temporary.count, 1)
        XCTAssertTrue(temporary[0].hasPrefix(".éé") && temporary[0].contains(".tmp-\(getpid())-"), temporary[0])
        XCTAssertLessThanOrEqual(temporary[0].utf8.count, 255)
        try output.commit()
        XCTAssertEqual(contents(long), "new\n")
        XCTAssertEqual(names(), [long])
        // The unnamed kind too (linked under a temporary name, then renamed).
        try writeFileAtomically(path: path(long), bytes: Array("newer\n".utf8))
        XCTAssertEqual(contents(long), "newer\n")
        XCTAssertEqual(names(), [long])
    }
}

/// Linux's `makedev` (the macro is not imported): the device number of major:minor.
func device(_ major: UInt64, _ minor: UInt64) -> dev_t {
    dev_t(((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12) | ((major & ~0xfff) << 32))
}

/// Every byte of a file, FIFO or device, read with read(2) (Foundation's readers refuse a FIFO).
func readToEnd(_ path: String) -> Data? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = read(fd, &chunk, chunk.count)
        if n < 0 { if errno == EINTR { continue }; return nil }
        if n == 0 { return data }
        data.append(contentsOf: chunk[0..<n])
    }
}

/// A value set by one thread and awaited by another.
final class Received: @unchecked Sendable {
    private let condition = NSCondition()
    private var stored: Data?
    private var done = false
    var value: Data? { condition.lock(); defer { condition.unlock() }; return stored }
    func set(_ data: Data?) { condition.lock(); stored = data; done = true; condition.broadcast(); condition.unlock() }
    func wait(seconds: Double) -> Bool {
        condition.lock(); defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !done { if !condition.wait(until: deadline) { return done } }
        return true
    }
}
