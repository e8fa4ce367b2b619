import Foundation
import CreditRegression

extension TrainingRecord {
    /// The training record of a fit: the input's name and fingerprint, its data rows, the rows used and bads
    /// of the fit, this build's version, the command line and the date (`date(environment:now:)`).
    /// - Parameters:
    ///   - rows: data rows in the input (rows left out of the fit included).
    ///   - fit: the fitted model (its `observations` and `events` are the rows used and the bads).
    public init(input: TrainingInput, rows: Int, fit: LogisticRegressionResult, commandLine: [String],
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(inputFile: input.name, inputSHA256: input.fingerprint(), rows: rows, rowsUsed: fit.observations,
                  bads: fit.events, toolVersion: ToolVersion.current, commandLine: commandLine, seed: nil,
                  date: TrainingRecord.date(environment: environment))
    }

    /// The training date recorded in a model file, ISO 8601 in UTC ("2026-01-01T00:00:00Z"): `SOURCE_DATE_EPOCH`
    /// (whole seconds since 1970-01-01 UTC, surrounding spaces allowed) when the environment sets it, so that a
    /// rerun writes a byte-identical model file (the reproducible-builds convention,
    /// https://reproducible-builds.org/specs/source-date-epoch/); else `now`. A value that is not a whole number
    /// is ignored.
    public static func date(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) -> String {
        var date = now
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text.trimmingCharacters(in: .whitespaces)) {
            date = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return ISO8601DateFormatter().string(from: date)
    }
}
