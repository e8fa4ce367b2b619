import CreditMetrics

/// The traffic lights of `AlarmPolicy.familyWise`: each check's test p-value, its Holm adjustment within its
/// area, the level α/k of the area (Bonferroni over the k areas present), its effect size and materiality.
///
/// A check is significant when its Holm-adjusted p ≤ α/k (as statsmodels `multipletests(p, alpha=α/k,
/// method="holm")` rejects). Then, with `material` from the thresholds (see `AlarmPolicy.familyWise`):
///
///     RED    significant and material
///     AMBER  significant, not material
///            | material, and p ≤ α before the adjustment (not after it)
///            | PSI/CSI ≥ its amber size (0.1), not significant
///     GREEN  otherwise (a material effect with unadjusted p > α is green: in a small grade a 50% gap is noise)
///
/// A NaN p-value (too little data) is never significant and enters Holm's adjustment as 1. Under H0 for every
/// test of every area, P(any significant) ≤ Σ_areas α/k = α (Holm controls each area's family-wise error at α/k
/// under any dependence; Holm 1979), so P(RED) ≤ α for any number of grades and characteristics.
struct FamilyWiseAlarms {
    var checks: [MonitorCheck] = []
    var areas: [String] = []
    var areaLevel = 0.0

    /// One check before adjustment: `effect` is what is shown; `material` and `notable` (at or above an amber size).
    private struct Candidate {
        var area: String, subject: String, statistic: String
        var effect: Double, p: Double, material: Bool, notable: Bool
    }

    init(thresholds t: MonitorThresholds, score: ScoreStability, characteristics: [CharacteristicStability],
         discrimination: DiscriminationDrift?, calibration: CalibrationDrift?) {
        var families: [[Candidate]] = []
        if let chi = score.chiSquared {
            let psi = score.index.value
            families.append([Candidate(area: "score", subject: "PD", statistic: "PSI", effect: psi, p: chi.pValue,
                                       material: psi >= t.psiRed, notable: psi >= t.psiAmber)])
        }
        if !characteristics.isEmpty {
            families.append(characteristics.map { c in
                Candidate(area: "characteristic", subject: c.name, statistic: "CSI", effect: c.index.value, p: c.chiSquared.pValue,
                          material: c.index.value >= t.csiRed, notable: c.index.value >= t.csiAmber)
            })
        }
        if let d = discrimination {
            families.append([Candidate(area: "discrimination", subject: "AUC", statistic: "AUC change", effect: d.change.difference,
                                       p: d.change.pValue, material: -d.change.difference >= t.aucDrop, notable: false)])
        }
        if let c = calibration {
            var family: [Candidate] = []
            for g in c.grades {
                let gap = (g.test.observedRate - g.test.probability) / g.test.probability
                family.append(Candidate(area: "calibration", subject: g.test.grade, statistic: "model vs observed", effect: gap,
                                        p: g.test.jeffreysPValue, material: gap >= t.calibrationGap, notable: false))
                if let v = g.versusBase {
                    family.append(Candidate(area: "calibration", subject: g.test.grade, statistic: "recent vs base", effect: v.relativeGap,
                                            p: v.pValue, material: abs(v.relativeGap) >= t.calibrationGap, notable: false))
                }
            }
            if let v = c.overallVersusBase {
                family.append(Candidate(area: "calibration", subject: "all", statistic: "recent vs base", effect: v.relativeGap,
                                        p: v.pValue, material: abs(v.relativeGap) >= t.calibrationGap, notable: false))
            }
            if let hl = c.hosmerLemeshow {
                // No effect size: at most AMBER.
                family.append(Candidate(area: "calibration", subject: "all", statistic: "HL", effect: hl.statistic,
                                        p: hl.pValueValidation, material: false, notable: false))
            }
            if !family.isEmpty { families.append(family) }
        }
        areas = families.map { $0[0].area }
        areaLevel = t.alpha / Double(max(families.count, 1))
        for family in families {
            let adjusted = holmAdjusted(family.map { $0.p.isNaN ? 1 : $0.p })
            for (c, adj) in zip(family, adjusted) {
                checks.append(Self.check(area: c.area, subject: c.subject, statistic: c.statistic, effect: c.effect, p: c.p,
                                         adjusted: adj, level: areaLevel, alpha: t.alpha, material: c.material, notable: c.notable))
            }
        }
    }

    /// One check's light and its basis under the rule above, from its p, its Holm-adjusted p and the level α/k.
    static func check(area: String, subject: String, statistic: String, effect: Double, p: Double, adjusted: Double,
                      level: Double, alpha: Double, material: Bool, notable: Bool) -> MonitorCheck {
        let significant = !p.isNaN && adjusted <= level
        let nominal = !p.isNaN && p <= alpha
        let (light, basis): (TrafficLight, String) =
            significant && material ? (.red, "significant and material")
            : significant ? (.amber, "significant, not material")
            : material && nominal ? (.amber, "material, significant only unadjusted")
            : notable ? (.amber, "above the amber size, not significant")
            : material ? (.green, "material, not significant")
            : (.green, "")
        return MonitorCheck(area: area, subject: subject, statistic: statistic, value: effect, status: light,
                            pValue: p, adjustedPValue: p.isNaN ? .nan : adjusted, level: level, basis: basis)
    }

    /// The worst light of the checks of `area` about `subject` (with `statistic`, only that check's).
    func light(_ area: String, _ subject: String, statistic: String? = nil) -> TrafficLight {
        checks.filter { $0.area == area && $0.subject == subject && (statistic == nil || $0.statistic == statistic) }
            .map(\.status).max() ?? .green
    }
}
