// swift-tools-version: 6.0
import PackageDescription

// The acceptance example of `CreditKit` as a library: a package of its own that depends on the toolkit by path
// and on apple/swift-metrics, and uses both in one file (Sources/ScoreWithMetrics/main.swift). `make test` builds
// and runs it, and check.py compares what it prints with the references in Tests/CreditKitTests/Fixtures.
let package = Package(
    name: "ScoreWithMetrics",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "credit", path: "../.."),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "ScoreWithMetrics",
            dependencies: [
                .product(name: "CreditKit", package: "credit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
