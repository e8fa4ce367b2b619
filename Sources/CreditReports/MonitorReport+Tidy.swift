import CreditMetrics
import CreditMonitoring

extension MonitorReport {
    /// The header of `tidyTable()`, fixed: one row per check or item.
    public static let tidyColumns = ["check", "item", "statistic", "value", "p", "light"]

    /// Every number of the report in one long table (`--format csv`): one row per check or item, with its
    /// p-value and traffic light where it has them, exact values (shortest round-trip decimals; empty for a
    /// number that could not be computed).
    ///
    /// | check | item | statistic | value | p | light |
    /// |---|---|---|---|---|---|
    /// | overall | all | status | | | the worst light |
    /// | score | PD | PSI | PSI | | light |
    /// | score band | band label (PD) | PSI contribution | (A − E)·ln(A/E) | | |
    /// | characteristic | name | CSI / chi2 | CSI / χ² statistic | – / p | light |
    /// | characteristic bin | name: bin label | CSI contribution | contribution | | |
    /// | discrimination | base / recent | AUC, KS (and AUC optimism-corrected for an in-sample base) | value | | |
    /// | discrimination | AUC | AUC change (and AUC change vs corrected base) | recent − base | p | light |
    /// | calibration | grade | rows, defaults, mean PD, default rate, Jeffreys, binomial | value | p of the tests | light (Jeffreys) |
    /// | calibration | all | HL chi2 | χ² | p | light |
    /// | calibration | base / recent | default rate | rate | | |
    /// | master scale | grade | upper PD (and, for a scorecard, points at upper PD) | bound | | |
    ///
    /// Any check of `result.checks` not covered above follows: a per-check test as (area, subject, statistic, , its
    /// p-value, light); a family-wise check as (area, subject, statistic, effect, p, light) and a row with its
    /// Holm-adjusted p.
    package func tidyTable() -> TextTable {
        var t = TextTable(columns: Self.tidyColumns.map { TextTable.Column($0) })
        let r = result
        func num(_ x: Double?) -> String { guard let x, x.isFinite else { return "" }; return "\(x)" }
        func light(_ s: TrafficLight?) -> String { s.map { Self.light($0) } ?? "" }
        var covered: Set<String> = []
        // Under the family-wise policy a test's light is its check's (effect, p, Holm p: the rows at the end), so
        // the test rows above them carry no light of their own.
        let familyWise = r.areaLevel != nil
        func add(_ check: String, _ item: String, _ statistic: String, _ value: Double?, p: Double? = nil, _ status: TrafficLight? = nil,
                 covers: String? = nil) {
            t.append([check, item, statistic, num(value), p == nil ? "" : num(p), light(status)])
            if let covers { covered.insert(check + "\u{1}" + item + "\u{1}" + covers) }
        }
        add("overall", "all", "status", nil, r.overall)
        add("score", "PD", "PSI", r.score.index.value, r.score.status, covers: "PSI")
        for b in r.score.index.bands { add("score band", b.label, "PSI contribution", b.contribution) }
        for c in r.characteristics {
            add("characteristic", c.name, "CSI", c.index.value, c.indexStatus, covers: "CSI")
            add("characteristic", c.name, "chi2", c.chiSquared.statistic, p: c.chiSquared.pValue, familyWise ? nil : c.chiSquaredStatus,
                covers: familyWise ? nil : "chi2 p")
        }
        for c in r.characteristics {
            for b in c.index.bands { add("characteristic bin", "\(c.name): \(b.label)", "CSI contribution", b.contribution) }
        }
        if let d = r.discrimination {
            add("discrimination", "base", "AUC", d.base.value)
            add("discrimination", "recent", "AUC", d.recent.value)
            add("discrimination", "base", "KS", d.kolmogorovSmirnovBase.statistic)
            add("discrimination", "recent", "KS", d.kolmogorovSmirnovRecent.statistic)
            if let o = r.inSampleBase?.optimism, let c = r.correctedAUCChange {
                add("discrimination", "base", "AUC optimism-corrected", o.corrected)
                add("discrimination", "AUC", "AUC change", d.change.difference, p: d.change.pValue, nil)
                add("discrimination", "AUC", "AUC change vs corrected base", c.difference, p: c.pValue,
                    familyWise ? nil : r.checks.first { $0.area == "discrimination" && $0.subject == "AUC" }?.status,
                    covers: familyWise ? nil : "AUC change vs corrected base p")
            } else {
                let judged = r.checks.first { $0.area == "discrimination" && $0.subject == "AUC" }
                add("discrimination", "AUC", "AUC change", d.change.difference, p: d.change.pValue, judged == nil || familyWise ? nil : d.status,
                    covers: familyWise ? nil : "AUC change p")
            }
        }
        if let c = r.calibration {
            for g in c.grades {
                t.append(["calibration", g.test.grade, "rows", String(g.test.rows), "", ""])
                t.append(["calibration", g.test.grade, "defaults", String(g.test.defaults), "", ""])
                add("calibration", g.test.grade, "mean PD", g.test.probability)
                add("calibration", g.test.grade, "default rate", g.test.observedRate)
                add("calibration", g.test.grade, "Jeffreys", nil, p: g.test.jeffreysPValue, familyWise ? nil : g.status,
                    covers: familyWise ? nil : "Jeffreys p")
                add("calibration", g.test.grade, "binomial", nil, p: g.test.binomialPValue)
            }
            if let hl = c.hosmerLemeshow {
                add("calibration", "all", "HL chi2", hl.statistic, p: hl.pValueValidation, familyWise ? nil : c.hosmerLemeshowStatus,
                    covers: familyWise ? nil : "HL p")
            }
            if let b = c.baseDefaultRate { add("calibration", "base", "default rate", b) }
            add("calibration", "recent", "default rate", c.recentDefaultRate)
        }
        let s = r.masterScale
        for k in 0..<s.gradeCount {
            add("master scale", s.names[k], "upper PD", k < s.bounds.count ? s.bounds[k] : 1)
            if let points = r.masterScalePoints, k < points.count { add("master scale", s.names[k], "points at upper PD", points[k]) }
        }
        for c in r.checks where !covered.contains(c.area + "\u{1}" + c.subject + "\u{1}" + c.statistic) {
            let statistic = c.statistic.hasSuffix(" p") ? String(c.statistic.dropLast(2)) : c.statistic
            if c.statistic.hasSuffix(" p") { add(c.area, c.subject, statistic, nil, p: c.value, c.status) }
            else {
                // Family-wise policy: the value is the effect, with its test's p, then the Holm-adjusted p in a row
                // of its own (compared with α/k).
                add(c.area, c.subject, statistic, c.value, p: c.pValue, c.status)
                if let adjusted = c.adjustedPValue { add(c.area, c.subject, statistic + " (Holm-adjusted p)", nil, p: adjusted) }
            }
        }
        return t
    }
}
