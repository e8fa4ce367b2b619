import Foundation
import CreditExperiments

/// What `credit split` prints: the rule, then one row per part (file, rows, bads, goods, rows without an outcome,
/// bad rate; the first and last date of an out-of-time part) and the check rows in = the sum of the parts.
///
/// ```
/// split of loans.csv (5,000 rows): random, stratified by default = 1, 70% to development, seed 42
/// part         file      rows   bads  goods  no outcome  bad rate
/// development  dev.csv   3,500   ...
/// ```
/// JSON: the input, the rule, the parts and the files.
public struct SplitReport: Sendable {
    public var input: String
    public var split: DataSplit
    /// The file each part was written to (one file for all folds: every entry the same).
    public var files: [String]

    public init(input: String, split: DataSplit, files: [String]) {
        self.input = input; self.split = split; self.files = files
    }

    struct JSONForm: Encodable {
        var input: String
        var rows: Int
        var rule: String
        var seed: UInt64?
        var target: String?
        var bad: String?
        var parts: [Part]
        struct Part: Encodable {
            var name: String
            var file: String
            var rows: Int
            var bads: Int?
            var goods: Int?
            var withoutOutcome: Int?
            var badRate: Double?
            var first: String?
            var last: String?
        }
    }

    /// The rule in words.
    public var ruleDescription: String {
        let strata = split.target.map { "stratified by \($0.column) = \($0.bad)" } ?? "not stratified (no --target)"
        switch split.rule {
        case .random(let share, let seed):
            return "random, \(strata), \(NumberFormat.significant(100 * share, 6))% to development, seed \(seed)"
        case .outOfTime(let column, let before):
            return "out of time: \(column) before \(before) to development, on or after it to the holdout"
        case .folds(let k, let seed):
            return "\(k) folds, \(strata), seed \(seed)"
        }
    }

    /// Text (default), markdown, CSV or JSON, ending in a newline.
    public func render(_ format: OutputFormat) -> String {
        let total = split.assignment.count
        if format == .json {
            var seed: UInt64? = nil
            var rule = "random"
            switch split.rule {
            case .random(_, let s): seed = s
            case .folds(_, let s): seed = s; rule = "folds"
            case .outOfTime: rule = "out-of-time"
            }
            let parts = split.parts.enumerated().map { i, p in
                JSONForm.Part(name: p.name, file: files[min(i, files.count - 1)], rows: p.rows, bads: p.bads, goods: p.goods,
                              withoutOutcome: p.unknown, badRate: p.badRate, first: p.first, last: p.last)
            }
            return JSONOutput.encode(JSONForm(input: input, rows: total, rule: rule, seed: seed, target: split.target?.column,
                                              bad: split.target?.bad, parts: parts))
                .trimmingCharacters(in: .newlines) + "\n"
        }
        var columns: [TextTable.Column] = [.init("part"), .init("file"), .init("rows", alignRight: true)]
        let outcomes = split.target != nil
        let dated: Bool = { if case .outOfTime = split.rule { return true } else { return false } }()
        if outcomes {
            columns += [.init("bads", alignRight: true), .init("goods", alignRight: true),
                        .init("no outcome", alignRight: true), .init("bad rate", alignRight: true)]
        }
        if dated { columns += [.init("first"), .init("last")] }
        var table = TextTable(columns: columns)
        for (i, p) in split.parts.enumerated() {
            var row = [p.name, files[min(i, files.count - 1)], NumberFormat.count(p.rows)]
            if outcomes {
                row += [NumberFormat.count(p.bads ?? 0), NumberFormat.count(p.goods ?? 0), NumberFormat.count(p.unknown ?? 0),
                        p.badRate.map { NumberFormat.fixed($0, 4) } ?? "-"]
            }
            if dated { row += [p.first ?? "-", p.last ?? "-"] }
            table.append(row)
        }
        if format == .csv { return table.render(.csv) }
        let heading = "split of \(TerminalText.escaped(input)) (\(NumberFormat.count(total)) rows): \(TerminalText.escaped(ruleDescription))"
        let check = "rows in \(NumberFormat.count(total)) = " + split.parts.map { NumberFormat.count($0.rows) }.joined(separator: " + ")
        if format == .markdown {
            return heading + "\n\n" + table.render(.markdown) + "\n" + check + "\n"
        }
        return heading + "\n" + table.render(.text) + check + "\n"
    }
}
