// swift-tools-version: 6.1
//
// In-process benchmarks (ordo-one/benchmark): p50/p99 and malloc counts for the store's hot
// paths. A package of its own so that building and testing ContactLedger never compiles the
// benchmark harness. Run from this directory:
//
//   swift package --allow-writing-to-directory .benchmarkBaselines benchmark
//
import PackageDescription

let package = Package(
    name: "ContactLedgerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ContactLedger", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "EventStore", package: "ContactLedger"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
