import Foundation
import CreditTabular
import TestSupport

/// Test-only helpers to build `Table`s (the real CSV reader lives in Tabular and is tested there).
enum TestTables {
    /// A table from named columns; each column is numeric if every value is a `Double?`, else categorical
    /// (levels in order of first appearance, `nil` = missing). Data rows start on line 2.
    static func make(_ columns: [(String, [Any?])]) -> Table {
        let n = columns.first?.1.count ?? 0
        let typed: [Column] = columns.map { (_, values) in
            if values.allSatisfy({ $0 == nil || $0 is Double }) {
                return .numeric(values.map { ($0 as? Double) ?? .nan })
            }
            return categorical(values.map { $0.map { "\($0)" } })
        }
        return Table(source: "test", columnNames: columns.map(\.0), columns: typed,
                     lineNumbers: (0..<n).map { $0 + 2 }, delimiter: UInt8(ascii: ","))
    }

    static func categorical(_ values: [String?]) -> Column {
        var levels: [String] = []
        var index: [String: Int32] = [:]
        let codes = values.map { v -> Int32 in
            guard let v else { return -1 }
            if let c = index[v] { return c }
            let c = Int32(levels.count); levels.append(v); index[v] = c; return c
        }
        return .categorical(CategoricalColumn(levels: levels, codes: codes))
    }

    /// Reads a fixture with the toolkit's own CSV reader, so the statsmodels comparisons cover the whole path
    /// from file to fit.
    static func readCSV(_ path: String) throws -> Table {
        try CSVReader.read(path: path)
    }
}

/// Reference values from statsmodels, produced by Fixtures/make_statsmodels_fixtures.py.
struct StatsmodelsFixtures: Decodable {
    struct Fit: Decodable {
        let terms: [String]
        let params: [Double]
        let bse: [Double]
        let tvalues: [Double]
        let pvalues: [Double]
        let conf_int_lower: [Double]
        let conf_int_upper: [Double]
        let llf: Double
        let llnull: Double
        let llr: Double
        let llr_pvalue: Double
        let df_model: Double
        let prsquared: Double
        let aic: Double
        let bic: Double
        let nobs: Double
        let converged: Bool
        let true_params: [String: Double]?
        let rows_g1: Int?
    }
    let statsmodels: String
    let german: Fit
    let synthetic: Fit
    let quasi: Fit

    static let shared: StatsmodelsFixtures = {
        let url = URL(fileURLWithPath: fixture("statsmodels_fixtures.json"))
        return try! JSONDecoder().decode(StatsmodelsFixtures.self, from: Data(contentsOf: url))
    }()

    static func fixture(_ name: String) -> String { PackagePaths.path("Tests/CreditRegressionTests/Fixtures/\(name)") }
}

import CreditLinearAlgebra
/// Test helper: the rows of a matrix picked by index.
enum LinearAlgebraShim {
    static func rows(_ x: Matrix, _ rows: [Int]) -> Matrix {
        var m = Matrix(rows: rows.count, columns: x.columns)
        for j in 0..<x.columns { for (i, r) in rows.enumerated() { m[i, j] = x[r, j] } }
        return m
    }
}
