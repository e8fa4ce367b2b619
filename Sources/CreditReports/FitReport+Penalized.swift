import Foundation
import CreditRegression

extension LogisticRegressionResult {
    /// λ and the elastic-net mix of a penalised fit (its `.penalized` diagnostic); nil for ML and Firth fits.
    var penalty: (lambda: Double, mix: Double)? {
        for d in diagnostics { if case .penalized(let lambda, let mix) = d { return (lambda, mix) } }
        return nil
    }
}

extension FitReport {
    /// The summary lines of a penalised fit after the rows: the algorithm that fitted it (coordinate descent on
    /// the penalised IRLS approximation, as glmnet) and its sweeps, the log-likelihood at the shrunk estimates,
    /// AIC/BIC with the non-zero coefficients as degrees of freedom (Zou, Hastie & Tibshirani 2007, Ann. Statist.
    /// 35(5):2173–2192), and one line on why there is no LR χ², p-value, standard error or interval: shrunk
    /// estimates have no known sampling distribution under the penalty (glmnet reports none either).
    func penalizedSummaryLines(lambda: Double, mix: Double) -> [String] {
        let r = result
        let name = mix == 1 ? "lasso" : mix == 0 ? "ridge" : "elastic net"
        var lines: [String] = []
        lines.append(r.converged
            ? "\(name) (lambda \(NumberFormat.significant(lambda, 6)), mix \(NumberFormat.significant(mix, 6))) fitted by coordinate descent (penalised IRLS, as glmnet): converged in \(r.iterations) coordinate-descent sweeps"
            : "\(name) (lambda \(NumberFormat.significant(lambda, 6)), mix \(NumberFormat.significant(mix, 6))) fitted by coordinate descent (penalised IRLS, as glmnet): NOT converged after \(r.iterations) coordinate-descent sweeps")
        lines.append("log-likelihood at the penalised estimates \(NumberFormat.fixed(r.logLikelihood, 4))   null \(NumberFormat.fixed(r.nullLogLikelihood, 4))   non-zero slopes \(r.likelihoodRatioDegreesOfFreedom)")
        lines.append("McFadden R2 \(NumberFormat.fixed(r.pseudoRSquared, 4))   AIC \(NumberFormat.fixed(r.aic, 3))   BIC \(NumberFormat.fixed(r.bic, 3))  (degrees of freedom: non-zero coefficients + 1)")
        if let w = r.weighting {
            lines.append("frequency weights from '\(weightColumn ?? "?")': total \(NumberFormat.fixed(w.total, 3)), bad \(NumberFormat.fixed(w.badTotal, 3)) (AIC, BIC and the null model count Σw observations, as statsmodels GLM freq_weights)")
        }
        if let hl = r.hosmerLemeshow {
            lines.append("Hosmer-Lemeshow (\(hl.groups.count) quantile groups, df = groups - 2): chi2 \(NumberFormat.fixed(hl.chiSquare, 3))   df \(hl.degreesOfFreedom)   p \(NumberFormat.pValue(hl.pValue))")
        }
        lines.append("no LR chi2, standard errors, z, p-values or intervals: the penalty shrinks the estimates, so these statistics have no known distribution (as glmnet, which reports none)")
        for diagnostic in r.diagnostics {
            if case .penalized = diagnostic { continue }
            lines.append("warning: \(diagnosticMessage(diagnostic))")
        }
        return lines
    }

    /// The coefficient table of a penalised fit: term and coefficient only (a zero is a coefficient the lasso
    /// part of the penalty set to exactly 0).
    func penalizedCoefficientTable(exact: Bool) -> TextTable {
        var table = TextTable(columns: [.init("term"), .init("coef", alignRight: true)])
        for (name, b) in zip(result.termNames, result.coefficients) {
            table.append([name, exact ? "\(b)" : NumberFormat.estimate(b)])
        }
        return table
    }
}
