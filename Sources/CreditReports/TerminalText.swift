/// Text for a terminal: control characters from the data shown visibly instead of sent raw.
///
/// A column name or a level is text from a file, and a file can hold anything: ESC starts a terminal control
/// sequence (ESC [ 2 J clears the screen, ESC ] 0 ; … BEL retitles the window, others move the cursor or
/// rewrite what was printed), BEL rings the bell, CR returns to the start of the line and overwrites it. Text
/// and Markdown reports pass every such character through `escaped(_:keepingLineBreaks:)`: C0 controls
/// (U+0000–U+001F, TAB, CR and LF included), DEL (U+007F) and the C1 controls (U+0080–U+009F, among them CSI
/// U+009B) are written as `\u{XX}` — the Swift spelling of the scalar in hex, upper case — so ESC shows as
/// `\u{1B}`, BEL as `\u{7}` and TAB as `\u{9}`. Everything else, including every printable non-ASCII
/// character, is kept. The escape is one-way: a name that already contains the six characters `\u{1B}` looks
/// the same as one that holds ESC (JSON output, which escapes control characters itself, tells them apart).
///
/// JSON output and CSV files are not escaped: they are data, and their readers handle control characters.
public enum TerminalText {
    /// Whether `scalar` is shown escaped: C0, DEL or C1.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// `text` with every control character (`isControl(_:)`) written as `\u{XX}`; with `keepingLineBreaks`,
    /// LF is kept (for a whole report, whose lines end in LF). Text without control characters is returned as it
    /// is.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && $0 == "\n") }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !(keepingLineBreaks && scalar == "\n") {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A format a report is rendered in, and whether its text can reach a terminal.
///
/// Every report's `render(_:csvSafe:)` follows one rule: text, Markdown and LaTeX show control characters from
/// names and levels visibly (`TerminalText`); CSV neutralises text cells a spreadsheet would run as formulas
/// unless `csvSafe` is false (`CSVWriter.isFormulaLike(_:)`); JSON escapes control characters itself.
public protocol ReportFormat: Sendable {
    /// Whether the rendered text is escaped for a terminal (`TerminalText.escaped(_:keepingLineBreaks:)`).
    var isTerminalText: Bool { get }
}

extension OutputFormat: ReportFormat {
    public var isTerminalText: Bool { self == .text || self == .markdown }
}

extension MetricsFormat: ReportFormat {
    public var isTerminalText: Bool { self != .csv && self != .json }
}

extension TerminalText {
    /// `text` escaped for a terminal (line breaks kept) when `format` is terminal text, else as it is.
    package static func escaped(_ text: String, for format: some ReportFormat) -> String {
        format.isTerminalText ? escaped(text, keepingLineBreaks: true) : text
    }
}
