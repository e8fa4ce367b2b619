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
    public static let fewDistinct = 5
    /// At most this share of a column's non-missing values make "a few" (with `fewDistinct`).
    public static let fewShare = 0.1
    /// Lines shown per text value.
    public static let linesShown = 3

    /// `data.csv: age: read as categorical because of 'unknown' (lines 12, 40) — 2 of 1,000 values; use
    /// --missing unknown if it means missing, or --type age=categorical to keep it as text`
    public var description: String {
        switch kind {
        case .categoricalBecauseOfText(let column, let values, let numbers):
            let listed = values.map { v -> String in
                let lines = v.lines.map(String.init).joined(separator: ", ") + (v.count > v.lines.count ? ", …" : "")
                return "'\(v.text)' (line\(v.lines.count > 1 ? "s" : "") \(lines))"
            }.joined(separator: ", ")
            let texts = values.reduce(0) { $0 + $1.count }
            let missing = values.map { CSVNote.shellArgument(option: "--missing", $0.text) }.joined(separator: " ")
            let one = values.count == 1
            return "\(source): \(column): read as categorical because of \(listed) — \(texts) of \(texts + numbers) values;"
                + " use \(missing) if \(one ? "it means" : "they mean") missing, or"
                + " \(CSVNote.shellArgument(option: "--type", "\(column)=categorical")) to keep \(one ? "it" : "them") as text"
        }
    }

    /// The note for a column whose non-missing values are `numbers` numbers and the `texts` (each text with its
    /// count and first lines), or nil when the texts are not "a few": a note is given when there is at least one
    /// number and at least one text, and the texts are at most `fewDistinct` distinct values making at most
    /// `fewShare` of the non-missing values.
    public static func textInNumbers(source: String, column: String, numbers: Int, texts: [TextValue]) -> CSVNote? {
        let count = texts.reduce(0) { $0 + $1.count }
        guard numbers > 0, !texts.isEmpty, texts.count <= fewDistinct,
              Double(count) <= fewShare * Double(count + numbers) else { return nil }
        return CSVNote(source: source, kind: .categoricalBecauseOfText(column: column, values: texts, numbers: numbers))
    }

    /// `--missing unknown`, `--missing 'n a'`, `--missing='-x'`: an option and its value as a shell word a user
    /// can paste (single quotes unless the value is plain; `--opt=value` when it starts with `-`).
    static func shellArgument(option: String, _ value: String) -> String {
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
    /// of a few values that are not numbers. A level is a number when it parses as one after trimming spaces;
    /// a level that is a missing token ignoring case (`Null`) would be missing were the column numeric, so it
    /// is neither a number nor a text here.
    static func columnsMadeCategorical(in table: Table, forced: [String: ColumnType], missing: MissingMatcher) -> [CSVNote] {
        var notes: [CSVNote] = []
        for (name, column) in zip(table.columnNames, table.columns) where forced[name] == nil {
            guard case .categorical(let c) = column else { continue }
            // Per level: 0 number, 1 missing word, 2 text. Stop at the sixth text: no note.
            var kind = [UInt8](repeating: 0, count: c.levels.count)
            var textLevels: [Int] = [], anyNumber = false
            for (k, level) in c.levels.enumerated() {
                let trimmed = level.trimmingSpaces
                if NumberParser.parse(trimmed) != nil { anyNumber = true; continue }
                if missing.matchesIgnoringCase(trimmed) { kind[k] = 1; continue }
                kind[k] = 2
                textLevels.append(k)
                if textLevels.count > fewDistinct { break }
            }
            guard anyNumber, !textLevels.isEmpty, textLevels.count <= fewDistinct else { continue }
            var counts = [Int](repeating: 0, count: c.levels.count)
            var lines = [[Int]](repeating: [], count: c.levels.count)
            for (row, code) in c.codes.enumerated() where code >= 0 {
                let k = Int(code)
                counts[k] += 1
                if kind[k] == 2 && lines[k].count < linesShown { lines[k].append(table.lineNumbers[row]) }
            }
            var numbers = 0
            for k in c.levels.indices where kind[k] == 0 { numbers += counts[k] }
            let texts = textLevels.map { TextValue(text: c.levels[$0].trimmingSpaces, count: counts[$0], lines: lines[$0]) }
            if let note = textInNumbers(source: table.source, column: name, numbers: numbers, texts: texts) { notes.append(note) }
        }
        return notes
    }
}
