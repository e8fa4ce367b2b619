import CreditBinning
import CreditRegression
import CreditTabular
extension ScorecardSection {
    /// `train(table:…)` for data in a `ColumnarCache`: binning from counts (`CacheBinning`), the WoE-coded
    /// logistic regression fitted chunk by chunk (`StreamingLogisticRegression` on `StreamingDesign.woe`), and the
    /// same scaling and points. Memory does not grow with the row count.
    ///
    /// Equal to the in-memory section whenever every numeric characteristic has at most
    /// `binning.sketchCapacity` distinct values (then the bins, counts and WoE are identical and the
    /// coefficients differ only by the order of the sums). The reason reference `.average` is computed from
    /// the bin counts (exact: integer points); `.cutoff` needs every row's score and is not available here.
    /// - Throws: `BinningError`, `RegressionError`, `ScorecardError`.
    package static func train(cache: ColumnarCache, target: String, bad: String, columns: [String]? = nil,
                             binning cacheBinning: CacheBinning, scaling: ScorecardScaling,
                             reasons: ReasonSettings = ReasonSettings(), fitter: StreamingLogisticRegression = StreamingLogisticRegression(),
                             progress: ((String) -> Void)? = nil)
        throws -> (section: ScorecardSection, fit: LogisticRegressionResult, binning: BinningResult)
    {
        if reasons.reference == .cutoff {
            throw ScorecardError.cutoffReferenceOutOfCore
        }
        try checkSettings(scaling: scaling, reasons: reasons)
        progress?("binning \(cache.rowCount) rows")
        let binning = try cacheBinning.run(cache: cache, target: target, bad: bad, columns: columns)
        var excluded: [String: String] = [:]
        for r in binning.ranking where !r.selected { excluded[r.name] = r.reason ?? "not selected" }
        var chosen: [(CharacteristicBins, BinningTable)] = []
        for (c, t) in zip(binning.spec.characteristics, binning.tables) where excluded[c.name] == nil {
            // Constant WoE over the rows: every bin holding rows has the same WoE.
            let used = t.bins.filter { $0.count > 0 }.map(\.woe)
            if used.allSatisfy({ $0 == used.first }) { excluded[c.name] = "WoE is the same for every row (one bin)"; continue }
            chosen.append((c, t))
        }
        guard !chosen.isEmpty else {
            throw ScorecardError.noCharacteristicLeft
        }
        let codes: [(name: String, code: WoECode)] = chosen.map { c, t in
            (c.name, WoECode(bins: c, woe: t.woes, levels: cache.levels[cache.columnIndex(named: c.name)!]))
        }
        let rowsUsed = cache.rowCount - binning.rowsWithoutTarget
        let design = try StreamingDesign.woe(cache: cache, target: target, bad: bad, characteristics: codes,
                                             rowsUsed: rowsUsed, events: chosen[0].1.bads)
        progress?("fitting on \(rowsUsed) rows")
        let fit = try fitter.fit(design) { step in progress?("fitting on \(rowsUsed) rows: Newton step \(step)") }
        let a = fit.coefficients[0]
        let characteristics = try ScorecardSection.scaledCharacteristics(chosen.map { ($0.0, $0.1) },
                                                                         coefficients: fit.coefficients, scaling: scaling,
                                                                         reasons: reasons)
        var settings = reasons
        switch reasons.reference {
        case .maximum:
            settings.referencePoints = characteristics.map { Double($0.points.max()!) }
        case .average:
            // Σ over rows of integer points = Σ over bins of count × points (exact in Double), as in memory.
            settings.referencePoints = characteristics.map { c in
                zip(c.table.bins, c.points).reduce(0.0) { $0 + Double($1.0.count) * Double($1.1) } / Double(rowsUsed)
            }
        case .cutoff:
            break
        }
        let section = ScorecardSection(scaling: scaling, binning: binning.spec.options, intercept: a,
                                       characteristics: characteristics, reasons: settings,
                                       wrongSign: characteristics.filter { !($0.coefficient > 0) }.map(\.name),
                                       excluded: excluded)
        return (section, fit, binning)
    }
}
