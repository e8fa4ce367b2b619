// `import CreditKit` brings every public module of the toolkit: read CSV files, fit logistic regressions and
// points scorecards, save and load model files, score applicants, evaluate and compare scores, monitor a model
// after the loan, and render reports. See the DocC catalog (CreditKit.docc) for a getting-started article.
@_exported import CreditTabular
@_exported import CreditLinearAlgebra
@_exported import CreditProbability
@_exported import CreditMetrics
@_exported import CreditRegression
@_exported import CreditBinning
@_exported import CreditScorecard
@_exported import CreditDecision
@_exported import CreditModelFile
@_exported import CreditReports
@_exported import CreditSynthetic
@_exported import CreditPortfolio
@_exported import CreditMonitoring
@_exported import CreditExperiments
@_exported import CreditEngines
