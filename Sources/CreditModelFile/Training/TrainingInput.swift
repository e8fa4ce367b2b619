import CreditTabular

/// The data a model is trained on: a file or bytes read from standard input, named as the user gave it, with
/// the SHA-256 fingerprint that the training record keeps (`TrainingRecord.inputSHA256`).
///
/// A file's fingerprint is computed on a background thread from the moment the input is made
/// (`BackgroundFileDigest`), so hashing overlaps reading and fitting; bytes are hashed at once. Without
/// `fingerprint` nothing is hashed and the record keeps an empty fingerprint.
public struct TrainingInput: Sendable {
    private enum Source: Sendable {
        case file(path: String, digest: BackgroundFileDigest?)
        case bytes([UInt8], digest: String?)
    }
    private let source: Source

    /// The name recorded in the model file: the path, or "-" for standard input.
    public let name: String

    /// A CSV file at `path`; with `fingerprint`, its SHA-256 starts at once in the background.
    public static func file(_ path: String, fingerprint: Bool) -> TrainingInput {
        TrainingInput(source: .file(path: path, digest: fingerprint ? BackgroundFileDigest(path: path) : nil), name: path)
    }

    /// CSV bytes read from standard input (named "-", read as "<stdin>"); with `fingerprint`, hashed now.
    public static func standardInput(_ bytes: [UInt8], fingerprint: Bool) -> TrainingInput {
        TrainingInput(source: .bytes(bytes, digest: fingerprint ? SHA256.hexDigest(of: bytes) : nil), name: "-")
    }

    /// The path of a file input (nil for standard input).
    public var path: String? {
        if case .file(let path, _) = source { return path }
        return nil
    }

    /// Reads the whole input as a table.
    /// - Throws: `CSVError` with file, line and column.
    public func readTable(options: CSVOptions) throws -> Table {
        switch source {
        case .file(let path, _): return try CSVReader.read(path: path, options: options)
        case .bytes(let bytes, _): return try CSVReader.read(bytes: bytes, source: "<stdin>", options: options)
        }
    }

    /// The lowercase hex SHA-256 of the input (waiting for the background hashing to finish), or "" when it was
    /// not asked for or the file could not be read.
    public func fingerprint() -> String {
        switch source {
        case .file(_, let digest): return digest?.wait() ?? ""
        case .bytes(_, let digest): return digest ?? ""
        }
    }
}
