import CreditBinning
import Foundation
import CreditLinearAlgebra
import CreditProbability
import CreditRegression
import CreditTabular

/// A reject-inference method: how the applicants a lender declined (no outcome) enter the refit of a scorecard
/// trained on its accepted loans.
public enum RejectInferenceMethod: String, Sendable, Codable, CaseIterable {
    /// Simple (hard cut-off) augmentation, Siddiqi (2017) ch. 6: a reject whose accepts-only PD is at least the
    /// cut-off is bad, else good; each reject one row of weight `rejectWeight`.
    case hardCutoff = "hard-cutoff"
    /// Fuzzy augmentation, Siddiqi (2017) ch. 6: each reject twice, bad with weight w·p and good with weight
    /// w·(1 − p), p its accepts-only PD and w `rejectWeight`.
    case fuzzy
    /// Parcelling, Siddiqi (2017) ch. 6: in each band of the accepts-only PD the rejects are bad at the band's
    /// accepts bad rate × `uplift` (capped at 1), by expected counts: the round(q·n) rejects of the band with the
    /// highest PD are bad (ties: file order), the others good; weight `rejectWeight`.
    case parcelling
    /// Re-weighting ("augmentation" in Banasik & Crook 2007): P(accept) is estimated per band of the accepts-only
    /// PD over the through-the-door population (accepts and rejects); each accept is weighted 1/P(accept | band)
    /// and no reject enters the fit.
    case augmentation
}

/// The parameters of reject inference, recorded in the refitted scorecard (`ScorecardSection.rejectInference`).
public struct RejectInferenceSettings: Sendable, Codable, Equatable {
    public var method: RejectInferenceMethod
    /// Hard cut-off: the PD at or above which a reject is bad. Nil in a request: the accepts' observed bad rate
    /// (the recorded settings hold the value used).
    public var cutoff: Double?
    /// The weight of each inferred reject row (hard cut-off, parcelling) or of each reject's pair (fuzzy); nil
    /// for augmentation. Default 1: a reject counts as much as an accept.
    public var rejectWeight: Double?
    /// Parcelling and augmentation: the number of equal-count PD bands (default 10).
    public var bands: Int?
    /// Parcelling: the factor on each band's accepts bad rate (default 2; Siddiqi 2017 suggests rejects are
    /// two to four times as bad as accepts of the same score).
    public var uplift: Double?
    /// Rows of the accepts file in the fit (outcome known).
    public var acceptRows: Int?
    /// Rows of the rejects file in the fit (scored by the accepts-only card).
    public var rejectRows: Int?

    public init(method: RejectInferenceMethod, cutoff: Double? = nil, rejectWeight: Double? = nil, bands: Int? = nil,
                uplift: Double? = nil) {
        self.method = method; self.cutoff = cutoff; self.rejectWeight = rejectWeight; self.bands = bands; self.uplift = uplift
    }

    /// The default number of bands, 10.
    public static let defaultBands = 10
    /// The default parcelling uplift, 2.
    public static let defaultUplift = 2.0
}

extension RejectInferenceSettings {
    /// A parameter of reject inference: the methods that use it and the values it takes.
    public enum Parameter: String, Sendable, CaseIterable {
        case cutoff, rejectWeight, bands, uplift

        /// The methods that read this parameter (any other method refuses it: `RejectInferenceSettings.check`).
        public var methods: [RejectInferenceMethod] {
            switch self {
            case .cutoff: return [.hardCutoff]
            case .rejectWeight: return [.hardCutoff, .fuzzy, .parcelling]
            case .bands: return [.parcelling, .augmentation]
            case .uplift: return [.parcelling]
            }
        }
        /// The values this parameter takes, in words ("a PD between 0 and 1 (exclusive)").
        public var range: String {
            switch self {
            case .cutoff: return "a PD between 0 and 1 (exclusive)"
            case .rejectWeight, .uplift: return "positive"
            case .bands: return "between 1 and 1000"
            }
        }
        /// Whether `value` is in `range` (finite throughout).
        public func accepts(_ value: Double) -> Bool {
            switch self {
            case .cutoff: return value > 0 && value < 1
            case .rejectWeight, .uplift: return value.isFinite && value > 0
            case .bands: return value >= 1 && value <= 1000 && value == value.rounded()
            }
        }
    }

    /// The value of `parameter` in these settings (nil: not given, its default applies).
    public func value(of parameter: Parameter) -> Double? {
        switch parameter {
        case .cutoff: return cutoff
        case .rejectWeight: return rejectWeight
        case .bands: return bands.map(Double.init)
        case .uplift: return uplift
        }
    }

    /// Checks the given parameters before any data are read: each one belongs to `method`
    /// (`RejectInferenceError.inapplicableParameter`) and is in its range (`.invalidParameter`), in the order
    /// of `Parameter.allCases`.
    public func check() throws {
        for parameter in Parameter.allCases {
            guard let v = value(of: parameter) else { continue }
            if !parameter.methods.contains(method) { throw RejectInferenceError.inapplicableParameter(parameter, method: method) }
            if !parameter.accepts(v) { throw RejectInferenceError.invalidParameter(parameter, value: v) }
        }
    }
}

/// Why reject inference could not run.
public enum RejectInferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter out of its range (`RejectInferenceSettings.Parameter.range`).
    case invalidParameter(RejectInferenceSettings.Parameter, value: Double)
    /// A parameter the method does not use.
    case inapplicableParameter(RejectInferenceSettings.Parameter, method: RejectInferenceMethod)
    /// No reject row could be scored by the accepts-only card.
    case noRejects
    /// The reason reference of the card is not `maximum` (the average and cut-off references are not refitted).
    case reasonReference(ReasonReference)
    /// A row of the accepts the card cannot score (the card was not trained on these accepts).
    case unscoredAccept(line: Int, column: String)

    public var description: String {
        switch self {
        case .invalidParameter(let parameter, let value):
            return "reject inference: the \(parameter.rawValue) must be \(parameter.range) (got \(value))"
        case .inapplicableParameter(let parameter, let method):
            return "reject inference: the \(parameter.rawValue) is not a parameter of \(method.rawValue) (it is one of \(parameter.methods.map(\.rawValue).joined(separator: ", ")))"
        case .noRejects:
            return "reject inference: no reject row could be scored by the accepts-only card"
        case .reasonReference(let r):
            return "reject inference keeps reason codes ranked against the maximum points only (got the \(r.rawValue) reference)"
        case .unscoredAccept(let line, let column):
            return "reject inference: the accepts-only card cannot score line \(line) of the accepts (column '\(column)'); train the card on these accepts"
        }
    }
}

/// The augmented sample of reject inference: WoE codes, outcome and frequency weight per row; the accepts first
/// (file order), then the rejects' inferred rows (file order; fuzzy: each reject's bad row, then its good row).
public struct AugmentedSample: Sendable, Equatable {
    /// Where a row came from: a row of the accepts (its index among the accepts) or of the rejects.
    public enum Origin: Sendable, Equatable { case accept(Int), reject(Int) }
    /// One WoE code per characteristic, per row.
    public var codes: [[Double]]
    /// 1 bad, 0 good.
    public var y: [Double]
    public var weights: [Double]
    public var origin: [Origin]

    /// Reject rows inferred bad (with positive weight), and their total weight.
    public var inferredBad: (rows: Int, weight: Double) {
        var rows = 0, weight = 0.0
        for i in y.indices where y[i] == 1 && weights[i] > 0 {
            if case .reject = origin[i] { rows += 1; weight += weights[i] }
        }
        return (rows, weight)
    }
    /// Reject rows inferred good (with positive weight), and their total weight.
    public var inferredGood: (rows: Int, weight: Double) {
        var rows = 0, weight = 0.0
        for i in y.indices where y[i] == 0 && weights[i] > 0 {
            if case .reject = origin[i] { rows += 1; weight += weights[i] }
        }
        return (rows, weight)
    }
}

/// Reject inference for an application scorecard trained on accepted loans only.
///
/// The accepts-only card scores the rejects; a method turns them into inferred outcomes and weights
/// (`RejectInferenceMethod`); the WoE-coded logistic regression is refitted on the augmented sample with frequency
/// weights (`LogisticRegression.fit(x:y:weights:termNames:)`) and scaled to points as the card. The bins and WoE
/// stay the accepts-only card's: the accepts are the only rows with observed outcomes (re-binning on the
/// augmented sample is a documented alternative not built here).
///
/// Bands (parcelling, augmentation): B equal-count bands of a PD sample s sorted ascending, n values: edges
/// eᵢ = s[⌈i·n/B⌉ − 1] (1-based position ⌈i·n/B⌉), i = 1 … B − 1; a PD p falls in band #{i : eᵢ < p}. Parcelling
/// takes s = the accepts' PDs (a reject in a band without accepts — above every accept's PD when the top PDs
/// tie — takes the highest band below with accepts); augmentation takes s = the PDs of accepts and rejects.
///
/// References: N. Siddiqi, *Intelligent Credit Scoring*, 2nd ed., Wiley 2017, ch. 6 (hard cut-off, fuzzy,
/// parcelling); J. Banasik & J. Crook, "Reject inference, augmentation, and sample selection", *European Journal
/// of Operational Research* 183 (2007) 1582–1594 (re-weighting by 1/P(accept)). The peer of the refit is
/// statsmodels `GLM(y, X, family=Binomial(), freq_weights=w)` on the augmented sample
/// (Tests/CreditScorecardTests/Fixtures/make_reject_inference_fixtures.py builds the sample independently).
public enum RejectInference {
    /// The augmented sample of a method, from the accepts' codes, outcomes and PDs and the rejects' codes and PDs
    /// (both PDs from the accepts-only model).
    /// - Returns: the sample and the settings with every default filled in (the cut-off used, the bands, …).
    /// - Throws: `RejectInferenceError.invalidParameter`, `.inapplicableParameter` (`RejectInferenceSettings.check`), `.noRejects`.
    public static func augment(acceptCodes: [[Double]], acceptY: [Double], acceptPD: [Double],
                               rejectCodes: [[Double]], rejectPD: [Double],
                               settings: RejectInferenceSettings) throws -> (sample: AugmentedSample, settings: RejectInferenceSettings) {
        precondition(acceptCodes.count == acceptY.count && acceptY.count == acceptPD.count && rejectCodes.count == rejectPD.count)
        guard !rejectPD.isEmpty else { throw RejectInferenceError.noRejects }
        try settings.check()
        var used = settings
        used.acceptRows = acceptY.count
        used.rejectRows = rejectPD.count
        var sample = AugmentedSample(codes: acceptCodes, y: acceptY, weights: [Double](repeating: 1, count: acceptY.count),
                                     origin: acceptY.indices.map { .accept($0) })
        func rejectWeight() throws -> Double {
            let w = settings.rejectWeight ?? 1
            used.rejectWeight = w
            return w
        }
        func bandCount() throws -> Int {
            let b = settings.bands ?? RejectInferenceSettings.defaultBands
            used.bands = b
            return b
        }
        func add(_ r: Int, bad: Bool, weight: Double) {
            sample.codes.append(rejectCodes[r]); sample.y.append(bad ? 1 : 0); sample.weights.append(weight)
            sample.origin.append(.reject(r))
        }
        switch settings.method {
        case .hardCutoff:
            let w = try rejectWeight()
            let cutoff = settings.cutoff ?? acceptY.reduce(0, +) / Double(acceptY.count)
            guard RejectInferenceSettings.Parameter.cutoff.accepts(cutoff) else { throw RejectInferenceError.invalidParameter(.cutoff, value: cutoff) }
            used.cutoff = cutoff
            for r in rejectPD.indices { add(r, bad: rejectPD[r] >= cutoff, weight: w) }
        case .fuzzy:
            let w = try rejectWeight()
            for r in rejectPD.indices {
                add(r, bad: true, weight: w * rejectPD[r])
                add(r, bad: false, weight: w * (1 - rejectPD[r]))
            }
        case .parcelling:
            let w = try rejectWeight()
            let b = try bandCount()
            let uplift = settings.uplift ?? RejectInferenceSettings.defaultUplift
            used.uplift = uplift
            let edges = bandEdges(acceptPD, bands: b)
            var bads = [Double](repeating: 0, count: b), counts = [Int](repeating: 0, count: b)
            for i in acceptPD.indices { let k = band(acceptPD[i], edges: edges); counts[k] += 1; bads[k] += acceptY[i] }
            var members = [[Int]](repeating: [], count: b)
            for r in rejectPD.indices {
                var k = band(rejectPD[r], edges: edges)
                while k > 0 && counts[k] == 0 { k -= 1 }
                members[k].append(r)
            }
            var isBad = [Bool](repeating: false, count: rejectPD.count)
            for k in 0..<b where !members[k].isEmpty {
                let q = min(1, bads[k] / Double(counts[k]) * uplift)
                let n = Int((q * Double(members[k].count) + 0.5).rounded(.down))
                let ranked = members[k].sorted { rejectPD[$0] > rejectPD[$1] || (rejectPD[$0] == rejectPD[$1] && $0 < $1) }
                for r in ranked.prefix(n) { isBad[r] = true }
            }
            for r in rejectPD.indices { add(r, bad: isBad[r], weight: w) }
        case .augmentation:
            let b = try bandCount()
            let edges = bandEdges(acceptPD + rejectPD, bands: b)
            var accepts = [Double](repeating: 0, count: b), all = [Double](repeating: 0, count: b)
            for p in acceptPD { let k = band(p, edges: edges); accepts[k] += 1; all[k] += 1 }
            for p in rejectPD { all[band(p, edges: edges)] += 1 }
            sample.weights = acceptPD.map { let k = band($0, edges: edges); return all[k] / accepts[k] }
        }
        return (sample, used)
    }

    /// The band edges eᵢ = s[⌈i·n/B⌉ − 1], i = 1 … B − 1, of the values sorted ascending.
    public static func bandEdges(_ values: [Double], bands: Int) -> [Double] {
        let s = values.sorted(), n = s.count
        guard n > 0 else { return [] }
        return (1..<max(bands, 1)).map { i in s[(i * n + bands - 1) / bands - 1] }
    }

    /// The band of `p`: the number of edges below it.
    public static func band(_ p: Double, edges: [Double]) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi { let mid = (lo + hi) / 2; if edges[mid] < p { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// The weighted WoE regression on an augmented sample: an intercept "const", then one coefficient per code.
    /// - Throws: `RegressionError` (e.g. `.singleClass` when the weighted sample has one class).
    public static func refit(_ sample: AugmentedSample, termNames: [String],
                             options: LogisticRegressionOptions = LogisticRegressionOptions()) throws -> LogisticRegressionResult {
        let n = sample.y.count, k = termNames.count
        var elements = [Double](repeating: 1, count: n * (k + 1))
        for j in 0..<k { for i in 0..<n { elements[(j + 1) * n + i] = sample.codes[i][j] } }
        return try LogisticRegression(options: options).fit(x: Matrix(rows: n, columns: k + 1, columnMajor: elements), y: sample.y,
                                                            weights: sample.weights, termNames: ["const"] + termNames)
    }
}

/// A scorecard refitted with reject inference, and what went into it.
public struct RejectInferenceResult: Sendable {
    /// The refitted card: the accepts-only bins and WoE, the new coefficients and points, `rejectInference` set.
    public let section: ScorecardSection
    /// The weighted WoE regression on the augmented sample.
    public let fit: LogisticRegressionResult
    /// The augmented sample.
    public let sample: AugmentedSample
    /// The settings used (defaults filled in, rows counted).
    public let settings: RejectInferenceSettings
    /// Rows of the rejects the accepts-only card could not score (left out), with the reason.
    public let unscoredRejects: [RowProblem]
}

extension ScorecardSection {
    /// The WoE code of every characteristic and the PD of each row of `table` scored by this card, and the rows
    /// the card could not score (`BoundScorecard`).
    package func woeCodes(of table: Table, rows: [Int]) throws -> (codes: [[Double]], pd: [Double], rows: [Int], unscored: [RowProblem]) {
        let bound = try BoundScorecard(section: self, table: table)
        var codes: [[Double]] = [], pd: [Double] = [], kept: [Int] = [], unscored: [RowProblem] = []
        codes.reserveCapacity(rows.count); pd.reserveCapacity(rows.count)
        for r in rows {
            switch bound.score(row: r) {
            case .scored(let s):
                codes.append(s.bins.indices.map { j in characteristics[j].woe[valueBin(j, s.bins[j])] })
                pd.append(s.probability); kept.append(r)
            case .rejected(let problem): unscored.append(problem)
            }
        }
        return (codes, pd, kept, unscored)
    }

    /// Reject inference on this accepts-only card: scores the accepts (rows with a target) and the rejects, builds
    /// the method's augmented sample (`RejectInference.augment`), refits the WoE regression with its weights and
    /// scales it to points with this card's scaling and reasons (maximum reference).
    /// - Parameters:
    ///   - accepts: the training table of this card (with the target).
    ///   - rejects: the declined applicants (a target column, if any, is ignored).
    /// - Throws: `RejectInferenceError`, `RegressionError`, `ScorecardError`, `BinningError`.
    public func inferringRejects(accepts: Table, target: String, bad: String, rejects: Table,
                                 settings: RejectInferenceSettings) throws -> RejectInferenceResult {
        guard reasons.reference == .maximum else { throw RejectInferenceError.reasonReference(reasons.reference) }
        let flags = try TargetCoding.flags(table: accepts, target: target, bad: bad)
        let acceptRows = flags.indices.filter { flags[$0] >= 0 }
        let a = try woeCodes(of: accepts, rows: acceptRows)
        if let problem = a.unscored.first { throw RejectInferenceError.unscoredAccept(line: problem.line, column: problem.column) }
        let r = try woeCodes(of: rejects, rows: Array(0..<rejects.rowCount))
        let y = a.rows.map { Double(flags[$0]) }
        let (sample, used) = try RejectInference.augment(acceptCodes: a.codes, acceptY: y, acceptPD: a.pd,
                                                         rejectCodes: r.codes, rejectPD: r.pd, settings: settings)
        let fit = try RejectInference.refit(sample, termNames: characteristics.map(\.name))
        var section = self
        section.characteristics = try Self.scaledCharacteristics(characteristics.map { ($0.bins, $0.table) },
                                                                 coefficients: fit.coefficients, scaling: scaling, reasons: reasons)
        section.intercept = fit.coefficients[0]
        section.reasons.referencePoints = section.characteristics.map { Double($0.points.max()!) }
        section.wrongSign = section.characteristics.filter { !($0.coefficient > 0) }.map(\.name)
        section.rejectInference = used
        return RejectInferenceResult(section: section, fit: fit, sample: sample, settings: used, unscoredRejects: r.unscored)
    }
}

extension ScorecardTraining {
    /// This accepts-only card refitted with reject inference (`ScorecardSection.inferringRejects` on the table it
    /// was trained on): the refitted training (same bins and binning result, new fit and points) and the record.
    /// - Parameter accepts: the table this card was trained on.
    /// - Throws: as `ScorecardSection.inferringRejects`.
    public func inferringRejects(accepts: Table, rejects: Table, settings: RejectInferenceSettings) throws
        -> (card: ScorecardTraining, inference: RejectInferenceResult)
    {
        let r = try section.inferringRejects(accepts: accepts, target: target, bad: bad, rejects: rejects, settings: settings)
        return (ScorecardTraining(section: r.section, fit: r.fit, binning: binning, source: source, target: target, bad: bad,
                                  rowsInFile: rowsInFile), r)
    }
}
