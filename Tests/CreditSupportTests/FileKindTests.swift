import Foundation
import CreditSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `PathNames.firstSameFile(in:)` and `PathNames.readOnceKind(_:)`, against files made for the purpose (a hard
/// link, a symbolic link, a FIFO) whose kind and identity `stat(1)` would show.
final class FileKindTests: ScratchDirectoryTestCase {
    func testFirstSameFile() {
        write("a\n", to: "a.csv")
        write("b\n", to: "b.csv")
        link(path("a.csv"), path("hard.csv"))
        symlink("a.csv", path("soft.csv"))
        XCTAssertNil(PathNames.firstSameFile(in: [path("a.csv"), path("b.csv")]))
        XCTAssertTrue(PathNames.firstSameFile(in: [path("a.csv"), path("b.csv"), path("hard.csv")])! == (path("a.csv"), path("hard.csv")))
        XCTAssertTrue(PathNames.firstSameFile(in: [path("soft.csv"), path("b.csv"), path("a.csv")])! == (path("soft.csv"), path("a.csv")))
        XCTAssertNotNil(PathNames.firstSameFile(in: [path("b.csv"), dir.path + "/./b.csv"]))
        // Missing files: the same standardised path is the same file; different names are not.
        XCTAssertNotNil(PathNames.firstSameFile(in: [path("missing.csv"), dir.path + "/x/../missing.csv"]))
        XCTAssertNil(PathNames.firstSameFile(in: [path("missing.csv"), path("missing2.csv")]))
    }

    func testReadOnceKind() {
        write("a\n", to: "a.csv")
        XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
        XCTAssertNil(PathNames.readOnceKind(path("a.csv")))
        XCTAssertNil(PathNames.readOnceKind(dir.path))
        XCTAssertNil(PathNames.readOnceKind(path("missing.csv")))
        XCTAssertEqual(PathNames.readOnceKind(path("fifo")), "a pipe (FIFO)")
        XCTAssertEqual(PathNames.readOnceKind("/dev/null"), "a character device")
    }

    /// A file in the directory matching the pattern is found, also through a symbolic link from elsewhere or a
    /// link to the directory itself; other names, other directories and "-" are not.
    func testFirstFileInDirectory() throws {
        try FileManager.default.createDirectory(atPath: path("charts"), withIntermediateDirectories: false)
        write("x\n", to: "charts/chart-roc.svg")
        write("x\n", to: "charts/notes.txt")
        write("x\n", to: "chart-roc.svg")
        symlink(path("charts/chart-roc.svg"), path("alias.svg"))
        symlink(path("charts"), path("charts-link"))
        let isChart: (String) -> Bool = { $0.hasPrefix("chart-") && $0.hasSuffix(".svg") }
        func find(_ directory: String, _ paths: [(String, String)]) -> String? {
            PathNames.firstFile(in: directory, matching: isChart, among: paths.map { (name: $0.0, path: $0.1) }).map { "\($0.name) \($0.file)" }
        }
        XCTAssertNil(find(path("charts"), [("DATA", "-"), ("-o", path("charts/notes.txt")), ("MODEL", path("chart-roc.svg"))]))
        XCTAssertEqual(find(path("charts"), [("DATA", path("b.csv")), ("--baseline", path("alias.svg"))]), "--baseline chart-roc.svg")
        XCTAssertEqual(find(path("charts-link"), [("-o", path("charts/chart-new.svg"))]), "-o chart-new.svg")
        XCTAssertNil(find(path("no-such-dir"), [("-o", path("no-such-dir/chart-roc.svg"))]))
    }
}
