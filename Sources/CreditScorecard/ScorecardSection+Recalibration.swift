import Foundation

/// A scorecard's points after its log-odds are recalibrated, η_new = a + b·η_old (`ScorecardSection.recalibrated`).
public struct ScorecardRecalibration: Sendable, Equatable {
    /// The recalibrated section.
    public var section: ScorecardSection
    /// Intercept method only: the whole points every applicant's score moves by, round(−Factor·a).
    public var scoreShift: Int?
    /// Intercept method only: the integer points added to every bin of each characteristic (scorecard order);
    /// they sum to `scoreShift`.
    public var pointsShift: [Int]?
}

extension ScorecardSection {
    /// This scorecard with its log-odds of bad recalibrated to η_new = a + b·η_old, its scaling (PDO, base score,
    /// base odds) kept.
    ///
    /// The PD of a row becomes 1/(1 + e^−(a + b·η_old)) exactly: the intercept becomes a + b·a₀ and every
    /// characteristic's coefficient b·βⱼ (WoE and bins unchanged). The points are re-scaled so that
    /// Score = Offset − Factor·η_new still holds, to within the per-characteristic rounding:
    ///
    /// - Intercept method (`slope == nil`, b = 1): the unrounded score of every applicant moves by −Factor·a.
    ///   Shifting each characteristic's unrounded points by −Factor·a/k and rounding again would move different
    ///   applicants by different amounts (the fractional parts differ by bin), so ranks could change. Instead the
    ///   shift is rounded once, S = round(−Factor·a), and split into integers sⱼ (S = k·q + r: the first r
    ///   characteristics get q + 1, the others q) added to every bin of characteristic j and to its raw points.
    ///   Since round(x + sⱼ) = round(x) + sⱼ for an integer sⱼ, every applicant's score moves by exactly S
    ///   points: rank order, score ties and the reason codes (shortfalls against reference points that move by
    ///   the same sⱼ) are unchanged, and the scaling holds to within the original rounding plus half a point.
    ///   A `.cutoff` reason reference moves by S.
    /// - Logistic method (`slope` = b): the points are recomputed from the new coefficients with the training
    ///   formula, Offset/k − Factor·(b·βⱼ·WoE + (a + b·a₀)/k), rounded per bin. Unrounded, the new points of a bin
    ///   are b·raw_old + ((1 − b)·Offset − Factor·a)/k: for b > 0 the order of the bins of each characteristic and
    ///   the order of applicants by PD are kept; the order by (rounded) score is kept up to rounding (two
    ///   applicants whose unrounded scores differ by less than the rounding of their bins may tie or swap, as in
    ///   any scorecard). Reason references: `.maximum` is recomputed; `.average` is the mean of the new points
    ///   over the training bins' counts (the training rows); `.cutoff` takes the same affine map of its reference
    ///   points and of its cut-off score (b·cutoff + (1 − b)·Offset − Factor·a), unrounded.
    ///
    /// Reference: Siddiqi, *Intelligent Credit Scoring* (2nd ed., 2017), ch. 8 (scaling); Steyerberg,
    /// *Clinical Prediction Models* (2nd ed., 2019), §20.2 (recalibration in the large, logistic recalibration).
    ///
    /// - Throws: `ScorecardError.pointsOutOfRange` / `.constantPoints` (logistic method, as in training).
    public func recalibrated(intercept a: Double, slope: Double?) throws -> ScorecardRecalibration {
        var card = self
        let factor = scaling.factor, offset = scaling.offset
        let k = characteristics.count
        guard let b = slope else {
            let unrounded = -factor * a
            guard unrounded.magnitude <= Double(Self.maximumPoints) else {
                throw ScorecardError.pointsOutOfRange(characteristic: characteristics[0].name, rawPoints: unrounded,
                                                      limit: Self.maximumPoints)
            }
            let total = Int(unrounded.rounded())
            let q = total >= 0 ? total / k : -((-total) / k), r = total - q * k
            let step = r >= 0 ? 1 : -1
            let shifts = (0..<k).map { j in q + (j < abs(r) ? step : 0) }
            card.intercept = intercept + a
            for j in 0..<k {
                var ch = characteristics[j]
                ch.rawPoints = ch.rawPoints.map { $0 + Double(shifts[j]) }
                ch.points = ch.points.map { $0 + shifts[j] }
                if let bad = ch.rawPoints.indices.first(where: { Int(ch.rawPoints[$0].rounded()) != ch.points[$0] }) {
                    // Only a raw value of exactly ±½ crossing zero rounds differently after an integer shift.
                    throw ScorecardError.pointsOutOfRange(characteristic: ch.name, rawPoints: ch.rawPoints[bad], limit: Self.maximumPoints)
                }
                guard ch.points.allSatisfy({ $0.magnitude <= Self.maximumPoints }) else {
                    throw ScorecardError.pointsOutOfRange(characteristic: ch.name, rawPoints: ch.rawPoints.max() ?? 0, limit: Self.maximumPoints)
                }
                card.characteristics[j] = ch
            }
            card.reasons.referencePoints = zip(reasons.referencePoints, shifts).map { $0 + Double($1) }
            if let cutoff = reasons.cutoff { card.reasons.cutoff = cutoff + Double(total) }
            return ScorecardRecalibration(section: card, scoreShift: total, pointsShift: shifts)
        }
        let coefficients = [a + b * intercept] + characteristics.map { b * $0.coefficient }
        let scaled = try Self.scaledCharacteristics(characteristics.map { ($0.bins, $0.table) }, coefficients: coefficients,
                                                    scaling: scaling, reasons: reasons)
        card.intercept = coefficients[0]
        card.characteristics = scaled
        card.wrongSign = scaled.filter { !($0.coefficient > 0) }.map(\.name)
        let shift = ((1 - b) * offset - factor * a) / Double(k)
        switch reasons.reference {
        case .maximum:
            card.reasons.referencePoints = scaled.map { Double($0.points.max()!) }
        case .average:
            card.reasons.referencePoints = scaled.map { ch in
                let rows = ch.table.bins.reduce(0) { $0 + $1.count }
                return zip(ch.table.bins, ch.points).reduce(0.0) { $0 + Double($1.0.count) * Double($1.1) } / Double(max(rows, 1))
            }
        case .cutoff:
            card.reasons.referencePoints = reasons.referencePoints.map { b * $0 + shift }
            card.reasons.cutoff = reasons.cutoff.map { b * $0 + (1 - b) * offset - factor * a }
        }
        return ScorecardRecalibration(section: card, scoreShift: nil, pointsShift: nil)
    }
}
