import CreditRegression
import CreditScorecard
import CreditTabular

/// One applicant scored by `CreditModel.score(applicant:options:)`: a PD (and for a scorecard its score, points
/// and reasons), or why the applicant cannot be scored.
public enum ApplicantScore: Sendable, Equatable {
    case scored(ScoredApplicant)
    case rejected(ApplicantRejection)

    /// The PD, or nil when the applicant was rejected.
    public var probability: Double? {
        if case .scored(let s) = self { return s.probability } else { return nil }
    }
}

/// A scored applicant.
public struct ScoredApplicant: Sendable, Equatable {
    /// The probability that the target takes the model's bad value.
    public var probability: Double
    /// Scorecard models: the score, the sum of the points (higher = safer); nil for other models.
    public var score: Int?
    /// Scorecard models: the points of each characteristic, in scorecard order; empty for other models.
    public var points: [CharacteristicPoints]
    /// Scorecard models: the reasons, most important first (characteristics with points below the reference,
    /// ties in scorecard order), at most the model's reason count; empty for other models.
    public var reasons: [ReasonCode]

    public init(probability: Double, score: Int?, points: [CharacteristicPoints], reasons: [ReasonCode]) {
        self.probability = probability; self.score = score; self.points = points; self.reasons = reasons
    }
}

/// The points one characteristic gives an applicant.
public struct CharacteristicPoints: Sendable, Equatable {
    public var characteristic: String
    public var points: Int
    public init(characteristic: String, points: Int) { self.characteristic = characteristic; self.points = points }
}

/// Why an applicant cannot be scored: the first model column (in model order) with a problem.
public struct ApplicantRejection: Sendable, Equatable {
    public var column: String
    public var reason: RowProblem.Reason
    /// The short reason batch scoring counts rejected rows by ("missing value in age").
    public var reasonText: String
    /// The one-line explanation batch scoring writes to the rejects file.
    public var detail: String

    init(_ problem: RowProblem) {
        column = problem.column; reason = problem.reason; reasonText = problem.reasonText; detail = problem.detail
    }
}

extension CreditModel {
    /// Scores one applicant given as column name → value text, exactly as batch scoring scores a CSV row with
    /// these values.
    ///
    /// Each value is read as a CSV field holding that text would be (`CSVOptions` rules: surrounding spaces
    /// trimmed, the missing tokens — empty, NA, … — mean missing, numbers parsed by the CSV number parser), with
    /// the column's type from training, and the row goes through the same chunk scorer as `StreamingScorer`
    /// (`score(chunk:)`): the same binning, design coding, PD bits, points, score and reasons, and the same
    /// rejections — a missing value the model has no rule for (plain logistic regression), a level not seen in
    /// training (per the scorecard's unseen-level policy), text where the model reads a number — with the same
    /// reason text. Keys the model does not read are ignored.
    ///
    /// ```swift
    /// let model = try CreditModel.load(path: "card.json")
    /// switch try model.score(applicant: ["age": "35", "purpose": "car", "duration": "24"]) {
    /// case .scored(let s): print(s.probability, s.score ?? 0, s.reasons.map(\.code))
    /// case .rejected(let r): print(r.detail)      // "purpose = 'yacht' was not seen in training"
    /// }
    /// ```
    ///
    /// - Parameter options: missing tokens and column types; its delimiter and encoding are not used.
    /// - Throws: `ScoringError.missingFields` when `applicant` has no entry for a column the model reads (give
    ///   an empty string for a missing value), `RegressionError.columnTypeMismatch` when `options` types a
    ///   model column otherwise than the model reads it.
    public func score(applicant: [String: String], options: CSVOptions = CSVOptions()) throws -> ApplicantScore {
        let names = inputs.map(\.name)
        let absent = names.filter { applicant[$0] == nil }
        if !absent.isEmpty { throw ScoringError.missingFields(absent) }
        // One CSV record, read by the batch reader. A last column the model does not read keeps the record from
        // being a blank line when every value is empty.
        var end = "_"
        while names.contains(end) { end += "_" }
        let comma = UInt8(ascii: ",")
        var bytes: [UInt8] = []
        for (fields, last) in [(names, end), (names.map { applicant[$0]! }, "1")] {
            for field in fields {
                CSVWriter.appendField(field, delimiter: comma, to: &bytes)
                bytes.append(comma)
            }
            CSVWriter.appendField(last, delimiter: comma, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        var reading = readingOptions(options)
        reading.delimiter = comma
        reading.encoding = .utf8
        let reader = try CSVStreamReader(bytes: bytes, source: "applicant", options: reading, columns: Set(names),
                                         textInNumericColumns: .record)
        guard let chunk = try reader.next(), chunk.table.rowCount == 1 else {
            preconditionFailure("score(applicant:): one record written, not one row read")
        }
        let s = try score(chunk: chunk)
        if let problem = s.rejects.first { return .rejected(ApplicantRejection(problem)) }
        guard let card = scorecard else {
            return .scored(ScoredApplicant(probability: s.probabilities[0], score: nil, points: [], reasons: []))
        }
        let points = card.characteristics.enumerated().map { j, c in
            CharacteristicPoints(characteristic: c.name, points: Int(s.points[j]))
        }
        let reasons = s.reasons.prefix(s.reasonsPerRow).filter { $0 >= 0 }.map { card.reasonCode(Int($0), bin: Int(s.bins[Int($0)])) }
        return .scored(ScoredApplicant(probability: s.probabilities[0], score: s.scores[0], points: points, reasons: reasons))
    }
}
