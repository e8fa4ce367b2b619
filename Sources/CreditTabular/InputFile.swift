#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input named by a path, opened once, in the form its readers need.
///
/// A regular file stays a path: it is memory-mapped by `CSVReader.read(path:)` and may be read again (a
/// fingerprint on another thread, a second pass). Anything else — standard input ("-"), a pipe, a FIFO, a
/// character device, `/dev/fd/N` or `<(…)` — can be read only once, so it is read to its end now, from the one
/// descriptor opened, and whoever hashes it and whoever parses it use those same bytes (held in memory).
///
/// ```swift
/// switch try InputFile.open("/dev/fd/63") {
/// case .regularFile(let path): table = try CSVReader.read(path: path)
/// case .bytes(let bytes, let source): table = try CSVReader.read(bytes: bytes, source: source)
/// }
/// ```
package enum InputFile: Sendable {
    /// A regular file, read by path.
    case regularFile(path: String)
    /// The whole of a non-regular input; `source` names it in messages (the path, or "<stdin>" for "-").
    case bytes([UInt8], source: String)

    /// Opens `path` ("-": standard input) once and decides.
    /// - Throws: `CSVError` `.fileNotFound` or `.unreadable` (a directory, no permission, a read error).
    package static func open(_ path: String) throws -> InputFile {
        if path == "-" {
            return .bytes(try FileInput.readAll((STDIN_FILENO, 0, false), source: "<stdin>"), source: "<stdin>")
        }
        let file = try FileInput.open(path: path)
        defer { close(file.fd) }
        if file.regular { return .regularFile(path: path) }
        return .bytes(try FileInput.readAll(file, source: path), source: path)
    }

    /// The whole of `path` ("-": standard input), read from one descriptor to its end — a file, a pipe, a FIFO,
    /// a device or `/dev/fd/N` alike (for small inputs read whole: a model file, a bins spec).
    /// - Throws: `CSVError` `.fileNotFound` or `.unreadable` (a directory, no permission, a read error).
    package static func readAll(_ path: String) throws -> [UInt8] {
        if path == "-" { return try FileInput.readAll((STDIN_FILENO, 0, false), source: "<stdin>") }
        return try FileInput.readAll(path: path)
    }

    /// Whether `path` names a regular file (symbolic links followed): what can be read more than once. False for
    /// "-", a pipe, a FIFO, a device, a directory or a missing path.
    package static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return path != "-" && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}
