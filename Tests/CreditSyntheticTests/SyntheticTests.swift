import Foundation
import CreditLinearAlgebra
import CreditRegression
import CreditSynthetic
import CreditTabular
import TestSupport
import XCTest

final class CivilDateTests: XCTestCase {
    /// Day numbers against Foundation's Gregorian calendar (an independent implementation).
    func testDayNumbersMatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // From 1600 on: Foundation's calendar is Julian before the 1582 reform, ours is proleptic Gregorian.
        for dayNumber in stride(from: -135_000, through: 800_000, by: 997) {
            let date = CivilDate(dayNumber: dayNumber)
            let reference = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(dayNumber) * 86_400))
            XCTAssertEqual([date.year, date.month, date.day], [reference.year!, reference.month!, reference.day!])
            XCTAssertEqual(date.dayNumber, dayNumber)
        }
    }

    func testParsing() {
        XCTAssertEqual(CivilDate("2024-02-29")?.description, "2024-02-29")
        XCTAssertNil(CivilDate("2023-02-29"))
        XCTAssertNil(CivilDate("2024-13-01"))
        XCTAssertNil(CivilDate("24-01-01"))
        XCTAssertEqual(CivilDate("2024-11-15")!.addingMonths(3).description, "2025-02-01")
    }
}

final class SmallBorrowerGeneratorTests: XCTestCase {
    func csv(rows: Int, seed: UInt64, shock: String? = nil) -> String {
        var c = SmallBorrowerGenerator.Configuration()
        c.seed = seed
        c.shockDate = shock.flatMap(CivilDate.init)
        let g = SmallBorrowerGenerator(configuration: c)
        var s = SmallBorrowerGenerator.applicationHeader(includeTruePD: true)
        for i in 0..<rows { s += SmallBorrowerGenerator.applicationLine(g.loan(i), includeTruePD: true) }
        return s
    }

    /// Same seed → same bytes, pinned by a hash so a change in the generator or a platform difference shows up.
    /// (This checks determinism, not correctness; the statistical tests below check the content.)
    func testSameSeedSameBytes() {
        let a = csv(rows: 2000, seed: 42), b = csv(rows: 2000, seed: 42)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, csv(rows: 2000, seed: 43))
        XCTAssertEqual(SHA256Hex.of(a), "4ea76011eb3371c83efea2e9bf72a857d726f376360e128443c96454c3419e16")
    }

    func testLoansDoNotDependOnGenerationOrder() {
        let g = SmallBorrowerGenerator(configuration: .init())
        let forward = (0..<50).map { SmallBorrowerGenerator.applicationLine(g.loan($0), includeTruePD: true) }
        let backward = (0..<50).reversed().map { SmallBorrowerGenerator.applicationLine(g.loan($0), includeTruePD: true) }
        XCTAssertEqual(forward, backward.reversed())
    }

    /// The drawn defaults agree with the true PDs (binomial), and the documented rate (≈ 10.9% without a shock).
    func testDefaultRateMatchesTruePD() {
        let g = SmallBorrowerGenerator(configuration: .init())
        var defaults = 0.0, sumPD = 0.0, sumVar = 0.0
        let n = 40_000
        for i in 0..<n {
            let loan = g.loan(i)
            defaults += loan.isDefault ? 1 : 0
            sumPD += loan.truePD
            sumVar += loan.truePD * (1 - loan.truePD)
        }
        XCTAssertLessThan(abs(defaults - sumPD), 4 * sumVar.squareRoot())
        assertClose(defaults / Double(n), 0.109, absolute: 0.01)
    }

    func testShockRaisesDefaultsInExposedRegionsOnly() {
        var c = SmallBorrowerGenerator.Configuration()
        c.shockDate = CivilDate("2025-01-01")
        let g = SmallBorrowerGenerator(configuration: c)
        var before: [Region: (Double, Double)] = [:], after: [Region: (Double, Double)] = [:]
        for i in 0..<30_000 {
            let l = g.loan(i)
            if l.applicant.afterShock { after[l.applicant.region, default: (0, 0)].0 += l.truePD; after[l.applicant.region, default: (0, 0)].1 += 1 }
            else { before[l.applicant.region, default: (0, 0)].0 += l.truePD; before[l.applicant.region, default: (0, 0)].1 += 1 }
        }
        func rate(_ d: [Region: (Double, Double)], _ r: Region) -> Double { d[r]!.0 / d[r]!.1 }
        XCTAssertGreaterThan(rate(after, .riverDelta) / rate(before, .riverDelta), 2.0)
        XCTAssertLessThan(rate(after, .capital) / rate(before, .capital), rate(after, .riverDelta) / rate(before, .riverDelta))
    }

    /// `shockSize` S scales every documented move: S = 0 is no shock (the same loans, byte for byte), the shift
    /// of the true log-odds is 0.9·S·exposure, income volatility moves by 0.10·S·exposure (the draws before the
    /// Poisson ones are shared, so per loan), and the lenders' mean moves by about half at S = 0.5 of S = 1.
    func testShockSizeScalesTheDocumentedShock() {
        func generator(_ size: Double?) -> SmallBorrowerGenerator {
            var c = SmallBorrowerGenerator.Configuration()
            c.seed = 77
            if let size { c.shockDate = c.start; c.shockSize = size }
            return SmallBorrowerGenerator(configuration: c)
        }
        let none = generator(nil), zero = generator(0), half = generator(0.5), full = generator(1), twice = generator(2)
        var lenders: [Double] = [0, 0, 0], counted = [0.0, 0, 0]
        for i in 0..<20_000 {
            XCTAssertEqual(SmallBorrowerGenerator.applicationLine(zero.loan(i), includeTruePD: true),
                           SmallBorrowerGenerator.applicationLine(none.loan(i), includeTruePD: true))
            let base = none.loan(i).applicant
            for (k, g) in [half, full, twice].enumerated() {
                let a = g.loan(i).applicant
                let s = [0.5, 1, 2][k], exposure = a.region.shockExposure
                XCTAssertTrue(a.afterShock)
                var calm = a
                calm.afterShock = false
                assertClose(SmallBorrowerModel.standard.linearPredictor(a) - SmallBorrowerModel.standard.linearPredictor(calm),
                            0.9 * s * exposure, absolute: 1e-12)
                if a.incomeVolatility < 1.5 {
                    assertClose(a.incomeVolatility - base.incomeVolatility, 0.10 * s * exposure, absolute: 0.0011)
                }
                if let n = a.lendersCount { lenders[k] += Double(n); counted[k] += 1 }
            }
        }
        let baseLenders = (0..<20_000).compactMap { none.loan($0).applicant.lendersCount }
        let mean0 = Double(baseLenders.reduce(0, +)) / Double(baseLenders.count)
        let rise = (0..<3).map { lenders[$0] / counted[$0] - mean0 }
        // Expected rise 0.8·S·E[exposure] = 0.8·S·0.55 (= 0.44 at S = 1); the sampling error is about 0.015.
        assertClose(rise[0], 0.22, absolute: 0.06)
        assertClose(rise[1], 0.44, absolute: 0.06)
        assertClose(rise[2], 0.88, absolute: 0.08)
    }

    func testThinFilesHaveMissingBureauFields() {
        let g = SmallBorrowerGenerator(configuration: .init())
        let lines = (0..<500).map { SmallBorrowerGenerator.applicationLine(g.loan($0), includeTruePD: false) }
        let thin = (0..<500).filter { g.loan($0).applicant.thinFile }
        XCTAssertGreaterThan(thin.count, 50)
        for i in thin { XCTAssertTrue(lines[i].contains(",,,"), lines[i]) }
    }

    /// Our own fit of the true model's design recovers the documented coefficients within 4 standard errors.
    func testTrueCoefficientsRecoveredByFit() throws {
        var c = SmallBorrowerGenerator.Configuration()
        c.shockDate = CivilDate("2025-01-01")
        let g = SmallBorrowerGenerator(configuration: c)
        let m = c.model
        let names = ["const", "volatility", "dti", "dti_hinge", "lenders1", "lenders2", "lenders3", "lenders4",
                     "inquiries", "past_delinquency", "thin_file", "log_savings", "literacy", "gig", "micro_business",
                     "farmer", "term", "shock"]
        let truth = [m.intercept, m.volatility, m.dtiLinear, m.dtiHinge, m.lenders[1], m.lenders[2], m.lenders[3],
                     m.lenders[4], m.inquiries, m.pastDelinquency, m.thinFile, m.savings, m.literacy,
                     m.employment["gig"]!, m.employment["micro_business"]!, m.employment["farmer"]!, m.term, m.shock]
        let n = 60_000
        var x = Matrix(rows: n, columns: names.count)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let l = g.loan(i), a = l.applicant
            let lenders = a.lendersCount.map { min($0, 4) } ?? 0
            let row: [Double] = [
                1, a.incomeVolatility, a.debtToIncome, max(a.debtToIncome - m.dtiKnot, 0),
                lenders == 1 ? 1 : 0, lenders == 2 ? 1 : 0, lenders == 3 ? 1 : 0, lenders == 4 ? 1 : 0,
                Double(a.inquiries ?? 0), Double(a.pastDelinquency ?? 0), a.thinFile ? 1 : 0, log1p(a.savingsMonths),
                Double(a.financialLiteracy) - 60, a.employment == .gig ? 1 : 0, a.employment == .microBusiness ? 1 : 0,
                a.employment == .farmer ? 1 : 0, Double(a.termMonths - 12), a.afterShock ? a.region.shockExposure : 0,
            ]
            for j in row.indices { x[i, j] = row[j] }
            y[i] = l.isDefault ? 1 : 0
        }
        let fit = try LogisticRegression().fit(x: x, y: y, termNames: names)
        XCTAssertTrue(fit.converged)
        for j in names.indices {
            XCTAssertLessThan(abs(fit.coefficients[j] - truth[j]), 4 * fit.standardErrors[j],
                              "\(names[j]): \(fit.coefficients[j]) vs true \(truth[j]) (SE \(fit.standardErrors[j]))")
        }
    }

    /// `minimumBytesPerLoan` is a lower bound of what a loan writes (the free-space check of `credit synth` refuses
    /// only runs that could never fit): checked loan by loan on two seeds, the default window and a one-month
    /// window with a shock (the shortest histories), with and without true_pd.
    func testMinimumBytesPerLoan() {
        let bound = SmallBorrowerGenerator.minimumBytesPerLoan
        var shortest = (applications: Int.max, performance: Int.max)
        for (seed, months, shock) in [(UInt64(1), 24, false), (UInt64(7), 1, true)] {
            var c = SmallBorrowerGenerator.Configuration()
            c.seed = seed
            c.months = months
            if shock { c.shockDate = c.start }
            let g = SmallBorrowerGenerator(configuration: c)
            for i in 0..<10_000 {
                let loan = g.loan(i)
                shortest.applications = min(shortest.applications, SmallBorrowerGenerator.applicationLine(loan, includeTruePD: false).utf8.count)
                shortest.performance = min(shortest.performance, SmallBorrowerGenerator.performanceLines(loan).utf8.count)
            }
        }
        XCTAssertGreaterThanOrEqual(Double(shortest.applications), bound.applications)
        XCTAssertGreaterThanOrEqual(Double(shortest.performance), bound.performance)
    }

    /// `write(rows:…)` gives the same bytes as the header and line functions loan by loan, counts the defaults
    /// the loans carry, and reports progress twenty times.
    func testWriteStreamsTheLinesInOrder() throws {
        var c = SmallBorrowerGenerator.Configuration()
        c.seed = 11
        let g = SmallBorrowerGenerator(configuration: c)
        var applications = "", performance = "", done: [Int] = []
        let defaults = try g.write(rows: 400, includeTruePD: true, applications: { applications += $0 },
                               performance: { performance += $0 }, progress: { done.append($0) })
        let loans = (0..<400).map(g.loan)
        XCTAssertEqual(applications, SmallBorrowerGenerator.applicationHeader(includeTruePD: true)
                       + loans.map { SmallBorrowerGenerator.applicationLine($0, includeTruePD: true) }.joined())
        XCTAssertEqual(performance, SmallBorrowerGenerator.performanceHeader + loans.map(SmallBorrowerGenerator.performanceLines).joined())
        XCTAssertEqual(defaults, loans.filter(\.isDefault).count)
        XCTAssertEqual(defaults, applications.split(separator: "\n").dropFirst().filter { $0.hasSuffix(",1") }.count)
        XCTAssertEqual(done, Array(stride(from: 20, through: 400, by: 20)))
        // Without a performance output, and fewer rows than twenty: progress after every loan.
        var few = ""
        done = []
        try g.write(rows: 3, applications: { few += $0 }, progress: { done.append($0) })
        XCTAssertEqual(few.split(separator: "\n").count, 4)
        XCTAssertEqual(done, [1, 2, 3])
    }

    func testPerformanceAgreesWithTarget() {
        let g = SmallBorrowerGenerator(configuration: .init())
        for i in 0..<3000 {
            let l = g.loan(i)
            let first90 = l.daysPastDue.firstIndex { $0 >= 90 }.map { $0 + 1 }
            if let m = first90 { XCTAssertTrue(l.isDefault); XCTAssertLessThanOrEqual(m, 12) }
            // A loan observed for 12 months (or its whole term) shows its default if it has one.
            if l.isDefault && l.daysPastDue.count >= 12 { XCTAssertNotNil(first90, l.applicant.loanID) }
            if !l.isDefault { XCTAssertNil(first90) }
        }
    }
}

/// Hex SHA-256 via coreutils `sha256sum` (an independent implementation).
enum SHA256Hex {
    static func of(_ text: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sha256sum"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try! p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try! input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
