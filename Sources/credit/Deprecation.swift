import ArgumentParser

/// An option spelling kept for one release after it was renamed (issue 20, item 9: one meaning per option name).
///
/// The old spelling still parses (a hidden option of the command) and does what the new one does; each use
/// prints one note on standard error, "credit: note: --grades COL is deprecated; use --grade-column COL", so a
/// script keeps working while telling its author what to change. Giving both spellings is a usage error. The
/// README's "Option names" section lists every deprecated spelling and the release that removes it; `all` is
/// that list, and a test checks both agree.
struct DeprecatedSpelling: Sendable, Equatable {
    /// The command that accepted the old spelling.
    let command: String
    /// The old spelling with its value's name, e.g. "--grades COL".
    let old: String
    /// The new spelling, e.g. "--grade-column COL".
    let new: String

    /// The option name of a spelling: its first word ("--grades COL" → "--grades").
    private static func flag(_ spelling: String) -> String { String(spelling.prefix { $0 != " " }) }

    /// `validate --grades COL` → `--grade-column COL`: `--grades` is the master-scale file of `credit monitor`.
    static let validateGrades = DeprecatedSpelling(command: "validate", old: "--grades COL", new: "--grade-column COL")
    /// `export --format sql|pmml` → `--to sql|pmml`: `--format` is the display format of every other command.
    static let exportFormat = DeprecatedSpelling(command: "export", old: "--format sql|pmml", new: "--to sql|pmml")

    /// Every deprecated spelling; they go in the next release.
    static let all: [DeprecatedSpelling] = [validateGrades, exportFormat]

    /// The note printed on standard error when the old spelling is used.
    var note: String { "credit: note: \(old) is deprecated; use \(new)" }

    /// The value of the option: the new spelling's, else the old one's (printing `note`), else nil. Both given is
    /// a usage error (exit 64), thrown from `validate()` by `check(_:_:)`.
    func resolve<T>(_ current: T?, old: T?) -> T? {
        if let current { return current }
        if let old { printError(note); return old }
        return nil
    }

    /// The value without the note (for `validate()`, which runs before `run()` prints it).
    func value<T>(_ current: T?, old: T?) -> T? { current ?? old }

    /// Refuses the old and the new spelling given together (call from the command's `validate()`).
    func check<T>(_ current: T?, old: T?) throws {
        if current != nil && old != nil {
            throw ValidationError("give \(Self.flag(self.new)) only (\(Self.flag(self.old)) is its deprecated spelling), not both")
        }
    }
}
