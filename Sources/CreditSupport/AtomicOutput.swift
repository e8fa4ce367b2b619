#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem creating or writing an output file.
package struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var reason: String
    package init(path: String, reason: String) { self.path = path; self.reason = reason }
    package var description: String { "\(path): cannot write: \(reason)" }
}

/// A buffered file that appears at its path only on `commit()`.
///
/// On Linux the bytes go to an unnamed file in the target's directory (`O_TMPFILE`): if the process is killed
/// (even SIGKILL) before `commit()`, the kernel frees it and nothing is left behind. `commit()` flushes,
/// fsyncs and links it at the target when none exists, else links it as `.NAME.tmp-PID-RANDOM` and renames
/// that over the target (atomic on POSIX file systems), so readers see the old file or the new one, never a part. Where `O_TMPFILE` is not supported
/// (some file systems, other systems) the bytes go to the named `.NAME.tmp-PID-RANDOM` from the start.
/// Without `commit()` (`abandon()` or deinit) the temporary file is removed and an existing target is untouched.
/// Path "-" writes to standard output (no temporary file; `commit()` flushes).
package final class AtomicOutput {
    package let path: String
    private let temporaryPath: String?
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 16
    private var finished = false
    /// The bytes go to an unnamed (O_TMPFILE) file, linked in `commit()`.
    private var unnamed = false
    private var directory = ""
    private var name = ""

    package init(path: String) throws {
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
        self.directory = directory == "." && slash == nil ? "" : directory + (directory == "/" ? "" : "/")
        self.name = name
        #if os(Linux)
        // __O_TMPFILE (0o20000000) | O_DIRECTORY: an unnamed file, linked only at commit.
        let anonymous = open(directory, Int32(0o20000000) | O_DIRECTORY | O_WRONLY | O_CLOEXEC, mode)
        if anonymous >= 0 {
            if mode != 0o666 { fchmod(anonymous, mode) }    // a new file gets 0o666 minus the umask, as with O_CREAT
            fd = anonymous
            temporaryPath = nil
            unnamed = true
            return
        }
        #endif
        var attempt = 0
        while true {
            let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let candidate = self.directory + ".\(name).tmp-\(getpid())-\(random)"
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

    package func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferLimit { try flush() }
    }

    package func write(_ string: String) throws {
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
    package func commit() throws {
        precondition(!finished, "AtomicOutput.commit() after commit or abandon")
        do {
            try flush()
            if unnamed {
                if fsync(fd) != 0 { throw OutputError(path: path, reason: "fsync: \(String(cString: strerror(errno)))") }
                try linkAndRename()
            } else if let temporaryPath {
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

    /// Links the unnamed file at the target when there is none yet (no temporary name at all); otherwise gives it
    /// a temporary name and renames that over the target (a kill between the two steps can leave that name).
    private func linkAndRename() throws {
        if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 {
            close(fd)
            fd = -1
            return
        }
        var attempt = 0
        while true {
            let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let candidate = directory + ".\(name).tmp-\(getpid())-\(random)"
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, candidate, AT_SYMLINK_FOLLOW) == 0 {
                close(fd)
                fd = -1
                if rename(candidate, path) != 0 {
                    let e = errno
                    unlink(candidate)
                    throw OutputError(path: path, reason: "rename: \(String(cString: strerror(e)))")
                }
                return
            }
            let e = errno
            attempt += 1
            if e != EEXIST || attempt > 16 {
                throw OutputError(path: path, reason: "cannot link the output into '\(directory.isEmpty ? "." : directory)': \(String(cString: strerror(e)))")
            }
        }
    }

    /// Removes the temporary file; the target stays as it was. Safe to call more than once.
    package func abandon() {
        if finished { return }
        finished = true
        if unnamed {
            if fd >= 0 { close(fd) }      // the kernel frees the unnamed file
            fd = -1
        } else if let temporaryPath {
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
package func writeFileAtomically(path: String, bytes: [UInt8]) throws {
    let output = try AtomicOutput(path: path)
    try output.write(bytes)
    try output.commit()
}
