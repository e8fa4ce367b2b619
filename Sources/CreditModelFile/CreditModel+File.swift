import Foundation
import CreditTabular
import CreditSupport
import CreditBinning
import CreditScorecard
import CreditDecision
/// Why a model file could not be loaded. Each message says what is wrong and what to do.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// Larger than `CreditModel.maximumFileBytes` (found before reading it; `bytes` may be a lower bound for
    /// input that is not a regular file).
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// A model whose file would exceed the limit (nothing is written); `terms` counts its coefficients.
    case tooLargeToWrite(path: String, bytes: Int, limit: Int, terms: Int)
    case notJSON(path: String, reason: String)
    /// A key appears twice in one object; `keyPath` names it (`fit.coefficients`).
    case duplicateKey(path: String, keyPath: String)
    /// A key this build does not read (so the seal does not cover it); `keyPath` names it.
    case unknownKey(path: String, keyPath: String)
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
        case .tooLarge(let path, let bytes, let limit):
            return "\(path): the file is \(ModelFileError.size(bytes)), more than the \(limit >> 20) MiB a model file may have; is it really a credit model file?"
        case .tooLargeToWrite(let path, let bytes, let limit, let terms):
            return "\(path): not written: the model file would be \(ModelFileError.size(bytes)), more than the \(limit >> 20) MiB a model file may have (loading refuses larger ones); most of it is the covariance matrix of its \(terms) terms, which grows with their square — use fewer terms: bin large categorical columns (a scorecard groups their levels), allow fewer levels per column (DesignOptions.maxLevels), or leave columns out"
        case .notJSON(let path, let reason):
            return "\(path): not a JSON document (\(reason)); is it really a credit model file?"
        case .duplicateKey(let path, let keyPath):
            return "\(path): model file is damaged or was edited: the key \"\(keyPath)\" appears twice in its object (a model file has each key once; JSON readers differ on which one counts); retrain the model or restore the file"
        case .unknownKey(let path, let keyPath):
            return "\(path): model file is damaged or was edited: unknown key \"\(keyPath)\" (this build does not read it, so the seal does not cover it); retrain the model or restore the file"
        case .notAModel(let path):
            return "\(path): not a credit model file (no \"format\": \"\(CreditModel.formatName)\"); write one with CreditModel.write(to:)"
        case .newerVersion(let path, let version, let supported):
            return "\(path): model file version \(version) was written by a newer credit; this build reads versions up to \(supported) — upgrade credit or retrain the model with this build"
        case .invalidVersion(let path):
            return "\(path): model file has no valid \"version\" number"
        case .invalidContent(let path, let reason):
            return "\(path): model file is damaged or was edited: \(reason)"
        case .missingSeal(let path, let version):
            if version < CreditModel.firstSealedVersion {
                return "\(path): model file version \(version) carries no \"contentSHA256\" seal; versions 1 and 2 (written before the seal) are not read, because an unsealed file cannot be told from a sealed one whose seal was removed — retrain the model with this build"
            }
            return "\(path): model file version \(version) must carry \"contentSHA256\" and this one does not: it was edited or damaged; retrain the model or restore the file"
        case .sealMismatch(let path, let recorded, let computed):
            return "\(path): model file is damaged or was edited: its content has SHA-256 \(computed.prefix(12))…, not the \(recorded.prefix(12))… recorded when it was written; retrain the model or restore the file"
        }
    }

    /// "1.0 GB", "65.0 MB", "812 bytes".
    package static func size(_ bytes: Int) -> String {
        if bytes >= 1_000_000_000 { return String(format: "%.1f GB", Double(bytes) / 1e9) }
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        return "\(bytes) bytes"
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
    package func canonicalJSON() throws -> Data {
        var data = try Self.canonicalEncoder().encode(self)
        data.append(0x0A)
        return data
    }

    /// The integrity seal: SHA-256 (FIPS 180-4), lowercase hex, of `canonicalJSON()` — the bytes this build
    /// writes for the model with the `contentSHA256` key left out. It covers every field, including `format`
    /// and `version`, but not formatting: re-indenting a file or reordering its keys keeps the seal valid;
    /// changing any value (a coefficient, a bin edge, a level, the scaling) breaks it.
    package func contentDigest() throws -> String { SHA256.hexDigest(of: try canonicalJSON()) }

    /// The file's bytes: the canonical JSON with `contentSHA256` added (keys sorted, so it sits among them).
    public func jsonData() throws -> Data {
        var data = try Self.canonicalEncoder().encode(Sealed(model: self, digest: try contentDigest()))
        data.append(0x0A)
        return data
    }

    /// The largest model file this build reads (and writes): 64 MiB. A model's file grows with the square of its
    /// terms (the covariance matrix): a logistic regression on one categorical column of 1,000 levels (the
    /// default `--max-levels`) writes 29 MB and takes about 320 MB of memory to load, so this bounds a load at
    /// under a gigabyte, while a file of 1 GB (3.2 GB of memory before this limit) is refused before it is read.
    package static let maximumFileBytes = 64 << 20

    /// The first file version that carries the seal; every file read must carry one (see `decode`).
    static let firstSealedVersion = 3

    /// Writes the model atomically (temporary file + rename).
    /// - Throws: `ModelFileError.tooLarge` (before writing) when the file would exceed `maximumFileBytes`,
    ///   which loading refuses: a file that could not be read back is never written.
    package func write(to path: String) throws { try write(to: path, limit: Self.maximumFileBytes) }

    /// `write(to:)` with another size limit (tests).
    func write(to path: String, limit: Int) throws {
        try writeFileAtomically(path: path, bytes: [UInt8](try fileData(for: path, limit: limit)))
    }

    /// The bytes `write(to:)` writes (`jsonData()`), for writing them elsewhere (e.g. with other outputs of the
    /// same run, all or none).
    /// - Throws: `ModelFileError.tooLargeToWrite` naming `path` when they exceed `maximumFileBytes`, which
    ///   loading refuses.
    package func fileData(for path: String) throws -> Data { try fileData(for: path, limit: Self.maximumFileBytes) }

    func fileData(for path: String, limit: Int) throws -> Data {
        let data = try jsonData()
        if data.count > limit {
            throw ModelFileError.tooLargeToWrite(path: path, bytes: data.count, limit: limit, terms: fit.coefficients.count)
        }
        return data
    }

    /// Loads and checks a model file (see `decode`); a file larger than `maximumFileBytes` is refused before
    /// it is read.
    public static func load(path: String) throws -> CreditModel {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "permission denied or I/O error"
            throw ModelFileError.unreadable(path: path, reason: reason)
        }
        defer { try? handle.close() }
        var status = stat()
        if stat(path, &status) == 0 {      // (follows a symbolic link to the file it names)
            if status.st_mode & S_IFMT == S_IFDIR { throw ModelFileError.unreadable(path: path, reason: "it is a directory") }
            if status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) > maximumFileBytes {
                throw ModelFileError.tooLarge(path: path, bytes: Int(status.st_size), limit: maximumFileBytes)
            }
        }
        // At most one byte more than the limit (a pipe or a device has no size to check first).
        let data: Data
        do { data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data() } catch {
            throw ModelFileError.unreadable(path: path, reason: "permission denied or I/O error")
        }
        if data.count > maximumFileBytes { throw ModelFileError.tooLarge(path: path, bytes: data.count, limit: maximumFileBytes) }
        return try decode(data, path: path)
    }

    /// Decodes a model from JSON bytes; `path` is used in messages.
    ///
    /// Checks, in this order (the first failure is reported):
    /// 1. size: at most `maximumFileBytes`;
    /// 2. syntax (`StrictJSON`): strict JSON, each key once per object (a duplicate is named by its key path),
    ///    at most 64 levels deep;
    /// 3. format: a top-level object with `"format": "credit-model"`;
    /// 4. version: an integer ≥ 1, not newer than `currentVersion`;
    /// 5. seal present: every file must carry `contentSHA256`, whatever its version. Versions 1 and 2 (written
    ///    before the seal existed) are therefore no longer read: a sealed file with its version set to 2 and its
    ///    seal deleted would otherwise load unchecked, and no content of a version-3 file tells it from a
    ///    genuine version-2 one (version 3 added only the seal). Those versions were written only by development
    ///    builds before the seal, so no released model is refused;
    /// 6. content: every value of the right type, no key this build does not read (`unknownKey`: a key the
    ///    decoder would skip is not covered by the seal), a known model type (`logistic-regression`,
    ///    `scorecard`), the parts consistent with each other and every value in range (`checkValues`);
    /// 7. seal: the SHA-256 of the canonical re-encoding equals the recorded one.
    public static func decode(_ data: Data, path: String) throws -> CreditModel {
        if data.count > maximumFileBytes { throw ModelFileError.tooLarge(path: path, bytes: data.count, limit: maximumFileBytes) }
        let bytes = [UInt8](data)
        let tree: StrictJSON.Node
        do {
            tree = try StrictJSON.parse(bytes)
        } catch {
            switch error {
            case .duplicateKey(let keyPath):
                throw ModelFileError.duplicateKey(path: path, keyPath: keyPath)
            case .tooDeep:
                throw ModelFileError.notJSON(path: path, reason: "nested more than \(StrictJSON.maximumDepth) levels deep")
            case .malformed:
                throw ModelFileError.notJSON(path: path, reason: data.isEmpty ? "the file is empty" : "the JSON is malformed or truncated")
            }
        }
        guard case .object = tree, let format = tree["format"], StrictJSON.string(format, in: bytes) == formatName else {
            throw ModelFileError.notAModel(path: path)
        }
        guard let versionNode = tree["version"], let text = StrictJSON.numberText(versionNode, in: bytes),
              text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw ModelFileError.invalidVersion(path: path) }
        guard let version = Int(text), version >= 1 else { throw ModelFileError.invalidVersion(path: path) }
        if version > currentVersion {
            throw ModelFileError.newerVersion(path: path, version: version, supported: currentVersion)
        }
        guard let sealNode = tree[sealKey] else { throw ModelFileError.missingSeal(path: path, version: version) }
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
        let canonical: [UInt8]
        do { canonical = [UInt8](try model.canonicalJSON()) } catch {
            throw ModelFileError.invalidContent(path: path, reason: "cannot re-encode the model (\(error))")
        }
        // Every key of the file must be one the model re-encodes: anything else was skipped by the decoder.
        if let canonicalTree = try? StrictJSON.parse(canonical),
           let unknown = Self.firstUnknownKey(tree, canonicalTree, path: [], top: true) {
            throw ModelFileError.unknownKey(path: path, keyPath: unknown)
        }
        guard Self.modelTypes.contains(model.model) else {
            throw ModelFileError.invalidContent(path: path, reason: "unknown model type \"\(model.model)\" (this build reads \(Self.modelTypes.map { "\"\($0)\"" }.joined(separator: " and ")))")
        }
        try model.checkConsistency(path: path)
        try model.checkValues(path: path)
        // The seal, last: a consistent but edited file is caught here.
        let computed = SHA256.hexDigest(of: canonical)
        guard let recorded = StrictJSON.string(sealNode, in: bytes), recorded == computed else {
            let shown = StrictJSON.string(sealNode, in: bytes) ?? "(not a string)"
            throw ModelFileError.sealMismatch(path: path, recorded: shown, computed: computed)
        }
        return model
    }

    /// The model types this build reads and writes.
    static let modelTypes = ["logistic-regression", "scorecard"]

    /// The first key of `file` (walked in document order) that `canonical`, the model's re-encoding, does not
    /// have at the same place; the seal key is allowed at the top level.
    static func firstUnknownKey(_ file: StrictJSON.Node, _ canonical: StrictJSON.Node, path: [StrictJSON.PathComponent],
                                top: Bool = false) -> String? {
        switch (file, canonical) {
        case (.object(let members), .object(let known)):
            var index: [String: StrictJSON.Node] = [:]
            for (key, value) in known { index[key] = value }
            for (key, value) in members {
                if top && key == sealKey { continue }
                guard let twin = index[key] else { return StrictJSON.describe(path + [.key(key)]) }
                if let found = firstUnknownKey(value, twin, path: path + [.key(key)]) { return found }
            }
        case (.array(let elements), .array(let twins)):
            for (i, (element, twin)) in zip(elements, twins).enumerated() {
                if let found = firstUnknownKey(element, twin, path: path + [.index(i)]) { return found }
            }
        default:
            break
        }
        return nil
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
        let p = terms.count
        var perTerm: [(String, Int)] = [("fit.zValues", fit.zValues.count), ("fit.pValues", fit.pValues.count),
                                        ("fit.confidenceIntervals", fit.confidenceIntervals.count), ("fit.covariance", fit.covariance.count)]
        if let firth = fit.firth {
            perTerm += [("fit.firth.waldPValues", firth.waldPValues.count), ("fit.firth.waldIntervals", firth.waldIntervals.count)]
            if let v = firth.profileIntervals { perTerm.append(("fit.firth.profileIntervals", v.count)) }
            if let v = firth.likelihoodRatioChiSquares { perTerm.append(("fit.firth.likelihoodRatioChiSquares", v.count)) }
            if let v = firth.likelihoodRatioPValues { perTerm.append(("fit.firth.likelihoodRatioPValues", v.count)) }
        }
        for (name, count) in perTerm where count != p {
            throw ModelFileError.invalidContent(path: path, reason: "\(name) has \(count) entries for \(p) terms")
        }
        if let row = fit.covariance.firstIndex(where: { $0.count != p }) {
            throw ModelFileError.invalidContent(path: path, reason: "fit.covariance[\(row)] has \(fit.covariance[row].count) entries for \(p) terms")
        }
        if let bad = fit.coefficients.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError.invalidContent(path: path, reason: "coefficient of '\(terms[bad])' is not a finite number")
        }
        if version < 4 && !version4Content.isEmpty {
            throw ModelFileError.invalidContent(path: path, reason: version4Content.joined(separator: ", ") + " in a version-\(version) file (needs version 4)")
        }
        if let policy {
            if policy.cutoff.scale == .points && scorecard == nil {
                throw ModelFileError.invalidContent(path: path, reason: "a policy with a cut-off in points on a \"\(model)\" model (no points)")
            }
            if !policy.cutoff.value.isFinite || (policy.referBand.map { $0.count != 2 || !$0.allSatisfy(\.isFinite) } ?? false) {
                throw ModelFileError.invalidContent(path: path, reason: "policy cut-off and refer band must be finite numbers (a band has two)")
            }
            if let rule = policy.rules.first(where: { $0.code.isEmpty || $0.decision == .approve }) {
                throw ModelFileError.invalidContent(path: path, reason: "policy rule '\(rule.condition.source)' must decline or refer with a code")
            }
        }
        if let lineage {
            guard !lineage.isEmpty, lineage.allSatisfy({ $0.parentSHA256.utf8.count == 64 && $0.parentSHA256.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } }) else {
                throw ModelFileError.invalidContent(path: path, reason: "lineage must list steps whose parentSHA256 is 64 lowercase hex digits")
            }
        }
        if let record = recalibration {
            guard lineage != nil else {
                throw ModelFileError.invalidContent(path: path, reason: "a recalibration record without lineage")
            }
            let k = record.fit.method == .logistic ? 2 : 1
            guard record.fit.standardErrors.count == k, record.fit.covariance.count == k,
                  record.fit.covariance.allSatisfy({ $0.count == k }) else {
                throw ModelFileError.invalidContent(path: path, reason: "recalibration.fit has the wrong number of standard errors or covariance entries for the \(record.fit.method.rawValue) method")
            }
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
                guard ch.bins.binCount >= 1 else {
                    throw ModelFileError.invalidContent(path: path, reason: "scorecard '\(ch.name)' has no bins")
                }
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
            if let missing = predictor.missing {
                if let owner = missing.sharedWith,
                   !schema.predictors.prefix(while: { $0.name != predictor.name }).contains(where: { $0.name == owner && $0.hasMissingTerm }) {
                    throw ModelFileError.invalidContent(path: path, reason: "'\(predictor.name)' shares the missing term of '\(owner)', which is not an earlier predictor with a missing term")
                }
                // A numeric predictor's missing coding needs a finite fill within the values a fit handles; a
                // categorical one has none (its missing level is the indicator alone).
                switch predictor.kind {
                case .numeric:
                    guard let fill = missing.fill, fill.isFinite, abs(fill) <= 1e200 else {
                        throw ModelFileError.invalidContent(path: path, reason: "missing-value fill of '\(predictor.name)' must be a finite number no larger than 1e200 in magnitude")
                    }
                case .categorical:
                    if missing.fill != nil {
                        throw ModelFileError.invalidContent(path: path, reason: "categorical '\(predictor.name)' cannot have a missing-value fill")
                    }
                }
            }
        }
    }

    /// The largest |coefficient| a model may have: beyond any fit of real data (a unit change of 10⁻¹⁰⁰ in a
    /// predictor moving the log-odds by one), and small enough that β·x stays finite for every |x| ≤ 10²⁰⁰
    /// (and a sum of up to 10⁷ such terms too).
    package static let maximumCoefficient = 1e100
    /// The largest |points| of a scorecard bin. The score of a row is a sum of one bin's points per
    /// characteristic, in `Int`; the streaming scorer keeps points as `Int32` (to ±2.1·10⁹). 10⁹ per bin keeps
    /// both exact for any number of characteristics a model file can hold.
    package static let maximumPoints = 1_000_000_000
    /// The largest count (rows, goods, bads) in a model's records: 10¹², so that sums over every bin a model
    /// file can hold stay far within `Int`.
    package static let maximumCount = 1_000_000_000_000

    /// Checks that every value a scorer, a report or an export computes with is in range, so that a model with
    /// a recomputed seal but impossible values (a NaN WoE, ±1e308 coefficients, `Int.max` points) is refused on
    /// load rather than crashing or printing NaN later:
    /// - coefficients (the fit's, and a scorecard's intercept and per-characteristic β) finite, |β| ≤
    ///   `maximumCoefficient`;
    /// - counts (`training.rows`, `rowsUsed`, `bads`; `fit.observations`, `events`; every binning table's rows,
    ///   goods, bads, and each bin's count = goods + bads) in 0…`maximumCount`;
    /// - scorecard: WoE finite; raw points finite with |raw| ≤ `maximumPoints` and points = raw rounded (halves
    ///   away from zero, as training writes them); every log-odds the card can give finite (|a| + Σⱼ maxᵦ
    ///   |βⱼ·WoEⱼᵦ| < ∞); the scaling finite with PDO and base odds positive; reference points finite; the
    ///   number of reasons per row 0…max(characteristics, 4) (4, the default, is kept even for a smaller card);
    ///   at most 32,767 characteristics (reason indices are 16-bit).
    func checkValues(path: String) throws {
        func fail(_ reason: String) -> ModelFileError { ModelFileError.invalidContent(path: path, reason: reason) }
        func coefficientOK(_ v: Double) -> Bool { v.isFinite && abs(v) <= Self.maximumCoefficient }
        func countOK(_ v: Int) -> Bool { v >= 0 && v <= Self.maximumCount }
        let terms = fit.termNames
        if let bad = fit.coefficients.firstIndex(where: { !coefficientOK($0) }) {
            throw fail("coefficient of '\(terms[bad])' is \(fit.coefficients[bad]), beyond ±1e100")
        }
        for (name, value) in [("training.rows", training.rows), ("training.rowsUsed", training.rowsUsed),
                              ("training.bads", training.bads), ("fit.observations", fit.observations),
                              ("fit.events", fit.events), ("fit.iterations", fit.iterations),
                              ("fit.likelihoodRatioDegreesOfFreedom", fit.likelihoodRatioDegreesOfFreedom)] where !countOK(value) {
            throw fail("\(name) is \(value), outside 0…\(Self.maximumCount)")
        }
        guard let card = scorecard else { return }
        let k = card.characteristics.count
        guard k <= Int(Int16.max) else { throw fail("\(k) scorecard characteristics, more than \(Int16.max)") }
        guard coefficientOK(card.intercept) else { throw fail("scorecard intercept is \(card.intercept), beyond ±1e100") }
        let scaling = card.scaling
        guard scaling.pdo.isFinite, scaling.pdo > 0, scaling.baseOdds.isFinite, scaling.baseOdds > 0,
              scaling.baseScore.isFinite else {
            throw fail("scorecard scaling needs a finite positive PDO and base odds and a finite base score")
        }
        guard card.reasons.count >= 0, card.reasons.count <= Swift.max(k, ReasonSettings().count) else {
            throw fail("scorecard reasons.count is \(card.reasons.count), outside 0…\(Swift.max(k, ReasonSettings().count))")
        }
        if let bad = card.reasons.referencePoints.firstIndex(where: { !$0.isFinite }) {
            throw fail("scorecard reasons.referencePoints[\(bad)] is not a finite number")
        }
        if let cutoff = card.reasons.cutoff, !cutoff.isFinite { throw fail("scorecard reasons.cutoff is not a finite number") }
        var largestLogOdds = abs(card.intercept)
        for ch in card.characteristics {
            let name = ch.name
            guard coefficientOK(ch.coefficient) else { throw fail("scorecard coefficient of '\(name)' is \(ch.coefficient), beyond ±1e100") }
            if let b = ch.woe.firstIndex(where: { !$0.isFinite }) { throw fail("scorecard WoE of '\(name)' bin \(b + 1) is not a finite number") }
            for b in ch.rawPoints.indices {
                let raw = ch.rawPoints[b]
                guard raw.isFinite, abs(raw) <= Double(Self.maximumPoints),
                      ch.points[b] >= -Self.maximumPoints, ch.points[b] <= Self.maximumPoints else {
                    throw fail("scorecard points of '\(name)' bin \(b + 1) are \(ch.points[b]) (raw \(raw)), beyond ±\(Self.maximumPoints)")
                }
                guard ch.points[b] == Int(raw.rounded()) else {
                    throw fail("scorecard points of '\(name)' bin \(b + 1) are \(ch.points[b]), not its raw points \(raw) rounded")
                }
            }
            let t = ch.table
            guard countOK(t.rows), countOK(t.goods), countOK(t.bads) else { throw fail("scorecard binning table of '\(name)' has a count outside 0…\(Self.maximumCount)") }
            for (b, row) in t.bins.enumerated() {
                guard countOK(row.goods), countOK(row.bads), row.count == row.goods + row.bads else {
                    throw fail("scorecard binning table of '\(name)' bin \(b + 1): count \(row.count), goods \(row.goods), bads \(row.bads)")
                }
            }
            largestLogOdds += abs(ch.coefficient) * (ch.woe.map { abs($0) }.max() ?? 0)
        }
        guard largestLogOdds.isFinite else { throw fail("the scorecard's log-odds overflow (|intercept| + Σ |β·WoE| is not finite)") }
    }
}
