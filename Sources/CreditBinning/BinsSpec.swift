import Foundation
import CreditTabular

/// The editable bins file (`credit bin --write-bins spec.json`, read back with `--bins spec.json`).
///
/// ```json
/// { "format": "credit-bins", "version": 1, "woeConvention": "ln(%bad/%good)",
///   "options": {...}, "characteristics": [ { "name": "age", "type": "numeric", "cuts": [26, 35], "specials": [] } ] }
/// ```
/// A person may merge bins (delete a cut or join two groups), split them (add a cut), move a level or a special
/// code; `options` keeps the rules that turn counts into WoE (zero-count rule, fallback), so re-applying an
/// unedited spec to the same data reproduces the same tables exactly.
public struct BinsSpec: Sendable, Codable, Equatable {
    public static let formatName = "credit-bins"
    public var format: String = BinsSpec.formatName
    public var version: Int = 1
    public var woeConvention: String = WeightOfEvidence.convention
    public var target: String
    public var bad: String
    public var options: BinningOptions
    public var characteristics: [CharacteristicBins]

    public init(target: String, bad: String, options: BinningOptions, characteristics: [CharacteristicBins]) {
        self.target = target; self.bad = bad; self.options = options; self.characteristics = characteristics
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads and checks a spec. - Throws: `BinningError.notABinsSpec` or `.invalidSpec` with what is wrong.
    public static func decode(_ data: Data, path: String) throws -> BinsSpec {
        let spec: BinsSpec
        do {
            spec = try JSONDecoder().decode(BinsSpec.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw BinningError.invalidSpec("\(path): missing \"\(key.stringValue)\"")
        } catch {
            throw BinningError.notABinsSpec(path: path, reason: "\(error)")
        }
        guard spec.format == formatName else { throw BinningError.invalidSpec("\(path): \"format\" is not \"\(formatName)\"") }
        guard spec.version == 1 else { throw BinningError.invalidSpec("\(path): version \(spec.version) is not supported (this build reads 1)") }
        guard spec.woeConvention == WeightOfEvidence.convention else {
            throw BinningError.invalidSpec("\(path): woeConvention must be \"\(WeightOfEvidence.convention)\"")
        }
        for c in spec.characteristics { try c.validate() }
        return spec
    }
}

extension BinsSpec {
    /// Reads the spec at `path` and checks that it was written for `target`.
    /// - Throws: `BinningError.unreadableSpec` when the file cannot be read, `.specTargetMismatch` when it was
    ///   written for another target, and what `decode(_:path:)` throws.
    public static func read(path: String, target: String) throws -> BinsSpec {
        guard let bytes = try? InputFile.readAll(path) else { throw BinningError.unreadableSpec(path: path) }
        let spec = try decode(Data(bytes), path: path)
        guard spec.target == target else {
            throw BinningError.specTargetMismatch(path: path, specTarget: spec.target, target: target)
        }
        return spec
    }
}
