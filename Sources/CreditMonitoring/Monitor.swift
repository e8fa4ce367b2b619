import CreditBinning
import Foundation
import CreditMetrics
import CreditRegression
import CreditScorecard
import CreditModelFile
import CreditTabular
/// Monitoring of a saved model on a base sample (e.g. the development holdout) and a recent one.
///
/// - Score stability: PSI of the model's PD over bands of the base sample (quantiles or master-scale grades);
///   rows the model rejects are left out and counted.
/// - Characteristic stability, on every row: CSI with each bin's contribution and a χ² test of homogeneity. A
///   scorecard's characteristics use the model's own bins (unseen levels go to the `other` bin); a plain
///   logistic regression's categorical predictors use their levels (base ∪ recent, plus `missing`), numeric
///   ones equal-count bands of the base sample plus `missing`.
/// - With outcomes in both samples (each with bads and goods): AUC (DeLong CI) and KS of each, the unpaired DeLong test of the AUC change,
///   Jeffreys and binomial tests per master-scale grade on the recent sample (the grade's PD = the mean model
///   PD of its recent rows; "model vs observed") and Hosmer–Lemeshow on the recent sample; when the base sample
///   has outcomes, each grade's and the overall recent default rate against the base's (`TwoSampleRateTest`,
///   "recent vs base", which carries the base's sampling error).
/// - Traffic lights by `MonitorThresholds.policy`: family-wise by default (RED = significant after Holm within
///   the area at α/k AND material; `AlarmPolicy.familyWise`), or each check alone (`AlarmPolicy.perCheck`).
public enum Monitor {
    /// - Parameters:
    ///   - target: the outcome column and its bad value; nil for stability only. The column must be in
    ///     `recent`; base outcomes are used when `base` has the column too.
    /// - Throws: `RegressionError.missingColumn` when a table lacks a model column, `MetricsError` when a
    ///   sample has no scored rows or only one class.
    public static func run(model: CreditModel, base: Table, recent: Table, target: TargetSpec?,
                           options: MonitorOptions = MonitorOptions()) throws -> MonitorResult {
        let t = options.thresholds
        let baseScores = try model.score(base), recentScores = try model.score(recent)
        func outcomes(_ table: Table) -> [Bool?]? {
            guard let target, let column = table[target.column] else { return nil }
            return BinaryTarget(bad: target.bad, column: column).outcomes(column)
        }
        let baseFlags = outcomes(base), recentFlags = outcomes(recent)
        let basePD = baseScores.probabilities.filter { !$0.isNaN }, recentPD = recentScores.probabilities.filter { !$0.isNaN }
        guard !basePD.isEmpty else { throw MetricsError.tooFew("\(base.source): the model scored no row") }
        guard !recentPD.isEmpty else { throw MetricsError.tooFew("\(recent.source): the model scored no row") }

        // Scored rows with outcomes.
        func labelled(_ pd: [Double], _ flags: [Bool?]?) -> ([Double], [Bool])? {
            guard let flags else { return nil }
            var s: [Double] = [], y: [Bool] = []
            for (p, f) in zip(pd, flags) where !p.isNaN { if let f { s.append(p); y.append(f) } }
            return (s, y)
        }
        let baseLabelled = labelled(baseScores.probabilities, baseFlags)
        let recentLabelled = labelled(recentScores.probabilities, recentFlags)

        // Master scale.
        let scale: MasterScale
        switch options.masterScale {
        case .given(let s): scale = s
        case .built(let bands):
            if let (s, y) = baseLabelled, !s.isEmpty {
                scale = try MasterScale.build(try ScoredOutcomes(scores: s, isBad: y, requireBothClasses: false), initialBands: bands)
            } else {
                scale = try MasterScale(bounds: quantileCuts(basePD, bands: bands).filter { $0 > 0 && $0 < 1 })
            }
        }

        // Score PSI.
        let scoreIndex: StabilityIndex, banding: String, scoreBase: [Int], scoreRecent: [Int]
        switch options.scoreBanding {
        case .quantiles:
            let cuts = quantileCuts(basePD, bands: options.scoreBands)
            scoreBase = counts(basePD.map { band(of: $0, cuts: cuts) }, cuts.count + 1)
            scoreRecent = counts(recentPD.map { band(of: $0, cuts: cuts) }, cuts.count + 1)
            scoreIndex = populationStabilityIndex(baseCounts: scoreBase, recentCounts: scoreRecent,
                                                  labels: bandLabels(cuts: cuts), emptyBands: options.emptyBands)
            banding = "\(options.scoreBands) quantile bands of the base PD (\(cuts.count + 1) distinct)"
        case .grades:
            scoreBase = counts(basePD.map(scale.grade(of:)), scale.gradeCount)
            scoreRecent = counts(recentPD.map(scale.grade(of:)), scale.gradeCount)
            scoreIndex = populationStabilityIndex(baseCounts: scoreBase, recentCounts: scoreRecent,
                                                  labels: scale.names, emptyBands: options.emptyBands)
            banding = "master-scale grades"
        }
        var score = ScoreStability(banding: banding, index: scoreIndex,
                                   status: t.forIndex(scoreIndex.value, amber: t.psiAmber, red: t.psiRed))
        score.chiSquared = ChiSquaredHomogeneityTest(baseCounts: scoreBase, recentCounts: scoreRecent)

        // Characteristics.
        var characteristics = try characteristicBins(model: model, base: base, recent: recent, bands: options.characteristicBands)
            .map { c -> CharacteristicStability in
                let index = populationStabilityIndex(baseCounts: c.base, recentCounts: c.recent, labels: c.labels, emptyBands: options.emptyBands)
                let chi = ChiSquaredHomogeneityTest(baseCounts: c.base, recentCounts: c.recent)
                return CharacteristicStability(name: c.name, bins: c.kind, index: index, chiSquared: chi,
                                               indexStatus: t.forIndex(index.value, amber: t.csiAmber, red: t.csiRed),
                                               chiSquaredStatus: t.forPValue(chi.pValue))
            }

        // Outcomes.
        var discrimination: DiscriminationDrift?
        var calibration: CalibrationDrift?
        if let (rs, ry) = recentLabelled, !rs.isEmpty {
            let recentData = try ScoredOutcomes(scores: rs, isBad: ry, requireBothClasses: false)
            // Discrimination needs bads and goods in both samples; otherwise it is left out (and calibration stays).
            func bothClasses(_ y: [Bool]) -> Bool { y.contains(true) && y.contains(false) }
            if let (bs, by) = baseLabelled, bothClasses(by), bothClasses(ry) {
                let b = try ScoredOutcomes(scores: bs, isBad: by), r = try ScoredOutcomes(scores: rs, isBad: ry)
                let ab = AreaUnderCurve(b, confidenceLevel: options.confidenceLevel)
                let ar = AreaUnderCurve(r, confidenceLevel: options.confidenceLevel)
                let change = UnpairedAUCTest(base: ab, recent: ar)
                discrimination = DiscriminationDrift(base: ab, recent: ar, change: change,
                                                     kolmogorovSmirnovBase: KolmogorovSmirnov(b), kolmogorovSmirnovRecent: KolmogorovSmirnov(r),
                                                     status: t.forPValue(change.pValue))
            }
            // Base rows and defaults per grade, for the recent-vs-base tests.
            var baseRows: [String: Int]?, baseDefaults: [String: Int] = [:]
            if let (bs, by) = baseLabelled, !bs.isEmpty {
                var rows: [String: Int] = [:]
                for (p, bad) in zip(bs, by) {
                    let g = scale.names[scale.grade(of: p)]
                    rows[g, default: 0] += 1
                    if bad { baseDefaults[g, default: 0] += 1 }
                }
                baseRows = rows
            }
            let grades = try gradeTests(recentData, grades: rs.map { scale.names[scale.grade(of: $0)] })
                .map { test -> GradeCalibration in
                    var g = GradeCalibration(test: test, status: t.forPValue(test.jeffreysPValue))
                    if let baseRows {
                        g.versusBase = TwoSampleRateTest(recentDefaults: test.defaults, recentRows: test.rows,
                                                         baseDefaults: baseDefaults[test.grade, default: 0],
                                                         baseRows: baseRows[test.grade, default: 0])
                    }
                    return g
                }
            let hl = try? HosmerLemeshow(recentData, groups: options.hosmerLemeshowGroups)
            let baseRate = baseLabelled.flatMap { $0.1.isEmpty ? nil : Double($0.1.filter { $0 }.count) / Double($0.1.count) }
            calibration = CalibrationDrift(grades: grades.sorted { scale.names.firstIndex(of: $0.test.grade)! < scale.names.firstIndex(of: $1.test.grade)! },
                                           hosmerLemeshow: hl, hosmerLemeshowStatus: hl.map { t.forPValue($0.pValueValidation) } ?? .green,
                                           baseDefaultRate: baseRate, recentDefaultRate: Double(ry.filter { $0 }.count) / Double(ry.count))
            if let (_, by) = baseLabelled, !by.isEmpty {
                calibration?.overallVersusBase = TwoSampleRateTest(recentDefaults: ry.filter { $0 }.count, recentRows: ry.count,
                                                                   baseDefaults: by.filter { $0 }.count, baseRows: by.count)
            }
        }

        var checks: [MonitorCheck]
        var areas: [String]? = nil, areaLevel: Double? = nil
        switch t.policy {
        case .perCheck:
            checks = [MonitorCheck(area: "score", subject: "PD", statistic: "PSI", value: score.index.value, status: score.status)]
            for c in characteristics {
                checks.append(MonitorCheck(area: "characteristic", subject: c.name, statistic: "CSI", value: c.index.value, status: c.indexStatus))
                checks.append(MonitorCheck(area: "characteristic", subject: c.name, statistic: "chi2 p", value: c.chiSquared.pValue, status: c.chiSquaredStatus))
            }
            if let d = discrimination {
                checks.append(MonitorCheck(area: "discrimination", subject: "AUC", statistic: "AUC change p", value: d.change.pValue, status: d.status))
            }
            if let c = calibration {
                for g in c.grades {
                    checks.append(MonitorCheck(area: "calibration", subject: g.test.grade, statistic: "Jeffreys p", value: g.test.jeffreysPValue, status: g.status))
                }
                if let hl = c.hosmerLemeshow {
                    checks.append(MonitorCheck(area: "calibration", subject: "all", statistic: "HL p", value: hl.pValueValidation, status: c.hosmerLemeshowStatus))
                }
            }
        case .familyWise:
            let alarm = FamilyWiseAlarms(thresholds: t, score: score, characteristics: characteristics,
                                         discrimination: discrimination, calibration: calibration)
            checks = alarm.checks
            areas = alarm.areas
            areaLevel = alarm.areaLevel
            score.status = alarm.light("score", "PD")
            characteristics = characteristics.map { c in
                var c = c
                c.indexStatus = alarm.light("characteristic", c.name)
                c.chiSquaredStatus = c.indexStatus
                return c
            }
            discrimination?.status = alarm.light("discrimination", "AUC")
            if var c = calibration {
                c.grades = c.grades.map { g in
                    var g = g
                    g.status = alarm.light("calibration", g.test.grade)
                    return g
                }
                if c.hosmerLemeshow != nil { c.hosmerLemeshowStatus = alarm.light("calibration", "all", statistic: "HL") }
                if c.overallVersusBase != nil { c.overallVersusBaseStatus = alarm.light("calibration", "all", statistic: "recent vs base") }
                calibration = c
            }
        }
        func sample(_ table: Table, _ outcome: ScoringOutcome, _ lab: ([Double], [Bool])?) -> SampleCounts {
            SampleCounts(source: table.source, rows: table.rowCount, scored: outcome.summary.rowsScored,
                         withOutcome: lab?.0.count, bads: lab.map { $0.1.filter { $0 }.count })
        }
        var result = MonitorResult(base: sample(base, baseScores, baseLabelled), recent: sample(recent, recentScores, recentLabelled),
                             target: recentLabelled == nil ? nil : target?.column, masterScale: scale, score: score,
                             characteristics: characteristics, discrimination: discrimination, calibration: calibration,
                             thresholds: t, emptyBandRule: options.emptyBands.description, checks: checks,
                             overall: checks.map(\.status).max() ?? .green)
        result.alarmAreas = areas
        result.areaLevel = areaLevel
        if let scaling = model.scorecard?.scaling {
            result.masterScalePoints = scale.bounds.map { scaling.score(logOddsOfBad: log($0 / (1 - $0))) }
            let scoreCuts = options.scoreBanding == .grades ? scale.bounds : quantileCuts(basePD, bands: options.scoreBands)
            result.scoreBandPoints = scoreCuts.map { scaling.score(logOddsOfBad: log($0 / (1 - $0))) }
        }
        if case .built = options.masterScale { result.masterScaleBuiltFromBase = true }
        return result
    }

    /// Binned counts of one characteristic in both samples.
    struct BinnedCharacteristic {
        var name: String
        var kind: String
        var labels: [String]
        var base: [Int]
        var recent: [Int]
    }

    static func characteristicBins(model: CreditModel, base: Table, recent: Table, bands: Int) throws -> [BinnedCharacteristic] {
        if let card = model.scorecard {
            return try card.characteristics.map { ch in
                func binCounts(_ table: Table) throws -> [Int] {
                    guard let column = table[ch.name] else { throw RegressionError.missingColumn(ch.name) }
                    let a: BinAssigner
                    do { a = try BinAssigner(spec: ch.bins, column: column) } catch {
                        throw RegressionError.columnTypeMismatch(column: ch.name, expected: ch.bins.type.rawValue)
                    }
                    var c = [Int](repeating: 0, count: ch.bins.binCount)
                    for row in 0..<table.rowCount { c[a.countedBin(row)] += 1 }
                    return c
                }
                return BinnedCharacteristic(name: ch.name, kind: "scorecard bins", labels: (0..<ch.bins.binCount).map(ch.bins.label),
                                            base: try binCounts(base), recent: try binCounts(recent))
            }
        }
        return try model.schema.predictors.map { p in
            guard let bc = base[p.name] else { throw RegressionError.missingColumn(p.name) }
            guard let rc = recent[p.name] else { throw RegressionError.missingColumn(p.name) }
            switch (bc, rc) {
            case (.numeric(let bv), .numeric(let rv)):
                let cuts = quantileCuts(bv, bands: bands)
                func binCounts(_ v: [Double]) -> [Int] {
                    counts(v.map { $0.isNaN ? cuts.count + 1 : band(of: $0, cuts: cuts) }, cuts.count + 2)
                }
                return BinnedCharacteristic(name: p.name, kind: "base quantile bands", labels: bandLabels(cuts: cuts) + ["missing"],
                                            base: binCounts(bv), recent: binCounts(rv))
            case (.categorical(let bcat), .categorical(let rcat)):
                var levels: [String] = []
                if case .categorical(let modelLevels, _) = p.kind { levels = modelLevels }
                var index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
                for l in bcat.levels + rcat.levels where index[l] == nil { index[l] = levels.count; levels.append(l) }
                func binCounts(_ c: CategoricalColumn) -> [Int] {
                    let map = c.levels.map { index[$0]! }
                    return counts(c.codes.map { $0 < 0 ? levels.count : map[Int($0)] }, levels.count + 1)
                }
                return BinnedCharacteristic(name: p.name, kind: "levels", labels: levels + ["missing"],
                                            base: binCounts(bcat), recent: binCounts(rcat))
            default:
                throw RegressionError.columnTypeMismatch(column: p.name, expected: bc.type.rawValue)
            }
        }
    }
}

/// Counts of each index in 0..<k.
func counts(_ indices: [Int], _ k: Int) -> [Int] {
    var c = [Int](repeating: 0, count: k)
    for i in indices { c[i] += 1 }
    return c
}
