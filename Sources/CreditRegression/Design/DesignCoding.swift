import CreditTabular
/// How one input column enters the model.
public enum PredictorKind: Sendable, Codable, Equatable {
    /// Used as-is (one design column).
    case numeric
    /// One-hot coded against `reference`; `levels` lists every level seen in training (reference included),
    /// sorted by Unicode scalar values (the order of pandas, patsy and R in the C locale).
    case categorical(levels: [String], reference: String)
}

/// One input column of the model and how it is coded.
public struct Predictor: Sendable, Codable, Equatable {
    public var name: String
    public var kind: PredictorKind
    /// How a missing value is coded (`MissingValueCoding.indicator`, when training had missing values in this
    /// column); nil: a missing value rejects the row. Omitted from the model file when nil, so model files
    /// written before it read and verify as before.
    public var missing: MissingCoding?
    public init(name: String, kind: PredictorKind, missing: MissingCoding? = nil) {
        self.name = name; self.kind = kind; self.missing = missing
    }

    /// The number of design columns of the predictor: 1 for numeric, levels − 1 for categorical, plus one for
    /// its own `name=missing` term when it has one.
    public var width: Int {
        let base: Int
        switch kind {
        case .numeric: base = 1
        case .categorical(let levels, _): base = levels.count - 1
        }
        return base + (hasMissingTerm ? 1 : 0)
    }

    /// Whether the predictor has its own `name=missing` term (a missing coding not shared with an earlier
    /// predictor, `MissingCoding.sharedWith`).
    public var hasMissingTerm: Bool { missing != nil && missing?.sharedWith == nil }

    /// The name of the missing-value term: "name=missing".
    public var missingTermName: String { "\(name)=missing" }
}

/// How a predictor codes a missing value (`MissingValueCoding.indicator`): its last term, `name=missing`, is 1
/// when the value is missing and 0 otherwise; a numeric predictor's own term then takes `fill`.
///
/// Predictors missing on exactly the same training rows (the thin-file rows of the small-borrower data miss
/// lenders_count, inquiries_6m and past_delinquency together) would have identical indicator columns, which no
/// fit can tell apart (exact collinearity). The first of them keeps its `name=missing` term; each later one
/// names it in `sharedWith` and has no term of its own (as R's `lm` leaves an aliased column out): its missing
/// value takes its fill, and the shared term is 1 only when the first predictor is missing.
public struct MissingCoding: Sendable, Codable, Equatable {
    /// The value a numeric predictor's term takes when the value is missing: the mean of its non-missing training
    /// values. Nil for a categorical predictor (its missing level is the indicator alone).
    public var fill: Double?
    /// The earlier predictor whose `=missing` term stands for this one's (the same training rows missing); nil:
    /// the predictor has its own term. Omitted from the model file when nil.
    public var sharedWith: String?
    public init(fill: Double?, sharedWith: String? = nil) { self.fill = fill; self.sharedWith = sharedWith }
}

/// One column of the design matrix.
public struct Term: Sendable, Codable, Equatable {
    public enum Kind: Sendable, Codable, Equatable {
        case intercept
        case numeric(column: String)
        case indicator(column: String, level: String)
        /// 1 when the column's value is missing (`Predictor.missing`).
        case missing(column: String)
    }
    /// Display name: "const", "age", "purpose=car".
    public var name: String
    public var kind: Kind
    public init(name: String, kind: Kind) { self.name = name; self.kind = kind }
}

/// The coding of a table into a design matrix: intercept + predictors. Stored in the model file; used
/// identically at training and at scoring time.
public struct DesignCoding: Sendable, Codable, Equatable {
    public var intercept: Bool
    public var predictors: [Predictor]
    public init(intercept: Bool, predictors: [Predictor]) { self.intercept = intercept; self.predictors = predictors }

    /// Terms in design-matrix column order: "const" (if any), then each predictor's term(s) in predictor
    /// order; a categorical predictor contributes "name=level" for every level except the reference, in
    /// level order; a predictor with a missing coding ends with "name=missing".
    public var terms: [Term] {
        var out: [Term] = intercept ? [Term(name: "const", kind: .intercept)] : []
        for p in predictors {
            switch p.kind {
            case .numeric:
                out.append(Term(name: p.name, kind: .numeric(column: p.name)))
            case .categorical(let levels, let reference):
                for level in levels where level != reference {
                    out.append(Term(name: "\(p.name)=\(level)", kind: .indicator(column: p.name, level: level)))
                }
            }
            if p.hasMissingTerm { out.append(Term(name: p.missingTermName, kind: .missing(column: p.name))) }
        }
        return out
    }
}

/// Orders strings by their Unicode scalar values (Python's `sorted`, R's C-locale `sort`), not by Swift's
/// normalisation-aware `<`.
@inline(__always)
package func unicodeScalarOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}
