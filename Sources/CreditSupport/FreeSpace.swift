import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Outputs that cannot fit the free space of their file system, found before anything is written.
///
/// A command that knows a lower bound of what it will write (`credit synth`: rows × the fewest bytes a row takes)
/// can refuse a run that could never fit, instead of filling the disk and failing hours later. The bytes of every
/// output on one file system (one `st_dev`) are added up and compared with the space an unprivileged writer may
/// use there: `f_bavail × f_frsize` of `statvfs(3)` (what `df` shows as "Avail").
///
/// Standard output ("-") and paths that exist and are not regular files (a device, a FIFO) are not checked: what
/// they can hold is not a file system's free space. A path whose directory cannot be examined is skipped too:
/// opening it fails on its own, with the writer's message.
package struct FreeSpaceShortfall: Sendable, Equatable {
    /// The outputs on this file system, in the order given.
    package var paths: [String]
    /// The directory of the first of them, as examined.
    package var directory: String
    /// The bytes they need together, and the bytes free for an unprivileged writer.
    package var bytesNeeded: Double, bytesFree: Double

    /// The file systems whose free space is smaller than the bytes the outputs on them need.
    ///
    /// ```swift
    /// let short = FreeSpaceShortfall.check([("loans.csv", 60e9), ("perf.csv", 20e9)])
    /// // [] when the file system holding both has at least 80 GB free
    /// ```
    /// - Parameter outputs: (path, lower bound of the bytes written to it).
    /// - Returns: one shortfall per file system that is too small, in no particular order; empty when all fit.
    package static func check(_ outputs: [(path: String, bytes: Double)]) -> [FreeSpaceShortfall] {
        var byDevice: [UInt64: FreeSpaceShortfall] = [:]
        var order: [UInt64] = []
        for (path, bytes) in outputs where path != "-" {
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG { continue }
            let parent = (path as NSString).deletingLastPathComponent
            let directory = parent.isEmpty ? "." : parent
            var fs = statvfs()
            guard stat(directory, &st) == 0, statvfs(directory, &fs) == 0 else { continue }
            let device = UInt64(st.st_dev)
            if byDevice[device] == nil {
                byDevice[device] = FreeSpaceShortfall(paths: [], directory: directory, bytesNeeded: 0,
                                                      bytesFree: Double(fs.f_bavail) * Double(fs.f_frsize))
                order.append(device)
            }
            byDevice[device]!.bytesNeeded += bytes
            byDevice[device]!.paths.append(path)
        }
        return order.compactMap { byDevice[$0] }.filter { $0.bytesNeeded > $0.bytesFree }
    }
}
