import Foundation
import CreditEngines
import CreditRegression
import CreditTabular

/// Training where the data lives: a logistic regression fitted on a table inside a SQL engine (SQLite,
/// PostgreSQL), with every pass over the rows pushed into the engine as one aggregate query and only the
/// sufficient statistics brought back; the algebra (Cholesky, inference) is done here, by the same Newton code as
/// the out-of-core fit (`StreamingLogisticRegression`).
///
/// The design is the one `Design.build` makes from the same rows read from a CSV:
/// - column kinds: a column is numeric when every value that is not missing is a number, read with the SQL
///   export's conversions (a number column as it is; text that is a decimal number converted; the reader's
///   missing tokens — empty, `NA`, `NULL`, … — missing), so a typed table and a table of text made by
///   `sqlite3 .import` read alike; otherwise categorical, its text as stored (not trimmed);
/// - the target as `BinaryTarget` reads it, with the same checks in the same order (no known value, one value,
///   more than two or no bad value); listwise deletion of rows missing the target or any predictor; constant
///   columns left out; levels over the usable rows in Unicode-scalar order, the first the reference unless
///   `--reference` names one; the same magnitude, level-count and reference checks, in table order.
///
/// Each Newton step is one statement (`sumsQuery`), split into several when the number of sums exceeds the
/// engine's result-column limit (p(p+1)/2 + p + 5 sums): over the usable rows, with β as bound parameters,
/// η = x'β, the kernel's formulas (`credit_logistic_rows`): a = e^(−|η|), π and 1 − π from a without
/// cancellation, ℓ = yη − max(η, 0) − ln(1 + a), w = π(1 − π), r = y − π; sums of ℓ, max |r|, the counts of
/// |r| below 1e-6 and 1e-10, X'r and the lower triangle of X'WX (X'X in the first pass). Sums are added by the
/// engine in its own order, so estimates agree with the in-memory fit to rounding (about 1e-12 relative on
/// well-conditioned data; `ln(1 + a)` instead of `log1p(a)` changes ℓ by under 1e-16 per row).
///
/// Not available from an engine yet: Firth, penalties, weights, selection, cross-validation, the collinearity
/// diagnostics, marginal effects, the missing-indicator coding (`invalidOption`), scorecards and binning; the
/// Hosmer–Lemeshow test is not computed (it needs every fitted value sorted).
///
/// Peers: Apache MADlib's `logregr_train` (IRLS inside PostgreSQL), Spark MLlib's
/// `GeneralizedLinearRegression` (IRLS with standard errors).
public struct EngineTraining {
    public var table: EngineTable

    public init(table: EngineTable) { self.table = table }

    /// Fits a plain maximum-likelihood logistic regression (with prior correction when
    /// `request.fit.populationBadRate` is set).
    /// - Parameter progress: notes ("checking columns", "Newton step 3").
    /// - Throws: `RegressionError` (the design's and the fit's, as in memory; `.invalidOption` for what is not
    ///   available from an engine), `EngineError` (the engine's own message).
    public func fit(_ request: LogisticRegressionRequest, progress: ((String) -> Void)? = nil) throws -> EngineFit {
        if let missing = request.unavailableOutOfCore { throw RegressionError.invalidOption("\(missing) is not available with --db yet") }
        if request.design.missing != .drop {
            throw RegressionError.invalidOption("the missing-indicator coding is not available with --db yet")
        }
        let options = request.design
        progress?("reading the columns of \(table.name)")
        let header = try table.columnNames()
        guard header.contains(options.target) else { throw RegressionError.missingColumn(options.target) }
        for name in options.exclude.sorted() where !header.contains(name) { throw RegressionError.missingColumn(name) }
        let predictorNames = header.filter { $0 != options.target && !options.exclude.contains($0) }
        let names = [options.target] + predictorNames
        let quoted = try names.map { try table.column($0) }

        // Column kinds, rows, bads among known targets: one pass (split if needed).
        let reading = table.reading
        var kinds: [String] = ["COUNT(*)"]
        kinds += quoted.map { "SUM(\(reading.notANumber($0)))" }
        let kindRow = try aggregate(kinds, from: table.from(), what: "the column kinds")
        let rowsInTable = Int(kindRow[0] ?? 0)
        let numeric = (0..<names.count).map { (kindRow[$0 + 1] ?? 0) == 0 }
        let t = quoted[0]
        let tMissing = table.missing(t, numeric: numeric[0])

        // The target (`BinaryTarget`): a number column compares numerically with `bad` read as a number; a text
        // column compares its text exactly.
        let badNumber = Double(options.badValue.trimmingCharacters(in: .whitespaces))
        let y: String
        var parameters: [EngineParameter] = []
        if numeric[0] {
            if let badNumber {
                parameters.append(.double(badNumber))
                y = "CASE WHEN (\(reading.number(t))) = \(table.connection.placeholder(parameters.count)) THEN 1 ELSE 0 END"
            } else {
                y = "0"
            }
        } else {
            parameters.append(.text(options.badValue))
            y = "CASE WHEN \(table.text(t)) = \(table.connection.placeholder(parameters.count)) THEN 1 ELSE 0 END"
        }
        let targetParameters = parameters
        // Distinct known target values (the first six in order) and whether any is bad.
        let valueSQL = numeric[0] ? "(\(reading.number(t)))" : table.text(t) + table.scalarOrder
        let distinctRows = try table.query("SELECT DISTINCT \(valueSQL) AS v \(table.from(["NOT \(tMissing)"])) ORDER BY 1 LIMIT 6").rows
        let distinct: [String] = distinctRows.compactMap { row in
            numeric[0] ? row[0].number.map(formatNumber) : row[0].text
        }
        let anyBad = try aggregate(["SUM(\(y))"], from: table.from(["NOT \(tMissing)"]), parameters: targetParameters,
                                   what: "the bad rows")[0].map { $0 > 0 } ?? false
        if distinct.isEmpty { throw RegressionError.noUsableRows }
        if distinct.count == 1 { throw RegressionError.singleClass(column: options.target, value: distinct[0]) }
        if distinct.count > 2 || !anyBad {
            throw RegressionError.targetNotBinary(column: options.target, values: Array(distinct.prefix(5)) + (distinct.count > 5 ? ["…"] : []))
        }
        for (column, _) in options.referenceLevels.sorted(by: { $0.key < $1.key }) {
            guard let j = names.firstIndex(of: column) else { throw RegressionError.missingColumn(column) }
            if numeric[j] { throw RegressionError.columnTypeMismatch(column: column, expected: "categorical to have a reference level") }
        }

        // Listwise deletion: rows by their first missing column (the target first).
        progress?("checking \(rowsInTable) rows")
        let missingTests = (0..<names.count).map { table.missing(quoted[$0], numeric: numeric[$0]) }
        let firstMissing = "CASE " + missingTests.enumerated().map { "WHEN \($1) THEN \($0)" }.joined(separator: " ") + " ELSE -1 END"
        let groups = try table.query("SELECT k, COUNT(*), SUM(y) FROM (SELECT \(firstMissing) AS k, \(y) AS y \(table.from())) AS \(try table.column("_credit_rows")) GROUP BY k",
                                     targetParameters).rows
        var dropped: [String: Int] = [:]
        var kept = 0, bads = 0
        for row in groups {
            guard let k = row[0].number.map({ Int($0) }), let count = row[1].number else { continue }
            if k < 0 { kept = Int(count); bads = Int(row[2].number ?? 0) } else { dropped[names[k], default: 0] += Int(count) }
        }
        guard kept > 0 else { throw RegressionError.noUsableRows }
        if bads == 0 || bads == kept {
            let value = bads == 0 ? distinct.first { $0 != options.badValue } ?? distinct[0] : options.badValue
            throw RegressionError.singleClass(column: options.target, value: value)
        }
        let usable = missingTests.map { "NOT \($0)" }

        // Numeric predictors over the usable rows: constant? largest magnitude? (one statement)
        let numericColumns = (1..<names.count).filter { numeric[$0] }
        var summaries: [Int: (min: Double, max: Double, largest: Double)] = [:]
        if !numericColumns.isEmpty {
            var sums: [String] = []
            for j in numericColumns {
                let x = "(\(reading.number(quoted[j])))"
                sums += ["MIN(\(x))", "MAX(\(x))", "MAX(ABS(\(x)))"]
            }
            let row = try aggregate(sums, from: table.from(usable), what: "the numeric columns' ranges")
            for (k, j) in numericColumns.enumerated() {
                guard let lo = row[3 * k], let hi = row[3 * k + 1], let largest = row[3 * k + 2] else {
                    throw EngineError.nullResult("the range of \(names[j])")
                }
                summaries[j] = (lo, hi, largest)
            }
        }

        // Predictor kinds, levels over the usable rows, constant columns: Design.build's checks in its order.
        var predictors: [Predictor] = []
        var constant: [String] = []
        for j in 1..<names.count {
            let name = names[j]
            if numeric[j] {
                let s = summaries[j]!
                if options.intercept && s.min == s.max { constant.append(name); continue }
                if s.largest > 0 && !Design.magnitudeRange.contains(s.largest) {
                    throw RegressionError.extremeMagnitude(column: name, largest: s.largest)
                }
                predictors.append(Predictor(name: name, kind: .numeric))
            } else {
                let c = quoted[j]
                let rows = try table.query("SELECT DISTINCT \(table.text(c)) \(table.from(usable)) LIMIT \(options.maxLevels + 1)").rows
                if rows.count > options.maxLevels {
                    let count = try aggregate(["COUNT(DISTINCT \(table.text(c)))"], from: table.from(usable), what: "the levels of \(name)")[0] ?? 0
                    throw RegressionError.tooManyLevels(column: name, levels: Int(count), limit: options.maxLevels)
                }
                let levels = rows.compactMap { $0[0].text }.sorted(by: unicodeScalarOrder)
                if levels.isEmpty { if options.intercept { constant.append(name) }; continue }
                let reference = options.referenceLevels[name] ?? levels[0]
                guard levels.contains(reference) else {
                    throw RegressionError.unknownLevel(column: name, level: reference, levels: levels)
                }
                if options.intercept && levels.count == 1 { constant.append(name); continue }
                predictors.append(Predictor(name: name, kind: .categorical(levels: levels, reference: reference)))
            }
        }
        let coding = DesignCoding(intercept: options.intercept, predictors: predictors)

        // The design columns as SQL (nil: the intercept's 1), level texts as bound parameters.
        var columns: [String?] = []
        if coding.intercept { columns.append(nil) }
        for p in predictors {
            let c = quoted[names.firstIndex(of: p.name)!]
            switch p.kind {
            case .numeric: columns.append("(\(reading.number(c)))")
            case .categorical(let levels, let reference):
                for level in levels where level != reference {
                    parameters.append(.text(level))
                    columns.append("CASE WHEN \(table.text(c)) = \(table.connection.placeholder(parameters.count)) THEN 1 ELSE 0 END")
                }
            }
        }
        precondition(columns.count == coding.terms.count, "EngineTraining: term count mismatch")
        let sums = SumsQuery(table: table, y: y, columns: columns, usable: usable, fixedParameters: parameters)

        let solver = StreamingLogisticRegression(options: request.fit)
        let result = try solver.fit(coding: coding, rowsUsed: kept, events: bads, constantColumns: constant,
                                    progress: { progress?("fitting on \(kept) rows: Newton step \($0)") }) { beta, unweighted in
            try sums.run(beta: beta, unweighted: unweighted)
        }
        let source = EngineSource(url: table.connection.url.description, table: table.name, predicate: table.predicate, rows: rowsInTable)
        return EngineFit(source: source, target: options.target, bad: options.badValue, coding: coding, rowsInTable: rowsInTable,
                         droppedByColumn: dropped, constantColumns: constant, result: result)
    }

    /// One row of aggregates as numbers (nil for NULL), split into statements of at most the engine's
    /// result-column limit.
    func aggregate(_ expressions: [String], from: String, parameters: [EngineParameter] = [], what: String) throws -> [Double?] {
        var out: [Double?] = []
        let limit = table.connection.maxResultColumns
        var start = 0
        while start < expressions.count {
            let part = expressions[start..<min(expressions.count, start + limit)]
            let used = parameters.isEmpty ? [] : parameters
            let row = try table.query("SELECT " + part.joined(separator: ", ") + " " + from, used).rows.first
            guard let row else { throw EngineError.nullResult(what) }
            out += row.map(\.number)
            start += limit
        }
        return out
    }
}

/// The aggregate statement(s) of one Newton pass.
struct SumsQuery {
    let table: EngineTable
    /// 1 bad, 0 good.
    let y: String
    /// Design columns (nil = the intercept's constant 1).
    let columns: [String?]
    /// Conditions that keep the usable rows.
    let usable: [String]
    /// Parameters of `y` and the columns; β follows them.
    let fixedParameters: [EngineParameter]

    /// The statements: each selects some of the sums from the same row-wise subquery.
    func statements(unweighted: Bool) -> [(sql: String, sums: [String])] {
        let p = columns.count
        let c = table.connection
        let x = (0..<p).map { "x\($0)" }
        func product(_ parts: [String?]) -> String {
            let factors = parts.compactMap { $0 }
            return factors.isEmpty ? "1" : factors.joined(separator: " * ")
        }
        let xs: [String?] = (0..<p).map { columns[$0] == nil ? nil : x[$0] }
        let eta = (0..<p).map { j in
            let b = c.placeholder(fixedParameters.count + j + 1)
            return xs[j].map { "\(b) * \($0)" } ?? b
        }.joined(separator: " + ")
        let one = table.literal(1)
        // Row level: the design (inner), η, a = e^(−|η|) (0 beyond |η| > 700, where PostgreSQL's exp underflows
        // to an error), then π, 1 − π, ℓ, w and r as the C kernel computes them.
        let coded = "SELECT \(y) AS y" + (0..<p).compactMap { j in columns[j].map { ", \($0) AS \(x[j])" } }.joined()
            + " " + table.from(usable)
        let xList = (0..<p).compactMap { xs[$0] }.map { ", " + $0 }.joined()
        let withEta = "SELECT y\(xList), \(eta) AS eta FROM (\(coded)\(table.fence)) AS c1"
        let withA = "SELECT y\(xList), eta, CASE WHEN ABS(eta) > 700 THEN 0 ELSE EXP(-ABS(eta)) END AS a FROM (\(withEta)\(table.fence)) AS c2"
        let withPi = "SELECT y\(xList), CASE WHEN eta >= 0 THEN \(one) / (\(one) + a) ELSE a / (\(one) + a) END AS pi,"
            + " CASE WHEN eta >= 0 THEN a / (\(one) + a) ELSE \(one) / (\(one) + a) END AS q,"
            + " (y * eta - CASE WHEN eta > 0 THEN eta ELSE 0 END) - LN(\(one) + a) AS ll FROM (\(withA)\(table.fence)) AS c3"
        let rows = "SELECT y\(xList), ll, pi * q AS w, CASE WHEN y > 0 THEN q ELSE -pi END AS r FROM (\(withPi)\(table.fence)) AS c4"
        var sums = ["COUNT(*)", "SUM(ll)", "MAX(ABS(r))",
                    "SUM(CASE WHEN ABS(r) < \(table.literal(1e-6)) THEN 1 ELSE 0 END)",
                    "SUM(CASE WHEN ABS(r) < \(table.literal(1e-10)) THEN 1 ELSE 0 END)"]
        sums += (0..<p).map { "SUM(\(product(["r", xs[$0]])))" }
        for j in 0..<p { for k in j..<p { sums.append("SUM(\(product([unweighted ? nil : "w", xs[j], xs[k]])))") } }
        var out: [(String, [String])] = []
        var start = 0
        while start < sums.count {
            let part = Array(sums[start..<min(sums.count, start + c.maxResultColumns)])
            out.append(("SELECT " + part.joined(separator: ", ") + " FROM (\(rows)\(table.fence)) AS c5", part))
            start += c.maxResultColumns
        }
        return out
    }

    /// The sums at β.
    func run(beta: [Double], unweighted: Bool) throws -> StreamingLogisticRegression.PassSums {
        let parameters = fixedParameters + beta.map { EngineParameter.double($0) }
        var values: [Double] = []
        for statement in statements(unweighted: unweighted) {
            let row = try table.query(statement.sql, parameters).rows.first ?? []
            for (k, v) in row.enumerated() {
                guard let number = v.number else { throw EngineError.nullResult(statement.sums[k]) }
                values.append(number)
            }
        }
        let p = columns.count
        guard values.count == 5 + p + p * (p + 1) / 2 else { throw EngineError.nullResult("the Newton sums") }
        var information = [Double](repeating: 0, count: p * p)
        var k = 5 + p
        for j in 0..<p { for i in j..<p { information[j * p + i] = values[k]; information[i * p + j] = values[k]; k += 1 } }
        return StreamingLogisticRegression.PassSums(logLikelihood: values[1], maxResidual: values[2], exact6: Int(values[3]),
                                                    exact10: Int(values[4]), gradient: Array(values[5..<(5 + p)]),
                                                    information: information)
    }
}

/// Where a model trained in an engine came from (the model file's `training.source`): the URL (never with a
/// password), the table, the predicate and the rows it kept.
public struct EngineSource: Sendable, Codable, Equatable {
    public var url: String
    public var table: String
    public var predicate: String?
    /// Rows of the table the predicate kept (before listwise deletion).
    public var rows: Int
    public init(url: String, table: String, predicate: String?, rows: Int) {
        self.url = url; self.table = table; self.predicate = predicate; self.rows = rows
    }
}

/// A logistic regression fitted inside an engine.
public struct EngineFit: Sendable {
    public let source: EngineSource
    public let target: String
    public let bad: String
    public let coding: DesignCoding
    /// Rows the predicate kept.
    public let rowsInTable: Int
    /// Rows left out, by the first column in which they miss a value (the target first).
    public let droppedByColumn: [String: Int]
    public var rowsDropped: Int { droppedByColumn.values.reduce(0, +) }
    public let constantColumns: [String]
    public let result: LogisticRegressionResult
}

extension ModelTraining {
    /// The model file of a logistic regression fitted in an engine: the training record names the table and
    /// keeps its source (`TrainingRecord.source`); there is no file to fingerprint.
    public func model(for fit: EngineFit) -> CreditModel {
        var record = TrainingRecord(inputFile: "\(fit.source.table) in \(fit.source.url)", inputSHA256: "", rows: fit.rowsInTable,
                                    rowsUsed: fit.result.observations, bads: fit.result.events, toolVersion: ToolVersion.current,
                                    commandLine: commandLine, seed: nil, date: TrainingRecord.date(environment: environment))
        record.source = fit.source
        return CreditModel(target: TargetSpec(column: fit.target, bad: fit.bad), schema: fit.coding, fit: fit.result, training: record)
    }
}
