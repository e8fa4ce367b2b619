extension CSVOptions {
    /// The delimiters a CSV file may use, by the names people give them: `,` or `comma`, `;` or `semicolon`, a
    /// tab (`tab`, `\t` written out, or the character itself), `|` or `pipe`. The same four that detection
    /// chooses among when `delimiter` is nil.
    ///
    /// ```swift
    /// CSVOptions.delimiter(named: "tab")   // 9
    /// CSVOptions.delimiter(named: ":")     // nil
    /// ```
    /// - Returns: the delimiter's byte, or nil for any other name.
    public static func delimiter(named name: String) -> UInt8? {
        switch name {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "\t", "tab", "\\t": return UInt8(ascii: "\t")
        case "|", "pipe": return UInt8(ascii: "|")
        default: return nil
        }
    }

    /// How a delimiter is shown in a report: "tab" for a tab (invisible otherwise), else the character itself.
    public static func delimiterName(_ delimiter: UInt8) -> String {
        delimiter == UInt8(ascii: "\t") ? "tab" : String(UnicodeScalar(delimiter))
    }
}
