// swift-tools-version: 6.1
// libFuzzer harnesses for tmkit's readers. A package of its own: libFuzzer brings its own
// `main`, which would collide with the root package's executables, and the sanitizer flags
// must not reach the root package's normal builds. Build and run with `bash Fuzz/run.sh`.
import PackageDescription

// Each harness is a file without top-level code that exports `LLVMFuzzerTestOneInput` and
// `<Target>_main`, the entry SwiftPM links as `main` (which starts libFuzzer's driver);
// `-parse-as-library` keeps the compiler from generating an entry of its own.
let harnessSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func harness(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", "FuzzDriver"] + dependencies,
        swiftSettings: harnessSettings
    )
}

let package = Package(
    name: "tmkit-fuzz",
    dependencies: [.package(name: "tmkit", path: "..")],
    targets: [
        // The program's entry: libFuzzer's driver over the harness (see FuzzDriver.h).
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: [.product(name: "TMKitCore", package: "tmkit")]),
        harness("FuzzTMX", [.product(name: "TMX", package: "tmkit")]),
        harness("FuzzTBX", [.product(name: "Glossary", package: "tmkit")]),
        harness("FuzzSRX", [.product(name: "Segmentation", package: "tmkit")]),
        harness("FuzzMemoryFormats", [
            .product(name: "TMX", package: "tmkit"), .product(name: "Glossary", package: "tmkit"),
        ]),
        harness("FuzzTextDocument", [.product(name: "Segmentation", package: "tmkit")]),
        harness("FuzzSegmenter", [.product(name: "Segmentation", package: "tmkit")]),
        harness("FuzzHTML", [.product(name: "Documents", package: "tmkit"), .product(name: "Segmentation", package: "tmkit")]),
        harness("FuzzMarkdown", [.product(name: "Documents", package: "tmkit"), .product(name: "Segmentation", package: "tmkit")]),
        harness("FuzzXLIFF", [.product(name: "XLIFF", package: "tmkit"), .product(name: "Documents", package: "tmkit")]),
        harness("FuzzAlign", [.product(name: "Alignment", package: "tmkit"), .product(name: "Glossary", package: "tmkit")]),
    ],
    swiftLanguageModes: [.v6]
)
