/// Why a strategy table or a swap set cannot be built from the arrays given.
public enum StrategyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The arrays differ in length.
    case lengthMismatch(scores: Int, other: Int)
    /// No scores.
    case empty
    /// A score is NaN or infinite (at this 0-based index).
    case nonFiniteScore(index: Int)
    /// A cut-off is NaN or infinite, repeated, or out of order (`cutoffs` as given).
    case cutoffsNotIncreasing([Double])
    /// No cut-offs.
    case noCutoffs
    /// `bands` is below 1.
    case badBandCount(Int)

    public var description: String {
        switch self {
        case .lengthMismatch(let s, let o): return "\(s) scores but \(o) values to go with them"
        case .empty: return "no scored rows"
        case .nonFiniteScore(let i): return "score \(i + 1) is not a finite number"
        case .cutoffsNotIncreasing(let c):
            return "cut-offs must be finite, distinct and increasing (given: \(c.map { "\($0)" }.joined(separator: ", ")))"
        case .noCutoffs: return "no cut-offs"
        case .badBandCount(let n): return "the number of bands must be at least 1 (given: \(n))"
        }
    }
}

/// The profit of a cut-off: each good approved earns `gainPerGood`, each bad approved loses `lossPerBad`;
/// declined applicants earn and lose nothing.
///
/// The default is 1 : 5, the German credit cost matrix's ratio (a bad accepted costs five times a good
/// refused; `CostMatrix.germanCredit`), so that the profit-maximising cut-off of a calibrated PD is PD ≤ 1/6,
/// the same Bayes cut-off `credit validate` reports.
public struct StrategyEconomics: Sendable, Codable, Equatable {
    public var gainPerGood: Double
    public var lossPerBad: Double
    public init(gainPerGood: Double = 1, lossPerBad: Double = 5) { self.gainPerGood = gainPerGood; self.lossPerBad = lossPerBad }
    /// G·goods − L·bads.
    @inlinable
    public func profit(goods: Int, bads: Int) -> Double { gainPerGood * Double(goods) - lossPerBad * Double(bads) }
}

/// What approving at one cut-off gives (`StrategyTable`).
public struct StrategyRow: Sendable, Codable, Equatable {
    /// The cut-off (on the table's scale).
    public var cutoff: Double
    /// Applicants on the approve side (every scored row, outcome known or not).
    public var approved: Int
    /// approved / all scored rows.
    public var approvalRate: Double
    /// Approved rows whose outcome is bad, and good (rows with a missing outcome are in neither).
    public var badsApproved: Int
    public var goodsApproved: Int
    /// Declined rows whose outcome is bad, and good.
    public var badsDeclined: Int
    public var goodsDeclined: Int
    /// bads / (bads + goods) among the approved with an outcome; NaN when none has one.
    public var approvedBadRate: Double
    /// The same among the declined; NaN when none is declined or none has an outcome.
    public var declinedBadRate: Double
    /// The band just above the cut-off: rows approved at this cut-off but not at the next safer cut-off of the
    /// table (for the safest cut-off: every approved row).
    public var bandCount: Int
    public var bandBads: Int
    public var bandGoods: Int
    /// bads / (bads + goods) in the band; NaN without outcomes in the band.
    public var marginalBadRate: Double
    /// goods / bads in the band (+∞ when the band has goods and no bads; NaN when it has neither).
    public var marginalOdds: Double
    /// goodsApproved / badsApproved (+∞, NaN as for `marginalOdds`).
    public var cumulativeOdds: Double
    /// G·goodsApproved − L·badsApproved.
    public var profit: Double
}

/// A cut-off found by a search over every distinct score (`StrategyTable.profitMaximising`, `.forApprovalRate`,
/// `.forBadRate`), with the row it gives. The row's band fields count the rows at exactly that score (there is
/// no next cut-off of a table to measure a band against).
public struct StrategyChoice: Sendable, Codable, Equatable {
    public var row: StrategyRow
    public init(row: StrategyRow) { self.row = row }
    public var cutoff: Double { row.cutoff }
}

/// The strategy table of a score: for each cut-off, how many applicants are approved, how many of them go bad,
/// the bad rate and odds of the band just above the cut-off, and the profit; with the profit-maximising cut-off
/// and cut-offs for a target approval rate or bad rate.
///
/// Inputs are arrays, one entry per scored applicant: the score (`scale`: points, higher is safer, or PD,
/// lower is safer; `Cutoff`'s one rule: approve at or above in points, at or below in PD) and the outcome
/// (`true` bad, `false` good, `nil` unknown: a rejected or not yet matured application). Rows with an unknown
/// outcome count in `approved` and `approvalRate` only; every bad, good, rate, odds and profit figure is over
/// the rows with an outcome. Data without outcomes gives the approval columns only (the rest are zero or NaN).
///
/// Definitions, per cut-off c (A = approved set, n = all rows):
/// - approval rate = |A| / n; approved bad rate = bads(A) / (bads(A) + goods(A)); declined bad rate alike on the
///   complement;
/// - band of c = A(c) \ A(c′), c′ the next safer cut-off of the table (none for the safest: the band is A(c));
///   marginal bad rate and marginal odds = goods/bads over the band; cumulative odds = goods(A)/bads(A);
/// - profit = G·goods(A) − L·bads(A) (`StrategyEconomics`).
///
/// Searches over every distinct score s used as the cut-off (brute force over the sorted scores, O(n log n)):
/// - `profitMaximising`: the s of greatest profit; ties go to the safer s (fewer approvals for the same profit).
///   Declining everyone (profit 0) is not a cut-off at a score and is not among the candidates, so when every
///   candidate loses money the least loss is reported;
/// - `forApprovalRate(R)`: the safest s whose approval rate is ≥ R (nil when R > 1);
/// - `forBadRate(B)`: the most lenient s whose approved bad rate is ≤ B (nil when none; a cut-off whose approved
///   rows have no outcomes has no bad rate and does not qualify).
///
/// Bands (`bandCutoffs(scores:scale:count:)`): N cut-offs at the approval shares 1/N, 2/N, …, 1 — cut-off j is
/// the score of the ⌈j·n/N⌉-th safest row (safest first: highest points, lowest PD), so that at least j/N of the
/// rows are approved; ties can make two shares give one score, which is listed once.
///
/// Peer: the strategy (or "gains") table of Siddiqi, *Intelligent Credit Scoring* (2nd ed., 2017), ch. 13, and
/// Thomas, Edelman & Crook, *Credit Scoring and Its Applications* (2nd ed., 2017), §7; checked against a pandas
/// brute force in Tests/CreditDecisionTests/Fixtures/make_strategy_fixtures.py.
public struct StrategyTable: Sendable {
    public let scale: ScoreScale
    public let economics: StrategyEconomics
    /// One row per cut-off, in the order given (increasing value).
    public let rows: [StrategyRow]
    /// Scored rows.
    public let count: Int
    /// Rows with an outcome, and of them the bads.
    public let withOutcome: Int
    public let bads: Int
    /// The profit-maximising cut-off over every distinct score (nil without outcomes).
    public let profitMaximising: StrategyChoice?

    /// Scores sorted safest first, with outcomes (kept for the searches).
    private let sorted: [(score: Double, outcome: Bool?)]

    /// - Parameters:
    ///   - scores: one finite score per applicant, on `scale`.
    ///   - outcomes: per applicant, bad (`true`), good (`false`) or unknown (`nil`).
    ///   - cutoffs: finite, distinct, increasing.
    /// - Throws: `StrategyError`.
    public init(scores: [Double], outcomes: [Bool?], scale: ScoreScale, cutoffs: [Double],
                economics: StrategyEconomics = StrategyEconomics()) throws {
        guard scores.count == outcomes.count else { throw StrategyError.lengthMismatch(scores: scores.count, other: outcomes.count) }
        guard !scores.isEmpty else { throw StrategyError.empty }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) { throw StrategyError.nonFiniteScore(index: bad) }
        guard !cutoffs.isEmpty else { throw StrategyError.noCutoffs }
        guard cutoffs.allSatisfy(\.isFinite), zip(cutoffs, cutoffs.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw StrategyError.cutoffsNotIncreasing(cutoffs)
        }
        self.scale = scale
        self.economics = economics
        self.count = scores.count
        self.withOutcome = outcomes.count { $0 != nil }
        self.bads = outcomes.count { $0 == true }
        let sorted = zip(scores, outcomes).map { (score: $0, outcome: $1) }.sorted { scale.isSafer($0.score, than: $1.score) }
        self.sorted = sorted
        let totals = Tally(sorted[...])
        // Tallies of the approved set at each cut-off (a prefix of `sorted`).
        let approvedTallies = cutoffs.map { c in Tally(sorted.prefix { scale.approves($0.score, cutoff: c) }) }
        // Safer neighbour: points — the next larger cut-off; PD — the next smaller.
        rows = cutoffs.indices.map { k in
            let safer: Int? = scale == .points ? (k + 1 < cutoffs.count ? k + 1 : nil) : (k > 0 ? k - 1 : nil)
            let a = approvedTallies[k]
            let band = safer.map { a - approvedTallies[$0] } ?? a
            return Self.row(cutoff: cutoffs[k], approved: a, band: band, totals: totals, economics: economics)
        }
        profitMaximising = withOutcome == 0 ? nil : Self.search(sorted, totals: totals, economics: economics) { best, candidate in
            candidate.profit > best.profit
        }
    }

    /// The safest distinct score whose approval rate is ≥ `rate` (nil when `rate` > 1).
    public func forApprovalRate(_ rate: Double) -> StrategyChoice? {
        let totals = Tally(sorted[...])
        var found: StrategyChoice? = nil
        Self.scan(sorted, totals: totals, economics: economics) { row in
            if found == nil && row.approvalRate >= rate { found = StrategyChoice(row: row) }
        }
        return found
    }

    /// The most lenient distinct score whose approved bad rate is ≤ `rate` (nil when none).
    public func forBadRate(_ rate: Double) -> StrategyChoice? {
        let totals = Tally(sorted[...])
        var found: StrategyChoice? = nil
        Self.scan(sorted, totals: totals, economics: economics) { row in
            if !row.approvedBadRate.isNaN && row.approvedBadRate <= rate { found = StrategyChoice(row: row) }
        }
        return found
    }

    /// The row of an arbitrary cut-off (not necessarily a score value), its band being every approved row.
    public func row(at cutoff: Double) -> StrategyRow {
        let totals = Tally(sorted[...])
        let a = Tally(sorted.prefix { scale.approves($0.score, cutoff: cutoff) })
        return Self.row(cutoff: cutoff, approved: a, band: a, totals: totals, economics: economics)
    }

    /// N cut-offs at the approval shares 1/N … 1 (see the type's discussion), increasing, distinct.
    public static func bandCutoffs(scores: [Double], scale: ScoreScale, count: Int) throws -> [Double] {
        guard count >= 1 else { throw StrategyError.badBandCount(count) }
        guard !scores.isEmpty else { throw StrategyError.empty }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) { throw StrategyError.nonFiniteScore(index: bad) }
        let safestFirst = scores.sorted { scale.isSafer($0, than: $1) }
        let n = scores.count
        var cutoffs = Set<Double>()
        for j in 1...count {
            let rank = (j * n + count - 1) / count   // ⌈j·n/N⌉, 1-based
            cutoffs.insert(safestFirst[rank - 1])
        }
        return cutoffs.sorted()
    }

    // MARK: Counting

    struct Tally {
        var count = 0, bads = 0, goods = 0
        init() {}
        init(_ rows: some Collection<(score: Double, outcome: Bool?)>) {
            for r in rows { add(r.outcome) }
        }
        mutating func add(_ outcome: Bool?) {
            count += 1
            if outcome == true { bads += 1 } else if outcome == false { goods += 1 }
        }
        static func - (a: Tally, b: Tally) -> Tally {
            var t = Tally(); t.count = a.count - b.count; t.bads = a.bads - b.bads; t.goods = a.goods - b.goods; return t
        }
    }

    static func rate(_ bads: Int, _ goods: Int) -> Double { bads + goods == 0 ? .nan : Double(bads) / Double(bads + goods) }
    static func odds(_ goods: Int, _ bads: Int) -> Double {
        bads == 0 ? (goods == 0 ? .nan : .infinity) : Double(goods) / Double(bads)
    }

    static func row(cutoff: Double, approved a: Tally, band: Tally, totals: Tally, economics: StrategyEconomics) -> StrategyRow {
        let d = totals - a
        return StrategyRow(cutoff: cutoff, approved: a.count, approvalRate: Double(a.count) / Double(totals.count),
                           badsApproved: a.bads, goodsApproved: a.goods, badsDeclined: d.bads, goodsDeclined: d.goods,
                           approvedBadRate: rate(a.bads, a.goods), declinedBadRate: rate(d.bads, d.goods),
                           bandCount: band.count, bandBads: band.bads, bandGoods: band.goods,
                           marginalBadRate: rate(band.bads, band.goods), marginalOdds: odds(band.goods, band.bads),
                           cumulativeOdds: odds(a.goods, a.bads), profit: economics.profit(goods: a.goods, bads: a.bads))
    }

    /// Calls `body` with the row of each distinct score as the cut-off, safest first (its band: the rows at that
    /// score).
    static func scan(_ sorted: [(score: Double, outcome: Bool?)], totals: Tally, economics: StrategyEconomics,
                     _ body: (StrategyRow) -> Void) {
        var a = Tally()
        var i = 0
        while i < sorted.count {
            let s = sorted[i].score
            var band = Tally()
            while i < sorted.count && sorted[i].score == s { a.add(sorted[i].outcome); band.add(sorted[i].outcome); i += 1 }
            body(row(cutoff: s, approved: a, band: band, totals: totals, economics: economics))
        }
    }

    /// The first row (safest first) that no later row beats by `better`.
    static func search(_ sorted: [(score: Double, outcome: Bool?)], totals: Tally, economics: StrategyEconomics,
                       better: (StrategyRow, StrategyRow) -> Bool) -> StrategyChoice? {
        var best: StrategyRow? = nil
        scan(sorted, totals: totals, economics: economics) { row in
            if best == nil || better(best!, row) { best = row }
        }
        return best.map(StrategyChoice.init)
    }
}
