/// The swap set of a new score against an incumbent decision: who each approves, who changes side, and what
/// that does to approvals and bads.
///
/// Inputs are per applicant: whether the new score approves (`newApproves`, from a `Cutoff`), whether the
/// incumbent approves (`incumbentApproves`: an incumbent score at its own cut-off, or a rule such as
/// `RuleExpression`), and the outcome (`true` bad, `false` good, `nil` unknown). The four cells of the 2×2
/// (new approve/decline × incumbent approve/decline) count every applicant; bads, goods and bad rates are over
/// the applicants with an outcome, as in `StrategyTable`.
///
/// - swap-ins: approved by the new score, declined by the incumbent;
/// - swap-outs: declined by the new score, approved by the incumbent;
/// - net change in approvals = swap-ins − swap-outs = approved(new) − approved(incumbent);
/// - net change in bads (approved) = bads(swap-ins) − bads(swap-outs) = bads approved by the new − by the
///   incumbent (over rows with an outcome); likewise in goods.
///
/// Peer: Siddiqi, *Intelligent Credit Scoring* (2nd ed., 2017), ch. 13 ("swap set analysis"); checked against a
/// pandas crosstab in Tests/CreditDecisionTests/Fixtures/make_strategy_fixtures.py.
public struct SwapSet: Sendable, Codable, Equatable {
    /// One cell of the 2×2.
    public struct Cell: Sendable, Codable, Equatable {
        public var count: Int
        public var bads: Int
        public var goods: Int
        /// bads / (bads + goods); NaN without outcomes.
        public var badRate: Double { bads + goods == 0 ? .nan : Double(bads) / Double(bads + goods) }
        public init(count: Int = 0, bads: Int = 0, goods: Int = 0) { self.count = count; self.bads = bads; self.goods = goods }
        mutating func add(_ outcome: Bool?) {
            count += 1
            if outcome == true { bads += 1 } else if outcome == false { goods += 1 }
        }
    }

    /// Approved by both.
    public var bothApprove: Cell
    /// Approved by the new score only: the swap-ins.
    public var swapIns: Cell
    /// Approved by the incumbent only: the swap-outs.
    public var swapOuts: Cell
    /// Declined by both.
    public var bothDecline: Cell

    /// The new score's approvals (both + swap-ins).
    public var newApproved: Cell { Self.sum(bothApprove, swapIns) }
    /// The incumbent's approvals (both + swap-outs).
    public var incumbentApproved: Cell { Self.sum(bothApprove, swapOuts) }
    /// Applicants in all.
    public var count: Int { bothApprove.count + swapIns.count + swapOuts.count + bothDecline.count }
    /// swap-ins − swap-outs.
    public var netApprovals: Int { swapIns.count - swapOuts.count }
    /// bads(swap-ins) − bads(swap-outs): positive when the new score approves more bads.
    public var netBads: Int { swapIns.bads - swapOuts.bads }
    /// goods(swap-ins) − goods(swap-outs).
    public var netGoods: Int { swapIns.goods - swapOuts.goods }

    /// - Throws: `StrategyError.lengthMismatch` when the arrays differ in length, `.empty` without rows.
    public init(newApproves: [Bool], incumbentApproves: [Bool], outcomes: [Bool?]) throws {
        guard newApproves.count == incumbentApproves.count else {
            throw StrategyError.lengthMismatch(scores: newApproves.count, other: incumbentApproves.count)
        }
        guard newApproves.count == outcomes.count else { throw StrategyError.lengthMismatch(scores: newApproves.count, other: outcomes.count) }
        guard !newApproves.isEmpty else { throw StrategyError.empty }
        var both = Cell(), ins = Cell(), outs = Cell(), neither = Cell()
        for k in newApproves.indices {
            switch (newApproves[k], incumbentApproves[k]) {
            case (true, true): both.add(outcomes[k])
            case (true, false): ins.add(outcomes[k])
            case (false, true): outs.add(outcomes[k])
            case (false, false): neither.add(outcomes[k])
            }
        }
        bothApprove = both; swapIns = ins; swapOuts = outs; bothDecline = neither
    }

    private static func sum(_ a: Cell, _ b: Cell) -> Cell { Cell(count: a.count + b.count, bads: a.bads + b.bads, goods: a.goods + b.goods) }

    /// The incumbent's cut-off that approves as many applicants as `target`, as near as ties allow: the safest
    /// distinct incumbent value whose approvals (at or safer than it, `scale`'s rule) number at least `target`.
    /// Missing values (NaN) are never approved and are skipped. nil when `target` exceeds the non-missing values,
    /// or is 0 or less (nothing to approve; `nil` then means "decline all").
    public static func matchingCutoff(incumbent: [Double], scale: ScoreScale, approvals target: Int) -> Double? {
        let values = incumbent.filter { !$0.isNaN }.sorted { scale.isSafer($0, than: $1) }
        guard target > 0, target <= values.count else { return nil }
        return values[target - 1]
    }
}
