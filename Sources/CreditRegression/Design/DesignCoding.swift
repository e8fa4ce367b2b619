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
    public init(name: String, kind: PredictorKind) { self.name = name; self.kind = kind }
}

/// One column of the design matrix.
public struct Term: Sendable, Codable, Equatable {
    public enum Kind: Sendable, Codable, Equatable {
        case intercept
        case numeric(column: String)
        case indicator(column: String, level: String)
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
    /// level order.
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
        }
        return out
    }
}

/// Orders strings by their Unicode scalar values (Python's `sorted`, R's C-locale `sort`), not by Swift's
/// normalisation-aware `<`.
@inline(__always)
func unicodeScalarOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}
