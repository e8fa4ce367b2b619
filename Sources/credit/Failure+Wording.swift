import CreditModelFile
import CreditPortfolio
import CreditTabular

// The CLI's wording of library errors whose remedy is one of its options. The library says what to do in its
// own terms (`CSVOptions.missingTokens`, `PerformanceData.Columns`); the CLI names the flag (`--missing`, `--mob`).

extension CSVError {
    /// `description`, with the remedy given as flags.
    var cliDescription: String {
        let remedy: String
        switch kind {
        case .raggedRow:
            remedy = "check for an unquoted delimiter or a missing field, or give --delimiter"
        case .invalidUTF8:
            remedy = "give the file's encoding, e.g. --encoding GB18030 or --encoding LATIN1"
        case .notNumeric(let value):
            remedy = "use --missing \(value) to treat it as missing, or --type \(columnName ?? "COLUMN")=categorical"
        case .nulByte:
            remedy = "is this a UTF-16 file? Convert it, or give --encoding UTF-16"
        case .emptyColumnName where column == 1:
            // R's write.csv / pandas' to_csv row names: the library's remedy, and the flag that drops them.
            return "\(location): \(problem) — this looks like the row names R's write.csv writes: give --row-names to leave that column out "
                + "(or write with row.names = FALSE; pandas: to_csv(index=False))"
        case .wideEncoding(let name):
            let problem = "the file is \(name) (it starts with a \(name) byte-order mark), and this command streams UTF-8 only"
            return "\(location): \(problem) — \(self.remedy ?? "")"
        default:
            return description
        }
        return "\(location): \(problem) — \(remedy)"
    }
}

extension CSVNote {
    /// `description`, with the remedy given as flags: `--missing unknown`, `--type age=categorical`.
    var cliDescription: String {
        switch kind {
        case .categoricalBecauseOfText(let column, let values, _):
            let missing = values.map { CSVNote.shellArgument(option: "--missing", $0.text) }.joined(separator: " ")
            let one = values.count == 1
            return "\(source): \(column): \(problem); use \(missing) if \(one ? "it means" : "they mean") missing, or"
                + " \(CSVNote.shellArgument(option: "--type", "\(column)=categorical")) to keep \(one ? "it" : "them") as text"
        }
    }
}

extension ModelFileError {
    /// `description`, saying which command writes a model file.
    var cliDescription: String {
        switch self {
        case .notJSON(let path, let reason):
            return "\(path): not a JSON document (\(reason)); is it really a model written by 'credit train -o'?"
        case .notAModel(let path):
            return "\(path): not a credit model file (no \"format\": \"\(CreditModel.formatName)\"); write one with 'credit train DATA --target COL -o \(path)'"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path): the file is \(ModelFileError.size(bytes)), more than the \(limit >> 20) MiB a model file may have; is it really a model written by 'credit train -o'?"
        case .tooLargeToWrite(let path, let bytes, let limit, let terms):
            return "\(path): not written: the model file would be \(ModelFileError.size(bytes)), more than the \(limit >> 20) MiB a model file may have (loading refuses larger ones); most of it is the covariance matrix of its \(terms) terms, which grows with their square — use fewer terms: group the levels of large categorical columns (train --scorecard bins them), lower --max-levels, or --exclude columns"
        default:
            return description
        }
    }
}

extension ExportError {
    /// `description`, naming --keep.
    var cliDescription: String {
        guard case .keptColumnClash(let name) = self else { return description }
        return "column \(name.debugDescription) would appear twice in the output (a kept column and an output column share a name); rename it or drop it from --keep"
    }
}

extension PerformanceError {
    /// `description`, naming the column options.
    var cliDescription: String {
        guard case .missingColumn(let c, let s, let available) = self else { return description }
        return "\(s): no column '\(c)' (columns: \(available.joined(separator: ", "))); name it with the matching option, e.g. --mob or --dpd"
    }
}
