import Foundation
@testable import CreditRegression
import CreditScorecard
@testable import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// A model file is refused unless it is exactly what this build writes, with a valid seal: no key twice, no
/// key it does not read, a known model type, a seal whatever the version, a size limit, and values in range
/// even when someone recomputed the seal.
final class ModelFileStrictnessTests: XCTestCase {
    nonisolated(unsafe) static var cached: (logit: CreditModel, card: CreditModel)?

    static func models() throws -> (logit: CreditModel, card: CreditModel) {
        if let cached { return cached }
        let made = (try CreditModelFileTests.germanModel().0, try StreamScoringTests.scorecardModel())
        cached = made
        return made
    }

    private func error(_ data: Data) -> ModelFileError? {
        do { _ = try CreditModel.decode(data, path: "m.json") } catch let e as ModelFileError { return e } catch {
            XCTFail("not a ModelFileError: \(error)"); return nil
        }
        XCTFail("loaded")
        return nil
    }

    private func error(_ text: String) -> ModelFileError? { error(Data(text.utf8)) }

    /// The file of `model` (sealed, as written).
    private func file(_ model: CreditModel) throws -> String { String(decoding: try model.jsonData(), as: UTF8.self) }

    // MARK: - Version and seal

    /// A sealed file with its version set to 2 (or 1) and its seal deleted is refused: every file must carry the
    /// seal, so no older version can bypass it.
    func testOlderVersionWithoutSealIsRefused() throws {
        let (logit, card) = try Self.models()
        for model in [logit, card] {
            for old in [1, 2] {
                var legacy = model
                legacy.version = old
                let text = String(decoding: try legacy.canonicalJSON(), as: UTF8.self)
                XCTAssertEqual(error(text), .missingSeal(path: "m.json", version: old))
                XCTAssertTrue(error(text)!.description.contains("versions 1 and 2 (written before the seal) are not read"))
            }
            var v3 = model
            v3.version = 3
            XCTAssertEqual(error(String(decoding: try v3.canonicalJSON(), as: UTF8.self)), .missingSeal(path: "m.json", version: 3))
        }
        // A sealed file of an older version (its seal covers the version) loads.
        var sealedV2 = logit
        sealedV2.version = 2
        XCTAssertEqual(try CreditModel.decode(try sealedV2.jsonData(), path: "m.json").version, 2)
    }

    /// The version is checked before the seal: a newer version says so even without a seal; a version that is
    /// not a whole number is refused as such.
    func testVersionIsCheckedBeforeTheSeal() throws {
        var newer = try Self.models().logit
        newer.version = 5
        XCTAssertEqual(error(String(decoding: try newer.canonicalJSON(), as: UTF8.self)),
                       .newerVersion(path: "m.json", version: 5, supported: 4))
        let good = try file(try Self.models().logit)
        for bad in ["3.0", "\"3\"", "-3", "0", "99999999999999999999999"] {
            XCTAssertEqual(error(good.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : \(bad)")), .invalidVersion(path: "m.json"), bad)
        }
    }

    // MARK: - Duplicate and unknown keys

    func testDuplicateKeysAreRefusedWithTheirPath() throws {
        let good = try file(try Self.models().logit)
        // "version" 3 then 2: Foundation would keep one, another reader the other.
        XCTAssertEqual(error(good.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 3,\n  \"version\" : 2")),
                       .duplicateKey(path: "m.json", keyPath: "version"))
        // "coefficients" twice: the seal of the first (which Foundation decodes) would be valid.
        let coefficients = good.range(of: "\"coefficients\" : [")!
        let twice = good.replacingCharacters(in: coefficients, with: "\"coefficients\" : [0, 0],\n    \"coefficients\" : [")
        XCTAssertEqual(error(twice), .duplicateKey(path: "m.json", keyPath: "fit.coefficients"))
        // Escaped spelling of the same key.
        XCTAssertEqual(error(good.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 3,\n  \"ver\\u0073ion\" : 2")),
                       .duplicateKey(path: "m.json", keyPath: "version"))
        XCTAssertTrue(error(twice)!.description.contains("the key \"fit.coefficients\" appears twice"))
    }

    /// Keys this build does not read are refused, at the top level and nested, though the seal (which covers
    /// only what the model decodes) would still match.
    func testUnknownKeysAreRefusedWithTheirPath() throws {
        let (logit, card) = try Self.models()
        let good = try file(logit)
        XCTAssertEqual(error(good.replacingOccurrences(of: "\"format\" : \"credit-model\",", with: "\"format\" : \"credit-model\",\n  \"note\" : \"hi\",")),
                       .unknownKey(path: "m.json", keyPath: "note"))
        XCTAssertEqual(error(good.replacingOccurrences(of: "\"bad\" : \"1\",", with: "\"bad\" : \"1\",\n    \"good\" : \"0\",")),
                       .unknownKey(path: "m.json", keyPath: "target.good"))
        let cardText = try file(card)
        let woe = cardText.range(of: "\"woe\" : ")!
        let extra = cardText.replacingCharacters(in: woe, with: "\"woeOverride\" : 1,\n              \"woe\" : ")
        guard case .unknownKey(_, let keyPath)? = error(extra) else { return XCTFail("\(String(describing: error(extra)))") }
        XCTAssertTrue(keyPath.hasPrefix("scorecard.characteristics[0].table.bins[0]."), keyPath)
        XCTAssertTrue(keyPath.hasSuffix("woeOverride"), keyPath)
        // A null for a key the model does not write (an optional left out) counts as unknown too.
        XCTAssertEqual(error(good.replacingOccurrences(of: "\"format\" : \"credit-model\",", with: "\"format\" : \"credit-model\",\n  \"scorecard\" : null,")),
                       .unknownKey(path: "m.json", keyPath: "scorecard"))
        // Reformatted by another tool (compact, keys in another order, slashes escaped): same keys, loads.
        let object = try JSONSerialization.jsonObject(with: Data(cardText.utf8))
        XCTAssertEqual(try CreditModel.decode(try JSONSerialization.data(withJSONObject: object), path: "m.json"), card)
    }

    /// An unknown model type is refused even with a recomputed seal.
    func testUnknownModelTypeIsRefused() throws {
        var model = try Self.models().logit
        model.model = "neural-net"
        guard case .invalidContent(_, let reason)? = error(try model.jsonData()) else { return XCTFail() }
        XCTAssertEqual(reason, "unknown model type \"neural-net\" (this build reads \"logistic-regression\" and \"scorecard\")")
    }

    // MARK: - Size

    func testSizeLimit() throws {
        XCTAssertEqual(CreditModel.maximumFileBytes, 64 << 20)
        var big = Data(try file(try Self.models().logit).utf8)
        big.append(Data(repeating: 0x20, count: CreditModel.maximumFileBytes + 1 - big.count))
        XCTAssertEqual(error(big), .tooLarge(path: "m.json", bytes: CreditModel.maximumFileBytes + 1, limit: 64 << 20))
        // From a file: refused from its size, before it is read (a sparse 1 GB file: reading it would take 1 GB).
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.json").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("{".utf8)))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        XCTAssertThrowsError(try CreditModel.load(path: path)) { e in
            XCTAssertEqual(e as? ModelFileError, .tooLarge(path: path, bytes: 1 << 30, limit: 64 << 20))
            XCTAssertEqual("\(e)", "\(path): the file is 1.1 GB, more than the 64 MiB a model file may have; is it really a credit model file?")
        }
    }

    /// Writing refuses (before writing anything) a model whose file would exceed what loading accepts.
    func testWriteRefusesAFileLoadingWouldRefuse() throws {
        let model = try Self.models().logit
        let dir = PackagePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.json").path
        XCTAssertThrowsError(try model.write(to: path, limit: 1000)) { e in
            guard case .tooLargeToWrite(_, _, 1000, let terms)? = e as? ModelFileError else { return XCTFail("\(e)") }
            XCTAssertEqual(terms, model.fit.coefficients.count)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        try model.write(to: path)
        XCTAssertEqual(try CreditModel.load(path: path), model)
    }

    // MARK: - Values, with the seal recomputed

    private func reason(_ model: CreditModel, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard case .invalidContent(_, let reason)? = error(try model.jsonData()) else {
            XCTFail("not refused as invalid content", file: file, line: line)
            return ""
        }
        return reason
    }

    func testCoefficientsMustBeFiniteAndBounded() throws {
        let base = try Self.models().logit
        for value in [1e308, -1e308, 1.5e100, Double.nan, .infinity] {
            var model = base
            model.fit.coefficients[0] = value
            XCTAssertTrue(try reason(model).hasPrefix("coefficient of 'const'"), "\(value)")
        }
        var fine = base
        fine.fit.coefficients[0] = 1e100
        XCTAssertNoThrow(try CreditModel.decode(try fine.jsonData(), path: "m.json"))
    }

    func testPerTermArraysMustMatchTheTerms() throws {
        var model = try Self.models().logit
        model.fit.zValues.removeLast()
        XCTAssertEqual(try reason(model), "fit.zValues has \(model.fit.termNames.count - 1) entries for \(model.fit.termNames.count) terms")
        var square = try Self.models().logit
        square.fit.covariance[2].append(0)
        XCTAssertEqual(try reason(square), "fit.covariance[2] has \(square.fit.termNames.count + 1) entries for \(square.fit.termNames.count) terms")
    }

    func testCountsMustBeInRange() throws {
        var model = try Self.models().logit
        model.training.rows = -1
        XCTAssertEqual(try reason(model), "training.rows is -1, outside 0…1000000000000")
        var events = try Self.models().logit
        events.fit.events = Int.max
        XCTAssertEqual(try reason(events), "fit.events is \(Int.max), outside 0…1000000000000")
    }

    /// Int.max points crashed score, validate and report (a sum and an Int32 conversion trapped).
    func testScorecardPointsMustBeBoundedAndMatchTheirRawPoints() throws {
        let card = try Self.models().card
        for points in [Int.max, Int.min, 1_000_000_001] {
            var model = card
            model.scorecard!.characteristics[0].points[0] = points
            XCTAssertTrue(try reason(model).contains("beyond ±1000000000"), "\(points)")
        }
        var edited = card
        edited.scorecard!.characteristics[0].points[0] += 1
        XCTAssertTrue(try reason(edited).contains("not its raw points"))
        var raw = card
        raw.scorecard!.characteristics[0].rawPoints[0] = .nan
        XCTAssertTrue(try reason(raw).contains("beyond ±1000000000"))
    }

    func testScorecardWoECoefficientsAndScalingMustBeFinite() throws {
        let card = try Self.models().card
        let name = card.scorecard!.characteristics[0].name
        var nanWoE = card
        nanWoE.scorecard!.characteristics[0].table.bins[1].woe = .nan
        XCTAssertEqual(try reason(nanWoE), "scorecard WoE of '\(name)' bin 2 is not a finite number")
        var beta = card
        beta.scorecard!.characteristics[0].coefficient = 1e308
        XCTAssertTrue(try reason(beta).hasPrefix("scorecard coefficient of '\(name)'"))
        var overflow = card
        overflow.scorecard!.characteristics[0].coefficient = 1e100
        overflow.scorecard!.characteristics[0].table.bins[0].woe = 1e300
        XCTAssertEqual(try reason(overflow), "the scorecard's log-odds overflow (|intercept| + Σ |β·WoE| is not finite)")
        var scaling = card
        scaling.scorecard!.scaling.pdo = 0
        XCTAssertTrue(try reason(scaling).hasPrefix("scorecard scaling"))
        var intercept = card
        intercept.scorecard!.intercept = -.infinity
        XCTAssertTrue(try reason(intercept).hasPrefix("scorecard intercept"))
    }

    func testReasonCountWithinTheCharacteristics() throws {
        let card = try Self.models().card
        let k = card.scorecard!.characteristics.count
        for count in [-1, k + 1] {
            var model = card
            model.scorecard!.reasons.count = count
            XCTAssertEqual(try reason(model), "scorecard reasons.count is \(count), outside 0…\(max(k, 4))")
        }
        var fine = card
        fine.scorecard!.reasons.count = k
        XCTAssertNoThrow(try CreditModel.decode(try fine.jsonData(), path: "m.json"))
        // A model made with more reasons than it could fill keeps max(characteristics, 4).
        var section = card.scorecard!
        section.reasons.count = k + 10
        let made = CreditModel(target: card.target, scorecard: section, fit: card.fit, training: card.training)
        XCTAssertEqual(made.scorecard!.reasons.count, max(k, 4))
    }

    func testBinCountsMustAddUp() throws {
        var model = try Self.models().card
        model.scorecard!.characteristics[0].table.bins[0].count += 1
        XCTAssertTrue(try reason(model).contains("bin 1: count"))
    }

    /// Models this build writes load (the checks hold for real models).
    func testRealModelsPassEveryCheck() throws {
        let (logit, card) = try Self.models()
        XCTAssertEqual(try CreditModel.decode(try logit.jsonData(), path: "m.json"), logit)
        XCTAssertEqual(try CreditModel.decode(try card.jsonData(), path: "m.json"), card)
    }

    /// A derived model is version 4 and names its parent's seal; its own seal covers the lineage, a version-3 file
    /// may not carry one, and a trained model is still written as version 3.
    func testLineageNamesTheParentsSealAndIsSealed() throws {
        let (logit, _) = try Self.models()
        XCTAssertEqual(logit.version, 3)
        XCTAssertFalse(try file(logit).contains("lineage"))
        let child = try logit.derived(operation: "policy", parentFile: "m.json", commandLine: ["credit", "policy"], date: "2026-12-07T00:00:00Z")
        XCTAssertEqual(child.version, 4)
        XCTAssertEqual(child.lineage?.map(\.parentSHA256), [try logit.contentDigest()])
        XCTAssertEqual(try CreditModel.decode(try child.jsonData(), path: "m.json"), child)
        let grandchild = try child.derived(operation: "recalibrate", parentFile: "c.json", commandLine: [], date: "2026-12-07T00:00:01Z")
        XCTAssertEqual(grandchild.lineage?.map(\.parentSHA256), [try logit.contentDigest(), try child.contentDigest()])
        // Editing the recorded parent breaks the seal.
        let edited = try file(child).replacingOccurrences(of: try logit.contentDigest(), with: String(repeating: "0", count: 64))
        guard case .sealMismatch = error(edited) else { return XCTFail("edited lineage accepted") }
        // A lineage in a version-3 file is refused (resealed, so only the version rule can catch it).
        var old = child
        old.version = 3
        guard case .invalidContent(_, let reason) = error(try old.jsonData()) else { return XCTFail("v3 lineage accepted") }
        XCTAssertEqual(reason, "lineage in a version-3 file (needs version 4)")
    }
}
