import Foundation
import CreditTabular
import CreditSupport
import CreditBinning
import CreditScorecard
/// Why a model file could not be loaded. Each message says what is wrong and what to do.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notJSON(path: String, reason: String)
    case notAModel(path: String)
    case newerVersion(path: String, version: Int, supported: Int)
    case invalidVersion(path: String)
    case invalidContent(path: String, reason: String)
    case missingSeal(path: String, version: Int)
    case sealMismatch(path: String, recorded: String, computed: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read the model file (\(reason))"
        case .notJSON(let path, let reason):
            return "\(path): not a JSON document (\(reason)); is it really a credit model file?"
        case .notAModel(let path):
            return "\(path): not a credit model file (no \"format\": \"\(CreditModel.formatName)\"); write one with CreditModel.write(to:)"
        case .newerVersion(let path, let version, let supported):
            return "\(path): model file version \(version) was written by a newer credit; this build reads versions up to \(supported) — upgrade credit or retrain the model with this build"
        case .invalidVersion(let path):
            return "\(path): model file has no valid \"version\" number"
        case .invalidContent(let path, let reason):
            return "\(path): model file is damaged or was edited: \(reason)"
        case .missingSeal(let path, let version):
            return "\(path): model file version \(version) must carry \"contentSHA256\" and this one does not: it was edited or damaged; retrain the model or restore the file"
        case .sealMismatch(let path, let recorded, let computed):
            return "\(path): model file is damaged or was edited: its content has SHA-256 \(computed.prefix(12))…, not the \(recorded.prefix(12))… recorded when it was written; retrain the model or restore the file"
        }
    }
}

extension CreditModel {
    /// The JSON encoding used for files and for the seal: pretty-printed (two-space indent), keys sorted,
    /// `/` not escaped, non-finite numbers as the strings "NaN"/"Infinity"/"-Infinity", a final LF.
    static func canonicalEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// The model's canonical JSON without the seal: what `contentSHA256` is the digest of.
    public func canonicalJSON() throws -> Data {
        var data = try Self.canonicalEncoder().encode(self)
        data.append(0x0A)
        return data
    }

    /// The integrity seal: SHA-256 (FIPS 180-4), lowercase hex, of `canonicalJSON()` — the bytes this build
    /// writes for the model with the `contentSHA256` key left out. It covers every field, including `format`
    /// and `version`, but not formatting: re-indenting a file or reordering its keys keeps the seal valid;
    /// changing any value (a coefficient, a bin edge, a level, the scaling) breaks it.
    public func contentDigest() throws -> String { SHA256.hexDigest(of: try canonicalJSON()) }

    /// The file's bytes: the canonical JSON with `contentSHA256` added (keys sorted, so it sits among them).
    public func jsonData() throws -> Data {
        var data = try Self.canonicalEncoder().encode(Sealed(model: self, digest: try contentDigest()))
        data.append(0x0A)
        return data
    }

    /// Writes the model atomically (temporary file + rename).
    public func write(to path: String) throws {
        try writeFileAtomically(path: path, bytes: [UInt8](try jsonData()))
    }

    /// Loads and checks a model file: the format name first, then the version, then the content.
    public static func load(path: String) throws -> CreditModel {
        let data: Data
        do {
            data = Data(try InputFile.readAll(path))     // one read to the end: a file, a pipe or /dev/fd/N
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "permission denied or I/O error"
            throw ModelFileError.unreadable(path: path, reason: reason)
        }
        return try decode(data, path: path)
    }

    /// Decodes a model from JSON bytes; `path` is used in messages.
    public static func decode(_ data: Data, path: String) throws -> CreditModel {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelFileError.notJSON(path: path, reason: data.isEmpty ? "the file is empty" : "the JSON is malformed or truncated")
        }
        guard let top = object as? [String: Any], top["format"] as? String == formatName else {
            throw ModelFileError.notAModel(path: path)
        }
        guard let version = top["version"] as? Int, version >= 1 else { throw ModelFileError.invalidVersion(path: path) }
        if version > currentVersion {
            throw ModelFileError.newerVersion(path: path, version: version, supported: currentVersion)
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let model: CreditModel
        do {
            model = try decoder.decode(CreditModel.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelFileError.invalidContent(path: path, reason: "missing \(Self.keyPath(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ModelFileError.invalidContent(path: path, reason: "wrong type at \(Self.keyPath(context.codingPath))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ModelFileError.invalidContent(path: path, reason: "null at \(Self.keyPath(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) {
            throw ModelFileError.invalidContent(path: path, reason: "bad value at \(Self.keyPath(context.codingPath))")
        } catch {
            throw ModelFileError.invalidContent(path: path, reason: "\(error)")
        }
        try model.checkConsistency(path: path)
        // The seal, last: a consistent but edited file is caught here.
        let computed: String
        do { computed = try model.contentDigest() } catch {
            throw ModelFileError.invalidContent(path: path, reason: "cannot re-encode the model (\(error))")
        }
        if let recorded = top[Self.sealKey] {
            guard let recorded = recorded as? String, recorded == computed else {
                throw ModelFileError.sealMismatch(path: path, recorded: "\(recorded)", computed: computed)
            }
        } else if version >= 3 {
            throw ModelFileError.missingSeal(path: path, version: version)
        }
        return model
    }

    static let sealKey = "contentSHA256"

    /// Encodes a model plus its seal into one JSON object.
    private struct Sealed: Encodable {
        let model: CreditModel
        let digest: String
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            try model.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(digest, forKey: Key(stringValue: CreditModel.sealKey))
        }
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// Checks that the parts agree with each other (an edited file can break this).
    func checkConsistency(path: String) throws {
        let terms = schema.terms.map(\.name)
        guard terms == fit.termNames else {
            throw ModelFileError.invalidContent(path: path, reason: "schema terms \(terms.count) do not match the \(fit.termNames.count) fitted coefficients")
        }
        guard fit.coefficients.count == terms.count, fit.standardErrors.count == terms.count else {
            throw ModelFileError.invalidContent(path: path, reason: "coefficient count differs from term count")
        }
        if let bad = fit.coefficients.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError.invalidContent(path: path, reason: "coefficient of '\(terms[bad])' is not a finite number")
        }
        if let card = scorecard {
            guard model == "scorecard" else {
                throw ModelFileError.invalidContent(path: path, reason: "a scorecard section in a \"\(model)\" model")
            }
            guard card.characteristics.map(\.name) == Array(terms.dropFirst()), terms.first == "const" else {
                throw ModelFileError.invalidContent(path: path, reason: "scorecard characteristics do not match the fitted terms")
            }
            guard card.reasons.referencePoints.count == card.characteristics.count else {
                throw ModelFileError.invalidContent(path: path, reason: "scorecard reasons.referencePoints has the wrong length")
            }
            for ch in card.characteristics {
                do { try ch.bins.validate() } catch {
                    throw ModelFileError.invalidContent(path: path, reason: "scorecard bins of '\(ch.name)': \(error)")
                }
                guard ch.table.bins.count == ch.bins.binCount, ch.points.count == ch.bins.binCount,
                      ch.rawPoints.count == ch.bins.binCount else {
                    throw ModelFileError.invalidContent(path: path, reason: "scorecard '\(ch.name)': \(ch.bins.binCount) bins but \(ch.points.count) points / \(ch.table.bins.count) WoE values")
                }
            }
        } else if model == "scorecard" {
            throw ModelFileError.invalidContent(path: path, reason: "missing scorecard")
        }
        for predictor in schema.predictors {
            if case .categorical(let levels, let reference) = predictor.kind, !levels.contains(reference) {
                throw ModelFileError.invalidContent(path: path, reason: "reference level '\(reference)' of '\(predictor.name)' is not among its levels")
            }
        }
    }
}
