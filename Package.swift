// swift-tools-version: 6.1
//
// ContactLedger is laid out as layers that depend one way (docs/ARCHITECTURE.md):
//
//   EventStore  →  Domain  →  Commands, Projections  →  Server (the `contactledger` executable)
//
// EventStore knows bytes, files and checksums only: no domain types, no SQLite, no HTTP.
// In-process benchmarks live in their own package (Benchmarks/) so that building and
// testing this one never compiles the benchmark harness.
import PackageDescription

let package = Package(
    name: "ContactLedger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "contactledger", targets: ["Server"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "TestSupport", targets: ["TestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "EventStore",
            dependencies: [
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Domain", dependencies: ["EventStore"]),
        .target(name: "Commands", dependencies: ["Domain", "EventStore"]),
        .target(
            name: "Projections",
            dependencies: [
                "Domain", "EventStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "Server",
            dependencies: [
                "EventStore", "Domain", "Commands", "Projections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Whole-process store workload for tools/bench (release build, JSON lines out).
        .executableTarget(
            name: "StoreBench",
            dependencies: ["EventStore"],
            path: "tools/bench/StoreBench"
        ),
        // Intake throughput (emails parsed/s; RingCentral payloads parsed + validated + appended/s).
        .executableTarget(
            name: "IntakeBench",
            dependencies: ["Commands", "Domain", "EventStore"],
            path: "tools/bench/IntakeBench"
        ),
        // The crash-test child: appends durably and reports each acknowledged batch.
        .executableTarget(
            name: "CrashChild",
            dependencies: ["EventStore"],
            path: "tools/crash/CrashChild"
        ),
        .target(name: "TestSupport", dependencies: ["EventStore", "Domain"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: [
                "Projections", "Commands", "Domain", "EventStore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CommandsTests",
            dependencies: ["Commands", "Domain", "EventStore", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "TestSupport"],
            resources: [.copy("Golden")]
        ),
        // Runs the built `contactledger` binary as a subprocess (exit codes, stdout/stderr).
        .testTarget(name: "ServerTests", dependencies: ["EventStore"]),
    ]
)
