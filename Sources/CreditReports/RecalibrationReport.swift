import Foundation
import CreditModelFile

/// What `credit recalibrate` prints: the fitted a (and b) with standard errors, the calibration of the parent
/// and of the new model on the recent rows, the rows used and left out, the parent's and the new model's seals.
///
/// ```
/// recalibrate model.json on recent.csv (intercept method: logit(PD_new) = a + logit(PD_old))
/// rows: 3,000 in, 2,990 used (410 bad), 10 rejected by the model, 0 without a target
///
/// parameter  estimate  std. error        z
/// a            0.5412      0.0561     9.65
///
///                 mean PD  observed bad rate   HL chi2  df        p
/// before           0.0921             0.1371     64.10   8  <0.0001
/// after            0.1371             0.1371      9.80   8   0.2793
/// ```
/// The z of b tests b = 1 (no change of spread), the z of a tests a = 0. JSON holds every number unrounded.
public struct RecalibrationReport: Sendable, Encodable {
    public var model: String
    public var data: String
    public var method: RecalibrationMethod
    public var fit: RecalibrationFit
    public var rowsIn: Int
    public var rowsRejectedByModel: Int
    public var rowsMissingTarget: Int
    public var before: RecalibrationCalibration
    public var after: RecalibrationCalibration
    public var parentSHA256: String
    public var modelSHA256: String
    /// Scorecards, intercept method: the points every score moved by.
    public var scoreShift: Int?
    /// Where the new model was written (informational; not part of the JSON).
    public var output: String?

    private enum CodingKeys: String, CodingKey {
        case model, data, method, fit, rowsIn, rowsRejectedByModel, rowsMissingTarget, before, after, parentSHA256,
             modelSHA256, scoreShift
    }

    public init(model: String, recalibration r: Recalibration, output: String? = nil) throws {
        self.model = model
        let record = r.record
        data = record.inputFile
        method = record.fit.method
        fit = record.fit
        rowsIn = record.rows
        rowsRejectedByModel = record.rowsRejected
        rowsMissingTarget = record.rowsMissingTarget
        before = r.before
        after = r.after
        parentSHA256 = r.parentSHA256
        modelSHA256 = try r.model.contentDigest()
        scoreShift = record.scoreShift
        self.output = output
    }

    /// Text (the default) or JSON; other formats render as text.
    public func render(_ format: OutputFormat) -> String {
        if format == .json { return JSONOutput.encode(self) }
        let formula = method == .intercept ? "logit(PD_new) = a + logit(PD_old)" : "logit(PD_new) = a + b·logit(PD_old)"
        var text = "recalibrate \(model) on \(data) (\(method.rawValue) method: \(formula))\n"
        text += "rows: \(NumberFormat.count(rowsIn)) in, \(NumberFormat.count(fit.observations)) used (\(NumberFormat.count(fit.events)) bad), "
            + "\(NumberFormat.count(rowsRejectedByModel)) rejected by the model, \(NumberFormat.count(rowsMissingTarget)) without a target\n\n"
        var p = TextTable(columns: [.init("parameter"), .init("estimate", alignRight: true), .init("std. error", alignRight: true),
                                    .init("z", alignRight: true), .init("tests", alignRight: false)])
        p.append(["a", NumberFormat.fixed(fit.intercept, 4), NumberFormat.fixed(fit.standardErrors[0], 4),
                  NumberFormat.fixed(fit.intercept / fit.standardErrors[0], 2), "a = 0"])
        if method == .logistic {
            p.append(["b", NumberFormat.fixed(fit.slope, 4), NumberFormat.fixed(fit.standardErrors[1], 4),
                      NumberFormat.fixed((fit.slope - 1) / fit.standardErrors[1], 2), "b = 1"])
        }
        text += p.render(.text)
        text += "\n"
        var c = TextTable(columns: [.init("on the rows used"), .init("mean PD", alignRight: true), .init("observed bad rate", alignRight: true),
                                    .init("HL chi2", alignRight: true), .init("df", alignRight: true), .init("p", alignRight: true)])
        for (name, k) in [("before", before), ("after", after)] {
            c.append([name, NumberFormat.fixed(k.meanPD, 4), NumberFormat.fixed(k.observedBadRate, 4),
                      NumberFormat.fixed(k.hosmerLemeshowChiSquare, 2), String(k.hosmerLemeshowDegreesOfFreedom),
                      NumberFormat.pValue(k.hosmerLemeshowPValue)])
        }
        text += c.render(.text)
        if let scoreShift { text += "\nevery score moves by \(scoreShift > 0 ? "+" : "")\(scoreShift) points (rank order unchanged)\n" }
        text += "\nparent \(parentSHA256)\nmodel  \(modelSHA256)\n"
        return text
    }
}
