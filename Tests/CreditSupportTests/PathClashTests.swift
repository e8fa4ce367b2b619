import Foundation
import CreditSupport
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `PathClash`: one file under two names (an output that is an input, or two outputs on one file).
final class PathClashTests: ScratchDirectoryTestCase {
    func testPathClash() throws {
        write("data\n", to: "data.csv")
        link(path("data.csv"), path("hard.csv"))
        symlink("data.csv", path("soft.csv"))
        func clash(_ output: String, inputs: [String] = [path("data.csv")], others: [String] = []) -> String? {
            do {
                try PathClash.check(inputs: inputs.map { ("DATA", $0) }, outputs: others.map { ("-o", $0) } + [("--rejects", output)])
                return nil
            } catch { return "\(error)" }
        }
        XCTAssertEqual(clash(path("data.csv")), "--rejects \(path("data.csv")) is also the input DATA; choose another output path")
        XCTAssertEqual(clash(path("hard.csv")), "--rejects \(path("hard.csv")) is also the input DATA (\(path("data.csv"))); choose another output path")
        XCTAssertNotNil(clash(path("soft.csv")))
        XCTAssertNotNil(clash(dir.path + "/./data.csv"))
        XCTAssertNil(clash(path("other.csv")))
        // Not there yet: the same normalised path, given as two outputs.
        XCTAssertEqual(clash(path("new.csv"), inputs: [], others: [dir.path + "/../" + dir.lastPathComponent + "/new.csv"]),
                       "--rejects \(path("new.csv")) is also the output -o (\(dir.path)/../\(dir.lastPathComponent)/new.csv); give each output its own path")
        XCTAssertNil(clash(path("new.csv"), inputs: [], others: [path("new2.csv")]))
        // A FIFO named twice clashes; a character device may be named twice (root only: mknod).
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        XCTAssertNotNil(clash(path("fifo"), inputs: [path("fifo")]))
        if mknod(path("null"), S_IFCHR | 0o666, device(1, 3)) == 0 {
            XCTAssertNil(clash(path("null"), inputs: [], others: [path("null")]))
        }
    }
}
