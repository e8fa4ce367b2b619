import CreditBinning
import Foundation
import CreditScorecard
/// What `credit train --scorecard` prints: the fit, the scaling and the points table.
public struct ScorecardReport: Sendable, Codable {
    public var fit: FitReport
    public var scorecard: ScorecardSection
    /// Reject inference's summary (method, parameters, inferred-bad and -good counts) when the card was refitted
    /// on an augmented sample; omitted from JSON otherwise.
    public var rejectInference: RejectInferenceReport?
    public init(fit: FitReport, scorecard: ScorecardSection, rejectInference: RejectInferenceReport? = nil) {
        self.fit = fit; self.scorecard = scorecard; self.rejectInference = rejectInference
    }

    package func summaryLines() -> [String] {
        let s = scorecard, sc = s.scaling
        var lines = fit.summaryLines()
        lines[0] = "Points scorecard of \(fit.target) (bad = \(fit.bad)) on \(fit.source): WoE-coded logistic regression"
        lines.append("scaling: \(NumberFormat.significant(sc.baseScore, 6)) points at \(NumberFormat.significant(sc.baseOdds, 6)):1 good:bad odds, PDO \(NumberFormat.significant(sc.pdo, 6))"
            + " (Factor \(NumberFormat.fixed(sc.factor, 7)), Offset \(NumberFormat.fixed(sc.offset, 7))); higher score = safer")
        lines.append("points per bin = round(Offset/k - Factor*(beta*WoE + a/k)), k = \(s.characteristics.count); WoE = \(s.woeConvention)")
        let range = s.scoreRange
        lines.append("score range \(range.min) to \(range.max); PD at a score = 1/(1 + exp((score - Offset)/Factor))")
        let ref: String
        switch s.reasons.reference {
        case .maximum: ref = "the maximum points attainable"
        case .average: ref = "the training average"
        case .cutoff: ref = "the average of the lowest-scoring 10% of training applicants at or above \(NumberFormat.significant(s.reasons.cutoff ?? .nan, 6))"
        }
        lines.append("reason codes: top \(s.reasonsPerRow) characteristics by points below \(ref); ties in scorecard order"
            + (s.reasons.binCodes == nil ? "" : "; some bins have their own code"))
        let unexpected = s.characteristics.filter { !$0.missingSeenInTraining }.count
        if unexpected > 0 {
            let what: String
            switch s.onUnexpectedMissing ?? .neutral {
            case .reject: what = "the row is rejected"
            case .riskiest: what = "it is scored with the riskiest bin's points"
            case .neutral: what = "it is scored with the missing bin's fallback points"
            }
            lines.append("a missing value in the \(unexpected) characteristic\(unexpected == 1 ? "" : "s") without missing values in training: \(what) (on-unexpected-missing \((s.onUnexpectedMissing ?? .neutral).rawValue))")
        }
        if let cv = fit.crossValidation {
            lines.append("cross-validation (\(cv.repetitions) × \(cv.foldsPerRepetition)-fold): each fold's bins, WoE, filters, selection and fit learned on its training rows alone")
        }
        for name in s.wrongSign { lines.append("warning: \(name) has a non-positive coefficient (expected > 0 under WoE = \(s.woeConvention)); consider removing it") }
        for (name, why) in s.excluded.sorted(by: { $0.key < $1.key }) { lines.append("excluded \(name): \(why)") }
        return lines
    }

    package func pointsTable(exact: Bool = false) -> TextTable {
        var table = TextTable(columns: [
            .init("characteristic"), .init("bin"), .init("count", alignRight: true), .init("bad rate", alignRight: true),
            .init("WoE", alignRight: true), .init("points", alignRight: true),
        ] + (exact ? [.init("raw points", alignRight: true)] : []))
        for ch in scorecard.characteristics {
            for (b, row) in ch.table.bins.enumerated() {
                if exact {
                    table.append([ch.name, row.label, String(row.count), row.badRate.map { "\($0)" } ?? "", "\(row.woe)",
                                  String(ch.points[b]), "\(ch.rawPoints[b])"])
                } else {
                    table.append([ch.name, row.label + (row.fallback ? " (fallback)" : ""), NumberFormat.count(row.count),
                                  row.badRate.map(NumberFormat.percent) ?? "-", NumberFormat.fixed(row.woe, 4), String(ch.points[b])])
                }
            }
        }
        return table
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: OutputFormat, csvSafe: Bool) -> String {
        switch format {
        case .text:
            return summaryLines().joined(separator: "\n") + "\n\n" + fit.coefficientTable().renderText()
                + fit.sectionTables().map { "\n" + $0.0 + "\n" + $0.1.renderText() }.joined() + "\n" + pointsTable().renderText()
        case .markdown:
            return summaryLines().map { $0 + "  " }.joined(separator: "\n") + "\n\n" + fit.coefficientTable().renderMarkdown()
                + fit.sectionTables().map { "\n" + $0.0 + "\n\n" + $0.1.renderMarkdown() }.joined()
                + "\n" + pointsTable().renderMarkdown()
        case .csv:
            return pointsTable(exact: true).renderCSV(csvSafe: csvSafe)
        case .json:
            return JSONOutput.encode(self)
        }
    }
}
