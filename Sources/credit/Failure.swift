import ArgumentParser
import Foundation
import CreditRegression
import CreditReports
import CreditScorecard
import CreditModelFile
import CreditTabular
import CreditSupport
/// Exit codes (notebooks-docs/definitions.md, §Command-line conventions): 64 usage, 65 bad data, 1 anything else.
enum ExitStatus {
    static let usage: Int32 = 64
    static let badData: Int32 = 65
    static let failure: Int32 = 1
}

/// Writes a line to standard error, with control characters from names and values (a column named with an
/// escape sequence) shown visibly (`TerminalText`).
func printError(_ message: String) {
    fflush(nil)  // flush stdout first, so stdout and stderr stay in order on a shared terminal
    FileHandle.standardError.write(Data((TerminalText.escaped(message, keepingLineBreaks: true) + "\n").utf8))
}

/// A usage problem found after parsing (e.g. a named column that the file lacks).
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

/// Bad data found by the command itself (exit 65).
struct BadDataError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a command body, turning domain errors into one clear line on stderr and the right exit code.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as UsageError {
        printError("credit: error: \(error.description)")
        throw ExitCode(ExitStatus.usage)
    } catch let error as BadDataError {
        printError("credit: error: \(error.description)")
        throw ExitCode(ExitStatus.badData)
    } catch let error as CSVError {
        printError("credit: error: \(error.cliDescription)")
        switch error.kind {
        case .fileNotFound, .unreadable: throw ExitCode(ExitStatus.failure)
        default: throw ExitCode(ExitStatus.badData)
        }
    } catch let error as OutputError {
        printError("credit: error: \(error)")
        throw ExitCode(ExitStatus.failure)
    } catch let error as RegressionError {
        printError("credit: error: \(error.withFlags)")
        // A design beyond the memory limit is a resource bound, fixed by options (exit 64), not bad data.
        if case .designTooLarge = error { throw ExitCode(ExitStatus.usage) }
        throw ExitCode(ExitStatus.badData)
    } catch let error as ModelFileError {
        printError("credit: error: \(error.cliDescription)")
        if case .unreadable = error { throw ExitCode(ExitStatus.failure) }
        throw ExitCode(ExitStatus.badData)
    } catch {
        printError("credit: error: \(error)")
        throw ExitCode(ExitStatus.failure)
    }
}

/// Refuses, before any work, an output path that is also one of the command's inputs or another of its outputs
/// (`PathClash.check`: the same file by device and inode, symbolic links followed, or the same path when it does
/// not exist yet): a usage error (exit 64) naming both, e.g. "-o data.csv is also the input DATA; choose another
/// output path". Options not given (nil) are skipped.
func checkOutputs(_ outputs: [(String, String?)], inputs: [(String, String?)]) throws {
    do {
        try PathClash.check(inputs: inputs.compactMap { name, path in path.map { (name, $0) } },
                            outputs: outputs.compactMap { option, path in path.map { (option, $0) } })
    } catch let clash as PathClash {
        throw UsageError(description: clash.description)
    }
}

/// Checks that `name` is a column of `table`, or fails with the list of columns (exit 64).
func requireColumn(_ name: String, in table: Table, option: String) throws {
    try requireColumn(name, in: table.columnNames, source: table.source, option: option)
}

/// `requireColumn` for a header read before the rows (a streamed input).
func requireColumn(_ name: String, in columnNames: [String], source: String, option: String) throws {
    guard !columnNames.contains(name) else { return }
    throw noSuchColumn(name, option: option, source: source, columns: columnNames)
}

/// The usage error for an option naming a column that `source` lacks, with the list of its columns.
func noSuchColumn(_ name: String, option: String, source: String, columns: [String]) -> UsageError {
    let list = columns.prefix(30).joined(separator: ", ")
    return UsageError(description: "\(option) '\(name)': no such column in \(source); columns are: \(list)\(columns.count > 30 ? ", …" : "")")
}

/// A file with a header line and no data rows cannot be trained or binned on: say so (exit 65), rather than
/// an error about the target's values or usable rows.
func requireRows(_ table: Table, for command: String) throws {
    guard table.rowCount == 0 else { return }
    throw BadDataError(description: "\(table.source): the file has a header line but no data rows; \(command) needs rows")
}

