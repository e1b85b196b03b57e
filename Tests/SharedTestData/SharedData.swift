import Foundation

/// Reference files from other projects (real TMX and TBX files written by other tools, Okapi's
/// SRX rules, the Golden Rules, the TMX 1.4 DTD) are not in the repository: they live in
/// `../shared/data` beside the checkout (CI has it there), or wherever `TMKIT_SHARED_DATA`
/// points. Tests that read them carry `.enabled(if: SharedData.available, …)`, so a clone on
/// its own reports those tests as skipped rather than failing or passing without them.
public enum SharedData {
    /// The folder, when it is there.
    public static let root: URL? = {
        let environment = ProcessInfo.processInfo.environment["TMKIT_SHARED_DATA"]
        let folder = environment.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath)  // <checkout>/Tests/SharedTestData/SharedData.swift
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/data")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? folder : nil
    }()

    /// Whether the reference files can be read.
    public static var available: Bool { root != nil }

    /// Why a test that needs them did not run.
    public static let missing = "needs ../shared/data beside the checkout (or TMKIT_SHARED_DATA)"

    /// The path of `relative` (e.g. `tmx/corpus/okapi_sample14b.tmx`) inside the folder.
    public static func path(_ relative: String) -> String {
        (root ?? URL(fileURLWithPath: "/nonexistent/shared/data")).appendingPathComponent(relative).path
    }

    public static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }
}

import Testing

extension Trait where Self == ConditionTrait {
    /// Runs the test only when ``SharedData`` is there; otherwise it is reported as skipped.
    public static var needsSharedData: Self {
        .enabled(if: SharedData.available, Comment(rawValue: SharedData.missing))
    }
}
