import Foundation
import CreditRegression
import CreditTabular
import CreditBinning
import CreditScorecard
import CreditDecision
/// The model file: one versioned JSON document that holds everything needed to score and to audit.
///
/// ```json
/// { "format": "credit-model", "version": 1, "model": "logistic-regression",
///   "target": {...}, "schema": {...}, "fit": {...}, "training": {...} }
/// ```
/// - `schema` is the design coding: each input column the model reads, its type, and for categorical columns
///   every training level and the reference level. Rows with a missing value or a level not seen in training
///   are rejected at scoring time (and counted).
/// - `fit` is the full fitted result: term names, coefficients, standard errors, z, p, confidence intervals,
///   covariance, likelihoods, convergence record and diagnostics.
/// - `training` records the input's SHA-256, row counts, tool version, command line and date.
/// - `scorecard` (version 2, `"model": "scorecard"` only): the points scorecard — bins per characteristic with
///   their training WoE (ln(%bad/%good)) and counts, coefficients, scaling (PDO, base score, base odds), points per
///   bin, and the reason-code settings. Its `schema`/`fit` are the WoE-coded regression: one numeric term per
///   characteristic, named after it. Version-1 files (plain logistic regression) are still read.
///
/// - `contentSHA256` (version 3): the integrity seal, see `CreditModel.contentDigest()`. It is not a stored
///   property: `jsonData()` adds it and `decode` verifies it.
///
/// - `policy` (version 4, from `credit policy`): the decision policy — hard rules, refer band, cut-off.
/// - `lineage` (version 4, derived models only): the steps that made this model from a trained one — each
///   names its parent's seal, the operation (`policy`, `recalibrate`), the command line and the date.
/// - `recalibration` (version 4, recalibrated models only): the recalibration's fit (a, b, standard errors,
///   covariance) on the recent data (file, SHA-256, rows), and the parent's training fit; the model's own `fit`
///   then holds the new coefficients with NaN standard errors (see `RecalibrationRecord`).
///
/// Version history: 1 — logistic regression; 2 — adds the `scorecard` section (written only for scorecards);
/// 3 — adds the required top-level `contentSHA256`; 4 — adds `lineage`, a scorecard's `onUnexpectedMissing` and
/// per-bin reason codes (`version4Content`). This build writes the oldest version that holds the model
/// (`requiredVersion`): 3 for a plain logistic regression, 4 for a scorecard trained by it and for a derived model
/// (`derived(operation:parentFile:commandLine:date:)`), so a file an older build can score the same stays
/// readable by it (an older build refuses a newer file as newer rather than reading a file it cannot verify), and reads a file of any version up
/// to 3 only with a valid seal: unsealed versions 1 and 2 (from development builds before the seal) are refused,
/// as a sealed file with its version lowered and its seal deleted would be indistinguishable from them
/// (see `decode`).
public struct CreditModel: Sendable, Codable, Equatable {
    public static let formatName = "credit-model"
    /// The newest file version this build reads, and the version it writes.
    public static let currentVersion = 4
    /// The version of a model without version-4 content (`requiredVersion`).
    public static let trainedVersion = 3

    public var format: String
    public var version: Int
    public var model: String
    public var target: TargetSpec
    public var schema: DesignCoding
    public var fit: LogisticRegressionResult
    public var training: TrainingRecord
    /// The points scorecard (nil for a plain logistic-regression model).
    public var scorecard: ScorecardSection?
    /// How this model was derived from a trained one, oldest step first (nil for a trained model; version 4).
    public var lineage: [LineageStep]?
    /// The decision policy (`credit policy`): hard rules, refer band and cut-off; `credit score` then writes a
    /// decision per row (nil: scores only; version 4).
    public var policy: DecisionPolicy?
    /// What the last recalibration fitted and on which data, and the training fit it replaced (nil unless the
    /// model was made by `recalibrated(on:method:…)`; version 4).
    public var recalibration: RecalibrationRecord?

    public init(target: TargetSpec, schema: DesignCoding, fit: LogisticRegressionResult, training: TrainingRecord) {
        self.format = Self.formatName
        self.version = Self.trainedVersion
        self.model = "logistic-regression"
        self.target = target
        self.schema = schema
        self.fit = fit
        self.training = training
        self.scorecard = nil
    }

    /// A scorecard model: the WoE-coded fit plus the scorecard section.
    ///
    /// Reasons per row beyond the number of characteristics (and the default 4) could never be filled: the count
    /// is reduced to max(characteristics, 4), the most a model file may hold (`checkValues`).
    public init(target: TargetSpec, scorecard: ScorecardSection, fit: LogisticRegressionResult, training: TrainingRecord) {
        self.init(target: target,
                  schema: DesignCoding(intercept: true, predictors: scorecard.characteristics.map { Predictor(name: $0.name, kind: .numeric) }),
                  fit: fit, training: training)
        self.model = "scorecard"
        var section = scorecard
        section.reasons.count = Swift.min(section.reasons.count, Swift.max(section.characteristics.count, ReasonSettings().count))
        self.scorecard = section
        self.version = requiredVersion
    }

    /// What this model holds that a version-3 file cannot: lineage, a policy, a recalibration record, a
    /// scorecard's unexpected-missing policy or per-bin reason codes (key paths; empty for a model any version-3 reader scores the same).
    public var version4Content: [String] {
        var keys: [String] = []
        if lineage != nil { keys.append("lineage") }
        if policy != nil { keys.append("policy") }
        if recalibration != nil { keys.append("recalibration") }
        if scorecard?.onUnexpectedMissing != nil { keys.append("scorecard.onUnexpectedMissing") }
        if scorecard?.reasons.binCodes != nil { keys.append("scorecard.reasons.binCodes") }
        if scorecard?.rejectInference != nil { keys.append("scorecard.rejectInference") }
        if scorecard?.weightColumn != nil { keys.append("scorecard.weightColumn") }
        return keys
    }

    /// The oldest file version that holds this model: 4 when `version4Content` is not empty, else 3. A model is
    /// written with this version, so a file an older build could score the same stays readable by it, and one it
    /// could not is refused by it as newer.
    public var requiredVersion: Int { version4Content.isEmpty ? Self.trainedVersion : 4 }
}

/// One step from a parent model to a derived one (a decision policy added, a recalibration).
public struct LineageStep: Sendable, Codable, Equatable {
    /// The parent model's seal (`contentSHA256`): the exact model this one was derived from.
    public var parentSHA256: String
    /// The parent's file name as given on the command line (informational; the seal identifies it).
    public var parentFile: String
    /// What was done: `policy`, `recalibrate`.
    public var operation: String
    public var toolVersion: String
    public var commandLine: [String]
    /// ISO 8601 UTC time of the step.
    public var date: String

    public init(parentSHA256: String, parentFile: String, operation: String, toolVersion: String = ToolVersion.current,
                commandLine: [String], date: String) {
        self.parentSHA256 = parentSHA256; self.parentFile = parentFile; self.operation = operation
        self.toolVersion = toolVersion; self.commandLine = commandLine; self.date = date
    }
}

extension CreditModel {
    /// A copy of this model to be changed into a derived one: its lineage gains a step naming this model's seal,
    /// and its version becomes 4. The caller then changes what the operation changes (adds a policy, recalibrates)
    /// and writes it: the new file carries its own seal, so an edited derived model is refused like any other.
    public func derived(operation: String, parentFile: String, commandLine: [String], date: String) throws -> CreditModel {
        var child = self
        child.lineage = (lineage ?? []) + [LineageStep(parentSHA256: try contentDigest(), parentFile: parentFile,
                                                       operation: operation, commandLine: commandLine, date: date)]
        child.version = Self.currentVersion
        return child
    }
}

/// Which column is the target and which value means bad.
public struct TargetSpec: Sendable, Codable, Equatable {
    public var column: String
    /// The value that means bad (default); PD is the probability of this value.
    public var bad: String
    public init(column: String, bad: String) { self.column = column; self.bad = bad }
}

/// Where a model came from.
public struct TrainingRecord: Sendable, Codable, Equatable {
    public var inputFile: String
    public var inputSHA256: String
    /// Data rows in the input file.
    public var rows: Int
    /// Rows used in the fit (rows with a missing target or predictor are left out).
    public var rowsUsed: Int
    public var bads: Int
    public var toolVersion: String
    public var commandLine: [String]
    public var seed: UInt64?
    /// ISO 8601 UTC time of training.
    public var date: String
    /// The engine table trained on (`credit train --db`): URL without password, table, predicate, rows; nil for
    /// a file (omitted from the model file then, so older files read and verify as before).
    public var source: EngineSource? = nil

    public init(inputFile: String, inputSHA256: String, rows: Int, rowsUsed: Int, bads: Int, toolVersion: String,
                commandLine: [String], seed: UInt64?, date: String) {
        self.inputFile = inputFile; self.inputSHA256 = inputSHA256; self.rows = rows; self.rowsUsed = rowsUsed
        self.bads = bads; self.toolVersion = toolVersion; self.commandLine = commandLine; self.seed = seed
        self.date = date
    }
}

/// The toolkit's version, recorded in model files.
public enum ToolVersion {
    public static let current = "0.1.0"
}

extension CreditModel {
    /// This model with a decision policy (replacing any it had): a derived model (`derived(operation:…)`, operation
    /// `policy`) that names this model's seal in its lineage. `credit score` then writes a decision per row.
    /// - Throws: `PolicyError.badValue` for a points cut-off on a model without points (a plain regression).
    public func withPolicy(_ policy: DecisionPolicy, parentFile: String, commandLine: [String], date: String) throws -> CreditModel {
        if policy.cutoff.scale == .points && scorecard == nil {
            throw PolicyError.badValue("a cut-off in points needs a scorecard model; this \(model) model gives a PD (state the cut-off as a PD)")
        }
        var child = try derived(operation: "policy", parentFile: parentFile, commandLine: commandLine, date: date)
        child.policy = policy
        return child
    }
}
