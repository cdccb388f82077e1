// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for Ateliers' readers, in a package of their own so that the main package's `swift build` and
/// `swift test` never see the sanitizers. Build and run them with `fuzz/run` (see README.md).
let package = Package(
    name: "AteliersFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "AteliersFuzz",
            dependencies: [
                .product(name: "Ateliers", package: "main"),
                .product(name: "AteliersWeb", package: "main"),
                .product(name: "AteliersServer", package: "main"),
            ]
        )
    ]
)

for target in package.targets {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
