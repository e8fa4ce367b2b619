import CreditMetrics
import CreditMonitoring
/// What `credit monitor` prints: the checklist with traffic lights, score PSI by band, CSI and χ² per
/// characteristic with each bin's contribution, AUC/KS drift, the master scale and calibration by grade.
public struct MonitorReport: Sendable, Codable {
    public var model: String
    public var result: MonitorResult
    /// The level at which monitoring fails, if any; the text report says whether it was reached.
    public var failOn: TrafficLight?
    /// How the text report names `failOn` (the CLI gives its flag, `--fail-on`); not part of the JSON.
    public var failOnLabel = "fail level"
    /// The file the master scale was read from (`credit monitor --grades FILE`), nil otherwise.
    public var masterScaleFile: String?
    /// The file the master scale was written to (`credit monitor --write-grades FILE`), nil otherwise.
    public var masterScaleWrittenTo: String?

    private enum CodingKeys: String, CodingKey { case model, result, failOn, masterScaleFile, masterScaleWrittenTo }

    public init(model: String, result: MonitorResult, failOn: TrafficLight?) {
        self.model = model; self.result = result; self.failOn = failOn
    }

    static func light(_ s: TrafficLight) -> String { s.rawValue.uppercased() }

    /// Every traffic light, one line each.
    package func checksTable() -> TextTable {
        // Family-wise policy: the test's p, its Holm adjustment within the area, and why the light (last, after the status).
        let familyWise = result.alarmAreas != nil
        var t = TextTable(columns: [.init("area"), .init("subject"), .init("statistic"), .init("value", alignRight: true)]
                          + (familyWise ? [.init("p", alignRight: true), .init("Holm p", alignRight: true)] : [])
                          + [.init("status")] + (familyWise ? [.init("basis")] : []))
        for c in result.checks {
            var row = [c.area, c.subject, c.statistic, c.statistic.hasSuffix(" p") ? NumberFormat.pValue(c.value) : NumberFormat.fixed(c.value, 4)]
            if familyWise { row += [c.pValue.map(NumberFormat.pValue) ?? "", c.adjustedPValue.map(NumberFormat.pValue) ?? ""] }
            row.append(Self.light(c.status))
            if familyWise { row.append(c.basis ?? "") }
            t.append(row)
        }
        return t
    }

    /// - Parameter points: a scorecard's score at each interior cut of the bands (`MonitorResult.scoreBandPoints`):
    ///   two columns give each band's score range, band k holding the scores in (points_k, points_{k−1}]; left out
    ///   when the bands are not the cuts' (empty bands skipped).
    func bandTable(_ index: StabilityIndex, first: String, points: [Double]? = nil) -> TextTable {
        let points = points.flatMap { $0.count + 1 == index.bands.count ? $0 : nil }
        var t = TextTable(columns: [.init(first)]
                          + (points == nil ? [] : [.init("points above", alignRight: true), .init("points to", alignRight: true)])
                          + [.init("base", alignRight: true), .init("recent", alignRight: true),
                             .init("base %", alignRight: true), .init("recent %", alignRight: true), .init("contribution", alignRight: true)])
        for (k, b) in index.bands.enumerated() {
            var row = [b.label]
            if let points {
                // Higher PD, lower score: band k holds the scores in (points at its upper PD, points at its lower PD].
                row += [k == points.count ? "−∞" : NumberFormat.fixed(points[k], 1), k == 0 ? "+∞" : NumberFormat.fixed(points[k - 1], 1)]
            }
            t.append(row + [NumberFormat.count(b.baseCount), NumberFormat.count(b.recentCount),
                            NumberFormat.fixed(100 * b.baseShare, 2), NumberFormat.fixed(100 * b.recentShare, 2), NumberFormat.fixed(b.contribution, 5)])
        }
        return t
    }

    package func characteristicTable() -> TextTable {
        var t = TextTable(columns: [.init("characteristic"), .init("bins"), .init("CSI", alignRight: true), .init("CSI status"),
                                    .init("chi2", alignRight: true), .init("df", alignRight: true), .init("p", alignRight: true), .init("chi2 status")])
        for c in result.characteristics {
            t.append([c.name, "\(c.index.bands.count) \(c.bins)", NumberFormat.fixed(c.index.value, 4), Self.light(c.indexStatus),
                      NumberFormat.fixed(c.chiSquared.statistic, 2), String(c.chiSquared.degreesOfFreedom),
                      NumberFormat.pValue(c.chiSquared.pValue), Self.light(c.chiSquaredStatus)])
        }
        return t
    }

    /// Long format: one row per band of the score and of every characteristic (for CSV).
    package func bandsLongTable() -> TextTable {
        var t = TextTable(columns: [.init("what"), .init("band"), .init("base_count"), .init("recent_count"),
                                    .init("base_share"), .init("recent_share"), .init("contribution")])
        func add(_ what: String, _ index: StabilityIndex) {
            for b in index.bands {
                t.append([what, b.label, String(b.baseCount), String(b.recentCount), "\(b.baseShare)", "\(b.recentShare)", "\(b.contribution)"])
            }
        }
        add("score", result.score.index)
        for c in result.characteristics { add(c.name, c.index) }
        return t
    }

    package func masterScaleTable() -> TextTable {
        let s = result.masterScale
        let points = result.masterScalePoints
        var t = TextTable(columns: [.init("grade"), .init("PD from", alignRight: true), .init("PD to", alignRight: true)]
                          + (points == nil ? [] : [.init("points above", alignRight: true), .init("points to", alignRight: true)])
                          + [.init("base rows", alignRight: true), .init("base defaults", alignRight: true),
                                    .init("base rate", alignRight: true), .init("base mean PD", alignRight: true)])
        for k in 0..<s.gradeCount {
            let lo = k == 0 ? 0 : s.bounds[k - 1], hi = k == s.bounds.count ? 1 : s.bounds[k]
            var row = [s.names[k], NumberFormat.significant(lo, 4), NumberFormat.significant(hi, 4)]
            if let points {
                // Higher PD, lower score: grade k holds the scores in (points at its upper PD, points at its lower PD].
                row += [k == s.bounds.count ? "−∞" : NumberFormat.fixed(points[k], 1), k == 0 ? "+∞" : NumberFormat.fixed(points[k - 1], 1)]
            }
            if let r = s.baseRows, let d = s.baseDefaults, let m = s.baseMeanPD {
                row += [NumberFormat.count(r[k]), NumberFormat.count(d[k]), NumberFormat.percent(Double(d[k]) / Double(max(r[k], 1))),
                        NumberFormat.percent(m[k])]
            } else { row += ["", "", "", ""] }
            t.append(row)
        }
        return t
    }

    package func gradeTable() -> TextTable? {
        guard let c = result.calibration else { return nil }
        let withBase = c.grades.contains { $0.versusBase != nil }
        var t = TextTable(columns: [.init("grade"), .init("rows", alignRight: true), .init("defaults", alignRight: true),
                                    .init("mean PD", alignRight: true), .init("default rate", alignRight: true),
                                    .init("Jeffreys p", alignRight: true), .init("binomial p", alignRight: true)]
                          + (withBase ? [.init("base rate", alignRight: true), .init("vs base p", alignRight: true)] : []) + [.init("status")])
        for g in c.grades {
            var row = [g.test.grade, NumberFormat.count(g.test.rows), NumberFormat.count(g.test.defaults),
                       NumberFormat.percent(g.test.probability), NumberFormat.percent(g.test.observedRate),
                       NumberFormat.pValue(g.test.jeffreysPValue), NumberFormat.pValue(g.test.binomialPValue)]
            if withBase {
                row += [g.versusBase.map { $0.baseRows == 0 ? "" : NumberFormat.percent($0.baseRate) } ?? "",
                        g.versusBase.map { NumberFormat.pValue($0.pValue) } ?? ""]
            }
            t.append(row + [Self.light(g.status)])
        }
        return t
    }

    package func discriminationTable() -> TextTable? {
        guard let d = result.discrimination else { return nil }
        let pct = Int((d.base.confidenceLevel * 100).rounded())
        var t = TextTable(columns: [.init("sample"), .init("AUC", alignRight: true), .init("\(pct)% CI (DeLong)", alignRight: true),
                                    .init("Gini", alignRight: true), .init("KS", alignRight: true)])
        for (name, a, ks) in [("base", d.base, d.kolmogorovSmirnovBase), ("recent", d.recent, d.kolmogorovSmirnovRecent)] {
            t.append([name, NumberFormat.fixed(a.value, 4),
                      NumberFormat.fixed(a.confidenceInterval.lower, 4) + "–" + NumberFormat.fixed(a.confidenceInterval.upper, 4),
                      NumberFormat.fixed(a.gini, 4), NumberFormat.fixed(ks.statistic, 4)])
        }
        return t
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: OutputFormat, csvSafe: Bool) -> String {
        let r = result
        switch format {
        case .json: return JSONOutput.encode(self)
        case .csv:
            return tidyTable().renderCSV(csvSafe: csvSafe)
        case .text, .markdown:
            let md = format == .markdown
            // Markdown: a table needs a blank line after it (else the next line joins the table), and lines of one
            // block end with two spaces to break there.
            func table(_ t: TextTable) -> String { md ? t.renderMarkdown() + "\n" : t.renderText() }
            let br = md ? "  \n" : "\n"
            var out = "Monitoring \(model)" + br
            for (name, s) in [("base", r.base), ("recent", r.recent)] {
                out += "\(name): \(s.source): rows \(NumberFormat.count(s.rows)), scored \(NumberFormat.count(s.scored))"
                if let w = s.withOutcome, let b = s.bads { out += ", with outcome \(NumberFormat.count(w)) (bad \(NumberFormat.count(b)))" }
                out += br
            }
            out += inSampleLines().map { $0 + br }.joined()
            out += "master scale: " + masterScaleProvenance() + br
            out += "overall: \(Self.light(r.overall))"
            if let f = failOn { out += "  (\(failOnLabel) \(f.rawValue): \(r.overall >= f ? "failing" : "passing"))" }
            out += br
            let t = r.thresholds
            out += "thresholds: PSI amber ≥ \(NumberFormat.significant(t.psiAmber)), red ≥ \(NumberFormat.significant(t.psiRed)); "
            out += "CSI amber ≥ \(NumberFormat.significant(t.csiAmber)), red ≥ \(NumberFormat.significant(t.csiRed)); "
            if let areas = r.alarmAreas, let level = r.areaLevel {
                out += "AUC drop ≥ \(NumberFormat.significant(t.aucDrop)) and calibration gap ≥ \(NumberFormat.significant(t.calibrationGap)) material; "
                out += "family-wise: RED = material and Holm p ≤ α/k = \(NumberFormat.significant(t.alpha))/\(areas.count) = \(NumberFormat.significant(level)) "
                out += "(areas: \(areas.joined(separator: ", "))); "
            } else {
                out += "tests amber p < \(NumberFormat.significant(t.pValueAmber)), red p < \(NumberFormat.significant(t.pValueRed)) (per check); "
            }
            out += "empty bands: \(r.emptyBandRule)\n\n"
            let flagged = r.checks.filter { $0.status != .green }
            out += "Checks not green (\(flagged.count) of \(r.checks.count)):\n\n"
            if flagged.isEmpty { out += "(none)\n" } else {
                var ft = TextTable(columns: checksTable().columns)
                for (row, c) in zip(checksTable().rows, r.checks) where c.status != .green { ft.append(row) }
                out += table(ft)
            }
            out += "\nScore stability: PSI \(NumberFormat.fixed(r.score.index.value, 4)) \(Self.light(r.score.status)) over \(r.score.banding)"
            out += r.scoreBandPoints == nil ? "\n\n" : "; points by the scaling at each PD cut, a band holds the scores above its first and up to its second\n\n"
            out += table(bandTable(r.score.index, first: "PD band", points: r.scoreBandPoints))
            out += "\nCharacteristic stability (CSI; χ² test of the binned distribution, base vs recent):\n\n"
            out += table(characteristicTable())
            for c in r.characteristics {
                out += "\n\(c.name): CSI \(NumberFormat.fixed(c.index.value, 4)) \(Self.light(c.indexStatus))\n\n"
                out += table(bandTable(c.index, first: "bin"))
            }
            if let d = discriminationTable(), let dd = r.discrimination {
                out += "\nDiscrimination (higher PD = riskier):\n\n" + table(d)
                out += "AUC change \(NumberFormat.fixed(dd.change.difference, 4)) (SE \(NumberFormat.fixed(dd.change.standardError, 4)), "
                out += "z \(NumberFormat.fixed(dd.change.z, 3)), p \(NumberFormat.pValue(dd.change.pValue)); unpaired DeLong) "
                if r.inSampleBase?.isTrainingData == true {
                    out += "— base AUC in-sample, not judged" + br
                    out += correctedChangeLines().map { $0 + br }.joined()
                } else {
                    out += Self.light(dd.status) + br
                }
            }
            out += "\nMaster scale (\(r.masterScale.origin)\(r.masterScalePoints == nil ? "" : "; points by the scaling at each PD bound, a grade holds the scores above its first and up to its second")):\n\n" + table(masterScaleTable())
            if let g = gradeTable(), let c = r.calibration {
                out += "\nCalibration by grade on the recent sample (PD = mean model PD of the grade's rows; model vs observed: Jeffreys and binomial "
                out += "tests that the PD is not underestimated"
                out += c.grades.contains { $0.versusBase != nil } ? "; recent vs base: the grade's default rate against BASE's, two-sided):\n\n" : "):\n\n"
                out += table(g)
                out += "default rate: recent \(NumberFormat.percent(c.recentDefaultRate))"
                if let b = c.baseDefaultRate { out += ", base \(NumberFormat.percent(b))" }
                if let v = c.overallVersusBase {
                    out += "; recent vs base: \(v.method.rawValue) p \(NumberFormat.pValue(v.pValue))"
                    if let s = c.overallVersusBaseStatus { out += " \(Self.light(s))" }
                }
                out += br
                if let hl = c.hosmerLemeshow {
                    out += "Hosmer–Lemeshow (recent, \(hl.groups) groups): χ² \(NumberFormat.fixed(hl.statistic, 2)), df \(hl.groups), "
                    out += "p \(NumberFormat.pValue(hl.pValueValidation)) \(Self.light(c.hosmerLemeshowStatus))\n"
                }
            }
            return out
        }
    }
}
