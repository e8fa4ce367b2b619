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

/// A buffered output that appears at its path only on `commit()` when the path is a file, and is written as the
/// bytes come when it is a stream (see `OutputDestination` for which is which).
///
/// A file is replaced atomically. On Linux the bytes go to an unnamed file in the target's directory
/// (`O_TMPFILE`): if the process is killed (even SIGKILL) before `commit()`, the kernel frees it and nothing is
/// left behind. `commit()` flushes, fsyncs and links it at the target when none exists, else links it as
/// `.NAME.tmp-PID-RANDOM` and renames that over the target (atomic on POSIX file systems), so readers see the old
/// file or the new one, never a part. Where `O_TMPFILE` is not supported (some file systems, other systems), or
/// with `visibleTemporary` (for long outputs, so that `ls` and `du` show the progress), the bytes go to the named
/// `.NAME.tmp-PID-RANDOM` from the start; a process killed then leaves that file behind (delete it). The
/// temporary name is never longer than the directory's `NAME_MAX`: a long NAME is shortened in it. An existing
/// file's permission bits are kept. Without `commit()` (`abandon()` or deinit) the temporary file is removed
/// and an existing target is untouched. Several outputs of one command commit together with `OutputGroup`.
///
/// A stream (standard output, a descriptor, a device, a FIFO, a socket) has no temporary file: the bytes go out
/// in 64 KiB writes as they come, `commit()` writes the rest, and `abandon()` writes what is buffered too, so a
/// reader sees everything written before an error.
package final class AtomicOutput {
    /// The path as given.
    package let path: String
    /// Where the bytes go.
    package let destination: OutputDestination
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 16
    private var finished = false
    /// A stream: written directly, no temporary file (`closesDescriptor` when opened here).
    private var isStream = false
    private var closesDescriptor = false
    /// A file: the final target, its directory ("" for the working directory, else ending in "/") and name.
    private var target = ""
    private var directory = ""
    private var name = ""
    /// A file: the temporary name, once it has one (from the start, or linked by `prepare()`/`commit()`),
    /// registered for removal on SIGINT, SIGTERM or SIGHUP (`InterruptCleanup`) while it exists.
    private var temporaryPath: String? {
        didSet {
            InterruptCleanup.unregister(cleanupSlot)
            cleanupSlot = temporaryPath.flatMap(InterruptCleanup.register)
        }
    }
    private var cleanupSlot: Int?
    /// A file whose bytes are flushed and fsynced (`prepare()`).
    private var prepared = false

    /// Opens the output at `path` (see `OutputDestination`): a temporary file beside a file's final target, or
    /// the stream itself.
    /// - Parameter visibleTemporary: write a file's bytes to a named temporary file from the start rather than an
    ///   unnamed one, so that its growth can be watched.
    /// - Throws: `OutputError` when the path cannot be written (a directory, a missing directory, no permission…).
    package init(path: String, visibleTemporary: Bool = false) throws {
        self.path = path
        destination = try OutputDestination.resolve(path)
        buffer.reserveCapacity(bufferLimit + 1024)
        switch destination {
        case .standardOutput:
            fd = STDOUT_FILENO
            isStream = true
        case .descriptor(let n):
            let flags = fcntl(n, F_GETFL)
            if flags < 0 { throw OutputError(path: path, reason: "descriptor \(n) is not open") }
            if flags & O_ACCMODE == O_RDONLY { throw OutputError(path: path, reason: "descriptor \(n) is open for reading only") }
            fd = fcntl(n, F_DUPFD_CLOEXEC, 0)
            if fd < 0 { throw OutputError(path: path, reason: PathNames.errorText(errno)) }
            isStream = true
            closesDescriptor = true
        case .stream(let streamPath):
            fd = try Self.openStream(streamPath, for: path)
            isStream = true
            closesDescriptor = true
        case .file(let targetPath):
            try openFile(targetPath, visibleTemporary: visibleTemporary)
        }
    }

    /// Opens a device or FIFO for writing (blocking until a FIFO has a reader), or connects to a socket.
    private static func openStream(_ streamPath: String, for path: String) throws -> Int32 {
        let f = open(streamPath, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        if f >= 0 { return f }
        let e = errno
        var st = stat()
        if e == ENXIO, stat(streamPath, &st) == 0, (st.st_mode & S_IFMT) == S_IFSOCK {
            return try connectSocket(streamPath, for: path)
        }
        throw OutputError(path: path, reason: PathNames.errorText(e))
    }

    /// A stream connection to the Unix-domain socket at `socketPath`.
    private static func connectSocket(_ socketPath: String, for path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw OutputError(path: path, reason: "the socket's path is too long to connect to") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        #if canImport(Glibc)
        let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let s = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        if s < 0 { throw OutputError(path: path, reason: PathNames.errorText(errno)) }
        let r = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if r != 0 {
            let e = errno
            close(s)
            throw OutputError(path: path, reason: "cannot connect to the socket: \(PathNames.errorText(e))")
        }
        return s
    }

    /// Creates the temporary file for the final target `targetPath`.
    private func openFile(_ targetPath: String, visibleTemporary: Bool) throws {
        target = targetPath
        let (directory, name) = PathNames.split(targetPath)
        self.directory = targetPath.contains("/") ? directory + (directory == "/" ? "" : "/") : ""
        self.name = name
        var mode: mode_t = 0o666
        var st = stat()
        if stat(targetPath, &st) == 0 { mode = st.st_mode & 0o7777 }   // keep an existing file's permissions
        #if os(Linux)
        if !visibleTemporary {
            // __O_TMPFILE (0o20000000) | O_DIRECTORY: an unnamed file, linked only at commit.
            let anonymous = open(directory, Int32(0o20000000) | O_DIRECTORY | O_WRONLY | O_CLOEXEC, mode)
            if anonymous >= 0 {
                if mode != 0o666 { fchmod(anonymous, mode) }    // a new file gets 0o666 minus the umask, as with O_CREAT
                fd = anonymous
                return
            }
        }
        #endif
        var attempt = 0
        while true {
            let candidate = temporaryName()
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
                throw OutputError(path: path, reason: "cannot create a temporary file in '\(directory)': \(PathNames.errorText(e))")
            }
        }
    }

    /// `.NAME.tmp-PID-RANDOM` in the target's directory, NAME shortened (at a character boundary) so that the
    /// whole name fits the directory's `NAME_MAX`.
    func temporaryName() -> String {
        let suffix = ".tmp-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let limit = PathNames.nameMax(directory.isEmpty ? "." : directory)
        let room = limit - 1 - suffix.utf8.count
        var kept = Substring(name)
        while kept.utf8.count > room { kept = kept.dropLast() }
        return directory + "." + kept + suffix
    }

    deinit { if !finished { abandon() } }

    package func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferLimit { try flush() }
    }

    package func write(_ string: String) throws {
        try write(string.utf8)
    }

    /// Bytes in one array: as `write(_:)` for any sequence, but an array that would fill the buffer goes to the
    /// file directly, after what the buffer holds, instead of being copied into it first (`credit score` hands
    /// over each chunk's output, about half a megabyte, as one array: one `write(2)` per chunk, no copy).
    package func write(_ bytes: [UInt8]) throws {
        if buffer.count + bytes.count < bufferLimit { buffer.append(contentsOf: bytes); return }
        try flush()
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < raw.count {
            let r = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
            if r < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, reason: PathNames.errorText(errno))
            }
            done += r
        }
    }

    /// Makes the output ready to appear: writes the buffered bytes, and for a file fsyncs it and, with
    /// `named`, gives it its temporary name in the target's directory (so that `publish()` is one rename).
    /// A stream is written out. On error the output is abandoned. (`OutputGroup` calls this for every output
    /// before it publishes any.)
    package func prepare(named: Bool = true) throws {
        precondition(!finished, "AtomicOutput.prepare() after commit or abandon")
        do {
            try flush()
            if isStream { return }
            if !prepared {
                if fsync(fd) != 0 { throw OutputError(path: path, reason: "fsync: \(PathNames.errorText(errno))") }
                prepared = true
            }
            if named && temporaryPath == nil { try linkTemporary() }
        } catch {
            abandon()
            throw error
        }
    }

    /// Puts the prepared output in place: renames the temporary file over the target (a stream needs nothing).
    /// Call after `prepare()`; on error the output is abandoned.
    package func publish() throws {
        precondition(!finished, "AtomicOutput.publish() after commit or abandon")
        do {
            if !isStream {
                precondition(prepared, "AtomicOutput.publish() before prepare()")
                if let temporaryPath {
                    if rename(temporaryPath, target) != 0 {
                        throw OutputError(path: path, reason: "rename: \(PathNames.errorText(errno))")
                    }
                    self.temporaryPath = nil
                } else {
                    try linkAtTarget()
                }
            }
            finish()
        } catch {
            abandon()
            throw error
        }
    }

    /// Flushes, fsyncs and puts a file in place (renames it over the target, or links an unnamed file at a
    /// target that does not exist yet, without any temporary name); writes out a stream. Call once.
    package func commit() throws {
        try prepare(named: false)
        try publish()
    }

    /// Links the unnamed file at the target when there is none yet (no temporary name at all); otherwise gives it
    /// a temporary name and renames that over the target (a kill between the two steps can leave that name).
    private func linkAtTarget() throws {
        if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 { return }
        let e = errno
        if e != EEXIST { throw OutputError(path: path, reason: "cannot link the output into '\(directory.isEmpty ? "." : directory)': \(PathNames.errorText(e))") }
        try linkTemporary()
        if rename(temporaryPath!, target) != 0 {
            throw OutputError(path: path, reason: "rename: \(PathNames.errorText(errno))")
        }
        temporaryPath = nil
    }

    /// Gives the unnamed file a temporary name beside the target.
    private func linkTemporary() throws {
        var attempt = 0
        while true {
            let candidate = temporaryName()
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, candidate, AT_SYMLINK_FOLLOW) == 0 {
                temporaryPath = candidate
                return
            }
            let e = errno
            attempt += 1
            if e != EEXIST || attempt > 16 {
                throw OutputError(path: path, reason: "cannot link the output into '\(directory.isEmpty ? "." : directory)': \(PathNames.errorText(e))")
            }
        }
    }

    private func finish() {
        finished = true
        if closesDescriptor || !isStream, fd >= 0 { close(fd) }
        fd = -1
    }

    /// Removes the temporary file, if any; the target stays as it was. A stream gets what is buffered. Safe to
    /// call more than once.
    package func abandon() {
        if finished { return }
        if isStream { try? flush() }
        if let temporaryPath { unlink(temporaryPath) }     // an unnamed file is freed by the kernel on close
        temporaryPath = nil
        finish()
    }
}

/// Writes a whole file atomically (temporary file + rename) or, for a stream, directly; "-" writes to stdout.
/// - Throws: `OutputError` when the directory does not exist, the path is a directory, or writing fails.
package func writeFileAtomically(path: String, bytes: [UInt8]) throws {
    let output = try AtomicOutput(path: path)
    try output.write(bytes)
    try output.commit()
}
