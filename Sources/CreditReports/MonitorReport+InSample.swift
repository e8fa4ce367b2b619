import CreditMetrics
import CreditMonitoring

extension MonitorReport {
    /// Where the master scale came from, for the report's header: built from BASE in this run (and where it was
    /// written), read from a file, or given.
    func masterScaleProvenance() -> String {
        var text: String
        if result.masterScaleBuiltFromBase {
            text = "built from BASE in this run (a new BASE moves the grades)"
        } else if let masterScaleFile {
            text = "read from \(masterScaleFile), fixed"
        } else {
            text = "given, fixed"
        }
        if let masterScaleWrittenTo { text += "; written to \(masterScaleWrittenTo)" }
        return text
    }

    /// The header lines saying that BASE is the model's training data, how that was found, and what discrimination
    /// is compared with instead (none when BASE is not the training data).
    func inSampleLines() -> [String] {
        guard let b = result.inSampleBase, b.isTrainingData else { return [] }
        let how = b.evidence.map { e -> String in
            switch e {
            case .sameBytes: return "same SHA-256 as the training input \(b.trainingFile)"
            case .sameBytesUpToLineEndings: return "same SHA-256 as the training input \(b.trainingFile) up to line endings"
            case .sameRows: return "its rows reproduce the training fit (rows, bads and log-likelihood)"
            }
        }
        var lines = ["in-sample base: BASE is the model's training data (\(how.joined(separator: "; "))), so its AUC is optimistic"]
        guard result.discrimination != nil else { return lines }
        if let o = b.optimism {
            lines.append("out-of-sample base AUC: bootstrap optimism-corrected \(NumberFormat.fixed(o.corrected, 4)) = apparent "
                + "\(NumberFormat.fixed(o.apparent, 4)) − optimism \(NumberFormat.fixed(o.optimism, 4)) (± \(NumberFormat.fixed(o.optimismStandardError, 4)); "
                + "\(o.replicates) replicates\(o.failedReplicates > 0 ? ", \(o.failedReplicates) failed" : "")\(o.seed.map { ", seed \($0)" } ?? ""); "
                + "refit: \(b.refit ?? "")); the AUC change is judged from it")
        } else if let why = b.optimismUnavailable {
            lines.append("no out-of-sample base AUC: \(why); the AUC change is not judged: give a holdout sample (rows not used in training) as BASE")
        }
        return lines
    }

    /// The AUC change from the optimism-corrected base AUC, with its light.
    func correctedChangeLines() -> [String] {
        guard let c = result.correctedAUCChange else { return [] }
        let light = result.checks.first { $0.area == "discrimination" && $0.subject == "AUC" }?.status
        return ["AUC change from the optimism-corrected base AUC \(NumberFormat.fixed(c.base, 4)): \(NumberFormat.fixed(c.difference, 4)) "
            + "(SE \(NumberFormat.fixed(c.standardError, 4)), z \(NumberFormat.fixed(c.z, 3)), p \(NumberFormat.pValue(c.pValue))) "
            + (light.map { Self.light($0) } ?? "")]
    }
}
