import ArgumentParser
import Foundation
import CreditEngines
import CreditModelFile
import CreditReports
import CreditRegression

/// `--db URL --table NAME [--where PRED]`: data in a SQL engine instead of a CSV (train, score).
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read the data from a SQL engine instead of a CSV: sqlite:///relative/path.db, sqlite:////absolute/path.db or postgresql://USER@HOST:PORT/DATABASE (libpq's URI; no password in it: PGPASSWORD, ~/.pgpass or --password-file). With --table.", valueName: "URL"))
    var db: String?

    @Option(help: ArgumentHelp("The table in --db (quoted as one identifier: case kept, no schema prefix).", valueName: "NAME"))
    var table: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Only the rows this SQL predicate keeps (with --db): YOUR OWN SQL, run as written inside WHERE ( … ) with your permissions; one expression, no ';'.", valueName: "PREDICATE"))
    var predicate: String?

    @Option(help: ArgumentHelp("A file whose first line is the PostgreSQL password (with --db postgresql://…; else libpq's PGPASSWORD or ~/.pgpass).", valueName: "FILE"))
    var passwordFile: String?

    @Flag(help: "Print each SQL statement sent to the engine (and its bound parameters) on stderr.")
    var showSQL = false

    /// Whether --db was given.
    var given: Bool { db != nil }

    /// Checks that the engine flags come together and not with a DATA file.
    func validate(data: String?, dataName: String = "DATA") throws {
        if db == nil {
            if let flag = [("--table", table != nil), ("--where", predicate != nil), ("--password-file", passwordFile != nil),
                           ("--show-sql", showSQL)].first(where: { $0.1 })?.0 {
                throw ValidationError("\(flag) needs --db")
            }
            if data == nil { throw ValidationError("Missing expected argument '<data>' (a CSV file, or --db URL --table NAME)") }
            return
        }
        if data != nil { throw ValidationError("give \(dataName) or --db, not both") }
        if table == nil { throw ValidationError("--db needs --table NAME") }
    }

    /// The URL, parsed (usage errors for a bad URL or a password in it).
    func url() throws -> EngineURL {
        do { return try EngineURL(db!) } catch let error as EngineError { throw UsageError(description: error.description) }
    }

    /// Connects and opens the table (`--where` as given).
    func open(writable: Bool = false) throws -> EngineTable {
        let url = try url()
        let connection = try Engines.connect(url, passwordFile: passwordFile, writable: writable)
        var table = try EngineTable(connection: connection, name: self.table!, predicate: predicate)
        if showSQL {
            table.showSQL = { sql, parameters in
                var text = sql + ";"
                if !parameters.isEmpty {
                    text += "\n-- parameters: " + parameters.enumerated().map { k, p in
                        switch p {
                        case .double(let x): return "\(connection.placeholder(k + 1)) = \(x)"
                        case .text(let s): return "\(connection.placeholder(k + 1)) = '\(s.replacingOccurrences(of: "'", with: "''"))'"
                        }
                    }.joined(separator: ", ")
                }
                printError(text)
            }
        }
        return table
    }
}

/// Engine errors as the CLI reports them: a URL, a password file or a name that cannot be quoted is a usage
/// error (64); an engine that cannot be reached or refuses the connection is 1; a statement the engine
/// refuses (no such table or column, a syntax error in --where) or NULL sums is 65.
func mapEngineErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as EngineError {
        switch error {
        case .badURL, .passwordInURL, .passwordFile, .unquotableName: throw UsageError(description: error.description)
        case .connection:
            printError("credit: error: \(error.description)")
            throw ExitCode(ExitStatus.failure)
        case .statement, .nullResult: throw BadDataError(description: error.description)
        }
    } catch let error as EngineScoringError {
        switch error {
        case .missingColumns: throw BadDataError(description: error.description)
        case .outputExists, .outputIsInput: throw UsageError(description: error.description)
        }
    }
}

extension Train {
    /// `credit train --db URL --table NAME`: a plain logistic regression whose sums are computed in the engine
    /// (`EngineTraining`). Flags the engine path cannot honour yet are refused (exit 64).
    func runInEngine() throws {
        func refuse(_ flag: String) -> UsageError {
            UsageError(description: "\(flag) is not available with --db yet (supported: plain maximum likelihood, --exclude, --reference, --bad, --population-bad-rate, --max-iterations, --max-levels)")
        }
        if card.scorecard { throw refuse("--scorecard") }
        if let flag = regression.givenFlags.first(where: { $0 != "--population-bad-rate" }) { throw refuse(flag) }
        if rejects.rejected != nil { throw refuse("--rejected") }
        if outOfCoreOptions.outOfCore || outOfCoreOptions.memoryLimit != nil || outOfCoreOptions.cacheDir != nil { throw refuse("--out-of-core") }
        if input.anyGiven {
            throw refuse("a CSV reading option (--delimiter, --missing, --missing-values, --encoding, --type, --row-names)")
        }
        try checkOutputs([("-o", output)], inputs: [])
        try mapEngineErrors {
            let table = try engine.open()
            let header = try table.columnNames()
            let source = "table '\(table.name)'"
            try requireColumn(target, in: header, source: source, option: "--target")
            for name in excluded.sorted() { try requireColumn(name, in: header, source: source, option: "--exclude") }
            for (column, _) in referenceLevels { try requireColumn(column, in: header, source: source, option: "--reference") }
            let fit = try EngineTraining(table: table).fit(request) { progress($0) }
            printFitReport(FitReport(fit))
            printError("trained in \(table.connection.url.engineName) on \(fit.rowsInTable) rows of \(source); the Hosmer–Lemeshow test is not computed in an engine")
            try save(model: output == nil ? nil : ModelTraining(input: .file("-", fingerprint: false)).model(for: fit))
        }
    }
}

/// `credit score --db`: the output table and how to write it.
struct InEngineScoringOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With --db: the table to create with the scores (refused if it exists, unless --replace).", valueName: "OUT_TABLE"))
    var into: String?

    @Flag(help: "With --db: replace an existing --into table (dropped and created in one transaction).")
    var replace = false

    @Flag(help: "With --db: print the CREATE TABLE … AS SELECT statement and stop (no connection is made).")
    var dryRun = false

    func validate(engine: EngineOptions) throws {
        if !engine.given {
            if let flag = [("--into", into != nil), ("--replace", replace), ("--dry-run", dryRun)].first(where: { $0.1 })?.0 {
                throw ValidationError("\(flag) needs --db")
            }
            return
        }
        if into == nil { throw ValidationError("--db needs --into OUT_TABLE (the table the scores go to)") }
    }
}

extension Score {
    /// `credit score MODEL --db URL --table NAME --into OUT`: the model's SQL export run inside the engine
    /// (`EngineScoring`). Flags that shape a CSV output are refused (exit 64).
    func runInEngine() throws {
        let refused: [(String, Bool)] = [("-o", output != "-"), ("--rejects", rejects != nil), ("--id", id != nil), ("--points", points),
                                         ("--max-reject-rate", maxRejectRate != nil), ("--where", engine.predicate != nil),
                                         ("--format json", format != .text)]
        if let flag = refused.first(where: { $0.1 })?.0 {
            throw UsageError(description: "\(flag) is not available with --db yet (the scores go to --into OUT_TABLE; copy columns with --keep)")
        }
        if input.anyGiven {
            throw UsageError(description: "CSV reading options do not apply to --db")
        }
        let credit = try CreditModel.load(path: model)
        try mapEngineErrors {
            let into = inEngine.into!
            if inEngine.dryRun {
                let url = try engine.url()
                let dialect: SQLDialect = { if case .sqlite = url.kind { return .sqlite } else { return .postgres } }()
                _ = try SQLIdentifier.quoted(engine.table!, option: "--table")
                print(try EngineScoring.statement(for: credit, dialect: dialect, table: engine.table!, into: into, keep: keptColumns) + ";")
                return
            }
            let table = try engine.open(writable: true)
            let summary = try EngineScoring(table: table, into: into, keep: keptColumns, replace: inEngine.replace).run(model: credit)
            printError("rows in: \(summary.rowsIn)  scored: \(summary.scored)  rejected: \(summary.rejected) (pd NULL)  → table '\(into)'\(summary.replaced ? " (replaced)" : "") in \(table.connection.url)")
            if summary.scored == 0 { throw ExitCode(3) }
        }
    }
}
