// swift-tools-version:6.2
import PackageDescription

/// Aftermath: webhook → incident → evidence → postmortem → static site.
/// Each pipeline stage is its own module; README.md "Layout" lists them, and each module's main
/// file opens with what it owns and what it must not touch.
/// Linux only: the code reads `stat.st_mtim`, calls Glibc and reads /proc, so no Apple platform is declared.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "aftermath",
    products: [
        .executable(name: "aftermath", targets: ["aftermath"]),
        .executable(name: "aftermath-bench", targets: ["AftermathBench"]),
        .executable(name: "aftermath-fuzz", targets: ["AftermathFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        // libcmark from the system (Debian: libcmark-dev), found through pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Domain types shared by every stage: incidents, alerts, signals, time.
        .target(
            name: "AftermathCore",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        // aftermath.yaml → typed configuration with defaults.
        .target(
            name: "Settings",
            dependencies: ["AftermathCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Secret redaction applied before anything is stored.
        .target(
            name: "Redaction",
            dependencies: ["AftermathCore", "Settings"],
            swiftSettings: swiftSettings
        ),
        // Webhook payloads → signals; credentials and signatures.
        .target(
            name: "Intake",
            dependencies: [
                "AftermathCore", "Settings",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Line-at-a-time regular expressions in linear time (search --regex).
        .target(
            name: "LineRegex",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        // SQLite archive: schema, migrations, intake transactions, queries.
        .target(
            name: "Archive",
            dependencies: [
                "AftermathCore", "LineRegex",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Evidence collectors, redaction, the capture job runner.
        .target(
            name: "Capture",
            dependencies: [
                "AftermathCore", "Settings", "Archive", "Redaction",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Writes templates/ into generated Swift at build time (the one copy stays the folder).
        // CFuzzDriver defines the entry libFuzzer's runtime refers to: `make fuzz` instruments and links
        // every executable with libFuzzer, this build tool included, and it must still link and run.
        .executableTarget(
            name: "TemplateEmbedder",
            dependencies: ["CFuzzDriver"],
            path: "Sources/TemplateEmbedder"
        ),
        .plugin(
            name: "EmbedTemplates",
            capability: .buildTool(),
            dependencies: ["TemplateEmbedder"],
            path: "Sources/EmbedTemplatesPlugin"
        ),
        // The postmortem file format both the generator and the site use: front matter, status,
        // region markers, citations. Bytes and values only.
        .target(
            name: "PostmortemFormat",
            dependencies: ["AftermathCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Provisional postmortem Markdown, merged with human edits.
        .target(
            name: "Postmortem",
            dependencies: [
                "AftermathCore", "Settings", "Archive", "Redaction", "PostmortemFormat",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedTemplates"]
        ),
        // Static HTML site through libcmark (safe mode) and templates.
        .target(
            name: "Site",
            dependencies: [
                "AftermathCore", "Settings", "Archive", "CCmark", "PostmortemFormat",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedTemplates"]
        ),
        // Incident bundles: one incident as a verifiable BagIt tar.gz, with its own small site.
        .target(
            name: "IncidentBundle",
            dependencies: [
                "AftermathCore", "Settings", "Archive", "Site", "Redaction", "PostmortemFormat",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Chat exports (Slack's workspace export, directory or ZIP) → redacted messages for the archive.
        .target(
            name: "ChatImport",
            dependencies: [
                "AftermathCore", "Archive", "Redaction", "Intake",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird application: webhook routes and background services.
        .target(
            name: "Server",
            dependencies: [
                "AftermathCore", "Settings", "Intake", "Archive", "Redaction", "Capture", "Postmortem", "Site",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command tree (one file per subcommand).
        .target(
            name: "AftermathCLI",
            dependencies: [
                "AftermathCore", "Settings", "Intake", "Archive", "Redaction", "Capture", "Postmortem", "Site", "Server",
                "IncidentBundle", "LineRegex", "ChatImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aftermath",
            dependencies: ["AftermathCLI"],
            swiftSettings: swiftSettings
        ),
        // Benchmarks (not tests): run by bench/*.sh in release builds.
        .executableTarget(
            name: "AftermathBench",
            dependencies: ["AftermathCore", "Archive", "Redaction", "Settings", "Site"],
            swiftSettings: swiftSettings
        ),
        // Fuzz targets (`make fuzz`): every reader of untrusted bytes, one entry each; the tests
        // replay the inputs that once crashed them.
        .target(
            name: "FuzzTargets",
            dependencies: ["AftermathCore", "Settings", "Intake", "Archive", "Redaction", "Postmortem", "PostmortemFormat", "Site"],
            swiftSettings: swiftSettings
        ),
        // libFuzzer's driver, found through a weak symbol: present only in `make fuzz` builds.
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "AftermathFuzz",
            dependencies: ["FuzzTargets", "CFuzzDriver"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        ),
        .testTarget(
            name: "AftermathTests",
            dependencies: [
                "AftermathCore", "Settings", "Intake", "Archive", "Redaction", "Capture", "Postmortem", "PostmortemFormat", "Site", "Server",
                "AftermathCLI", "LineRegex",
                "IncidentBundle", "FuzzTargets", "ChatImport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
