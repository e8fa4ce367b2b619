// swift-tools-version: 6.0
// The benchmark drivers of `make bench`, in a package of their own so the main package never builds them. They
// use the toolkit as any Swift user does: `import CreditKit` from the package two folders up.
import PackageDescription

let package = Package(
    name: "credit-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "credit", path: "../..")],
    targets: [
        // In-process timing driver for `make bench` (read, fit, AUC), beside the peers' in-process timings.
        .executableTarget(name: "credit-bench", dependencies: [.product(name: "CreditKit", package: "credit")]),
        // AUC + DeLong timing at 10M scores, beside scikit-learn.
        .executableTarget(name: "metrics-bench", dependencies: [.product(name: "CreditKit", package: "credit")]),
    ],
    swiftLanguageModes: [.v6]
)
