// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tmkit",
    products: [
        .executable(name: "tmkit", targets: ["tmkit"]),
        .library(name: "TMKitCore", targets: ["TMKitCore"]),
        .library(name: "Segmentation", targets: ["Segmentation"]),
        .library(name: "TMKitCommands", targets: ["TMKitCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin C layer over system ICU (libicu-dev). The public header exposes only
        // opaque handles and plain C types; ICU headers stay inside the .c file.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc")]
        ),
        .target(name: "TMKitCore"),
        .target(name: "Segmentation", dependencies: ["TMKitCore", "CICU"]),
        .target(
            name: "TMKitCommands",
            dependencies: [
                "TMKitCore", "Segmentation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tmkit", dependencies: ["TMKitCommands"]),
        .testTarget(name: "TMKitCoreTests", dependencies: ["TMKitCore"]),
        // Tests read fixtures by path (Tests/<Target>/Fixtures, Examples/) from the checkout.
        .testTarget(
            name: "SegmentationTests",
            dependencies: ["Segmentation"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "TMKitCommandsTests",
            dependencies: ["TMKitCommands", "Segmentation", "tmkit"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
