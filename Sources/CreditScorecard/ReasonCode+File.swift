import CreditTabular

extension ReasonCode {
    /// Reads a reason-code map from a CSV file with the columns characteristic, code, text (the first line is
    /// the header; quoted fields allowed; further columns ignored).
    ///
    /// A numeric cell reads back as written for whole numbers ("101", not "101.0"); an empty cell is empty text.
    /// Characteristics without a row report their own name as the reason (`ReasonSettings.codes`).
    /// - Returns: code and text by characteristic name (the last row wins for a name given twice).
    /// - Throws: `CSVError` for an unreadable or malformed file, `ScorecardError.reasonCodeColumns` for fewer
    ///   than three columns.
    public static func readMap(path: String) throws -> [String: ReasonCode] {
        var options = CSVOptions()
        options.columnTypes = [:]
        let table = try CSVReader.read(path: path, options: options)
        guard table.columnNames.count >= 3 else { throw ScorecardError.reasonCodeColumns(path: path) }
        func text(_ j: Int, _ i: Int) -> String {
            switch table.columns[j] {
            case .categorical(let c): return c[i] ?? ""
            case .numeric(let v): return v[i].isNaN ? "" : (v[i] == v[i].rounded() ? String(Int64(v[i])) : "\(v[i])")
            }
        }
        var map: [String: ReasonCode] = [:]
        for i in 0..<table.rowCount { map[text(0, i)] = ReasonCode(code: text(1, i), text: text(2, i)) }
        return map
    }
}
