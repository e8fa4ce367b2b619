/// One band of a gains table.
public struct GainsRow: Sendable, Codable, Equatable {
    /// 1 = the riskiest band.
    public var band: Int
    public var rows: Int
    public var bads: Int
    /// Lowest and highest score in the band.
    public var minimumScore: Double
    public var maximumScore: Double
    public var badRate: Double
    /// Bads in bands 1…band over all bads (the capture rate, cumulative gains).
    public var cumulativeCapture: Double
    /// Bad rate of the band over the overall bad rate.
    public var lift: Double
    /// Bad rate of bands 1…band over the overall bad rate.
    public var cumulativeLift: Double
}

/// Gains, capture and lift by band (deciles by default), riskiest first.
///
/// Rows are ranked by score descending (ties in input order, a stable sort) and cut into `bands` groups of
/// ⌊n·(g+1)/bands⌋ − ⌊n·g/bands⌋ rows, so every band has n/bands rows up to one; tied scores may straddle a
/// band boundary.
/// - Complexity: O(n log n).
public func gainsTable(_ data: ScoredOutcomes, bands: Int = 10) throws -> [GainsRow] {
    guard bands >= 1, bands <= data.count else {
        throw MetricsError.invalidParameter("bands must be between 1 and the row count (\(data.count)), got \(bands)")
    }
    let order = data.scores.indices.sorted { a, b in
        data.scores[a] > data.scores[b] || (data.scores[a] == data.scores[b] && a < b)
    }
    let n = data.count
    let overall = Double(data.bads) / Double(n)
    var out: [GainsRow] = []
    var cumBads = 0, cumRows = 0
    for g in 0..<bands {
        let start = n * g / bands, end = n * (g + 1) / bands
        var bads = 0
        for k in start..<end where data.isBad[order[k]] { bads += 1 }
        cumBads += bads; cumRows += end - start
        let rate = Double(bads) / Double(end - start)
        out.append(GainsRow(band: g + 1, rows: end - start, bads: bads,
                            minimumScore: data.scores[order[end - 1]], maximumScore: data.scores[order[start]],
                            badRate: rate,
                            cumulativeCapture: data.bads > 0 ? Double(cumBads) / Double(data.bads) : .nan,
                            lift: rate / overall, cumulativeLift: Double(cumBads) / Double(cumRows) / overall))
    }
    return out
}
