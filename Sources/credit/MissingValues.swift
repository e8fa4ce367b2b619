import ArgumentParser
import CreditRegression
import CreditReports
import CreditTabular

extension MissingValueCoding: ExpressibleByArgument {}

/// `--missing-coding` of `credit train` and `credit compare --cv` (`--missing TOKEN` is the CSV reader's missing token).
enum MissingValueHelp {
    static let option = ArgumentHelp(
        "Missing predictor values: drop (leave the row out; the default) or indicator (keep it: a numeric column's missing values take its training mean plus a COL=missing term, a categorical column gets a 'missing' level; only columns with missing values in training get the term; with --cv-folds each fold's fit fills from its own training rows).",
        valueName: "drop|indicator")

    /// What a command that drops rows for a missing value says about it, once, on standard error.
    static let keepThem = "; use --missing-coding indicator to keep them"
}

/// Prints `line` (a `MissingValueDrops` line) on standard error with `hint`, when there is one.
func printMissingValueDrops(_ line: String?, hint: String = MissingValueHelp.keepThem) {
    if let line { printError(line + hint) }
}
