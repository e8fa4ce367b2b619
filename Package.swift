// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way: credit (CLI) → Reports/Scorecard → Regression → LinearAlgebra → CLapack.
let package = Package(
    name: "credit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credit", targets: ["credit"]),
        .library(name: "CreditKit", targets: ["Tabular", "LinearAlgebra", "Probability", "Metrics", "Regression", "Binning", "Scorecard", "Reports", "Synthetic", "Portfolio", "Monitoring", "Experiments"]),
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
        // C kernels that pick processor extensions at run time: X'WX with AVX2 + FMA, SHA-256 with the SHA extensions.
        // DWARF 4 debug info: valgrind 3.19 (Debian 12; `make bench` profiles with callgrind) cannot read clang's DWARF 5.
        // No implicit fused multiply-adds (-ffp-contract=off): debug (-O0) and release builds then round alike; the
        // kernels ask for FMA explicitly where they use it.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-gdwarf-4", "-ffp-contract=off"])],
                linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),
        .target(name: "LinearAlgebra", dependencies: ["CLapack", "CKernels"]),
        .target(name: "Probability"),
        .target(name: "Tabular", dependencies: ["CKernels", "Probability"]),
        .target(name: "Metrics", dependencies: ["Probability"]),
        .target(name: "Regression", dependencies: ["CKernels", "LinearAlgebra", "Probability", "Tabular"]),
        .target(name: "Binning", dependencies: ["Tabular"]),
        .target(name: "Scorecard", dependencies: ["Binning", "CKernels", "Regression", "LinearAlgebra", "Tabular"]),
        // Cross-validated comparison of model configurations (fits per fold, metrics, Friedman across folds/datasets).
        .target(name: "Experiments", dependencies: ["Binning", "Metrics", "Probability", "Regression", "Scorecard", "Tabular"]),
        .target(name: "Reports", dependencies: ["Binning", "Metrics", "Regression", "Scorecard", "Tabular", "Portfolio", "Monitoring", "Experiments"]),
        // After the loan: score and characteristic stability, discrimination and calibration drift of a saved model.
        .target(name: "Monitoring", dependencies: ["Metrics", "Scorecard", "Binning", "Regression", "Tabular"]),
        // Seeded small-borrower data with known truth (`credit synth`).
        .target(name: "Synthetic", dependencies: ["Probability"]),
        // After the loan: vintage curves, roll rates, target definitions from repayment performance.
        .target(name: "Portfolio", dependencies: ["Tabular"]),
        .executableTarget(
            name: "credit",
            dependencies: [
                "Tabular", "Probability", "Metrics", "Regression", "Binning", "Scorecard", "Reports", "Synthetic", "Portfolio", "Monitoring", "Experiments",
                "CKernels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // In-process timing driver for `make bench` (not shipped to users).
        .executableTarget(name: "credit-bench", dependencies: ["Tabular", "Regression", "LinearAlgebra", "Metrics", "Probability"]),
        // AUC + DeLong timing at 10M scores, beside scikit-learn (not shipped to users).
        .executableTarget(name: "metrics-bench", dependencies: ["Metrics", "Probability"]),
        // Fuzz entry points (CSV reader, number parser, model loader) and their libFuzzer driver (`make fuzz`;
        // an ordinary build of credit-fuzz replays corpus files). Not shipped to users.
        .target(name: "FuzzTargets", dependencies: ["Tabular", "Scorecard"]),
        .executableTarget(name: "credit-fuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver"),

        .target(name: "TestSupport", dependencies: ["Probability"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "CKernels", "TestSupport"]),
        .testTarget(name: "ProbabilityTests", dependencies: ["Probability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "Probability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "CKernels", "Probability", "TestSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "Tabular", "LinearAlgebra", "Probability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BinningTests", dependencies: ["Binning", "Tabular", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ScorecardTests", dependencies: ["Scorecard", "Binning", "Regression", "Tabular", "TestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Metrics", "Regression", "Tabular", "Probability", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Metrics", "TestSupport"]),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Regression", "Tabular", "LinearAlgebra", "TestSupport"]),
        .testTarget(name: "PortfolioTests", dependencies: ["Portfolio", "Tabular", "Synthetic", "TestSupport"]),
        .testTarget(name: "MonitoringTests", dependencies: ["Monitoring", "Metrics", "Scorecard", "Regression", "Tabular", "Synthetic", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "Tabular", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
