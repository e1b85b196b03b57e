import Foundation
import Testing
import TMKitCore
import TMKitCommands

/// Files of the checkout: fixtures beside the tests, samples in Examples/.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func bytes(_ relative: String) throws -> [UInt8] { Array(try Data(contentsOf: root.appendingPathComponent(relative))) }
}

/// What one run of `tmkit` produced.
struct RunResult {
    var code: Int32
    var output: String
    var errors: String
}

/// Runs `tmkit` in-process with `arguments`, `stdin` as standard input, and captured output.
func tmkit(_ arguments: [String], stdin: [UInt8] = []) -> RunResult {
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let io = CommandIO(output: output, errorOutput: errors, input: stdin)
    let code = TMKitCommand.run(arguments: arguments, io: io)
    return RunResult(code: code, output: output.text, errors: errors.text)
}

func tmkit(_ arguments: String..., stdin: String) -> RunResult {
    tmkit(arguments, stdin: Array(stdin.utf8))
}

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
