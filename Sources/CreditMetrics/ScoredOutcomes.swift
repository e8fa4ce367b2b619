/// Scores and binary outcomes for the same rows, checked once: equal lengths, every score finite, and (for
/// discrimination) both classes present.
///
/// Direction convention: a **higher score means riskier** (more likely bad), as a PD. Negate a scorecard's
/// points (higher = safer) before building this value.
public struct ScoredOutcomes: Sendable {
    public let scores: [Double]
    /// true = bad (the event, the "case" in pROC's terms).
    public let isBad: [Bool]
    public let bads: Int
    public var goods: Int { scores.count - bads }
    public var count: Int { scores.count }

    /// - Throws: `MetricsError.lengthMismatch`, `.empty`, `.nonFiniteScore`, and `.singleClass` unless
    ///   `requireBothClasses` is false.
    public init(scores: [Double], isBad: [Bool], requireBothClasses: Bool = true) throws {
        guard scores.count == isBad.count else {
            throw MetricsError.lengthMismatch(scores: scores.count, outcomes: isBad.count)
        }
        guard !scores.isEmpty else { throw MetricsError.empty }
        if let row = scores.firstIndex(where: { !$0.isFinite }) { throw MetricsError.nonFiniteScore(row: row) }
        var bads = 0
        for b in isBad where b { bads += 1 }
        if requireBothClasses && (bads == 0 || bads == scores.count) {
            throw MetricsError.singleClass(bads: bads, goods: scores.count - bads)
        }
        self.scores = scores
        self.isBad = isBad
        self.bads = bads
    }

    /// The same rows with the scores negated (for scores where higher means safer).
    public func negated() -> ScoredOutcomes {
        // Validity is preserved, so the checks need not run again.
        try! ScoredOutcomes(scores: scores.map { -$0 }, isBad: isBad, requireBothClasses: false)
    }

    /// Checks that every score is a probability in [0, 1] (for calibration metrics).
    package func requireProbabilities() throws {
        if let row = scores.firstIndex(where: { $0 < 0 || $0 > 1 }) {
            throw MetricsError.probabilityOutOfRange(row: row, value: scores[row])
        }
    }
}
