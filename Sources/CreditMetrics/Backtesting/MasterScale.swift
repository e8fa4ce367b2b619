/// A master scale: rating grades defined by PD bands.
///
/// Grade k holds the PDs in [bound_{k−1}, bound_k), with bound_0 = 0 and the last grade closed at 1; grade 1 is
/// the safest. It lives in Metrics (not Scorecard) because it is a pure function of PDs, used for any model —
/// logistic regression or scorecard — and by `validate` as well as `monitor`.
public struct MasterScale: Sendable, Codable, Equatable {
    /// Interior bounds, strictly increasing, in (0, 1).
    public let bounds: [Double]
    /// One name per grade (bounds.count + 1), safest first.
    public let names: [String]
    /// How the scale was made: "given" or "built from the base sample (…)".
    public let origin: String
    /// For a built scale: rows, defaults and mean PD of each grade in the base sample.
    public let baseRows: [Int]?
    public let baseDefaults: [Int]?
    public let baseMeanPD: [Double]?

    public var gradeCount: Int { names.count }

    /// A scale from user-given bounds.
    /// - Throws: `MetricsError.invalidParameter` when the bounds are not strictly increasing in (0, 1) or the
    ///   names do not match.
    public init(bounds: [Double], names: [String]? = nil) throws {
        for (i, b) in bounds.enumerated() {
            guard b > 0 && b < 1 else { throw MetricsError.invalidParameter("grade bound \(b) is not a PD in (0, 1)") }
            if i > 0, !(b > bounds[i - 1]) {
                throw MetricsError.invalidParameter("grade bounds must increase strictly; \(b) follows \(bounds[i - 1])")
            }
        }
        let names = names ?? (0...bounds.count).map { "G\($0 + 1)" }
        guard names.count == bounds.count + 1 else {
            throw MetricsError.invalidParameter("\(bounds.count) bounds make \(bounds.count + 1) grades, but \(names.count) names were given")
        }
        guard Set(names).count == names.count else { throw MetricsError.invalidParameter("grade names must be unique") }
        self.bounds = bounds; self.names = names; origin = "given"
        baseRows = nil; baseDefaults = nil; baseMeanPD = nil
    }

    init(bounds: [Double], origin: String, rows: [Int], defaults: [Int], meanPD: [Double]) {
        self.bounds = bounds; self.names = (0...bounds.count).map { "G\($0 + 1)" }; self.origin = origin
        baseRows = rows; baseDefaults = defaults; baseMeanPD = meanPD
    }

    /// The grade index (0-based) of a PD.
    public func grade(of pd: Double) -> Int { band(of: pd, cuts: bounds) }

    /// Builds a scale from the base sample whose grades have strictly increasing default rates.
    ///
    /// Algorithm: start from `initialBands` equal-count bands of the PD (cuts at data values, as
    /// `quantileCuts`); then pool adjacent violators left to right (PAVA): each band is pushed on a stack, and
    /// while the top block's default rate is not above the block below it, the two merge. The result has
    /// strictly increasing observed default rates from the safest grade to the riskiest; a bound is the lower
    /// cut of each surviving block.
    ///
    /// - Parameters:
    ///   - data: base-sample PDs and outcomes.
    ///   - initialBands: starting number of equal-count bands (default 10).
    /// - Throws: `MetricsError` when the scores are not probabilities.
    public static func build(_ data: ScoredOutcomes, initialBands: Int = 10) throws -> MasterScale {
        try data.requireProbabilities()
        guard initialBands >= 1 else { throw MetricsError.invalidParameter("the master scale needs at least one initial band") }
        let cuts = quantileCuts(data.scores, bands: initialBands)
        var rows = [Int](repeating: 0, count: cuts.count + 1), bads = rows
        var sums = [Double](repeating: 0, count: cuts.count + 1)
        for (p, b) in zip(data.scores, data.isBad) {
            let k = band(of: p, cuts: cuts)
            rows[k] += 1; sums[k] += p; if b { bads[k] += 1 }
        }
        // Blocks: (first band, rows, bads, sum of PD).
        var stack: [(first: Int, rows: Int, bads: Int, sum: Double)] = []
        for k in rows.indices where rows[k] > 0 {
            var block = (first: k, rows: rows[k], bads: bads[k], sum: sums[k])
            while let top = stack.last,
                  Double(block.bads) * Double(top.rows) <= Double(top.bads) * Double(block.rows) {
                stack.removeLast()
                block = (first: top.first, rows: top.rows + block.rows, bads: top.bads + block.bads, sum: top.sum + block.sum)
            }
            stack.append(block)
        }
        let bounds = stack.dropFirst().map { cuts[$0.first - 1] }
        return MasterScale(bounds: bounds, origin: "built from the base sample: \(initialBands) PD quantile bands pooled until default rates increase strictly",
                           rows: stack.map(\.rows), defaults: stack.map(\.bads), meanPD: stack.map { $0.sum / Double($0.rows) })
    }
}
