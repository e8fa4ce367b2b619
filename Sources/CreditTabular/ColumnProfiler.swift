/// One column's profile (`ColumnProfile`) accumulated chunk by chunk, in memory bounded by `ProfileLimits`
/// whatever the row count. `CSVProfiler` feeds it a streamed CSV; `Table.profiles` feeds it whole columns.
///
/// Numeric column, while it has at most `limits.exactValues` numbers: every number is kept, and the profile is
/// computed at the end exactly as from the whole column in memory — sorted; mean = Σx/n summed in sorted
/// order; sample standard deviation s = √(Σ(x − x̄)²/(n − 1)) (two passes); distinct = runs of equal values;
/// quantiles of type 7 (Hyndman and Fan 1996, doi:10.2307/2684934): Q(q) = x₍ₗ₎ + (h − l)(x₍ₗ₊₁₎ − x₍ₗ₎) with
/// h = (n − 1)q, l = ⌊h⌋ on the 0-based sorted values — numpy `quantile`'s default, pandas `describe`, R
/// `quantile(type = 7)`.
///
/// Beyond that budget the kept numbers move into a table of distinct values with counts
/// (`DistinctValueCounts`), and from then on:
/// - mean = (Σx)/n with Σx a compensated (Neumaier 1974) running sum;
/// - s from Σ(x − x̄)², merged over chunks (Chan, Golub and LeVeque 1983): each chunk's
///   M₂ = Σ(x − x̄ₖ)² − (Σ(x − x̄ₖ))²/nₖ about its own mean x̄ₖ, then
///   M₂ ← M₂ + M₂ₖ + δ²·n·nₖ/(n + nₖ), δ = x̄ₖ − x̄;
/// - minimum and maximum as seen;
/// - while the distinct values number at most `limits.distinctValues`: distinct and the type-7 quantiles
///   exact, the order statistics read from the cumulative counts;
/// - beyond: distinct is reported as at least `limits.distinctValues` (`distinctIsLowerBound`), and the table's
///   counts and every later number enter a `QuantileSketch`, whose quantiles at ranks ⌊h⌋ and ⌊h⌋ + 1 are
///   interpolated as in type 7; `quantileRankError` reports the sketch's deterministic rank-error bound.
///
/// Categorical column: exact counts per level in order of first appearance, up to `limits.distinctValues`
/// levels and `limits.levelBytes` bytes of their text; top levels by count, ties to the first seen.
///
/// A column that is numeric in the first chunks and categorical in a later one (a streamed CSV infers types
/// per chunk) turns categorical here with its numbers counted as levels spelled from their value
/// (`levelText`), since their text is gone; `CSVProfiler` reads such a column again when it can
/// (`ColumnProfile.levelsFromNumbers` says when it could not).
///
/// The missing-value bad rate counts, among the rows where this column is missing, the rows with a known
/// target and the bad ones (per-row flags from the caller).
package struct ColumnProfiler: Sendable {
    package let name: String
    package let limits: ProfileLimits
    /// The column's type so far (numeric until a chunk has it categorical).
    package private(set) var type: ColumnType
    /// Rows added.
    package private(set) var rows = 0
    private var missing = 0
    /// Rows where this column is missing: with a known target; bad (flags 1 and 2); bad reading the target's
    /// numbers as text (flag 1 only).
    private var missingKnown = 0, missingBads = 0, missingBadsAsText = 0

    private enum Phase { case exact, counted, sketched }
    private var phase = Phase.exact
    /// Non-missing numbers added (numeric column).
    private var numbers = 0
    private var kept: [Double] = []
    private var distinct: DistinctValueCounts? = nil
    private var sketch: QuantileSketch? = nil
    /// Neumaier's running sum and its compensation.
    private var sum = 0.0, compensation = 0.0
    /// Running mean and sum of squared deviations, merged per chunk.
    private var runningMean = 0.0, squares = 0.0
    private var minimum = Double.infinity, maximum = -Double.infinity

    private var levels: [String] = []
    private var levelCounts: [Int] = []
    private var levelIndex: [String: Int] = [:]
    private var levelTextBytes = 0
    private var levelsCapped = false
    private var levelsFromNumbers = 0

    package init(name: String, type: ColumnType = .numeric, limits: ProfileLimits) {
        self.name = name; self.type = type; self.limits = limits
    }

    /// True when numbers were counted as levels by value (`levelText`): the column turned categorical after
    /// numbers, or got a numeric chunk once categorical. Its profile then differs from the whole-file one when
    /// the input spelled those numbers otherwise; `CSVProfiler` reads such a column again when it can.
    package var countsNumbersAsLevels: Bool { levelsFromNumbers > 0 }
    /// The numbers of numeric chunks counted as levels (the notes of `CSVProfiler` count them as numbers).
    var numbersCountedAsLevels: Int { levelsFromNumbers }

    /// Adds the rows of one chunk of the column.
    ///
    /// A categorical chunk turns a numeric profile categorical (its numbers so far become levels spelled by
    /// `levelText`); a numeric chunk of a categorical profile is counted the same way.
    /// - Parameter isBad: per row of the chunk, when a target is given: 1 bad, 0 good, −1 target missing, and
    ///   2 for a numeric target value equal to the bad value whose text is not the bad value's
    ///   (`--bad 1.0` and the number 1): bad, unless the target turns out categorical on a stream read once
    ///   (see `profile(targetNumbersAsText:)`).
    package mutating func add(_ column: Column, isBad: [Int8]? = nil) {
        if let isBad { precondition(isBad.count == column.count, "ColumnProfiler.add: one target flag per row") }
        switch column {
        case .numeric(let values):
            if type == .numeric { addNumbers(values, isBad: isBad) } else { addNumbersAsLevels(values, isBad: isBad) }
        case .categorical(let c):
            if type == .numeric { foldNumbersIntoLevels() }
            addLevels(c, isBad: isBad)
        }
    }

    /// How a number is counted as a level once its text is gone: an integer below 10^15 in magnitude without a
    /// decimal point ("3", "-12"; −0 as "0"), any other number as Swift's shortest round-trip `description`
    /// ("2.5", "1e-05", "1e+16").
    package static func levelText(_ x: Double) -> String {
        if x == x.rounded(.towardZero) && abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

    // MARK: - Numbers

    private mutating func countMissingTargets(_ isBad: [Int8], missing isMissing: (Int) -> Bool) {
        var known = 0, bads = 0, badsAsText = 0
        for r in isBad.indices where isMissing(r) {
            let f = isBad[r]
            if f >= 0 { known += 1 }
            if f == 1 { bads += 1; badsAsText += 1 } else if f == 2 { bads += 1 }
        }
        missingKnown += known; missingBads += bads; missingBadsAsText += badsAsText
    }

    private mutating func addNumbers(_ values: [Double], isBad: [Int8]?) {
        rows += values.count
        var present = 0, chunkSum = 0.0
        var s = sum, c = compensation, lo = minimum, hi = maximum
        values.withUnsafeBufferPointer { v in
            for x in v where !x.isNaN {
                present += 1
                chunkSum += x
                let t = s + x
                if abs(s) >= abs(x) { c += (s - t) + x } else { c += (x - t) + s }
                s = t
                if x < lo { lo = x }
                if x > hi { hi = x }
            }
        }
        sum = s; compensation = c; minimum = lo; maximum = hi
        let chunkMissing = values.count - present
        missing += chunkMissing
        if chunkMissing > 0, let isBad { countMissingTargets(isBad) { values[$0].isNaN } }
        guard present > 0 else { return }

        // Chan–Golub–LeVeque merge of this chunk's two-pass sum of squares.
        let n0 = Double(numbers), n1 = Double(present)
        let chunkMean = chunkSum / n1
        var deviation = 0.0, deviationSquares = 0.0
        values.withUnsafeBufferPointer { v in
            for x in v where !x.isNaN { let d = x - chunkMean; deviation += d; deviationSquares += d * d }
        }
        let chunkSquares = deviationSquares - deviation * deviation / n1
        let delta = chunkMean - runningMean
        runningMean += delta * n1 / (n0 + n1)
        squares += chunkSquares + delta * delta * n0 * n1 / (n0 + n1)
        numbers += present

        if phase == .exact {
            if kept.count + present <= limits.exactValues {
                kept.reserveCapacity(kept.count + present)
                for x in values where !x.isNaN { kept.append(x) }
                return
            }
            countKeptValues()
        }
        if phase == .counted {
            var table = distinct!
            distinct = nil
            var r = 0
            while r < values.count {
                let x = values[r]
                r += 1
                if x.isNaN || table.add(x) { continue }
                // One distinct value too many: sketch from here on.
                var sketched = QuantileSketch(capacity: limits.sketchCapacity)
                for (v, n) in zip(table.values, table.counts) { sketched.insert(v, count: n) }
                sketched.insert(x)
                while r < values.count { if !values[r].isNaN { sketched.insert(values[r]) }; r += 1 }
                sketch = sketched
                phase = .sketched
            }
            distinct = table
            return
        }
        var rest = sketch!
        sketch = nil
        for x in values where !x.isNaN { rest.insert(x) }
        sketch = rest
    }

    /// Leaves the exact phase: the kept numbers go into the table of distinct values (and, if there are too
    /// many distinct ones, into the sketch).
    private mutating func countKeptValues() {
        var table = DistinctValueCounts(cap: limits.distinctValues)
        var i = 0
        while i < kept.count && table.add(kept[i]) { i += 1 }
        if i < kept.count {
            var s = QuantileSketch(capacity: limits.sketchCapacity)
            for (v, n) in zip(table.values, table.counts) { s.insert(v, count: n) }
            for x in kept[i...] { s.insert(x) }
            sketch = s
            phase = .sketched
        } else {
            phase = .counted
        }
        distinct = table
        kept = []
    }

    // MARK: - Levels

    private mutating func addLevel(_ text: String, count: Int) {
        if let i = levelIndex[text] { levelCounts[i] += count; return }
        let bytes = text.utf8.count
        if levelsCapped || levels.count >= limits.distinctValues || bytes > limits.levelBytes - levelTextBytes {
            levelsCapped = true
            return
        }
        levelIndex[text] = levels.count
        levels.append(text)
        levelCounts.append(count)
        levelTextBytes += bytes
    }

    private mutating func addLevels(_ c: CategoricalColumn, isBad: [Int8]?) {
        rows += c.codes.count
        var counts = [Int](repeating: 0, count: c.levels.count)
        var chunkMissing = 0
        c.codes.withUnsafeBufferPointer { codes in
            counts.withUnsafeMutableBufferPointer { k in
                for code in codes { if code < 0 { chunkMissing += 1 } else { k[Int(code)] += 1 } }
            }
        }
        missing += chunkMissing
        if chunkMissing > 0, let isBad { countMissingTargets(isBad) { c.codes[$0] < 0 } }
        for (i, level) in c.levels.enumerated() where counts[i] > 0 { addLevel(level, count: counts[i]) }
    }

    /// A numeric chunk of a categorical column: its numbers become levels by value.
    private mutating func addNumbersAsLevels(_ values: [Double], isBad: [Int8]?) {
        rows += values.count
        var table = DistinctValueCounts(cap: .max)
        for x in values where !x.isNaN { table.add(x) }
        let present = table.counts.reduce(0, +)
        missing += values.count - present
        if present < values.count, let isBad { countMissingTargets(isBad) { values[$0].isNaN } }
        for (v, n) in zip(table.values, table.counts) { addLevel(Self.levelText(v), count: n) }
        levelsFromNumbers += present
    }

    /// Turns the column categorical: the numbers so far become levels by value, in order of first appearance.
    private mutating func foldNumbersIntoLevels() {
        type = .categorical
        defer { kept = []; distinct = nil; sketch = nil }
        guard numbers > 0 else { return }
        var table: DistinctValueCounts
        if phase == .exact {
            table = DistinctValueCounts(cap: .max)
            for x in kept { table.add(x) }
        } else {
            table = distinct!
            // Counts stop at the distinct budget: the levels are then incomplete, as beyond it for text.
            if phase == .sketched { levelsCapped = true }
        }
        for (v, n) in zip(table.values, table.counts) { addLevel(Self.levelText(v), count: n) }
        levelsFromNumbers += numbers
    }

    // MARK: - Result

    /// The profile of the rows added.
    /// - Parameter targetNumbersAsText: the target column turned categorical after numbers on a stream read once
    ///   (`CSVProfiler`): rows flagged 2 count as good, as their text is not the bad value's.
    package func profile(targetNumbersAsText: Bool = false) -> ColumnProfile {
        var p = ColumnProfile(name: name, type: type, count: rows - missing, missing: missing, distinct: 0, topLevels: [])
        switch type {
        case .numeric where numbers > 0:
            switch phase {
            case .exact:
                let present = kept.sorted()
                var distinct = 1
                for i in 1..<present.count where present[i] != present[i - 1] { distinct += 1 }
                p.distinct = distinct
                let mean = present.reduce(0, +) / Double(present.count)
                p.mean = mean
                if present.count > 1 {
                    let ss = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                    p.standardDeviation = (ss / Double(present.count - 1)).squareRoot()
                }
                p.minimum = present.first
                p.quartile1 = Table.quantile(sorted: present, 0.25)
                p.median = Table.quantile(sorted: present, 0.5)
                p.quartile3 = Table.quantile(sorted: present, 0.75)
                p.maximum = present.last
            case .counted, .sketched:
                p.mean = (sum + compensation) / Double(numbers)
                if numbers > 1 { p.standardDeviation = (max(squares, 0) / Double(numbers - 1)).squareRoot() }
                p.minimum = minimum
                p.maximum = maximum
                let q = quantiles([0.25, 0.5, 0.75])
                p.quartile1 = q[0]; p.median = q[1]; p.quartile3 = q[2]
                p.distinct = distinct!.count
                if phase == .sketched {
                    p.distinctIsLowerBound = true
                    p.quantileRankError = sketch!.rankErrorBound
                }
            }
        case .numeric:
            break
        case .categorical:
            p.distinct = levels.count
            if levelsCapped { p.distinctIsLowerBound = true }
            let order = levelCounts.indices.sorted { levelCounts[$0] > levelCounts[$1] || (levelCounts[$0] == levelCounts[$1] && $0 < $1) }
            p.topLevels = order.prefix(3).map { .init(level: levels[$0], count: levelCounts[$0]) }
            if levelsFromNumbers > 0 { p.levelsFromNumbers = levelsFromNumbers }
        }
        if missingKnown > 0 {
            p.badRateWhenMissing = Double(targetNumbersAsText ? missingBadsAsText : missingBads) / Double(missingKnown)
        }
        return p
    }

    /// Type-7 quantiles beyond the exact phase: the order statistics at ⌊h⌋ and ⌊h⌋ + 1 from the cumulative
    /// counts, or from the sketch.
    private func quantiles(_ qs: [Double]) -> [Double] {
        let positions = qs.map { Double(numbers - 1) * $0 }
        let ranks = positions.flatMap { h -> [Int] in
            let lo = Int(h.rounded(.down))
            return [lo, min(lo + 1, numbers - 1)]
        }
        var x: [Double] = []
        if phase == .sketched {
            x = sketch!.quantiles(ranks: ranks)
        } else {
            // `ranks` ascend, so one walk over the sorted distinct values finds them all.
            let (values, counts) = distinct!.sorted()
            var below = 0, i = 0
            for rank in ranks {
                while below + counts[i] <= rank { below += counts[i]; i += 1 }
                x.append(values[i])
            }
        }
        return positions.indices.map { k in
            let h = positions[k], lo = x[2 * k], hi = x[2 * k + 1]
            return lo + (h - h.rounded(.down)) * (hi - lo)
        }
    }
}
