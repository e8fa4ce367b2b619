// Fit a logistic regression of default on the German credit data, score it, print the AUC with its DeLong 95%
// interval, and report the AUC as a swift-metrics gauge: 10 lines of code (imports, comments and blank lines
// not counted). Run from this folder:  swift run ScoreWithMetrics [path/to/german_credit.csv]
import CreditKit
import Metrics
import MetricsTestKit   // StreamMetricsFactory: a metrics backend that writes each recorded value to stdout

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../../datasets/german_credit.csv"
let training = ModelTraining(input: .file(path, fingerprint: false))
let table = try training.readTable(options: CSVOptions())
let outcome = try LogisticRegressionRequest(target: "default").run(on: table)   // Newton/IRLS, all 20 attributes
let model = training.model(for: outcome)
let sample = try EvaluationSample(model: model, table: table)                   // every row's PD and its target
let auc = AreaUnderCurve(try ScoredOutcomes(scores: sample.scores, isBad: sample.isBad))
MetricsSystem.bootstrap(StreamMetricsFactory.standardOutput())
Gauge(label: "credit_auc", dimensions: [("data", "german_credit")]).record(auc.value)
print("AUC \(auc.value) DeLong 95% CI [\(auc.confidenceInterval.lower), \(auc.confidenceInterval.upper)] on \(sample.scores.count) rows")
