import CreditTabular

/// Frequency weights for binning and scorecard training: row i counts as wᵢ rows.
///
/// The weights of a numeric column, checked on the rows that take part (a known target): each must be finite
/// and ≥ 0, the rule and the wording of a regression's `--weight` (`Design.weights(from:column:)`), so a weight
/// column is refused the same way by `credit train`, `credit train --scorecard` and `credit bin`. Rows without
/// a target are not binned, so their weights are not looked at (0 is returned for them).
///
/// Frequency weights make a weighted binning equal to the binning of the data with each row repeated wᵢ times
/// (for whole-number weights, exactly: `Binner`, `BinningTable.make`); optbinning's `fit(x, y, sample_weight=w)`
/// is the peer (its weighted event and non-event counts feed the same WoE, IV and size constraints).
public enum BinningWeights {
    /// - Parameters:
    ///   - target: the target column (named in the error when a class has no weight).
    ///   - flags: `TargetCoding.flags` of the table (−1: no target; the row's weight is not read).
    /// - Throws: `BinningError.missingColumn`, `.weightNotNumeric`, `.invalidWeight` (the line of the first
    ///   missing, negative or infinite weight), `.zeroWeightClass` when the goods or the bads weigh 0 in all.
    public static func read(table: Table, column: String, target: String, flags: [Int8]) throws -> [Double] {
        guard let c = table[column] else { throw BinningError.missingColumn(column) }
        guard case .numeric(let values) = c else { throw BinningError.weightNotNumeric(column: column) }
        var weights = [Double](repeating: 0, count: values.count)
        for i in values.indices where flags[i] >= 0 {
            let w = values[i]
            guard w.isFinite, w >= 0 else { throw BinningError.invalidWeight(column: column, line: table.lineNumbers[i], value: w) }
            weights[i] = w
        }
        var goods = 0.0, bads = 0.0
        for i in flags.indices where flags[i] >= 0 { if flags[i] == 1 { bads += weights[i] } else { goods += weights[i] } }
        if bads == 0 || goods == 0 { throw BinningError.zeroWeightClass(target: target, weight: column, bads: bads == 0) }
        return weights
    }
}
