// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way:
//   credit (CLI) → CreditKit (re-exports) → CreditReports → CreditMonitoring/CreditExperiments → CreditModelFile
//   → CreditScorecard/CreditDecision → CreditRegression → CreditBinning/CreditMetrics/CreditTabular/CreditLinearAlgebra
//   → CreditProbability/CreditSupport → _CreditKernels (C, not API) and CLapack (LAPACKE + OpenBLAS).
//   CreditModelFile → CreditEngines (SQL engine connections) → CSQLite, CLibPQ (the engines' C client libraries).
// Every library module is prefixed `Credit` so none can collide with another package's module (swift-metrics
// has `Metrics`). `CreditSupport` and `_CreditKernels` are internal: `package` access, not re-exported.
let package = Package(
    name: "credit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credit", targets: ["credit"]),
        .library(name: "CreditKit", targets: ["CreditKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // LAPACKE + CBLAS from OpenBLAS (Debian: liblapacke-dev, libopenblas-dev).
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        // The engines' own C client libraries from Debian (no Swift package dependency): SQLite (libsqlite3-dev)
        // and PostgreSQL's libpq (libpq-dev; headers under /usr/include/postgresql, found through pkg-config).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // C kernels that pick processor extensions at run time (X'WX and the Newton pass with AVX2 + FMA, CSV
        // numbers with AVX2, SHA-256 with the SHA extensions); one header per concern; not API (see its README).
        // DWARF 4 debug info: valgrind 3.19 (Debian 12; `make bench` profiles with callgrind) cannot read clang's DWARF 5.
        // No implicit fused multiply-adds (-ffp-contract=off): debug (-O0) and release builds then round alike; the
        // kernels ask for FMA explicitly where they use it.
        .target(name: "_CreditKernels", exclude: ["README.md"], cSettings: [.unsafeFlags(["-gdwarf-4", "-ffp-contract=off"])],
                linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),
        // Shared plumbing with `package` access: thread settings, per-part slots, the atomic output writer, the
        // shortest-double writer, allocator settings.
        .target(name: "CreditSupport", dependencies: ["_CreditKernels"]),
        .target(name: "CreditLinearAlgebra", dependencies: ["CLapack", "_CreditKernels", "CreditSupport"]),
        .target(name: "CreditProbability"),
        // Connections to SQL engines (SQLite, PostgreSQL): URLs, quoted identifiers, statements with bound
        // parameters, rows back. No statistics: the sums are SQL written by CreditModelFile's engine training.
        .target(name: "CreditEngines", dependencies: ["CSQLite", "CLibPQ"]),
        .target(name: "CreditTabular", dependencies: ["_CreditKernels", "CreditProbability", "CreditSupport"]),
        .target(name: "CreditMetrics", dependencies: ["CreditProbability", "CreditSupport"]),
        .target(name: "CreditRegression", dependencies: ["_CreditKernels", "CreditBinning", "CreditLinearAlgebra", "CreditMetrics", "CreditProbability", "CreditTabular", "CreditSupport"]),
        .target(name: "CreditBinning", dependencies: ["CreditProbability", "CreditTabular", "CreditSupport"]),
        // Scaling, points per bin and reason codes of the points scorecard.
        .target(name: "CreditScorecard", dependencies: ["CreditBinning", "CreditRegression", "CreditLinearAlgebra", "CreditTabular", "CreditSupport"]),
        // From score to decision: cut-offs, strategy tables, swap sets, the rule grammar and decision policies,
        // fairness by group. Below the model file, which carries a policy and applies it while scoring.
        .target(name: "CreditDecision", dependencies: ["CreditMetrics", "CreditProbability", "CreditTabular", "CreditSupport"]),
        // The model file of every model: reading, writing and sealing it, the training record, scoring (in memory
        // and streaming), SQL/PMML export.
        .target(name: "CreditModelFile", dependencies: ["_CreditKernels", "CreditEngines", "CreditDecision", "CreditScorecard", "CreditBinning", "CreditRegression", "CreditTabular", "CreditSupport"]),
        // Cross-validated comparison of model configurations (fits per fold, metrics, Friedman across folds/datasets).
        .target(name: "CreditExperiments", dependencies: ["CreditBinning", "CreditMetrics", "CreditProbability", "CreditRegression", "CreditScorecard", "CreditModelFile", "CreditTabular", "CreditSupport"]),
        // After the loan: score and characteristic stability, discrimination and calibration drift of a saved model.
        .target(name: "CreditMonitoring", dependencies: ["CreditMetrics", "CreditScorecard", "CreditModelFile", "CreditBinning", "CreditRegression", "CreditTabular",
                                                          "CreditSynthetic"]),  // CreditSynthetic: the alarm study's simulated months
        // Seeded small-borrower data with known truth (`credit synth`).
        .target(name: "CreditSynthetic", dependencies: ["CreditProbability", "CreditSupport", "CreditTabular"]),
        // After the loan: vintage curves, roll rates, target definitions from repayment performance.
        .target(name: "CreditPortfolio", dependencies: ["CreditTabular"]),
        .target(name: "CreditReports", dependencies: ["CreditBinning", "CreditDecision", "CreditMetrics", "CreditRegression", "CreditScorecard", "CreditModelFile", "CreditTabular", "CreditPortfolio", "CreditMonitoring", "CreditExperiments", "CreditSupport"]),
        // `import CreditKit`: every public module, re-exported.
        .target(name: "CreditKit", dependencies: [
            "CreditTabular", "CreditLinearAlgebra", "CreditProbability", "CreditMetrics", "CreditRegression", "CreditBinning",
            "CreditScorecard", "CreditDecision", "CreditModelFile", "CreditReports", "CreditSynthetic", "CreditPortfolio", "CreditMonitoring", "CreditExperiments",
            "CreditEngines",
        ]),
        .executableTarget(
            name: "credit",
            dependencies: [
                "CreditKit", "CreditSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz entry points (CSV reader, number parser, model loader) and their libFuzzer driver (`make fuzz`;
        // an ordinary build of credit-fuzz replays corpus files). Not shipped to users.
        .target(name: "FuzzTargets", dependencies: ["CreditTabular", "CreditModelFile"]),
        .executableTarget(name: "credit-fuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver"),

        // Test helpers, and the published test data (logistf's sex2, pROC's aSAH) with their data cards.
        .target(name: "TestSupport", dependencies: ["CreditProbability"], path: "Tests/TestSupport", exclude: ["PublishedData"]),
        .testTarget(name: "CreditSupportTests", dependencies: ["CreditSupport", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditLinearAlgebraTests", dependencies: ["CreditLinearAlgebra", "_CreditKernels", "TestSupport"]),
        .testTarget(name: "CreditEnginesTests", dependencies: ["CreditEngines", "TestSupport"]),
        .testTarget(name: "CreditProbabilityTests", dependencies: ["CreditProbability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditMetricsTests", dependencies: ["CreditMetrics", "CreditProbability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditTabularTests", dependencies: ["CreditTabular", "_CreditKernels", "CreditProbability", "CreditSupport", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "CreditRegressionTests", dependencies: ["CreditRegression", "CreditMetrics", "_CreditKernels", "CreditTabular", "CreditLinearAlgebra", "CreditProbability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditBinningTests", dependencies: ["CreditBinning", "CreditTabular", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditScorecardTests", dependencies: ["CreditScorecard", "CreditModelFile", "CreditBinning", "CreditRegression", "CreditTabular", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditDecisionTests", dependencies: ["CreditDecision", "CreditMetrics", "CreditTabular", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditModelFileTests", dependencies: ["CreditModelFile", "CreditScorecard", "CreditBinning", "CreditRegression", "CreditTabular", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CreditExperimentsTests", dependencies: ["CreditExperiments", "CreditMetrics", "CreditRegression", "CreditTabular", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "CreditReportsTests", dependencies: ["CreditReports", "CreditMetrics", "CreditSupport", "TestSupport"]),
        .testTarget(name: "CreditSyntheticTests", dependencies: ["CreditSynthetic", "CreditRegression", "CreditTabular", "CreditLinearAlgebra", "TestSupport"]),
        .testTarget(name: "CreditPortfolioTests", dependencies: ["CreditPortfolio", "CreditTabular", "CreditSynthetic", "TestSupport"]),
        .testTarget(name: "CreditMonitoringTests", dependencies: ["CreditMonitoring", "CreditMetrics", "CreditScorecard", "CreditModelFile", "CreditRegression", "CreditTabular", "CreditSynthetic", "TestSupport"], exclude: ["Fixtures"]),
        // The getting-started article of CreditKit.docc, compiled and run against statsmodels/scikit-learn.
        .testTarget(name: "CreditKitTests", dependencies: ["CreditKit", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "CreditModelFile"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "CreditTabular", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
