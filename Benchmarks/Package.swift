// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift test` never builds them.
// Build and run with: swift run -c release --package-path Benchmarks SegmentationBenchmark CORPUS
import PackageDescription

let package = Package(
    name: "tmkit-benchmarks",
    dependencies: [
        .package(name: "tmkit", path: ".."),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "BenchmarkSupport"),
        .executableTarget(
            name: "SegmentationBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Segmentation", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
            ],
        ),
        .executableTarget(
            name: "GlossaryBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Glossary", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
            ]
        ),
        .executableTarget(
            name: "TMXBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "TMX", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
            ]
        ),
        .executableTarget(
            name: "TMBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "TranslationMemory", package: "tmkit"),
                .product(name: "TMX", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
            ]
        ),
        .executableTarget(
            name: "TeamMemoryBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "TeamMemory", package: "tmkit"),
                .product(name: "TranslationMemory", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "AlignBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Alignment", package: "tmkit"),
                .product(name: "Glossary", package: "tmkit"),
                .product(name: "Segmentation", package: "tmkit"),
                .product(name: "TMX", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
            ]
        ),
        .executableTarget(
            name: "TMXConformance",
            dependencies: [
                .product(name: "TMX", package: "tmkit"),
                .product(name: "TMKitCore", package: "tmkit"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
