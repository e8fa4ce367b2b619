#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bytes written to an output path go, decided once when the output is opened, from what the path is.
///
/// The one output policy of every command:
/// - `-`: standard output, written as the bytes come.
/// - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N` (any path in this process's `/proc/PID/fd`),
///   or a symbolic link to one: that open descriptor, written as the bytes come (nothing is opened by name, so
///   a pipe, a socket or a file the shell redirected works alike).
/// - A character device, a FIFO or a socket (after following symbolic links), such as `/dev/null`, a terminal
///   or a named pipe: opened for writing as it is (a socket is connected to) and written as the bytes come —
///   never created, truncated, replaced or renamed over.
/// - A regular file or a path that does not exist yet, or a symbolic link (chain) ending at one: the final
///   target is replaced atomically (`AtomicOutput`), in the target's own directory, and the links are kept.
///   A dangling link's target is created when its directory exists.
/// - A directory, a block device, a missing directory, or more than 40 links in a chain: `OutputError`.
package enum OutputDestination: Equatable, Sendable {
    /// `-`.
    case standardOutput
    /// A descriptor this process has open (`/dev/stdout`, `/dev/fd/N`, …).
    case descriptor(Int32)
    /// A character device, FIFO or socket at this path (the final target of any links), or another process's
    /// `/proc/PID/fd/N`.
    case stream(path: String)
    /// A regular file, existing or not, at this path (the final target of any links): replaced atomically.
    case file(path: String)

    /// Links followed before giving up (Linux's own limit for one path lookup, `MAXSYMLINKS`).
    static let maximumLinks = 40

    /// What `path` leads to, following symbolic links one at a time (the last link's target is what is replaced).
    /// - Throws: `OutputError` for a directory, a block device, a missing directory, a loop of links.
    package static func resolve(_ path: String) throws -> OutputDestination {
        if path == "-" { return .standardOutput }
        if path.isEmpty { throw OutputError(path: path, reason: "the path is empty; give a file name") }
        var current = path
        for _ in 0...maximumLinks {
            switch PathNames.descriptorPath(current) {
            case .own(let n): return .descriptor(n)
            case .otherProcess: return .stream(path: current)
            case nil: break
            }
            var st = stat()
            if lstat(current, &st) != 0 {
                let e = errno
                if e != ENOENT && e != ENOTDIR { throw OutputError(path: path, reason: PathNames.errorText(e)) }
                let (directory, name) = PathNames.split(current)
                if name.isEmpty { throw OutputError(path: path, reason: "the path names a directory; give a file name") }
                var d = stat()
                if stat(directory, &d) != 0 || (d.st_mode & S_IFMT) != S_IFDIR {
                    if current != path {
                        throw OutputError(path: path, reason: "it is a symbolic link to '\(current)', whose directory '\(directory)' does not exist")
                    }
                    throw OutputError(path: path, reason: "the directory '\(directory)' does not exist")
                }
                return .file(path: current)
            }
            let via = current == path ? "it is" : "it links to"
            switch st.st_mode & S_IFMT {
            case S_IFLNK: current = try PathNames.linkTarget(current, for: path)
            case S_IFREG: return .file(path: current)
            case S_IFCHR, S_IFIFO, S_IFSOCK: return .stream(path: current)
            case S_IFDIR:
                throw OutputError(path: path, reason: current == path ? "it is a directory; give a file name"
                                                                      : "it links to the directory '\(current)'; give a file name")
            case S_IFBLK:
                throw OutputError(path: path, reason: "\(via) a block device\(current == path ? "" : " ('\(current)')"); give a file name")
            default:
                throw OutputError(path: path, reason: "\(via) neither a file nor a device\(current == path ? "" : " ('\(current)')"); give a file name")
            }
        }
        throw OutputError(path: path, reason: "too many levels of symbolic links")
    }
}
