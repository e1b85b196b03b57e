// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tmkit",
    products: [
        .executable(name: "tmkit", targets: ["tmkit"]),
        .library(name: "TMKitCore", targets: ["TMKitCore"]),
        .library(name: "Segmentation", targets: ["Segmentation"]),
        .library(name: "TMX", targets: ["TMX"]),
        .library(name: "Glossary", targets: ["Glossary"]),
        .library(name: "TextAnalysis", targets: ["TextAnalysis"]),
        .library(name: "TranslationMemory", targets: ["TranslationMemory"]),
        .library(name: "TeamMemory", targets: ["TeamMemory"]),
        .library(name: "Documents", targets: ["Documents"]),
        .library(name: "XLIFF", targets: ["XLIFF"]),
        .library(name: "Pretranslation", targets: ["Pretranslation"]),
        .library(name: "Alignment", targets: ["Alignment"]),
        .library(name: "Quality", targets: ["Quality"]),
        .library(name: "TMKitCommands", targets: ["TMKitCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `swift package generate-documentation`: DocC catalogs of the library modules (no code of
        // its own goes into tmkit).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Thin C layer over system ICU (libicu-dev). The public header exposes only
        // opaque handles and plain C types; ICU headers stay inside the .c file.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        // Thin C layer over system libxml2 (libxml2-dev): the SAX2 push parser, events
        // recorded into a buffer; no DTD loading, no entity expansion, no network.
        .systemLibrary(name: "libxml2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "CLibXML2", dependencies: ["libxml2"]),
        // Signal handlers that remove temporary output files when a command is interrupted.
        .target(name: "CSupport"),
        .target(name: "TMKitCore"),
        .target(name: "XMLEvents", dependencies: ["TMKitCore", "CLibXML2"]),
        // SRX/ is the SRX engine (its README says what each file does).
        .target(name: "Segmentation", dependencies: ["TMKitCore", "TextAnalysis", "CICU", "XMLEvents"], exclude: ["SRX/README.md"]),
        .target(name: "TMX", dependencies: ["TMKitCore", "XMLEvents", "XLIFF"]),
        // Text knowledge shared by segmentation, matching, lookup, alignment and QA: normalization
        // keys, script tests (Hangul, unspaced scripts), Korean particles, match tokens.
        .target(name: "TextAnalysis", dependencies: ["TMKitCore", "CICU"]),
        .target(name: "Glossary", dependencies: ["TMKitCore", "XMLEvents", "TextAnalysis"]),
        .target(
            name: "TranslationMemory",
            dependencies: [
                "TMKitCore", "TMX", "TextAnalysis", .product(name: "GRDB", package: "GRDB.swift"),
                // The import's inserts bind and step GRDB's prepared statements directly (SQLite's C API).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The team memory: the MemoryStore contract on a PostgreSQL server (postgres-nio), the same
        // units, index and scoring as the SQLite file.
        .target(
            name: "TeamMemory",
            dependencies: ["TMKitCore", "TMX", "TextAnalysis", "TranslationMemory",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The document contract: units with inline codes plus a skeleton, rebuilt from
        // translations; the format registry (plain text; XLIFF, HTML, Markdown to come).
        .target(name: "Documents", dependencies: ["TMKitCore", "Segmentation", "XMLEvents", "CICU"]),
        // XLIFF 1.2 and 2.x: reader (streaming, inline codes as tmkit's), writer (1.2 strict, 2.1 with
        // the matches and glossary modules).
        .target(name: "XLIFF", dependencies: ["TMKitCore", "XMLEvents"]),
        // A document filled from a memory, with glossary notes, cut by any DocumentSegmenter; as a
        // TMX (pretranslate) or as XLIFF with its skeleton (extract).
        .target(
            name: "Pretranslation",
            dependencies: ["TMKitCore", "TextAnalysis", "Segmentation", "Documents", "TranslationMemory", "Glossary", "XLIFF"]
        ),
        .target(name: "Alignment", dependencies: ["TMKitCore", "TextAnalysis", "Segmentation", "Glossary"]),
        // Translation QA: numbers and dates in EN ↔ KO forms, codes, punctuation, consistency, terms.
        .target(name: "Quality", dependencies: ["TMKitCore", "Glossary"]),
        .target(
            name: "TMKitCommands",
            dependencies: [
                "TMKitCore", "Segmentation", "Documents", "TMX", "XLIFF", "Glossary", "TranslationMemory", "TeamMemory", "Pretranslation", "Alignment", "Quality", "CSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tmkit", dependencies: ["TMKitCommands"]),
        .testTarget(name: "TMKitCoreTests", dependencies: ["TMKitCore"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Segmentation"]),
        .testTarget(name: "TextAnalysisTests", dependencies: ["TextAnalysis", "SharedTestData"]),
        .testTarget(name: "XLIFFTests", dependencies: ["XLIFF", "Documents", "Segmentation", "SharedTestData"]),
        // Finds the reference files of other projects (the project's shared data beside the
        // checkout) for the tests that need them; see SharedData.
        .target(name: "SharedTestData", path: "Tests/SharedTestData"),
        .testTarget(name: "TMXTests", dependencies: ["TMX", "SharedTestData"], exclude: ["Fixtures"]),
        .testTarget(name: "GlossaryTests", dependencies: ["Glossary", "SharedTestData"], exclude: ["Fixtures"]),
        .testTarget(name: "TranslationMemoryTests", dependencies: ["TranslationMemory", "TeamMemory", "Pretranslation", "Glossary", "tmkit", "SharedTestData"]),
        .testTarget(name: "AlignmentTests", dependencies: ["Alignment", "Segmentation", "Glossary"], exclude: ["Fixtures"]),
        .testTarget(name: "QualityTests", dependencies: ["Quality", "Glossary", "TMX"]),
        // Tests read fixtures by path (Tests/<Target>/Fixtures, Examples/) from the checkout.
        .testTarget(
            name: "SegmentationTests",
            dependencies: ["Segmentation", "SharedTestData"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "TMKitCommandsTests",
            dependencies: ["TMKitCommands", "TMKitCore", "TextAnalysis", "XMLEvents", "Segmentation", "Documents", "TMX", "Glossary",
                           "TranslationMemory", "TeamMemory", "XLIFF", "Pretranslation", "Alignment", "Quality", "tmkit",
                           "SharedTestData"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
