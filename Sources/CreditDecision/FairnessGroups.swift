import CreditTabular

/// The group of every row for `GroupFairness`: the levels of a categorical column, or bands of a numeric one.
///
/// A categorical column gives one group per level, in sorted order. A numeric column (an age, an income) is cut
/// at strictly increasing edges e₁ < … < e_k into k + 1 bands "< e₁", "[e₁, e₂)", …, "≥ e_k" (closed on the
/// left, as pandas `cut(right=False)`); empty bands are left out. A missing value (empty cell, NaN) forms its
/// own group "(missing)", listed last.
///
/// ```swift
/// let groups = try FairnessGroups(table["age"]!, column: "age", bands: [25, 40, 60])
/// groups.levels   // ["< 25", "[25, 40)", "[40, 60)", "≥ 60"]
/// ```
public struct FairnessGroups: Sendable, Equatable {
    /// The group of each row.
    public let labels: [String]
    /// The groups in display order, each present in `labels`.
    public let levels: [String]

    /// The group of rows whose value is missing.
    public static let missingLabel = "(missing)"

    /// Groups given directly (`levels` in order of first appearance unless `order` lists them; a level in
    /// `labels` that `order` lacks is appended).
    public init(labels: [String], order: [String]? = nil) {
        self.labels = labels
        var seen = Set<String>(), levels: [String] = []
        for l in (order ?? []) + labels where !seen.contains(l) { seen.insert(l); levels.append(l) }
        let present = Set(labels)
        self.levels = levels.filter { present.contains($0) }
    }

    /// The groups of `column` (named `name` in errors).
    ///
    /// - Throws: `FairnessError.bandsNotIncreasing` when `bands` is not strictly increasing and finite,
    ///   `.bandsOnCategorical` when `bands` is given for a categorical column, `.numericWithoutBands` when a
    ///   numeric column comes without `bands` (`suggestedBands` are its quartiles).
    public init(_ column: Column, name: String, bands: [Double]? = nil) throws(FairnessError) {
        switch column {
        case .categorical(let c):
            if bands != nil { throw .bandsOnCategorical(column: name) }
            let labels = (0..<c.codes.count).map { c[$0] ?? Self.missingLabel }
            self.init(labels: labels, order: c.levels.sorted() + [Self.missingLabel])
        case .numeric(let v):
            guard let bands, !bands.isEmpty else {
                throw .numericWithoutBands(column: name, suggestedBands: Self.quartiles(v))
            }
            guard bands.allSatisfy(\.isFinite), zip(bands, bands.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw .bandsNotIncreasing(bands)
            }
            let names = Self.bandLabels(bands)
            let labels = v.map { x -> String in
                if x.isNaN { return Self.missingLabel }
                // The number of edges at or below x is the band's index (bands closed on the left).
                var lo = 0, hi = bands.count
                while lo < hi { let mid = (lo + hi) / 2; if bands[mid] <= x { lo = mid + 1 } else { hi = mid } }
                return names[lo]
            }
            self.init(labels: labels, order: names + [Self.missingLabel])
        }
    }

    /// "< e₁", "[e₁, e₂)", …, "≥ e_k".
    public static func bandLabels(_ edges: [Double]) -> [String] {
        let e = edges.map(Self.shown)
        var out = ["< \(e[0])"]
        for i in 0..<(e.count - 1) { out.append("[\(e[i]), \(e[i + 1]))") }
        out.append("≥ \(e[e.count - 1])")
        return out
    }

    /// An edge as written: integers without a decimal point, others in Swift's shortest round-trip form.
    static func shown(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    /// The distinct quartiles of the non-missing values above the minimum (the sorted value at ⌊q·(n − 1)⌋, no
    /// interpolation), as band edges to suggest in an error message.
    static func quartiles(_ v: [Double]) -> [Double] {
        let sorted = v.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return [] }
        var out: [Double] = []
        for q in [0.25, 0.5, 0.75] {
            let x = sorted[Int(q * Double(sorted.count - 1))]
            if out.last != x && x != sorted[0] { out.append(x) }
        }
        return out
    }
}
