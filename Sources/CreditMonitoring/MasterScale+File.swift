import CreditMetrics
import CreditTabular

/// Why a master-scale file cannot be read.
public enum MasterScaleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file lacks the `grade` or the `upper_pd` column (or `upper_pd` is not numeric).
    case missingColumns(source: String)
    /// A grade other than the last has no upper bound, or the last has one other than 1.
    case missingBound(source: String)
    /// The bounds or names do not make a scale (not increasing in (0, 1), names repeated).
    case invalidScale(source: String, MetricsError)

    public var description: String {
        switch self {
        case .missingColumns(let source): return "\(source): a master-scale file needs columns 'grade' and 'upper_pd'"
        case .missingBound(let source): return "\(source): every grade but the last needs an upper_pd; the last has none or 1"
        case .invalidScale(let source, let error): return "\(source): \(error.description)"
        }
    }
}

extension MasterScale {
    /// A master scale from a CSV with one row per grade, safest first: `grade` (its name) and `upper_pd` (the PD
    /// that starts the next grade; empty or 1 for the last grade).
    ///
    /// ```
    /// grade,upper_pd
    /// A,0.01
    /// B,0.05
    /// C,
    /// ```
    /// - Throws: `CSVError` (reading), `MasterScaleFileError`.
    public static func read(path: String) throws -> MasterScale {
        var options = CSVOptions()
        options.columnTypes = ["grade": .categorical, "upper_pd": .numeric]
        let table = try CSVReader.read(path: path, options: options)
        guard case .categorical(let names)? = table["grade"], case .numeric(let upper)? = table["upper_pd"] else {
            throw MasterScaleFileError.missingColumns(source: table.source)
        }
        var bounds = upper
        if let last = bounds.last, last.isNaN || last == 1 { bounds.removeLast() }
        guard bounds.count == table.rowCount - 1, bounds.allSatisfy({ !$0.isNaN }) else {
            throw MasterScaleFileError.missingBound(source: table.source)
        }
        let labels = (0..<table.rowCount).map { names[$0] ?? "" }
        do { return try MasterScale(bounds: bounds, names: labels) } catch let e as MetricsError {
            throw MasterScaleFileError.invalidScale(source: table.source, e)
        }
    }
}

extension MasterScale {
    /// The scale as the CSV that `read(path:)` reads: a header `grade,upper_pd`, then one row per grade, safest
    /// first, with its upper PD bound as the shortest decimal that reads back to the same number (the last grade
    /// has an empty `upper_pd`). `read(path:)` of it gives the same bounds and names.
    public func csv() -> String {
        var out = "grade,upper_pd\n"
        for (k, name) in names.enumerated() {
            out += CSVWriter.escapedField(name, csvSafe: false) + "," + (k < bounds.count ? "\(bounds[k])" : "") + "\n"
        }
        return out
    }
}
