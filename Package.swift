// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Ateliers",
    products: [
        .executable(name: "ateliers", targets: ["AteliersCLI"]),
        .library(name: "Ateliers", targets: ["Ateliers"]),
        .library(name: "ICal", targets: ["ICal"]),
        .library(name: "AteliersWeb", targets: ["AteliersWeb"]),
        .library(name: "AteliersServer", targets: ["AteliersServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(name: "ICal", dependencies: ["CLibical"]),
        // zlib (Debian's zlib1g-dev) for the server's gzip variants: a module map, no package to build.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "Ateliers",
            dependencies: ["ICal", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "AteliersStore",
            dependencies: ["Ateliers", "ICal", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // PostgreSQL for the agenda store, in its own target: only what needs it pays for postgres-nio's build.
        .target(
            name: "AteliersPostgres",
            dependencies: ["Ateliers", "AteliersStore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(name: "AteliersWeb", dependencies: ["Ateliers"]),
        .target(
            name: "AteliersServer",
            dependencies: [
                "Ateliers", "AteliersStore", "AteliersWeb", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "AteliersCLI",
            dependencies: [
                "Ateliers", "AteliersStore", "AteliersServer", "AteliersWeb", "AteliersPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ICalTests", dependencies: ["ICal"]),
        .testTarget(
            name: "AteliersTests",
            dependencies: ["Ateliers", "ICal", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "AteliersStoreTests", dependencies: ["AteliersStore", "Ateliers", "ICal"]),
        .testTarget(
            name: "AteliersServerTests",
            dependencies: [
                "AteliersServer", "Ateliers", "AteliersStore", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AteliersPostgresTests",
            dependencies: [
                "AteliersPostgres", "AteliersServer", "AteliersStore", "Ateliers",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AteliersWebTests",
            dependencies: ["AteliersWeb", "Ateliers", "ICal"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "AteliersCLITests",
            dependencies: ["AteliersCLI"],
            exclude: ["Fixtures"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
