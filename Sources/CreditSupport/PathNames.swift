#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path plumbing shared by the output writer and the same-file check: splitting, following one symbolic link,
/// recognising this process's descriptor paths, and a file's identity.
package enum PathNames {
    /// The directory part ("." when there is none, "/" for a name in the root) and the last component.
    package static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }

    /// The target of the symbolic link at `link`, as a path usable from the working directory (a relative
    /// target is taken relative to the link's directory).
    /// - Throws: `OutputError` naming `path` when the link cannot be read.
    static func linkTarget(_ link: String, for path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(link, &buffer, buffer.count - 1)
        if n < 0 { throw OutputError(path: path, reason: "cannot read the symbolic link '\(link)': \(errorText(errno))") }
        let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if target.hasPrefix("/") { return target }
        let (directory, _) = split(link)
        return link.contains("/") ? (directory == "/" ? "/" : directory + "/") + target : target
    }

    /// Which descriptor a path in a `/proc/PID/fd` directory names.
    package enum DescriptorPath: Equatable, Sendable {
        /// Descriptor N of this process (`/dev/fd/N`, `/proc/self/fd/N`, `/proc/thread-self/fd/N`, …).
        case own(Int32)
        /// A descriptor of another process: opening the path reopens what it refers to.
        case otherProcess
    }

    /// Whether `path` is `DIR/N` with DIR resolving to a `/proc/PID/fd` (or `/proc/PID/task/TID/fd`) directory.
    package static func descriptorPath(_ path: String) -> DescriptorPath? {
        let (directory, name) = split(path)
        guard !name.isEmpty, name.utf8.count <= 9, name.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int32(name) else { return nil }
        guard let resolved = realpath(directory, nil) else { return nil }
        let real = String(cString: resolved)
        free(resolved)
        let parts = real.split(separator: "/", omittingEmptySubsequences: true)
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        let isFdDirectory = parts.count >= 3 && parts[0] == "proc" && isDigits(parts[1]) && parts.last == "fd"
            && (parts.count == 3 || (parts.count == 5 && parts[2] == "task" && isDigits(parts[3])))
        guard isFdDirectory else { return nil }
        return Int32(parts[1]) == getpid() ? .own(n) : .otherProcess
    }

    /// The longest file name the directory takes (`NAME_MAX`, 255 on Linux file systems).
    static func nameMax(_ directory: String) -> Int {
        let limit = pathconf(directory, Int32(_PC_NAME_MAX))
        return limit > 0 ? min(limit, 4096) : 255
    }

    /// `strerror` of an errno value.
    package static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// What a path of a command refers to, for telling whether two paths are the same file.
    package enum Identity: Hashable, Sendable {
        /// An existing file or descriptor: its device and inode, and whether it is a regular file or FIFO (a
        /// terminal or `/dev/null` may well be named twice; a file or a pipe may not).
        case file(device: UInt64, inode: UInt64, exclusive: Bool)
        /// A path with nothing there yet: the absolute path its final target would have.
        case path(String)
    }

    /// The identity of `path` as an input (`standardDescriptor` 0 for "-") or an output (1): symbolic links
    /// followed, descriptor paths and "-" by the descriptor's file; nil when it cannot be told (no such
    /// directory, no permission) — such a path fails on its own when it is opened.
    package static func identity(of path: String, standardDescriptor: Int32) -> Identity? {
        var st = stat()
        if path == "-" { return fstat(standardDescriptor, &st) == 0 ? fileIdentity(st) : nil }
        var current = path
        for _ in 0...OutputDestination.maximumLinks {
            if case .own(let n) = descriptorPath(current) { return fstat(n, &st) == 0 ? fileIdentity(st) : nil }
            if stat(current, &st) == 0 { return fileIdentity(st) }
            // Nothing there: follow the links by hand to the final name, then make its directory absolute.
            if lstat(current, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK {
                guard let next = try? linkTarget(current, for: path) else { return nil }
                current = next
                continue
            }
            let (directory, name) = split(current)
            guard !name.isEmpty, name != "." && name != "..", let resolved = realpath(directory, nil) else { return nil }
            defer { free(resolved) }
            let real = String(cString: resolved)
            return .path((real == "/" ? "" : real) + "/" + name)
        }
        return nil
    }

    private static func fileIdentity(_ st: stat) -> Identity {
        let kind = st.st_mode & S_IFMT
        return .file(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), exclusive: kind == S_IFREG || kind == S_IFIFO)
    }

    /// The absolute path of `path` with every symbolic link resolved (`realpath`) when it exists, else
    /// `normalised(_:)`; nil when its directory does not exist either.
    package static func resolved(_ path: String) -> String? {
        if let full = realpath(path, nil) {
            defer { free(full) }
            return String(cString: full)
        }
        return normalised(path)
    }

    /// The absolute path of `path`'s directory (symbolic links resolved) joined with its last component, or nil
    /// when the directory does not exist.
    package static func normalised(_ path: String) -> String? {
        let (directory, name) = split(path)
        guard let resolved = realpath(directory, nil) else { return nil }
        defer { free(resolved) }
        let real = String(cString: resolved)
        return (real == "/" ? "" : real) + "/" + name
    }
}
