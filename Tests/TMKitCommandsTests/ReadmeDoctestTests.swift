import Foundation
import Testing

/// The README's examples, run as a reader runs them: every `swift run tmkit …` line of its shell
/// blocks, in order (later lines use what earlier ones wrote), with the built binary in place of
/// `swift run tmkit`, in a copy of the files the repository ships. A line passes when it exits
/// 0 or 1 (findings), or the code its `# exit N` comment names. Lines that build, install or run
/// the tests, and tools other than tmkit (peers, benchmarks), are not run; nor, without a server
/// (`TMKIT_TEST_POSTGRES`), are the team-memory lines that use one.
@Suite struct ReadmeDoctestTests {
    struct Example {
        var line: Int
        var command: String
        var expected: Set<Int32>
    }

    /// The examples of `readme`.
    static func examples(_ readme: String) -> [Example] {
        var examples: [Example] = []
        var inShell = false
        for (index, raw) in readme.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inShell = !inShell && (line == "```sh" || line == "```bash" || line == "```shell")
                continue
            }
            guard inShell, !line.hasPrefix("#"), line.contains("swift run tmkit") else { continue }
            if ["swift build", "swift test", "pip ", "apt-get", "python3", "bash Benchmarks"].contains(where: line.contains) { continue }
            // The team-memory examples need the server Scripts/postgres-cluster.sh starts (.ci/run starts one).
            if line.contains("$TMKIT_TEST_POSTGRES"), ProcessInfo.processInfo.environment["TMKIT_TEST_POSTGRES"] == nil { continue }
            var expected: Set<Int32> = [0, 1]
            if let range = line.range(of: "# exit "), let code = Int32(line[range.upperBound...].prefix { $0.isNumber }) {
                expected = [code]
            }
            examples.append(Example(line: index + 1, command: line, expected: expected))
        }
        return examples
    }

    @Test func theReadmeHasExamplesToRun() throws {
        let readme = try String(contentsOfFile: Checkout.path("README.md"), encoding: .utf8)
        #expect(Self.examples(readme).count >= 50)
        // Parsing: only shell blocks, comments aside, expected codes from `# exit N`.
        let sample = "```sh\nswift run tmkit a\n# swift run tmkit b\nswift run tmkit c  # exit 2\nswift build\n```\n```\nswift run tmkit d\n```\n"
        let parsed = Self.examples(sample)
        #expect(parsed.map(\.command) == ["swift run tmkit a", "swift run tmkit c  # exit 2"])
        #expect(parsed.map(\.expected) == [[0, 1], [2]])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Checkout.path(".git")), "needs the git checkout to list the shipped files"))
    func everyReadmeExampleRuns() throws {
        let readme = try String(contentsOfFile: Checkout.path("README.md"), encoding: .utf8)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tmkit-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        // The shipped files: what git tracks.
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["-C", Checkout.root.path, "ls-files", "-z"]
        let pipe = Pipe()
        git.standardOutput = pipe
        try git.run()
        let listing = pipe.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        try #require(git.terminationStatus == 0, "git ls-files failed")
        for name in listing.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) }) {
            let target = copy.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Checkout.root.appendingPathComponent(name), to: target)
        }
        for example in Self.examples(readme) {
            let command = example.command.replacingOccurrences(of: "swift run tmkit", with: "\"$TMKIT\"")
            let run = try Binary.run([command], shell: true, directory: copy.path, timeout: 120)
            #expect(run.status.map(example.expected.contains) == true,
                    "README.md:\(example.line): `\(example.command)` exited \(run.status.map(String.init) ?? "by signal \(run.signal ?? 0)"): \(run.errors.prefix(400))")
        }
    }
    /// The interop scripts the README names (`python3 Benchmarks/interop/…`, `bash Benchmarks/interop/…`,
    /// in its prose or its blocks), each command as written there.
    static func interopCommands(_ readme: String) -> [String] {
        var commands: [String] = []
        for start in ["`python3 Benchmarks/interop/", "`bash Benchmarks/interop/"] {
            var rest = readme[...]
            while let found = rest.range(of: start) {
                let after = rest[found.upperBound...]
                guard let end = after.firstIndex(of: "`") else { break }
                let command = readme[readme.index(after: found.lowerBound)..<end]
                    .split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
                commands.append(command)
                rest = readme[readme.index(after: end)...]
            }
        }
        return commands
    }

    /// Every interop command of the README runs as written: its script exists and takes the
    /// arguments given (none, or the binary and OmegaT's driver), and what it needs is there
    /// (it says `ready` in its check-only mode) or named in one line with how to get it (exit 2:
    /// OmegaT, translate-toolkit, markdown-it-py are installed by hand). Before: two of them
    /// failed as written, on a missing argument and a missing module, with a traceback.
    @Test func everyInteropCommandOfTheReadmeRunsAsWritten() throws {
        let readme = try String(contentsOfFile: Checkout.path("README.md"), encoding: .utf8)
        let commands = Self.interopCommands(readme)
        #expect(commands.count >= 8)
        #expect(Self.interopCommands("run `bash Benchmarks/interop/a.sh x\ny` and `python3 Benchmarks/interop/b.py`.")
                == ["python3 Benchmarks/interop/b.py", "bash Benchmarks/interop/a.sh x y"])
        for command in commands {
            let script = String(command.split(separator: " ")[1])
            #expect(FileManager.default.fileExists(atPath: Checkout.path(script)), "README names \(script), which the repository lacks")
            // The README's binary is whichever build the reader made: here, the one beside the tests.
            let line = command.replacingOccurrences(of: ".build/debug/tmkit", with: "\"$TMKIT\"")
                .replacingOccurrences(of: ".build/release/tmkit", with: "\"$TMKIT\"")
            let run = try Binary.run(["TMKIT_INTEROP_CHECK=1 " + line], shell: true, directory: Checkout.root.path, timeout: 60)
            let said = run.errorLines.map(String.init)
            if run.status == 0 {
                #expect(run.outputText.hasSuffix("ready\n"), "`\(command)`: \(run.outputText) \(run.errors)")
            } else {
                #expect(run.status == 2 && said.count == 1 && said[0].contains("install"),
                        "`\(command)` exited \(run.status.map(String.init) ?? "by a signal"): \(run.errors.prefix(400))")
            }
        }
    }
}

