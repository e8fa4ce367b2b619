/// Holm's step-down adjustment of p-values (Holm 1979, Scandinavian Journal of Statistics 6:65–70):
/// adjusted p_(i) = max over j ≤ i of min(1, (m − j + 1)·p_(j)), returned in the input order (as
/// statsmodels `multipletests(method="holm")`).
public func holmAdjusted(_ pValues: [Double]) -> [Double] {
    let m = pValues.count
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var running = 0.0
    var adjusted = [Double](repeating: .nan, count: m)
    for (rank, idx) in order.enumerated() {
        running = max(running, min(1, Double(m - rank) * pValues[idx]))
        adjusted[idx] = running
    }
    return adjusted
}
