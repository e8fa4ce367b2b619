import Foundation
import CreditRegression
import CreditTabular

/// Why a table cannot be evaluated against a model's outcomes.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The table has no column `column`, the model's target: there are no outcomes to evaluate against.
    case missingTargetColumn(source: String, column: String)
    /// The table lacks columns the caller named (grades, the target or scores of a comparison), in the order named.
    case missingColumns(source: String, header: [String], columns: [String])
    /// The target has more than two values, so bad and good cannot be told apart without guessing which value
    /// is good (the model records only its bad value). `values`: the first five, sorted; `distinct`: how many.
    case targetNotBinary(source: String, column: String, bad: String, values: [String], distinct: Int)
    /// The model named `model` (as given) cannot score the table: it lacks these columns of the model.
    case modelMissingColumns(source: String, model: String, columns: [String])
    /// A score column holds text.
    case scoreColumnNotNumeric(source: String, column: String)
    /// No row has both a PD and a target.
    case noUsableRows(source: String, rejectedByModel: Int, missingTarget: Int)
    /// No row has a target and every compared score.
    case noComparableRows(source: String)

    public var description: String {
        switch self {
        case .missingTargetColumn(let source, let column):
            return "\(source) has no column '\(column)', the model's target; evaluation needs outcomes"
        case .missingColumns(let source, let header, let columns):
            return "\(source): no column\(columns.count == 1 ? "" : "s") " + columns.map { "'\($0)'" }.joined(separator: ", ")
                + "; columns are: " + header.prefix(30).joined(separator: ", ") + (header.count > 30 ? ", …" : "")
        case .targetNotBinary(let source, let column, let bad, let values, let distinct):
            return "\(source): target '\(column)' has more than two values (\(values.joined(separator: ", "))\(distinct > values.count ? ", …" : "")); evaluation needs the bad value '\(bad)' and one good value"
        case .modelMissingColumns(let source, let model, let columns):
            return "\(source): the model \(model) needs column\(columns.count == 1 ? "" : "s") "
                + columns.map { "'\($0)'" }.joined(separator: ", ") + ", not in this file"
        case .scoreColumnNotNumeric(let source, let column):
            return "\(source): score column '\(column)' is not numeric"
        case .noUsableRows(let source, let rejected, let missing):
            return "\(source): no row has both a PD and a target (rejected by the model \(rejected), target missing \(missing))"
        case .noComparableRows(let source):
            return "\(source): no row has a target and every compared score"
        }
    }
}

/// The rows of a table with both a model PD and an outcome, as a validation evaluates them: rows the model
/// rejects (missing or unseen values) and rows with a missing target are left out and counted.
///
/// The target is the model's (`CreditModel.target`) unless the caller names another: a row is bad when its target holds the model's bad value
/// (`Column.holds(_:row:)`: the same text, or the same number), good when it holds another value, and left out
/// when it is missing. The target must have at most two values.
///
/// ```swift
/// let sample = try EvaluationSample(model: model, table: holdout)
/// let outcomes = try ScoredOutcomes(scores: sample.scores, isBad: sample.isBad)   // CreditMetrics
/// ```
public struct EvaluationSample: Sendable {
    /// Every table row scored (`CreditModel.score(_:)`).
    public let outcome: ScoringOutcome
    /// The PD of each kept row.
    public private(set) var scores: [Double] = []
    /// Whether each kept row is bad.
    public private(set) var isBad: [Bool] = []
    /// The table row of each kept row.
    public private(set) var rows: [Int] = []
    /// Rows the model rejected.
    public private(set) var rejectedByModel = 0
    /// Scored rows left out for a missing target.
    public private(set) var missingTarget = 0
    /// With a grade column: each kept row's grade ("(missing)" for a missing one); nil without a grade column or
    /// when the column is numeric.
    public private(set) var grades: [String]? = nil

    /// A score column read with `higherIsSafer` (`init(table:scoreColumn:…)`): its values on the kept rows,
    /// not negated; nil otherwise.
    public private(set) var columnPoints: [Double]? = nil
    /// The score column this sample was read from (`init(table:scoreColumn:…)`); nil for a model's PDs.
    public private(set) var scoreColumn: String? = nil

    /// Scorecard models: the score (total points) of each kept row; a higher-is-safer score column: its values;
    /// nil otherwise.
    public var points: [Double]? {
        if let columnPoints { return columnPoints }
        guard let cards = outcome.scorecardRows else { return nil }
        let points = rows.compactMap { cards[$0].map { Double($0.score) } }
        return points.count == rows.count ? points : nil
    }

    /// Scores `table` with `model` and keeps the rows with a PD and a target.
    ///
    /// - Parameters:
    ///   - gradeColumn: a column of rating grades to carry along (`grades`).
    ///   - target: the outcome column and its bad value, overriding the model's (`CreditModel.target`), e.g. an
    ///     out-of-time file whose outcome column has another name; nil reads the model's.
    /// - Throws, in this order: `EvaluationError.missingTargetColumn`, `.missingColumns` (the grade column),
    ///   `.targetNotBinary`;
    ///   `ScoringError.missingColumns` (every model column the table lacks) or `RegressionError.columnTypeMismatch`;
    ///   `EvaluationError.noUsableRows`.
    public init(model: CreditModel, table: Table, gradeColumn: String? = nil, target spec: TargetSpec? = nil) throws {
        let spec = spec ?? model.target
        guard let target = table[spec.column] else {
            throw EvaluationError.missingTargetColumn(source: table.source, column: spec.column)
        }
        if let gradeColumn, table.columnIndex(named: gradeColumn) == nil {
            throw EvaluationError.missingColumns(source: table.source, header: table.columnNames, columns: [gradeColumn])
        }
        try Self.requireTwoValues(target, name: spec.column, bad: spec.bad, source: table.source)
        outcome = try model.scoreNamingMissingColumns(table)
        for row in 0..<table.rowCount {
            if outcome.probabilities[row].isNaN { rejectedByModel += 1; continue }
            guard let b = target.holds(spec.bad, row: row) else { missingTarget += 1; continue }
            scores.append(outcome.probabilities[row]); isBad.append(b); rows.append(row)
        }
        guard !scores.isEmpty else {
            throw EvaluationError.noUsableRows(source: table.source, rejectedByModel: rejectedByModel, missingTarget: missingTarget)
        }
        if let gradeColumn, case .categorical(let c)? = table[gradeColumn] {
            grades = rows.map { c[$0] ?? "(missing)" }
        }
    }

    /// The rows of `table` with a value in `scoreColumn` and an outcome: a score computed elsewhere (a vendor's
    /// PD, another tool's model), evaluated as `validate` evaluates a model's PDs.
    ///
    /// Rows with a missing score are left out and counted in `rejectedByModel` (no PD, as a row a model
    /// rejects); rows with a missing target in `missingTarget`. With `higherIsSafer` (scorecard points) the
    /// scores are negated, so higher = riskier as everywhere in CreditMetrics, and `points` holds the values as
    /// read; such a score is not a probability, so an `Evaluation` of it has discrimination only.
    ///
    /// - Throws, in this order: `EvaluationError.missingColumns` (the target, score and grade columns the table
    ///   lacks), `.scoreColumnNotNumeric`, `.targetNotBinary`, `.noUsableRows`.
    public init(table: Table, scoreColumn: String, target spec: TargetSpec, higherIsSafer: Bool = false,
                gradeColumn: String? = nil) throws {
        let absent = ([spec.column, scoreColumn] + (gradeColumn.map { [$0] } ?? [])).filter { table.columnIndex(named: $0) == nil }
        if !absent.isEmpty {
            throw EvaluationError.missingColumns(source: table.source, header: table.columnNames, columns: absent)
        }
        guard case .numeric(let values) = table[scoreColumn]! else {
            throw EvaluationError.scoreColumnNotNumeric(source: table.source, column: scoreColumn)
        }
        let target = table[spec.column]!
        try Self.requireTwoValues(target, name: spec.column, bad: spec.bad, source: table.source)
        let missing = values.filter(\.isNaN).count
        outcome = ScoringOutcome(probabilities: values, rejects: [],
                                 summary: ScoringSummary(rowsIn: values.count, rowsScored: values.count - missing, rowsRejected: missing,
                                                         rejectedByReason: missing > 0 ? ["missing value in \(scoreColumn)": missing] : [:]))
        self.scoreColumn = scoreColumn
        var points: [Double] = []
        for row in 0..<table.rowCount {
            if values[row].isNaN { rejectedByModel += 1; continue }
            guard let b = target.holds(spec.bad, row: row) else { missingTarget += 1; continue }
            scores.append(higherIsSafer ? -values[row] : values[row]); isBad.append(b); rows.append(row)
            points.append(values[row])
        }
        guard !scores.isEmpty else {
            throw EvaluationError.noUsableRows(source: table.source, rejectedByModel: rejectedByModel, missingTarget: missingTarget)
        }
        if higherIsSafer { columnPoints = points }
        if let gradeColumn, case .categorical(let c)? = table[gradeColumn] {
            grades = rows.map { c[$0] ?? "(missing)" }
        }
    }

    /// Throws `.targetNotBinary` when `column` holds more than two distinct values.
    static func requireTwoValues(_ column: Column, name: String, bad: String, source: String) throws {
        var values: [String] = []
        let distinct: Int
        switch column {
        case .numeric(let v):
            let set = Set(v.filter { !$0.isNaN })
            if set.count <= 2 { return }
            distinct = set.count
            values = set.sorted().prefix(5).map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" }
        case .categorical(let c):
            let used = Set(c.codes.filter { $0 >= 0 })
            if used.count <= 2 { return }
            distinct = used.count
            values = used.sorted().prefix(5).map { c.levels[Int($0)] }
        }
        throw EvaluationError.targetNotBinary(source: source, column: name, bad: bad, values: values, distinct: distinct)
    }
}

/// The rows on which several scores can be compared pairwise: rows with a target and every score (a PD from
/// each model, a number in each score column). Rows without are left out and counted, so paired tests stay
/// paired.
///
/// ```swift
/// let sample = try ComparisonSample(table: holdout, target: TargetSpec(column: "default", bad: "1"),
///                                   scoreColumns: ["pd_vendor"], models: [("ours", model)])
/// let comparison = try Comparison(names: sample.names, scores: sample.scores, isBad: sample.isBad)  // CreditMetrics
/// ```
public struct ComparisonSample: Sendable {
    /// Score names: the score columns, then the models' names.
    public let names: [String]
    /// Per score, its value on each kept row (higher = riskier).
    public let scores: [[Double]]
    /// Whether each kept row is bad.
    public let isBad: [Bool]
    /// Rows in the table.
    public let rowsIn: Int
    /// Rows left out (missing target, missing score, or rejected by a model).
    public var rowsExcluded: Int { rowsIn - isBad.count }

    /// - Parameters:
    ///   - target: the outcome column and its bad value (a row is bad when `Column.holds(_:row:)` the value).
    ///   - scoreColumns: numeric columns of scores, higher = riskier unless `negateScoreColumns` (e.g.
    ///     scorecard points, higher = safer), which negates them.
    ///   - models: models to score the table with, each under its name (their PDs are higher = riskier).
    /// - Throws, in this order: `EvaluationError.missingColumns` (the target and score columns the table lacks),
    ///   `.scoreColumnNotNumeric`; for each model in turn, `.modelMissingColumns` (every column of it the table
    ///   lacks) or `RegressionError.columnTypeMismatch`; `.noComparableRows`.
    public init(table: Table, target: TargetSpec, scoreColumns: [String], negateScoreColumns: Bool = false,
                models: [(name: String, model: CreditModel)] = []) throws {
        let absent = ([target.column] + scoreColumns).filter { table.columnIndex(named: $0) == nil }
        if !absent.isEmpty {
            throw EvaluationError.missingColumns(source: table.source, header: table.columnNames, columns: absent)
        }
        var names: [String] = [], vectors: [[Double]] = []
        for column in scoreColumns {
            guard case .numeric(let values) = table[column]! else {
                throw EvaluationError.scoreColumnNotNumeric(source: table.source, column: column)
            }
            names.append(column)
            vectors.append(negateScoreColumns ? values.map { -$0 } : values)
        }
        for (name, model) in models {
            names.append(name)
            do {
                vectors.append(try model.scoreNamingMissingColumns(table).probabilities)
            } catch ScoringError.missingColumns(_, _, let columns, _) {
                throw EvaluationError.modelMissingColumns(source: table.source, model: name, columns: columns)
            }
        }
        let targetColumn = table[target.column]!
        var keep: [Int] = [], isBad: [Bool] = []
        for row in 0..<table.rowCount {
            guard let b = targetColumn.holds(target.bad, row: row), vectors.allSatisfy({ !$0[row].isNaN }) else { continue }
            keep.append(row); isBad.append(b)
        }
        guard !keep.isEmpty else {
            throw EvaluationError.noComparableRows(source: table.source)
        }
        self.names = names
        self.scores = vectors.map { v in keep.map { v[$0] } }
        self.isBad = isBad
        self.rowsIn = table.rowCount
    }
}

extension CreditModel {
    /// `score(_:)`, with a missing column reported as `ScoringError.missingColumns` naming every model column the
    /// table lacks (not only the first).
    func scoreNamingMissingColumns(_ table: Table) throws -> ScoringOutcome {
        do {
            return try score(table)
        } catch RegressionError.missingColumn(let name) {
            let needed = missingInputs(header: table.columnNames)
            throw ScoringError.missingColumns(source: table.source, header: table.columnNames,
                                              modelInputs: needed.isEmpty ? [name] : needed, layoutColumns: [])
        }
    }
}

extension ComparisonSample {
    /// The names under which models read from `paths` are compared: each file's stem ("out/a.json" → "a"), or its
    /// path as given when its stem is also one of `scoreColumns`, and every path as given when two stems are
    /// equal, so that no two scores of the comparison share a name.
    ///
    /// ```swift
    /// ComparisonSample.modelNames(paths: ["out/a.json", "out/b.json"], scoreColumns: ["pd"])   // ["a", "b"]
    /// ComparisonSample.modelNames(paths: ["v1/m.json", "v2/m.json"], scoreColumns: [])         // the paths
    /// ```
    public static func modelNames(paths: [String], scoreColumns: [String]) -> [String] {
        let stems = paths.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        let unique = Set(stems).count == stems.count
        return paths.indices.map { k in unique && !scoreColumns.contains(stems[k]) ? stems[k] : paths[k] }
    }
}
