import CreditTabular

/// The reason codes and texts of a reason-code file: per characteristic, and per bin of a characteristic.
public struct ReasonCodeTable: Sendable, Equatable {
    /// Code and text by characteristic name (`ReasonSettings.codes`).
    public var codes: [String: ReasonCode] = [:]
    /// Code and text by characteristic name, then bin label (`ReasonSettings.binCodes`).
    public var binCodes: [String: [String: ReasonCode]] = [:]
    public init(codes: [String: ReasonCode] = [:], binCodes: [String: [String: ReasonCode]] = [:]) {
        self.codes = codes; self.binCodes = binCodes
    }

    /// Puts the table into reason settings (`binCodes` stays nil when no bin has its own code).
    public func apply(to settings: inout ReasonSettings) {
        settings.codes = codes
        settings.binCodes = binCodes.isEmpty ? nil : binCodes
    }
}

extension ReasonCode {
    /// Reads a reason-code file: a CSV with the columns `characteristic,code,text`, or `characteristic,bin,code,text`
    /// when its second header field is `bin` (quoted fields allowed; further columns ignored).
    ///
    /// With a `bin` column, a row whose bin is empty gives the characteristic's code; a row with a bin label (as
    /// `credit bin` prints it: `missing`, `other`, a special group's label such as `special -999`, `[0.3, 0.5)`)
    /// gives that bin its own code and text, used when an applicant in that bin gets the characteristic as a
    /// reason. A numeric cell reads back as written for whole numbers ("101", not "101.0"); an empty cell is empty
    /// text. Characteristics without a row report their own name as the reason (`ReasonSettings.codes`). The last
    /// row wins for a characteristic (or bin) given twice. Bin labels are checked against the trained bins
    /// (`ScorecardSection.checkBinReasonCodes()`).
    /// - Throws: `CSVError` for an unreadable or malformed file, `ScorecardError.reasonCodeColumns` for fewer
    ///   than three columns (four with `bin`).
    public static func readTable(path: String) throws -> ReasonCodeTable {
        var options = CSVOptions()
        options.columnTypes = [:]
        options.missingTokens = [""]      // a code or text "NA" is text, not a missing value
        let table = try CSVReader.read(path: path, options: options)
        let perBin = table.columnNames.count >= 2 && table.columnNames[1].lowercased() == "bin"
        guard table.columnNames.count >= (perBin ? 4 : 3) else { throw ScorecardError.reasonCodeColumns(path: path) }
        func text(_ j: Int, _ i: Int) -> String {
            switch table.columns[j] {
            case .categorical(let c): return c[i] ?? ""
            case .numeric(let v): return v[i].isNaN ? "" : (v[i] == v[i].rounded() ? String(Int64(v[i])) : "\(v[i])")
            }
        }
        var result = ReasonCodeTable()
        for i in 0..<table.rowCount {
            let name = text(0, i)
            if perBin {
                let code = ReasonCode(code: text(2, i), text: text(3, i)), bin = text(1, i)
                if bin.isEmpty { result.codes[name] = code } else { result.binCodes[name, default: [:]][bin] = code }
            } else {
                result.codes[name] = ReasonCode(code: text(1, i), text: text(2, i))
            }
        }
        return result
    }

    /// The characteristic codes of a reason-code file (`readTable(path:).codes`).
    public static func readMap(path: String) throws -> [String: ReasonCode] { try readTable(path: path).codes }
}
