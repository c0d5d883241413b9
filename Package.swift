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
        // IMAP client (IMAPClient target): TCP and TLS for the mail poller.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        // HTTP API (HTTPServer target). Hummingbird's default traits pull swift-configuration,
        // which the server does not use; switching them off saves a minute of every clean build.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
        // Already in the graph through Hummingbird: its HTTP part types, for the server's
        // connection timeouts (HTTPServer's ConnectionGuard).
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        // Test-only: a real HTTP client over loopback for HTTPServerTests.
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
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
        // A small IMAP4rev1 client (what the poller needs) on SwiftNIO, TLS via swift-nio-ssl.
        .target(
            name: "IMAPClient",
            dependencies: [
                "Domain",  // CivilDate: the product's one calendar algorithm
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Email intake: the IMAP poller (a service `serve` hosts) and Maildir intake.
        .target(
            name: "MailIntake",
            dependencies: [
                "IMAPClient", "Commands", "Domain", "EventStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The TCPA auditor: a pure fold over the log (no SQLite), docs/AUDIT.md.
        .target(name: "Audit", dependencies: ["Domain", "EventStore"]),
        // The seeded demo history: realistic inputs through the real Commands handlers.
        .target(name: "Demo", dependencies: ["Commands", "Domain", "EventStore"]),
        .target(
            name: "Projections",
            dependencies: [
                "Domain", "EventStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP API as a library, so tests start it in-process on 127.0.0.1.
        .target(
            name: "HTTPServer",
            dependencies: [
                "EventStore", "Domain", "Commands", "Projections", "Audit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "Server",
            dependencies: [
                "EventStore", "Domain", "Commands", "Projections", "HTTPServer", "Audit", "MailIntake", "IMAPClient", "Demo",
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
        // Demo generator throughput through the real handlers (docs/BENCHMARKS.md "Demo generator").
        .executableTarget(name: "DemoBench", dependencies: ["Demo"], path: "tools/bench/DemoBench"),
        // TCPA audit throughput over a generated 10 M-event log (docs/BENCHMARKS.md).
        .executableTarget(
            name: "AuditBench",
            dependencies: ["Audit", "Domain", "EventStore", "TestSupport"],
            path: "tools/bench/AuditBench"
        ),
        // Read-model workloads: rebuild throughput, the raw SQLite upsert ceiling, live lag, queries.
        .executableTarget(
            name: "ProjectionBench",
            dependencies: [
                "Projections", "Domain", "EventStore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "tools/bench/ProjectionBench"
        ),
        // Contacts page JSON: JSONEncoder against the hand-written ContactJSON (docs/BENCHMARKS.md).
        .executableTarget(name: "ContactJSONBench", dependencies: ["Projections", "Domain"], path: "tools/bench/ContactJSONBench"),
        // Messages per second through IMAP from a real Dovecot (docs/BENCHMARKS.md).
        .executableTarget(
            name: "IMAPBench",
            dependencies: [
                "MailIntake", "IMAPClient", "Commands", "EventStore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "tools/bench/IMAPBench"
        ),
        // The crash-test child: appends durably and reports each acknowledged batch.
        .executableTarget(
            name: "CrashChild",
            dependencies: ["EventStore"],
            path: "tools/crash/CrashChild"
        ),
        .target(name: "TestSupport", dependencies: ["EventStore", "Domain"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "EventStore"]),
        .testTarget(name: "IMAPClientTests", dependencies: ["IMAPClient"]),
        // Starts a real Dovecot (tools/setup.sh installs it) for the poller's tests.
        .testTarget(
            name: "MailIntakeTests",
            dependencies: [
                "MailIntake", "IMAPClient", "Commands", "Domain", "EventStore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: [
                "Audit", "Commands", "Domain", "EventStore", "TestSupport", "Projections", "Demo",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Commands", "Domain", "EventStore", "TestSupport"]),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: [
                "Projections", "Commands", "Domain", "EventStore", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "HTTPServerTests",
            dependencies: [
                "HTTPServer", "Commands", "Domain", "EventStore", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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
        .testTarget(name: "ServerTests", dependencies: ["EventStore", "Domain", "Projections", "TestSupport"]),
    ]
)
