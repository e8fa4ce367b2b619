/// Something the reader decided that a user may not expect: not an error, worth one line on standard error.
///
/// Returned in `Table.notes` (`CSVReader`) and `ColumnarCache.notes`; the CLI prints each as
/// `credit: note: <description>`.
public struct CSVNote: Sendable, Equatable, CustomStringConvertible {
    /// A value that is not a number, in a column that is otherwise numbers.
    public struct TextValue: Sendable, Equatable {
        /// The text, trimmed of surrounding spaces (as missing tokens are matched).
        public var text: String
        /// Rows that hold it.
        public var count: Int
        /// The physical lines of its first rows (at most `CSVNote.linesShown`).
        public var lines: [Int]
        public init(text: String, count: Int, lines: [Int]) { self.text = text; self.count = count; self.lines = lines }
    }

    public enum Kind: Sendable, Equatable {
        /// An inferred column read as categorical because of a few values that are not numbers (see
        /// `CSVNote.textInNumbers`): `values` in order of first appearance, `numbers` the count of values that
        /// are numbers.
        case categoricalBecauseOfText(column: String, values: [TextValue], numbers: Int)
    }

    public var source: String
    public var kind: Kind

    public init(source: String, kind: Kind) { self.source = source; self.kind = kind }

    /// At most this many distinct texts make "a few" (with `fewShare`).
    package static let fewDistinct = 5
    /// At most this share of a column's non-missing values make "a few" (with `fewDistinct`).
    package static let fewShare = 0.1
    /// Lines shown per text value.
    package static let linesShown = 3

    /// What was decided and why: `age: read as categorical because of 'unknown' (lines 12, 40) — 2 of 1000 values`
    /// (without the source).
    public var problem: String {
        switch kind {
        case .categoricalBecauseOfText(_, let values, let numbers):
            let listed = values.map { v -> String in
                let lines = v.lines.map(String.init).joined(separator: ", ") + (v.count > v.lines.count ? ", …" : "")
                return "'\(v.text)' (line\(v.lines.count > 1 ? "s" : "") \(lines))"
            }.joined(separator: ", ")
            let texts = values.reduce(0) { $0 + $1.count }
            return "read as categorical because of \(listed) — \(texts) of \(texts + numbers) values"
        }
    }

    /// `data.csv: age: read as categorical because of 'unknown' (lines 12, 40) — 2 of 1000 values; add 'unknown'
    /// to the missing tokens (CSVOptions.missingTokens) if it means missing, or read age as categorical
    /// (CSVOptions.columnTypes) to keep it as text`
    public var description: String {
        switch kind {
        case .categoricalBecauseOfText(let column, let values, _):
            let one = values.count == 1
            let tokens = values.map { "'\($0.text)'" }.joined(separator: ", ")
            return "\(source): \(column): \(problem); add \(tokens) to the missing tokens (CSVOptions.missingTokens) if"
                + " \(one ? "it means" : "they mean") missing, or read \(column) as categorical (CSVOptions.columnTypes)"
                + " to keep \(one ? "it" : "them") as text"
        }
    }

    /// The note for a column whose non-missing values are `numbers` numbers and the `texts` (each text with its
    /// count and first lines), or nil when the texts are not "a few": a note is given when there is at least one
    /// number and at least one text, and the texts are at most `fewDistinct` distinct values making at most
    /// `fewShare` of the non-missing values.
    package static func textInNumbers(source: String, column: String, numbers: Int, texts: [TextValue]) -> CSVNote? {
        let count = texts.reduce(0) { $0 + $1.count }
        guard numbers > 0, !texts.isEmpty, texts.count <= fewDistinct,
              Double(count) <= fewShare * Double(count + numbers) else { return nil }
        return CSVNote(source: source, kind: .categoricalBecauseOfText(column: column, values: texts, numbers: numbers))
    }

    /// `--missing unknown`, `--missing 'n a'`, `--missing='-x'`: an option and its value as a shell word a user
    /// can paste (single quotes unless the value is plain; `--opt=value` when it starts with `-`). For the CLI's
    /// wording of a note.
    package static func shellArgument(option: String, _ value: String) -> String {
        let plain = !value.isEmpty && value.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 46 || b == 47
                || b == 58 || b == 43 || b == 45 || b == 61 || b == 37 || b == 64 || b == 44
        }
        let quoted = plain ? value : "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        return value.hasPrefix("-") ? "\(option)=\(quoted)" : "\(option) \(quoted)"
    }
}

extension CSVNote {
    /// Notes for the columns of `table` that were inferred (not in `forced`) and read as categorical because
    /// of a few values that are not numbers (see `TextInNumbersTally`).
    static func columnsMadeCategorical(in table: Table, forced: [String: ColumnType], missing: MissingMatcher) -> [CSVNote] {
        var notes: [CSVNote] = []
        for (name, column) in zip(table.columnNames, table.columns) where forced[name] == nil && column.type == .categorical {
            var tally = TextInNumbersTally()
            tally.add(column, lines: table.lineNumbers, missing: missing)
            if let note = tally.note(source: table.source, column: name) { notes.append(note) }
        }
        return notes
    }
}

/// What a note needs about one inferred column, gathered over a whole table or over the chunks of a stream
/// (`CSVProfiler`, which adds its categorical chunks and the count of numbers its numeric chunks held): how many
/// values are numbers, and the texts (values that are neither numbers nor missing tokens in any case) with their
/// counts and first lines, in order of first appearance.
struct TextInNumbersTally {
    var numbers = 0
    var texts: [CSVNote.TextValue] = []
    /// More than `CSVNote.fewDistinct` texts: no note can follow, so nothing more is gathered.
    var many = false

    /// Adds the rows of `column` (physical lines `lines`). Numeric: its non-missing values are numbers.
    /// Categorical: a level is a number when it parses as one after trimming spaces; a level that is a missing
    /// token ignoring case (`Null`) would be missing were the column numeric, so it is neither a number nor a text.
    mutating func add(_ column: Column, lines: [Int], missing: MissingMatcher) {
        if many { return }
        switch column {
        case .numeric(let values):
            // (`CSVProfiler` adds categorical chunks only: this loop cost 2% of describing a numeric file.)
            var n = 0
            for v in values where !v.isNaN { n += 1 }
            numbers += n
        case .categorical(let c):
            // Per level: 0 number, 1 missing word, 2 text; the index of a text in `texts`. Stop at a sixth text.
            var kind = [UInt8](repeating: 0, count: c.levels.count)
            var slot = [Int](repeating: -1, count: c.levels.count)
            for (k, level) in c.levels.enumerated() {
                let trimmed = level.trimmingSpaces
                if NumberParser.parse(trimmed) != nil { continue }
                if missing.matchesIgnoringCase(trimmed) { kind[k] = 1; continue }
                kind[k] = 2
                if let i = texts.firstIndex(where: { $0.text == trimmed }) { slot[k] = i; continue }
                if texts.count == CSVNote.fewDistinct { many = true; texts = []; return }
                slot[k] = texts.count
                texts.append(CSVNote.TextValue(text: trimmed, count: 0, lines: []))
            }
            for (row, code) in c.codes.enumerated() where code >= 0 {
                let k = Int(code)
                switch kind[k] {
                case 0: numbers += 1
                case 2:
                    let i = slot[k]
                    texts[i].count += 1
                    if texts[i].lines.count < CSVNote.linesShown { texts[i].lines.append(lines[row]) }
                default: break
                }
            }
        }
    }

    /// The note (see `CSVNote.textInNumbers`), or nil.
    func note(source: String, column: String) -> CSVNote? {
        many ? nil : CSVNote.textInNumbers(source: source, column: column, numbers: numbers, texts: texts)
    }
}
