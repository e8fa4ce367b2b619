import Foundation
import CreditTabular
import CreditSupport

/// Employment types of small borrowers, with their population shares before any shock.
public enum EmploymentType: String, Sendable, CaseIterable, Codable {
    case salaried, gig, microBusiness = "micro_business", farmer

    var share: Double {
        switch self { case .salaried: 0.40; case .gig: 0.25; case .microBusiness: 0.25; case .farmer: 0.10 }
    }
}

/// Regions, each with an exposure (0…1) to the economic shock.
public enum Region: String, Sendable, CaseIterable, Codable {
    case capital, coastal, highland, plains, riverDelta = "river_delta"

    public var shockExposure: Double {
        switch self { case .capital: 0.2; case .coastal: 0.6; case .highland: 0.4; case .plains: 0.8; case .riverDelta: 1.0 }
    }
    var share: Double {
        switch self { case .capital: 0.30; case .coastal: 0.20; case .highland: 0.15; case .plains: 0.20; case .riverDelta: 0.15 }
    }
}

/// The true default model of the synthetic portfolio: ln(PD / (1 − PD)) = η with
///
///     η = intercept
///       + volatility · income_volatility
///       + dtiLinear · debt_to_income + dtiHinge · max(debt_to_income − 0.35, 0)
///       + lenders[min(lenders_count, 4)]                   (multiple borrowing, a step function)
///       + inquiries · inquiries_6m
///       + pastDelinquency · past_delinquency
///       + savings · ln(1 + savings_months)
///       + literacy · (financial_literacy − 60)
///       + employment[employment_type]
///       + thinFile · [bureau fields missing]               (then the bureau terms are 0)
///       + term · (term_months − 12)
///       + shock · S · region exposure                      (applications on or after the shock date; S the
///                                                          generator's shock size, 1 by default)
///
/// The non-linear terms (the DTI hinge, the lender steps, the log of savings) are there so that binning
/// matters. `SmallBorrowerModel.standard` holds the values documented in datasets/small_borrowers.md.
public struct SmallBorrowerModel: Sendable, Codable, Equatable {
    public var intercept: Double
    public var volatility: Double
    public var dtiLinear: Double
    public var dtiHinge: Double
    public var dtiKnot: Double
    /// Effect of 0, 1, 2, 3 and 4+ lenders already owed.
    public var lenders: [Double]
    public var inquiries: Double
    public var pastDelinquency: Double
    public var savings: Double
    public var literacy: Double
    public var employment: [String: Double]
    public var thinFile: Double
    public var term: Double
    public var shock: Double

    public static let standard = SmallBorrowerModel(
        intercept: -4.3, volatility: 2.2, dtiLinear: 0.8, dtiHinge: 2.5, dtiKnot: 0.35,
        lenders: [0, 0.1, 0.5, 1.0, 1.4], inquiries: 0.12, pastDelinquency: 0.9, savings: -0.45, literacy: -0.015,
        employment: ["salaried": 0, "gig": 0.25, "micro_business": 0.15, "farmer": 0.30],
        thinFile: 0.35, term: 0.02, shock: 0.9)

    /// η for one applicant (see the type's documentation).
    public func linearPredictor(_ a: Applicant) -> Double {
        var eta = intercept
        eta += volatility * a.incomeVolatility
        eta += dtiLinear * a.debtToIncome + dtiHinge * max(a.debtToIncome - dtiKnot, 0)
        if let n = a.lendersCount { eta += lenders[min(n, lenders.count - 1)] }
        if let q = a.inquiries { eta += inquiries * Double(q) }
        if let d = a.pastDelinquency { eta += pastDelinquency * Double(d) }
        if a.thinFile { eta += thinFile }
        eta += savings * log1p(a.savingsMonths)
        eta += literacy * (Double(a.financialLiteracy) - 60)
        eta += employment[a.employment.rawValue] ?? 0
        eta += term * Double(a.termMonths - 12)
        if a.afterShock { eta += shock * a.shockSize * a.region.shockExposure }
        return eta
    }

    public func probability(_ a: Applicant) -> Double {
        let eta = linearPredictor(a)
        return Logistic.probability(logOdds: eta)
    }
}

/// One synthetic applicant, as the lender sees them at application.
public struct Applicant: Sendable, Equatable {
    public var loanID: String
    public var applicationDate: CivilDate
    public var region: Region
    public var employment: EmploymentType
    public var monthlyIncome: Double
    public var incomeVolatility: Double
    public var debtToIncome: Double
    /// Bureau fields: nil for thin-file applicants (no bureau record).
    public var lendersCount: Int?
    public var inquiries: Int?
    public var pastDelinquency: Int?
    public var savingsMonths: Double
    public var financialLiteracy: Int
    public var loanAmount: Double
    public var termMonths: Int
    public var afterShock: Bool
    /// The size S of the shock the applicant lives through (`SmallBorrowerGenerator.Configuration.shockSize`);
    /// it matters only when `afterShock`.
    public var shockSize = 1.0
    public var thinFile: Bool { lendersCount == nil }
}
