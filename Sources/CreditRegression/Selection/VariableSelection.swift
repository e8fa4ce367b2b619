import Foundation
import CreditLinearAlgebra
import CreditProbability
/// Which way a selection moves.
public enum SelectionDirection: String, Sendable, Codable, CaseIterable {
    /// Start from the forced predictors; add one at a time.
    case forward
    /// Start from every predictor; remove one at a time.
    case backward
    /// Forward steps, each followed by a check for removals (start from the forced predictors unless
    /// `startFromFull`), as R `step(direction = "both")`.
    case stepwise
}

/// What a selection step optimises.
public enum SelectionCriterion: Sendable, Codable, Equatable {
    /// −2ℓ + 2k (R `step`'s default).
    case aic
    /// −2ℓ + k·ln n (n = Σw with weights; R `step(k = log(n))`).
    case bic
    /// Likelihood-ratio test of the predictor's terms (χ² with as many df as terms): add the smallest p below
    /// `enter`, remove the largest p above `leave`.
    case pValue(enter: Double, leave: Double)
}

/// The sign a coefficient must have (for WoE-coded scorecards every characteristic's coefficient shares one
/// sign, which depends on the WoE convention).
public enum CoefficientSign: String, Sendable, Codable, CaseIterable { case positive, negative }

/// Settings of `VariableSelection`.
public struct SelectionOptions: Sendable, Codable, Equatable {
    public var direction: SelectionDirection = .stepwise
    public var criterion: SelectionCriterion = .aic
    /// Predictors always in the model (never removed, not counted as steps).
    public var forced: [String] = []
    /// Candidate models with any variance inflation factor above this are not accepted; in backward
    /// elimination the predictor with the largest VIF is removed first while the limit is exceeded.
    public var maxVIF: Double? = nil
    /// Candidate models in which a selectable predictor's coefficient has the other sign are not accepted. A
    /// selection that starts from the full model (backward, or stepwise with `startFromFull`) first removes,
    /// one at a time, the wrong-signed predictor with the most negative Wald z (signed so that the required sign
    /// is positive) until no selectable coefficient has the other sign (steps with reason "sign").
    public var requiredSign: CoefficientSign? = nil
    /// Start `stepwise` from the full model instead of the forced predictors.
    public var startFromFull: Bool = false
    public var maxSteps: Int = 1000
    public init() {}
}

/// One step of a selection, so the path can be audited.
public struct SelectionStep: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable { case add, remove }
    public let action: Action
    public let predictor: String
    /// The criterion (AIC or BIC) of the model before and after the step; for p-value selection, the LR
    /// test's p-value of the predictor both times; for a VIF removal, the largest VIF before and after; for a
    /// sign removal (`SelectionOptions.requiredSign` from the full model), the removed predictor's Wald z and the
    /// most negative z of a wrong-signed predictor left after it (0 when none is left), both signed so that the
    /// required sign is positive.
    public let criterionBefore: Double
    public let criterionAfter: Double
    /// Why: "AIC", "BIC", "p-value", "VIF", "sign".
    public let reason: String
}

/// The outcome of a selection.
public struct SelectionResult: Sendable, Codable, Equatable {
    public let steps: [SelectionStep]
    /// Selected predictors, in design order.
    public let selected: [String]
    /// The fit of the selected model.
    public let fit: LogisticRegressionResult
    /// The coding of the selected model (a subset of the design's predictors).
    public let coding: DesignCoding
}

/// Forward, backward and stepwise selection of predictors by AIC, BIC or likelihood-ratio p-values.
///
/// Predictors move as a whole (all indicator terms of a categorical predictor together), as R `step` does
/// with factors. At each step every allowed move is fitted by maximum likelihood (`LogisticRegression`);
/// the best one is taken if it improves the criterion by more than 1e-7 (R `step`'s rule), else the
/// selection stops. A candidate whose fit fails (separation, collinearity) is skipped.
public struct VariableSelection: Sendable {
    public var options: SelectionOptions
    public var fitOptions: LogisticRegressionOptions
    public init(options: SelectionOptions = SelectionOptions(), fitOptions: LogisticRegressionOptions = LogisticRegressionOptions()) {
        self.options = options; self.fitOptions = fitOptions
    }

    public func run(_ design: Design, weights: [Double]? = nil) throws -> SelectionResult {
        guard design.coding.intercept else { throw RegressionError.invalidOption("variable selection needs a model with an intercept") }
        let predictors = design.coding.predictors.map(\.name)
        for f in options.forced where !predictors.contains(f) {
            throw RegressionError.invalidOption("forced predictor '\(f)' is not a predictor of the model (predictors: \(predictors.prefix(10).joined(separator: ", ")))")
        }
        if case .pValue(let enter, let leave) = options.criterion {
            guard enter > 0, enter <= 1, leave > 0, leave <= 1 else {
                throw RegressionError.invalidOption("p-values to enter and leave must be in (0, 1]")
            }
            if options.direction == .stepwise && enter > leave {
                throw RegressionError.invalidOption("stepwise selection needs p to enter ≤ p to leave (else it can cycle)")
            }
        }
        if let v = options.maxVIF, !(v >= 1) { throw RegressionError.invalidOption("the maximum VIF must be ≥ 1; got \(v)") }
        if let w = weights { try LogisticRegression.checkWeights(w, y: design.y) }

        // Term columns of each predictor.
        var columns: [[Int]] = []
        var offset = 1
        for p in design.coding.predictors {
            let width = p.width   // the `name=missing` term enters and leaves with its predictor
            columns.append(Array(offset..<(offset + width)))
            offset += width
        }
        let forced = Set(options.forced.compactMap { predictors.firstIndex(of: $0) })
        let nObs = weights.map { $0.reduce(0, +) } ?? Double(design.y.count)
        var plain = fitOptions
        plain.firth = false
        plain.populationBadRate = nil
        let solver = LogisticRegression(options: plain)

        struct Candidate { let set: Set<Int>; let fit: LogisticRegressionResult; let score: Double }
        var cache: [Set<Int>: LogisticRegressionResult?] = [:]
        func fit(_ set: Set<Int>) -> LogisticRegressionResult? {
            if let hit = cache[set] { return hit }
            let cols = [0] + set.sorted().flatMap { columns[$0] }
            let x = PenalizedCrossValidation.columns(design.x, cols)
            let names = cols.map { design.terms[$0].name }
            let r = try? solver.solve(x: x, y: design.y, termNames: names, interceptColumn: 0, checkCollinearity: true,
                                      weights: weights)
            cache[set] = r
            return r
        }
        func criterion(_ r: LogisticRegressionResult) -> Double {
            let k = Double(r.coefficients.count)
            switch options.criterion {
            case .bic: return -2 * r.logLikelihood + k * log(nObs)
            default: return -2 * r.logLikelihood + 2 * k
            }
        }
        func acceptable(_ set: Set<Int>, _ r: LogisticRegressionResult) -> Bool {
            if let sign = options.requiredSign {
                for j in set where !forced.contains(j) {
                    for c in columns[j] {
                        let termIndex = r.termNames.firstIndex(of: design.terms[c].name)!
                        let b = r.coefficients[termIndex]
                        if (sign == .positive && b < 0) || (sign == .negative && b > 0) { return false }
                    }
                }
            }
            if let limit = options.maxVIF {
                let cols = [0] + set.sorted().flatMap { columns[$0] }
                guard cols.count > 2 else { return true }
                let d = DesignDiagnostics(x: PenalizedCrossValidation.columns(design.x, cols),
                                          termNames: cols.map { design.terms[$0].name }, interceptColumn: 0)
                if d.varianceInflation.contains(where: { $0 > limit }) { return false }
            }
            return true
        }
        /// LR p-value of predictor j between the model with it (`big`) and without it (`small`).
        func lrP(_ big: LogisticRegressionResult, _ small: LogisticRegressionResult, _ j: Int) -> Double {
            ChiSquaredDistribution.survival(2 * (big.logLikelihood - small.logLikelihood), degreesOfFreedom: Double(columns[j].count))
        }

        let all = Set(predictors.indices)
        let startFull = options.direction == .backward || (options.direction == .stepwise && options.startFromFull)
        var current: Set<Int> = startFull ? all : forced
        guard var currentFit = fit(current) else {
            throw RegressionError.selectionStartNotFittable
        }
        var steps: [SelectionStep] = []

        // Backward with a VIF limit: remove the largest-VIF selectable predictor while the limit is exceeded.
        if startFull, let limit = options.maxVIF {
            while steps.count < options.maxSteps {
                let cols = [0] + current.sorted().flatMap { columns[$0] }
                guard cols.count > 2 else { break }
                let d = DesignDiagnostics(x: PenalizedCrossValidation.columns(design.x, cols),
                                          termNames: cols.map { design.terms[$0].name }, interceptColumn: 0)
                guard let worst = d.varianceInflation.max(), worst > limit else { break }
                // The predictor owning the term with the largest VIF.
                let term = d.termNames[d.varianceInflation.firstIndex(of: worst)!]
                guard let j = current.first(where: { j in columns[j].contains { design.terms[$0].name == term } }),
                      !forced.contains(j) else { break }
                var next = current; next.remove(j)
                guard let r = fit(next) else { break }
                let afterColumns = [0] + next.sorted().flatMap { columns[$0] }
                let after = afterColumns.count > 2 ? DesignDiagnostics(
                    x: PenalizedCrossValidation.columns(design.x, [0] + next.sorted().flatMap { columns[$0] }),
                    termNames: ([0] + next.sorted().flatMap { columns[$0] }).map { design.terms[$0].name },
                    interceptColumn: 0).varianceInflation.max() ?? 1 : 1
                steps.append(SelectionStep(action: .remove, predictor: predictors[j], criterionBefore: worst,
                                           criterionAfter: after, reason: "VIF"))
                current = next; currentFit = r
            }
        }

        // From the full model with a sign rule: while a selectable coefficient has the other sign, remove the
        // predictor with the strongest evidence for the wrong sign (the most negative Wald z, signed so that the
        // required sign is positive), refitting after each removal. Without this a start with two or more
        // wrong-signed predictors could never move (every single removal still leaves one), and the wrong signs
        // would stay in the model.
        if startFull, let sign = options.requiredSign {
            func signedZ(_ r: LogisticRegressionResult, _ j: Int) -> Double {
                columns[j].map { c in
                    let t = r.termNames.firstIndex(of: design.terms[c].name)!
                    return sign == .positive ? r.zValues[t] : -r.zValues[t]
                }.min()!
            }
            func isWrong(_ r: LogisticRegressionResult, _ j: Int) -> Bool {
                columns[j].contains { c in
                    let b = r.coefficients[r.termNames.firstIndex(of: design.terms[c].name)!]
                    return (sign == .positive && b < 0) || (sign == .negative && b > 0)
                }
            }
            while steps.count < options.maxSteps {
                var worst: (j: Int, z: Double)? = nil
                for j in current.subtracting(forced).sorted() where isWrong(currentFit, j) {
                    let z = signedZ(currentFit, j)
                    if worst == nil || z < worst!.z { worst = (j, z) }
                }
                guard let w = worst else { break }
                var next = current; next.remove(w.j)
                guard let r = fit(next) else { break }
                let left = next.subtracting(forced).filter { isWrong(r, $0) }.map { signedZ(r, $0) }.min() ?? 0
                steps.append(SelectionStep(action: .remove, predictor: predictors[w.j], criterionBefore: w.z,
                                           criterionAfter: min(0, left), reason: "sign"))
                current = next; currentFit = r
            }
        }

        let reason: String
        switch options.criterion { case .aic: reason = "AIC"; case .bic: reason = "BIC"; case .pValue: reason = "p-value" }
        while steps.count < options.maxSteps {
            var best: (set: Set<Int>, fit: LogisticRegressionResult, j: Int, action: SelectionStep.Action, before: Double, after: Double)? = nil
            let canAdd = options.direction != .backward
            let canRemove = options.direction != .forward
            switch options.criterion {
            case .aic, .bic:
                let now = criterion(currentFit)
                var bestScore = now - 1e-7
                if canAdd {
                    for j in all.subtracting(current).sorted() {
                        let next = current.union([j])
                        guard let r = fit(next), acceptable(next, r) else { continue }
                        let s = criterion(r)
                        if s < bestScore { bestScore = s; best = (next, r, j, .add, now, s) }
                    }
                }
                if canRemove {
                    for j in current.subtracting(forced).sorted() {
                        let next = current.subtracting([j])
                        guard let r = fit(next), acceptable(next, r) else { continue }
                        let s = criterion(r)
                        if s < bestScore { bestScore = s; best = (next, r, j, .remove, now, s) }
                    }
                }
            case .pValue(let enter, let leave):
                // Removal first (backward and the check after each stepwise addition), then addition.
                if canRemove {
                    var worst = leave
                    for j in current.subtracting(forced).sorted() {
                        let next = current.subtracting([j])
                        guard let r = fit(next), acceptable(next, r) else { continue }
                        let p = lrP(currentFit, r, j)
                        if p > worst { worst = p; best = (next, r, j, .remove, p, p) }
                    }
                }
                if best == nil && canAdd {
                    var smallest = enter
                    for j in all.subtracting(current).sorted() {
                        let next = current.union([j])
                        guard let r = fit(next), acceptable(next, r) else { continue }
                        let p = lrP(r, currentFit, j)
                        if p < smallest { smallest = p; best = (next, r, j, .add, p, p) }
                    }
                }
            }
            guard let step = best else { break }
            steps.append(SelectionStep(action: step.action, predictor: predictors[step.j], criterionBefore: step.before,
                                       criterionAfter: step.after, reason: reason))
            current = step.set
            currentFit = step.fit
        }
        let chosen = current.sorted()
        let coding = DesignCoding(intercept: true, predictors: chosen.map { design.coding.predictors[$0] })
        return SelectionResult(steps: steps, selected: chosen.map { predictors[$0] }, fit: currentFit, coding: coding)
    }
}

extension PenalizedCrossValidation {
    /// The chosen columns of `x`, in the given order.
    static func columns(_ x: Matrix, _ cols: [Int]) -> Matrix {
        var m = Matrix(rows: x.rows, columns: cols.count)
        for (a, j) in cols.enumerated() {
            m.elements.replaceSubrange((a * x.rows)..<((a + 1) * x.rows), with: x.elements[(j * x.rows)..<((j + 1) * x.rows)])
        }
        return m
    }
}
