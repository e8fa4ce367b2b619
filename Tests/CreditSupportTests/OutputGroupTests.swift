import Foundation
import CreditSupport
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `OutputGroup`: several outputs committed all or none.
final class OutputGroupTests: ScratchDirectoryTestCase {
    func testGroupCommitsEveryOutput() throws {
        write("old a\n", to: "a.csv")
        let group = OutputGroup()
        try group.add(AtomicOutput(path: path("a.csv"))).write("new a\n")
        try group.add(AtomicOutput(path: path("b.csv"))).write("new b\n")
        try group.add(AtomicOutput(path: path("c.csv"), visibleTemporary: true)).write("new c\n")
        try group.commit()
        XCTAssertEqual([contents("a.csv"), contents("b.csv"), contents("c.csv")], ["new a\n", "new b\n", "new c\n"])
        XCTAssertEqual(names(), ["a.csv", "b.csv", "c.csv"])
    }

    /// The second output cannot be put in place (its directory was removed after it was opened): the first,
    /// already written and fsynced, is not renamed either, and no temporary file is left.
    func testGroupFailureLeavesEveryPreviousOutput() throws {
        write("old a\n", to: "a.csv")
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: true)
        write("old b\n", to: "sub/b.csv")
        let group = OutputGroup()
        try group.add(AtomicOutput(path: path("a.csv"))).write("new a\n")
        try group.add(AtomicOutput(path: path("sub/b.csv"))).write("new b\n")
        try FileManager.default.removeItem(atPath: path("sub"))
        XCTAssertThrowsError(try group.commit())
        XCTAssertEqual(contents("a.csv"), "old a\n")
        XCTAssertEqual(names(), ["a.csv"])
    }
}
