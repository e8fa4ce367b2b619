import Foundation
import CreditMetrics
import CreditMonitoring
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditSynthetic
import CreditTabular
import TestSupport
import XCTest

/// Monitoring on synthetic small-borrower data whose truth we know (Sources/CreditSynthetic).
///
/// Set-up: 24 months of applications from 2024-01; the shock (when on) starts 2025-01-01. A logistic regression
/// is fitted on a separate pre-shock sample; base = loans before the shock date (a holdout of the development
/// population), recent = loans on or after it. So that the fitted model is the true model's form (and a calibration
/// test's H0 holds when nothing changed), the rows carry the true model's transforms as extra columns:
/// dti_hinge = max(debt_to_income − 0.35, 0), log_savings = ln(1 + savings_months) and lenders_step (0–3, "4+"),
/// categorical); thin-file rows (bureau fields missing) are rejected by the model and only enter the CSI/χ².
/// The shock moves income_volatility (+0.10·exposure), lenders_count (Poisson mean +0.8·exposure) and
/// savings_months (×(1 − 0.3·exposure)); through lenders it also moves inquiries_6m, past_delinquency and
/// debt_to_income. It leaves monthly_income, financial_literacy, loan_amount, term_months, employment_type and
/// region alone, and adds 0.9·exposure to the true log-odds, which the model cannot see.
final class ProofOnKnownTruthTests: XCTestCase {
    static let moved = ["income_volatility", "lenders_count", "savings_months"]
    static let untouched = ["monthly_income", "financial_literacy", "loan_amount", "term_months", "employment_type", "region"]
    static let shockDate = CivilDate(year: 2025, month: 1, day: 1)

    struct Scenario {
        var model: CreditModel
        var base: Table
        var recent: Table
        /// Mean true PD and mean model PD of the recent scored rows, per master-scale grade.
        var result: MonitorResult
        var trueRate: [String: Double]
    }

    /// CSV text of loans `range` of a generator, with the true model's transforms appended.
    static func csv(_ generator: SmallBorrowerGenerator, _ range: Range<Int>, keep: (SmallBorrowerGenerator.Loan) -> Int?) -> [String] {
        let header = String(SmallBorrowerGenerator.applicationHeader(includeTruePD: true).dropLast()) + ",dti_hinge,log_savings,lenders_step\n"
        var parts = [header, header]
        for i in range {
            let loan = generator.loan(i)
            guard let k = keep(loan) else { continue }
            let a = loan.applicant
            let step = a.lendersCount.map { $0 >= 4 ? "4+" : "n\($0)" } ?? ""
            parts[k] += String(SmallBorrowerGenerator.applicationLine(loan, includeTruePD: true).dropLast())
                + ",\(max(a.debtToIncome - 0.35, 0)),\(log1p(a.savingsMonths)),\(step)\n"
        }
        return parts
    }

    static func table(_ text: String, _ name: String) throws -> Table {
        var options = CSVOptions()
        options.columnTypes = ["term_months": .numeric]
        return try CSVReader.read(bytes: Array(text.utf8), source: name, options: options)
    }

    /// The model: a logistic regression fitted on 40,000 loans of the pre-shock population (seed 1000), large
    /// enough that its estimation error is small beside the monitoring samples' sampling error.
    static let model: CreditModel = {
        var config = SmallBorrowerGenerator.Configuration()
        config.seed = 1000
        let train = try! table(csv(SmallBorrowerGenerator(configuration: config), 0..<40_000) { _ in 0 }[0], "train")
        var designOptions = DesignOptions(target: "default")
        designOptions.exclude = ["loan_id", "application_date", "true_pd"]
        let design = try! Design.build(from: train, options: designOptions)
        let fit = try! LogisticRegression().fit(design)
        let record = TrainingRecord(inputFile: "train", inputSHA256: "", rows: train.rowCount, rowsUsed: fit.observations,
                                    bads: fit.events, toolVersion: ToolVersion.current, commandLine: [], seed: 1000, date: "")
        return CreditModel(target: TargetSpec(column: "default", bad: "1"), schema: design.coding, fit: fit, training: record)
    }()

    /// Base = loans before 2025-01-01, recent = loans from then on, of one seeded portfolio (with or without the shock).
    static func scenario(seed: UInt64, shock: Bool, loans: Int = 12_000) throws -> Scenario {
        var config = SmallBorrowerGenerator.Configuration()
        config.seed = seed
        if shock { config.shockDate = shockDate }
        let parts = csv(SmallBorrowerGenerator(configuration: config), 0..<loans) { $0.applicant.applicationDate >= shockDate ? 1 : 0 }
        let baseTable = try table(parts[0], "base"), recentTable = try table(parts[1], "recent")
        let model = Self.model
        // These tests prove each check's test on its own: the per-check policy (AlarmPolicyTests proves the family-wise one).
        var options = MonitorOptions()
        options.thresholds.policy = .perCheck
        let result = try Monitor.run(model: model, base: baseTable, recent: recentTable, target: model.target, options: options)

        // Known truth per grade: the mean true PD of the recent rows the model scored.
        let pd = try model.score(recentTable).probabilities
        guard case .numeric(let truePD) = recentTable["true_pd"]! else { fatalError() }
        var sum: [String: Double] = [:], n: [String: Int] = [:]
        for (p, t) in zip(pd, truePD) where !p.isNaN {
            let g = result.masterScale.names[result.masterScale.grade(of: p)]
            sum[g, default: 0] += t; n[g, default: 0] += 1
        }
        return Scenario(model: model, base: baseTable, recent: recentTable, result: result,
                        trueRate: sum.mapValues { $0 }.merging(n.mapValues(Double.init)) { $0 / $1 })
    }

    func characteristic(_ r: MonitorResult, _ name: String) -> CharacteristicStability {
        r.characteristics.first { $0.name == name }!
    }

    func testShockIsFlaggedWhereItActsAndNowhereElse() throws {
        let s = try Self.scenario(seed: 7, shock: true)
        let r = s.result
        for name in Self.moved {
            let c = characteristic(r, name)
            XCTAssertEqual(c.status, .red, "\(name) moved by the shock: CSI \(c.index.value), χ² p \(c.chiSquared.pValue)")
        }
        for name in Self.untouched {
            let c = characteristic(r, name)
            XCTAssertEqual(c.indexStatus, .green, "\(name) CSI \(c.index.value)")
            XCTAssertNotEqual(c.chiSquaredStatus, .red, "\(name) untouched by the shock: χ² p \(c.chiSquared.pValue)")
        }
        // The model's PD shifts (the population got riskier) and the default rate rose beyond it.
        XCTAssertGreaterThan(r.calibration!.recentDefaultRate, r.calibration!.baseDefaultRate!)
        XCTAssertEqual(r.overall, .red)
        // Calibration: every grade whose true default rate rose detectably above the model's PD is flagged.
        // "Detectably": z = (true rate − PD)/√(PD(1 − PD)/N) ≥ 2.93, where the one-sided test at 0.05 has ≥ 90%
        // power (1.645 + 1.282). Grades whose true rate is not above the model's PD must stay green.
        var checked = 0
        for g in r.calibration!.grades {
            let truth = s.trueRate[g.test.grade]!, p = g.test.probability
            let z = (truth - p) / (p * (1 - p) / Double(g.test.rows)).squareRoot()
            if z >= 2.93 {
                XCTAssertNotEqual(g.status, .green, "grade \(g.test.grade): true \(truth) vs model \(p)")
                checked += 1
            }
            if truth <= p { XCTAssertEqual(g.status, .green, "grade \(g.test.grade): default rate did not rise") }
        }
        XCTAssertGreaterThanOrEqual(checked, 5, "the shock should raise the default rate of several grades")
        XCTAssertEqual(r.calibration!.hosmerLemeshowStatus, .red)
    }

    /// Without a shock, base and recent are independent samples of one population. Over 4 seeds every test-based
    /// check (χ² per characteristic, AUC change, Jeffreys per grade, Hosmer–Lemeshow) is a draw under H0 (the
    /// Jeffreys/HL ones only approximately: the fitted model is not the true one); at p < 0.05 about 5% are amber
    /// or red, and about 1% red. Bound: at most 12% flagged and at most 5% red (for ~90 independent tests,
    /// Bin(90, 0.05) > 12% and Bin(90, 0.01) > 5% each have probability < 0.5%), and no PSI/CSI at or above 0.1.
    func testNoShockFlagsOnlyAtTheFalseAlarmRate() throws {
        var tests = 0, flagged = 0, red = 0
        for seed: UInt64 in [11, 12, 13, 14] {
            let r = try Self.scenario(seed: seed, shock: false, loans: 8_000).result
            XCTAssertEqual(r.score.status, .green, "seed \(seed): PSI \(r.score.index.value)")
            for c in r.characteristics { XCTAssertEqual(c.indexStatus, .green, "seed \(seed) \(c.name): CSI \(c.index.value)") }
            for check in r.checks where check.statistic.hasSuffix(" p") {
                tests += 1
                if check.status != .green { flagged += 1; print("seed \(seed): \(check.subject) \(check.statistic) \(check.value) \(check.status)") }
                if check.status == .red { red += 1 }
            }
        }
        print("no shock: \(flagged) of \(tests) tests flagged, \(red) red")
        XCTAssertLessThanOrEqual(Double(flagged), 0.12 * Double(tests), "\(flagged) of \(tests) flagged")
        XCTAssertLessThanOrEqual(Double(red), 0.05 * Double(tests), "\(red) of \(tests) red")
    }
}
