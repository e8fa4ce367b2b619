/// A table or column name as a quoted SQL identifier: `"name"`, an inner `"` doubled (SQL standard; SQLite and
/// PostgreSQL). Quoting makes any name a name — `x"; DROP TABLE t; --` is one odd column name, never SQL.
///
/// Refused (`EngineError.unquotableName`): the empty name, and names with a NUL or another control character
/// (U+0000–U+001F, U+007F), which the engines either cut short or store differently from what was typed, so the
/// quoted name would not be the one meant. PostgreSQL folds nothing inside quotes: `--table Loans` names
/// `"Loans"`, not `loans`.
public enum SQLIdentifier {
    /// The quoted identifier.
    /// - Parameter option: the option that gave the name, for the message (`--table`, `--target`, a column).
    /// - Throws: `EngineError.unquotableName`.
    public static func quoted(_ name: String, option: String) throws -> String {
        if name.isEmpty { throw EngineError.unquotableName(name, option: option, reason: "an empty name cannot be quoted") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw EngineError.unquotableName(name, option: option,
                                             reason: "a name with a control character (NUL, newline, …) cannot be quoted safely")
        }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
