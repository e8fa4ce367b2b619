import CreditDecision
import CreditModelFile

/// The points and strategy sections of `credit report`: a scorecard's KS and gains on the score in points
/// (`PointsEvaluation`, the tables `credit validate` prints), and the strategy table of `credit strategy`
/// (`StrategyReport`, the same table).
extension HTMLReport {
    func pointsSection() -> Markup? {
        guard let p = pointsView else { return nil }
        let line = pointsKSLine(p)
        return Self.pointsMarkup(p, ksNote: line.note)
    }

    static func pointsMarkup(_ p: PointsEvaluation, ksNote: String) -> Markup {
        let g = pointsGainsTable(p)
        return section("points", "Scorecard view in points", "KS and gains on the integer score (higher = safer), as credit validate prints them; every metric above stays on the PD. Points are rounded sums, so rows with different PDs can tie on the score: KS runs over the distinct scores, and a tied score may straddle a band boundary.", [
            table("KS on points", ["Metric", "Value", "Detail"], [["KS on points", f(p.kolmogorovSmirnov.statistic, 4), ksNote]], id: "table-points-ks"),
            table("Gains by score band in points (lowest scores = riskiest first)", g.columns.map(\.title), g.rows, id: "table-points-gains"),
        ])
    }

    func strategySection() -> Markup? {
        guard let s = strategy else { return nil }
        return Self.strategyMarkup(s)
    }

    static func strategyMarkup(_ s: StrategyReport) -> Markup {
        let t = s.strategyTable(s.rows, latex: false)
        var intro = "As credit strategy computes it on \(s.source): \(s.rowsScored) rows scored, cut-offs from \(s.cutoffsFrom); approve when \(s.scale == .points ? "score ≥ cut-off (points)" : "PD ≤ cut-off")."
        if s.bads + s.goods > 0 {
            intro += " Profit = \(StrategyReport.value(s.economics.gainPerGood))·goods approved − \(StrategyReport.value(s.economics.lossPerBad))·bads approved."
            if let best = s.profitMaximising {
                intro += " Profit-maximising cut-off over every distinct score: \(s.scale == .points ? "score ≥ \(StrategyReport.value(best.cutoff)) points" : "PD ≤ \(StrategyReport.value(best.cutoff))"), approving \(NumberFormat.percent(best.approvalRate))."
            }
        } else {
            intro += " No outcomes: approval columns only."
        }
        return section("strategy", "Strategy table", intro, [table("Strategy table", t.columns.map(\.title), t.rows, id: "table-strategy")])
    }
}
