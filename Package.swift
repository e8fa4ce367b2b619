// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way: credit (CLI) → Reports/Scorecard → Regression → LinearAlgebra → CLapack.
let package = Package(
    name: "credit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credit", targets: ["credit"]),
        .library(name: "CreditKit", targets: ["Tabular", "LinearAlgebra", "Probability", "Regression", "Binning", "Scorecard", "Reports"]),
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
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "Probability"),
        .target(name: "Tabular"),
        .target(name: "Regression", dependencies: ["LinearAlgebra", "Probability", "Tabular"]),
        .target(name: "Binning", dependencies: ["Tabular"]),
        .target(name: "Scorecard", dependencies: ["Binning", "Regression", "LinearAlgebra", "Tabular"]),
        .target(name: "Reports", dependencies: ["Binning", "Regression", "Scorecard", "Tabular"]),
        .executableTarget(
            name: "credit",
            dependencies: [
                "Tabular", "Binning", "Regression", "Scorecard", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // In-process timing driver for `make bench` (not shipped to users).
        .executableTarget(name: "credit-bench", dependencies: ["Tabular", "Regression", "LinearAlgebra"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "ProbabilityTests", dependencies: ["Probability", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "TestSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "Tabular", "LinearAlgebra", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BinningTests", dependencies: ["Binning", "Tabular", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ScorecardTests", dependencies: ["Scorecard", "Binning", "Regression", "Tabular", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
