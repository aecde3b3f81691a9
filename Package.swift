// swift-tools-version:6.0
// Marmot in Swift: leaderless SQLite replication behind the MySQL wire protocol.
// Targets follow ../shared/DESIGN.md: pure protocol machines, real SQLite storage,
// node glue shared by the daemon and the deterministic simulator.
import PackageDescription

let package = Package(
    name: "marmot",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "marmot", targets: ["Marmot"]),
        .executable(name: "marmot-sim", targets: ["MarmotSim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // SQLite from Debian's libsqlite3-dev (session extension and preupdate hook compiled in).
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Pure state machines: events in, actions out. Standard library only.
        .target(name: "Protocol"),
        // Real SQLite: change capture, LWW apply, the log, snapshots, digests.
        .target(name: "Storage", dependencies: ["CSQLite", "Protocol"]),
        // Message digests (SHA-1, SHA-2, MD5, CRC-32) shared by auth, HMAC and SQL functions.
        .target(name: "Hashes"),
        // The MySQL dialect: lexer, parser to an AST, SQLite printer, MySQL functions.
        .target(name: "SQL", dependencies: ["Storage", "Protocol", "Hashes"]),
        // The MySQL client/server protocol as a codec and a pure per-connection machine.
        .target(name: "MySQLWire", dependencies: ["Hashes"]),
        // A node = state machines + storage; shared by Runtime and Simulator.
        .target(name: "Node", dependencies: ["Protocol", "Storage", "SQL"]),
        // The production driver: SwiftNIO transport, MySQL listener, real clock, TOML config.
        .target(
            name: "Runtime",
            dependencies: [
                "Node", "MySQLWire", "Protocol", "Storage", "Hashes",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "Marmot",
            dependencies: [
                "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Virtual time, seeded PRNG, faulty network, scenarios, explorer.
        .target(name: "Simulator", dependencies: ["Node", "Protocol", "Storage"]),
        .executableTarget(
            name: "MarmotSim",
            dependencies: [
                "Simulator",
                "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ProtocolTests", dependencies: ["Protocol"]),
        .testTarget(name: "MembershipTests", dependencies: ["Protocol"]),
        .testTarget(name: "SQLTests", dependencies: ["SQL"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Node", "MySQLWire", "Hashes"]),
        .testTarget(name: "MySQLWireTests", dependencies: ["MySQLWire", "Hashes"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Protocol"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Node", "Storage", "Protocol"]),
    ],
    swiftLanguageModes: [.v6]
)
