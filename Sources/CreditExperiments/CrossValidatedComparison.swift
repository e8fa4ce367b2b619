import CreditBinning
import Foundation
import CreditMetrics
import CreditProbability
import CreditRegression
import CreditScorecard
import CreditTabular
import CreditModelFile
import CreditSupport
/// Settings of a cross-validated comparison.
public struct CrossValidationOptions: Sendable, Codable, Equatable {
    /// Folds per repetition (k; 2 with `repeats` = N is Dietterich's / Lessmann et al.'s N×2).
    public var folds = 5
    public var repeats = 1
    /// Seed of the fold split (`Splits`, SplitMix64): the same seed gives the same folds on every machine.
    public var seed: UInt64 = 1
    /// Level of the t intervals; the Friedman/Nemenyi α is 1 − this.
    public var confidenceLevel = 0.95
    /// The metric ranked by the Friedman test (across folds and across datasets).
    public var rankMetric: FoldMetric = .auc
    /// Columns that are not predictors (the target is never one).
    public var exclude: Set<String> = []
    public var partialGiniMaximumProbability = 0.4
    /// Time-ordered validation: the date column of rolling-origin folds (`TimeOrderedFolds`; `folds` test
    /// blocks, `repeats` 1, the seed unused). The column is not a predictor. Nil: seeded stratified folds.
    public var timeOrder: String? = nil
    /// What a fold fit that failed (not converged, quasi-separated, iteration limit: `FitStatus`) does to the
    /// comparison: counted and reported (`warn`, the default), also left out of the summaries and the Friedman
    /// test (`exclude`), or the end of the comparison (`error`).
    public var onFitFailure: FitFailurePolicy = .warn
    /// What the regression configurations do with a missing predictor value (`MissingValueCoding`; the scorecard
    /// always bins it). With `.indicator` every row with a target is compared; with `.drop` (the default) the
    /// rows with a missing predictor are left out of every configuration, the scorecard's included, so the
    /// comparison stays paired.
    public var missing: MissingValueCoding = .drop
    public init() {}

    /// The folds over rows with these classes: one stratified k-fold per repetition; with `repeats` > 1 each
    /// repetition is seeded with the next SplitMix64 draw from `seed` (`Splits.repeatedTwoFold` for k = 2) —
    /// the `CrossValidationPlan` of `credit train --cv-folds K --cv-repeats N`.
    public func splits(classes: [Bool]) -> [Fold] {
        CrossValidationPlan(folds: folds, repetitions: repeats, seed: seed).splits(classes: classes)
    }

    /// Seed of the inner λ folds of outer fold `index` (a SplitMix64 draw keyed by the outer seed and fold).
    func innerSeed(_ index: Int) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (0xA076_1D64_78BD_642F &* UInt64(index + 1)))
        return g.next()
    }
}

/// One configuration's cross-validated results.
public struct ConfigurationResult: Sendable, Codable, Equatable {
    public let configuration: ModelConfiguration
    /// Per fold, in fold order (repetition-major).
    public let folds: [FoldMetrics]
    /// One summary per `FoldMetric`, in `FoldMetric.allCases` order.
    public let summaries: [MetricSummary]
    /// Out-of-fold PDs; `rows` index `CrossValidatedComparison.rows`.
    public let predictions: [FoldPredictions]
    /// The λ used in each fold (penalised configurations only).
    public let lambdas: [Double]?
    /// Scorecard: the characteristics each fold's card kept.
    public let characteristics: [[String]]?
    /// The folds whose fit failed (`FitStatus`: not converged, quasi-separated, iteration limit), in fold order;
    /// empty when every fold's fit was sound.
    public internal(set) var failedFits: [FailedFit] = []

    /// Failed fits by kind (a fit can fail in several ways at once, so the counts can sum to more than
    /// `failedFits.count`).
    public var failureCounts: [FitStatus.Failure: Int] {
        var counts: [FitStatus.Failure: Int] = [:]
        for f in failedFits { for k in f.status.failures { counts[k, default: 0] += 1 } }
        return counts
    }

    public func summary(_ metric: FoldMetric) -> MetricSummary { summaries.first { $0.metric == metric }! }

    /// One line on the failed fits, nil when there are none: "fit failed in 2 of 10 folds (not converged 2,
    /// quasi-separated 2; repetition 1 fold 3, repetition 2 fold 1); their metrics are included …".
    public var failureSummary: String? {
        guard !failedFits.isEmpty else { return nil }
        let counts = failureCounts
        let kinds = FitStatus.Failure.allCases.compactMap { k in counts[k].map { "\(k.phrase) \($0)" } }.joined(separator: ", ")
        let places = failedFits.prefix(5).map { "repetition \($0.repetition + 1) fold \($0.fold + 1)" }.joined(separator: ", ")
            + (failedFits.count > 5 ? ", …" : "")
        return "fit failed in \(failedFits.count) of \(folds.count) folds (\(kinds); \(places)); "
            + (failedFits.allSatisfy(\.excluded) ? "those folds are left out of its summaries and of the Friedman test"
                                                 : "their metrics are included, from estimates that are not a maximum")
    }
}

/// Model configurations run through the same seeded stratified folds of one dataset, with per-fold metrics,
/// their spread, and the Friedman test with the Nemenyi critical difference and Holm-corrected pairwise tests
/// over the folds (Demšar 2006, JMLR 7:1–30).
///
/// No leakage: each fold's model — the design coding (levels, reference levels, constant columns), the
/// binning and characteristic selection of the scorecard, the λ path and the inner λ cross-validation of a
/// penalised fit — is computed from that fold's training rows only; the test rows are only scored. A test
/// level not seen in the fold's training rows is coded as the reference level (regression) or the scorecard's
/// unseen-level bin, and counted in `notes`.
///
/// Rows: with any regression configuration, the rows with a target and every predictor present (listwise, as
/// `credit train`), or with `CrossValidationOptions.missing == .indicator` every row with a target (each fold's
/// regression codes missing values from its training rows); with the scorecard alone, every row with a target
/// (the scorecard bins missing values). Each fold's `FoldMetrics.trainingRows` and `rows` say how many rows it
/// trained and tested on.
/// Every configuration sees the same rows and folds, so the comparison is paired.
public struct CrossValidatedComparison: Sendable, Codable, Equatable {
    public let source: String
    public let target: String
    public let bad: String
    public let rowsIn: Int
    /// Table rows used, ascending; fold row indices index this array.
    public let rows: [Int]
    public let bads: Int
    public let options: CrossValidationOptions
    public let configurations: [ConfigurationResult]
    /// Friedman over the folds on `options.rankMetric` (nil with one configuration; see `notes`).
    public let friedman: FriedmanTest?
    /// Paired tests of each pair of configurations on `options.rankMetric` over the folds, Holm over the pairs
    /// (nil with one configuration).
    public let pairedTests: PairedFoldTests?
    /// The file line of each of `rows`.
    public let lineNumbers: [Int]
    /// The target of each of `rows` (true = bad).
    public let outcomes: [Bool]
    public let notes: [String]

    /// Every configuration's out-of-fold PDs in the `OutOfFoldPredictionsCSV` format after the leading columns
    /// `dataset,configuration` (no header; `OutOfFoldPredictionsCSV.header` prefixed with them is the header):
    /// configurations in order, folds in order, rows ascending within a fold; `row` is the 1-based data row.
    /// - Parameter quote: how to write the dataset and configuration names as CSV fields.
    public func outOfFoldPredictionsCSVLines(quote: (String) -> String) -> String {
        configurations.map { c in
            OutOfFoldPredictionsCSV.lines(c.predictions, prefix: "\(quote(source)),\(quote(c.configuration.label)),",
                                          row: { rows[$0] + 1 }, line: { lineNumbers[$0] }, isBad: { outcomes[$0] })
        }.joined()
    }

    /// - Parameter progress: called after each fold's fit with (fits done, fits in all: configurations × folds),
    ///   on the calling thread; for a progress display.
    public init(table: Table, target: String, bad: String, configurations: [ModelConfiguration],
                options: CrossValidationOptions = CrossValidationOptions(),
                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        guard !configurations.isEmpty else { throw ExperimentError.invalidConfiguration("give at least one configuration") }
        guard options.folds >= 2, options.repeats >= 1 else {
            throw ExperimentError.invalidOption("cross-validation needs at least 2 folds and 1 repetition")
        }
        guard options.rankMetric.isRankable else {
            throw ExperimentError.invalidOption("\(options.rankMetric.rawValue) cannot rank configurations (its best value is not an end of the scale); rank by one of \(FoldMetric.rankable.map(\.rawValue).joined(separator: ", "))")
        }
        if options.timeOrder != nil && options.repeats != 1 {
            throw ExperimentError.invalidOption("time-ordered folds are not repeated (the cut is fixed by the dates)")
        }
        guard let targetColumn = table[target] else { throw RegressionError.missingColumn(target) }
        for name in options.exclude.sorted() where table.columnIndex(named: name) == nil { throw RegressionError.missingColumn(name) }
        var designOptions = DesignOptions(target: target)
        designOptions.badValue = bad
        designOptions.exclude = options.exclude
        designOptions.missing = options.missing
        if let dateColumn = options.timeOrder {
            guard table.columnIndex(named: dateColumn) != nil else { throw RegressionError.missingColumn(dateColumn) }
            designOptions.exclude.insert(dateColumn)
        }
        let used: [Int], isBad: [Bool]
        var notes: [String] = []
        if configurations.contains(where: \.isRegression) {
            let full = try Design.build(from: table, options: designOptions)
            used = full.rows
            isBad = full.y.map { $0 == 1 }
            if !full.dropped.isEmpty {
                notes.append(options.missing == .drop
                             ? "\(full.dropped.count) rows left out (missing target or predictor; listwise, as credit train)"
                             : "\(full.dropped.count) rows left out (missing target)")
            }
        } else {
            let flags = BinaryTarget(bad: bad, column: targetColumn).outcomes(targetColumn)
            used = flags.indices.filter { flags[$0] != nil }
            isBad = used.map { flags[$0]! }
            if used.count < table.rowCount { notes.append("\(table.rowCount - used.count) rows left out (missing target)") }
        }
        let k = isBad.filter { $0 }.count
        guard min(k, isBad.count - k) >= options.folds else {
            throw ExperimentError.invalidOption("\(options.folds) folds need at least \(options.folds) bads and goods (have \(k) bads, \(isBad.count - k) goods)")
        }
        let data = table.selecting(rows: used)
        let folds: [Fold]
        if let dateColumn = options.timeOrder {
            folds = try TimeOrderedFolds.rollingOrigin(keys: try TimeOrderedFolds.keys(table: table, column: dateColumn, rows: used),
                                                       folds: options.folds)
            notes.append("time-ordered folds by \(dateColumn) (rolling origin): fold k trains on the rows before its cut and tests on the next block; \(dateColumn) is not a predictor")
        } else {
            folds = options.splits(classes: isBad)
        }
        let predictors = table.columnNames.filter { $0 != target && !designOptions.exclude.contains($0) }

        var results: [ConfigurationResult] = []
        var fits = 0
        var failures: [[FailedFit]] = []
        for configuration in configurations {
            var metrics: [FoldMetrics] = [], predictions: [FoldPredictions] = [], lambdas: [Double] = []
            var kept: [[String]] = []
            var unseen = 0, uncoded = 0
            var failed: [FailedFit] = []
            for (index, fold) in folds.enumerated() {
                do {
                    let fitted = try Self.predict(configuration, fold: fold, index: index, data: data, target: target, bad: bad,
                                                  predictors: predictors, designOptions: designOptions, options: options)
                    if !fitted.status.isSound {
                        if options.onFitFailure == .error {
                            throw ExperimentError.fold(configuration: configuration.label, repetition: fold.repetition, fold: fold.fold,
                                                       failure: .fitFailed(fitted.status))
                        }
                        failed.append(FailedFit(repetition: fold.repetition, fold: fold.fold, status: fitted.status,
                                                excluded: options.onFitFailure == .exclude))
                    }
                    unseen += fitted.unseen
                    uncoded += fitted.uncodedMissing
                    if let l = fitted.lambda { lambdas.append(l) }
                    if let c = fitted.characteristics { kept.append(c) }
                    predictions.append(FoldPredictions(repetition: fold.repetition, fold: fold.fold, rows: fold.test, predictions: fitted.predictions))
                    var foldMetrics: FoldMetrics
                    do {
                        foldMetrics = try FoldMetrics(repetition: fold.repetition, fold: fold.fold, predictions: fitted.predictions,
                                                      isBad: fold.test.map { isBad[$0] },
                                                      partialGiniMaximumProbability: options.partialGiniMaximumProbability)
                    } catch MetricsError.singleClass where options.timeOrder != nil {
                        throw ExperimentError.invalidOption("time-ordered fold \(fold.fold + 1) tests \(fold.test.count) rows of one class only; use fewer folds")
                    }
                    foldMetrics.trainingRows = fold.training.count
                    metrics.append(foldMetrics)
                    fits += 1
                    progress?(fits, configurations.count * folds.count)
                } catch let error as ExperimentError {
                    throw error
                } catch {
                    throw ExperimentError.fold(configuration: configuration.label, repetition: fold.repetition, fold: fold.fold,
                                               failure: FoldFailure(error))
                }
            }
            if unseen > 0 {
                notes.append("\(configuration.label): \(unseen) test rows had a level unseen in their fold's training rows "
                    + (configuration.isRegression ? "(coded as the reference level)" : "(scored in the unseen-level bin)"))
            }
            if uncoded > 0 {
                notes.append("\(configuration.label): \(uncoded) test rows had a missing value in a column without missing values in their fold's training rows (coded as that column's training mean, or its reference level)")
            }
            let missingPG = metrics.filter { $0.partialGini.isNaN }.count
            if missingPG > 0 {
                notes.append("\(configuration.label): partial Gini undefined in \(missingPG) folds (one class or no row with PD ≤ \(options.partialGiniMaximumProbability)); summarised over the rest")
            }
            let missingCalibration = metrics.filter { $0.calibrationSlope.isNaN }.count
            if missingCalibration > 0 {
                notes.append("\(configuration.label): calibration intercept and slope undefined in \(missingCalibration) folds (the fit diverged: the PDs separate the classes); summarised over the rest")
            }
            // With `exclude`, the failed folds' metrics are kept per fold but left out of the summaries.
            let counted = metrics.filter { m in !failed.contains { $0.excluded && $0.repetition == m.repetition && $0.fold == m.fold } }
            var result = ConfigurationResult(
                configuration: configuration, folds: metrics,
                summaries: FoldMetric.allCases.map { m in
                    MetricSummary(metric: m, values: counted.map { $0[m] }, confidenceLevel: options.confidenceLevel)
                },
                predictions: predictions, lambdas: configuration.lambdaChoice == nil ? nil : lambdas,
                characteristics: configuration.isRegression ? nil : kept)
            result.failedFits = failed
            failures.append(failed)
            results.append(result)
        }
        var friedman: FriedmanTest?
        // With `exclude`, a fold where any configuration's fit failed is left out of the Friedman test (its blocks
        // must be complete).
        let excludedFolds = Set(failures.joined().filter(\.excluded).map { [$0.repetition, $0.fold] })
        let rankedFolds = folds.indices.filter { !excludedFolds.contains([folds[$0].repetition, folds[$0].fold]) }
        if !excludedFolds.isEmpty && results.count >= 2 {
            notes.append("Friedman test over \(rankedFolds.count) of \(folds.count) folds: \(excludedFolds.count) fold\(excludedFolds.count == 1 ? "" : "s") with a failed fit left out")
        }
        if results.count >= 2 {
            let performance = rankedFolds.map { f in results.map { $0.folds[f][options.rankMetric] } }
            do {
                friedman = try FriedmanTest(performance: performance, higherIsBetter: options.rankMetric.higherIsBetter,
                                            alpha: 1 - options.confidenceLevel)
            } catch {
                notes.append("Friedman test over folds not computed: \(error)")
            }
        }
        pairedTests = results.count >= 2
            ? PairedFoldTests(configurations: results, folds: folds, metric: options.rankMetric, timeOrdered: options.timeOrder != nil,
                              confidenceLevel: options.confidenceLevel)
            : nil
        lineNumbers = used.map { table.lineNumbers[$0] }
        outcomes = isBad
        source = table.source; self.target = target; self.bad = bad; rowsIn = table.rowCount; rows = used; bads = k
        self.options = options; self.configurations = results; self.friedman = friedman; self.notes = notes
    }

    struct Fitted {
        var predictions: [Double]
        var lambda: Double?
        var characteristics: [String]?
        var unseen = 0
        /// Test rows with a missing value the fold's coding has no missing term for (`Table.encode`).
        var uncodedMissing = 0
        /// How the fold's fit ended (`FitStatus`; a penalised fit fails only by its sweep limit).
        var status = FitStatus(converged: true, iterations: 0, diagnostics: [])
    }


    static func predict(_ configuration: ModelConfiguration, fold: Fold, index: Int, data: Table, target: String, bad: String,
                        predictors: [String], designOptions: DesignOptions, options: CrossValidationOptions) throws -> Fitted {
        let training = data.selecting(rows: fold.training)
        switch configuration.kind {
        case .scorecard:
            let process = BinningProcess(options: BinningOptions(), specials: [:], selection: SelectionCriteria(minIV: 0.02))
            let card = try ScorecardSection.train(table: training, target: target, bad: bad, columns: predictors, process: process,
                                                  scaling: ScorecardScaling(pdo: 20, baseScore: 600, baseOdds: 50))
            let status = card.fit.status
            let bound = try BoundScorecard(section: card.section, table: data)
            var p: [Double] = []
            for r in fold.test {
                switch bound.score(row: r) {
                case .scored(let s): p.append(s.probability)
                case .rejected(let problem): throw ExperimentError.invalidOption("row \(problem.row + 1) could not be scored: \(problem.reasonText)")
                }
            }
            let unseen = fold.test.filter { r in card.section.characteristics.contains { ch in
                guard case .categorical(let c) = data[ch.name]!, let level = c[r] else { return false }
                return !training.hasLevel(level, column: ch.name)
            } }.count
            return Fitted(predictions: p, characteristics: card.section.characteristics.map(\.name), unseen: unseen, status: status)
        case .logistic, .firth, .penalized:
            let design = try Design.build(from: training, options: designOptions)
            let coefficients: [Double]
            var lambda: Double?
            var status = FitStatus(converged: true, iterations: 0, diagnostics: [])
            switch configuration.kind {
            case .logistic, .firth:
                var o = LogisticRegressionOptions()
                if case .firth = configuration.kind { o.firth = true; o.profileLikelihood = false }
                let fit = try LogisticRegression(options: o).fit(design)
                coefficients = fit.coefficients
                status = fit.status
            case .penalized(let mix, let choice):
                var o = PenalizedOptions()
                o.mix = mix
                let fit: PenalizedFit
                switch choice {
                case .fixed(let l):
                    o.lambdas = [l]
                    fit = try PenalizedLogisticRegression(options: o).path(design).fits[0]
                    lambda = l
                case .crossValidated(let rule, let innerFolds):
                    let classes = design.y.map { $0 == 1 }
                    let inner = Splits.stratifiedKFold(classes: classes, folds: innerFolds, seed: options.innerSeed(index))
                    let cv = try PenalizedCrossValidation(design: design, options: o, folds: inner)
                    fit = cv.path.fits[cv.index(by: rule)]
                    lambda = cv.lambda(by: rule)
                }
                coefficients = fit.coefficients
                status = FitStatus(converged: fit.converged, iterations: fit.sweeps,
                                   diagnostics: fit.converged ? [] : [.didNotConverge(iterations: fit.sweeps)])
            case .scorecard: fatalError("unreachable")
            }
            let (x, unseen, uncoded) = data.encode(rows: fold.test, coding: design.coding, training: training)
            let p = try fold.test.indices.map { i -> Double in
                var eta = 0.0
                for j in coefficients.indices { eta += x[i][j] * coefficients[j] }
                // A value far beyond the training rows' can overflow the log-odds: no PD, so no fold metric.
                guard eta.isFinite else {
                    throw ExperimentError.invalidOption("line \(data.lineNumbers[fold.test[i]]) could not be scored: its log-odds is not a finite number (a coefficient times a value overflowed), so its PD is not a number")
                }
                return Logistic.probability(logOdds: eta)
            }
            return Fitted(predictions: p, lambda: lambda, unseen: unseen, uncodedMissing: uncoded, status: status)
        }
    }
}

extension ModelConfiguration {
    var lambdaChoice: LambdaChoice? { if case .penalized(_, let l) = kind { return l } else { return nil } }
}

extension Table {
    func hasLevel(_ level: String, column: String) -> Bool {
        guard case .categorical(let c) = self[column]!, let code = c.levels.firstIndex(of: level) else { return false }
        return c.codes.contains(Int32(code))
    }

    /// Rows coded with a training design's coding: the intercept, numeric values as they are, one indicator
    /// per non-reference training level; a level unseen in training is coded as the reference (all zeros).
    /// A missing value is coded by the predictor's missing coding (the fill and `name=missing` = 1); where the
    /// fold's training rows had no missing value in the column (so there is no such term), a numeric one as the
    /// mean of `training`'s column and a categorical one as the reference level.
    /// - Returns: one row of term values per row, the number of rows with an unseen level, and the number with
    ///   a missing value that had no missing term.
    func encode(rows: [Int], coding: DesignCoding, training: Table) -> ([[Double]], Int, Int) {
        var unseen = 0, uncoded = 0
        var means: [String: Double] = [:]
        func mean(_ name: String) -> Double {
            if let m = means[name] { return m }
            guard case .numeric(let x) = training[name]! else { return .nan }
            let present = x.filter { !$0.isNaN }
            let m = present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
            means[name] = m
            return m
        }
        let out = rows.map { r -> [Double] in
            var v: [Double] = coding.intercept ? [1] : []
            var isUnseen = false, isUncoded = false
            for p in coding.predictors {
                switch (p.kind, self[p.name]!) {
                case (.numeric, .numeric(let x)):
                    if !x[r].isNaN { v.append(x[r]) }
                    else if let fill = p.missing?.fill { v.append(fill) }
                    else { v.append(mean(p.name)); isUncoded = true }
                    if p.hasMissingTerm { v.append(x[r].isNaN ? 1 : 0) }
                case (.categorical(let levels, let reference), .categorical(let c)):
                    let level = c[r]
                    if let level, !levels.contains(level) { isUnseen = true }
                    if level == nil && p.missing == nil { isUncoded = true }
                    for l in levels where l != reference { v.append(level == l ? 1 : 0) }
                    if p.hasMissingTerm { v.append(level == nil ? 1 : 0) }
                default: preconditionFailure("encode: column \(p.name) changed type")
                }
            }
            if isUnseen { unseen += 1 }
            if isUncoded { uncoded += 1 }
            return v
        }
        return (out, unseen, uncoded)
    }
}

/// What a cross-validated comparison does with a fold fit that failed (`FitStatus`).
public enum FitFailurePolicy: String, Sendable, Codable, CaseIterable {
    /// Count it, name it in the notes, keep its metrics.
    case warn
    /// Count it and leave its fold out of the configuration's summaries and of the Friedman test.
    case exclude
    /// Stop the comparison with `ExperimentError.fold(…, failure: .fitFailed)`.
    case error
}

/// One fold of one configuration whose fit failed.
public struct FailedFit: Sendable, Codable, Equatable {
    /// 0-based (1-based in JSON, as `FoldMetrics`).
    public let repetition: Int
    /// 0-based (1-based in JSON).
    public let fold: Int
    public let status: FitStatus
    /// Left out of the summaries and the Friedman test (`FitFailurePolicy.exclude`).
    public let excluded: Bool

    public init(repetition: Int, fold: Int, status: FitStatus, excluded: Bool) {
        self.repetition = repetition; self.fold = fold; self.status = status; self.excluded = excluded
    }

    private enum CodingKeys: String, CodingKey { case repetition, fold, status, excluded }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repetition = try c.decode(Int.self, forKey: .repetition) - 1
        fold = try c.decode(Int.self, forKey: .fold) - 1
        status = try c.decode(FitStatus.self, forKey: .status); excluded = try c.decode(Bool.self, forKey: .excluded)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repetition + 1, forKey: .repetition); try c.encode(fold + 1, forKey: .fold)
        try c.encode(status, forKey: .status); try c.encode(excluded, forKey: .excluded)
    }
}

extension FitStatus.Failure {
    /// "not converged", "quasi-separated", "iteration limit".
    public var phrase: String {
        switch self {
        case .notConverged: return "not converged"
        case .quasiSeparated: return "quasi-separated"
        case .iterationLimit: return "iteration limit"
        }
    }
}
