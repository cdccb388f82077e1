// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Ateliers",
    products: [
        .executable(name: "ateliers", targets: ["AteliersCLI"]),
        .library(name: "Ateliers", targets: ["Ateliers"]),
        .library(name: "ICal", targets: ["ICal"]),
        .library(name: "AteliersWeb", targets: ["AteliersWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(name: "ICal", dependencies: ["CLibical"]),
        .target(
            name: "Ateliers",
            dependencies: ["ICal", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "AteliersStore",
            dependencies: ["Ateliers", "ICal", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "AteliersWeb", dependencies: ["Ateliers"]),
        .executableTarget(
            name: "AteliersCLI",
            dependencies: [
                "Ateliers", "AteliersStore", "AteliersWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ICalTests", dependencies: ["ICal"]),
        .testTarget(
            name: "AteliersTests",
            dependencies: ["Ateliers", "ICal"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "AteliersStoreTests", dependencies: ["AteliersStore", "Ateliers", "ICal"]),
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
