#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem creating or writing an output file.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): cannot write: \(reason)" }
}

/// A buffered file that appears at its path only on `commit()`.
///
/// Bytes go to `.NAME.tmp-PID-RANDOM` in the target's directory; `commit()` flushes, fsyncs and renames it
/// over the target (atomic on POSIX file systems), so readers see the old file or the new one, never a part.
/// Without `commit()` (`abandon()` or deinit) the temporary file is removed and an existing target is untouched.
/// Path "-" writes to standard output (no temporary file; `commit()` flushes).
public final class AtomicOutput {
    public let path: String
    private let temporaryPath: String?
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 16
    private var finished = false

    public init(path: String) throws {
        self.path = path
        buffer.reserveCapacity(bufferLimit + 1024)
        if path == "-" {
            fd = STDOUT_FILENO
            temporaryPath = nil
            return
        }
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw OutputError(path: path, reason: "it is a directory; give a file name")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if name.isEmpty { throw OutputError(path: path, reason: "the path names a directory; give a file name") }
        if stat(directory, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
            throw OutputError(path: path, reason: "the directory '\(directory)' does not exist")
        }
        var mode: mode_t = 0o666
        if stat(path, &st) == 0 { mode = st.st_mode & 0o7777 }   // keep an existing file's permissions
        var attempt = 0
        while true {
            let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let candidate = (directory == "." && slash == nil ? "" : directory + (directory == "/" ? "" : "/"))
                + ".\(name).tmp-\(getpid())-\(random)"
            let f = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if f >= 0 {
                if mode != 0o666 { fchmod(f, mode) }
                fd = f
                temporaryPath = candidate
                return
            }
            let e = errno
            attempt += 1
            if e != EEXIST || attempt > 16 {
                throw OutputError(path: path, reason: "cannot create a temporary file in '\(directory)': \(String(cString: strerror(e)))")
            }
        }
    }

    deinit { if !finished { abandon() } }

    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferLimit { try flush() }
    }

    public func write(_ string: String) throws {
        try write(string.utf8)
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let r = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if r < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(path: path, reason: String(cString: strerror(errno)))
                }
                done += r
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs and renames into place. Call once.
    public func commit() throws {
        precondition(!finished, "AtomicOutput.commit() after commit or abandon")
        do {
            try flush()
            if let temporaryPath {
                if fsync(fd) != 0 { throw OutputError(path: path, reason: "fsync: \(String(cString: strerror(errno)))") }
                close(fd)
                fd = -1
                if rename(temporaryPath, path) != 0 {
                    throw OutputError(path: path, reason: "rename: \(String(cString: strerror(errno)))")
                }
            }
            finished = true
        } catch {
            abandon()
            throw error
        }
    }

    /// Removes the temporary file; the target stays as it was. Safe to call more than once.
    public func abandon() {
        if finished { return }
        finished = true
        if let temporaryPath {
            if fd >= 0 { close(fd) }
            fd = -1
            unlink(temporaryPath)
        } else {
            try? flush()
        }
    }
}

/// Writes a whole file atomically (temporary file + rename); "-" writes to stdout.
/// - Throws: `OutputError` when the directory does not exist, the path is a directory, or writing fails.
public func writeFileAtomically(path: String, bytes: [UInt8]) throws {
    let output = try AtomicOutput(path: path)
    try output.write(bytes)
    try output.commit()
}
