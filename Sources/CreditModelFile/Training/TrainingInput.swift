import CreditTabular

/// The data a model is trained on: a file or bytes read from standard input, a pipe or a device, named as the
/// user gave it, with the SHA-256 fingerprint that the training record keeps (`TrainingRecord.inputSHA256`).
///
/// The input is read once, and the fingerprint is always that of the bytes trained on. A regular file's
/// fingerprint is computed on a background thread from the moment the input is made (`BackgroundFileDigest`),
/// so hashing overlaps reading and fitting. Anything that cannot be read twice (standard input, a pipe, a FIFO,
/// `/dev/fd/N`, `<(…)`) is read whole into memory first (`open(_:fingerprint:)`), and those bytes are hashed at
/// once and parsed. Without `fingerprint` nothing is hashed and the record keeps an empty fingerprint.
public struct TrainingInput: Sendable {
    private enum Source: Sendable {
        case file(path: String, digest: BackgroundFileDigest?)
        case bytes([UInt8], digest: String?, source: String)
    }
    private let source: Source

    /// The name recorded in the model file: the path, or "-" for standard input.
    public let name: String

    /// The CSV at `path` ("-": standard input), opened once: a regular file is `file(_:fingerprint:)`; anything
    /// else (a pipe, a FIFO, a device, `/dev/fd/N`) is read whole now, and those bytes are the ones hashed and
    /// parsed.
    /// - Throws: `CSVError` `.fileNotFound` or `.unreadable`.
    public static func open(_ path: String, fingerprint: Bool) throws -> TrainingInput {
        switch try InputFile.open(path) {
        case .regularFile(let path):
            return file(path, fingerprint: fingerprint)
        case .bytes(let bytes, let source):
            return TrainingInput(source: .bytes(bytes, digest: fingerprint ? SHA256.hexDigest(of: bytes) : nil, source: source), name: path)
        }
    }

    /// A regular CSV file at `path` (read by path, possibly more than once: give anything else to
    /// `open(_:fingerprint:)`); with `fingerprint`, its SHA-256 starts at once in the background.
    public static func file(_ path: String, fingerprint: Bool) -> TrainingInput {
        TrainingInput(source: .file(path: path, digest: fingerprint ? BackgroundFileDigest(path: path) : nil), name: path)
    }

    /// CSV bytes read from standard input (named "-", read as "<stdin>"); with `fingerprint`, hashed now.
    public static func standardInput(_ bytes: [UInt8], fingerprint: Bool) -> TrainingInput {
        TrainingInput(source: .bytes(bytes, digest: fingerprint ? SHA256.hexDigest(of: bytes) : nil, source: "<stdin>"), name: "-")
    }

    /// The path of a regular-file input (nil for bytes read from standard input, a pipe or a device).
    public var path: String? {
        if case .file(let path, _) = source { return path }
        return nil
    }

    /// Reads the whole input as a table.
    /// - Throws: `CSVError` with file, line and column.
    public func readTable(options: CSVOptions) throws -> Table {
        switch source {
        case .file(let path, _): return try CSVReader.read(path: path, options: options)
        case .bytes(let bytes, _, let source): return try CSVReader.read(bytes: bytes, source: source, options: options)
        }
    }

    /// The lowercase hex SHA-256 of the input (waiting for the background hashing to finish), or "" when it was
    /// not asked for or the file could not be read.
    public func fingerprint() -> String {
        switch source {
        case .file(_, let digest): return digest?.wait() ?? ""
        case .bytes(_, let digest, _): return digest ?? ""
        }
    }
}
