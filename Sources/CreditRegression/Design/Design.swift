import Foundation
import CreditTabular
import CreditLinearAlgebra
import CreditSupport
/// A design matrix built from a table, with everything that happened to the rows.
///
/// Built by `Design.build(from:options:)`:
/// - the target is read as bad (1) / good (0) by `BinaryTarget`: a numeric target is compared numerically with
///   `options.badValue` ("1" matches 1.0), a categorical one as a string; it must have exactly two distinct
///   values among non-missing rows;
/// - rows with a missing target or a missing predictor are dropped and listed in `dropped` with their line and
///   the first offending column (listwise deletion, as R's `na.omit`); with `options.missing == .indicator` only a
///   missing target drops a row, and a predictor with missing values gets a fill and a `name=missing` term
///   (`MissingValueCoding`);
/// - every column except the target and `options.exclude` is a predictor, in table order; numeric columns enter
///   as-is; categorical columns are one-hot coded against a reference level (default: the first level in
///   Unicode-scalar order, as pandas, patsy and R in the C locale);
/// - with an intercept, columns constant over the usable rows are left out and listed in `constantColumns`;
/// - exact collinearity among the remaining columns throws `RegressionError.rankDeficient`, naming each
///   aliased column as a combination of the others ("x3 = 1·x1 + 1·x2").
public struct Design: Sendable {
    public let coding: DesignCoding
    /// The n × p design, one array per column. A numeric predictor's column shares the table's own array when
    /// every row is used (nothing copied); the plain Newton fit works on this directly.
    public let columns: ColumnMatrix
    /// The design as one column-major matrix, for the algorithms that need one (Firth, penalties, selection,
    /// marginal effects, diagnostics): copied from `columns` on first use and kept.
    public var x: Matrix { dense.matrix(columns) }
    private let dense = DenseCopy()
    /// 1 = bad, 0 = good.
    public let y: [Double]
    /// Table row of each design row.
    public let rows: [Int]
    /// Rows left out (missing target, missing predictor value), each with line and column.
    public let dropped: [RowProblem]
    /// Predictors left out because they are constant over the usable rows (reported as a fit diagnostic).
    public let constantColumns: [String]
    public var terms: [Term] { coding.terms }
    /// X'X, formed once for the collinearity check and reused as the fit's first information matrix.
    let crossProduct: Matrix?
    /// X'(y − π₀), the score at the Newton fit's starting point (π₀ = ȳ with an intercept, ½ without), formed in
    /// the same pass over X as `crossProduct`, so the fit needs no pass of its own at the start.
    let startScore: [Double]?

    /// Relative pivot tolerance of the collinearity check, applied to X'X scaled to unit diagonal
    /// (whose pivots scale like squared singular values of X, so this flags cond(X) ≳ 3·10⁵ as aliased).
    package static let collinearityTolerance = 1e-11

    /// The largest |value| of a numeric predictor must lie in this range (or be 0): beyond 1e100 the sums of
    /// squares in X'X overflow, below 1e-100 they underflow and the coefficient would be ~1e100.
    public static let magnitudeRange: ClosedRange<Double> = 1e-100...1e100

    /// Builds the design.
    /// - Throws: `RegressionError` for a missing target or excluded column, a non-binary target, no usable
    ///   rows, one class, an unknown reference level, or collinear predictors.
    /// - Complexity: O(n·p) to encode, plus O(n·p²) for the collinearity check.
    public static func build(from table: Table, options: DesignOptions) throws -> Design {
        let n = table.rowCount
        guard let targetColumn = table[options.target] else { throw RegressionError.missingColumn(options.target) }
        for name in options.exclude.sorted() where table.columnIndex(named: name) == nil {
            throw RegressionError.missingColumn(name)
        }

        // Target: 1 bad, 0 good, -1 missing.
        let reading = BinaryTarget(bad: options.badValue, column: targetColumn)
        let (target, values) = reading.scan(targetColumn)
        let distinct = try values.checkedBinary(column: options.target, target: reading)

        // Predictors in table order.
        let predictorIndices = table.columnNames.indices.filter {
            table.columnNames[$0] != options.target && !options.exclude.contains(table.columnNames[$0])
        }
        for (column, _) in options.referenceLevels.sorted(by: { $0.key < $1.key }) {
            guard let j = table.columnIndex(named: column) else { throw RegressionError.missingColumn(column) }
            if case .numeric = table.columns[j] {
                throw RegressionError.columnTypeMismatch(column: column, expected: "categorical to have a reference level")
            }
        }

        // One scan of each numeric predictor (the columns split between two threads): any missing value, constant,
        // largest magnitude. Memory-bound, so reading each column once is what counts.
        let numericSummaries = PartSlots<ColumnSummary?>(repeating: nil, count: table.columns.count)
        let scanned = predictorIndices.filter { if case .numeric = table.columns[$0] { return true } else { return false } }
        let scanParts = n * scanned.count >= 1 << 20 ? 2 : 1
        Concurrency.perform(iterations: scanParts) { part in
            for k in (scanned.count * part / scanParts)..<(scanned.count * (part + 1) / scanParts) {
                guard case .numeric(let v) = table.columns[scanned[k]] else { continue }
                numericSummaries.set(scanned[k], ColumnSummary(v))
            }
        }

        // Listwise deletion: the first missing column of each row, found column by column (contiguous scans).
        var firstMissing = [Int](repeating: -1, count: n)
        var anyMissing = target.contains(-1)
        // (With `MissingValueCoding.indicator` a missing predictor value is coded, not dropped: only the target counts.)
        for j in predictorIndices.reversed() where options.missing == .drop {
            switch table.columns[j] {
            case .numeric(let v):
                // Most columns have no missing value: the summary decides, the marking loop is skipped.
                if numericSummaries[j]?.missing ?? true {
                    for i in 0..<n where v[i].isNaN { firstMissing[i] = j; anyMissing = true }
                }
            case .categorical(let c): for i in 0..<n where c.codes[i] < 0 { firstMissing[i] = j; anyMissing = true }
            }
        }
        var keep: [Int] = []
        var dropped: [RowProblem] = []
        if !anyMissing {
            keep = Array(0..<n)
        } else {
            keep.reserveCapacity(n)
            for i in 0..<n {
                if target[i] < 0 {
                    dropped.append(RowProblem(row: i, line: table.lineNumbers[i], column: options.target, reason: .missingValue))
                } else if firstMissing[i] >= 0 {
                    dropped.append(RowProblem(row: i, line: table.lineNumbers[i], column: table.columnNames[firstMissing[i]],
                                              reason: .missingValue))
                } else {
                    keep.append(i)
                }
            }
        }
        guard !keep.isEmpty else { throw RegressionError.noUsableRows }
        let bads = keep.reduce(0) { $0 + Int(target[$1]) }
        if bads == 0 || bads == keep.count {
            let value = bads == 0 ? distinct.first { $0 != options.badValue } ?? distinct[0] : options.badValue
            throw RegressionError.singleClass(column: options.target, value: value)
        }

        // Predictor kinds, levels over the usable rows, constant columns.
        var predictors: [Predictor] = []
        var constant: [String] = []
        for j in predictorIndices {
            let name = table.columnNames[j]
            switch table.columns[j] {
            case .numeric(let v):
                // Constant? Largest magnitude? Over the usable rows (all rows: the scan above has it).
                let summary = keep.count == n ? numericSummaries[j] ?? ColumnSummary(v) : ColumnSummary(v, rows: keep)
                let (isConstant, largest) = (summary.constant, summary.largest)
                var missing: MissingCoding? = nil
                if summary.missing {   // only with `.indicator`: the fill is the mean of the present values
                    var sum = 0.0, count = 0
                    for i in keep where !v[i].isNaN { sum += v[i]; count += 1 }
                    if count == 0 && options.intercept { constant.append(name); continue }   // missing on every row
                    missing = MissingCoding(fill: count == 0 ? 0 : sum / Double(count))
                } else if options.intercept && isConstant { constant.append(name); continue }
                if largest > 0 && !magnitudeRange.contains(largest) {
                    throw RegressionError.extremeMagnitude(column: name, largest: largest)
                }
                predictors.append(Predictor(name: name, kind: .numeric, missing: missing))
            case .categorical(let c):
                var used = [Bool](repeating: false, count: c.levels.count)
                var anyMissing = false   // only with `.indicator`
                for i in keep { let code = Int(c.codes[i]); if code >= 0 { used[code] = true } else { anyMissing = true } }
                let usedCount = used.reduce(0) { $0 + ($1 ? 1 : 0) }
                if usedCount > options.maxLevels {
                    throw RegressionError.tooManyLevels(column: name, levels: usedCount, limit: options.maxLevels)
                }
                let levels = c.levels.indices.filter { used[$0] }.map { c.levels[$0] }.sorted(by: unicodeScalarOrder)
                if levels.isEmpty { if options.intercept { constant.append(name) }; continue }   // missing on every row
                let reference = options.referenceLevels[name] ?? levels[0]
                guard levels.contains(reference) else {
                    throw RegressionError.unknownLevel(column: name, level: reference, levels: levels)
                }
                if anyMissing && levels.contains("missing") { throw RegressionError.missingLevelClash(column: name) }
                if options.intercept && levels.count == 1 && !anyMissing { constant.append(name); continue }
                predictors.append(Predictor(name: name, kind: .categorical(levels: levels, reference: reference),
                                            missing: anyMissing ? MissingCoding(fill: nil) : nil))
            }
        }

        shareMissingTerms(&predictors, table: table, rows: keep)
        let coding = DesignCoding(intercept: options.intercept, predictors: predictors)
        try Self.checkMemory(coding, rows: keep.count, copiesNumeric: keep.count != n, limit: options.memoryLimit)
        let bound = try BoundDesign(coding: coding, table: table)
        let columns = bound.designColumns(rows: keep)
        let y = keep.map { Double(target[$0]) }
        let start = options.intercept ? Double(bads) / Double(keep.count) : 0.5
        let (gram, score) = columns.gram(product: y.map { $0 - start }, concurrently: Concurrency.threads > 1)
        let aliases = try collinearities(gram: gram, termNames: bound.terms.map(\.name))
        if !aliases.isEmpty { throw RegressionError.rankDeficient(aliases: aliases) }
        return Design(coding: coding, columns: columns, y: y, rows: keep, dropped: dropped,
                      constantColumns: constant, crossProduct: gram, startScore: score)
    }

    /// Gives each predictor with a missing coding whose missing rows (among `rows`) are exactly those of an
    /// earlier one the earlier one's `=missing` term (`MissingCoding.sharedWith`): identical indicator columns
    /// would be exactly collinear.
    static func shareMissingTerms(_ predictors: inout [Predictor], table: Table, rows: [Int]) {
        var owners: [(name: String, mask: [Bool])] = []
        for k in predictors.indices where predictors[k].missing != nil {
            let mask: [Bool]
            switch table[predictors[k].name]! {
            case .numeric(let v): mask = rows.map { v[$0].isNaN }
            case .categorical(let c): mask = rows.map { c.codes[$0] < 0 }
            }
            if let owner = owners.first(where: { $0.mask == mask }) { predictors[k].missing!.sharedWith = owner.name }
            else { owners.append((predictors[k].name, mask)) }
        }
    }

    /// Throws `RegressionError.designTooLarge` when the design of `coding` over `rows` rows, and the fit's p × p
    /// matrices, would need more than `limit` bytes (default half of physical memory): see
    /// `DesignOptions.memoryLimit`.
    static func checkMemory(_ coding: DesignCoding, rows: Int, copiesNumeric: Bool, limit: Double?) throws {
        let p = Double(coding.terms.count)
        var copied = coding.intercept ? 1.0 : 0
        var widest: (name: String, levels: Int)? = nil
        for predictor in coding.predictors {
            switch predictor.kind {
            case .numeric: if copiesNumeric || predictor.missing != nil { copied += Double(predictor.width) }
            case .categorical(let levels, _):
                copied += Double(predictor.width)
                if widest == nil || levels.count > widest!.levels { widest = (predictor.name, levels.count) }
            }
        }
        let bytes = 8 * Double(rows) * copied + 4 * 8 * p * p
        let budget = limit ?? Double(ProcessInfo.processInfo.physicalMemory) / 2
        if bytes > budget {
            throw RegressionError.designTooLarge(terms: coding.terms.count, rows: rows, bytes: bytes, limit: budget, widest: widest?.name)
        }
    }

    private init(coding: DesignCoding, columns: ColumnMatrix, y: [Double], rows: [Int], dropped: [RowProblem],
                 constantColumns: [String], crossProduct: Matrix?, startScore: [Double]?) {
        self.coding = coding; self.columns = columns; self.y = y; self.rows = rows; self.dropped = dropped
        self.constantColumns = constantColumns; self.crossProduct = crossProduct; self.startScore = startScore
    }

    /// The dense copy of `columns`, made once (by whichever thread asks first).
    private final class DenseCopy: @unchecked Sendable {
        private let lock = NSLock()
        private var copy: Matrix?
        func matrix(_ columns: ColumnMatrix) -> Matrix {
            lock.lock(); defer { lock.unlock() }
            if let copy { return copy }
            let made = columns.dense()
            copy = made
            return made
        }
    }

    /// Describes each exactly collinear column of `x` as a combination of earlier columns
    /// ("x3 = 1·x1 + 1·x2"); empty when `x` has full column rank.
    ///
    /// Works on X'X scaled to unit diagonal, S = D^(−½)·X'X·D^(−½) (p × p whatever n is). The rank comes from a
    /// pivoted QR of S (LAPACK `dgeqp3`). When it is short, columns are taken left to right, as R's `lm`
    /// does: a column whose squared residual on the columns kept so far (Schur complement
    /// sⱼⱼ − s_Kⱼᵀ·S_KK⁻¹·s_Kⱼ, via an incrementally grown Cholesky factor) falls below the tolerance is
    /// aliased, with coefficients c = S_KK⁻¹·s_Kⱼ mapped back to X by √(G_jj/G_kk).
    package static func collinearities(_ x: Matrix, termNames: [String]) throws -> [String] {
        guard x.columns > 0, x.rows > 0 else { return [] }
        return try collinearities(gram: x.gram(concurrently: Concurrency.threads > 1), termNames: termNames)
    }

    /// What one scan of a numeric column tells: a NaN among its values, all values equal to the first (a column
    /// with a NaN is never constant), and the largest |value| (NaN ignored).
    struct ColumnSummary: Sendable {
        var missing = false, constant = true, largest = 0.0
        init(_ v: [Double]) {
            v.withUnsafeBufferPointer { b in
                guard let first = b.first else { return }
                // Branch-free accumulations in four lanes, so the loop vectorises.
                var nan = SIMD4<Int64>(repeating: 0), differs = SIMD4<Int64>(repeating: 0)
                var top = SIMD4<Double>(repeating: 0)
                let lead = SIMD4<Double>(repeating: first)
                var i = 0
                while i + 4 <= b.count {
                    let x = SIMD4<Double>(b[i], b[i + 1], b[i + 2], b[i + 3])
                    nan |= SIMD4<Int64>(repeating: -1).replacing(with: 0, where: x .== x)
                    differs |= SIMD4<Int64>(repeating: 0).replacing(with: -1, where: x .!= lead)
                    let a = x.replacing(with: -x, where: x .< 0)
                    top.replace(with: a, where: a .> top)
                    i += 4
                }
                var anyNaN = nan != SIMD4(repeating: 0), anyDiffers = differs != SIMD4(repeating: 0)
                var largest = top.max()
                while i < b.count {
                    let x = b[i]
                    anyNaN = anyNaN || x.isNaN
                    anyDiffers = anyDiffers || x != first
                    if abs(x) > largest { largest = abs(x) }
                    i += 1
                }
                missing = anyNaN; constant = !anyDiffers; self.largest = largest
            }
        }

        /// The same over the rows `rows` of `v` (not empty) only.
        init(_ v: [Double], rows: [Int]) {
            v.withUnsafeBufferPointer { v in
                let first = v[rows[0]]
                for i in rows {
                    let x = v[i]
                    missing = missing || x.isNaN
                    constant = constant && x == first
                    if abs(x) > largest { largest = abs(x) }
                }
            }
        }
    }

    /// `collinearities(_:termNames:)` from a precomputed X'X (any positive multiple of it).
    static func collinearities(gram: Matrix, termNames: [String]) throws -> [String] {
        let p = gram.columns
        guard p > 0 else { return [] }
        var s = gram
        let scale = (0..<p).map { j -> Double in
            let d = s[j, j]
            return d > 0 ? 1 / d.squareRoot() : 1
        }
        for j in 0..<p { for i in 0..<p { s[i, j] *= scale[i] * scale[j] } }
        let qr = try PivotedQR(s, relativeTolerance: collinearityTolerance)
        if qr.rank == p { return [] }

        // Left-to-right selection with a growing Cholesky factor L of S_KK (row-major rows of varying length).
        var kept: [Int] = []
        var lower: [[Double]] = []
        var aliases: [(column: Int, basis: [Int], coefficients: [Double])] = []
        let threshold = collinearityTolerance * (qr.diagonal.first ?? 1)
        for j in 0..<p {
            let k = kept.count
            var z = [Double](repeating: 0, count: k)       // L z = s_Kj
            for a in 0..<k {
                var t = s[kept[a], j]
                for b in 0..<a { t -= lower[a][b] * z[b] }
                z[a] = t / lower[a][a]
            }
            let residual = s[j, j] - z.reduce(0) { $0 + $1 * $1 }
            if residual > threshold && s[j, j] > 0 {
                lower.append(z + [residual.squareRoot()])
                kept.append(j)
            } else {
                var c = [Double](repeating: 0, count: k)   // Lᵀ c = z
                var a = k - 1
                while a >= 0 {
                    var t = z[a]
                    for b in (a + 1)..<max(k, a + 1) { t -= lower[b][a] * c[b] }
                    c[a] = t / lower[a][a]
                    a -= 1
                }
                aliases.append((j, kept, c))
            }
        }
        if aliases.isEmpty {   // borderline: the QR saw a deficiency the sweep did not; report the QR's view
            aliases = qr.dependencies.map { ($0.column, $0.basis, $0.coefficients) }
        }
        return aliases.map { d in
            let target = termNames[d.column]
            let coefficients = zip(d.basis, d.coefficients).map { (b, c) in (b, c * scale[b] / scale[d.column]) }
            let largest = coefficients.map { abs($0.1) }.max() ?? 0
            var parts: [(Double, String)] = []
            for (b, c) in coefficients.sorted(by: { $0.0 < $1.0 }) where abs(c) > 1e-8 * max(largest, 1e-300) {
                parts.append((c, termNames[b]))
            }
            if parts.isEmpty { return "\(target) = 0" }
            var text = "\(target) = "
            for (k, (c, name)) in parts.enumerated() {
                let magnitude = formatCoefficient(abs(c))
                if k == 0 { text += (c < 0 ? "−" : "") + "\(magnitude)·\(name)" }
                else { text += (c < 0 ? " − " : " + ") + "\(magnitude)·\(name)" }
            }
            return text
        }
    }
}

extension BinaryTarget.Values {
    /// The target's distinct values as the design errors list them (numbers in numeric order, levels in
    /// Unicode-scalar order), after the checks `Design.build` and `StreamingDesign.build` make in this order: no
    /// known row, one value, more than two values or none of them the bad value.
    /// - Throws: `RegressionError.noUsableRows`, `.singleClass`, `.targetNotBinary` (up to 5 values, then "…").
    func checkedBinary(column: String, target: BinaryTarget) throws -> [String] {
        let distinct = target.numeric ? numbers.sorted().map(formatNumber) : usedLevels(of: target).sorted(by: unicodeScalarOrder)
        if distinct.isEmpty { throw RegressionError.noUsableRows }
        if distinct.count == 1 { throw RegressionError.singleClass(column: column, value: distinct[0]) }
        if distinct.count > 2 || !anyBad {
            let shown = Array(distinct.prefix(5)) + (distinct.count > 5 ? ["…"] : [])
            throw RegressionError.targetNotBinary(column: column, values: shown)
        }
        return distinct
    }
}

/// "1" for 1.0, "0.5" for 0.5: how target values are shown in messages.
package func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return String(v)
}

/// Six significant digits, no trailing zeros ("1", "0.333333", "2.5e+06").
func formatCoefficient(_ v: Double) -> String {
    String(format: "%.6g", v)
}
