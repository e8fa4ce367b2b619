import CreditBinning
import Foundation
import CreditRegression
import CreditTabular
import CreditScorecard
import CreditSupport
/// Scores of one chunk of a stream (see `CreditModel.score(chunk:)`), in compact arrays.
package struct ChunkScores: Sendable {
    /// Rows in the chunk (scored + rejected).
    package let rowCount: Int
    /// 0-based index, in the whole input, of the chunk's first row.
    package let firstRow: Int
    /// PD per row; NaN where the row was rejected.
    package var probabilities: [Double]
    /// Scorecard models: the score per row (0 where rejected).
    package var scores: [Int] = []
    /// Scorecard models: points, row-major (`rowCount` × characteristics).
    package var points: [Int32] = []
    /// Scorecard models: reason characteristic indices, row-major (`rowCount` × `reasonsPerRow`), −1 = none.
    package var reasons: [Int16] = []
    package var reasonsPerRow = 0
    /// Scorecard models: the bin per row and characteristic, row-major (`rowCount` × characteristics; what the
    /// row was scored with, so reason codes can be looked up per bin). Meaningless for rejected rows.
    package var bins: [Int32] = []
    /// Scorecard models: scored rows with a fallback bin (an unexpected missing value), per characteristic.
    package var scoredWithFallback: [Int] = []
    /// Models with a decision policy: the decision per row (nil where the row was rejected).
    package var decisions: [RowDecision?] = []
    /// Models with a decision policy: the chunk's decisions counted per `DecisionPolicy.outcomes` entry.
    package var outcomeCounts: [Int] = []
    /// Rejected rows in row order; `row` is the row's 0-based index in the whole input.
    package var rejects: [RowProblem] = []

    package func isScored(_ row: Int) -> Bool { !probabilities[row].isNaN }
}

/// What the model needs of an input column.
public struct ModelInput: Sendable, Equatable {
    public var name: String
    public var type: ColumnType
}

extension CreditModel {
    /// The input columns the model reads, with the type each is read as (scorecard order, or predictor order).
    public var inputs: [ModelInput] {
        if let scorecard { return scorecard.characteristics.map { ModelInput(name: $0.name, type: $0.bins.type) } }
        return schema.predictors.map { p in
            switch p.kind {
            case .numeric: return ModelInput(name: p.name, type: .numeric)
            case .categorical: return ModelInput(name: p.name, type: .categorical)
            }
        }
    }

    /// The model's input columns, then the columns its decision policy's rules read, that `header` lacks (empty
    /// when every needed column is there).
    public func missingInputs(header: [String]) -> [String] {
        let have = Set(header)
        var needed = inputs.map(\.name)
        for c in policy?.ruleColumns ?? [] where !needed.contains(c) { needed.append(c) }
        return needed.filter { !have.contains($0) }
    }

    /// Scores one chunk of a stream read with the model's column types (`inputs`) and
    /// `CSVStreamReader.TextInNumericColumn.record`.
    ///
    /// Gives exactly what `score(_:)` gives for the same rows (same PD bits, points, score, reasons), plus:
    /// a row whose model column holds text where the model reads a number is rejected with `.notANumber`.
    /// A row's reject is its first problem in model column order. Rows in = rows scored + rows rejected.
    /// - Throws: `RegressionError.missingColumn` / `.columnTypeMismatch` when the chunk lacks a needed column.
    package func score(chunk: CSVChunk) throws -> ChunkScores {
        var out = try scoreWithoutPolicy(chunk: chunk)
        guard let policy else { return out }
        let (decisions, more) = try applyPolicy(policy, table: chunk.table, firstRow: chunk.firstRow,
                                                probabilities: &out.probabilities, scores: scorecard == nil ? nil : out.scores)
        out.decisions = decisions
        out.outcomeCounts = Self.outcomeCounts(decisions, policy: policy)
        if !more.isEmpty { out.rejects = (out.rejects + more).sorted { $0.row < $1.row } }
        return out
    }

    private func scoreWithoutPolicy(chunk: CSVChunk) throws -> ChunkScores {
        let table = chunk.table
        // Non-numeric cells by column, then row (rare: a dictionary is enough).
        var bad: [String: [Int: String]] = [:]
        for cell in chunk.nonNumeric { bad[cell.column, default: [:]][cell.row] = cell.text }
        if let scorecard { return try score(chunk: chunk, scorecard: scorecard, nonNumeric: bad) }

        let bound = try BoundDesign(coding: schema, table: table)
        let n = table.rowCount
        var out = ChunkScores(rowCount: n, firstRow: chunk.firstRow, probabilities: [Double](repeating: .nan, count: n))
        var values = [Double](repeating: 0, count: fit.coefficients.count)
        let textRejects = bad.isEmpty ? [:] : textInCodedColumns(bound, nonNumeric: bad)
        for row in 0..<n {
            let problem = (textRejects.isEmpty ? nil : textRejects[row]) ?? bound.encode(row: row, into: &values)
            if var problem {
                if problem.reason == .missingValue, let text = bad[problem.column]?[row] { problem.reason = .notANumber(text) }
                problem.row += chunk.firstRow
                out.rejects.append(problem)
            } else if var problem = logisticProbability(bound, row: row, values: values, into: &out.probabilities[row]) {
                problem.row += chunk.firstRow
                out.rejects.append(problem)
            }
        }
        return out
    }

    /// The rejects of rows whose text in a number column would be read as a missing value by a predictor with a
    /// missing coding (the chunk holds NaN there): such text is not a number, so the row is rejected with
    /// `.notANumber`, as without the coding — unless an earlier predictor's problem comes first. By chunk row.
    private func textInCodedColumns(_ bound: BoundDesign, nonNumeric bad: [String: [Int: String]]) -> [Int: RowProblem] {
        var out: [Int: RowProblem] = [:]
        let order = Dictionary(uniqueKeysWithValues: schema.predictors.enumerated().map { ($1.name, $0) })
        for (k, p) in schema.predictors.enumerated() where p.missing != nil {
            for (row, text) in bad[p.name] ?? [:] where out[row].map({ order[$0.column]! > k }) ?? true {
                if let earlier = bound.problem(row: row), order[earlier.column]! < k { continue }
                out[row] = RowProblem(row: row, line: bound.lineNumber(row), column: p.name, reason: .notANumber(text))
            }
        }
        return out
    }

    private func score(chunk: CSVChunk, scorecard s: ScorecardSection, nonNumeric: [String: [Int: String]]) throws -> ChunkScores {
        let table = chunk.table
        let n = table.rowCount, k = s.characteristics.count
        var out = ChunkScores(rowCount: n, firstRow: chunk.firstRow, probabilities: [Double](repeating: .nan, count: n))
        var bins = [Int32](repeating: 0, count: n * k)
        var unexpected: [(row: Int, characteristic: Int)] = []
        for (j, ch) in s.characteristics.enumerated() {
            guard let column = table[ch.name] else { throw RegressionError.missingColumn(ch.name) }
            if case .numeric(let values) = column, ch.bins.type == .numeric {
                // Column-wise fast path: CreditBinning's `BinRule` over the whole column.
                let rule = ch.bins.rule
                values.withUnsafeBufferPointer { x in
                    bins.withUnsafeMutableBufferPointer { out in if let base = out.baseAddress { rule.assign(x, into: base + j, stride: k) } }
                }
            } else {
                let assigner: BinAssigner
                do { assigner = try BinAssigner(spec: ch.bins, column: column) } catch {
                    throw RegressionError.columnTypeMismatch(column: ch.name, expected: ch.bins.type.rawValue)
                }
                let unseen = Int32(ch.unseenLevelBin ?? -1)   // −1: the row is rejected
                bins.withUnsafeMutableBufferPointer { out in
                    if let base = out.baseAddress { assigner.assign(rows: n, into: base + j, stride: k, unseen: unseen) }
                }
            }
            for row in nonNumeric[ch.name]?.keys ?? [:].keys { bins[row * k + j] = -2 }
            // A missing value where training had none: scored by the policy's tables below, or −3 (rejected).
            if !ch.missingSeenInTraining {
                let missing = Int32(ch.bins.missingIndex), reject = s.rejectsMissing(j)
                bins.withUnsafeMutableBufferPointer { bins in
                    for row in 0..<n where bins[row &* k &+ j] == missing {
                        if reject { bins[row &* k &+ j] = -3 } else { unexpected.append((row, j)) }
                    }
                }
            }
        }
        // Per-bin tables, flattened: points and β·WoE (the same products `BoundScorecard` sums, in the same order).
        // Points beyond Int32 (only in an edited model) are kept as 0 and flagged: a row in such a bin is rejected.
        var offsets: [Int] = [], pointTable: [Int32] = [], etaTable: [Double] = [], pointsOutOfRange: [Bool] = []
        for (j, ch) in s.characteristics.enumerated() {
            offsets.append(pointTable.count)
            let value = ch.points.indices.map { s.valueBin(j, $0) }     // the bins whose points and WoE score each bin
            pointTable += value.map { Int32(exactly: ch.points[$0]) ?? 0 }
            pointsOutOfRange += value.map { Int32(exactly: ch.points[$0]) == nil }
            etaTable += value.map { ch.coefficient * ch.woe[$0] }
        }
        let everyPointInRange = !pointsOutOfRange.contains(true)
        let reference = s.reasons.referencePoints
        // Shortfall below the reference per bin, the same difference the per-row rule takes (reference − points).
        var shortTable = [Double](repeating: 0, count: pointTable.count)
        for j in 0..<k {
            for b in offsets[j]..<(j + 1 < k ? offsets[j + 1] : pointTable.count) {
                shortTable[b] = reference[j] - Double(pointTable[b])
            }
        }
        let m = s.reasonsPerRow
        var scores = [Int](repeating: 0, count: n)
        var points = [Int32](repeating: 0, count: n * k)
        var reasons = [Int16](repeating: -1, count: n * m)
        var probabilities = [Double](repeating: .nan, count: n)
        var rejects: [RowProblem] = []
        let topIndex = UnsafeMutablePointer<Int>.allocate(capacity: m + 1)
        let topShort = UnsafeMutablePointer<Double>.allocate(capacity: m + 1)
        defer { topIndex.deallocate(); topShort.deallocate() }
        let intercept = s.intercept
        bins.withUnsafeBufferPointer { bins in
        offsets.withUnsafeBufferPointer { offsets in
        pointTable.withUnsafeBufferPointer { pointTable in
        etaTable.withUnsafeBufferPointer { etaTable in
        shortTable.withUnsafeBufferPointer { shortTable in
        reasons.withUnsafeMutableBufferPointer { reasons in
        points.withUnsafeMutableBufferPointer { points in
            for row in 0..<n {
                var eta = intercept, total = 0
                var bad = -1
                let base = row &* k
                for j in 0..<k {
                    let b = Int(bins[base &+ j])
                    if b < 0 || (!everyPointInRange && pointsOutOfRange[offsets[j] &+ b]) { bad = j; break }
                    let p = pointTable[offsets[j] &+ b]
                    points[base &+ j] = p
                    total &+= Int(p)
                    eta += etaTable[offsets[j] &+ b]
                }
                if bad >= 0 {
                    let name = s.characteristics[bad].name
                    let line = table.lineNumbers[row]
                    if bins[base &+ bad] >= 0 {
                        rejects.append(RowProblem(row: chunk.firstRow + row, line: line, column: name,
                                                  reason: .pointsOutOfRange(s.characteristics[bad].points[s.valueBin(bad, Int(bins[base &+ bad]))])))
                    } else if bins[base &+ bad] == -2 {
                        rejects.append(RowProblem(row: chunk.firstRow + row, line: line, column: name,
                                                  reason: .notANumber(nonNumeric[name]![row]!)))
                    } else if bins[base &+ bad] == -3 {
                        rejects.append(RowProblem(row: chunk.firstRow + row, line: line, column: name, reason: .unexpectedMissing))
                    } else {
                        let level: String
                        if case .categorical(let c) = table[name]! { level = c[row] ?? "" } else { level = "" }
                        rejects.append(RowProblem(row: chunk.firstRow + row, line: line, column: name, reason: .unseenLevel(level)))
                    }
                    continue
                }
                guard eta.isFinite else {
                    let rowBins = (0..<k).map { Int(bins[base &+ $0]) }
                    rejects.append(RowProblem(row: chunk.firstRow + row, line: table.lineNumbers[row],
                                              column: s.overflowCharacteristic(bins: rowBins), reason: .logOddsOverflow))
                    continue
                }
                probabilities[row] = Logistic.probability(logOdds: eta)
                scores[row] = total
                // Top m shortfalls (> 0), largest first, ties to the lower index: insertion into a short list.
                var count = 0
                for j in 0..<k {
                    let short = shortTable[offsets[j] &+ Int(bins[base &+ j])]
                    guard short > 0 else { continue }
                    var pos = count
                    while pos > 0 && topShort[pos - 1] < short { pos -= 1 }
                    if pos >= m { continue }
                    var q = min(count, m - 1)
                    while q > pos { topShort[q] = topShort[q - 1]; topIndex[q] = topIndex[q - 1]; q -= 1 }
                    topShort[pos] = short; topIndex[pos] = j
                    if count < m { count += 1 }
                }
                for r in 0..<count { reasons[row &* m &+ r] = Int16(topIndex[r]) }
            }
        }
        }
        }
        }
        }
        }
        }
        out.probabilities = probabilities
        out.scores = scores
        out.points = points
        out.reasons = reasons
        out.reasonsPerRow = m
        out.rejects = rejects
        out.scoredWithFallback = [Int](repeating: 0, count: k)
        for u in unexpected where !probabilities[u.row].isNaN { out.scoredWithFallback[u.characteristic] += 1 }
        out.bins = bins
        return out
    }
}
