import Foundation
import CreditMetrics
import CreditModelFile
import CreditRegression
import CreditScorecard
import CreditSynthetic
import CreditTabular

/// A seeded simulation of `credit monitor`'s traffic lights on synthetic small-borrower loans whose truth is
/// known: how often a calm month is RED (the false-alarm rate) and how often a shocked month is (detection).
///
/// Set-up (`Configuration`): a plain logistic regression (the raw columns, as `credit train`) and a points
/// scorecard (as `credit train --scorecard`) are trained on a development sample (`developmentRows` loans of the
/// pre-shock population, seed `seed`); the base is a holdout of the same population (`baseRows`, seed + 1).
/// Each simulated month is `rows` new loans with its own seed: calm months from the same population, shocked
/// months with every loan after a `credit synth --shock` of size S (`SmallBorrowerGenerator.Configuration.shockSize`).
/// Every month is monitored against the base with `options` (the default family-wise policy unless changed), and
/// its overall light is counted. Each rate comes with its Clopper–Pearson interval (`clopperPearsonInterval`).
///
/// ```swift
/// var c = AlarmStudy.Configuration()
/// c.calmMonths = 100; c.shockedMonths = 40; c.monthRows = [2_000]; c.shockSizes = [1]
/// let cells = try AlarmStudy.run(c)   // one cell per model × rows × shock size (0 = calm)
/// ```
/// `credit monitor-study` runs it; notebooks-docs/monitoring.md shows the full-size table.
public enum AlarmStudy {
    /// The models of the study.
    public enum ModelKind: String, Sendable, Codable, CaseIterable {
        case logisticRegression = "logistic regression"
        case scorecard
    }

    public struct Configuration: Sendable {
        public var seed: UInt64 = 2026
        public var developmentRows = 20_000
        public var baseRows = 10_000
        /// Sizes of a simulated month.
        public var monthRows = [2_000]
        public var calmMonths = 100
        /// Shocked months per shock size and month size.
        public var shockedMonths = 40
        public var shockSizes = [1.0]
        public var models = ModelKind.allCases
        public var options = MonitorOptions()
        /// Level of the Clopper–Pearson intervals.
        public var confidenceLevel = 0.95
        public init() {}
    }

    /// The result for one model, month size and shock size (0 for calm months).
    public struct Cell: Sendable, Codable, Equatable {
        public let model: ModelKind
        public let rows: Int
        /// 0: calm months.
        public let shockSize: Double
        public let months: Int
        public let red: Int
        public let amber: Int
        /// red / months, and its Clopper–Pearson interval.
        public let redRate: Double
        public let redRateLower: Double
        public let redRateUpper: Double
    }

    /// The seed of simulated month i (0-based) of `rows` loans after a shock of size S (0 for a calm month):
    /// seed + 10⁸·rows + 10⁴·round(1000·S) + i + 1. It depends on the values, not on their place in the lists, so a
    /// cell gets the same months whether it is run alone or with others; the same months serve every model.
    public static func monthSeed(seed: UInt64, rows: Int, shockSize: Double, month: Int) -> UInt64 {
        seed &+ UInt64(rows) &* 100_000_000 &+ UInt64((1000 * shockSize).rounded()) &* 10_000 &+ UInt64(month + 1)
    }

    /// The most months of one cell (`monthSeed` keeps the cells' seeds apart up to this).
    public static let maxMonths = 9_999

    /// Loans of one seeded sample as a table (the applications CSV of `credit synth`, read as `credit` reads it).
    /// - Parameter shockSize: nil for the pre-shock population; else every loan is after a shock of this size.
    public static func sample(seed: UInt64, rows: Int, shockSize: Double?, source: String,
                              options: CSVOptions = CSVOptions()) throws -> Table {
        var config = SmallBorrowerGenerator.Configuration()
        config.seed = seed
        config.start = CivilDate(year: 2025, month: 1, day: 1)
        config.months = 12
        if let shockSize {
            config.shockDate = config.start
            config.shockSize = shockSize
        }
        var text = ""
        try SmallBorrowerGenerator(configuration: config).write(rows: rows, applications: { text += $0 })
        return try CSVReader.read(bytes: Array(text.utf8), source: source, options: options)
    }

    /// Columns that are not predictors: the loan id and the application date.
    static let excluded: Set<String> = ["loan_id", "application_date"]

    /// The model of `kind` trained on `table` (target `default`, bad 1) as `credit train` [--scorecard] would.
    public static func train(_ kind: ModelKind, on table: Table) throws -> CreditModel {
        let record = { (fit: LogisticRegressionResult) in
            TrainingRecord(inputFile: table.source, inputSHA256: "", rows: table.rowCount, rowsUsed: fit.observations,
                           bads: fit.events, toolVersion: ToolVersion.current, commandLine: [], seed: nil, date: "")
        }
        switch kind {
        case .logisticRegression:
            var request = LogisticRegressionRequest(target: "default", bad: "1")
            request.design.exclude = excluded
            let outcome = try request.run(on: table)
            return CreditModel(target: TargetSpec(column: "default", bad: "1"), schema: outcome.design.coding,
                               fit: outcome.result, training: record(outcome.result))
        case .scorecard:
            var request = ScorecardTrainingRequest(target: "default", bad: "1")
            request.binning.exclude = excluded
            let card = try request.run(on: table)
            return CreditModel(target: TargetSpec(column: "default", bad: "1"), scorecard: card.section, fit: card.fit,
                               training: record(card.fit))
        }
    }

    /// Runs the study. `progress` gets a line after each model's cell.
    /// - Throws: what training or monitoring throws (not expected on generated data).
    public static func run(_ c: Configuration, progress: ((String) -> Void)? = nil) throws -> [Cell] {
        let development = try sample(seed: c.seed, rows: c.developmentRows, shockSize: nil, source: "development")
        let models = try c.models.map { ($0, try train($0, on: development)) }
        var cells: [Cell] = []
        for (kind, model) in models {
            let reading = model.readingOptions(CSVOptions())
            let base = try sample(seed: c.seed &+ 1, rows: c.baseRows, shockSize: nil, source: "base", options: reading)
            for n in c.monthRows {
                let plan: [(Double, Int)] = [(0, c.calmMonths)] + c.shockSizes.map { ($0, c.shockedMonths) }
                for (size, months) in plan where months > 0 {
                    precondition(months <= maxMonths && size >= 0 && size <= SmallBorrowerGenerator.maxShockSize,
                                 "AlarmStudy: at most \(maxMonths) months a cell, shock sizes in 0…3")
                    var red = 0, amber = 0
                    for i in 0..<months {
                        let seed = monthSeed(seed: c.seed, rows: n, shockSize: size, month: i)
                        let recent = try sample(seed: seed, rows: n, shockSize: size == 0 ? nil : size, source: "month", options: reading)
                        let r = try Monitor.run(model: model, base: base, recent: recent, target: model.target, options: c.options)
                        if r.overall == .red { red += 1 } else if r.overall == .amber { amber += 1 }
                    }
                    let ci = clopperPearsonInterval(successes: red, trials: months, level: c.confidenceLevel)
                    let cell = Cell(model: kind, rows: n, shockSize: size, months: months, red: red, amber: amber,
                                    redRate: Double(red) / Double(months), redRateLower: ci.lower, redRateUpper: ci.upper)
                    cells.append(cell)
                    progress?("\(kind.rawValue), \(n) rows, shock \(size): \(red) of \(months) red")
                }
            }
        }
        return cells
    }
}
