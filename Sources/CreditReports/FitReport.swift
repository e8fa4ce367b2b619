import Foundation
import CreditRegression
import CreditTabular
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
    /// The frequency-weight column, if any.
    public var weightColumn: String?
    /// VIF, condition number and correlation table (`--collinearity`).
    public var collinearity: DesignDiagnostics?
    /// Average marginal effects and/or effects at the means (`--marginal-effects`).
    public var marginalEffects: [MarginalEffects]?
    /// The variable-selection path (`--select`).
    public var selection: SelectionResult?
    /// The regularisation path (`--penalty` without cross-validation).
    public var penalizedPath: PenalizedPath?
    /// The cross-validated path (`--penalty` with `--cv-folds`).
    public var penalizedCrossValidation: PenalizedCrossValidation?
    /// Per-fold out-of-sample predictions of the fitted model (`--cv-folds` without `--penalty`).
    public var crossValidation: CrossValidationReport?
    /// How a diagnostic's warning line is worded (default: `FitDiagnostic.message`, in the library's terms; the
    /// `credit` command names its own options). Not part of the JSON form.
    public var diagnosticMessage: @Sendable (FitDiagnostic) -> String = { $0.message }

    private enum CodingKeys: String, CodingKey {
        case source, target, bad, rowsInFile, rowsDropped, droppedByReason, result, weightColumn, collinearity,
             marginalEffects, selection, penalizedPath, penalizedCrossValidation, crossValidation
    }

    public init(source: String, target: String, bad: String, rowsInFile: Int, rowsDropped: Int,
                droppedByReason: [String: Int], result: LogisticRegressionResult) {
        self.source = source; self.target = target; self.bad = bad; self.rowsInFile = rowsInFile
        self.rowsDropped = rowsDropped; self.droppedByReason = droppedByReason; self.result = result
    }

    /// The coefficient table (statsmodels `summary()` columns): coef, std err, z, P>|z| and the Wald CI.
    /// - Parameter exact: full-precision numbers (shortest round-trip form) for CSV; rounded for reading.
    package func coefficientTable(exact: Bool = false) -> TextTable {
        if result.penalty != nil { return penalizedCoefficientTable(exact: exact) }
        let r = result
        let firth = r.firth?.likelihoodRatioPValues != nil
        let level = r.confidenceLevel
        let lowTitle = NumberFormat.significant((1 - level) / 2, 3)
        let highTitle = NumberFormat.significant(1 - (1 - level) / 2, 3)
        var table = TextTable(columns: [
            .init("term"), .init("coef", alignRight: true), .init("std err", alignRight: true),
            .init("z", alignRight: true), .init(firth ? "P>chi2" : "P>|z|", alignRight: true),
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
    package func summaryLines() -> [String] {
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
        if let p = r.penalty { return lines + penalizedSummaryLines(lambda: p.lambda, mix: p.mix) }
        lines.append(r.converged
            ? "converged in \(r.iterations) Newton iterations"
            : "NOT converged after \(r.iterations) Newton iterations")
        if r.firth != nil {
            lines.append(contentsOf: firthLikelihoodLines())
        } else {
        lines.append("log-likelihood \(NumberFormat.fixed(r.logLikelihood, 4))   null \(NumberFormat.fixed(r.nullLogLikelihood, 4))"
            + "   LR chi2(\(r.likelihoodRatioDegreesOfFreedom)) \(NumberFormat.fixed(r.likelihoodRatioChiSquare, 3))"
            + "   p \(NumberFormat.pValue(r.likelihoodRatioPValue))")
        lines.append("McFadden R2 \(NumberFormat.fixed(r.pseudoRSquared, 4))   AIC \(NumberFormat.fixed(r.aic, 3))   BIC \(NumberFormat.fixed(r.bic, 3))")
        }
        if let w = r.weighting {
            lines.append("frequency weights from '\(weightColumn ?? "?")': total \(NumberFormat.fixed(w.total, 3)), bad \(NumberFormat.fixed(w.badTotal, 3)) (AIC, BIC and the null model count Σw observations, as statsmodels GLM freq_weights)")
        }
        if let f = r.firth {
            if f.profileIntervals != nil {
                lines.append("p-values: penalised likelihood-ratio tests (chi2, 1 df); intervals: profile penalised likelihood; std err: Wald √diag(I(β)⁻¹)")
            }
        }
        if let c = r.priorCorrection {
            lines.append("prior correction (King & Zeng 2001): intercept shifted by \(NumberFormat.fixed(c.interceptShift, 6)) from sample bad rate \(NumberFormat.fixed(c.sampleBadRate, 4)) to population \(NumberFormat.fixed(c.populationBadRate, 4))")
        }
        if let hl = r.hosmerLemeshow {
            lines.append("Hosmer-Lemeshow (\(hl.groups.count) quantile groups, df = groups - 2): chi2 \(NumberFormat.fixed(hl.chiSquare, 3))   df \(hl.degreesOfFreedom)   p \(NumberFormat.pValue(hl.pValue))")
        }
        for diagnostic in r.diagnostics { lines.append("warning: \(diagnosticMessage(diagnostic))") }
        return lines
    }

    /// A Firth fit's likelihood lines: the penalised log-likelihood ℓ* = ℓ + ½·log|I| by that name, its null
    /// (intercept only, same penalty) and LR test (logistf's `loglik` and `logtest`); AIC and BIC labelled as
    /// computed from ℓ* (logistf's `extractAIC`), so comparable only between Firth fits; no McFadden R²; ℓ at the
    /// estimate; and how the maximum was found when more than one start was tried.
    private func firthLikelihoodLines() -> [String] {
        let r = result
        guard let f = r.firth else { return [] }
        var lines = [
            "penalised log-likelihood \(NumberFormat.fixed(f.penalizedLogLikelihood, 4))   null \(NumberFormat.fixed(f.nullPenalizedLogLikelihood, 4))"
                + "   penalised LR chi2(\(r.likelihoodRatioDegreesOfFreedom)) \(NumberFormat.fixed(r.likelihoodRatioChiSquare, 3))"
                + "   p \(NumberFormat.pValue(r.likelihoodRatioPValue))",
            "penalised AIC \(NumberFormat.fixed(r.aic, 3))   penalised BIC \(NumberFormat.fixed(r.bic, 3))   (from the penalised log-likelihood, as logistf; compare only with other Firth fits)",
            "Firth penalised likelihood (as R logistf): unpenalised log-likelihood at the estimate \(NumberFormat.fixed(f.unpenalizedLogLikelihood, 4))",
        ]
        if let s = f.search, s.startsTried > 1 || s.start != "zero" {
            let maxima = s.maxima.map { NumberFormat.fixed($0, 4) }.joined(separator: ", ")
            lines.append("maximum reached from \(s.start) (\(s.startsTried) starts tried; distinct maxima of the penalised log-likelihood found: \(maxima.isEmpty ? "none converged" : maxima))")
        }
        return lines
    }

    /// Extra tables after the coefficient table, each with a title line.
    package func sectionTables() -> [(String, TextTable)] {
        var out: [(String, TextTable)] = []
        if let s = selection {
            var t = TextTable(columns: [.init("step", alignRight: true), .init("action"), .init("predictor"), .init("by"),
                                        .init("before", alignRight: true), .init("after", alignRight: true)])
            for (k, step) in s.steps.enumerated() {
                t.append(["\(k + 1)", step.action.rawValue, step.predictor, step.reason,
                          NumberFormat.significant(step.criterionBefore, 6), NumberFormat.significant(step.criterionAfter, 6)])
            }
            out.append(("Variable selection (\(s.steps.count) steps; selected \(s.selected.count): \(s.selected.joined(separator: ", ")))", t))
        }
        if let d = collinearity {
            var t = TextTable(columns: [.init("term"), .init("VIF", alignRight: true)])
            for (name, v) in zip(d.termNames, d.varianceInflation) { t.append([name, NumberFormat.fixed(v, 3)]) }
            out.append(("Collinearity: condition number \(NumberFormat.fixed(d.conditionNumber, 2)) (design columns scaled to unit length, intercept included); VIF = 1/(1 - R²) against the other terms and a constant", t))
            var c = TextTable(columns: [.init("term")] + d.termNames.indices.map { .init("\($0 + 1)", alignRight: true) })
            for (a, row) in d.correlation.enumerated() {
                c.append(["\(a + 1) \(d.termNames[a])"] + row.map { NumberFormat.fixed($0, 3) })
            }
            out.append(("Correlation of the design columns (Pearson)", c))
        }
        for m in marginalEffects ?? [] {
            var t = TextTable(columns: [.init("term"), .init("dy/dx", alignRight: true), .init("std err", alignRight: true),
                                        .init("z", alignRight: true), .init("P>|z|", alignRight: true)])
            for j in m.termNames.indices {
                t.append([m.termNames[j], NumberFormat.estimate(m.effects[j]), NumberFormat.estimate(m.standardErrors[j]),
                          NumberFormat.fixed(m.zValues[j], 3), NumberFormat.pValue(m.pValues[j])])
            }
            let title = m.at == .average ? "Average marginal effects (statsmodels at='overall')" : "Marginal effects at the means (statsmodels at='mean')"
            out.append((title + "; delta-method std err; indicators treated as continuous (statsmodels' default dummy=False)", t))
        }
        if let cv = penalizedCrossValidation {
            var t = TextTable(columns: [.init("lambda", alignRight: true), .init("non-zero", alignRight: true),
                                        .init("CV deviance", alignRight: true), .init("std err", alignRight: true), .init("")])
            for (k, l) in cv.lambdas.enumerated() {
                let mark = (l == cv.lambdaMin ? "min " : "") + (l == cv.lambdaOneStandardError ? "1se" : "")
                t.append([NumberFormat.significant(l, 5), "\(cv.path.fits[k].nonZero)", NumberFormat.fixed(cv.meanDeviance[k], 5),
                          NumberFormat.fixed(cv.standardError[k], 5), mark])
            }
            out.append(("\(cv.folds)-fold cross-validation of the path (mix \(cv.path.mix), lambda max \(NumberFormat.significant(cv.path.lambdaMax, 5))): lambda min \(NumberFormat.significant(cv.lambdaMin, 5)), lambda 1se \(NumberFormat.significant(cv.lambdaOneStandardError, 5))", t))
        } else if let path = penalizedPath {
            var t = TextTable(columns: [.init("lambda", alignRight: true), .init("non-zero", alignRight: true),
                                        .init("deviance", alignRight: true)])
            for f in path.fits { t.append([NumberFormat.significant(f.lambda, 5), "\(f.nonZero)", NumberFormat.fixed(f.deviance, 4)]) }
            out.append(("Regularisation path (mix \(path.mix), lambda max \(NumberFormat.significant(path.lambdaMax, 5)))", t))
        }
        if let cv = crossValidation {
            var t = TextTable(columns: [.init("repetition", alignRight: true), .init("fold", alignRight: true),
                                        .init("rows", alignRight: true), .init("bad", alignRight: true),
                                        .init("log loss", alignRight: true)])
            for f in cv.folds {
                t.append(["\(f.repetition + 1)", "\(f.fold + 1)", NumberFormat.count(f.rows), NumberFormat.count(f.bads),
                          NumberFormat.fixed(f.logLoss, 5)])
            }
            out.append(("Cross-validation: \(cv.repetitions) × \(cv.foldsPerRepetition)-fold, stratified, seed \(cv.seed); out-of-fold log loss (p clipped to [1e-15, 1 - 1e-15])", t))
        }
        return out
    }

    /// The report in `format`, safe to print and to open in a spreadsheet (`ReportFormat`).
    public func render(_ format: OutputFormat, csvSafe: Bool = true) -> String {
        TerminalText.escaped(rendered(format, csvSafe: csvSafe), for: format)
    }

    private func rendered(_ format: OutputFormat, csvSafe: Bool) -> String {
        switch format {
        case .text:
            return summaryLines().joined(separator: "\n") + "\n\n" + coefficientTable().renderText()
                + sectionTables().map { "\n" + $0.0 + "\n" + $0.1.renderText() }.joined()
        case .markdown:
            return summaryLines().map { $0 + "  " }.joined(separator: "\n") + "\n\n" + coefficientTable().renderMarkdown()
                + sectionTables().map { "\n" + $0.0 + "\n\n" + $0.1.renderMarkdown() }.joined()
        case .csv:
            return coefficientTable(exact: true).renderCSV(csvSafe: csvSafe)
        case .json:
            return JSONOutput.encode(self)
        }
    }
}

/// Out-of-fold results of `credit train --cv-folds`.
public struct CrossValidationReport: Sendable, Codable {
    public struct FoldSummary: Sendable, Codable {
        public var repetition: Int
        public var fold: Int
        public var rows: Int
        public var bads: Int
        /// Mean −[y ln p + (1 − y) ln(1 − p)] over the fold's test rows, p clipped to [1e-15, 1 − 1e-15].
        public var logLoss: Double
    }
    public var seed: UInt64
    public var repetitions: Int
    public var foldsPerRepetition: Int
    public var folds: [FoldSummary]
    /// Every fold's test rows (design rows) and predictions.
    public var predictions: [FoldPredictions]

    public init(seed: UInt64, repetitions: Int, foldsPerRepetition: Int, predictions: [FoldPredictions], outcomes: [Double]) {
        self.seed = seed; self.repetitions = repetitions; self.foldsPerRepetition = foldsPerRepetition
        self.predictions = predictions
        self.folds = predictions.map { f in
            var loss = 0.0
            for (r, p) in zip(f.rows, f.predictions) {
                let q = min(max(p, 1e-15), 1 - 1e-15)
                loss -= outcomes[r] * log(q) + (1 - outcomes[r]) * log(1 - q)
            }
            return FoldSummary(repetition: f.repetition, fold: f.fold, rows: f.rows.count,
                               bads: f.rows.filter { outcomes[$0] == 1 }.count, logLoss: loss / Double(max(f.rows.count, 1)))
        }
    }
}
