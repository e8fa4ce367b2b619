import ArgumentParser
import Foundation
import CreditReports
import CreditTabular
/// CSV reading options shared by every command that reads data.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Field delimiter: ',', ';', 'tab' or '|' (default: detected from the header line).", valueName: "CHAR"))
    var delimiter: String?

    @Option(name: .long, help: ArgumentHelp(
        "Extra token that means missing, repeatable; added to the defaults (empty, NA, N/A, n/a, NULL, null, NaN, nan, None, #N/A, -, ?) or to --missing-values. Where a number is expected, tokens match in any case (Null, NONE).",
        valueName: "TOKEN"))
    var missing: [String] = []

    @Option(name: .customLong("missing-values"), help: ArgumentHelp(
        "The tokens that mean missing, replacing the defaults: comma-separated; an empty item is the empty field (',NA' or 'NA,'), and '' alone leaves only the empty field. Add a token holding a comma with --missing.",
        valueName: "LIST"))
    var missingValues: String?

    @Option(name: .long, help: ArgumentHelp(
        "Input encoding when the file is not UTF-8, e.g. GB18030, GBK, LATIN1 (converted with iconv).",
        valueName: "NAME"))
    var encoding: String?

    @Option(name: .customLong("type"), help: ArgumentHelp(
        "Force a column's type, repeatable: COL=numeric or COL=categorical (default: inferred).",
        valueName: "COL=TYPE"))
    var types: [String] = []

    @Flag(name: .customLong("row-names"), help: "The header's first name is empty because the first column holds row names (R's write.csv, pandas' to_csv with its index): leave that column out. Without it such a header is an error.")
    var rowNames = false

    func validate() throws {
        _ = try csvOptions()
    }

    func csvOptions() throws -> CSVOptions {
        var options = CSVOptions()
        if let d = delimiter {
            guard let byte = CSVOptions.delimiter(named: d) else {
                throw ValidationError("--delimiter must be one of ',', ';', 'tab', '|' (got '\(d)')")
            }
            options.delimiter = byte
        }
        if let list = missingValues {
            options.missingTokens = Set(list.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        }
        options.missingTokens.formUnion(missing)
        if let e = encoding { options.encoding = TextEncoding(name: e) }
        options.rowNames = rowNames
        for spec in types {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let type = ColumnType(rawValue: parts[1]) else {
                throw ValidationError("--type expects COL=numeric or COL=categorical (got '\(spec)')")
            }
            options.columnTypes[parts[0]] = type
        }
        return options
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Reads a CSV from a path or "-" (standard input), and prints the reader's notes on stderr; `announce` says
/// "reading PATH" first (`progress`, on a terminal only).
func readTable(_ path: String, options: CSVOptions, announce: Bool = true) throws -> Table {
    if announce { progress("reading \(path)") }
    let table: Table
    if path == "-" {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        table = try CSVReader.read(bytes: [UInt8](data), source: "<stdin>", options: options)
    } else {
        table = try CSVReader.read(path: path, options: options)
    }
    printNotes(table.notes)
    return table
}

/// Prints what the CSV reader noted (a column read as categorical because of a few values) on stderr.
func printNotes(_ notes: [CSVNote]) {
    for note in notes { printError("credit: note: \(note.cliDescription)") }
}

extension InputOptions {
    /// Whether any option of how to read a CSV was given (they do not apply to a table in an engine, `--db`).
    var anyGiven: Bool {
        delimiter != nil || !missing.isEmpty || missingValues != nil || encoding != nil || !types.isEmpty || rowNames
    }
}
