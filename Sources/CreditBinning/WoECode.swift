/// How a cached column is replaced by the weight of evidence of its bin, for the WoE-coded design of an out-of-core
/// scorecard fit (`StreamingDesign.woe`): the bin by the characteristic's `BinRule`, then that bin's WoE.
package struct WoECode: Sendable {
    @usableFromInline let rule: BinRule
    /// WoE per bin.
    @usableFromInline let woe: [Double]
    /// Categorical: WoE per cache level code (an unseen level counts as the `other` bin); nil for a numeric column.
    @usableFromInline let levelWoE: [Double]?
    @usableFromInline let missing: Double

    /// - Parameters:
    ///   - woe: the WoE of each bin of `bins` (`BinningTable.woes`).
    ///   - levels: the cache's levels of the column (categorical; ignored for a numeric one).
    package init(bins: CharacteristicBins, woe: [Double], levels: [String]) {
        let rule = BinRule(bins)
        self.rule = rule
        self.woe = woe
        missing = woe[rule.missingBin]
        levelWoE = bins.type == .categorical ? levels.map { woe[rule.counted(rule.bin(level: $0))] } : nil
    }

    /// The WoE of a cached value (a level code for a categorical column, negative when missing).
    @inlinable @inline(__always)
    package func value(_ x: Double) -> Double {
        if let levelWoE { return x < 0 ? missing : levelWoE[Int(x)] }
        return woe[rule.bin(x)]
    }
}
