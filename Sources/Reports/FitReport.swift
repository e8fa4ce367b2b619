import Regression

/// What `credit train` prints: the fit summary and the coefficient table.
public struct FitReport: Sendable, Codable {
    public var source: String
    public var target: String
    public var bad: String
    public var rowsInFile: Int
    public var rowsDropped: Int
    /// Dropped rows grouped by reason ("missing value in age": 3).
    public var droppedByReason: [String: Int]
    public var result: LogisticRegressionResult

    public init(source: String, target: String, bad: String, rowsInFile: Int, rowsDropped: Int,
                droppedByReason: [String: Int], result: LogisticRegressionResult) {
        self.source = source; self.target = target; self.bad = bad; self.rowsInFile = rowsInFile
        self.rowsDropped = rowsDropped; self.droppedByReason = droppedByReason; self.result = result
    }

    /// The coefficient table (statsmodels `summary()` columns): coef, std err, z, P>|z| and the Wald CI.
    /// - Parameter exact: full-precision numbers (shortest round-trip form) for CSV; rounded for reading.
    public func coefficientTable(exact: Bool = false) -> TextTable {
        let r = result
        let level = r.confidenceLevel
        let lowTitle = NumberFormat.significant((1 - level) / 2, 3)
        let highTitle = NumberFormat.significant(1 - (1 - level) / 2, 3)
        var table = TextTable(columns: [
            .init("term"), .init("coef", alignRight: true), .init("std err", alignRight: true),
            .init("z", alignRight: true), .init("P>|z|", alignRight: true),
            .init("[\(lowTitle)", alignRight: true), .init("\(highTitle)]", alignRight: true),
        ])
        for j in 0..<r.termNames.count {
            if exact {
                table.append([r.termNames[j]] + [r.coefficients[j], r.standardErrors[j], r.zValues[j], r.pValues[j],
                                                 r.confidenceIntervals[j].lower, r.confidenceIntervals[j].upper].map { "\($0)" })
                continue
            }
            table.append([
                r.termNames[j], NumberFormat.estimate(r.coefficients[j]), NumberFormat.estimate(r.standardErrors[j]),
                NumberFormat.fixed(r.zValues[j], 3), NumberFormat.pValue(r.pValues[j]),
                NumberFormat.estimate(r.confidenceIntervals[j].lower), NumberFormat.estimate(r.confidenceIntervals[j].upper),
            ])
        }
        return table
    }

    /// The lines above the table: data, convergence, likelihoods, information criteria, diagnostics.
    public func summaryLines() -> [String] {
        let r = result
        var lines: [String] = []
        lines.append("Logistic regression of \(target) (bad = \(bad)) on \(source)")
        var rows = "rows used \(NumberFormat.count(r.observations)) of \(NumberFormat.count(rowsInFile))"
        rows += "  (bad \(NumberFormat.count(r.events)), good \(NumberFormat.count(r.observations - r.events)))"
        lines.append(rows)
        if rowsDropped > 0 {
            let reasons = droppedByReason.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .prefix(5).map { "\($0.key): \(NumberFormat.count($0.value))" }.joined(separator: "; ")
            lines.append("rows dropped \(NumberFormat.count(rowsDropped))  (\(reasons))")
        }
        lines.append(r.converged
            ? "converged in \(r.iterations) Newton iterations"
            : "NOT converged after \(r.iterations) Newton iterations")
        lines.append("log-likelihood \(NumberFormat.fixed(r.logLikelihood, 4))   null \(NumberFormat.fixed(r.nullLogLikelihood, 4))"
            + "   LR chi2(\(r.likelihoodRatioDegreesOfFreedom)) \(NumberFormat.fixed(r.likelihoodRatioChiSquare, 3))"
            + "   p \(NumberFormat.pValue(r.likelihoodRatioPValue))")
        lines.append("McFadden R2 \(NumberFormat.fixed(r.pseudoRSquared, 4))   AIC \(NumberFormat.fixed(r.aic, 3))   BIC \(NumberFormat.fixed(r.bic, 3))")
        for diagnostic in r.diagnostics { lines.append("warning: \(diagnostic.message)") }
        return lines
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .text:
            return summaryLines().joined(separator: "\n") + "\n\n" + coefficientTable().renderText()
        case .markdown:
            return summaryLines().map { $0 + "  " }.joined(separator: "\n") + "\n\n" + coefficientTable().renderMarkdown()
        case .csv:
            return coefficientTable(exact: true).renderCSV()
        case .json:
            return JSONOutput.encode(self)
        }
    }
}
