import Foundation
import CreditProbability

/// The accept rule of a synthetic through-the-door population: an earlier, deliberately imperfect score decides
/// which applicants a lender accepted; only the accepts' outcomes would be observed.
///
/// The earlier score of loan i is the true log-odds of default plus noise: sᵢ = logit(true PDᵢ) + σ·zᵢ, zᵢ standard
/// normal from the loan's own stream of a second family (seed ⊕ `noiseSalt`, loan index), so the loans themselves
/// are the bytes `SmallBorrowerGenerator.write` gives for the same seed. The accepted loans are the round(R·n)
/// (halves up) with the lowest sᵢ (the safest by the earlier score; ties by loan order); the others are rejected.
/// With σ = 1 (`defaultNoise`) the earlier score ranks worse than the truth, as an old card would.
public struct AcceptRule: Sendable, Equatable {
    /// The share R of applicants accepted, in (0, 1).
    public var rate: Double
    /// The standard deviation σ of the noise on the true log-odds.
    public var noise: Double = AcceptRule.defaultNoise
    public init(rate: Double, noise: Double = AcceptRule.defaultNoise) { self.rate = rate; self.noise = noise }

    /// σ = 1 on the log-odds scale.
    public static let defaultNoise = 1.0
    /// XORed into the seed for the noise streams.
    static let noiseSalt: UInt64 = 0xACCE_97ED_5C0E_0001

    /// How many of `rows` applicants are accepted: round(R·n), halves up.
    public func acceptedCount(rows: Int) -> Int { Int((rate * Double(rows) + 0.5).rounded(.down)) }
}

extension SmallBorrowerGenerator {
    /// The earlier score of loan `index` (log-odds of bad; lower is safer) under `rule`.
    public func earlierScore(_ loan: Loan, index: Int, rule: AcceptRule) -> Double {
        var rng = RandomStream(seed: configuration.seed ^ AcceptRule.noiseSalt, stream: UInt64(index))
        let p = loan.truePD
        return log(p / (1 - p)) + rule.noise * rng.normal()
    }

    /// Which of loans 0 ..< `rows` `rule` accepts.
    public func accepted(rows: Int, rule: AcceptRule) -> [Bool] {
        let scores = (0..<rows).map { earlierScore(loan($0), index: $0, rule: rule) }
        let order = scores.indices.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var mask = [Bool](repeating: false, count: rows)
        for i in order.prefix(rule.acceptedCount(rows: rows)) { mask[i] = true }
        return mask
    }

    /// What `writeThroughTheDoor` wrote.
    public struct ThroughTheDoorCounts: Sendable, Equatable {
        public var accepted = 0, acceptedDefaults = 0, rejected = 0, rejectedDefaults = 0
    }

    /// Writes the through-the-door population of loans 0 ..< `rows` split by `rule`: the accepts as
    /// `applicationLine` (with the outcome), the rejects without the outcome (and without `true_pd`), and the
    /// rejects' true outcomes as `loan_id,default` (plus `true_pd` when `includeTruePD`), each in loan order.
    /// Keeps one earlier score per loan in memory (8 bytes a loan); the loans are generated twice.
    public func writeThroughTheDoor(rows: Int, rule: AcceptRule, includeTruePD: Bool = false,
                                    accepts: (String) throws -> Void, rejects: (String) throws -> Void,
                                    truth: (String) throws -> Void) throws -> ThroughTheDoorCounts {
        let mask = accepted(rows: rows, rule: rule)
        try accepts(Self.applicationHeader(includeTruePD: includeTruePD))
        try rejects(Self.rejectHeader)
        try truth("loan_id," + (includeTruePD ? "true_pd," : "") + "default\n")
        var counts = ThroughTheDoorCounts()
        for i in 0..<rows {
            let loan = self.loan(i)
            if mask[i] {
                counts.accepted += 1; if loan.isDefault { counts.acceptedDefaults += 1 }
                try accepts(Self.applicationLine(loan, includeTruePD: includeTruePD))
            } else {
                counts.rejected += 1; if loan.isDefault { counts.rejectedDefaults += 1 }
                let line = Self.applicationLine(loan, includeTruePD: false)
                try rejects(String(line.dropLast(3)) + "\n")     // without ",0\n" / ",1\n": the outcome
                try truth(loan.applicant.loanID + "," + (includeTruePD ? fixed(loan.truePD, 6) + "," : "")
                          + (loan.isDefault ? "1" : "0") + "\n")
            }
        }
        return counts
    }

    /// Header of the rejects CSV: the applications header without `default` (and without `true_pd`).
    public static var rejectHeader: String {
        let h = applicationHeader(includeTruePD: false)
        return String(h.dropLast(",default\n".count)) + "\n"
    }
}
