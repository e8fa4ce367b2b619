import Foundation
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
import TestSupport
import XCTest

/// The training record's one date rule, the input's fingerprint, the model files `ModelTraining` makes, and the
/// out-of-core plan (size parser, size decision, cache directory, the streamed fit).
final class ModelTrainingTests: XCTestCase {
    static let germanPath = PackagePaths.path("datasets/german_credit.csv")

    /// SOURCE_DATE_EPOCH when set (whole seconds, spaces allowed), else the given instant; ISO 8601 UTC.
    func testDateRule() {
        let now = Date(timeIntervalSince1970: 1_000_000_000)   // 2001-09-09T01:46:40Z
        XCTAssertEqual(TrainingRecord.date(environment: [:], now: now), "2001-09-09T01:46:40Z")
        XCTAssertEqual(TrainingRecord.date(environment: ["SOURCE_DATE_EPOCH": "86400"], now: now), "1970-01-02T00:00:00Z")
        XCTAssertEqual(TrainingRecord.date(environment: ["SOURCE_DATE_EPOCH": " 1767225600 "], now: now), "2026-01-01T00:00:00Z")
        XCTAssertEqual(TrainingRecord.date(environment: ["SOURCE_DATE_EPOCH": "0"], now: now), "1970-01-01T00:00:00Z")
        XCTAssertEqual(TrainingRecord.date(environment: ["SOURCE_DATE_EPOCH": "yesterday"], now: now), "2001-09-09T01:46:40Z",
                       "not a whole number: ignored")
        XCTAssertEqual(TrainingRecord.date(environment: ["SOURCE_DATE_EPOCH": "1.5"], now: now), "2001-09-09T01:46:40Z")
    }

    /// Sizes in bytes with binary multiples.
    func testMemorySizeParser() {
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("4G"), 4 * 1_073_741_824)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("512M"), 512 * 1_048_576)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("100K"), 102_400)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("2T"), 2 * 1_099_511_627_776)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("1000000000"), 1_000_000_000)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize(" 8gb "), 8 * 1_073_741_824)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("1.5G"), 1.5 * 1_073_741_824)
        XCTAssertEqual(OutOfCoreTraining.parseMemorySize("64B"), 64)
        for bad in ["lots", "", "G", "0", "-1G", "inf", "nan", "4 G B", "4P"] {
            XCTAssertNil(OutOfCoreTraining.parseMemorySize(bad), bad)
        }
    }

    /// Out of core when 3 × the file's size exceeds the limit; never for standard input or a missing file.
    func testSizeDecision() throws {
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("size.csv")
        try Data(repeating: 0x41, count: 1000).write(to: url)
        XCTAssertTrue(OutOfCoreTraining.isTooLarge(path: url.path, memoryLimit: 2999))
        XCTAssertFalse(OutOfCoreTraining.isTooLarge(path: url.path, memoryLimit: 3000))
        XCTAssertFalse(OutOfCoreTraining.isTooLarge(path: "-", memoryLimit: 1))
        XCTAssertFalse(OutOfCoreTraining.isTooLarge(path: url.path + ".missing", memoryLimit: 1))
        XCTAssertFalse(OutOfCoreTraining.isTooLarge(path: url.path), "1 KB is not too large for half of RAM")
        XCTAssertEqual(OutOfCoreTraining.defaultMemoryLimit, Double(ProcessInfo.processInfo.physicalMemory) / 2)
    }

    func testCacheDirectory() {
        XCTAssertEqual(OutOfCoreTraining.defaultCacheDirectory(environment: ["TMPDIR": "/scratch"]), "/scratch")
        XCTAssertEqual(OutOfCoreTraining.defaultCacheDirectory(environment: ["TMPDIR": ""]), "/tmp")
        XCTAssertEqual(OutOfCoreTraining.defaultCacheDirectory(environment: [:]), "/tmp")
        XCTAssertThrowsError(try OutOfCoreTraining(path: Self.germanPath, cacheDirectory: "/nonexistent/dir")) {
            XCTAssertEqual($0 as? TrainingError, .noSuchCacheDirectory("/nonexistent/dir"))
        }
        XCTAssertThrowsError(try OutOfCoreTraining(path: Self.germanPath, cacheDirectory: Self.germanPath), "a file is no directory")
    }

    /// The fingerprint is the SHA-256 of the input's bytes (expected value from Python hashlib), from a file (in the
    /// background) or from standard input; empty when not asked for.
    func testFingerprints() throws {
        let text = "x,y\n1,0\n2,1\n3,0\n4,1\n"
        let expected = "f7e2670e0b0d7f9f1b0354baff30bddd4f3d41842b431912a361fb1d296e5c92"
        let url = PackagePaths.temporaryDirectory().appendingPathComponent("small.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let file = TrainingInput.file(url.path, fingerprint: true)
        XCTAssertEqual(try file.readTable(options: CSVOptions()).rowCount, 4)
        XCTAssertEqual(file.fingerprint(), expected)
        XCTAssertEqual(file.name, url.path)
        XCTAssertEqual(file.path, url.path)
        let stdin = TrainingInput.standardInput(Array(text.utf8), fingerprint: true)
        XCTAssertEqual(stdin.fingerprint(), expected)
        XCTAssertEqual(stdin.name, "-")
        XCTAssertNil(stdin.path)
        XCTAssertEqual(try stdin.readTable(options: CSVOptions()).source, "<stdin>")
        XCTAssertEqual(TrainingInput.file(url.path, fingerprint: false).fingerprint(), "")
        XCTAssertEqual(TrainingInput.standardInput(Array(text.utf8), fingerprint: false).fingerprint(), "")
    }

    /// One record for every kind of model: the input's name and fingerprint, its rows, the fit's rows and bads,
    /// the command line and the date of the rule.
    func testModelFilesCarryOneRecord() throws {
        let env = ["SOURCE_DATE_EPOCH": "86400"]
        let training = ModelTraining(input: .file(Self.germanPath, fingerprint: true), commandLine: ["credit", "train"], environment: env)
        let table = try training.readTable(options: CSVOptions())
        let outcome = try LogisticRegressionRequest(target: "default").run(on: table)
        let model = training.model(for: outcome)
        XCTAssertEqual(model.model, "logistic-regression")
        XCTAssertEqual(model.target, TargetSpec(column: "default", bad: "1"))
        XCTAssertEqual(model.schema, outcome.design.coding)
        XCTAssertEqual(model.training, TrainingRecord(inputFile: Self.germanPath, inputSHA256: SHA256.hexDigest(ofFile: Self.germanPath)!,
                                                      rows: 1000, rowsUsed: 1000, bads: 300, toolVersion: ToolVersion.current,
                                                      commandLine: ["credit", "train"], seed: nil, date: "1970-01-02T00:00:00Z"))

        let card = try ScorecardTrainingRequest(target: "default").run(on: table)
        let cardModel = training.model(for: card)
        XCTAssertEqual(cardModel.model, "scorecard")
        XCTAssertEqual(cardModel.scorecard, card.section)
        XCTAssertEqual(cardModel.training, model.training, "German credit has no missing target: the same rows and bads")
        XCTAssertEqual(try CreditModel.decode(try cardModel.jsonData(), path: "c.json"), cardModel)
    }

    /// The out-of-core fit is the in-memory fit (1e-9 relative: the sums run in another order), and its model file
    /// follows the same date rule.
    func testOutOfCoreFitMatchesInMemoryAndFollowsTheDateRule() throws {
        var request = LogisticRegressionRequest(target: "default")
        request.design.referenceLevels = ["purpose": "car (new)"]
        request.design.exclude = ["telephone"]
        request.fit.populationBadRate = 0.05
        let memory = try request.run(on: try CSVReader.read(path: Self.germanPath)).result
        var plan = try OutOfCoreTraining(path: Self.germanPath, cacheDirectory: NSTemporaryDirectory())
        plan.chunkRows = 77
        XCTAssertTrue(try plan.header().contains("telephone"))
        var steps: [String] = []
        let fit = try plan.fit(request) { if case .step(let s) = $0 { steps.append(s) } }
        XCTAssertEqual(fit.result.termNames, memory.termNames)
        assertClose(fit.result.coefficients, memory.coefficients, relative: 1e-9, "coefficients")
        assertClose(fit.result.standardErrors, memory.standardErrors, relative: 1e-9, "std err")
        XCTAssertEqual(fit.result.priorCorrection?.populationBadRate, 0.05)
        XCTAssertEqual(steps.first, "checking 1000 rows")
        XCTAssertTrue(steps.contains("fitting on 1000 rows: Newton step 1"), "\(steps)")

        let a = ModelTraining(input: .file(Self.germanPath, fingerprint: false), commandLine: ["credit"], environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        let b = ModelTraining(input: .file(Self.germanPath, fingerprint: false), commandLine: ["credit"], environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        XCTAssertEqual(a.model(for: fit).training.date, "2026-01-01T00:00:00Z")
        XCTAssertEqual(try a.model(for: fit).jsonData(), try b.model(for: fit).jsonData())
        XCTAssertEqual(a.model(for: fit).training.rows, 1000)

        request.fit.firth = true
        XCTAssertThrowsError(try plan.fit(request)) { error in
            guard case .invalidOption(let what)? = error as? RegressionError else { return XCTFail("\(error)") }
            XCTAssertTrue(what.contains("not available out of core"), what)
        }
    }
}
