import CreditTabular
extension Design {
    /// The frequency weight of each design row, read from numeric column `column` of the table the design was
    /// built from (build the design with the weight column in `DesignOptions.exclude`).
    /// - Throws: `RegressionError.missingColumn`, `.columnTypeMismatch` (not numeric), or
    ///   `.invalidWeightValue` naming the line of the first missing, negative or infinite weight.
    public func weights(from table: Table, column: String) throws -> [Double] {
        guard let c = table[column] else { throw RegressionError.missingColumn(column) }
        guard case .numeric(let values) = c else {
            throw RegressionError.columnTypeMismatch(column: column, expected: "numeric (a frequency weight)")
        }
        return try rows.map { r in
            let w = values[r]
            guard w.isFinite, w >= 0 else {
                throw RegressionError.invalidWeightValue(column: column, line: table.lineNumbers[r], value: w)
            }
            return w
        }
    }
}
